"""Redact personal data from transcripts before they reach a log or a report (pure)."""

from __future__ import annotations

import re

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# French phone numbers, spoken or written: 06 12 34 56 78, 0612345678, +33 6 12 34 56 78.
_PHONE = re.compile(r"(?:\+33\s?|0)\d(?:[\s.-]?\d{2}){4}")
# ID-like numbers: long digit runs or letter+digit codes (passport, social security, IBAN).
_ID = re.compile(r"\b(?=[A-Z0-9]*\d)[A-Z0-9]{2}(?:[\s-]?[A-Z0-9]){6,}\b|\b\d{6,}\b")
# A name after a self-introduction: "je m'appelle Jean Dupont", "mon nom est ...".
_NAME = re.compile(
    r"((?i:je m['’ ]?appelle|mon nom est|mon nom c['’ ]?est|moi c['’ ]?est"
    r"|je suis (?:madame|monsieur|mme|m\.)))"
    r"\s+((?:[A-ZÀ-Ÿa-zà-ÿ'’-]+)(?:\s+[A-ZÀ-Ÿ][a-zà-ÿ'’-]+)*)"
)


def redact(text: str) -> str:
    """Replace e-mails, phone numbers, ID-like numbers and introduced names with tags."""
    text = _EMAIL.sub("[e-mail]", text)
    text = _PHONE.sub("[téléphone]", text)
    text = _NAME.sub(lambda m: f"{m.group(1)} [nom]", text)
    return _ID.sub("[numéro]", text)
