"""Vosk (Kaldi): true streaming, partial text while the visitor speaks, optional phrase list.

A phrase list restricts recognition to those phrases (plus "[unk]"): precise for a
small fixed vocabulary, but only small Vosk models accept one at run time.
"""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path
from typing import Any

import numpy as np

from robot.core.errors import ModelError, SttError
from speech.protocols import SAMPLE_RATE, Transcript

log = logging.getLogger(__name__)


class VoskStt:
    def __init__(self, model_dir: Path, language: str | None = None,
                 phrases: list[str] | None = None) -> None:
        try:
            import vosk

            vosk.SetLogLevel(-1)  # Kaldi's own logging would flood the journal
            start = time.perf_counter()
            self._model: Any = vosk.Model(str(model_dir))
        except Exception as exc:
            raise ModelError(f"cannot load the Vosk model in {model_dir}: {exc}",
                             hint="run `robot models verify`") from None
        self._vosk = vosk
        self.load_s = time.perf_counter() - start
        self.language = language
        self.grammar = json.dumps([*phrases, "[unk]"], ensure_ascii=False) if phrases else None
        log.info("vosk loaded from %s in %.2f s", model_dir, self.load_s)

    @property
    def name(self) -> str:
        return "vosk"

    def transcribe(self, audio: np.ndarray, language: str | None = None) -> Transcript:
        stream = self.stream(language)
        stream.accept(audio)
        return stream.final()

    def stream(self, language: str | None = None) -> VoskStream:
        try:
            if self.grammar:
                rec = self._vosk.KaldiRecognizer(self._model, SAMPLE_RATE, self.grammar)
            else:
                rec = self._vosk.KaldiRecognizer(self._model, SAMPLE_RATE)
            rec.SetWords(True)
        except Exception as exc:
            raise SttError(f"vosk cannot start a recognizer: {exc}") from None
        # A Vosk model knows one language: a different request is noted, not obeyed.
        if language and self.language and language != self.language:
            log.debug("vosk model is %s; %s requested", self.language, language)
        return VoskStream(rec, self.language)


def _words(result: dict[str, Any]) -> list[dict[str, Any]]:
    return [w for w in result.get("result", []) if w.get("word") != "[unk]"]


class VoskStream:
    def __init__(self, recognizer: Any, language: str | None) -> None:
        self._rec, self._language = recognizer, language
        self._segments: list[str] = []  # text of the parts Kaldi already finalised
        self._confidences: list[float] = []
        self._samples = 0
        self._last_partial = ""
        self._done = False

    def accept(self, samples: np.ndarray) -> str | None:
        if self._done:
            raise SttError("this recognition stream is finished")
        audio = np.asarray(samples, dtype=np.int16).reshape(-1)
        self._samples += len(audio)
        try:
            if self._rec.AcceptWaveform(audio.tobytes()):
                self._add(json.loads(self._rec.Result()))
                partial = ""
            else:
                partial = json.loads(self._rec.PartialResult()).get("partial", "")
        except Exception as exc:
            raise SttError(f"vosk failed: {exc}") from None
        text = " ".join([*self._segments, partial.replace("[unk]", "").strip()]).strip()
        if text == self._last_partial:
            return None
        self._last_partial = text
        return text

    def _add(self, result: dict[str, Any]) -> None:
        words = _words(result)
        if words:
            self._segments.append(" ".join(w["word"] for w in words))
            self._confidences.extend(float(w.get("conf", 0.0)) for w in words)

    def final(self) -> Transcript:
        if not self._done:
            self._done = True
            try:
                self._add(json.loads(self._rec.FinalResult()))
            except Exception as exc:
                raise SttError(f"vosk failed: {exc}") from None
        conf = sum(self._confidences) / len(self._confidences) if self._confidences else 0.0
        return Transcript(" ".join(self._segments), self._language, round(conf, 3),
                          self._samples / SAMPLE_RATE)
