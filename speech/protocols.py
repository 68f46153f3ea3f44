"""The speech engines' contracts: what the conversation loop may rely on, and nothing more.

Audio inside the product is always numpy ``int16`` mono. Microphones deliver it at
``sample_rate`` (16 kHz for every microphone built here); speakers accept any rate.

Threads: a ``Microphone`` is read from one listening thread. A ``Speaker`` is played
from one speaking thread while ``stop()``, ``playback_level()`` and ``reference()`` are
called from others (the listening thread gates barge-in on them). An STT engine or a
TTS voice serves one call at a time; build one per thread if you need more.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

import numpy as np

from robot.core.errors import AudioError

SAMPLE_RATE = 16000  # what VAD and every STT engine receive


class EndOfAudio(AudioError):
    """A scripted microphone ran out of audio and was asked to say so (``at_end="raise"``).

    Not a device failure: ``ReopeningMicrophone`` lets it through instead of reopening.
    """

    code = "audio.end"


@dataclass(frozen=True)
class Transcript:
    text: str
    language: str | None
    confidence: float  # 0..1; engine-specific, comparable only within one engine
    duration_s: float  # length of the audio heard


@dataclass(frozen=True)
class SpeechAudio:
    """One synthesised sentence: play it while the next one is synthesised."""

    samples: np.ndarray  # int16 mono
    sample_rate: int
    sentence: str  # the text actually spoken (after normalisation)

    @property
    def duration_s(self) -> float:
        return len(self.samples) / self.sample_rate


@runtime_checkable
class Microphone(Protocol):
    """Mono int16 audio, read in blocks; stays open for the life of the loop."""

    @property
    def sample_rate(self) -> int: ...

    def read(self, n_samples: int) -> np.ndarray:
        """Block until exactly ``n_samples`` are available; AudioError if the device is lost."""
        ...

    def close(self) -> None: ...


@runtime_checkable
class Speaker(Protocol):
    """Plays one buffer at a time; can be cut short from another thread (barge-in)."""

    def play(self, samples: np.ndarray, sample_rate: int) -> bool:
        """Block until played (True) or cut by ``stop()`` (False); AudioError on failure."""
        ...

    def stop(self) -> None:
        """Cut the current ``play()`` within ~50 ms; a no-op when nothing plays.

        It does not stop a *later* play: barge-in must also cancel the speaking task.
        """
        ...

    def is_playing(self) -> bool: ...

    def playback_level(self) -> float:
        """RMS (0..1 of full scale) of what is being played right now; 0.0 when idle."""
        ...

    def reference(self, duration_s: float) -> np.ndarray:
        """The last ``duration_s`` of played audio, 16 kHz int16, silence where idle.

        Aligned with wall-clock time, so the loop can compare it with the microphone's
        last ``duration_s`` to tell the robot's own voice from a visitor's (echo gating).
        """
        ...

    def audible_for(self) -> float:
        """Seconds until what was played so far has been heard: 0.0 for a speaker whose
        ``play()`` returns once heard, more for one that returns earlier (a WAV speaker
        that does not wait). The follow-up window starts after it."""
        ...

    def close(self) -> None: ...


@runtime_checkable
class SttStream(Protocol):
    """One utterance fed as it is heard: partial text while speaking, a transcript at the end."""

    def accept(self, samples: np.ndarray) -> str | None:
        """Feed 16 kHz int16 audio; returns the partial text when it changed, else None."""
        ...

    def final(self) -> Transcript:
        """The transcript of everything accepted; the stream is finished afterwards."""
        ...


@runtime_checkable
class SpeechToText(Protocol):
    """An STT engine with its model loaded (loading is the factory's job, done once)."""

    @property
    def name(self) -> str: ...

    def transcribe(self, audio: np.ndarray, language: str | None = None) -> Transcript:
        """Whole-utterance recognition of 16 kHz int16 audio; SttError on failure.

        ``language`` None means the engine's configured language (or detection when the
        configuration says null).
        """
        ...

    def stream(self, language: str | None = None) -> SttStream: ...


@runtime_checkable
class TextToSpeech(Protocol):
    """A voice: text in, audio out sentence by sentence so playback starts on the first."""

    @property
    def name(self) -> str: ...

    @property
    def language(self) -> str: ...

    def synthesize(self, text: str, rate: float | None = None) -> Iterator[SpeechAudio]:
        """Normalise then speak ``text``; ``rate`` 1.0 = normal, < 1 slower; TtsError on failure.

        Lazy: each chunk is synthesised when the caller asks for it, so cancelling the
        speaking task between sentences wastes no work.
        """
        ...
