"""WAV in and out. Reading accepts any PCM/float/G.711 WAV and returns 16 kHz mono int16.

Our own RIFF parser rather than the ``wave`` module: Python 3.11's ``wave`` refuses
WAVE_FORMAT_EXTENSIBLE and float files, and trusts the bogus sizes that streaming
writers (``espeak-ng --stdout``) put in the header.
"""

from __future__ import annotations

import io
import struct
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from robot.core.errors import AudioError
from speech.protocols import SAMPLE_RATE
from speech.resample import resample

_PCM, _FLOAT, _ALAW, _MULAW, _EXTENSIBLE = 1, 3, 6, 7, 0xFFFE


@dataclass(frozen=True)
class WavAudio:
    """Decoded audio as floats in [-1, 1], shape (frames, channels)."""

    data: np.ndarray
    sample_rate: int

    def to_mono_int16(self, rate: int = SAMPLE_RATE) -> np.ndarray:
        mono = self.data.mean(axis=1) if self.data.shape[1] > 1 else self.data[:, 0]
        mono = resample(mono, self.sample_rate, rate)
        return np.clip(np.round(mono * 32767), -32768, 32767).astype(np.int16)


def _g711(codes: np.ndarray, mu_law: bool) -> np.ndarray:
    """Decode 8-bit A-law / mu-law codes to floats (ITU-T G.711)."""
    c = codes.astype(np.int32)
    if mu_law:
        c = ~c & 0xFF
        sign, exp, mant = c & 0x80, (c >> 4) & 0x07, c & 0x0F
        mag = (((mant << 3) + 0x84) << exp) - 0x84
        return np.where(sign != 0, -mag, mag) / 32768.0
    c = c ^ 0x55
    sign, exp, mant = c & 0x80, (c >> 4) & 0x07, c & 0x0F
    mag = np.where(exp == 0, (mant << 4) + 8, ((mant << 4) + 0x108) << np.maximum(exp - 1, 0))
    return np.where(sign != 0, mag, -mag) / 32768.0


def _samples(raw: bytes, fmt: int, bits: int, channels: int) -> np.ndarray:
    width = bits // 8
    usable = len(raw) - len(raw) % (width * channels)  # a truncated last frame is dropped
    raw = raw[:usable]
    if fmt == _PCM and bits == 8:
        x = (np.frombuffer(raw, np.uint8).astype(np.float64) - 128) / 128
    elif fmt == _PCM and bits == 16:
        x = np.frombuffer(raw, "<i2") / 32768.0
    elif fmt == _PCM and bits == 24:
        b = np.frombuffer(raw, np.uint8).reshape(-1, 3).astype(np.int32)
        v = b[:, 0] | (b[:, 1] << 8) | (b[:, 2] << 16)
        x = np.where(v >= 1 << 23, v - (1 << 24), v) / float(1 << 23)
    elif fmt == _PCM and bits == 32:
        x = np.frombuffer(raw, "<i4") / float(1 << 31)
    elif fmt == _FLOAT and bits in (32, 64):
        x = np.nan_to_num(np.frombuffer(raw, "<f4" if bits == 32 else "<f8").astype(np.float64))
        x = np.clip(x, -1.0, 1.0)
    elif fmt in (_ALAW, _MULAW) and bits == 8:
        x = _g711(np.frombuffer(raw, np.uint8), mu_law=fmt == _MULAW)
    else:
        raise AudioError(f"unsupported WAV encoding (format {fmt:#x}, {bits}-bit)",
                         hint="convert it with `sox IN.wav -b 16 OUT.wav`")
    return np.asarray(x, dtype=np.float64).reshape(-1, channels)


def decode_wav(blob: bytes, name: str = "<wav>") -> WavAudio:
    """Parse a RIFF/WAVE byte string; AudioError naming the problem if it is not one."""
    if len(blob) < 12 or blob[:4] not in (b"RIFF", b"RIFX") or blob[8:12] != b"WAVE":
        raise AudioError(f"{name}: not a WAV file (no RIFF/WAVE header)")
    if blob[:4] == b"RIFX":
        raise AudioError(f"{name}: big-endian WAV (RIFX) is not supported")
    fmt_chunk: bytes | None = None
    data: bytes | None = None
    pos = 12
    while pos + 8 <= len(blob):
        cid, size = blob[pos:pos + 4], struct.unpack("<I", blob[pos + 4:pos + 8])[0]
        body = blob[pos + 8:pos + 8 + size]  # a lying size just runs to the end of file
        if cid == b"fmt ":
            fmt_chunk = body
        elif cid == b"data":
            data = body
            break
        pos += 8 + size + (size & 1)
    if fmt_chunk is None or len(fmt_chunk) < 16:
        raise AudioError(f"{name}: corrupt WAV (no valid 'fmt ' chunk)")
    if data is None:
        raise AudioError(f"{name}: corrupt WAV (no 'data' chunk)")
    fmt, channels, rate, _, _, bits = struct.unpack("<HHIIHH", fmt_chunk[:16])
    if fmt == _EXTENSIBLE and len(fmt_chunk) >= 26:
        fmt = struct.unpack("<H", fmt_chunk[24:26])[0]  # first two bytes of the sub-format GUID
    if channels == 0 or rate == 0 or bits == 0 or bits % 8:
        raise AudioError(f"{name}: corrupt WAV header ({channels} ch, {rate} Hz, {bits} bit)")
    return WavAudio(_samples(data, fmt, bits, channels), rate)


def read_wav(source: str | Path | bytes, rate: int = SAMPLE_RATE) -> np.ndarray:
    """Any WAV file (path or bytes) as mono int16 at ``rate``."""
    if isinstance(source, bytes):
        return decode_wav(source).to_mono_int16(rate)
    try:
        blob = Path(source).read_bytes()
    except OSError as exc:
        raise AudioError(f"cannot read {source}: {exc.strerror or exc}") from None
    return decode_wav(blob, str(source)).to_mono_int16(rate)


def wav_bytes(samples: np.ndarray, sample_rate: int) -> bytes:
    """Mono int16 samples as a 16-bit PCM WAV file in memory."""
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(sample_rate)
        w.writeframes(np.asarray(samples, dtype=np.int16).tobytes())
    return buf.getvalue()


def write_wav(path: str | Path, samples: np.ndarray, sample_rate: int) -> None:
    """Write atomically, so a reader never sees half a file."""
    path = Path(path)
    tmp = path.with_name(path.name + ".part")
    try:
        tmp.write_bytes(wav_bytes(samples, sample_rate))
        tmp.replace(path)
    except OSError as exc:
        raise AudioError(f"cannot write {path}: {exc.strerror or exc}") from None
