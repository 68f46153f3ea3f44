"""Wake phrase and spoken commands, as visitors actually say them."""

from __future__ import annotations

import pytest

from rag.confirm import offer_text
from robot.intents import Command, parse
from robot.plan import Plan, plan_turn
from robot.settings import AccueilSettings, DialogueSettings

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


def test_a_short_oui_counts_only_as_the_reply_to_vous_parlez_de() -> None:
    """Under the VAD's minimum speech an utterance is ignored unless it is a command; a
    quick « oui » or « non » to the robot's own « Vous parlez de … ? » is the exception."""
    offer = offer_text("Piscine municipale")

    def plan(text: str, last: str) -> Plan:
        return plan_turn(text, engaged=True, short=True, last_reply=last, rate=None,
                         cfg=DialogueSettings(), accueil=AccueilSettings())
    assert plan("Oui.", offer).kind == "answer" and plan("Oui.", offer).question == "Oui."
    assert plan("Non.", offer).kind == "answer"
    assert plan("Oui.", "La piscine ouvre à 9 h.").kind == "ignored"
    assert plan("Merci.", offer).kind == "ignored"
