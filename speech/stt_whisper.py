"""Whisper through faster-whisper (CTranslate2, int8 on CPU), on whole utterances.

Whisper is not a streaming model: ``stream()`` buffers the utterance and transcribes it
at ``final()``; with ``partial_interval_s`` > 0 it also re-transcribes the growing
buffer for partial text, which costs CPU the loop may need elsewhere (off by default).

Whisper's encoder is built for 30 s windows, and on a 2-core machine encoding one costs
~560 ms whatever the utterance. A visitor's question is 2-6 s, so a shorter window
(``window_s``, the utterance and a second of padding at least) can be encoded instead.
Measured on 5 December: `robot bench loop` voice to voice p50 1.09 s with 30 s, 0.81 s
with 20 s, 0.77 s with 15 s. But Whisper never saw short windows in training: on the
spoken evaluation (Kokoro voice) 20 s took the tuning commune's questions understood
from 90.4 to 87.7 % and fully right from 38.5 to 36.5 % (30 s: the day before's run),
and on the held-out commune « pas compris » said to questions heard right from 2.7 to
12.3 %. So 30 s stays the default: a visitor sent back to rephrase waits far longer
than 0.3 s.
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


def window_frames(content_frames: int, window_s: float) -> int:
    """Encoder frames (100 a second) for an utterance: ``window_s``, or the utterance and
    a second of padding when longer, rounded up to a second; 3,000 (30 s) at most."""
    frames = max(int(window_s * 100), content_frames + 100)
    return min(3000, -(-frames // 100) * 100)


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
        window_s: float = 30.0,
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
        self.window_s = window_s
        self._tokenizers: dict[str, Any] = {}
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
        samples = audio.astype(np.float32) / 32768.0
        if lang and self.window_s < 30 and duration < 29:
            return self._transcribe_window(samples, duration, lang)
        try:
            segments, info = self._model.transcribe(
                samples,
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

    def _transcribe_window(self, samples: np.ndarray, duration: float, lang: str
                           ) -> Transcript:
        """One decode over a shortened encoder window; the prompt faster-whisper builds."""
        import ctranslate2
        from faster_whisper.tokenizer import Tokenizer

        try:
            model = self._model
            tok = self._tokenizers.get(lang)
            if tok is None:
                tok = self._tokenizers[lang] = Tokenizer(
                    model.hf_tokenizer, True, task="transcribe", language=lang)
            feats = model.feature_extractor(samples)[:, :-1]
            frames = window_frames(feats.shape[1], self.window_s)
            window = np.zeros((feats.shape[0], frames), dtype=np.float32)
            heard = min(frames, feats.shape[1])
            window[:, :heard] = feats[:, :heard]
            encoded = model.model.encode(ctranslate2.StorageView.from_array(window[None]))
            prompt = [*tok.sot_sequence, tok.no_timestamps]
            if self.initial_prompt:  # as faster-whisper: the last half-context of it
                hint = tok.encode(" " + self.initial_prompt.strip())[-(model.max_length // 2 - 1):]
                prompt = [tok.sot_prev, *hint, *prompt]
            result = model.model.generate(
                encoded, [prompt], beam_size=self.beam_size,
                no_repeat_ngram_size=_NO_REPEAT_NGRAM,
                max_length=len(prompt) + _max_tokens(duration), return_scores=True,
                return_no_speech_prob=True, suppress_blank=True, suppress_tokens=[-1])[0]
        except Exception as exc:
            raise SttError(f"whisper failed: {exc}") from None
        tokens = result.sequences_ids[0]
        text = tok.decode(tokens).strip()
        avg_logprob = result.scores[0] * len(tokens) / (len(tokens) + 1)
        confidence = math.exp(avg_logprob) * (1.0 - result.no_speech_prob) if text else 0.0
        return Transcript(text, lang, round(confidence, 3), duration)

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
