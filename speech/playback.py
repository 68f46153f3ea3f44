"""What the robot is saying right now (for echo gating), and a speaker that records to WAV.

``PlaybackTap`` keeps the last seconds of played audio at 16 kHz on a wall-clock
timeline: any speaker pushes each block as it starts playing, and the listening thread
asks for the level or the reference signal of the same moment.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from speech.protocols import SAMPLE_RATE
from speech.resample import StreamResampler, resample
from speech.wavio import write_wav

BLOCK_MS = 20  # playback granularity: stop() lands within one block


def rms_level(samples: np.ndarray) -> float:
    """RMS of int16 audio as a fraction of full scale (0..1)."""
    if len(samples) == 0:
        return 0.0
    x = samples.astype(np.float64) / 32768.0
    return float(np.sqrt(np.mean(x * x)))


class PlaybackTap:
    def __init__(self, capacity_s: float = 5.0, clock: Callable[[], float] = time.monotonic):
        self._capacity = int(capacity_s * SAMPLE_RATE)
        self._clock = clock
        self._lock = threading.Lock()
        self._buf = np.zeros(0, dtype=np.int16)
        self._end_time = 0.0  # wall time at which the last pushed sample is heard
        self._resampler: StreamResampler | None = None

    def begin(self, sample_rate: int) -> None:
        """A new play() starts: its blocks are contiguous, earlier plays' are not."""
        self._resampler = StreamResampler(sample_rate, SAMPLE_RATE)

    def push(self, block: np.ndarray) -> None:
        """``block`` (at the rate given to begin()) starts being heard now."""
        assert self._resampler is not None, "begin() first"
        audio = self._resampler.process(np.asarray(block, dtype=np.int16))
        now = self._clock()
        with self._lock:
            gap = int((now - self._end_time) * SAMPLE_RATE)
            parts = [self._buf]
            if gap > 0:  # idle since the last block: silence on the timeline
                parts.append(np.zeros(min(gap, self._capacity), dtype=np.int16))
            parts.append(audio)
            self._end_time = max(now, self._end_time) + len(audio) / SAMPLE_RATE
            # Keep what is still to be heard besides ``capacity`` of the past: a speaker
            # handed a whole reply at once (the WAV speaker) is ahead by the reply's
            # length, and a cut there would read as silence while the robot talks.
            ahead = round((self._end_time - now) * SAMPLE_RATE)
            self._buf = np.concatenate(parts)[-(self._capacity + ahead):]

    def reference(self, duration_s: float) -> np.ndarray:
        n = int(duration_s * SAMPLE_RATE)
        with self._lock:
            ahead = round((self._end_time - self._clock()) * SAMPLE_RATE)
            buf = self._buf
        if ahead < 0:  # idle for -ahead samples: they are silence
            gap = min(-ahead, n)
            heard = buf[len(buf) - (n - gap):] if n > gap else buf[:0]
            out = np.concatenate([heard, np.zeros(gap, dtype=np.int16)])
        else:
            end = max(0, len(buf) - ahead)
            out = buf[max(0, end - n):end]
        return np.concatenate([np.zeros(n - len(out), dtype=np.int16), out])

    def level(self) -> float:
        return rms_level(self.reference(BLOCK_MS / 1000))

    def ahead_s(self) -> float:
        """Seconds of pushed audio not heard yet."""
        with self._lock:
            return max(0.0, self._end_time - self._clock())


@dataclass(frozen=True)
class PlayedAudio:
    samples: np.ndarray  # what was actually heard: cut short when stopped
    sample_rate: int
    completed: bool


class TappedSpeaker:
    """What every speaker shares: the stop flag, the playing flag and the echo reference tap."""

    def __init__(self) -> None:
        self.tap = PlaybackTap()
        self._stop = threading.Event()
        self._playing = threading.Event()

    def stop(self) -> None:
        if self._playing.is_set():
            self._stop.set()

    def is_playing(self) -> bool:
        return self._playing.is_set()

    def playback_level(self) -> float:
        return self.tap.level() if self._playing.is_set() else 0.0

    def reference(self, duration_s: float) -> np.ndarray:
        return self.tap.reference(duration_s)

    def audible_for(self) -> float:
        return self.tap.ahead_s()


class WavSpeaker(TappedSpeaker):
    """A speaker for tests and the demo: keeps everything played, paced like a real one."""

    def __init__(self, path: str | Path | None = None, realtime: bool = True) -> None:
        self.path = Path(path) if path else None
        self.realtime = realtime
        self.played: list[PlayedAudio] = []
        super().__init__()

    def play(self, samples: np.ndarray, sample_rate: int) -> bool:
        samples = np.asarray(samples, dtype=np.int16).reshape(-1)
        block = max(1, sample_rate * BLOCK_MS // 1000)
        self._stop.clear()
        self._playing.set()
        self.tap.begin(sample_rate)
        start = time.monotonic()
        done = 0
        try:
            for i in range(0, len(samples), block):
                if self._stop.is_set():
                    break
                chunk = samples[i:i + block]
                self.tap.push(chunk)
                done = i + len(chunk)
                if self.realtime:
                    wait = start + done / sample_rate - time.monotonic()
                    if wait > 0 and self._stop.wait(wait):
                        break
        finally:
            self._playing.clear()
        completed = done >= len(samples) and not self._stop.is_set()
        self.played.append(PlayedAudio(samples[:done], sample_rate, completed))
        return completed

    def recording(self, sample_rate: int | None = None) -> tuple[np.ndarray, int]:
        """Everything played so far, end to end, at one rate (the first play's by default)."""
        if not self.played:
            return np.zeros(0, dtype=np.int16), sample_rate or SAMPLE_RATE
        rate = sample_rate or self.played[0].sample_rate
        parts = [resample(p.samples, p.sample_rate, rate) for p in self.played]
        return np.concatenate(parts), rate

    def write(self, path: str | Path) -> None:
        samples, rate = self.recording()
        write_wav(path, samples, rate)

    def clear(self) -> None:
        self.played = []

    def close(self) -> None:
        self.stop()
        if self.path is not None:
            self.write(self.path)
