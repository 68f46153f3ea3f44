"""Text made speakable for any voice: symbols spoken or dropped, sentences split. Pure.

A voice must never crash or spell out garbage on what an LLM or a document produced:
emojis, arrows, bullets, control characters and stray markup are dropped here.
"""

from __future__ import annotations

import re
import unicodedata

from robot.core.sentences import split_sentences as sentences
from speech.normalize_fr import normalize_fr

# Symbols worth saying, per language; anything else that is not a letter, digit or
# ordinary punctuation is dropped.
_SPOKEN = {
    "fr": {"&": " et ", "%": " pour cent", "€": " euros", "$": " dollars", "£": " livres",
           "+": " plus ", "=": " égal ", "§": " paragraphe ", "°": " degrés ", "@": " arobase "},
    "en": {"&": " and ", "%": " percent", "€": " euros", "$": " dollars", "£": " pounds",
           "+": " plus ", "=": " equals ", "§": " section ", "°": " degrees ", "@": " at "},
}
_PAUSES = str.maketrans({"•": ",", "·": ",", "–": ",", "—": ",", "…": ".", "\n": ".",
                         "\r": " ", "\t": " ", "|": ",", ";": ",", "«": " ", "»": " ",
                         "“": " ", "”": " ", "\"": " ", "(": ",", ")": ",", "[": ",",
                         "]": ",", "{": ",", "}": ",", "*": " ", "_": " ", "#": " ",
                         "~": " ", "^": " ", "`": " ", "\\": " ", "<": " ", ">": " ",
                         "’": "'", "‘": "'", "\u00a0": " ", "\u202f": " "})
_KEEP_PUNCT = set(".,!?'-:")


def _keep(ch: str) -> bool:
    return ch.isalnum() or ch.isspace() or ch in _KEEP_PUNCT


def clean(text: str, language: str = "fr") -> str:
    """Speak the symbols a listener needs, drop every other one, tidy spacing."""
    text = unicodedata.normalize("NFC", text).translate(_PAUSES)
    spoken = _SPOKEN.get(language, {})
    out = []
    for ch in text:
        if ch in spoken:
            out.append(spoken[ch])
        elif _keep(ch):
            out.append(ch)
        elif unicodedata.category(ch).startswith(("Z", "P")):
            out.append(" ")
        # emojis, arrows, math and box drawing, ZWJ, variation selectors: dropped
    text = "".join(out)
    text = re.sub(r"\s+([,.!?:])", r"\1", text)
    text = re.sub(r"([,.!?:])(?:\s*[,.:])+", r"\1", text)  # ", ," and ". ," from dropped bits
    text = re.sub(r"\s+", " ", text).strip(" ,:-/")
    return text


def split_sentences(text: str) -> list[str]:
    """One string per sentence; fragments with nothing to say are dropped."""
    return [s for s in sentences(text) if any(c.isalnum() for c in s)]


def prepare(text: str, language: str) -> list[str]:
    """What a voice says for ``text``: language rules first, then cleaning, then sentences."""
    if language == "fr":
        text = normalize_fr(text)
    return split_sentences(clean(text, language))
