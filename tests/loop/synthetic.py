"""Synthetic sounds for the echo gate and the listener: a voice, and a room that echoes it.

Imported by the tests beside it (pytest puts this folder on sys.path).
"""

from __future__ import annotations

import numpy as np

SR = 16000


def voice(seconds: float, seed: int, level: float = 0.3) -> np.ndarray:
    """Speech-like noise: band-limited, with a syllable rhythm and pauses (float -1..1)."""
    rng = np.random.default_rng(seed)
    n = int(seconds * SR)
    x = np.convolve(rng.standard_normal(n), np.ones(6) / 6, "same")
    t = np.arange(n) / SR
    env = np.clip(np.sin(2 * np.pi * rng.uniform(3, 5) * t + rng.uniform(0, 6)), 0, None)
    x *= env
    return x / np.max(np.abs(x)) * level


def room(played: np.ndarray, delay_s: float, gain: float, seed: int = 3) -> np.ndarray:
    """What the microphone hears of the loudspeaker: delayed, coloured, a reflection, noise."""
    d = int(delay_s * SR)
    echo = np.concatenate((np.zeros(d), played[: len(played) - d])) * gain
    echo = np.convolve(echo, [0.55, 0.3, 0.1, 0.05], "same")
    r = int(0.025 * SR)
    echo[r:] += 0.15 * echo[:-r]
    return echo + np.random.default_rng(seed).standard_normal(len(echo)) * 0.0008


def pcm(x: np.ndarray) -> np.ndarray:
    return np.clip(np.round(x * 32767), -32768, 32767).astype(np.int16)
