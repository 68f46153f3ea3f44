"""Wake phrase and spoken commands, as visitors actually say them."""

from __future__ import annotations

import pytest

from robot.intents import Command, parse

WAKE = ["bonjour robot", "salut robot", "bonjour"]


@pytest.mark.parametrize(
    ("said", "woke", "command", "question"),
    [
        ("Bonjour robot, comment refaire ma carte d'identité ?", True, None,
         "comment refaire ma carte d'identité ?"),
        ("Bonjour Robot.", True, None, ""),
        ("Salut robot ! Où est la piscine ?", True, None, "Où est la piscine ?"),
        ("Bonjour, je viens pour un passeport", True, None, "je viens pour un passeport"),
        ("Arrête !", False, Command.STOP, None),
        ("stop", False, Command.STOP, None),
        ("Pardon ?", False, Command.REPEAT, None),
        ("Vous pouvez répéter s'il vous plaît ?", False, Command.REPEAT, None),
        ("Plus lentement s'il vous plaît", False, Command.SLOWER, None),
        ("Je voudrais parler à quelqu'un de la mairie", False, Command.HANDOFF, None),
        ("bonjour robot je veux parler a une personne", True, Command.HANDOFF, None),
        ("Merci, au revoir !", False, Command.GOODBYE, None),
        # Questions that merely start like a command stay questions.
        ("Pardon, où sont les toilettes ?", False, None, "Pardon, où sont les toilettes ?"),
        ("Comment faire une carte grise ?", False, None, "Comment faire une carte grise ?"),
        ("Merci beaucoup pour la carte", False, None, "Merci beaucoup pour la carte"),
        ("Stop, et pour le passeport il faut quels papiers pour un enfant de dix ans ?",
         False, None, None),
    ],
)
def test_parse(said: str, woke: bool, command: Command | None, question: str | None) -> None:
    parsed = parse(said, WAKE)
    assert parsed.woke is woke
    assert parsed.command is command
    if question is not None:
        assert parsed.question == question
