"""Misheard non-words repaired toward the documents' words, by sound (rag/repair.py), with
the real espeak-ng phonemes (piper-tts's) and the real French word frequencies."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from rag.guard import EMERGENCY_WORDS, Refusal, classify
from rag.repair import Repairer, Vocabulary, unglued
from speech.phonemes import FrenchPhonemes

DOCS = ["Médiathèque municipale\nLa médiathèque ouvre le lundi de 14 h à 18 h.",
        "Recensement citoyen\nLe recensement est obligatoire à 16 ans.",
        "Déchetterie\nLes plaques d'amiante ne sont pas acceptées à la déchetterie.",
        "Urbanisme\nLa déclaration préalable est déposée en mairie."]


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    return Vocabulary(DOCS, FrenchPhonemes())


@pytest.mark.parametrize(("heard", "expected"), [
    # Whisper base hearing Kokoro's French, from the tuning commune's spoken runs
    ("Vient d'avoir 16 ans pour le ressensement.", "Vient d'avoir 16 ans pour le recensement."),
    ("Orla-en-midiathèque. Le samedi", "Orla-en-médiathèque. Le samedi"),
    ("Pour indeclaration, on a la réponse", "Pour déclaration, on a la réponse"),
    ("c'est ouvert le londi.", "c'est ouvert le lundi."),
])
def test_a_non_word_becomes_the_document_word_it_sounds_like(
        vocab: Vocabulary, heard: str, expected: str) -> None:
    repaired = vocab.repair(heard)
    assert repaired.text == expected
    assert len(repaired.repairs) == 1 and repaired.repairs[0].distance <= 0.3


@pytest.mark.parametrize("heard", [
    "Je peux les emmener à la poste ?",  # French words are never changed...
    "La médiathèque ouvre quand ?",  # ...nor the documents' own
    "Quelle est la capitale du Japon ?",
    "Le bazinga est ouvert ?",  # a non-word that sounds like nothing of the documents
])
def test_what_was_heard_right_or_is_far_from_any_document_word_stays(
        vocab: Vocabulary, heard: str) -> None:
    assert vocab.repair(heard).text == heard


class _Index:
    def __init__(self) -> None:
        self.token, self.texts, self.calls = "1", DOCS[:1], 0

    def vocabulary_texts(self) -> tuple[str, Iterator[str]]:
        self.calls += 1
        return self.token, iter(self.texts)


def test_the_vocabulary_follows_the_served_index_without_making_a_visitor_wait() -> None:
    index = _Index()
    repairer = Repairer(index, FrenchPhonemes())
    first = repairer.vocabulary()
    assert repairer.vocabulary() is first  # the same generation: built once
    assert repairer("le ressensement").text == "le ressensement"  # not a document word yet
    index.token, index.texts = "2", DOCS  # a sync published a new generation
    # This turn is repaired with the vocabulary at hand; the new one is built meanwhile.
    assert repairer("le ressensement").text == "le ressensement"
    repairer.settle(30)
    assert repairer("le ressensement").text == "le recensement"


def test_start_up_builds_the_vocabulary_in_the_background() -> None:
    index = _Index()
    index.texts = DOCS
    repairer = Repairer(index, FrenchPhonemes())
    repairer.start()  # returns at once: the robot is ready before its vocabulary
    assert repairer._building is not None
    repairer.settle(30)
    assert repairer("le ressensement").text == "le recensement"
    assert index.calls == 2  # one read to start the build, one for the turn


@pytest.mark.parametrize(("heard", "expected"), [
    # Whisper base hearing Kokoro's « et la caution », « et ma fille de douze ans »
    ("Éla caution.", "Et la caution."),
    ("Éma fille de douze ans.", "Et ma fille de douze ans."),
    ("Éle-mardi alors ?", "Et le-mardi alors ?"),
    # French words opening on « É » are what was said
    ("État civil, c'est où ?", "État civil, c'est où ?"),
    ("Écoute, la piscine ouvre quand ?", "Écoute, la piscine ouvre quand ?"),
    ("Élamieau et la pêne.", "Élamieau et la pêne."),  # no common word once unglued
    ("Et la caution ?", "Et la caution ?"),
])
def test_an_opening_et_glued_to_the_next_word_is_split_off(heard: str, expected: str) -> None:
    assert unglued(heard).text == expected
    index = _Index()
    repairer = Repairer(index, FrenchPhonemes())
    # Before any vocabulary is built, and with it (« caution » is no document word here).
    assert repairer(heard).text == expected
    repairer.settle(30)
    assert repairer(heard).text == expected


def test_the_words_of_someone_in_danger_are_repaired_toward_though_no_document_has_them(
        ) -> None:
    # Whisper base hearing Kokoro's « mon mari il fait un malaise là dans le hall »
    heard = "Mont-Marie. Il fait amalèze la dans le hall. Il repos plus."
    index = _Index()
    assert Repairer(index, FrenchPhonemes()).vocabulary().repair(heard).text == heard
    repairer = Repairer(index, FrenchPhonemes(), EMERGENCY_WORDS)
    repaired = repairer.vocabulary().repair(heard).text
    assert "fait malaise" in repaired and classify(repaired) is Refusal.EMERGENCY
    # The documents' words still win where they are heard; ordinary questions stay.
    assert repairer.vocabulary().repair("La midiathèque ouvre quand ?").text == (
        "La médiathèque ouvre quand ?")
    assert repairer.vocabulary().repair("Je peux venir avec mon chien ?").text == (
        "Je peux venir avec mon chien ?")
