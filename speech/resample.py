"""Sample-rate conversion in numpy alone (no scipy here): low-pass FIR, then interpolation.

Good enough for speech recognition and for a playback reference signal; not a mastering
tool. Streaming-safe: block boundaries leave no clicks, so a microphone can resample
block by block.
"""

from __future__ import annotations

from functools import cache

import numpy as np

_TAPS = 63  # odd: a symmetric filter with a whole-sample delay


@cache
def _lowpass(ratio: float) -> np.ndarray:
    """Windowed-sinc low-pass for downsampling by ``ratio`` (input rate / output rate)."""
    cutoff = 0.45 / ratio  # in cycles per input sample; a little under Nyquist
    n = np.arange(_TAPS) - (_TAPS - 1) / 2
    h = 2 * cutoff * np.sinc(2 * cutoff * n) * np.blackman(_TAPS)
    return (h / h.sum()).astype(np.float64)


class StreamResampler:
    """Converts a stream of blocks from ``src_rate`` to ``dst_rate``, keeping state between them."""

    def __init__(self, src_rate: int, dst_rate: int) -> None:
        if src_rate <= 0 or dst_rate <= 0:
            raise ValueError(f"bad sample rates {src_rate} -> {dst_rate}")
        self.src_rate, self.dst_rate = src_rate, dst_rate
        self._step = src_rate / dst_rate  # input samples per output sample
        self._filter = _lowpass(self._step) if self._step > 1 else None
        self._history = np.zeros(_TAPS - 1 if self._filter is not None else 0)
        self._prev: float | None = None  # last filtered sample of the previous block
        # Next output position relative to the previous sample; starting at the filter's
        # delay aligns output time 0 with input time 0.
        self._pos = (_TAPS - 1) / 2 if self._filter is not None else 0.0

    def process(self, block: np.ndarray) -> np.ndarray:
        """Float or int16 mono in; same dtype out."""
        if self.src_rate == self.dst_rate:
            return block
        x = block.astype(np.float64)
        if self._filter is not None:
            joined = np.concatenate([self._history, x])
            self._history = joined[len(joined) - (_TAPS - 1):]
            x = np.convolve(joined, self._filter, mode="valid")
        if self._prev is None:
            if len(x) == 0:
                return block[:0]
            self._prev, x = float(x[0]), x[1:]
        buf = np.concatenate([[self._prev], x])  # buf[0] sits at position 0
        last = len(buf) - 1
        if self._pos > last:
            out = np.zeros(0)
        else:
            count = int(np.floor((last - self._pos) / self._step)) + 1
            t = self._pos + self._step * np.arange(count)
            out = np.interp(t, np.arange(len(buf)), buf)
            self._pos = t[-1] + self._step
        self._pos -= last
        self._prev = float(buf[-1])
        if block.dtype == np.int16:
            return np.clip(np.round(out), -32768, 32767).astype(np.int16)
        return out.astype(block.dtype)


def resample(samples: np.ndarray, src_rate: int, dst_rate: int) -> np.ndarray:
    """One-shot conversion of a whole signal, exactly ``len * dst / src`` samples long."""
    if src_rate == dst_rate or len(samples) == 0:
        return samples
    delay = (_TAPS - 1) // 2 + 2 if src_rate > dst_rate else 2
    # Pad the tail so the filter's delay does not eat the last samples.
    padded = np.concatenate([samples, np.zeros(delay, dtype=samples.dtype)])
    want = round(len(samples) * dst_rate / src_rate)
    out = StreamResampler(src_rate, dst_rate).process(padded)[:want]
    if len(out) < want:
        out = np.concatenate([out, np.zeros(want - len(out), dtype=out.dtype)])
    return out
