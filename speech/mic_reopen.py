"""A microphone that survives its device: unplugged, busy or erroring, it is reopened.

While the device is down ``read()`` returns silence at the real-time pace, so the loop
keeps turning (and keeps feeding its watchdog) instead of hanging or dying; it can ask
``available`` or pass ``on_change`` to know. One warning per outage, one line when back.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

import numpy as np

from speech.protocols import SAMPLE_RATE, EndOfAudio, Microphone
from speech.settings import AudioSettings

log = logging.getLogger(__name__)


class ReopeningMicrophone:
    def __init__(
        self,
        open_mic: Callable[[], Microphone],
        backoff_s: float = 1.0,
        backoff_max_s: float = 30.0,
        on_change: Callable[[bool], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._open_mic = open_mic
        self._backoff_s, self._backoff_max_s = backoff_s, max(backoff_s, backoff_max_s)
        self._on_change = on_change
        self._clock, self._sleep = clock, sleep
        self._mic: Microphone | None = None
        self._delay = backoff_s
        self._next_try = 0.0
        self._down_since: float | None = None
        self._attempts = 0

    @classmethod
    def from_settings(
        cls,
        audio: AudioSettings,
        open_mic: Callable[[], Microphone],
        on_change: Callable[[bool], None] | None = None,
    ) -> ReopeningMicrophone:
        return cls(open_mic, audio.reopen_backoff_s, audio.reopen_backoff_max_s, on_change)

    @property
    def sample_rate(self) -> int:
        return SAMPLE_RATE

    @property
    def available(self) -> bool:
        return self._mic is not None

    def read(self, n_samples: int) -> np.ndarray:
        if self._mic is None and self._clock() >= self._next_try:
            self._try_open()
        if self._mic is not None:
            try:
                return self._mic.read(n_samples)
            except EndOfAudio:
                raise
            except Exception as exc:  # any device failure: never fatal
                self._lost(exc)
        self._sleep(n_samples / SAMPLE_RATE)  # keep the real-time pace while down
        return np.zeros(n_samples, dtype=np.int16)

    def _try_open(self) -> None:
        self._attempts += 1
        try:
            mic = self._open_mic()
        except Exception as exc:
            self._lost(exc, opening=True)
            return
        if mic.sample_rate != SAMPLE_RATE:
            mic.close()
            self._lost(ValueError(f"device gives {mic.sample_rate} Hz"), opening=True)
            return
        self._mic = mic
        if self._down_since is not None:
            log.info("microphone back after %.1f s (%d attempts)",
                     self._clock() - self._down_since, self._attempts)
            self._notify(True)
        self._down_since, self._attempts, self._delay = None, 0, self._backoff_s

    def _lost(self, exc: BaseException, opening: bool = False) -> None:
        if self._mic is not None:
            try:
                self._mic.close()
            except Exception:  # already gone; closing is best effort
                log.debug("closing the lost microphone failed", exc_info=True)
            self._mic = None
        now = self._clock()
        if self._down_since is None:
            self._down_since = now
            what = "cannot open the microphone" if opening else "microphone lost"
            log.warning("%s: %s; retrying with backoff up to %.0f s",
                        what, exc, self._backoff_max_s)
            self._notify(False)
        else:
            log.debug("microphone still down: %s (next try in %.1f s)", exc, self._delay)
        self._next_try = now + self._delay
        self._delay = min(self._delay * 2, self._backoff_max_s)

    def _notify(self, up: bool) -> None:
        if self._on_change is not None:
            try:
                self._on_change(up)
            except Exception:
                log.exception("microphone state callback failed")

    def close(self) -> None:
        if self._mic is not None:
            self._mic.close()
            self._mic = None
