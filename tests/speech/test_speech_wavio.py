"""WAV reading: every common format converted to 16 kHz mono, corrupt files refused clearly."""

from __future__ import annotations

import struct
import subprocess
import sys
import wave
from pathlib import Path

import numpy as np
import pytest

from robot.core.errors import AudioError
from speech.resample import StreamResampler, resample
from speech.wavio import decode_wav, read_wav, wav_bytes, write_wav

RATE = 44100


def sine(rate: int, seconds: float = 1.0, freq: float = 440.0) -> np.ndarray:
    t = np.arange(int(rate * seconds)) / rate
    return 0.5 * np.sin(2 * np.pi * freq * t)


def riff(fmt_tag: int, channels: int, rate: int, bits: int, data: bytes,
         extensible: bool = False, lie: bool = False) -> bytes:
    """A WAV built by hand, so every header variant can be produced."""
    block = channels * bits // 8
    if extensible:
        guid_tail = b"\x00\x00\x00\x00\x10\x00\x80\x00\x00\xaa\x00\x38\x9b\x71"
        fmt = struct.pack("<HHIIHHHHI", 0xFFFE, channels, rate, rate * block, block, bits,
                          22, bits, 0) + struct.pack("<H", fmt_tag) + guid_tail
    else:
        fmt = struct.pack("<HHIIHH", fmt_tag, channels, rate, rate * block, block, bits)
    size = 0x7FFFFFFF if lie else len(data)  # streaming writers leave bogus sizes
    body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt
    body += b"LIST" + struct.pack("<I", 4) + b"INFO"  # an extra chunk to skip
    body += b"data" + struct.pack("<I", size) + data
    return b"RIFF" + struct.pack("<I", 0xFFFFFFFF if lie else len(body)) + body


def check_tone(samples: np.ndarray, seconds: float = 1.0) -> None:
    assert samples.dtype == np.int16
    assert len(samples) == pytest.approx(16000 * seconds, abs=2)
    expected = (0.5 * 32767 * np.sin(2 * np.pi * 440 * np.arange(len(samples)) / 16000))
    assert np.abs(samples[200:-200] - expected[200:-200]).max() < 400  # ~1% of full scale


def test_stereo_44k_16bit(tmp_path: Path) -> None:
    x = sine(RATE)
    stereo = np.stack([x, x], axis=1)
    path = tmp_path / "stereo.wav"
    with wave.open(str(path), "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes((stereo * 32767).astype("<i2").tobytes())
    check_tone(read_wav(path))


def test_8bit_unsigned_mono_8k() -> None:
    x = sine(8000)
    data = np.round(x * 127 + 128).astype(np.uint8).tobytes()
    out = read_wav(riff(1, 1, 8000, 8, data))
    assert len(out) == 16000
    assert np.abs(out[200:-200]).max() > 15000  # the tone survives, upsampled


@pytest.mark.parametrize("bits", [16, 24, 32])
def test_pcm_widths_stereo_44k(bits: int) -> None:
    x = sine(RATE)
    ints = np.round(np.stack([x, x], axis=1) * (2 ** (bits - 1) - 1)).astype(np.int64)
    raw = b"".join(int(v).to_bytes(bits // 8, "little", signed=True) for v in ints.reshape(-1))
    check_tone(read_wav(riff(1, 2, RATE, bits, raw)))


def test_float32_extensible_with_lying_sizes() -> None:
    data = sine(48000).astype("<f4").tobytes()
    check_tone(read_wav(riff(3, 1, 48000, 32, data, extensible=True, lie=True)))


def test_mu_law() -> None:
    codes = np.full(8000, 0xFF, dtype=np.uint8)  # mu-law zero
    assert np.abs(read_wav(riff(7, 1, 8000, 8, codes.tobytes()))).max() == 0


def test_espeak_stdout_wav_is_read() -> None:
    # espeak-ng writes 0x7fffffff-ish sizes when streaming to stdout.
    proc = subprocess.run(["espeak-ng", "-v", "fr", "--stdout", "bonjour"], capture_output=True,
                          check=True)
    audio = decode_wav(proc.stdout)
    assert audio.sample_rate == 22050 and 0.3 < len(audio.data) / 22050 < 3


@pytest.mark.parametrize(("blob", "message"), [
    (b"", "not a WAV file"),
    (b"hello, I am not audio at all", "not a WAV file"),
    (b"RIFF\x10\x00\x00\x00WAVEjunk", "no valid 'fmt ' chunk"),
    (b"RIFF\x24\x00\x00\x00WAVEfmt \x10\x00\x00\x00" + struct.pack("<HHIIHH", 1, 1, 16000,
                                                                     32000, 2, 16), "no 'data'"),
    (b"RIFF\x24\x00\x00\x00WAVEfmt \x10\x00\x00\x00" + struct.pack("<HHIIHH", 1, 0, 0, 0, 0, 0)
     + b"data\x00\x00\x00\x00", "corrupt WAV header"),
    (b"RIFF\x24\x00\x00\x00WAVEfmt \x10\x00\x00\x00" + struct.pack("<HHIIHH", 2, 1, 8000,
                                                                     4000, 1, 4)
     + b"data\x00\x00\x00\x00", "corrupt WAV header"),
])
def test_corrupt_wav_is_a_clear_audio_error(blob: bytes, message: str) -> None:
    with pytest.raises(AudioError, match=message):
        decode_wav(blob)


def test_unsupported_encoding_names_a_fix() -> None:
    with pytest.raises(AudioError, match="unsupported WAV encoding") as info:
        decode_wav(riff(2, 1, 8000, 16, b"\x00" * 64))  # MS ADPCM
    assert "sox" in str(info.value)


def test_cli_reports_a_corrupt_wav_without_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.wav"
    bad.write_bytes(b"RIFF\x00\x00garbage")
    robot = Path(sys.executable).with_name("robot")
    proc = subprocess.run([str(robot), "speech", "transcribe", str(bad)], capture_output=True,
                          text=True)
    assert proc.returncode == 1
    assert "bad.wav: not a WAV file" in proc.stderr and "Traceback" not in proc.stderr


def test_missing_file_is_an_audio_error(tmp_path: Path) -> None:
    with pytest.raises(AudioError, match="cannot read"):
        read_wav(tmp_path / "nope.wav")


def test_write_and_read_back(tmp_path: Path) -> None:
    x = (sine(16000) * 32767).astype(np.int16)
    write_wav(tmp_path / "x.wav", x, 16000)
    assert np.array_equal(read_wav(tmp_path / "x.wav"), x)
    assert wav_bytes(x, 16000)[:4] == b"RIFF"


def test_streaming_resampler_matches_one_shot() -> None:
    x = (sine(RATE) * 32767).astype(np.int16)
    r = StreamResampler(RATE, 16000)
    blocks = np.concatenate([r.process(x[i:i + 441]) for i in range(0, len(x), 441)])
    whole = resample(x, RATE, 16000)
    n = len(blocks)
    assert abs(n - 16000) < 20
    assert np.abs(blocks[100:n - 100].astype(int) - whole[100:n - 100]).max() <= 1
