"""Whisper through faster-whisper (CTranslate2, int8 on CPU), on whole utterances.

Whisper is not a streaming model: ``stream()`` buffers the utterance and transcribes it
at ``final()``; with ``partial_interval_s`` > 0 it also re-transcribes the growing
buffer for partial text, which costs CPU the loop may need elsewhere (off by default).
"""

from __future__ import annotations

import logging
import math
import time
from pathlib import Path
from typing import Any

import numpy as np

from robot.core.errors import ModelError, SttError
from speech.protocols import SAMPLE_RATE, Transcript

log = logging.getLogger(__name__)
# Greedy, no temperature fallback, and no repeated 3-grams: on unclear speech Whisper
# loops ("une nouvelle fois, une nouvelle fois..."). The fallback fixes that with up to
# six decodes and random results; forbidding repeats fixed it as well on our French
# measurements (robot.bench_speech), deterministically and about 2.5x faster.
_TEMPERATURE = 0.0
_NO_REPEAT_NGRAM = 3


def _max_tokens(duration_s: float) -> int:
    """Speech is < 6 tokens/s: more is a hallucination loop, cut short (and cheap)."""
    return min(200, 12 + int(8 * duration_s))


class WhisperStt:
    def __init__(
        self,
        model_dir: Path,
        language: str | None = "fr",
        threads: int = 2,
        beam_size: int = 1,
        initial_prompt: str = "",
        compute_type: str = "int8",
        partial_interval_s: float = 0.0,
    ) -> None:
        folder = model_dir.parent if model_dir.name == "model.bin" else model_dir
        try:
            from faster_whisper import WhisperModel

            logging.getLogger("faster_whisper").setLevel(logging.WARNING)  # a line per call

            start = time.perf_counter()
            self._model: Any = WhisperModel(
                str(folder), device="cpu", compute_type=compute_type, cpu_threads=threads,
                num_workers=1, local_files_only=True,
            )
        except Exception as exc:
            raise ModelError(f"cannot load the Whisper model in {folder}: {exc}",
                             hint="run `robot models verify`") from None
        self.load_s = time.perf_counter() - start
        self.language, self.beam_size = language, beam_size
        self.initial_prompt = initial_prompt or None
        self.partial_interval_s = partial_interval_s
        log.info("whisper loaded from %s in %.2f s", folder, self.load_s)

    @property
    def name(self) -> str:
        return "whisper"

    def transcribe(self, audio: np.ndarray, language: str | None = None) -> Transcript:
        audio = np.asarray(audio, dtype=np.int16).reshape(-1)
        duration = len(audio) / SAMPLE_RATE
        lang = language or self.language
        if duration < 0.1:  # Whisper hallucinates on (near) nothing
            return Transcript("", lang, 0.0, duration)
        try:
            segments, info = self._model.transcribe(
                audio.astype(np.float32) / 32768.0,
                language=lang,
                beam_size=self.beam_size,
                initial_prompt=self.initial_prompt,
                temperature=_TEMPERATURE,
                no_repeat_ngram_size=_NO_REPEAT_NGRAM,
                max_new_tokens=_max_tokens(duration),
                condition_on_previous_text=False,
                without_timestamps=True,
                vad_filter=False,  # our endpointer already cut the utterance
            )
            segments = list(segments)  # decoding happens while iterating
        except Exception as exc:
            raise SttError(f"whisper failed: {exc}") from None
        text = " ".join(s.text.strip() for s in segments if s.text.strip())
        if segments:
            avg = sum(s.avg_logprob for s in segments) / len(segments)
            no_speech = max(s.no_speech_prob for s in segments)
            confidence = math.exp(avg) * (1.0 - no_speech)
        else:
            confidence = 0.0
        return Transcript(text, info.language or lang, round(confidence, 3), duration)

    def stream(self, language: str | None = None) -> WhisperStream:
        return WhisperStream(self, language)


class WhisperStream:
    """Buffers one utterance; optional partials by re-transcribing what was heard so far."""

    def __init__(self, stt: WhisperStt, language: str | None) -> None:
        self._stt, self._language = stt, language
        self._chunks: list[np.ndarray] = []
        self._samples = 0
        self._last_partial_at = 0
        self._last_text = ""
        self._done = False

    def accept(self, samples: np.ndarray) -> str | None:
        if self._done:
            raise SttError("this recognition stream is finished")
        self._chunks.append(np.asarray(samples, dtype=np.int16).reshape(-1))
        self._samples += len(self._chunks[-1])
        interval = int(self._stt.partial_interval_s * SAMPLE_RATE)
        if interval <= 0 or self._samples - self._last_partial_at < interval:
            return None
        self._last_partial_at = self._samples
        text = self._stt.transcribe(np.concatenate(self._chunks), self._language).text
        if text == self._last_text:
            return None
        self._last_text = text
        return text

    def final(self) -> Transcript:
        self._done = True
        audio = np.concatenate(self._chunks) if self._chunks else np.zeros(0, np.int16)
        return self._stt.transcribe(audio, self._language)
