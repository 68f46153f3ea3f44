"""The bench rig shared by `robot demo`, `robot bench`, `robot eval --spoken` and the loop tests.

A synthetic visitor (espeak-ng French, or Kokoro with a voice named `kokoro[:name]`), a
microphone that also hears the robot's own voice (the played audio mixed back with a gain
and a delay, so echo gating is tested for real), the sample corpus synced into the data
dir, a Whisper vocabulary prompt built from the corpus titles, and the simulated head on a
pseudo-terminal.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from models.manifest import load_manifest
from robot import compose
from robot.context import Context
from robot.core.errors import AudioError, ModelError
from robot.core.paths import default_models_dir
from speech import visitor
from speech.protocols import SAMPLE_RATE, Microphone, Speaker
from speech.tts_kokoro import KokoroModel

log = logging.getLogger(__name__)
VISITOR_VOICE = "fr"
VISITOR_WPM = 175  # measured: espeak-ng slower than its default is heard *worse* by Whisper
KOKORO_MODEL = "kokoro-82m"  # installed by `robot models install test`


@cache
def kokoro_model(models_dir: Path) -> KokoroModel:
    """The Kokoro model, loaded once per models dir for every visitor line."""
    return KokoroModel.load(load_manifest().spec(KOKORO_MODEL).folder(models_dir))


def check_visitor_voice(voice: str, models_dir: Path | None = None) -> None:
    """Fail before a long run, not in its middle: the Kokoro model and voice must exist."""
    name = visitor.kokoro_voice(voice)
    if name is None:
        return
    model = kokoro_model(models_dir or default_models_dir())
    if name not in model.styles:
        known = ", ".join(f"{visitor.KOKORO}:{v}" for v in model.voices)
        raise ModelError(f"no Kokoro voice {name!r}", hint=f"voices: {known}")


def visitor_speech(text: str, wpm: int = VISITOR_WPM, voice: str = VISITOR_VOICE,
                   models_dir: Path | None = None) -> np.ndarray:
    """A visitor saying ``text``, 16 kHz int16: espeak-ng ``voice``, or Kokoro for
    `kokoro[:name]` (its speed ``wpm`` relative to espeak-ng's default 175)."""
    name = visitor.kokoro_voice(voice)
    if name is None:
        return visitor.espeak(text, wpm, voice)
    return visitor.kokoro(text, kokoro_model(models_dir or default_models_dir()), name, wpm)


class EchoMicrophone:
    """A microphone in the same room as the robot's loudspeaker.

    Each block read from ``inner`` gets what the speaker played ``delay_s`` earlier, times
    ``gain``: the robot hears itself, as a real robot does.
    """

    def __init__(self, inner: Microphone, speaker: Speaker, gain: float = 0.3,
                 delay_s: float = 0.05) -> None:
        self.inner, self.speaker, self.gain, self.delay_s = inner, speaker, gain, delay_s
        self._t0: float | None = None
        self._delivered = 0

    @property
    def sample_rate(self) -> int:
        return SAMPLE_RATE

    @property
    def available(self) -> bool:
        return bool(getattr(self.inner, "available", True))

    def read(self, n_samples: int) -> np.ndarray:
        if self._t0 is None:  # the paced WAV microphone starts its clock on this read too
            self._t0 = time.monotonic()
        block = self.inner.read(n_samples)
        self._delivered += n_samples
        late = max(0.0, time.monotonic() - self._t0 - self._delivered / SAMPLE_RATE)
        if self.gain <= 0:
            return block
        # The echo of what was playing when this block was captured, even if read late.
        ref = self.speaker.reference(n_samples / SAMPLE_RATE + self.delay_s + late)[:n_samples]
        mixed = block.astype(np.int32) + (ref.astype(np.float64) * self.gain).astype(np.int32)
        return np.clip(mixed, -32768, 32767).astype(np.int16)

    def feed(self, samples: np.ndarray) -> None:
        self.inner.feed(samples)  # type: ignore[attr-defined]

    def resync(self) -> None:
        """The device was opened again: its stream, and so the capture times, start now."""
        self._t0, self._delivered = None, 0
        resync = getattr(self.inner, "resync", None)
        if resync is not None:
            resync()

    def close(self) -> None:
        self.inner.close()


class FlakyMicrophone:
    """A microphone whose device can be pulled out (tests of the reopening microphone)."""

    def __init__(self, inner: Microphone) -> None:
        self.inner = inner
        self.unplugged = threading.Event()
        self.opened = 0

    def open(self) -> FlakyMicrophone:
        """The ReopeningMicrophone's ``open_mic``: fails while unplugged."""
        if self.unplugged.is_set():
            raise AudioError("no such device")
        self.opened += 1
        resync = getattr(self.inner, "resync", None)
        if resync is not None and self.opened > 1:
            resync()  # a reopened device hears from now on, it has no backlog
        return self

    @property
    def sample_rate(self) -> int:
        return SAMPLE_RATE

    def read(self, n_samples: int) -> np.ndarray:
        if self.unplugged.is_set():
            raise AudioError("device disappeared")
        return self.inner.read(n_samples)

    def close(self) -> None:
        pass


def corpus_dir() -> Path:
    """The sample commune's documents shipped with the package."""
    import rag.settings  # a module file: under pytest, tests/rag can shadow the package dir

    return Path(rag.settings.__file__).parent / "corpus" / "documents"


def ensure_index(ctx: Context, folder: Path | None = None) -> str:
    """Sync the sample corpus into the data dir's index if it is empty; says what it did."""

    store = compose.index_store(ctx)
    if store.current_version() is not None:
        return f"index version {store.current_version()} already present"
    ctx.data.ensure()
    report = store.sync(folder or corpus_dir())
    added = getattr(report, "added", None)
    count = len(added) if isinstance(added, list | tuple) else added
    return f"sample corpus indexed ({count} documents)"


def with_settings(ctx: Context, **sections: dict[str, Any]) -> Context:
    """A copy of ``ctx`` whose named settings sections have some fields replaced."""
    s = ctx.settings
    update = {name: getattr(s, name).model_copy(update=fields)
              for name, fields in sections.items()}
    return dataclasses.replace(ctx, settings=s.model_copy(update=update))


def start_simulated_head(ctx: Context) -> tuple[Any, Any, Context]:
    """The in-process simulated head on a pty, and a SerialHead connected to it."""
    from hardware.head import SerialHead
    from hardware.simulator import SimulatedHead

    sim = SimulatedHead()
    path = sim.start()
    ctx = with_settings(ctx, head={"enabled": True, "port": path})
    head = SerialHead(ctx.settings.head)
    return sim, head, ctx


def timed_speaker(realtime: bool = True) -> Any:
    """A WavSpeaker that also notes when each play() started and ended (wall clock)."""
    from speech.playback import WavSpeaker

    class TimedSpeaker(WavSpeaker):
        def __init__(self) -> None:
            super().__init__(realtime=realtime)
            self.spans: list[tuple[float, float]] = []

        def play(self, samples: np.ndarray, sample_rate: int) -> bool:
            start = time.monotonic()
            try:
                return super().play(samples, sample_rate)
            finally:
                self.spans.append((start, time.monotonic()))

    return TimedSpeaker()
