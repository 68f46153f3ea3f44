"""The listener as a machine: synthetic microphone audio in, the exact loop events out.

No thread and no real time: each test feeds 30 ms blocks to ``Listener.feed`` with a
clock it advances itself, and the robot's voice goes through a recording speaker whose
timeline runs on the same clock, so echo and barge-in are decided as they are live.
"""

from __future__ import annotations

import numpy as np
from synthetic import SR, pcm, room, voice

from robot.events import (
    BargeIn,
    Event,
    MicrophoneBack,
    MicrophoneLost,
    SpeechEnded,
    SpeechPaused,
    SpeechResumed,
    SpeechStarted,
)
from robot.listener import Listener
from robot.settings import DialogueSettings
from speech.playback import PlaybackTap, WavSpeaker
from speech.settings import VadSettings

BLOCK = 480  # 30 ms
T0 = 1000.0  # wall clock at stream time 0


class Clock:
    def __init__(self) -> None:
        self.t = T0

    def __call__(self) -> float:
        return self.t


def energy_vad(frame: np.ndarray) -> bool:
    """The test decides what is voiced: webrtcvad is tested on its own elsewhere."""
    return float(np.sqrt(np.mean(frame.astype(np.float64) ** 2))) > 150


def silence(seconds: float) -> np.ndarray:
    return np.zeros(int(seconds * SR))


class Rig:
    """A listener, its clock, a recording speaker on that clock, and what it posted."""

    def __init__(self, *, speaker: bool = False, pause_ms: int = 240) -> None:
        self.clock = Clock()
        self.posted: list[Event] = []
        self.speaker: WavSpeaker | None = None
        if speaker:
            self.speaker = WavSpeaker(realtime=False)
            self.speaker.tap = PlaybackTap(clock=self.clock)
        dialogue = DialogueSettings(speculative_pause_ms=pause_ms)
        self.listener = Listener(object(), self.speaker, VadSettings(),  # type: ignore[arg-type]
                                 dialogue, self.posted.append, clock=self.clock,
                                 vad_fn=energy_vad)
        self.stream_s = 0.0

    def hear(self, mic: np.ndarray, *, play: np.ndarray | None = None) -> None:
        """Feed `mic` (float audio) block by block; `play` starts on the speaker with it."""
        if play is not None:
            assert self.speaker is not None
            self.speaker.play(pcm(play), SR)  # heard from now on, as the clock runs
        audio = pcm(mic)
        for i in range(0, len(audio) - BLOCK + 1, BLOCK):
            self.stream_s += BLOCK / SR
            self.clock.t = T0 + self.stream_s
            self.listener.feed(audio[i:i + BLOCK], self.clock.t)

    def kinds(self) -> list[str]:
        return [type(e).__name__ for e in self.posted]


def test_a_question_gives_start_pause_end_in_that_order() -> None:
    rig = Rig()
    rig.hear(np.concatenate([silence(0.6), voice(1.2, seed=1), silence(1.0)]))
    assert rig.kinds() == ["SpeechStarted", "SpeechPaused", "SpeechEnded"]
    started, paused, ended = rig.posted
    # From the first voiced frame (the synthetic voice may open on a silent syllable).
    assert isinstance(started, SpeechStarted) and T0 + 0.6 <= started.t < T0 + 0.85
    assert isinstance(paused, SpeechPaused) and isinstance(ended, SpeechEnded)
    # The speculative transcription gets what was heard up to the pause, and the
    # final utterance the same speech (the pause's silence trimmed to ~200 ms).
    assert abs(paused.t_end - ended.t_end) < 0.031
    assert abs(paused.t_end - (T0 + 1.8)) < 0.15
    assert len(paused.audio) >= SR * 1.1 and len(ended.audio) >= len(paused.audio) - SR * 0.1


def test_a_visitor_who_goes_on_after_a_pause_resumes_the_same_utterance() -> None:
    rig = Rig()
    rig.hear(np.concatenate([silence(0.5), voice(0.9, seed=2), silence(0.45),
                             voice(0.9, seed=3), silence(1.0)]))
    assert rig.kinds() == ["SpeechStarted", "SpeechPaused", "SpeechResumed", "SpeechPaused",
                           "SpeechEnded"]
    first, resumed, second = rig.posted[1], rig.posted[2], rig.posted[3]
    assert isinstance(first, SpeechPaused) and isinstance(second, SpeechPaused)
    assert isinstance(resumed, SpeechResumed) and resumed.t > first.t_end
    assert len(second.audio) > len(first.audio) + SR * 0.9  # both halves, one utterance
    ended = rig.posted[-1]
    assert isinstance(ended, SpeechEnded) and len(ended.audio) >= SR * 2.0


def test_no_pause_events_when_speculation_is_off() -> None:
    rig = Rig(pause_ms=0)
    rig.hear(np.concatenate([silence(0.5), voice(0.9, seed=2), silence(0.45),
                             voice(0.9, seed=3), silence(1.0)]))
    assert rig.kinds() == ["SpeechStarted", "SpeechEnded"]


def test_the_robots_own_voice_opens_no_utterance() -> None:
    rig = Rig(speaker=True)
    rig.hear(silence(0.6))
    played = voice(2.5, seed=4)
    rig.hear(room(played, delay_s=0.03, gain=0.6), play=played)
    rig.hear(silence(1.0))
    assert rig.posted == []
    stats = rig.listener.stats
    assert stats["echo"] > 20 and stats["foreign"] <= 2 and stats["barge_ins"] == 0


def test_a_visitor_speaking_over_the_robot_is_a_barge_in() -> None:
    rig = Rig(speaker=True)
    rig.hear(silence(0.6))
    played = voice(3.0, seed=4)
    visitor = np.concatenate([silence(1.0), voice(1.2, seed=5, level=0.4), silence(0.8)])
    rig.hear(room(played, delay_s=0.03, gain=0.5) + visitor, play=played)
    rig.hear(silence(1.0))
    kinds = rig.kinds()
    assert kinds[0] == "BargeIn" and "SpeechStarted" not in kinds
    assert kinds[-1] == "SpeechEnded"
    barge = rig.posted[0]
    assert isinstance(barge, BargeIn) and abs(barge.t_onset - (T0 + 0.6 + 1.0)) < 0.2
    # The utterance starts near the visitor's onset: the echo-laden pre-roll is dropped.
    ended = rig.posted[-1]
    assert isinstance(ended, SpeechEnded) and len(ended.audio) < SR * 1.8


def test_a_lost_microphone_forgets_the_half_heard_question() -> None:
    rig = Rig()
    rig.hear(np.concatenate([silence(0.5), voice(0.6, seed=6)]))
    rig.listener.mic_changed(False, "unplugged")
    rig.clock.t += 2.0  # no audio while the device is gone
    rig.listener.mic_changed(True)
    rig.hear(np.concatenate([silence(0.5), voice(1.0, seed=7), silence(1.0)]))
    assert rig.kinds() == ["SpeechStarted", "MicrophoneLost", "MicrophoneBack",
                           "SpeechStarted", "SpeechPaused", "SpeechEnded"]
    lost, back = rig.posted[1], rig.posted[2]
    assert isinstance(lost, MicrophoneLost) and lost.error == "unplugged"
    assert isinstance(back, MicrophoneBack) and back.after_s == 2.0
    ended = rig.posted[-1]
    assert isinstance(ended, SpeechEnded) and len(ended.audio) < SR * 1.7  # the new one only
