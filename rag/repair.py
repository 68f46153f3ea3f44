"""A misheard word repaired toward the town's own vocabulary, by sound.

A recogniser that does not know a word writes something that sounds like it and is no
word at all: « ressensement », « londi », « midiathèque », « indeclaration ». Such a
word finds nothing in the documents; the document word that sounds closest (phonemes
from espeak-ng, speech/phonemes.py, compared by edit distance) usually is what was said.

What is repaired, and only that: a run of one to three heard words holding a word that
is not French (its frequency in general French, from wordfreq, is near zero) and no
word of the documents (those were heard right), replaced by the one document word
closest in sound, if close enough; the words of someone in danger count as document
words (rag/guard.py: an emergency must not be missed). A real French word is never
changed (« poste » is not repaired into « porte »): on recognition errors that are real
words, repairing by sound lost as many topics as it found (measured, see the constants).

One more, before it: an opening « et » glued to the next word (« Éla caution. » for
« et la caution ? »), which hides that the question goes on from the one before
(rag/memory.py reads follow-ups by their opening « et »).
"""

from __future__ import annotations

import itertools
import logging
import re
import threading
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from rag.words import fold
from robot.core.errors import RobotError

log = logging.getLogger(__name__)
_WORD = re.compile(r"[^\W\d_]+")  # letters only: "l'évacance" -> "l", "évacance"

# Calibrated on the tuning commune's spoken dumps (`robot eval --spoken --dump`), Whisper
# base hearing Kokoro and espeak-ng: within 0.3 of the target's phonemes, repairs lowered
# the word error rate and found more topics than they lost; from 0.33 on, wrong targets
# came in (« accombient » -> « acompte »). Targets shorter than 5 phonemes matched
# anything (« accoutent » -> « acte »).
MAX_DISTANCE = 0.3
MIN_PHONEMES = 5
MIN_LETTERS = 4  # document words shorter than this are not targets
MAX_RUN = 3  # heard words one document word may have been split into
# wordfreq's Zipf scale: 1.0 is once in 100 million words. Below NOT_FRENCH a heard word
# is taken for a recognition artefact; a word of a run at COMMON or above is French
# heard as said (or a different word heard: not ours to guess).
NOT_FRENCH = 1.5
COMMON = 3.0
# « Et la caution ? »: a spoken « et » is one short /e/, which Whisper glues to the next
# word (« Éla caution. », « Éma fille de douze ans »). A first word that opens on « É »,
# is rare French, and leaves a common word once the « É » is taken off was « et » and
# that word. Below GLUED: « Éle » (2.1), « Éla » (1.3); real words score higher (« État »
# 5.6, « Écoute » 4.9, « Éteint » 4.1).
GLUED = 2.5


class Phonemizer(Protocol):
    def words(self, words: Sequence[str]) -> list[str]: ...


class HasTexts(Protocol):
    def vocabulary_texts(self) -> tuple[str, Iterable[str]]: ...


@dataclass(frozen=True)
class Repair:
    heard: str
    word: str
    distance: float


@dataclass(frozen=True)
class Repaired:
    text: str
    repairs: tuple[Repair, ...] = ()


def _zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, "fr"))


def unglued(text: str) -> Repaired:
    """The utterance's opening « et », when the recogniser glued it to the next word."""
    m = re.match(r"^(\W*)(É)(\w[\w']*)", text)
    if m is None:
        return Repaired(text)
    word, rest = m.group(2) + m.group(3), m.group(3)
    if _zipf(word) >= GLUED or _zipf(rest) < COMMON:
        return Repaired(text)
    fixed = f"{m.group(1)}Et {rest}"
    return Repaired(fixed + text[m.end():], (Repair(word, f"et {rest}", 0.0),))


class Vocabulary:
    """The documents' words by sound; `repair` applies them to a transcript."""

    def __init__(self, texts: Iterable[str], phonemes: Phonemizer) -> None:
        counts: Counter[str] = Counter(
            w.lower() for t in texts for w in _WORD.findall(t) if len(w) >= MIN_LETTERS)
        self.phonemes = phonemes
        self.known = {fold(w) for w in counts}
        words = sorted(counts)
        sounds = phonemes.words(words) if words else []
        kept = [(w, s) for w, s in zip(words, sounds, strict=True) if len(s) >= MIN_PHONEMES]
        self.words = [w for w, _ in kept]
        self.sounds = [s for _, s in kept]

    def __len__(self) -> int:
        return len(self.words)

    def _candidate(self, run: list[str], folded: list[str], zipfs: list[float]) -> bool:
        if any(w in self.known for w in folded):
            return False  # a document word was heard: it anchors, never changes
        if folded[0] in _STOP or folded[-1] in _STOP:
            return False  # « à y », « de la »: grammar, not a misheard term
        return (any(z < NOT_FRENCH for z in zipfs)
                and not any(z >= COMMON and len(w) >= MIN_LETTERS
                            for z, w in zip(zipfs, run, strict=True)))

    def repair(self, text: str) -> Repaired:
        from rapidfuzz import process
        from rapidfuzz.distance import Levenshtein

        found = list(_WORD.finditer(text))
        if not found or not self.words:
            return Repaired(text)
        heard = [m.group() for m in found]
        folded = [fold(w) for w in heard]
        zipfs = [_zipf(w) for w in heard]
        runs = [(i, j) for i in range(len(heard))
                for j in range(i + 1, min(i + MAX_RUN, len(heard)) + 1)
                if self._candidate(heard[i:j], folded[i:j], zipfs[i:j])]
        if not runs:  # most questions: no espeak-ng call at all
            return Repaired(text)
        sounds = self.phonemes.words(heard)
        options: list[tuple[float, int, int, str]] = []
        for i, j in runs:
            best = process.extractOne("".join(sounds[i:j]), self.sounds,
                                      scorer=Levenshtein.normalized_distance,
                                      score_cutoff=MAX_DISTANCE)
            if best is not None:
                options.append((float(best[1]), i, j, self.words[best[2]]))
        used: set[int] = set()
        chosen: list[tuple[int, int, str, float]] = []
        for distance, i, j, word in sorted(options):  # closest first, no overlap
            if used.isdisjoint(range(i, j)):
                used.update(range(i, j))
                chosen.append((i, j, word, distance))
        if not chosen:
            return Repaired(text)
        out, pos, repairs = [], 0, []
        for i, j, word, distance in sorted(chosen):
            out += [text[pos:found[i].start()], word]
            pos = found[j - 1].end()
            repairs.append(Repair(text[found[i].start():pos], word, round(distance, 3)))
        out.append(text[pos:])
        return Repaired("".join(out), tuple(repairs))


class Repairer:
    """The served index's vocabulary, rebuilt when the index changes; repairs transcripts.

    A rebuild (a few seconds for a long PLU) runs in the background: a visitor's turn
    never waits for it, and is repaired with the previous vocabulary meanwhile.
    """

    def __init__(self, retriever: HasTexts, phonemes: Phonemizer, words: str = "") -> None:
        self.retriever = retriever
        self.phonemes = phonemes
        self.words = words  # what must be heard besides the documents (an emergency)
        self._vocab: tuple[str, Vocabulary] | None = None
        self._building: threading.Thread | None = None
        self._lock = threading.Lock()

    def vocabulary(self) -> Vocabulary:
        """The served index's vocabulary, built now if it is not (start-up, tests)."""
        token, texts = self.retriever.vocabulary_texts()
        with self._lock:
            if self._vocab is None or self._vocab[0] != token:
                self._vocab = (token, self._build(texts))
            return self._vocab[1]

    def _build(self, texts: Iterable[str]) -> Vocabulary:
        vocab = Vocabulary(itertools.chain(texts, [self.words]), self.phonemes)
        log.info("repair vocabulary: %d words", len(vocab))
        return vocab

    def _rebuild(self, token: str, texts: Iterable[str]) -> None:
        try:
            vocab = self._build(texts)
        except RobotError as exc:
            log.warning("repair vocabulary not rebuilt: %s", exc)
            return
        with self._lock:
            self._vocab = (token, vocab)

    def start(self) -> None:
        """Build the served index's vocabulary in the background (start-up: a PLU's takes
        seconds, which the robot need not wait for; until then, transcripts stay as heard)."""
        self._current()

    def settle(self, timeout: float | None = None) -> None:
        """Wait for a background rebuild to finish (evaluations, tests, shutdown)."""
        building = self._building
        if building is not None:
            building.join(timeout)

    def _current(self) -> Vocabulary | None:
        token, texts = self.retriever.vocabulary_texts()
        with self._lock:
            vocab = self._vocab
            if vocab is not None and vocab[0] == token:
                return vocab[1]
            if self._building is None or not self._building.is_alive():
                self._building = threading.Thread(target=self._rebuild, args=(token, texts),
                                                  name="repair-vocabulary", daemon=True)
                self._building.start()
            return vocab[1] if vocab is not None else None

    def __call__(self, text: str) -> Repaired:
        first = unglued(text)
        vocab = self._current()
        if vocab is None:
            return first
        try:
            repaired = vocab.repair(first.text)
        except RobotError as exc:  # espeak-ng gone: the transcript as heard
            log.warning("no repair: %s", exc)
            return first
        repaired = Repaired(repaired.text, first.repairs + repaired.repairs)
        for r in repaired.repairs:
            log.info("heard %r, repaired to %r (distance %.2f)", r.heard, r.word, r.distance)
        return repaired


# General French function words (articles, prepositions, pronouns): a run that starts or
# ends on one is grammar around a word, not the word.
_STOP = {"a", "au", "aux", "de", "des", "du", "en", "et", "la", "le", "les", "l", "d", "un",
         "une", "y", "ou", "sur", "par", "pour", "avec", "dans"}
