"""One spoken question through the whole pipeline: `robot ask --wav IN.wav [--out R.wav]`.

Endpointing, transcription, retrieval and answer, synthesis: the same engines and the
same rules as the live loop, run as fast as the machine allows, with each stage timed.
``voice_to_voice`` is what a visitor would wait from the end of their speech to the
first sample of the answer, counted as the loop runs: the endpointer's silence, and
the transcription that starts at the short pause (``dialogue.speculative_pause_ms``)
overlapping it.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from robot.context import Context
from speech.protocols import SAMPLE_RATE

TIMING_KEYS = ("endpoint", "stt", "retrieval", "llm_first_token", "tts_first_audio",
               "voice_to_voice")


@dataclass
class OneShot:
    transcript: str
    question: str
    answer: Any  # rag.types.Answer
    timings_ms: dict[str, float] = field(default_factory=dict)
    reply: np.ndarray | None = None  # the spoken answer
    reply_rate: int = SAMPLE_RATE


def endpoint(audio: np.ndarray, ctx: Context) -> tuple[np.ndarray, float]:
    """The first utterance in ``audio`` and the endpointer's delay after its last word (ms).

    Trailing silence is appended so an utterance that runs to the end of the file closes
    the way it would live. No utterance found: the whole file, delay 0.
    """
    from speech.segmenter import Segmenter, SpeechEnded

    seg = Segmenter.from_settings(ctx.settings.vad)
    frame = seg.frame_len
    tail = np.zeros(int(SAMPLE_RATE * (ctx.settings.vad.end_silence_ms + 300) / 1000),
                    dtype=np.int16)
    stream = np.concatenate((np.asarray(audio, dtype=np.int16), tail))
    for i in range(0, len(stream) - frame + 1, frame):
        for event in seg.feed(stream[i:i + frame]):
            if isinstance(event, SpeechEnded):
                decided_s = (i + frame) / SAMPLE_RATE
                return event.utterance.audio, (decided_s - event.utterance.end_s) * 1000.0
    return np.asarray(audio, dtype=np.int16), 0.0


def ask_audio(engines: Any, audio: np.ndarray, ctx: Context, session_id: str | None = None,
              speak: bool = True) -> OneShot:
    """Run ``audio`` (16 kHz int16) through endpointing, STT, the Answerer and the voice."""
    from robot.intents import parse

    timings: dict[str, float] = {}
    utterance, timings["endpoint"] = endpoint(audio, ctx)
    t = time.perf_counter()
    transcript = engines.stt.transcribe(utterance).text.strip()
    timings["stt"] = (time.perf_counter() - t) * 1000.0
    question = parse(transcript, ctx.settings.dialogue.wake_phrases).question or transcript
    t_answer = time.perf_counter()
    first_audio: float | None = None
    answer = None
    chunks: list[np.ndarray] = []
    rate = SAMPLE_RATE
    for event in engines.answerer.stream(question, session_id):
        text = getattr(event, "text", None)
        if not isinstance(text, str):
            answer = event.answer
            continue
        if not speak and first_audio is not None:
            continue
        t_tts = time.perf_counter()
        for piece in engines.tts.synthesize(text):
            if first_audio is None:
                first_audio = time.perf_counter()
                timings["tts_first_audio"] = (first_audio - t_tts) * 1000.0
            chunks.append(piece.samples)
            rate = piece.sample_rate
            if not speak:
                break
    timings.update({k: v for k, v in (getattr(answer, "timings_ms", None) or {}).items()
                    if k in ("retrieval", "llm_first_token")})
    if first_audio is not None:
        pause = ctx.settings.dialogue.speculative_pause_ms
        heard_by = max(timings["endpoint"], pause + timings["stt"]) if pause else \
            timings["endpoint"] + timings["stt"]
        timings["voice_to_voice"] = heard_by + (first_audio - t_answer) * 1000.0
    reply = np.concatenate(chunks) if chunks else None
    return OneShot(transcript, question, answer, {k: round(v, 1) for k, v in timings.items()},
                   reply, rate)


def to_json(result: OneShot, id: Any = None, reply_path: Path | None = None) -> dict[str, Any]:
    """`robot ask --json` plus `transcript` and the stage timings in `timings_ms`."""
    from rag.cli_ask import answer_to_json

    extra = {"transcript": result.transcript,
             "reply_wav": str(reply_path) if reply_path else None}
    out = answer_to_json(result.answer, id, extra)
    out["timings_ms"].update({k: result.timings_ms.get(k) for k in TIMING_KEYS})
    return out


def cmd_ask_wav(args: argparse.Namespace, ctx: Context) -> int:
    """The `--wav` branch of `robot ask` (rag.cli_ask dispatches here)."""
    from robot.wiring import load_engines
    from speech.wavio import read_wav, write_wav

    audio = read_wav(Path(args.wav))
    engines = load_engines(ctx)
    out_path = Path(args.out) if getattr(args, "out", None) else None
    result = ask_audio(engines, audio, ctx, getattr(args, "session", None),
                       speak=out_path is not None or not getattr(args, "json", False))
    if out_path is not None and result.reply is not None:
        write_wav(out_path, result.reply, result.reply_rate)
    if getattr(args, "json", False):
        print(json.dumps(to_json(result, reply_path=out_path), ensure_ascii=False))
        return 0
    print(f"heard:  {result.transcript}")
    print(f"answer: {getattr(result.answer, 'text', '')}")
    shown = ", ".join(f"{k} {result.timings_ms[k]:.0f} ms" for k in TIMING_KEYS
                      if k in result.timings_ms)
    print(f"  {shown}", file=sys.stderr)
    return 0
