"""The pure endpointer on synthetic frame sequences, then the segmenter's audio handling."""

from __future__ import annotations

import numpy as np
import pytest

from speech.endpointer import Boundary, EndpointConfig, Endpointer
from speech.mic_wav import WavMicrophone
from speech.segmenter import (
    Segmenter,
    SpeechContinues,
    SpeechDiscarded,
    SpeechEnded,
    SpeechStarted,
    UtteranceReader,
)

CFG = EndpointConfig(start_speech_ms=90, end_silence_ms=300, min_speech_ms=250,
                     max_utterance_ms=3000, pre_roll_ms=150)
F = 30  # ms per frame


def run(pattern: str, cfg: EndpointConfig = CFG) -> list[tuple[int, Boundary]]:
    """'s' = speech frame, '.' = silence; returns (frame index, boundary) for each event."""
    ep = Endpointer(cfg)
    out = []
    for i, ch in enumerate(pattern.replace(" ", "")):
        event = ep.process(F, ch == "s")
        if event is not None:
            out.append((i, event.boundary))
    return out


def test_silence_gives_nothing() -> None:
    assert run("." * 200) == []


def test_speech_starts_after_start_speech_ms_and_ends_after_silence() -> None:
    # 3 speech frames = 90 ms: START on frame 2; 10 silent frames = 300 ms: END on frame 21.
    assert run("." * 5 + "s" * 12 + "." * 12) == [(7, Boundary.START), (26, Boundary.END)]


def test_short_vad_blips_never_start() -> None:
    assert run("ss." * 30) == []


def test_noise_burst_is_discarded() -> None:
    # 150 ms of "speech" opens an utterance but is under min_speech_ms.
    events = run("....." + "s" * 5 + "." * 15)
    assert [b for _, b in events] == [Boundary.START, Boundary.DISCARD]


def test_pause_shorter_than_end_silence_keeps_the_utterance() -> None:
    events = run("s" * 10 + "." * 8 + "s" * 10 + "." * 10)
    assert [b for _, b in events] == [Boundary.START, Boundary.END]


def test_too_long_utterance_is_cut_at_max_length() -> None:
    events = run("s" * 250)  # 7.5 s of speech, max 3 s
    assert events[:2] == [(2, Boundary.START), (99, Boundary.MAX_LENGTH)]  # 100 frames = 3 s
    ep = Endpointer(CFG)
    results = [ep.process(F, True) for _ in range(102)]
    cut = next(e for e in results if e and e.boundary is Boundary.MAX_LENGTH)
    assert cut.length_ms == 3000 and cut.speech_ms == 3000


def test_start_event_reports_lookback_for_pre_roll() -> None:
    ep = Endpointer(CFG)
    events = [ep.process(F, s) for s in [False] * 10 + [True] * 3]
    start = events[-1]
    assert start is not None and start.boundary is Boundary.START
    assert start.lookback_ms == 90 + 150  # the speech run plus the pre-roll


def test_end_event_carries_speech_and_silence() -> None:
    ep = Endpointer(CFG)
    events = [ep.process(F, s) for s in [True] * 20 + [False] * 10]
    end = events[-1]
    assert end is not None and end.boundary is Boundary.END
    assert (end.speech_ms, end.silence_ms, end.length_ms) == (600, 300, 900)
    assert not ep.in_utterance


@pytest.mark.parametrize("frame_ms", [10, 20, 30])
def test_frame_sizes(frame_ms: int) -> None:
    ep = Endpointer(CFG)
    n_speech, n_silence = 600 // frame_ms, 300 // frame_ms
    events = [ep.process(frame_ms, s) for s in [True] * n_speech + [False] * n_silence]
    kinds = [e.boundary for e in events if e]
    assert kinds == [Boundary.START, Boundary.END]


# --- segmenter: audio, pre-roll, timing (an energy "VAD" so the frames are exact) -------

def energy_vad(frame: np.ndarray) -> bool:
    return bool(np.abs(frame).mean() > 1000)


def tone(ms: int, amp: int = 8000, freq: float = 300.0) -> np.ndarray:
    t = np.arange(16 * ms) / 16000
    return (amp * np.sin(2 * np.pi * freq * t)).astype(np.int16)


def quiet(ms: int, level: int = 0) -> np.ndarray:
    return np.full(16 * ms, level, dtype=np.int16)


def test_segmenter_keeps_pre_roll_and_first_syllable() -> None:
    seg = Segmenter(CFG, frame_ms=30, vad=energy_vad)
    # A marker just before the speech: quiet to the VAD, but inside the pre-roll.
    marker = quiet(60, level=7)
    audio = np.concatenate([quiet(600), marker, tone(600), quiet(600)])
    events = seg.feed(audio)
    kinds = [type(e) for e in events]
    assert kinds[0] is SpeechStarted and kinds[-1] is SpeechEnded
    started = events[0]
    assert isinstance(started, SpeechStarted)
    assert started.at_s == pytest.approx(0.66)
    utt = events[-1].utterance  # type: ignore[union-attr]
    assert (utt.audio == 7).sum() >= 16 * 60  # the marker made it in: pre-roll kept
    # Every speech sample is in the utterance, from the first one on.
    assert np.count_nonzero(np.abs(utt.audio) > 1000) == np.count_nonzero(np.abs(tone(600)) > 1000)
    assert utt.start_s == pytest.approx(0.66) and utt.end_s == pytest.approx(1.26)
    # Trailing silence is trimmed to ~200 ms; pre-roll is 150 ms.
    assert utt.duration_s == pytest.approx(0.15 + 0.6 + 0.2, abs=0.031)


def test_segmenter_streams_the_utterance_in_order() -> None:
    seg = Segmenter(CFG, frame_ms=20, vad=energy_vad)
    audio = np.concatenate([quiet(400), tone(800), quiet(500)])
    events = []
    for i in range(0, len(audio), 480):  # odd block size: frames straddle blocks
        events += seg.feed(audio[i:i + 480])
    start = next(e for e in events if isinstance(e, SpeechStarted))
    parts = [start.audio] + [e.audio for e in events if isinstance(e, SpeechContinues)]
    end = next(e for e in events if isinstance(e, SpeechEnded))
    streamed = np.concatenate(parts)  # all of it, trailing silence included
    utt = end.utterance.audio  # trailing silence trimmed
    assert len(streamed) > len(utt) and np.array_equal(streamed[:len(utt)], utt)


def test_segmenter_discards_a_click() -> None:
    seg = Segmenter(CFG, frame_ms=30, vad=energy_vad)
    events = seg.feed(np.concatenate([quiet(300), tone(150), quiet(600)]))
    kinds = [type(e) for e in events if not isinstance(e, SpeechContinues)]
    assert kinds == [SpeechStarted, SpeechDiscarded]


def test_gate_can_silence_frames() -> None:
    seg = Segmenter(CFG, frame_ms=30, vad=energy_vad)
    events = seg.feed(np.concatenate([quiet(300), tone(600), quiet(600)]), gate=lambda f: False)
    assert events == []


def test_listener_with_real_webrtcvad_on_a_wav_microphone() -> None:
    # A voiced-like harmonic signal: webrtcvad takes it for speech.
    t = np.arange(16000) / 16000
    voiced = np.sum([np.sin(2 * np.pi * f * t) for f in (150, 300, 450, 600, 900)], axis=0) * 3000
    audio = np.concatenate([quiet(500), voiced.astype(np.int16), quiet(1500)])
    mic = WavMicrophone(audio, realtime=False)
    listener = UtteranceReader(mic, Segmenter(CFG, frame_ms=30, aggressiveness=2))
    utt = listener.next_utterance(max_wait_s=5)
    assert utt is not None and utt.boundary is Boundary.END
    assert utt.duration_s > 0.9
    assert listener.next_utterance(max_wait_s=1) is None


@pytest.mark.parametrize(("pause_s", "joined"), [(1.0, True), (2.5, False)])
def test_the_spoken_evaluation_joins_a_question_said_in_two_breaths(pause_s: float,
                                                                    joined: bool) -> None:
    """rag/eval_spoken.py hears what the live loop hears: a second breath that starts
    within ``dialogue.join_gap_s`` of the first's end is part of the question (espeak-ng
    speech, the real webrtcvad and endpointer)."""
    from robot.settings import DialogueSettings
    from speech.settings import VadSettings
    from speech.visitor import espeak, first_utterance

    first = espeak("Je serai en cure au moment des élections.")
    second = espeak("Comment je fais pour voter ?")
    pause = np.zeros(int(pause_s * 16000), dtype=np.int16)
    audio = np.concatenate((first, pause, second))
    alone, cut = first_utterance(audio, VadSettings())
    assert cut and len(alone) < len(first) + 8000  # the first breath only
    heard, _ = first_utterance(audio, VadSettings(), DialogueSettings().join_gap_s)
    if joined:
        assert len(heard) > len(first) + 0.8 * len(second)
    else:
        assert len(heard) == len(alone)
