"""The state machine's test rig: fake workers, clock and head, and the visitor's moves
(ask, speak). Shared by the test_loop_states*.py files (a unique name: never `from conftest`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from robot.body import Body
from robot.events import (
    AnswerStarted,
    SentenceSpoken,
    SpeakingDone,
    SpeechEnded,
    SpeechPaused,
    SpeechStarted,
    Transcribed,
)
from robot.loop import Conversation
from robot.settings import AccueilSettings, DialogueSettings

AUDIO = np.zeros(16000, dtype=np.int16)


@dataclass
class FakeJob:
    turn: int
    what: tuple[Any, ...]
    cancelled: bool = False
    late: str | None = None
    timings_ms: dict[str, float] = field(default_factory=dict)

    def cancel(self) -> None:
        self.cancelled = True

    def overdue(self, now: float) -> str | None:
        return self.late


class FakeWorkers:
    def __init__(self) -> None:
        self.jobs: list[FakeJob] = []
        self.post: Any = None
        self.chimes = 0
        self.confidences: list[float | None] = []

    def _job(self, turn: int, *what: Any) -> FakeJob:
        job = FakeJob(turn, what)
        self.jobs.append(job)
        return job

    def transcribe(self, turn: int, audio: np.ndarray, speculative: bool = False) -> FakeJob:
        return self._job(turn, "stt", len(audio), speculative)

    def answer(self, turn: int, question: str, session_id: str | None,
               rate: float | None, stt_confidence: float | None = None) -> FakeJob:
        self.confidences.append(stt_confidence)
        return self._job(turn, "answer", question, session_id, rate)

    def say(self, turn: int, text: str, rate: float | None) -> FakeJob:
        return self._job(turn, "say", text, rate)

    def chime(self) -> None:
        self.chimes += 1

    @property
    def last(self) -> FakeJob:
        return self.jobs[-1]


class Clock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


class FakeHead:
    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple[Any, ...]]] = []

    def __getattr__(self, name: str) -> Any:
        return lambda *a: self.calls.append((name, a))


Rig = tuple[Conversation, FakeWorkers, Clock, FakeHead, list[str]]


def make_rig() -> Rig:
    """A conversation on fakes, and the states it went through (each test file's ``rig``)."""
    workers, clock, head = FakeWorkers(), Clock(), FakeHead()
    states: list[str] = []

    def trace(kind: str, data: dict[str, Any]) -> None:
        if kind == "state":
            states.append(data["to"])

    conv = Conversation(workers, Body(head), DialogueSettings(), AccueilSettings(),
                        clock=clock, trace=trace)
    return conv, workers, clock, head, states


def ask(conv: Conversation, workers: FakeWorkers, clock: Clock, text: str,
        speculative: bool = True) -> None:
    """The visitor says ``text``: speech, (pause), end, transcript."""
    conv.handle(SpeechStarted(clock.t))
    clock.t += 2.0
    if speculative:
        conv.handle(SpeechPaused(AUDIO, t_end=clock.t - 0.24))
    clock.t += 0.5
    conv.handle(SpeechEnded(AUDIO, t_end=clock.t - 0.7, t_detected=clock.t))
    clock.t += 0.4
    conv.handle(Transcribed(workers.last.turn, text, 0.9, 400.0))


def breath(conv: Conversation, clock: Clock) -> float:
    """The visitor says ``AUDIO`` in one breath, no pause inside; returns when it ended."""
    conv.handle(SpeechStarted(clock.t))
    clock.t += 2.5
    t_end = clock.t - 0.7
    conv.handle(SpeechEnded(AUDIO, t_end=t_end, t_detected=clock.t))
    return t_end


def speak(conv: Conversation, workers: FakeWorkers, clock: Clock, text: str = "Réponse.",
          answer: Any = None, audible_s: float = 0.0) -> None:
    job = workers.last
    clock.t += 0.5
    conv.handle(AnswerStarted(job.turn, clock.t))
    conv.handle(SentenceSpoken(job.turn, text))
    clock.t += 2.0
    conv.handle(SpeakingDone(job.turn, False, text, answer, audible_s=audible_s))

