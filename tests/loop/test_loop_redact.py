"""Transcripts in logs and reports carry no personal data."""

from __future__ import annotations

import pytest

from robot.core.redact import redact


@pytest.mark.parametrize(
    ("text", "kept", "gone"),
    [
        ("Je m'appelle Jean Dupont et mon numéro est 06 12 34 56 78",
         ["Je m'appelle [nom]", "[téléphone]"], ["Jean", "Dupont", "06 12"]),
        ("je m'appelle jean et je veux un passeport", ["[nom] et je veux"], ["jean"]),
        # Speech-to-text often drops the apostrophe.
        ("je m appelle Jean Dupont", ["[nom]"], ["Jean", "Dupont"]),
        ("écrivez-moi à jean.dupont@exemple.fr", ["[e-mail]"], ["dupont@"]),
        ("mon passeport 12AB34567 est perdu", ["[numéro]", "perdu"], ["12AB34567"]),
        ("appelez le +33 6 12 34 56 78", ["[téléphone]"], ["+33"]),
        ("Je suis Madame Hélène Martin.", ["[nom]"], ["Hélène", "Martin"]),
        # Ordinary figures a visitor says are not personal data.
        ("la piscine ouvre à 8h30 et coûte 25 € le 12/03/2026", ["8h30", "25 €", "12/03/2026"],
         ["[numéro]", "[téléphone]"]),
    ],
)
def test_redact(text: str, kept: list[str], gone: list[str]) -> None:
    out = redact(text)
    for k in kept:
        assert k in out
    for g in gone:
        assert g not in out
