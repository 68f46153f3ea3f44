"""`robot demo`: a scripted visitor talks to the full robot, in French, in real time.

Everything real except the room: Whisper hears an espeak-ng visitor through a WAV
microphone that also hears the robot's own voice (echo gating at work), the Answerer
answers from the sample commune's documents, espeak-ng speaks, the simulated head on a
pty shows faces and subtitles. Prints a live transcript, writes each reply to
`<data>/demo/`, and ends with a summary per turn.
"""

from __future__ import annotations

import argparse
import logging
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TextIO

from robot import rig
from robot.context import Context
from robot.states import State

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Line:
    """One thing the visitor does: speak (``text``), or approach (``presence``)."""

    text: str = ""
    presence: bool = False
    over_answer_after_s: float | None = None  # speak over the robot, this far into it
    note: str = ""


SCRIPT = (
    Line(presence=True, note="a visitor walks up: the head's presence sensor"),
    Line("Bonjour robot, comment faire une carte d'identité ?", note="question"),
    Line("Et pour un enfant de dix ans ?", note="follow-up, no wake phrase"),
    Line("Quelle est la capitale du Japon ?", note="out of scope"),
    Line("À quelle heure ouvre la piscine municipale ?", note="question"),
    Line("Stop !", over_answer_after_s=1.5, note="interruption over the answer"),
    Line("Répète.", note="repeat"),
    Line("Au revoir.", note="goodbye"),
)


class Printer:
    """The live transcript: what the visitor said, what the robot heard and answered."""

    def __init__(self, out: TextIO, t0: float) -> None:
        self.out, self.t0 = out, t0
        self.lock = threading.Lock()

    def say(self, who: str, text: str, extra: str = "") -> None:
        with self.lock:
            stamp = f"{time.monotonic() - self.t0:6.1f}s"
            print(f"{stamp}  {who:<8} {text}" + (f"   [{extra}]" if extra else ""),
                  file=self.out, flush=True)

    def trace(self, kind: str, data: dict[str, Any]) -> None:
        if kind == "turn":
            t = data["timings_ms"]
            shown = ", ".join(f"{k} {t[k]:.0f} ms" for k in
                              ("ack", "stt", "retrieval", "llm_first_token", "voice_to_voice",
                               "barge_in_stop") if k in t)
            if data["heard"]:
                self.say("heard", f"« {data['heard']} »", f"{data['kind']}")
            if data["reply"] or data["interrupted"]:
                cut = " (interrupted)" if data["interrupted"] else ""
                self.say("robot", f"« {data['reply']} »{cut}", shown)
        elif kind == "failed":
            self.say("!", f"{data['stage']} failed: {data['error']}")
        elif kind == "handoff":
            self.say("!", "HANDOFF requested")


class Director:
    """Plays the script against the running robot, waiting for it between lines."""

    def __init__(self, robot: Any, mic: Any, sim: Any, printer: Printer,
                 turn_timeout_s: float = 90.0) -> None:
        self.robot, self.mic, self.sim, self.p = robot, mic, sim, printer
        self.timeout = turn_timeout_s
        self.cond = threading.Condition()
        self.finished_turns = 0
        self.state = State.SLEEPING
        self.rows: list[dict[str, Any]] = []  # each finished turn, with the line that caused it
        self.finished_at: list[float] = []
        self.lines: list[Line] = []
        self.fed_at: dict[int, float] = {}
        robot.tracer.sinks.append(self._trace)

    def _trace(self, kind: str, data: dict[str, Any]) -> None:
        with self.cond:
            if kind == "turn":
                self.finished_turns += 1
                cause = self.lines[-2] if data["interrupted"] and len(self.lines) > 1 \
                    else (self.lines[-1] if self.lines else None)
                self.rows.append({"turn": data, "said": cause.text if cause else ""})
                self.finished_at.append(time.monotonic())
            elif kind == "state":
                self.state = State(data["to"])
            self.cond.notify_all()

    def _wait(self, pred: Callable[[], bool], timeout: float) -> bool:
        with self.cond:
            return self.cond.wait_for(pred, timeout)

    def _settled(self, done_before: int) -> Callable[[], bool]:
        """The robot finished a turn since ``done_before`` and waits for the visitor."""
        return lambda: self.finished_turns > done_before and self.state in (State.IDLE,
                                                                            State.SLEEPING)

    def run(self, script: tuple[Line, ...], audio: list[Any]) -> None:
        for i, (line, samples) in enumerate(zip(script, audio, strict=True)):
            done_before = self.finished_turns
            self.lines.append(line)
            if line.presence:
                from hardware.events import Presence

                self.p.say("visitor", "(walks up to the robot)", line.note)
                self.sim.inject(Presence(approaching=True))
            else:
                if line.over_answer_after_s is not None:
                    time.sleep(line.over_answer_after_s)  # the robot is speaking (see below)
                    done_before = self.finished_turns + 1  # the cut turn, then this one
                self.p.say("visitor", f"« {line.text} »", line.note)
                self.fed_at[i] = time.monotonic()
                self.mic.feed(samples)
            nxt = script[i + 1] if i + 1 < len(script) else None
            if nxt is not None and nxt.over_answer_after_s is not None:
                # The next line interrupts this one's answer: wait for it to start.
                ok = self._wait(lambda: self.state is State.SPEAKING, self.timeout)
            else:
                ok = self._wait(self._settled(done_before), self.timeout)
                time.sleep(0.8)  # a visitor takes a breath before the next line
            if not ok:
                self.p.say("!", f"no reply within {self.timeout:.0f} s; going on")


def run_demo(ctx: Context, out: TextIO = sys.stdout, script: tuple[Line, ...] = SCRIPT,
             echo_gain: float = 0.3) -> int:
    from robot.demo_report import summary, write_replies
    from robot.wiring import assemble, load_engines
    from speech.mic_wav import WavMicrophone

    t0 = time.monotonic()
    p = Printer(out, t0)
    ctx.data.ensure()
    p.say("setup", rig.ensure_index(ctx))
    sim, head, ctx = rig.start_simulated_head(ctx)
    p.say("setup", f"simulated head on {sim.path} ({sim.tty})")
    audio = [rig.visitor_speech(line.text) if line.text else None for line in script]
    t_load = time.monotonic()
    engines = load_engines(ctx)
    ready_s = time.monotonic() - t_load
    p.say("setup", f"models ready in {ready_s:.1f} s: {engines.describe()}")
    speaker = rig.timed_speaker()
    mic = rig.EchoMicrophone(WavMicrophone(realtime=True), speaker, gain=echo_gain)
    robot = assemble(ctx, engines, mic, speaker, head)
    robot.tracer.sinks.append(p.trace)
    director = Director(robot, mic, sim, p)
    robot.start()
    try:
        director.run(script, audio)
    finally:
        robot.stop("demo over")
        head.close()
    files = write_replies(ctx.data.root / "demo", speaker, [r["turn"] for r in director.rows],
                          director.finished_at)
    extra = _extra(ctx, robot, sim, director, ready_s, echo_gain, script)
    extra["cuts_ms"] = _cut_latencies(script, audio, director.fed_at, speaker.spans)
    extra["face_ms"] = _face_latencies(sim, [r["turn"] for r in director.rows])
    print(summary(director.rows, files, extra), file=out)
    sim.stop()
    return 0


def _extra(ctx: Context, robot: Any, sim: Any, director: Director, ready_s: float,
           echo_gain: float, script: tuple[Line, ...]) -> dict[str, Any]:
    from datetime import date

    from speech.wer import wer

    pairs = [(r["said"], r["turn"]["heard"]) for r in director.rows
             if r["said"] and not r["turn"]["interrupted"]]
    errors = [wer(said, heard) for said, heard in pairs]
    stats = robot.listener.stats
    barge_ins = robot.conversation.counters.get("barge_ins", 0)
    expected = sum(1 for line in script if line.over_answer_after_s is not None)
    head = _head_summary(sim)
    return {
        "ready_s": ready_s, "barge_ins": barge_ins, "expected_barge_ins": expected,
        "false_barge_ins": max(0, stats.get("barge_ins", 0) - expected),
        "echo_gain": echo_gain, "echo_frames": stats.get("echo", 0),
        "foreign_frames": stats.get("foreign", 0),
        "wer": sum(errors) / len(errors) if errors else float("nan"), "head": head,
        "demo_dir": ctx.data.root / "demo",
        "transcript": ctx.data.logs / f"transcript-{date.today().isoformat()}.jsonl",
        "status": ctx.data.state / "loop-status.json",
    }


def cmd_demo(args: argparse.Namespace, ctx: Context) -> int:
    quiet = logging.getLogger("robot").level
    if not args.verbose:
        for name in ("robot", "speech", "rag", "hardware", "models"):
            logging.getLogger(name).setLevel(logging.WARNING)
    try:
        return run_demo(ctx, echo_gain=args.echo_gain)
    finally:
        logging.getLogger("robot").setLevel(quiet)


def _head_summary(sim: Any) -> str:
    """What a person watching the simulated head saw."""
    from hardware.protocol import Expression, SetExpression, SetText, TextField

    faces: list[str] = []
    for m in sim.messages(SetExpression):
        name = Expression(m.expression).name.lower()
        if not faces or faces[-1] != name:
            faces.append(name)
    texts = sim.messages(SetText)
    subtitles = sum(1 for m in texts if m.text_field == TextField.SUBTITLE)
    sources = sum(1 for m in texts if m.text_field == TextField.SOURCE)
    shown = " > ".join(faces[:14]) + (" > ..." if len(faces) > 14 else "")
    return (f"{len(sim.record)} frames, {sim.handshakes} handshake(s), {subtitles} subtitle "
            f"and {sources} source-line frames;\n    faces: {shown}")


def _cut_latencies(script: tuple[Line, ...], audio: list[Any], fed_at: dict[int, float],
                   spans: list[tuple[float, float]]) -> list[float]:
    """For each interruption: from the visitor's first audible sample to the robot's silence.

    The onset is when the line was fed plus its leading silence; the silence is the end
    of the play() that was cut. Both on the wall clock, so this is what a person hears.
    """
    import numpy as np

    cuts = []
    for i, line in enumerate(script):
        if line.over_answer_after_s is None or i not in fed_at:
            continue
        samples = audio[i]
        lead = int(np.argmax(np.abs(samples) > 500)) / 16000 if len(samples) else 0.0
        onset = fed_at[i] + lead
        cut = next((end for start, end in spans if start <= onset <= end), None)
        if cut is not None:
            cuts.append(round((cut - onset) * 1000.0, 1))
    return cuts


def _face_latencies(sim: Any, turns: list[dict[str, Any]]) -> list[float]:
    """From the end of the visitor's speech to the thinking face arriving at the head."""
    from hardware.protocol import Expression, SetExpression

    faces = [r.t for r in sim.record
             if isinstance(r.message, SetExpression)
             and r.message.expression == Expression.THINKING]
    out = []
    for turn in turns:
        t_end = turn.get("t_end")
        later = [t for t in faces if t_end is not None and t >= t_end]
        if later:
            out.append(round((later[0] - t_end) * 1000.0, 1))
    return out
