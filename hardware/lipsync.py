"""Lip-sync: a mouth envelope from the TTS audio (pure) and a player kept on playback time.

The loop synthesises a sentence, computes its envelope, starts playback, and hands the
playback start time to `LipSyncPlayer.play()`; the player sends the level of the window
being heard, so the mouth follows the audio even if the loop thread is busy.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from typing import Protocol

import numpy as np

from hardware.settings import LipSyncSettings


class MouthSink(Protocol):
    def mouth(self, level: float) -> None: ...


def mouth_envelope(
    samples: np.ndarray,
    sample_rate: int,
    settings: LipSyncSettings | None = None,
) -> np.ndarray:
    """Audio -> one mouth level in 0..1 per window (40 ms by default).

    RMS per window, normalised by the 95th percentile of the utterance (one loud
    plosive must not shrink everything else), gain, a floor that closes the mouth
    on near-silence, then asymmetric smoothing (opens fast, closes slower).
    """
    s = settings or LipSyncSettings()
    x = np.asarray(samples)
    if x.ndim == 2:
        x = x.mean(axis=1)
    x = x.astype(np.float64)
    if np.issubdtype(np.asarray(samples).dtype, np.integer):
        x /= 32768.0
    win = max(1, round(sample_rate * s.window_ms / 1000))
    n = -(-len(x) // win)  # ceil: a last partial window still moves the mouth
    if n == 0:
        return np.zeros(0, dtype=np.float32)
    padded = np.zeros(n * win)
    padded[: len(x)] = x
    rms = np.sqrt(np.mean(padded.reshape(n, win) ** 2, axis=1))
    ref = float(np.percentile(rms, 95))
    if ref < 1e-4:  # silence: keep the mouth shut rather than amplify noise
        return np.zeros(n, dtype=np.float32)
    level = np.clip(rms / ref * s.gain, 0.0, 1.0)
    level[level < s.floor] = 0.0
    out = np.empty(n, dtype=np.float32)
    prev = 0.0
    for i, target in enumerate(level):
        k = s.attack if target > prev else s.release
        prev += k * (target - prev)
        out[i] = prev
    return out


def level_at(envelope: Sequence[float], start_time: float, now: float, frame_s: float) -> float:
    """The envelope value heard at `now`; 0 before the start and after the end."""
    i = int((now - start_time) // frame_s)
    if i < 0 or i >= len(envelope):
        return 0.0
    return float(envelope[i])


class LipSyncPlayer:
    """Sends mouth levels in step with playback, on its own thread; stop() on barge-in."""

    def __init__(
        self,
        head: MouthSink,
        settings: LipSyncSettings | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._head = head
        self._settings = settings or LipSyncSettings()
        self._clock = clock
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def frame_s(self) -> float:
        return self._settings.window_ms / 1000

    def play(self, envelope: Sequence[float], start_time: float) -> None:
        """Follow `envelope` from `start_time` (monotonic, when its first sample is heard).

        Returns at once; a previous envelope still playing is replaced.
        """
        start = start_time + self._settings.latency_ms / 1000
        with self._lock:
            self._halt()
            self._stop = threading.Event()
            self._thread = threading.Thread(
                target=self._run, args=(list(envelope), start, self._stop),
                name="head-lipsync", daemon=True,
            )
            self._thread.start()

    def stop(self) -> None:
        """Close the mouth now (barge-in, stop); safe to call when nothing plays."""
        with self._lock:
            self._halt()
        self._head.mouth(0.0)

    @property
    def playing(self) -> bool:
        t = self._thread
        return t is not None and t.is_alive()

    def _halt(self) -> None:
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=0.2)
        self._thread = None

    def _run(self, envelope: list[float], start: float, stop: threading.Event) -> None:
        frame_s = self.frame_s
        end = start + len(envelope) * frame_s
        last = -1.0
        while not stop.is_set():
            now = self._clock()
            if now >= end:
                break
            level = level_at(envelope, start, now, frame_s)
            if abs(level - last) >= 0.01:  # an unchanged mouth needs no frame
                self._head.mouth(level)
                last = level
            i = int((now - start) // frame_s) + 1
            stop.wait(max(start + i * frame_s - self._clock(), 0.001))
        if not stop.is_set() and last != 0.0:
            self._head.mouth(0.0)
