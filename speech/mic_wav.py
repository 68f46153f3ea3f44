"""A microphone that plays a script: WAV files or samples, in real time or as fast as possible.

After the audio runs out it gives silence forever (the default): a loop driven by a
scripted WAV then sees the visitor stop talking, closes the utterance and carries on,
exactly as with a real microphone in a quiet hall. ``feed()`` adds audio at any moment
(e.g. a visitor who interrupts while the robot speaks); ``at_end="raise"`` raises
``EndOfAudio`` instead, for one-shot commands that must stop when the file does.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Literal

import numpy as np

from robot.core.errors import AudioError
from speech.protocols import SAMPLE_RATE, EndOfAudio
from speech.wavio import read_wav


class WavMicrophone:
    def __init__(
        self,
        source: str | Path | np.ndarray | None = None,
        realtime: bool = True,
        at_end: Literal["silence", "raise"] = "silence",
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.realtime, self.at_end = realtime, at_end
        self._clock, self._sleep = clock, sleep
        self._queue: deque[np.ndarray] = deque()
        self._queued = 0
        self._lock = threading.Lock()
        self._delivered = 0  # samples handed out, real or silent: the stream clock
        self._t0: float | None = None
        self._closed = False
        if source is not None:
            self.feed(source)

    @property
    def sample_rate(self) -> int:
        return SAMPLE_RATE

    @property
    def queued_samples(self) -> int:
        """Scripted audio not read yet; 0 once the script has been heard."""
        return self._queued

    @property
    def stream_time_s(self) -> float:
        return self._delivered / SAMPLE_RATE

    def feed(self, source: str | Path | np.ndarray) -> None:
        """Append a WAV file (any format) or 16 kHz int16 samples to what the mic will hear."""
        samples = read_wav(source) if isinstance(source, str | Path) else source
        samples = np.asarray(samples, dtype=np.int16).reshape(-1)
        with self._lock:
            self._queue.append(samples)
            self._queued += len(samples)

    def read(self, n_samples: int) -> np.ndarray:
        if self._closed:
            raise AudioError("the WAV microphone is closed")
        if self.realtime:
            self._pace(n_samples)
        out = np.zeros(n_samples, dtype=np.int16)
        filled = 0
        with self._lock:
            if self._queued == 0 and self.at_end == "raise":
                raise EndOfAudio("the scripted audio has ended")
            while filled < n_samples and self._queue:
                head = self._queue[0]
                take = min(len(head), n_samples - filled)
                out[filled:filled + take] = head[:take]
                filled += take
                if take == len(head):
                    self._queue.popleft()
                else:
                    self._queue[0] = head[take:]
            self._queued -= filled
        self._delivered += n_samples
        return out

    def _pace(self, n_samples: int) -> None:
        """Block like a sound card: a block is ready when its last sample has been 'heard'."""
        now = self._clock()
        if self._t0 is None:
            self._t0 = now - self._delivered / SAMPLE_RATE
        due = self._t0 + (self._delivered + n_samples) / SAMPLE_RATE
        if due > now:
            self._sleep(due - now)

    def resync(self) -> None:
        """Start pacing from now: a device opened again delivers what it hears from now
        on, not a backlog of the time it was away."""
        self._t0 = None

    def close(self) -> None:
        self._closed = True
