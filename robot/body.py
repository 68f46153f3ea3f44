"""The loop's view of the head: every call best effort, so a lost head never stops a reply.

The serial head reconnects by itself; while it is away the voice loop carries on. Each
failing call is logged once per outage, not once per mouth frame.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any, Protocol

import numpy as np

log = logging.getLogger(__name__)


class HeadPort(Protocol):
    """What the loop uses of ``hardware.head.Head`` (SerialHead, NullHead, a simulator)."""

    def set_state(self, state: str) -> None: ...
    def react(self, reaction: str) -> None: ...
    def subtitle(self, text: str) -> None: ...
    def title(self, text: str) -> None: ...
    def source(self, text: str) -> None: ...
    def clear(self) -> None: ...
    def mouth(self, level: float) -> None: ...
    def look_at(self, pan: float, tilt: float) -> None: ...
    def led(self, r: int, g: int, b: int) -> None: ...


class Body:
    """Best-effort façade over a head (or none): never raises into the loop."""

    def __init__(self, head: Any | None, lipsync: Any | None = None) -> None:
        self.head = head
        self._lipsync_settings = lipsync  # hardware.settings.LipSyncSettings
        self._lipsync: Any = None
        if head is not None:
            from hardware.lipsync import LipSyncPlayer

            self._lipsync = LipSyncPlayer(self, lipsync)  # through mouth(): never raises
        self._failing: set[str] = set()
        self.calls = 0  # head commands attempted (for status and tests)

    def _call(self, name: str, *args: Any) -> None:
        if self.head is None:
            return
        self.calls += 1
        try:
            getattr(self.head, name)(*args)
        except Exception as exc:  # unplugged, timed out, not supported: carry on
            if name not in self._failing:
                self._failing.add(name)
                log.warning("head %s failed: %s (carrying on without it)", name, exc)
            return
        if name in self._failing:
            self._failing.discard(name)
            log.info("head %s works again", name)

    def state(self, state: str) -> None:
        self._call("set_state", state)

    def react(self, reaction: str) -> None:
        self._call("react", reaction)

    def subtitle(self, text: str, duration_s: float | None = None) -> None:
        self._call("subtitle", text, duration_s)

    def title(self, text: str) -> None:
        self._call("title", text)

    def source(self, text: str) -> None:
        self._call("source", text)

    def clear(self) -> None:
        self._call("clear")

    def mouth(self, level: float) -> None:
        self._call("mouth", level)

    def look_at(self, pan: float, tilt: float) -> None:
        self._call("look_at", pan, tilt)

    def led(self, r: int, g: int, b: int) -> None:
        self._call("led", r, g, b)

    def health(self) -> dict[str, Any]:
        """The head's own health report, or why there is none."""
        if self.head is None:
            return {"link": "none"}
        try:
            health = self.head.health()
        except Exception as exc:
            return {"link": "error", "error": str(exc)}
        if isinstance(health, dict):
            return health
        fields = getattr(health, "__dataclass_fields__", None)
        if fields:
            return {k: getattr(health, k) for k in fields}
        return {"link": str(health)}

    def lipsync(self, samples: np.ndarray, sample_rate: int) -> Callable[[], None]:
        """Move the mouth with this audio from now on (call just before play); returns stop."""
        if self.head is None or self._lipsync is None:
            return lambda: None
        from hardware.lipsync import mouth_envelope

        try:
            self._lipsync.play(mouth_envelope(samples, sample_rate, self._lipsync_settings),
                               start_time=time.monotonic())
        except Exception as exc:
            log.debug("lip-sync failed: %s", exc)
        return self._lipsync.stop
