"""Lip-sync: the mouth envelope from audio (pure) and the player that follows playback time."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest

from hardware.lipsync import LipSyncPlayer, level_at, mouth_envelope
from hardware.settings import LipSyncSettings

RATE = 16000


def _speech_like(seconds: list[tuple[float, float]]) -> np.ndarray:
    """Bursts of a 200 Hz tone at the given amplitudes, as int16 TTS output would be."""
    parts = []
    for dur, amp in seconds:
        t = np.arange(int(dur * RATE)) / RATE
        parts.append(amp * np.sin(2 * np.pi * 200 * t))
    return (np.concatenate(parts) * 32767).astype(np.int16)


def test_one_level_per_40_ms_window_including_the_last_partial_one() -> None:
    audio = np.zeros(RATE + 10, dtype=np.int16)
    assert len(mouth_envelope(audio, RATE)) == 26
    assert len(mouth_envelope(np.zeros(0, dtype=np.int16), RATE)) == 0
    assert len(mouth_envelope(audio, RATE, LipSyncSettings(window_ms=20))) == 51


def test_silence_keeps_the_mouth_shut() -> None:
    noise = (np.random.default_rng(1).normal(0, 1, RATE)).astype(np.int16)  # ~ -90 dBFS
    assert not mouth_envelope(noise, RATE).any()


def test_envelope_follows_loudness_and_is_normalised() -> None:
    audio = _speech_like([(0.4, 0.0), (0.4, 0.5), (0.4, 0.0), (0.4, 0.05)])
    env = mouth_envelope(audio, RATE)
    assert env.dtype == np.float32 and env.min() >= 0 and env.max() <= 1
    silent, loud, gap = env[:10], env[12:20], env[27:30]
    assert silent.max() == 0 and loud.min() > 0.9 and gap.max() < 0.1
    assert env[32:40].max() < 0.3  # the quiet part opens the mouth far less


def test_opens_fast_and_closes_slower() -> None:
    audio = _speech_like([(0.2, 0.0), (0.4, 0.5), (0.4, 0.0)])
    env = mouth_envelope(audio, RATE, LipSyncSettings(attack=0.9, release=0.3))
    onset, offset = 5, 15
    assert env[onset] > 0.85
    assert 0.1 < env[offset] < 0.8  # still closing one window after the sound stopped


def test_float_stereo_and_int16_mono_agree() -> None:
    mono = _speech_like([(0.2, 0.3), (0.2, 0.0), (0.2, 0.6)])
    stereo = np.stack([mono, mono], axis=1).astype(np.float32) / 32768.0
    assert mouth_envelope(mono, RATE) == pytest.approx(mouth_envelope(stereo, RATE), abs=1e-4)


def test_gain_and_floor() -> None:
    audio = _speech_like([(0.4, 0.1), (0.4, 0.5)])
    loud = mouth_envelope(audio, RATE, LipSyncSettings(gain=3.0, attack=1.0, release=1.0))
    plain = mouth_envelope(audio, RATE, LipSyncSettings(gain=1.0, attack=1.0, release=1.0))
    assert loud[5] > plain[5]
    gated = mouth_envelope(audio, RATE, LipSyncSettings(floor=0.5, attack=1.0, release=1.0))
    assert gated[5] == 0 and gated[15] > 0.9


def test_level_at_playback_time() -> None:
    env = [0.1, 0.2, 0.3]
    assert level_at(env, 10.0, 9.99, 0.04) == 0
    assert level_at(env, 10.0, 10.0, 0.04) == pytest.approx(0.1)
    assert level_at(env, 10.0, 10.05, 0.04) == pytest.approx(0.2)
    assert level_at(env, 10.0, 10.13, 0.04) == 0


class Recorder:
    def __init__(self) -> None:
        self.levels: list[tuple[float, float]] = []
        self.lock = threading.Lock()

    def mouth(self, level: float) -> None:
        with self.lock:
            self.levels.append((time.monotonic(), level))


def test_player_sends_levels_in_step_with_playback() -> None:
    sink = Recorder()
    env = [0.0, 0.5, 1.0, 0.5, 0.25, 0.0, 0.8, 0.8, 0.2, 0.0]
    start = time.monotonic() + 0.05
    LipSyncPlayer(sink).play(env, start)
    time.sleep(0.05 + len(env) * 0.04 + 0.1)
    sent = sink.levels
    assert [round(v, 2) for _, v in sent] == [0.0, 0.5, 1.0, 0.5, 0.25, 0.0, 0.8, 0.2, 0.0]
    for t, v in sent[:-1]:  # each level went out during its own window (10 ms grace)
        assert any(level_at(env, start, t - lag, 0.04) == pytest.approx(v)
                   for lag in (0.0, 0.005, 0.01))


def test_stop_closes_the_mouth_at_once() -> None:
    sink = Recorder()
    player = LipSyncPlayer(sink)
    player.play([1.0] * 100, time.monotonic())
    time.sleep(0.1)
    assert player.playing
    t0 = time.monotonic()
    player.stop()
    assert time.monotonic() - t0 < 0.05
    assert sink.levels[-1][1] == 0.0 and not player.playing
    n = len(sink.levels)
    time.sleep(0.1)
    assert len(sink.levels) == n
