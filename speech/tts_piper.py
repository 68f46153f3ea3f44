"""Piper voices (piper-tts 1.8, ONNX): natural speech, one chunk per sentence."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from robot.core.errors import ModelError, TtsError
from speech.protocols import SpeechAudio
from speech.textclean import prepare

log = logging.getLogger(__name__)


def with_pause(samples: np.ndarray, sample_rate: int, pause_s: float) -> np.ndarray:
    """Trailing silence between sentences, so chunks played back to back breathe."""
    if pause_s <= 0:
        return samples
    return np.concatenate([samples, np.zeros(int(pause_s * sample_rate), dtype=np.int16)])


class PiperTts:
    def __init__(self, model_path: Path, rate: float = 1.0, sentence_silence_s: float = 0.25,
                 language: str | None = None) -> None:
        try:
            from piper import PiperVoice, SynthesisConfig

            start = time.perf_counter()
            self._voice: Any = PiperVoice.load(model_path)
        except Exception as exc:
            raise ModelError(f"cannot load the Piper voice {model_path}: {exc}",
                             hint="a voice needs its .onnx and .onnx.json side by side") from None
        self._config_cls = SynthesisConfig
        self.load_s = time.perf_counter() - start
        self.model_path = model_path
        self.rate, self.sentence_silence_s = rate, sentence_silence_s
        self.sample_rate = int(self._voice.config.sample_rate)
        self._length_scale = float(self._voice.config.length_scale or 1.0)
        voice_lang = str(getattr(self._voice.config, "espeak_voice", "") or "")
        self._language = language or voice_lang.split("-")[0] or "en"
        log.info("piper voice %s loaded in %.2f s", model_path.name, self.load_s)

    @property
    def name(self) -> str:
        return f"piper:{self.model_path.stem}"

    @property
    def language(self) -> str:
        return self._language

    def synthesize(self, text: str, rate: float | None = None) -> Iterator[SpeechAudio]:
        speed = rate or self.rate
        config = self._config_cls(length_scale=self._length_scale / speed)
        sentences = prepare(text, self._language)
        for i, sentence in enumerate(sentences):
            try:
                chunks = [c.audio_int16_array for c in self._voice.synthesize(sentence, config)]
            except Exception as exc:
                raise TtsError(f"piper failed on {sentence[:40]!r}: {exc}") from None
            if not chunks:
                continue
            samples = np.concatenate(chunks)
            if i < len(sentences) - 1:
                samples = with_pause(samples, self.sample_rate, self.sentence_silence_s)
            yield SpeechAudio(samples, self.sample_rate, sentence)
