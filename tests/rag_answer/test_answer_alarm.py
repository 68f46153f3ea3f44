"""Emergencies heard by their sound when the recogniser mangled their words (rag/alarm.py),
with the real espeak-ng phonemes."""

from __future__ import annotations

import pytest
from answer_fakes import MemoryRetriever, ScriptedModel

from rag.alarm import SoundAlarm, edits_within
from rag.answer import AnswerConfig, Answerer
from rag.guard import EMERGENCY_TEXT, Desk
from speech.phonemes import FrenchPhonemes

DESK = Desk("l'accueil", "au rez-de-chaussée", "de 9 h à 17 h", "02 47 00 00 00")


@pytest.fixture(scope="module")
def alarm() -> SoundAlarm:
    return SoundAlarm(FrenchPhonemes())


def test_edits_are_counted_against_the_closest_stretch() -> None:
    assert edits_within("malez", "ilfeamalezla") == 0
    assert edits_within("malez", "ilfeamalesla") == 1
    assert edits_within("abc", "") == 3


@pytest.mark.parametrize("heard", [
    # Whisper base hearing Kokoro's French, from the tuning commune's spoken runs
    "Mont-Marie. Il fait amalèze la $n whole. Il repos plus.",
    "Au mot fils. Il a aval de caché de s'agrand. Moi, qu'est-ce que je fais?",
    "J'ai perdu mon potingarçon et la 5 enjeu le trouvent plus.",
])
def test_a_mangled_emergency_is_heard_by_its_sound(alarm: SoundAlarm, heard: str) -> None:
    assert alarm.heard(heard) is not None


@pytest.mark.parametrize("heard", [
    "La piscine c'est ouvert le lundi ou pas ?",
    "Le bac jaune, il passe quand, c'est toutes les semaines ou pas ?",
    "Combien coûte un repas à la cantine avec un quotient familial de 800 ?",
    "J'ai perdu ma carte d'identité, ça coûte combien pour la refaire ?",
    "Le passeport pour ma fille de 16 ans, c'est combien ?",
    "C'est quoi le numéro pour appeler la mairie ?",
    "Il y a le feu d'artifice le 14 juillet ?",  # the guard's ordinary « feu »
    "",
])
def test_an_ordinary_question_is_no_emergency(alarm: SoundAlarm, heard: str) -> None:
    assert alarm.heard(heard) is None


def test_a_spoken_question_that_sounds_like_an_emergency_gets_the_numbers(
        alarm: SoundAlarm) -> None:
    a = Answerer(MemoryRetriever(), ScriptedModel("Je ne sais pas."), AnswerConfig(), DESK,
                 alarm=alarm.heard)
    heard = "Mont-Marie. Il fait amalèze la dans le hall."
    assert a.answer(heard, stt_confidence=0.4).text == EMERGENCY_TEXT
    # Typed, its words are read as they are: no emergency word, no emergency.
    assert a.answer(heard).text != EMERGENCY_TEXT
