"""Another town's services, and a visitor who lives elsewhere (rag/places.py)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from answer_fakes import CHUNKS, MemoryRetriever, ScriptedModel

from rag.answer import AnswerConfig, Answerer
from rag.guard import Desk
from rag.memory import SessionMemory
from rag.places import ELSEWHERE, Gazetteer, load
from rag.relevance import missing_names
from rag.types import Chunk

TOWNS = Gazetteer(["Blois", "Tours", "Romorantin-Lanthenay", "Saint-Aignan", "Saint-Avertin",
                   "Gap", "Orléans"])
DESK = Desk("l'accueil de la mairie", "au rez-de-chaussée", "du lundi au vendredi",
            "02 47 00 00 00")


def said(question: str) -> list[tuple[str, bool]]:
    return [(t.town, t.person) for t in TOWNS.named(question) if not t.going]


def test_a_town_is_read_after_a_preposition_in_lower_case() -> None:
    assert said("la piscine de romorantin elle ouvre le dimanche") == [
        ("Romorantin-Lanthenay", False)]
    assert said("le marché de tours c'est quel jour") == [("Tours", False)]
    assert said("la mairie d'Orléans") == [("Orléans", False)]
    assert said("la fête de saint aignan c'est quand") == [("Saint-Aignan", False)]


def test_a_town_word_elsewhere_in_the_sentence_is_no_town() -> None:
    # « tours » as a noun, « gap » too short to tell from a word, « saint » shared.
    assert said("il a fait trois tours de piste") == []
    assert said("le trou de gap dans le mur") == []
    assert said("la fête de saint jean") == []


def test_where_the_visitor_lives_or_comes_from_is_theirs() -> None:
    assert said("j'habite à blois, la carte d'identité c'est combien") == [("Blois", True)]
    assert said("et pour mon frère qui habite tours") == [("Tours", True)]
    assert said("je suis née à Orléans") == [("Orléans", True)]


def test_where_the_visitor_goes_may_be_our_services_answer() -> None:
    q = "le minibus peut m'emmener à l'hôpital de blois ?"
    ours = [Chunk("b", "Le minibus circule dans la commune uniquement.", "bus.txt", "Bus")]
    assert [t.going for t in TOWNS.named(q)] == [True]
    assert missing_names(q, ours, TOWNS.named(q)) == []
    capital = "Le minibus va à Blois ?"  # a capital, as Whisper writes it
    assert missing_names(capital, ours, TOWNS.named(capital)) == []


def test_the_gazetteer_file_keeps_french_towns_of_five_thousand_or_more(tmp_path: Path) -> None:
    rows = [{"country_code": "FR", "city": "Blois", "population": 45000},
            {"country_code": "FR", "city": "Hameau-Minuscule", "population": 300},
            {"country_code": "BE", "city": "Namur", "population": 110000}]
    path = tmp_path / "geocode.gz"
    path.write_bytes(gzip.compress(json.dumps(rows, separators=(",", ":")).encode()))
    found = load(path)
    assert [t.town for t in found.named("la piscine de blois")] == ["Blois"]
    assert found.named("la piscine de namur") == []
    assert found.named("la fête de hameau minuscule") == []


def test_a_town_the_passages_never_name_is_missing() -> None:
    pool = [Chunk("p", "La piscine de Blois ouvre à 9 h.", "piscine.html", "Piscine")]
    ours = [Chunk("p", "La piscine municipale ouvre à 9 h.", "piscine.html", "Piscine")]
    q = "la piscine de blois elle ouvre quand"
    assert missing_names(q, ours, TOWNS.named(q)) == ["blois"]
    assert missing_names(q, pool, TOWNS.named(q)) == []
    lives = "J'habite à Blois, la piscine elle ouvre quand ?"
    assert missing_names(lives, ours, TOWNS.named(lives)) == []


class Knowing(MemoryRetriever):
    """Knows which words its documents use, as the real index does (`known`); `also`:
    words of documents not retrieved here."""

    def __init__(self, chunks: list[Chunk], also: str = "") -> None:
        super().__init__(chunks)
        self.also = also

    def known(self, question: str) -> float:
        words = question.lower().split()
        text = " ".join(c.text.lower() for c in self.chunks) + " " + self.also
        return sum(w in text for w in words) / max(1, len(words))


def make(chunks: list[Chunk], also: str = "") -> Answerer:
    return Answerer(Knowing(chunks, also), ScriptedModel("Je ne sais pas."),  # type: ignore[arg-type]
                    AnswerConfig(generate=False), DESK, memory=SessionMemory(), places=TOWNS)


@pytest.fixture
def answerer() -> Answerer:
    return make(CHUNKS)


def test_another_towns_service_is_declined_with_the_desk(answerer: Answerer) -> None:
    ans = answerer.answer("la déchetterie de tours elle est ouverte le samedi")
    assert ans.declined and ans.reason == ELSEWHERE
    assert "pas ceux de Tours" in ans.text and "02 47 00 00 00" in ans.text


def test_a_visitor_from_another_town_is_answered(answerer: Answerer) -> None:
    ans = answerer.answer("j'habite à tours, la déchetterie elle est ouverte le samedi")
    assert not ans.declined
    assert "samedi" in ans.text


def test_a_town_the_documents_name_may_be_ours() -> None:
    # Another page names Tours (« la navette vers la gare de Tours »): not another town's.
    ans = make(CHUNKS, also="tours").answer("la déchetterie de tours elle ouvre le samedi")
    assert not ans.declined and "samedi" in ans.text
