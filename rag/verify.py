"""Decide whether a model sentence may be spoken (pure, no clock, no model).

Grounding (rag/grounding.py) says whether every fact of a sentence is in the context.
A small model also says grounded but wrong things: the adult price to a parent asking
for a child, a figure from the wrong line, the question turned into an answer. So the
first sentence, the one that carries the answer, must also agree with the best source
sentence: its new words come from it, and a figure asked for is the best clause's.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from enum import Enum

from rag import extractive as ex
from rag.asks import FIGURES, figures, wanted_kinds
from rag.grounding import Grounder, fold, new_words
from rag.types import Chunk
from rag.words import PREFIX, content_words, prefixes, topic_words

log = logging.getLogger(__name__)
BEST_UNITS = 3  # source sentences the first spoken sentence must come from
WHOLE = ("day", "time")  # kinds an answer must give in full
MAX_WHOLE = 4  # ...when the best clause holds at most this many


class Check(Enum):
    KEPT = "kept"
    SKIPPED = "skipped"  # nothing to say (punctuation alone)
    FAILED = "failed"
    DONT_KNOW = "dont_know"


@dataclass
class Verifier:
    """Built once per answer from what retrieval found; checks sentences in order."""

    query: str  # the question as answered (a follow-up merged with its topic)
    ranked: list[ex.Scored]  # the source sentences of `chunks`, best first
    chunks: list[Chunk]  # the passages retrieval found (their titles name things too)
    context: list[Chunk]  # what the model was shown
    allowed: str = ""  # the commune's name, the desk: may be said though in no passage
    focus: str = ""  # a follow-up as said (« et la garderie du matin ? »)
    spoken: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        source_text = "\n".join(f"{c.title} {c.section} {c.text}" for c in self.context)
        self._all = Grounder(source_text, allowed=self.allowed, question=self.query)
        best_text = "\n".join(
            f"{self.chunks[c.rank].title} {self.chunks[c.rank].section} {ex.unit_text(c)}"
            for c in self.ranked[:BEST_UNITS])
        self._first = Grounder(best_text, allowed=self.allowed, question=self.query)
        self._best = ex.unit_text(self.ranked[0]) if self.ranked else ""
        # Compared on a prefix: the stemmer leaves "construire" and "constructions" apart.
        self._source_prefixes = prefixes(content_words(
            f"{source_text} {best_text} {self.allowed}"))
        # The first sentence is said after « D'après <the best unit's document> »: what
        # it is about must be in that document, not in another passage of the context
        # (« une case au columbarium … coûte 42 € », the 42 € of a passport's page).
        home = self.chunks[self.ranked[0].rank].source_file if self.ranked else None
        home_text = " ".join(f"{c.title} {c.section} {c.text}"
                             for c in self.chunks if c.source_file == home)
        self._home_prefixes = (prefixes(content_words(f"{home_text} {self.allowed}"))
                               if home_text else self._source_prefixes)
        self._wanted, self._clause = ex.expected_clause(
            self.query, self.ranked, wanted_kinds(self.query), focus=self.focus)
        # Each source unit with its document's title and section: what its figures are of.
        self._units = [(f"{self.chunks[c.rank].title} "
                        f"{ex.section_at(self.chunks[c.rank], c.position)} {ex.unit_text(c)}")
                       for c in self.ranked]

    def check(self, sentence: str) -> Check:
        """May this sentence, the next of the answer, be spoken?"""
        first = not self.spoken
        if not any(c.isalnum() for c in sentence):
            return Check.SKIPPED
        verdict = (self._first if first else self._all).check(sentence)
        if not verdict.ok:
            log.info("model sentence rejected (%s): %r", ", ".join(verdict.reasons), sentence)
            return Check.DONT_KNOW if verdict.dont_know else Check.FAILED
        if any(fold(sentence) in fold(s) for s in self.spoken):
            return Check.FAILED  # repeating itself: rambling
        if not self._said_of(sentence):
            return Check.FAILED
        if first and not self._answers(sentence):
            return Check.FAILED
        self.spoken.append(sentence)
        return Check.KEPT

    def _said_of(self, sentence: str) -> bool:
        """Each figure is said of something its source says it of: « la TVA c'est 35 € »
        is grounded figure by figure when 35 € is the subscription's, yet false. A figure
        passes when a unit holding it names one of the things the sentence names (by
        prefix, with its title and section: « une concession de 30 ans coûte 350 € » from
        a row « 30 ans : 350 € » under « Concessions »)."""
        named = prefixes(new_words(sentence, ""))  # what it names of its own
        if not named:
            return True
        for kind in (k for k in FIGURES if k != "day"):  # a weekday is a word, read as one
            for figure in figures(kind, sentence):
                holders = [u for u in self._units if figure in figures(kind, u)]
                if holders and not any(named & prefixes(content_words(u))
                                       for u in holders):
                    log.info("model %s %s said of %s, which no unit holding it names: %r",
                             kind, figure, ", ".join(sorted(named)), sentence)
                    return False
        return True

    def _answers(self, sentence: str) -> bool:
        # The visitor's own topic, said back though no source mentions it ("les horaires
        # de la poste sont..." from a page about the police): an answer about nothing.
        foreign = {w for w in content_words(sentence) & topic_words(self.query)
                   if w[:PREFIX] not in self._home_prefixes}
        if foreign:
            log.info("model sentence about %s, which the source named does not mention: %r",
                     ", ".join(sorted(foreign)), sentence)
            return False
        # A follow-up changes one thing (« et le matin ? »): an answer leaving out what
        # it names, when the best unit holds it, answers the previous question again.
        changed = prefixes(content_words(self.focus))
        if changed & prefixes(content_words(self._best)) and not changed & prefixes(
                content_words(sentence)):
            log.info("model sentence leaves out what the follow-up asks: %r", sentence)
            return False
        new = new_words(sentence, self.query)
        if new and self._best and not new & content_words(self._best):
            log.info("model sentence not from the best source (%s): %r",
                     ", ".join(sorted(new)), sentence)
            return False
        for kind in self._wanted:
            expected = figures(kind, self._clause)
            given = figures(kind, sentence)
            if not given:
                log.info("model sentence evasive (no %s): %r", kind, sentence)
                return False
            # Part of the days or hours is a wrong answer ("le mardi" for "lundi, mardi
            # et jeudi"); one price of a list may be the right one.
            partial = kind in WHOLE and len(expected) <= MAX_WHOLE and expected - given
            if expected and (not given & expected or partial):
                log.info("model %s %s is not the best clause's %s", kind, sorted(given),
                         sorted(expected))
                return False
        return True
