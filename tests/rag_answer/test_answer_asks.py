"""What a question asks (rag/asks.py): the kinds a claim states, what a question is
about, whether a follow-up asks something itself."""

from __future__ import annotations

import pytest

from rag import extractive as ex
from rag.asks import asks_itself, claimed_kinds, subject
from rag.types import Chunk


@pytest.mark.parametrize(("question", "kinds"), [
    ("les objets perdus vous les jetez au bout d'une semaine, c'est ça ?", {"duration"}),
    ("on m'a dit que les rendez-vous c'était que le mardi", {"day"}),
    ("la piscine c'est 5 euros maintenant, hein", {"price"}),
    ("les objets perdus vous les gardez une semaine", set()),  # no claim put to confirm
])
def test_a_claim_put_to_confirm_asks_the_kind_of_figure_it_states(question: str,
                                                                  kinds: set[str]) -> None:
    assert claimed_kinds(question) == kinds


def test_a_claimed_duration_finds_the_sentence_stating_the_true_one() -> None:
    chunks = [Chunk("o-1", "Objets trouvés : présentez-vous au poste avec une pièce "
                    "d'identité pour récupérer un objet perdu. Les objets perdus sont "
                    "conservés un an et un jour.", "police.txt", "Police municipale", "")]
    ranked = ex.rank_sentences("les objets perdus vous les jetez au bout d'une semaine, "
                               "c'est ça ?", chunks)
    assert "un an et un jour" in ranked[0].sentence


def test_what_a_question_is_about_without_what_it_asks() -> None:
    assert subject("la piscine le samedi elle ouvre à quelle heure ?").split()[:4] == [
        "la", "piscine", "le", "samedi"]
    assert "heure" not in subject("la piscine le samedi elle ouvre à quelle heure ?")
    assert "pas" in subject("une piscine pas couverte, faut demander quoi ?")
    assert asks_itself("et l'inscription elle est payante ?")
    assert asks_itself("et c'est où ?")
    assert not asks_itself("et pour mon frère qui habite à Tours")
    assert not asks_itself("et la salle ou le gymnase")
