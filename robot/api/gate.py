"""One LLM, two kinds of askers: the visitor in front of the robot goes first.

llama.cpp runs one generation at a time. The voice loop waits for the model as long
as it must (a visitor is standing there), and an API generation in progress stops at
its next token when a visitor's turn is waiting: the Answerer then reads the source
sentences instead, as for any model failure. An API question waits `wait_s` at most
for a busy model, then is answered from the sources and says so (`Ticket.mode`).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

from rag.types import LanguageModel
from robot.core.errors import LlmError

VOICE, API = "voice", "api"


class LlmGate:
    """Who holds the model; voice waiters pass before API waiters (no clock inside)."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._holder: str | None = None
        self._voice_waiting = 0

    @property
    def holder(self) -> str | None:
        return self._holder

    @property
    def voice_waiting(self) -> bool:
        return self._voice_waiting > 0

    def acquire(self, who: str, timeout: float | None = None) -> bool:
        """True once `who` holds the model; False after `timeout` seconds (None: never)."""
        voice = who == VOICE
        with self._cond:
            if voice:
                self._voice_waiting += 1
            try:
                ok = self._cond.wait_for(
                    lambda: self._holder is None and (voice or not self._voice_waiting), timeout)
                if ok:
                    self._holder = who
                return ok
            finally:
                if voice:
                    self._voice_waiting -= 1
                    self._cond.notify_all()  # API waiters re-check once the voice passed

    def release(self) -> None:
        with self._cond:
            self._holder = None
            self._cond.notify_all()


@dataclass
class Ticket:
    """What happened to one API question's use of the model (for its timings)."""

    busy: bool = False  # never got the model: answered from the sources
    preempted: bool = False  # stopped for a visitor's turn
    wait_ms: float | None = None  # time spent waiting for the model
    cancelled: bool = False  # the client left: the model is needed no more


class GatedModel:
    """A LanguageModel that takes the gate for each generation and gives it back."""

    def __init__(self, inner: LanguageModel, gate: LlmGate, who: str,
                 wait_s: float | None = None, ticket: Ticket | None = None) -> None:
        self.inner = inner
        self.gate = gate
        self.who = who
        self.wait_s = None if who == VOICE else wait_s
        self.ticket = ticket or Ticket()
        self.name = getattr(inner, "name", None)

    def stream(self, messages: list[dict[str, str]], max_tokens: int,
               stop: list[str] | None = None) -> Iterator[str]:
        if self.ticket.cancelled:
            raise LlmError("the client left before the model started")
        t0 = time.perf_counter()
        if not self.gate.acquire(self.who, self.wait_s):
            self.ticket.busy = True
            raise LlmError("the model is busy with a visitor: answering from the sources")
        self.ticket.wait_ms = round((time.perf_counter() - t0) * 1000.0, 1)
        pieces = self.inner.stream(messages, max_tokens, stop)
        try:
            for piece in pieces:
                if self.ticket.cancelled:
                    raise LlmError("the client left")
                if self.who != VOICE and self.gate.voice_waiting:
                    self.ticket.preempted = True
                    raise LlmError("a visitor at the robot needs the model")
                yield piece
        finally:
            close = getattr(pieces, "close", None)
            if close is not None:
                close()  # llama.cpp stops decoding before the next holder starts
            self.gate.release()


class SharedModel:
    """The process's one model, handed out gated to the voice loop and to the API."""

    def __init__(self, model: LanguageModel, api_wait_s: float) -> None:
        self.model = model
        self.gate = LlmGate()
        self.api_wait_s = api_wait_s

    def for_voice(self) -> GatedModel:
        return GatedModel(self.model, self.gate, VOICE)

    def for_api(self, ticket: Ticket) -> GatedModel:
        return GatedModel(self.model, self.gate, API, self.api_wait_s, ticket)
