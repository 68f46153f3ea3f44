"""What the loop remembers: the visitor's session and the turn in progress (plain data)."""

from __future__ import annotations

import logging
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from robot.states import State
from speech.segmenter import joined

log = logging.getLogger("robot.loop")
KEPT_TURNS = 50


@dataclass
class Session:
    """One visitor's conversation: its id keys the Answerer's short-term memory."""

    started: float
    last_activity: float
    id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    rate: float | None = None  # None = the voice's configured rate; "plus lentement" lowers it
    last_reply: str = ""  # what "répète" says again
    question: str | None = None  # the question being answered
    unfinished: str | None = None  # a question whose answer was cut short by the visitor
    turns: int = 0

    def begin(self, question: str | None) -> None:
        """A reply starts: an answer to ``question``, or a fixed text (None)."""
        self.question = question
        if question is not None:
            self.unfinished = None  # answered now (again, if it was cut short)

    def cut_short(self, said: str) -> None:
        """The visitor interrupted: "répète" will answer the question again in full."""
        if self.question is not None:
            self.last_reply, self.unfinished = said, self.question

    def done(self, said: str, repeatable: bool) -> None:
        """A reply was spoken to its end; an answer is what "répète" says again."""
        if (repeatable or self.question is not None) and said:
            self.last_reply = said
        self.question = None


@dataclass
class Turn:
    """One utterance of the visitor and the robot's reply to it."""

    n: int
    engaged: bool  # a conversation was open when the visitor spoke (no wake phrase needed)
    t_start: float
    t_end: float | None = None  # the visitor's last voiced audio
    t_detected: float | None = None  # endpoint decided
    t_ack: float | None = None  # thinking face shown
    t_first_audio: float | None = None
    t_barge: float | None = None  # when a barge-in cut this turn's reply
    audio: np.ndarray | None = None
    carry: np.ndarray | None = None  # an utterance this one continues (said in two breaths)
    carry_end: float | None = None  # when that utterance ended
    committed: bool = False  # the endpointer has closed the utterance
    short: bool = False  # closed as too short to be a question: only a command counts
    heard: str | None = None  # transcript, once known
    confidence: float | None = None  # the recogniser's, for the answerer (rag/understood.py)
    kind: str = ""  # "answer", "command:<name>", "greeting", "apology", "ignored"
    after: State = State.IDLE  # where the loop goes when the reply is done
    reply: str = ""
    failed: str | None = None  # the stage that failed, when an apology was said instead
    finished: bool = False
    answer: Any = None
    timings_ms: dict[str, float] = field(default_factory=dict)

    def hear(self, audio: np.ndarray, t_end: float) -> np.ndarray:
        """The utterance heard so far (after the one it continues, if any)."""
        if self.carry is not None:
            audio = joined(self.carry, audio)
        self.audio, self.t_end = audio, t_end
        return audio

    def mark(self, name: str, t0: float | None, t1: float | None) -> None:
        """Record t1 - t0 in ms under ``name`` when both are known."""
        if t0 is not None and t1 is not None:
            self.timings_ms[name] = round((t1 - t0) * 1000.0, 1)

    def summary(self) -> dict[str, Any]:
        """What the demo, the bench and the transcript log keep of a turn."""
        answer = self.answer
        sources = [s.title for s in getattr(answer, "sources", None) or []]
        return {
            "turn": self.n,
            "heard": self.heard or "",
            "confidence": self.confidence,
            "kind": self.kind,
            "reply": self.reply,
            "declined": bool(getattr(answer, "declined", False)),
            "sources": sources,
            "interrupted": self.t_barge is not None,
            "failed": self.failed,
            "timings_ms": dict(self.timings_ms),
            "t_end": self.t_end,  # monotonic: to match other clocks (the head's frames)
        }


class Ledger:
    """The loop's memory: the open session, the turn in progress, finished turns, counts.

    Plain bookkeeping with no state machine in it (that stays in Conversation); every
    finished turn goes to the trace once, for the transcript log, the demo and tests.
    """

    def __init__(self, trace: Callable[[str, dict[str, Any]], None]) -> None:
        self.trace = trace
        self.session: Session | None = None
        self.turn: Turn | None = None
        # The last few finished turns (status, tests); all of them went to the trace. A
        # list of every turn grew ~2.4 KB a turn for as long as the service ran.
        self.turns: deque[dict[str, Any]] = deque(maxlen=KEPT_TURNS)
        self.finished = 0  # turns finished since the loop started
        self._n = 0

    def next_id(self) -> int:
        """A fresh job number: late events of a replaced job are recognised and dropped."""
        self._n += 1
        return self._n

    def new_turn(self, engaged: bool, t: float) -> Turn:
        self.turn = Turn(n=self.next_id(), engaged=engaged, t_start=t)
        return self.turn

    def finish(self, turn: Turn, now: float) -> None:
        if turn.finished:
            return
        turn.finished = True
        if turn.audio is not None:  # for privacy.store_audio only; never in the summary
            self.trace("utterance", {"turn": turn.n, "audio": turn.audio})
        if turn.answer is not None:  # in-process sinks only (`robot ask --wav`), like audio
            self.trace("answer", {"turn": turn.n, "answer": turn.answer})
        summary = turn.summary()
        self.turns.append(summary)
        self.finished += 1
        self.trace("turn", summary)
        if self.session is not None:
            self.session.last_activity = now
            self.session.turns += 1

    def open_session(self, now: float) -> Session:
        if self.session is None:
            self.session = Session(started=now, last_activity=now)
            log.info("session %s opened", self.session.id)
            self.trace("session", {"id": self.session.id, "open": True})
        self.session.last_activity = now
        return self.session

    def close_session(self, why: str) -> None:
        if self.session is not None:
            log.info("session %s closed (%s, %d turns)", self.session.id, why,
                     self.session.turns)
            self.trace("session", {"id": self.session.id, "open": False, "why": why})
            self.session = None
