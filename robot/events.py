"""What happens to the conversation: small frozen events, all through one queue.

Times are ``time.monotonic()`` seconds. Events from a reply job carry its ``turn`` number
so the loop can drop the late words of a job it has already cancelled.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np


@dataclass(frozen=True)
class SpeechStarted:
    """The visitor started speaking (foreign speech while the robot talks is a BargeIn)."""

    t: float


@dataclass(frozen=True)
class SpeechPaused:
    """A short silence inside speech: time to acknowledge and transcribe speculatively."""

    audio: np.ndarray = field(repr=False, compare=False)
    t_end: float  # last voiced audio


@dataclass(frozen=True)
class SpeechResumed:
    """The visitor went on after a pause: the speculative transcription is void."""

    t: float


@dataclass(frozen=True)
class SpeechEnded:
    """End of an utterance, as decided by the endpointer."""

    audio: np.ndarray = field(repr=False, compare=False)
    t_end: float  # last voiced audio (the visitor's real end of speech)
    t_detected: float  # when the endpointer decided (t_end + the end-silence)


@dataclass(frozen=True)
class SpeechDropped:
    """Speech started but was too short to be an utterance (a cough, a door)."""

    t: float


@dataclass(frozen=True)
class BargeIn:
    """The visitor's own voice (not the robot's echo) while the robot speaks."""

    t: float  # when the foreign speech was confirmed
    t_onset: float  # first foreign voiced frame


@dataclass(frozen=True)
class Transcribed:
    turn: int
    text: str
    confidence: float
    stt_ms: float
    speculative: bool = False


@dataclass(frozen=True)
class AnswerStarted:
    """The first audio sample of a reply went to the speaker."""

    turn: int
    first_audio_t: float


@dataclass(frozen=True)
class AnswerReady:
    """The Answerer's final Answer (sources, declined), sent by the reply's thread the
    moment it exists: the loop keeps it in the turn instead of reading the job's fields."""

    turn: int
    answer: Any  # rag.types.Answer


@dataclass(frozen=True)
class SentenceSpoken:
    """One sentence of a reply started playing (for the transcript and subtitles)."""

    turn: int
    text: str


@dataclass(frozen=True)
class SpeakingDone:
    turn: int
    interrupted: bool
    spoken: str  # what was actually played, sentence by sentence
    answer: Any = None  # rag.types.Answer when the reply came from the Answerer
    timings_ms: dict[str, float] = field(default_factory=dict, compare=False)
    audible_s: float = 0.0  # the reply is still being heard this long (speaker.audible_for)


@dataclass(frozen=True)
class StageFailed:
    turn: int
    stage: str  # "stt" | "retrieval" | "llm" | "tts" | "audio"
    error: str


@dataclass(frozen=True)
class MicrophoneLost:
    error: str


@dataclass(frozen=True)
class MicrophoneBack:
    after_s: float


@dataclass(frozen=True)
class HeadEvent:
    """An event from the head (touch, button, presence, device error, battery)."""

    event: Any


@dataclass(frozen=True)
class Tick:
    t: float


@dataclass(frozen=True)
class Shutdown:
    reason: str = ""


Event = (
    SpeechStarted | SpeechPaused | SpeechResumed | SpeechEnded | SpeechDropped | BargeIn
    | Transcribed | AnswerStarted | AnswerReady | SentenceSpoken | SpeakingDone | StageFailed
    | MicrophoneLost | MicrophoneBack | HeadEvent | Tick | Shutdown
)
