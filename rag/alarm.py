"""An emergency heard by its sound when the recogniser mangled its words.

The guard (rag/guard.py) reads emergencies in the words of the transcript. Whisper base
hearing a frightened visitor writes « il fait amalèze » for « il fait un malaise », « il
a aval de caché » for « il a avalé des cachets »: the words are gone, their sounds are
not. Each phrase below is compared by its phonemes (espeak-ng, speech/phonemes.py) with
every stretch of the transcript's phonemes; one within a fifth of its length in edits
is taken for said, and the visitor gets the emergency numbers. Spoken questions only: a
typed question's words are read by the guard as they are.

The phrases are general French ways of saying a medical emergency, a fire or a lost
child, not any sample's wording. Phrases shorter than eight phonemes (« il saigne »,
« se noie ») match stretches of ordinary questions (« c'est toutes les semaines ») and
are left to the guard's words.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from typing import Protocol

from rag.guard import is_ordinary_emergency_word
from robot.core.errors import RobotError

log = logging.getLogger(__name__)

PHRASES = (
    "fait un malaise", "il ne respire plus", "elle ne respire plus", "il répond plus",
    "elle répond plus", "crise cardiaque", "arrêt cardiaque", "appelez une ambulance",
    "appelez les pompiers", "appelez le samu", "il y a le feu", "de la fumée",
    "ça sent le gaz", "fuite de gaz", "perdu connaissance", "perdu mon enfant",
    "perdu mon fils", "perdu ma fille", "perdu mon petit", "avalé des médicaments",
    "avalé des cachets", "mal à la poitrine", "mal dans la poitrine", "crise d'épilepsie",
)
MIN_PHONEMES = 8
# Edits allowed per phoneme of a phrase. Measured on the tuning commune's spoken questions
# (Whisper base hearing Kokoro, `robot eval --spoken --dump`): the mangled emergencies came
# within 0.12-0.20, and the guard's words with this found 5 of the 6 emergencies instead
# of 2; of the 98 other questions, typed or heard, none came within reach once « il est
# tombé » was left out (« je dois aller tomber mairie » was one edit from it), nor
# « combien », « quotient » from « inconscient » (0.22).
MAX_EDIT_SHARE = 0.2


class Phonemizer(Protocol):
    def words(self, words: Sequence[str]) -> list[str]: ...


def edits_within(pattern: str, text: str) -> int:
    """The fewest edits turning `pattern` into some stretch of `text` (Sellers)."""
    previous = [0] * (len(text) + 1)  # a match may start anywhere in the text
    for i, p in enumerate(pattern, 1):
        current = [i] + [0] * len(text)
        for j, t in enumerate(text, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (p != t))
        previous = current
    return min(previous)


class SoundAlarm:
    """Emergency phrases by sound; the phrases' phonemes are computed once, at first use."""

    def __init__(self, phonemes: Phonemizer, phrases: Sequence[str] = PHRASES) -> None:
        self.phonemes = phonemes
        self.phrases = tuple(phrases)
        self._sounds: list[tuple[str, str]] | None = None
        self._lock = threading.Lock()

    def _phrase_sounds(self) -> list[tuple[str, str]]:
        with self._lock:
            if self._sounds is None:
                sounds = self.phonemes.words(list(self.phrases))
                self._sounds = [(phrase, sound) for phrase, sound in zip(
                    self.phrases, sounds, strict=True) if len(sound) >= MIN_PHONEMES]
            return self._sounds

    def heard(self, text: str) -> str | None:
        """The emergency phrase the transcript sounds like it holds, or None."""
        if not text.strip() or is_ordinary_emergency_word(text):
            return None
        try:
            sound = self.phonemes.words([text])[0]
            phrases = self._phrase_sounds()
        except RobotError as exc:  # espeak-ng gone: the guard's words alone
            log.warning("no emergency by sound: %s", exc)
            return None
        for phrase, pattern in phrases:
            if edits_within(pattern, sound) <= MAX_EDIT_SHARE * len(pattern):
                log.info("heard %r: sounds like « %s »", text, phrase)
                return phrase
        return None
