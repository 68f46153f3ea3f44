"""French words as phonemes, to compare what was heard with what the documents say by
sound (« londi » and « lundi », « midiathèque » and « médiathèque »).

espeak-ng's French rules, in a child process (`espeak-ng -q --ipa -v fr`, the system
package the French fallback voice uses already): its in-process copy (piper-tts's
bridge) keeps global state that is not thread-safe, which a Piper voice speaking in
another thread also uses, and a crash there once took a whole test process down. A
child costs ~15 ms per question and ~0.5 ms per word for the documents' vocabulary.
The IPA is folded to what a recogniser confuses anyway: stress and length marks
dropped, open and closed vowels merged (e/ɛ, o/ɔ, ø/œ/ə, a/ɑ).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Sequence

from robot.core.errors import ModelError

_FOLD = str.maketrans({"ɛ": "e", "ɔ": "o", "œ": "ø", "ə": "ø", "ɑ": "a", "ɐ": "a"})
_MARKS = re.compile(r"\([^)]*\)|[ˈˌ\-ʲː\s]")  # language switches, stress, length, spaces
_TIMEOUT_S = 120


def fold(ipa: str) -> str:
    return _MARKS.sub("", ipa).translate(_FOLD)


class FrenchPhonemes:
    """Folded French phonemes of single words (a `rag.repair.Phonemizer`)."""

    def __init__(self) -> None:
        exe = shutil.which("espeak-ng")
        if exe is None:
            raise ModelError("espeak-ng is not installed: misheard words are not repaired",
                             hint="apt-get install espeak-ng (scripts/install.sh does)")
        self.exe = exe

    def _ipa(self, lines: Sequence[str]) -> list[str]:
        try:
            done = subprocess.run([self.exe, "-q", "--ipa", "-v", "fr"],
                                  input="\n".join(lines).encode("utf-8"), capture_output=True,
                                  timeout=_TIMEOUT_S, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise ModelError(f"espeak-ng failed: {exc}") from None
        if done.returncode != 0:
            raise ModelError(f"espeak-ng failed: {done.stderr.decode('utf-8', 'replace')[:200]}")
        return done.stdout.decode("utf-8", "replace").splitlines()

    def words(self, words: Sequence[str]) -> list[str]:
        """One folded phoneme string per word, in order."""
        if not words:
            return []
        lines = self._ipa(words)  # a line in, a line out: each word is its own clause
        if len(lines) != len(words):  # never seen; one call per word is slower, still right
            lines = [" ".join(self._ipa([w])) for w in words]
        return [fold(line) for line in lines]
