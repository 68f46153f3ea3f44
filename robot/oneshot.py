"""One spoken question through the live loop: `robot ask --wav IN.wav [--out R.wav]`.

The WAV goes into the very Conversation `robot run` drives (listener, endpointer,
speculative transcription, turn planning, the reply path), through a WAV-file
microphone in real time, the visitor already engaged (no wake phrase); the reply is
recorded by a WAV speaker. Every figure printed is the loop's own measurement of that
turn, ``voice_to_voice`` included: from the end of the visitor's speech to the first
sample of the answer handed to the speaker.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from robot.context import Context
from robot.core.errors import RobotError, UsageError
from speech.protocols import SAMPLE_RATE

TIMING_KEYS = ("endpoint", "stt", "retrieval", "llm_first_token", "tts_first_audio",
               "voice_to_voice")
TAIL_S = 1.5  # silence after the file: the endpointer closes the question as it would live
TURN_TIMEOUT_S = 120.0  # a slow machine's whole turn, model warm-up aside


@dataclass
class OneShot:
    transcript: str
    answer: Any  # rag.types.Answer; None when the turn was not a question (a command)
    turn: dict[str, Any]  # the loop's summary of the turn (kind, reply, timings)
    timings_ms: dict[str, float] = field(default_factory=dict)
    reply: np.ndarray | None = None  # the spoken answer
    reply_rate: int = SAMPLE_RATE
    language: str = "fr"


def ask_audio(ctx: Context, engines: Any, audio: np.ndarray) -> OneShot:
    """Say ``audio`` (16 kHz int16) to a freshly assembled loop; its first turn."""
    from hardware.events import Presence
    from robot.events import HeadEvent
    from robot.watch import TurnWatcher
    from robot.wiring import assemble
    from speech.mic_wav import WavMicrophone
    from speech.playback import WavSpeaker

    mic = WavMicrophone(realtime=True)
    speaker = WavSpeaker(realtime=False)  # recorded, not waited for: the turn ends sooner
    robot = assemble(ctx, engines, mic, speaker, None, write_status=False,
                     log_transcripts=False)
    watch = TurnWatcher()
    robot.tracer.sinks.append(watch)
    robot.start()
    try:
        # A visitor in front of the robot: it greets them, then listens with no wake phrase.
        robot.post(HeadEvent(Presence(approaching=True)))
        if not watch.wait_turn(1, TURN_TIMEOUT_S):
            raise RobotError("the robot did not greet the visitor")
        greeted = len(speaker.played)
        mic.feed(np.concatenate([np.asarray(audio, dtype=np.int16),
                                 np.zeros(int(TAIL_S * SAMPLE_RATE), dtype=np.int16)]))
        if not watch.wait_turn(2, TURN_TIMEOUT_S + len(audio) / SAMPLE_RATE):
            raise RobotError(f"no turn within {TURN_TIMEOUT_S:.0f} s of the recording's end",
                             hint="is there speech in the file? `robot bench speech` "
                                  "checks the recogniser")
    finally:
        robot.stop("ask --wav done")
    turn = watch.turns[1]
    replies = speaker.played[greeted:]
    played = [p.samples for p in replies if len(p.samples)]
    rate = replies[0].sample_rate if replies else SAMPLE_RATE
    return OneShot(turn["heard"], watch.answers.get(turn["turn"]), turn,
                   {k: v for k, v in turn["timings_ms"].items() if k in TIMING_KEYS},
                   np.concatenate(played) if played else None, rate, ctx.settings.language)


def to_json(result: OneShot, id: Any = None, reply_path: Path | None = None) -> dict[str, Any]:
    """`robot ask --json` plus `transcript` and the loop's stage timings in `timings_ms`."""
    from rag.contract import answer_to_json
    from rag.types import Answer

    extra = {"transcript": result.transcript, "turn_kind": result.turn["kind"],
             "reply_wav": str(reply_path) if reply_path else None}
    # Not a question (a command, a greeting): the contract still holds, with the reply.
    answer = result.answer or Answer(result.transcript, result.turn["reply"],
                                     language=result.language)
    out = answer_to_json(answer, id, extra)
    out["timings_ms"].update({k: result.timings_ms.get(k) for k in TIMING_KEYS})
    return out


def cmd_ask_wav(args: argparse.Namespace, ctx: Context) -> int:
    """The `--wav` branch of `robot ask` (robot.cli_ask dispatches here)."""
    from robot.wiring import load_engines
    from speech.wavio import read_wav, write_wav

    if getattr(args, "session", None):
        raise UsageError("--session does not apply to --wav: the loop opens its own "
                         "session for the visitor, as live")
    audio = read_wav(Path(args.wav))
    result = ask_audio(ctx, load_engines(ctx), audio)
    out_path = Path(args.out) if getattr(args, "out", None) else None
    if out_path is not None and result.reply is not None:
        write_wav(out_path, result.reply, result.reply_rate)
    if getattr(args, "json", False):
        print(json.dumps(to_json(result, reply_path=out_path), ensure_ascii=False))
        return 0
    print(f"heard:  {result.transcript}")
    print(f"answer: {result.turn['reply']}")
    shown = ", ".join(f"{k} {result.timings_ms[k]:.0f} ms" for k in TIMING_KEYS
                      if k in result.timings_ms)
    print(f"  {shown}", file=sys.stderr)
    return 0
