"""The head for `head.enabled: false`: the same API as SerialHead, doing nothing."""

from __future__ import annotations

import queue

from hardware.events import HeadEvent
from hardware.link import LinkHealth


class NullHead:
    """`head.enabled: false`: every call is accepted and does nothing."""

    def __init__(self) -> None:
        self._events: queue.Queue[HeadEvent] = queue.Queue()

    def set_state(self, state: str) -> None:
        pass

    def react(self, reaction: str) -> None:
        pass

    def expression(self, name: str) -> None:
        pass

    def subtitle(self, text: str, duration_s: float | None = None) -> None:
        pass

    def title(self, text: str) -> None:
        pass

    def source(self, text: str) -> None:
        pass

    def qr(self, payload: str) -> None:
        pass

    def clear(self) -> None:
        pass

    def mouth(self, level: float) -> None:
        pass

    def gesture(self, name: str) -> None:
        pass

    def look_at(self, pan: float, tilt: float, speed: float | None = None) -> None:
        pass

    def gaze(self, x: float, y: float) -> None:
        pass

    def led(self, r: int, g: int, b: int, mode: str = "steady") -> None:
        pass

    def events(self) -> queue.Queue[HeadEvent]:
        return self._events

    def health(self) -> LinkHealth:
        return LinkHealth(
            port="", phase="disabled", connected=False, device=None, last_heartbeat_age_s=None,
            frames_sent=0, frames_received=0, retries=0, ack_failures=0, rejected=0,
            bad_frames=0, dropped=0, reconnects=0, last_error=None,
        )

    def close(self) -> None:
        pass
