"""The cancellable work of one turn: the jobs the loop starts, and the first of them.

A job runs on its own thread, can be cancelled (barge-in, "stop") and can be late (each
stage has a timeout). Jobs report only through events posted to the loop, tagged with
their turn number. ``Transcription`` is here; the spoken ``Reply`` in robot/reply.py;
robot/workers.py starts them on the engines.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from robot.core.errors import IndexError_, LlmError, RobotError, SttError, TtsError
from robot.events import Event, StageFailed, Transcribed
from speech.protocols import SpeechToText

log = logging.getLogger(__name__)
Post = Callable[[Event], None]

class JobLike(Protocol):
    turn: int
    timings_ms: dict[str, float]

    def cancel(self) -> None: ...
    def overdue(self, now: float) -> str | None: ...


class WorkersLike(Protocol):
    """robot.workers.Workers, or a fake that records what the loop asked for."""

    post: Callable[[Event], None]

    def transcribe(self, turn: int, audio: np.ndarray, speculative: bool = False) -> JobLike: ...
    def answer(self, turn: int, question: str, session_id: str | None,
               rate: float | None, stt_confidence: float | None = None) -> JobLike: ...
    def say(self, turn: int, text: str, rate: float | None) -> JobLike: ...
    def chime(self) -> None: ...


@dataclass
class Locks:
    """One call at a time per engine, even when a cancelled job is still finishing."""

    stt: threading.Lock = field(default_factory=threading.Lock)
    tts: threading.Lock = field(default_factory=threading.Lock)
    answer: threading.Lock = field(default_factory=threading.Lock)


def stage_of(exc: BaseException, current: str) -> str:
    """Which stage an engine error belongs to (the one running, unless the error says)."""
    match exc:
        case SttError():
            return "stt"
        case TtsError():
            return "tts"
        case IndexError_():
            return "retrieval"
        case LlmError():
            return "llm"
        case _:
            return current


def describe(exc: BaseException) -> str:
    return str(exc) if isinstance(exc, RobotError) else f"{type(exc).__name__}: {exc}"


class Job:
    """Something running for the loop that can be cancelled and can be late."""

    def __init__(self, turn: int, timeouts: dict[str, float], clock: Callable[[], float]):
        self.turn = turn
        self.cancelled = threading.Event()
        self._timeouts = timeouts
        self._clock = clock
        self._stage: str | None = None
        self._stage_t = 0.0
        self.timings_ms: dict[str, float] = {}

    def _enter(self, stage: str | None) -> None:
        self._stage, self._stage_t = stage, self._clock()

    def _leave(self, stage: str) -> float:
        """Stop the stage clock; returns the stage's duration in ms."""
        ms = (self._clock() - self._stage_t) * 1000.0
        self._stage = None
        return ms

    def overdue(self, now: float) -> str | None:
        """The stage that has run past its timeout (dialogue.timeouts_s), if any."""
        stage = self._stage
        if stage is None or self.cancelled.is_set():
            return None
        limit = self._timeouts.get(stage)
        return stage if limit is not None and now - self._stage_t > limit else None

    def cancel(self) -> None:
        self.cancelled.set()


class Transcription(Job):
    """Whisper (or Vosk) on one utterance, on a worker thread."""

    def __init__(self, turn: int, audio: np.ndarray, stt: SpeechToText, locks: Locks,
                 post: Post, timeouts: dict[str, float], clock: Callable[[], float],
                 speculative: bool = False) -> None:
        super().__init__(turn, timeouts, clock)
        self.audio = audio
        self.speculative = speculative
        self._stt, self._locks, self._post = stt, locks, post

    def start(self) -> Transcription:
        threading.Thread(target=self._run, name=f"stt-{self.turn}", daemon=True).start()
        return self

    def _run(self) -> None:
        with self._locks.stt:
            if self.cancelled.is_set():
                return
            self._enter("stt")
            try:
                tr = self._stt.transcribe(self.audio)
            except Exception as exc:
                self._leave("stt")
                if not self.cancelled.is_set():
                    self._post(StageFailed(self.turn, stage_of(exc, "stt"), describe(exc)))
                return
            ms = self._leave("stt")
        log.debug("stt %d: %.1f s of audio in %.0f ms%s", self.turn,
                  len(self.audio) / 16000, ms, " (cancelled)" if self.cancelled.is_set() else "")
        self.timings_ms["stt"] = ms
        if not self.cancelled.is_set():
            self._post(Transcribed(self.turn, tr.text.strip(), tr.confidence, ms,
                                   self.speculative))

