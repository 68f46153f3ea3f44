"""Audio in, utterances out: webrtcvad frames driving the pure endpointer, with pre-roll.

No device and no clock here either: time is counted in samples fed, so a WAV file, a
live microphone and a test all give the same answer. ``UtteranceReader`` adds the microphone.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from robot.core.errors import AudioError
from speech.endpointer import Boundary, EndpointConfig, Endpointer
from speech.protocols import SAMPLE_RATE, Microphone
from speech.settings import VadSettings

log = logging.getLogger(__name__)

Gate = Callable[[np.ndarray], bool]  # False: treat this frame as silence (echo gating)
_KEEP_TRAILING_MS = 200  # of the closing silence, enough for STT to hear the last word end


def joined(first: np.ndarray, then: np.ndarray) -> np.ndarray:
    """One question said in two breaths, as STT hears it: 0.2 s of silence between them."""
    return np.concatenate((first, np.zeros(SAMPLE_RATE // 5, dtype=np.int16), then))


@dataclass(frozen=True)
class Utterance:
    audio: np.ndarray  # 16 kHz int16: pre-roll, speech, a little trailing silence
    start_s: float  # stream time of the first speech frame
    end_s: float  # stream time of the last speech frame
    boundary: Boundary  # END, or MAX_LENGTH when cut

    @property
    def duration_s(self) -> float:
        return len(self.audio) / SAMPLE_RATE


@dataclass(frozen=True)
class SpeechStarted:
    at_s: float  # stream time of the first speech frame
    audio: np.ndarray  # pre-roll and the speech heard so far: feed it to a streaming STT


@dataclass(frozen=True)
class SpeechContinues:
    """More utterance audio, in order, closing silence included (the final Utterance
    trims that silence to ~200 ms, so it is a prefix of what was streamed)."""

    audio: np.ndarray


@dataclass(frozen=True)
class SpeechPaused:
    """A short silence inside speech (EndpointConfig.pause_ms): what was heard so far,
    pre-roll and the pause included, to transcribe before the visitor is surely done."""

    audio: np.ndarray
    end_s: float  # stream time of the last speech frame


@dataclass(frozen=True)
class SpeechResumed:
    at_s: float  # stream time of the frame that went on after the pause


@dataclass(frozen=True)
class SpeechEnded:
    utterance: Utterance


@dataclass(frozen=True)
class SpeechDiscarded:
    at_s: float
    speech_ms: int  # too short to be a question: a cough or a door


SegmentEvent = (SpeechStarted | SpeechContinues | SpeechPaused | SpeechResumed | SpeechEnded
                | SpeechDiscarded)


def webrtc_vad(aggressiveness: int) -> Callable[[np.ndarray], bool]:
    import webrtcvad

    vad = webrtcvad.Vad(aggressiveness)
    return lambda frame: bool(vad.is_speech(frame.tobytes(), SAMPLE_RATE))


class Segmenter:
    """Feed any amount of 16 kHz audio; get start/continue/end/discard events back."""

    def __init__(
        self,
        config: EndpointConfig,
        frame_ms: int = 30,
        vad: Callable[[np.ndarray], bool] | None = None,
        aggressiveness: int = 2,
    ) -> None:
        if frame_ms not in (10, 20, 30):
            raise AudioError(f"VAD frames must be 10, 20 or 30 ms, not {frame_ms}")
        self.frame_ms = frame_ms
        self.frame_len = SAMPLE_RATE * frame_ms // 1000
        self._vad = vad or webrtc_vad(aggressiveness)
        self._endpointer = Endpointer(config)
        ring_frames = (config.pre_roll_ms + config.start_speech_ms) // frame_ms + 2
        self._ring: deque[np.ndarray] = deque(maxlen=ring_frames)
        self._pending = np.zeros(0, dtype=np.int16)
        self._utterance: list[np.ndarray] = []
        self._frames_seen = 0
        self._start_frame = 0
        self._last_speech_frame = 0

    @classmethod
    def from_settings(cls, vad: VadSettings) -> Segmenter:
        return cls(EndpointConfig.from_settings(vad), vad.frame_ms,
                   aggressiveness=vad.aggressiveness)

    @property
    def in_utterance(self) -> bool:
        return self._endpointer.in_utterance

    @property
    def time_s(self) -> float:
        return self._frames_seen * self.frame_ms / 1000

    def reset(self) -> None:
        """Forget any utterance in progress (e.g. the robot starts listening afresh)."""
        self._endpointer.reset()
        self._ring.clear()
        self._utterance = []
        self._pending = np.zeros(0, dtype=np.int16)

    def feed(self, samples: np.ndarray, gate: Gate | None = None) -> list[SegmentEvent]:
        audio = np.concatenate([self._pending, np.asarray(samples, dtype=np.int16)])
        n = len(audio) // self.frame_len
        self._pending = audio[n * self.frame_len:]
        events: list[SegmentEvent] = []
        grown: list[np.ndarray] = []
        for i in range(n):
            frame = audio[i * self.frame_len:(i + 1) * self.frame_len]
            speech = self._vad(frame) and (gate is None or gate(frame))
            self._frames_seen += 1
            if speech:
                self._last_speech_frame = self._frames_seen
            was_in = self._endpointer.in_utterance
            event = self._endpointer.process(self.frame_ms, speech)
            self._ring.append(frame)
            if was_in and event is None:
                self._utterance.append(frame)
                grown.append(frame)
                continue
            if event is None:
                continue
            if event.boundary in (Boundary.PAUSE, Boundary.RESUME):
                self._utterance.append(frame)
                grown.append(frame)
            if grown:
                events.append(SpeechContinues(np.concatenate(grown)))
                grown = []
            if event.boundary is Boundary.PAUSE:
                events.append(SpeechPaused(np.concatenate(self._utterance),
                                           self._frame_time(self._last_speech_frame)))
            elif event.boundary is Boundary.RESUME:
                events.append(SpeechResumed(self._frame_time(self._frames_seen - 1)))
            elif event.boundary is Boundary.START:
                take = min(len(self._ring), -(-event.lookback_ms // self.frame_ms))
                self._utterance = list(self._ring)[-take:]
                run_frames = event.speech_ms // self.frame_ms
                self._start_frame = self._frames_seen - run_frames + 1
                events.append(SpeechStarted(self._frame_time(self._start_frame - 1),
                                            np.concatenate(self._utterance)))
            elif event.boundary is Boundary.DISCARD:
                self._utterance = []
                events.append(SpeechDiscarded(self.time_s, event.speech_ms))
            else:
                self._utterance.append(frame)
                events.append(SpeechEnded(self._finish(event.boundary, event.silence_ms)))
        if grown:
            events.append(SpeechContinues(np.concatenate(grown)))
        return events

    def _frame_time(self, frames: int) -> float:
        return frames * self.frame_ms / 1000

    def _finish(self, boundary: Boundary, silence_ms: int) -> Utterance:
        audio = np.concatenate(self._utterance)
        self._utterance = []
        drop_ms = max(0, silence_ms - _KEEP_TRAILING_MS)
        if drop_ms:
            audio = audio[: len(audio) - SAMPLE_RATE * drop_ms // 1000]
        return Utterance(
            audio=audio,
            start_s=self._frame_time(self._start_frame - 1),
            end_s=self._frame_time(self._last_speech_frame),
            boundary=boundary,
        )


class UtteranceReader:
    """Reads a microphone until the next utterance: for one-shot commands and tests
    (the live loop runs its own listener thread on a Segmenter)."""

    def __init__(self, mic: Microphone, segmenter: Segmenter, block_ms: int = 30) -> None:
        if mic.sample_rate != SAMPLE_RATE:
            raise AudioError(f"the microphone gives {mic.sample_rate} Hz, VAD needs {SAMPLE_RATE}")
        self.mic, self.segmenter = mic, segmenter
        self.block = SAMPLE_RATE * block_ms // 1000

    def next_utterance(self, max_wait_s: float | None = None) -> Utterance | None:
        """The next complete utterance, or None after ``max_wait_s`` of audio without one."""
        waited = 0.0
        while max_wait_s is None or waited < max_wait_s or self.segmenter.in_utterance:
            for event in self.segmenter.feed(self.mic.read(self.block)):
                if isinstance(event, SpeechEnded):
                    return event.utterance
                if isinstance(event, SpeechDiscarded):
                    log.debug("ignored %d ms of noise", event.speech_ms)
            waited += self.block / SAMPLE_RATE
        return None
