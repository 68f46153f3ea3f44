"""What the loop remembers: the visitor's session and the turn in progress (plain data)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from robot.states import State


@dataclass
class Session:
    """One visitor's conversation: its id keys the Answerer's short-term memory."""

    started: float
    last_activity: float
    id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    rate: float | None = None  # None = the voice's configured rate; "plus lentement" lowers it
    last_reply: str = ""  # what "répète" says again
    turns: int = 0


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
    committed: bool = False  # the endpointer has closed the utterance
    short: bool = False  # closed as too short to be a question: only a command counts
    heard: str | None = None  # transcript, once known
    kind: str = ""  # "answer", "command:<name>", "greeting", "apology", "ignored"
    after: State = State.IDLE  # where the loop goes when the reply is done
    reply: str = ""
    failed: str | None = None  # the stage that failed, when an apology was said instead
    finished: bool = False
    answer: Any = None
    timings_ms: dict[str, float] = field(default_factory=dict)

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
            "kind": self.kind,
            "reply": self.reply,
            "declined": bool(getattr(answer, "declined", False)),
            "sources": sources,
            "interrupted": self.t_barge is not None,
            "failed": self.failed,
            "timings_ms": dict(self.timings_ms),
        }
