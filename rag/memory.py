"""Short-term memory per visitor session, and follow-up rewriting ("et pour un enfant ?").

The rewriting is pure; the store keeps the last few turns per session and forgets a
session after a while (the clock is passed in, so tests need no sleep).
"""

from __future__ import annotations

import re
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass

from rag.asks import asks_itself, subject
from rag.grounding import fold
from rag.residence import says_where, without_where
from rag.words import DAYS, MONTHS, ages_in, content_words, digits

# Openings that lean on the previous question.
_FOLLOW_UP = re.compile(
    r"^\s*(et|mais|alors|donc|ok|d'accord|aussi|sinon)\b"
    r"|^\s*(pour|avec|sans|le|la|les|l'|un|une|des|du|a|au|aux|en|si|dans ce cas|meme)\b"
    r"[^?]{0,40}\??\s*$"
    r"|\b(ca|cela|celle-ci|celui-ci|celle-la|celui-la|ce document|cette demarche|pareil"
    r"|la meme chose|aussi|egalement|dans ce cas)\b"
)
MAX_FOLLOW_UP_WORDS = 8  # a long question stands on its own…
# …unless it opens on « et » or « mais » (after « bon », « ok », « d'accord »): French
# coordinates a spoken question with the one before it so, whatever follows (« et le
# mercredi au centre de loisirs la journée avec le repas ? »).
_CONTINUES = re.compile(r"^\s*((ok|d'accord|bon|ben|euh)\b[\s,]*)*(et|mais)\b")
# A personal or demonstrative pronoun or a possessive (French grammar, impersonal « il
# faut », « il y a » aside) points at what was said last: « et le service urbanisme, il
# reçoit quand ? » then « et leur numéro ? » asks about the service, not the first
# question's subject; « et la police municipale ? » then « c'est où exactement ? » too.
_ANAPHORA = re.compile(r"\b(?!il (?:faut|y a|reste|est possible))(il|elle|ils|elles|leurs?"
                       r"|son|sa|ses|lui|ca|cela)\b|\bc'")
_SUBJECTS = ("il", "elle", "ils", "elles", "ca", "cela", "c'")
_OPENING = re.compile(r"^\s*((ok|d'accord|bon)\b[\s,]*)?(et|mais|alors|donc|sinon)\b[\s,]*",
                      re.I)


def points_back(text: str) -> bool:
    """A pronoun or a possessive of the question stands for what was said last; a
    subject pronoun right after a noun does not: spoken French names its subject, then
    takes it up (« l'inscription elle est payante ? », « et la piscine, elle ouvre
    quand ? », « la cantine c'est combien ? »)."""
    folded = fold(text)
    for m in _ANAPHORA.finditer(folded):
        before = re.findall(r"[a-z0-9']+", folded[:m.start()])
        pronoun = m.group(0) in _SUBJECTS
        if not (pronoun and before and content_words(before[-1])):
            return True
    return False


@dataclass(frozen=True)
class Turn:
    question: str  # as asked
    topic: str  # the standalone question a chain of follow-ups hangs on
    answer: str
    declined: bool
    misheard: bool = False  # answered « pardon, je n'ai pas bien compris »
    offered: str = ""  # « Vous parlez de … ? »: the document offered (rag/confirm.py)
    query: str = ""  # what retrieval searched: the topic and a follow-up's own words
    source: str = ""  # the document the answer was read from


# « Ma fille a 11 ans », said once: her age holds for the whole visit, and a later « elle
# dure combien, sa carte ? » is read for a minor (rag/cases.py).
def ages_told(history: list[Turn]) -> list[float]:
    """The ages the visitor gave in this visit's earlier questions (« 11 ans »: 11.0)."""
    return [n for t in history for n in ages_in(digits(t.question))]


def with_ages(query: str, history: list[Turn]) -> str:
    """The query and the ages the visitor told earlier in the visit, when it gives none
    itself: the case of a list of cases is theirs (rag/cases.py)."""
    told = [] if ages_in(query) else ages_told(history)
    return " ".join([query, *(f"âgé de {age:g} ans" for age in told)])


def is_follow_up(question: str) -> bool:
    q = fold(question).strip()
    words = re.findall(r"[a-z0-9']+", q)
    if words and _CONTINUES.search(q):
        return True
    return 0 < len(words) <= MAX_FOLLOW_UP_WORDS and _FOLLOW_UP.search(q) is not None


@dataclass(frozen=True)
class Rewritten:
    query: str  # what retrieval searches
    topic: str  # what the next follow-up hangs on
    previous: str | None  # the question this one follows, for the prompt
    source: str = ""  # the document that question was answered from


def rewrite(question: str, history: list[Turn], *, force: bool = False) -> Rewritten:
    """A follow-up borrows the topic of the last answered question; others stand alone.
    `force`: merge even a question that does not read as a follow-up (the answerer tries
    it when the question alone finds nothing, rag/answer.py)."""
    last = next((t for t in reversed(history) if not t.declined), None)
    if last is None or not (force or is_follow_up(question)):
        return Rewritten(question, question, None)
    tail = _OPENING.sub("", question)
    if not content_words(question) and not asks_itself(tail):  # "et alors ?"
        return Rewritten(last.topic, last.topic, last.question, last.source)
    follow_up = last.query not in ("", last.topic)
    base = last.query if follow_up and points_back(tail) else last.topic
    # A follow-up asking something itself takes the topic's subject, not its question
    # (« et l'inscription, elle est payante ? » after the Saturday hours).
    topic = replaced(subject(base) if asks_itself(tail) else base, tail)
    return Rewritten(f"{topic.rstrip(' ?')}, {tail}".strip(), last.topic, last.question,
                     last.source)


# Closed classes of general French words: a follow-up naming one member ("et le
# dimanche ?") asks about it instead of the member the topic named ("le samedi"). A
# month and a season both name the time of year (« en plein hiver » -> « et au mois de
# juillet ? »); the parts of the day are another class (« le soir » -> « et le matin ? »).
_SEASONS = "printemps ete automne hiver vacances"
_PARTS_OF_DAY = "matin matinee midi apres-midi soir soiree nuit"
_CLASSES = [set(DAYS), {*MONTHS, *_SEASONS.split()}, set(_PARTS_OF_DAY.split())]


def replaced(topic: str, follow_up: str) -> str:
    """The topic without the words the follow-up replaces (same class, or a number for a
    number: "mon fils de 10 ans" -> "et pour 16 ans ?")."""
    if says_where(follow_up):
        topic = without_where(topic)
    said = set(re.findall(r"[a-z0-9]+", fold(follow_up)))
    drop: set[str] = set()
    for members in _CLASSES:
        if said & members:
            drop |= members - said
    numbers = any(w.isdigit() for w in said)
    kept = [w for w in topic.split()
            if fold(w).strip("?,.!;:") not in drop
            and not (numbers and fold(w).strip("?,.!;:€").isdigit())]
    return " ".join(kept)


class SessionMemory:
    """The last `turns` exchanges of each visitor, forgotten after `ttl_s` of silence.

    Shared by the voice loop and the HTTP API's threads: every read-modify-write of the
    sessions holds one lock (re-entrant: the clock may be anything a test gives).
    """

    def __init__(self, turns: int = 3, ttl_s: float = 600.0, max_sessions: int = 200,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._turns = turns
        self._ttl = ttl_s
        self._max = max_sessions
        self._clock = clock
        self._sessions: OrderedDict[str, tuple[float, deque[Turn]]] = OrderedDict()
        self._lock = threading.RLock()

    def history(self, session_id: str | None) -> list[Turn]:
        if session_id is None or self._turns == 0:
            return []
        with self._lock:
            entry = self._sessions.get(session_id)
            if entry is None:
                return []
            seen, turns = entry
            if self._clock() - seen > self._ttl:
                self._sessions.pop(session_id, None)  # another caller may have, meanwhile
                return []
            return list(turns)

    def add(self, session_id: str | None, turn: Turn) -> None:
        if session_id is None or self._turns == 0:
            return
        with self._lock:
            _, turns = self._sessions.pop(session_id, (0.0, deque(maxlen=self._turns)))
            turns.append(turn)
            self._sessions[session_id] = (self._clock(), turns)
            while len(self._sessions) > self._max:
                self._sessions.popitem(last=False)

    def forget(self, session_id: str) -> None:
        with self._lock:
            self._sessions.pop(session_id, None)
