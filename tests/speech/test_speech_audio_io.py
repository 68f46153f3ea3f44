"""Audio in and out without a sound card: WAV microphone, reopening, recording speaker."""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from robot.core.errors import AudioError
from speech.mic_reopen import ReopeningMicrophone
from speech.mic_wav import WavMicrophone
from speech.playback import PlaybackTap, WavSpeaker, rms_level
from speech.protocols import EndOfAudio, Microphone, Speaker
from speech.sounddev import SoundDeviceMicrophone, SoundDeviceSpeaker, find_device
from speech.wavio import read_wav, write_wav


def ramp(n: int, start: int = 1) -> np.ndarray:
    return (np.arange(n) % 30000 + start).astype(np.int16)


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, s: float) -> None:
        self.now += s


# --- WAV microphone ---------------------------------------------------------------------

def test_wav_microphone_gives_the_file_then_silence(tmp_path: Path) -> None:
    path = tmp_path / "in.wav"
    write_wav(path, ramp(1000), 16000)
    mic = WavMicrophone(path, realtime=False)
    assert isinstance(mic, Microphone)
    out = np.concatenate([mic.read(300) for _ in range(5)])
    assert np.array_equal(out[:1000], read_wav(path)) and not out[1000:].any()
    assert mic.queued_samples == 0 and mic.stream_time_s == pytest.approx(1500 / 16000)


def test_wav_microphone_feed_injects_speech_later() -> None:
    mic = WavMicrophone(realtime=False)
    assert not mic.read(160).any()
    mic.feed(ramp(200))
    assert np.array_equal(mic.read(200), ramp(200))


def test_wav_microphone_can_raise_end_of_audio() -> None:
    mic = WavMicrophone(ramp(100), realtime=False, at_end="raise")
    mic.read(160)  # the last partial block comes padded with silence
    with pytest.raises(EndOfAudio):
        mic.read(160)


def test_wav_microphone_paces_in_real_time() -> None:
    clock = FakeClock()
    mic = WavMicrophone(ramp(16000), realtime=True, clock=clock, sleep=clock.sleep)
    for _ in range(50):
        mic.read(480)  # 50 x 30 ms
    assert clock.now == pytest.approx(1.5)


def test_wav_microphone_real_clock_is_paced() -> None:
    mic = WavMicrophone(ramp(4800), realtime=True)
    start = time.monotonic()
    for _ in range(10):
        mic.read(480)
    assert 0.25 < time.monotonic() - start < 0.6


# --- reopening ---------------------------------------------------------------------------

class FlakyMic:
    """Works for `good_reads` reads, then fails like an unplugged USB microphone."""

    sample_rate = 16000

    def __init__(self, good_reads: int) -> None:
        self.left = good_reads
        self.closed = False

    def read(self, n: int) -> np.ndarray:
        if self.left <= 0:
            raise AudioError("device unplugged")
        self.left -= 1
        return np.ones(n, dtype=np.int16)

    def close(self) -> None:
        self.closed = True


def test_reopening_microphone_survives_loss_with_backoff(caplog: pytest.LogCaptureFixture) -> None:
    clock = FakeClock()
    opened: list[FlakyMic] = []
    failures = {"left": 3}  # the device stays absent for 3 attempts after the loss

    def open_mic() -> Microphone:
        if opened and failures["left"] > 0:
            failures["left"] -= 1
            raise AudioError("no such device")
        opened.append(FlakyMic(good_reads=2))
        return opened[-1]

    changes: list[bool] = []
    mic = ReopeningMicrophone(open_mic, backoff_s=0.5, backoff_max_s=2.0,
                              on_change=changes.append, clock=clock, sleep=clock.sleep)
    with caplog.at_level(logging.INFO, logger="speech.mic_reopen"):
        reads = [mic.read(1600) for _ in range(60)]  # 6 s of 100 ms blocks
    assert all(len(r) == 1600 for r in reads)  # never raised, never short
    assert reads[0].all() and reads[1].all() and not reads[2].any()  # silence while down
    assert len(opened) >= 2 and opened[0].closed
    assert changes[:2] == [False, True]
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    backs = [r for r in caplog.records if "microphone back" in r.getMessage()]
    assert len(warnings) == len([c for c in changes if not c])  # one warning per outage
    assert backs and "4 attempts" in backs[0].getMessage()
    # Lost at t=0 (read 2); retries after 0.5, 1, 2, 2 s of backoff: back at 5.5 s.
    first_back = next(i for i, r in enumerate(reads) if i > 2 and r.any())
    assert first_back == pytest.approx(2 + 55, abs=1)


def test_reopening_microphone_when_first_open_fails() -> None:
    clock = FakeClock()
    calls = {"n": 0}

    def open_mic() -> Microphone:
        calls["n"] += 1
        if calls["n"] == 1:
            raise OSError("busy")
        return WavMicrophone(ramp(160), realtime=False)

    mic = ReopeningMicrophone(open_mic, backoff_s=0.1, clock=clock, sleep=clock.sleep)
    assert not mic.available and not mic.read(1600).any()  # 100 ms of silence, then retry
    assert mic.read(160).any() and mic.available


def test_reopening_microphone_lets_end_of_audio_through() -> None:
    mic = ReopeningMicrophone(lambda: WavMicrophone(ramp(10), realtime=False, at_end="raise"))
    mic.read(10)
    with pytest.raises(EndOfAudio):
        mic.read(10)


# --- speakers ----------------------------------------------------------------------------

def test_wav_speaker_stop_cuts_a_long_play_quickly(tmp_path: Path) -> None:
    speaker = WavSpeaker(tmp_path / "out.wav", realtime=True)
    assert isinstance(speaker, Speaker)
    ten_seconds = (np.sin(np.arange(220500) / 10) * 10000).astype(np.int16)
    result: dict[str, bool] = {}
    player = threading.Thread(target=lambda: result.update(done=speaker.play(ten_seconds, 22050)))
    player.start()
    time.sleep(0.3)
    assert speaker.is_playing() and speaker.playback_level() > 0.1
    t0 = time.monotonic()
    speaker.stop()
    player.join(2)
    assert time.monotonic() - t0 < 0.05
    assert result["done"] is False and not speaker.is_playing()
    played = speaker.played[0]
    assert not played.completed and 0.2 < len(played.samples) / 22050 < 0.6
    speaker.close()
    assert 0.2 < len(read_wav(tmp_path / "out.wav")) / 16000 < 0.6


def test_wav_speaker_records_everything_and_stop_when_idle_is_harmless() -> None:
    speaker = WavSpeaker(realtime=False)
    speaker.stop()  # nothing playing: must not cut the next play
    assert speaker.play(ramp(2205), 22050) is True
    assert speaker.play(ramp(1600), 16000) is True
    audio, rate = speaker.recording()
    assert rate == 22050 and len(audio) == pytest.approx(2205 + 2205, abs=2)
    assert speaker.playback_level() == 0.0


def test_playback_tap_reference_follows_the_clock() -> None:
    clock = FakeClock()
    tap = PlaybackTap(clock=clock)
    tap.begin(16000)
    tone = (np.sin(np.arange(320) / 3) * 8000).astype(np.int16)
    tap.push(tone)  # 20 ms starts now
    clock.now += 0.02
    ref = tap.reference(0.02)
    assert np.array_equal(ref, tone)
    assert rms_level(ref) == pytest.approx(rms_level(tone))
    clock.now += 1.0  # a second later nothing is playing: the reference is silence
    assert not tap.reference(0.5).any() and tap.level() == 0.0
    assert len(tap.reference(0.5)) == 8000


def test_playback_tap_hears_a_reply_longer_than_its_memory_until_its_end() -> None:
    """A speaker that does not pace its blocks hands the tap a whole reply at once: the
    robot is audible for all of it, not only for its last ``capacity`` seconds."""
    clock = FakeClock()
    tap = PlaybackTap(capacity_s=1.0, clock=clock)
    tap.begin(16000)
    speech = np.full(3 * 16000, 5000, dtype=np.int16)  # three seconds, pushed now
    tap.push(speech)
    for t in (0.3, 1.0, 1.9, 2.9):
        clock.now = t
        assert tap.reference(0.3).all(), f"silent at {t} s while the reply plays"
    clock.now = 3.5
    assert not tap.reference(0.3).any()  # over: silence again


def test_sounddevice_without_a_sound_card_is_a_clear_audio_error() -> None:
    with pytest.raises(AudioError):
        find_device("USB Audio", "input")
    with pytest.raises(AudioError, match="input device"):
        SoundDeviceMicrophone("USB Audio")
    speaker = SoundDeviceSpeaker()
    with pytest.raises(AudioError):
        speaker.play(ramp(1600), 16000)
