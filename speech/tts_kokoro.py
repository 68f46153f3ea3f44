"""Kokoro-82M (int8 ONNX): a natural 24 kHz voice reading French IPA from espeak-ng.

The registry only carries Kokoro's Japanese voices, so this speaks French with a
speaker's accent nobody here has judged: a synthetic visitor for spoken tests and
evaluations (Whisper hears it far better than espeak-ng), not the robot's voice.

Phonemes come in-process from the espeak-ng bundled with piper-tts (``fr``, the same
IPA as ``espeak-ng -v fr-fr --ipa=3``); each character is mapped through Kokoro's
``vocab.json`` (unknown ones, e.g. espeak's ``-`` for unstressed words, are dropped).
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from robot.core.errors import ModelError, TtsError
from speech.protocols import SpeechAudio
from speech.textclean import prepare
from speech.tts_piper import with_pause

log = logging.getLogger(__name__)

SAMPLE_RATE = 24000
MODEL_FILE, VOCAB_FILE, VOICES_FILE = "kokoro-v1.0.int8.onnx", "vocab.json", "voices_ja.npz"
DEFAULT_VOICE = "jf_gongitsune"  # of the five, the one Whisper base heard best (4 questions)
MAX_TOKENS = 510  # per model call, the two pad tokens included
PAD = 0
ESPEAK_VOICE = "fr"
_TRIM_LEVEL = 0.01  # of full scale: the model's own leading and trailing hush
_TRIM_PAD_S = 0.03


@dataclass(frozen=True)
class Clause:
    """One espeak-ng clause: its IPA and the punctuation that ended it."""

    phonemes: str
    terminator: str


def tokenize(clauses: Sequence[Clause], vocab: dict[str, int],
             limit: int = MAX_TOKENS) -> list[list[int]]:
    """Token ids per model call (pads not included), cut between clauses, else words. Pure."""
    room = limit - 2
    calls: list[list[int]] = []
    current: list[int] = []
    for clause in clauses:
        text = clause.phonemes + clause.terminator + " "
        ids = [vocab[c] for c in text if c in vocab]
        if len(current) + len(ids) > room and current:
            calls.append(current)
            current = []
        if len(ids) <= room:
            current += ids
            continue
        for word in text.split():  # a clause too long alone: by words, then hard cuts
            wids = [vocab[c] for c in word + " " if c in vocab]
            if len(current) + len(wids) > room and current:
                calls.append(current)
                current = []
            while len(wids) > room:
                calls.append(wids[:room])
                wids = wids[room:]
            current += wids
    if current:
        calls.append(current)
    return [c for c in calls if any(t != vocab.get(" ") for t in c)]


def trim(audio: np.ndarray, rate: int = SAMPLE_RATE) -> np.ndarray:
    """Drop the near-silent start and end the model adds, keeping a few milliseconds."""
    loud = np.flatnonzero(np.abs(audio) > _TRIM_LEVEL)
    if len(loud) == 0:
        return audio[:0]
    pad = int(_TRIM_PAD_S * rate)
    return audio[max(0, loud[0] - pad):loud[-1] + 1 + pad]


_bridge_lock = threading.Lock()


@cache
def _bridge() -> Any:
    """piper-tts's espeak-ng bridge, initialised once with its own bundled data."""
    try:
        from piper import espeakbridge
        from piper.phonemize_espeak import ESPEAK_DATA_DIR

        espeakbridge.initialize(str(ESPEAK_DATA_DIR))
    except Exception as exc:  # ImportError, or a bridge built for another platform
        raise TtsError(f"cannot start espeak-ng for Kokoro's phonemes: {exc}",
                       hint="Kokoro needs piper-tts 1.8 (it bundles espeak-ng)") from None
    return espeakbridge


def phonemize(text: str, voice: str = ESPEAK_VOICE) -> list[Clause]:
    """IPA clauses of ``text`` as espeak-ng says them (the bridge holds one voice at a time)."""
    bridge = _bridge()
    with _bridge_lock:
        try:
            bridge.set_voice(voice)
            raw = bridge.get_phonemes(text)
        except Exception as exc:
            raise TtsError(f"espeak-ng could not phonemize {text[:40]!r}: {exc}") from None
    return [Clause(str(p), str(t)) for p, t, _end in raw]


class KokoroModel:
    """The ONNX session, the phoneme vocabulary and the voices' style tables; load once."""

    def __init__(self, session: Any, vocab: dict[str, int], styles: dict[str, np.ndarray],
                 folder: Path, load_s: float) -> None:
        self.session, self.vocab, self.styles = session, vocab, styles
        self.folder, self.load_s = folder, load_s

    @classmethod
    def load(cls, folder: Path, threads: int = 2) -> KokoroModel:
        """Load from an installed `kokoro-82m` folder; ModelError naming the fix otherwise."""
        missing = [n for n in (MODEL_FILE, VOCAB_FILE, VOICES_FILE) if not (folder / n).is_file()]
        if missing:
            raise ModelError(f"Kokoro model not installed in {folder} "
                             f"(missing {', '.join(missing)})",
                             hint="run `robot models install test` (or kokoro-82m)")
        start = time.perf_counter()
        try:
            import onnxruntime as ort

            opts = ort.SessionOptions()
            opts.intra_op_num_threads = threads
            opts.inter_op_num_threads = 1
            session = ort.InferenceSession(str(folder / MODEL_FILE), sess_options=opts,
                                           providers=["CPUExecutionProvider"])
            vocab = {str(k): int(v) for k, v in json.loads(
                (folder / VOCAB_FILE).read_text(encoding="utf-8"))["vocab"].items()}
            with np.load(folder / VOICES_FILE) as npz:
                styles = {k: np.asarray(npz[k], dtype=np.float32) for k in npz.files}
        except Exception as exc:
            raise ModelError(f"cannot load the Kokoro model in {folder}: {exc}",
                             hint="`robot models verify kokoro-82m`, then install it again"
                             ) from None
        load_s = time.perf_counter() - start
        log.info("kokoro model loaded in %.2f s (%d voices)", load_s, len(styles))
        return cls(session, vocab, styles, folder, load_s)

    @property
    def voices(self) -> tuple[str, ...]:
        return tuple(sorted(self.styles))

    def infer(self, tokens: list[int], voice: str, speed: float) -> np.ndarray:
        """One call: float audio at 24 kHz for at most MAX_TOKENS - 2 tokens."""
        table = self.styles[voice]
        style = table[min(len(tokens), len(table) - 1)].reshape(1, 256)
        feed = {"tokens": np.array([[PAD, *tokens, PAD]], dtype=np.int64),
                "style": style.astype(np.float32),
                "speed": np.array([speed], dtype=np.float32)}
        try:
            out = self.session.run(None, feed)[0]
        except Exception as exc:
            raise TtsError(f"kokoro failed on {len(tokens)} tokens: {exc}") from None
        return np.asarray(out, dtype=np.float32).ravel()


class KokoroVoice:
    """A `TextToSpeech` over a loaded Kokoro model: one chunk per sentence, 24 kHz int16."""

    sample_rate = SAMPLE_RATE

    def __init__(self, model: KokoroModel, voice: str = DEFAULT_VOICE, rate: float = 1.0,
                 sentence_silence_s: float = 0.25) -> None:
        if voice not in model.styles:
            raise ModelError(f"no Kokoro voice {voice!r}",
                             hint=f"voices: {', '.join(model.voices)}")
        self.model, self.voice = model, voice
        self.rate, self.sentence_silence_s = rate, sentence_silence_s

    @classmethod
    def load(cls, folder: Path, voice: str = DEFAULT_VOICE, rate: float = 1.0,
             sentence_silence_s: float = 0.25, threads: int = 2) -> KokoroVoice:
        return cls(KokoroModel.load(folder, threads), voice, rate, sentence_silence_s)

    @property
    def name(self) -> str:
        return f"kokoro:{self.voice}"

    @property
    def language(self) -> str:
        return "fr"

    def speak_sentence(self, sentence: str, speed: float) -> np.ndarray:
        """One sentence as 24 kHz int16, each model call trimmed of its silent edges."""
        pieces = [trim(self.model.infer(ids, self.voice, speed))
                  for ids in tokenize(phonemize(sentence), self.model.vocab)]
        audio = np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.float32)
        return np.clip(np.round(audio * 32767), -32768, 32767).astype(np.int16)

    def synthesize(self, text: str, rate: float | None = None) -> Iterator[SpeechAudio]:
        speed = float(rate or self.rate)
        sentences = prepare(text, self.language)
        for i, sentence in enumerate(sentences):
            samples = self.speak_sentence(sentence, speed)
            if not len(samples):
                continue
            if i < len(sentences) - 1:
                samples = with_pause(samples, SAMPLE_RATE, self.sentence_silence_s)
            yield SpeechAudio(samples, SAMPLE_RATE, sentence)
