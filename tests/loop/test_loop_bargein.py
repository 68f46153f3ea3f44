"""Echo gating on synthetic signals: the robot's own voice never counts, a visitor's does."""

from __future__ import annotations

import numpy as np
import pytest
from synthetic import SR, pcm, room, voice

from robot.bargein import GateParams, analyse, best_lag

P = GateParams()
FRAME = 480


def foreign_share(mic: np.ndarray, ref: np.ndarray, visitor: np.ndarray | None = None,
                  start_s: float = 0.5) -> float:
    """Share of 30 ms frames the gate calls foreign: all audible frames, or (with
    ``visitor``) only those where the visitor is clearly speaking."""
    m, r = pcm(mic), pcm(ref)
    verdicts = []
    for end in range(int(start_s * SR), len(m) + 1, FRAME):
        fit = m[end - P.fit_samples:end]
        if np.sqrt(np.mean((fit[-FRAME:] / 32768.0) ** 2)) < P.min_rms:
            continue  # silent frame: the VAD would not even ask
        if visitor is not None and np.sqrt(np.mean(visitor[end - FRAME:end] ** 2)) < 0.03:
            continue  # the visitor is between syllables here
        res = analyse(fit, r[end - P.fit_samples - P.lag_samples:end], P, tail=FRAME)
        verdicts.append(res.foreign)
    return float(np.mean(verdicts)) if verdicts else 0.0


@pytest.mark.parametrize(("delay_s", "gain"), [(0.01, 0.2), (0.06, 0.5), (0.15, 0.9)])
def test_own_voice_alone_never_counts(delay_s: float, gain: float) -> None:
    played = voice(3.0, seed=1)
    assert foreign_share(room(played, delay_s, gain), played) == 0.0


@pytest.mark.parametrize(("delay_s", "gain"), [(0.01, 0.2), (0.06, 0.5), (0.15, 0.9)])
def test_a_visitor_over_the_echo_counts(delay_s: float, gain: float) -> None:
    played = voice(3.0, seed=1)
    visitor = voice(3.0, seed=9, level=0.3)
    mic = room(played, delay_s, gain) + visitor
    assert foreign_share(mic, played, visitor) > 0.8


def test_nothing_played_is_plain_vad() -> None:
    mic = pcm(voice(1.0, seed=4))
    res = analyse(mic[-P.fit_samples:], np.zeros(P.fit_samples + P.lag_samples, np.int16), P)
    assert res.foreign and res.lag_s is None


def test_silence_is_never_foreign() -> None:
    played = voice(1.0, seed=1)
    res = analyse(np.zeros(P.fit_samples, np.int16), pcm(played)[-P.fit_samples - P.lag_samples:],
                  P)
    assert not res.foreign


def test_best_lag_finds_the_delay() -> None:
    played = voice(1.0, seed=2)
    mic = room(played, 0.08, 0.5)
    end = SR
    k, _ = best_lag(mic[end - P.fit_samples:end], played[end - P.fit_samples - P.lag_samples:end])
    lag = (P.fit_samples + P.lag_samples - P.fit_samples - k) / SR
    assert lag == pytest.approx(0.08, abs=0.002)


def test_the_ratio_trades_sensitivity_for_safety() -> None:
    played = voice(3.0, seed=1)
    mic = room(played, 0.05, 0.6) + voice(3.0, seed=9, level=0.1)  # a quiet visitor
    strict = GateParams(ratio=4.0)
    m, r = pcm(mic), pcm(played)
    end = 2 * SR
    loose = analyse(m[end - P.fit_samples:end], r[end - P.fit_samples - P.lag_samples:end], P)
    tight = analyse(m[end - P.fit_samples:end], r[end - P.fit_samples - P.lag_samples:end], strict)
    assert loose.unexplained >= tight.unexplained - 1e-9
    assert not tight.foreign
