"""The decline decision (rag/answerable.py): calibrated signals, a long question's
clauses, and which passages count as evidence."""

from __future__ import annotations

from dataclasses import replace


def test_the_decline_decision_is_calibrated_on_meaning_and_words() -> None:
    from rag.answerable import Signals, answerable, probability

    on_topic = Signals(dense=0.90, bm25=12.0)  # a passage close in meaning and in words
    unrelated = Signals(dense=0.82, bm25=2.0)  # what retrieval returns for the weather
    assert answerable(on_topic) and not answerable(unrelated)
    assert probability(Signals(0.86, 8.0)) > probability(Signals(0.86, 4.0))
    assert probability(Signals(0.88, 6.0)) > probability(Signals(0.84, 6.0))



def test_a_long_question_is_judged_on_its_best_clause_too() -> None:
    from rag.answerable import THRESHOLD, clauses, passages_probability
    from rag.types import Chunk, Passage

    question = "j'habite rue des Lilas, je voudrais agrandir mon garage, la hauteur maximale"
    assert clauses(question) == ["j'habite rue des Lilas", "je voudrais agrandir mon garage",
                                 "la hauteur maximale"]
    assert clauses("et le dimanche ?") == []  # nothing to split: the question is judged whole
    found = [Passage(Chunk("c1", "Hauteur maximale : 9 m.", "plu.pdf", "PLU"), 1.0,
                     dense=0.83, lexical=4.0)]
    asked: list[list[str]] = []

    def cosine(texts: list[str], passages: list[Passage]) -> float:
        asked.append(texts)
        return 0.88 if "la hauteur maximale" in texts else 0.0

    whole = passages_probability(found, question)
    assert whole < THRESHOLD <= passages_probability(found, question, cosine)
    assert asked == [clauses(question)]
    # A clause can only raise the probability, and is not embedded when the whole
    # question already settles it.
    assert passages_probability(found, question, lambda t, p: 0.5) == whole
    sure = [Passage(found[0].chunk, 1.0, dense=0.90, lexical=12.0)]
    asked.clear()
    assert passages_probability(sure, question, cosine) >= THRESHOLD and asked == []


def test_the_passage_read_for_its_closest_sentence_is_no_evidence_for_the_decline() -> None:
    from rag.answerable import passages_probability
    from rag.types import Chunk, Passage

    weather = [Passage(Chunk("c1", "Le week-end va du vendredi au lundi.", "salles.pdf",
                             "Salles"), 1.0, dense=0.82, lexical=2.0)]
    close = Passage(Chunk("c2", "Il fait beau au marché.", "agenda.ics", "Agenda"), 0.5,
                    dense=0.90, lexical=12.0, extra=True)
    question = "il va faire beau ce week-end"
    assert passages_probability([*weather, close], question) == passages_probability(
        weather, question)
    assert passages_probability([*weather, replace(close, extra=False)], question) > 0.5
