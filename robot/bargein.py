"""Echo gating for barge-in: does the microphone hear more than the robot's own voice? Pure.

While the robot speaks, its microphone hears its own voice (delayed, scaled, coloured by
the room). Only energy *not explained* by what is being played may interrupt it. We fit
the played signal to the microphone signal: best lag in 0..``max_lag_s`` by
cross-correlation, then a short least-squares filter around that lag (gain plus a little
room colouring). What the filter explains is echo; the rest is the visitor (or noise).

The decision is made on the newest frame (``tail``) while the filter is fitted on a longer
window, so an interruption is seen on its first frames, not diluted in the window.
No clock and no I/O: the listener hands in arrays, tests hand in synthetic signals.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

_EPS = 1e-12


@dataclass(frozen=True)
class GateParams:
    sample_rate: int = 16000
    max_lag_s: float = 0.2  # speaker-to-microphone delay searched (device buffers + air)
    fit_s: float = 0.25  # window the echo filter is fitted on
    taps: int = 32  # filter length around the best lag (room colouring, timing jitter: 2 ms)
    ratio: float = 1.5  # foreign if mic energy >= ratio x the energy the echo explains
    min_rms: float = 0.003  # below this (0..1 of full scale) nothing counts as speech
    # Reverberation the short filter cannot model follows the echo's level: what is left
    # must also reach this fraction of the echo's RMS over the fit window.
    reverb_floor: float = 0.2
    # A frame that looks foreign is checked again against a fit on the last confirm_s
    # only: the speaker-to-microphone delay may have jumped inside the long window (a
    # late audio thread, a resynchronised clock); an echo still fits, a voice does not.
    confirm_s: float = 0.09
    silence_rms: float = 3e-4  # reference below this: nothing played, no gating

    @property
    def fit_samples(self) -> int:
        return int(self.fit_s * self.sample_rate)

    @property
    def lag_samples(self) -> int:
        return int(self.max_lag_s * self.sample_rate)

    @property
    def reference_s(self) -> float:
        """How much played audio to ask the speaker for."""
        return self.fit_s + self.max_lag_s


@dataclass(frozen=True)
class GateResult:
    foreign: bool  # energy the played signal does not explain: a real voice
    mic_rms: float
    echo_rms: float  # what the fitted echo accounts for in the decision frame
    residual_rms: float
    lag_s: float | None  # best speaker-to-microphone delay, None when nothing played
    # The estimated echo in the decision frame (int16 scale), to subtract from what the
    # speech recogniser hears: a crude echo canceller. None when nothing was fitted.
    echo: np.ndarray | None = field(default=None, repr=False, compare=False)

    def cleaned(self, frame: np.ndarray) -> np.ndarray:
        """``frame`` (the decision frame, int16) with the robot's estimated echo removed."""
        if self.echo is None or len(self.echo) != len(frame):
            return frame
        out = np.asarray(frame, dtype=np.float64) - self.echo
        return np.clip(np.round(out), -32768, 32767).astype(np.int16)

    @property
    def unexplained(self) -> float:
        """Share of the frame's energy the echo does not explain (0..1)."""
        total = self.mic_rms**2
        return 1.0 if total <= _EPS else min(1.0, self.residual_rms**2 / total)


def _float(x: np.ndarray) -> np.ndarray:
    return np.asarray(x, dtype=np.float64) / 32768.0


def cross_correlation(mic: np.ndarray, ref: np.ndarray) -> np.ndarray:
    """c[k] = sum_t mic[t] * ref[t + k] for every k in 0..len(ref) - len(mic), via FFT."""
    w, n_ref = len(mic), len(ref)
    n = 1 << int(np.ceil(np.log2(n_ref + w)))
    corr = np.fft.irfft(np.fft.rfft(ref, n) * np.conj(np.fft.rfft(mic, n)), n)
    return corr[: n_ref - w + 1]


def window_energy(ref: np.ndarray, w: int) -> np.ndarray:
    """e[k] = sum of ref[k:k+w]^2 for every k."""
    csum = np.concatenate(([0.0], np.cumsum(ref * ref)))
    return csum[w:] - csum[: len(ref) - w + 1]


def best_lag(mic: np.ndarray, ref: np.ndarray) -> tuple[int, float]:
    """Offset k into ``ref`` whose window best explains ``mic``, and its explained energy.

    ``ref`` is longer than ``mic`` by the lags searched; k = len(ref) - len(mic) means no
    delay. Normalised cross-correlation: explained energy = c(k)^2 / E_ref(k).
    """
    corr = cross_correlation(mic, ref)
    score = corr * corr / np.maximum(window_energy(ref, len(mic)), _EPS)
    k = int(np.argmax(score))
    return k, float(score[k])


def _gram(r: np.ndarray, lo: int, n: int, w: int) -> np.ndarray:
    """R[i, j] = <ref[lo+i : lo+i+w], ref[lo+j : lo+j+w]> from running sums (no BLAS).

    Multi-threaded BLAS on these shapes costs ~100x more than it saves on a small
    board (OpenBLAS threads spin against the audio threads), so the normal equations
    are built from cumulative sums of lagged products instead.
    """
    gram = np.empty((n, n))
    seg = r[lo : lo + n - 1 + w]
    for d in range(n):
        prod = seg[: len(seg) - d] * seg[d:]
        csum = np.concatenate(([0.0], np.cumsum(prod)))
        diag = csum[w : w + n - d] - csum[: n - d]
        idx = np.arange(n - d)
        gram[idx, idx + d] = diag
        gram[idx + d, idx] = diag
    return gram


def analyse(
    mic: np.ndarray, ref: np.ndarray, params: GateParams, tail: int | None = None
) -> GateResult:
    """Gate the newest ``tail`` samples of ``mic`` against the played ``ref``.

    ``mic`` and ``ref`` end at the same instant; ``ref`` is ``params.lag_samples`` longer
    (shorter inputs are padded with silence at their start).
    """
    p = params
    m = _float(mic)[-p.fit_samples :]
    w = len(m)
    r = _float(ref)[-(w + p.lag_samples) :]
    if len(r) < w + p.lag_samples:
        r = np.concatenate((np.zeros(w + p.lag_samples - len(r)), r))
    t = min(tail or w, w)
    mic_e = float(np.mean(m[-t:] ** 2))
    mic_rms = float(np.sqrt(mic_e))
    if mic_rms < p.min_rms:
        return GateResult(False, mic_rms, 0.0, mic_rms, None)
    if float(np.sqrt(np.mean(r * r))) < p.silence_rms:
        return GateResult(True, mic_rms, 0.0, mic_rms, None)

    corr = cross_correlation(m, r)
    score = corr * corr / np.maximum(window_energy(r, w), _EPS)
    k = int(np.argmax(score))
    lo = max(0, k - p.taps * 3 // 4)  # most taps on the late side: room reflections
    hi = min(len(r) - w, lo + p.taps - 1)
    n = hi - lo + 1
    gram = _gram(r, lo, n, w)
    ridge = 1e-6 * float(np.trace(gram)) / n + _EPS
    coef = np.linalg.solve(gram + ridge * np.eye(n), corr[lo : hi + 1])
    # The decision frame: its echo estimate, sample by sample.
    cols = np.lib.stride_tricks.sliding_window_view(r[lo + w - t : hi + w], t)  # (n, t)
    echo = (coef[:, None] * cols).sum(axis=0)
    residual = m[-t:] - echo
    res_e = float(np.mean(residual**2))
    explained = max(mic_e - res_e, 0.0)
    fitted_e = max(float(coef @ gram @ coef) / w, 0.0)  # the echo's energy over the window
    floor = max(p.min_rms, p.reverb_floor * float(np.sqrt(fitted_e)))
    foreign = mic_e >= p.ratio * explained and float(np.sqrt(res_e)) >= floor
    lag_s = (len(r) - w - k) / p.sample_rate
    result = GateResult(
        foreign, mic_rms, float(np.sqrt(np.mean(echo**2))), float(np.sqrt(res_e)), lag_s,
        echo * 32768.0,
    )
    confirm = int(p.confirm_s * p.sample_rate)
    if foreign and t <= confirm < w:
        short = replace(p, fit_s=p.confirm_s, confirm_s=0.0)
        second = analyse(mic[-confirm:], ref[-(confirm + p.lag_samples):], short, tail=t)
        if not second.foreign:
            return replace(second, echo=result.echo)  # the longer fit cancels better
    return result
