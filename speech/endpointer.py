"""When does an utterance start and end? A pure state machine fed one VAD decision per frame.

No clock, no audio, no I/O (like Home Assistant's VoiceCommandSegmenter): the caller
passes each frame's length and whether the VAD heard speech, and gets a boundary event
back when one happens. Everything is in milliseconds of *audio*, so tests are exact.

    SILENCE --speech for start_speech_ms--> SPEECH (START)
    SPEECH --silence for end_silence_ms--> SILENCE (END, or DISCARD if < min_speech_ms voiced)
    SPEECH --max_utterance_ms of audio--> SILENCE (MAX_LENGTH, or DISCARD)
    inside SPEECH: silence for pause_ms --> PAUSE; speech after a PAUSE --> RESUME
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from speech.settings import VadSettings


class Boundary(Enum):
    START = "start"  # speech confirmed: an utterance begins
    END = "end"  # enough silence after enough speech
    MAX_LENGTH = "max_length"  # cut: the visitor spoke longer than max_utterance_s
    DISCARD = "discard"  # it ended, but with too little speech: a cough, a door, a click
    PAUSE = "pause"  # a short silence inside speech: the visitor may have finished
    RESUME = "resume"  # speech again after a PAUSE: they had not


@dataclass(frozen=True)
class EndpointEvent:
    boundary: Boundary
    lookback_ms: int  # START: audio before the current frame's end that belongs to it
    speech_ms: int  # voiced audio in the utterance so far
    length_ms: int  # utterance length from the first speech frame, trailing silence included
    silence_ms: int  # trailing silence at an end


@dataclass(frozen=True)
class EndpointConfig:
    start_speech_ms: int = 90
    end_silence_ms: int = 700
    min_speech_ms: int = 250
    max_utterance_ms: int = 15000
    pre_roll_ms: int = 300
    pause_ms: int = 0  # 0: no PAUSE/RESUME (only the loop transcribes speculatively)

    @classmethod
    def from_settings(cls, vad: VadSettings) -> EndpointConfig:
        return cls(
            start_speech_ms=vad.start_speech_ms,
            end_silence_ms=vad.end_silence_ms,
            min_speech_ms=vad.min_speech_ms,
            max_utterance_ms=int(vad.max_utterance_s * 1000),
            pre_roll_ms=vad.pre_roll_ms,
        )


class Endpointer:
    """One per audio stream; ``process()`` every frame in order."""

    def __init__(self, config: EndpointConfig | None = None) -> None:
        self.config = config or EndpointConfig()
        self.reset()

    def reset(self) -> None:
        self._in_speech = False
        self._run_ms = 0  # consecutive speech before START
        self._speech_ms = 0
        self._length_ms = 0
        self._silence_ms = 0
        self._paused = False

    @property
    def in_utterance(self) -> bool:
        return self._in_speech

    def process(self, frame_ms: int, is_speech: bool) -> EndpointEvent | None:
        if not self._in_speech:
            return self._idle(frame_ms, is_speech)
        return self._speaking(frame_ms, is_speech)

    def _idle(self, frame_ms: int, is_speech: bool) -> EndpointEvent | None:
        if not is_speech:
            self._run_ms = 0  # a VAD blip must be consecutive speech to open an utterance
            return None
        self._run_ms += frame_ms
        if self._run_ms < self.config.start_speech_ms:
            return None
        self._in_speech = True
        self._speech_ms = self._length_ms = self._run_ms
        self._silence_ms = 0
        lookback = self._run_ms + self.config.pre_roll_ms
        return self._event(Boundary.START, lookback_ms=lookback)

    def _speaking(self, frame_ms: int, is_speech: bool) -> EndpointEvent | None:
        self._length_ms += frame_ms
        if is_speech:
            self._speech_ms += frame_ms
            self._silence_ms = 0
        else:
            self._silence_ms += frame_ms
        if self._silence_ms >= self.config.end_silence_ms:
            return self._close(Boundary.END)
        if self._length_ms >= self.config.max_utterance_ms:
            return self._close(Boundary.MAX_LENGTH)
        if is_speech and self._paused:
            self._paused = False
            return self._event(Boundary.RESUME)
        pause = self.config.pause_ms
        if pause and not self._paused and self._silence_ms >= pause:
            self._paused = True
            return self._event(Boundary.PAUSE)
        return None

    def _close(self, boundary: Boundary) -> EndpointEvent:
        if self._speech_ms < self.config.min_speech_ms:
            boundary = Boundary.DISCARD
        event = self._event(boundary)
        self.reset()
        return event

    def _event(self, boundary: Boundary, lookback_ms: int = 0) -> EndpointEvent:
        return EndpointEvent(
            boundary=boundary,
            lookback_ms=lookback_ms,
            speech_ms=self._speech_ms,
            length_ms=self._length_ms,
            silence_ms=self._silence_ms,
        )
