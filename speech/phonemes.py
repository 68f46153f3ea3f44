"""French words as phonemes, to compare what was heard with what the documents say by
sound (« londi » and « lundi », « midiathèque » and « médiathèque »).

espeak-ng's French rules, in-process through the copy piper-tts bundles (no subprocess,
no system package): a few thousand words take tens of milliseconds. The IPA is folded to
what a recogniser confuses anyway: stress and length marks dropped, open and closed
vowels merged (e/ɛ, o/ɔ, ø/œ/ə, a/ɑ).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from typing import Any

from robot.core.errors import ModelError

_FOLD = str.maketrans({"ɛ": "e", "ɔ": "o", "œ": "ø", "ə": "ø", "ɑ": "a", "ɐ": "a"})
_MARKS = re.compile(r"\([^)]*\)|[ˈˌ\-ʲː\s]")  # language switches, stress, length, spaces
_lock = threading.Lock()  # espeak-ng keeps one voice and one buffer per process


def fold(ipa: str) -> str:
    return _MARKS.sub("", ipa).translate(_FOLD)


class FrenchPhonemes:
    """Folded French phonemes of single words (a `rag.repair.Phonemizer`)."""

    def __init__(self) -> None:
        self._ready = False

    def _bridge(self) -> Any:
        try:
            from piper import espeakbridge
            from piper.phonemize_espeak import ESPEAK_DATA_DIR
        except ImportError as exc:
            raise ModelError(f"espeak-ng (from piper-tts) is not available: {exc}",
                             hint="reinstall with scripts/install.sh") from None
        if not self._ready:
            espeakbridge.initialize(str(ESPEAK_DATA_DIR))
            self._ready = True
        espeakbridge.set_voice("fr")
        return espeakbridge

    def words(self, words: Sequence[str]) -> list[str]:
        """One folded phoneme string per word, in order."""
        if not words:
            return []
        with _lock:
            bridge = self._bridge()
            # One call for the lot: a comma makes each word its own clause.
            clauses = bridge.get_phonemes(", ".join(words) + ".")
            if len(clauses) == len(words):
                return [fold(p) for p, _, _ in clauses]
            return [fold("".join(p for p, _, _ in bridge.get_phonemes(w))) for w in words]
