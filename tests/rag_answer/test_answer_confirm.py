"""rag/confirm.py: reading a visitor's yes or no to « Vous parlez de … ? » (pure)."""

from __future__ import annotations

import pytest

from rag.confirm import Reply, pending, read_reply
from rag.memory import Turn


@pytest.mark.parametrize("said", ["Oui.", "Euh, oui.", "Oui, c'est ça, merci.", "Voilà.",
                                  "C'est bien ça.", "Tout à fait", "Exactement !"])
def test_yes(said: str) -> None:
    assert read_reply(said) == Reply(True)


@pytest.mark.parametrize("said", ["Non.", "Non merci.", "Ben non, pas du tout.",
                                  "Non, c'est pas ça.", "Non non"])
def test_no(said: str) -> None:
    assert read_reply(said) == Reply(False)


def test_no_and_another_question_keeps_the_question_as_said() -> None:
    assert read_reply("Non, je voulais les horaires de la piscine.") == Reply(
        False, "je voulais les horaires de la piscine.")


@pytest.mark.parametrize("said", ["Quels sont les horaires ?", "", "Merci.",
                                  "Oui mais combien ça coûte pour un enfant de la commune ?",
                                  "Nonante-deux ans, ma mère."])
def test_anything_else_is_a_new_question(said: str) -> None:
    assert read_reply(said) is None


def test_only_the_last_turn_offer_is_pending() -> None:
    offered = Turn("frigo ?", "frigo ?", "Vous parlez de …", True, offered="dechetterie.txt")
    answered = Turn("horaires ?", "horaires ?", "De 9 h à 12 h.", False)
    assert pending([answered, offered]) is offered
    assert pending([offered, answered]) is None and pending([]) is None
