"""`robot bench soak --turns N`: the live loop through N spoken turns, with faults on a schedule.

The whole robot runs as `robot run` runs it (status file, transcript log, the systemd
watchdog through robot.notify), with a WAV microphone paced in real time that also hears
the robot's voice (echo gain 0.3), a speaker paced in real time, and the simulated head
on a pty. Turns come back to back: questions, follow-ups, out-of-scope questions,
barge-ins, silence, noise and commands, played by the visitor (robot.soak_turn);
every other turn carries a fault (robot.soak_episodes). Figures: turns completed, crashes,
stuck states, apologies, RSS, descriptors, threads, watchdog pings missed, and per fault
kind injected / survived.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import shutil
import signal
import tempfile
import threading
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from robot import compose, rig
from robot.context import Context
from robot.core.paths import DataPaths
from robot.soak_episodes import Episode, make
from robot.soak_faults import DocEditor, FaultyModel, FaultyTts, LimitedDisk, SyncChild
from robot.soak_plan import FAULTS, Step, schedule
from robot.soak_report import SoakReport
from robot.soak_turn import Visitor
from robot.soak_visitor import LINES, RoomFloor
from robot.soak_watch import (
    CrashCatcher,
    OpenedVersions,
    ProcessFigures,
    StateClock,
    Watch,
    WatchdogMonitor,
    grown,
    python_objects,
    state_limits,
    traced_growth,
)

log = logging.getLogger(__name__)


class Soak:
    """The rig, the turns and the bookkeeping of one soak run."""

    def __init__(self, ctx: Context, work: Path, corpus: Path, out: Callable[[str], None],
                 seed: int = 7) -> None:
        self.out, self.work, self.rng = out, work, np.random.default_rng(seed)
        self.disk = LimitedDisk(work / "data").mount()
        self.ctx = dataclasses.replace(ctx, data=DataPaths(work / "data"))
        self.ctx.data.ensure()
        self.docs = work / "documents"
        shutil.copytree(corpus, self.docs)
        self.editor = DocEditor(self.docs)
        self.counts: Counter[str] = Counter()
        self.survived: Counter[str] = Counter()
        self.failures: list[str] = []
        self.switch_times: dict[int, float] = {}
        self.stuck_turns: list[str] = []
        self.notes: dict[str, Counter[str]] = {}
        self.seen: Counter[str] = Counter()
        self.never_fired: list[str] = []
        self.crashes = CrashCatcher()
        self.turns = self.completed = 0
        self.seconds = 0.0
        self.figures: list[tuple[str, ProcessFigures]] = []
        self.memory: list[tuple[float, float]] = []  # (RSS, anonymous) MB after each turn
        self.objects: Counter[str] | None = None  # live Python objects by type at turn 100
        self.trace_memory = False
        self.traced_from: tracemalloc.Snapshot | None = None
        self.visitor = Visitor(self)
        self._stop = threading.Event()

    # --- setting up ----------------------------------------------------------------------
    def index(self) -> float:
        t = time.monotonic()
        result = self.start_sync().wait(1800)
        if result is None or result.code != 0:
            raise RuntimeError(f"indexing the soak corpus failed: "
                               f"{result.output[-500:] if result else 'timeout'}")
        return time.monotonic() - t

    def start_sync(self) -> SyncChild:
        return SyncChild(self.ctx.data.root, self.docs, self.ctx.config_path,
                         self.disk.child_limits())

    def build(self) -> None:
        from hardware.head import SerialHead
        from hardware.simulator import SimulatedHead
        from robot.cli_loop import throttled
        from robot.core.sentences import split_sentences
        from robot.notify import Notifier
        from robot.plan import fill
        from robot.wiring import assemble, load_engines
        from speech.mic_reopen import ReopeningMicrophone
        from speech.mic_wav import WavMicrophone
        from speech.playback import WavSpeaker

        s = self.ctx.settings
        self.apology_start = fill(s.dialogue.apology, s.accueil)[:12]
        self.sim = SimulatedHead(record_max=2000)  # the device's memory is not the robot's
        ctx = rig.with_settings(self.ctx, head={"enabled": True, "port": self.sim.start()})
        self.ctx = ctx
        self.store = compose.index_store(ctx)
        self.head = SerialHead(ctx.settings.head)
        engines = load_engines(ctx)
        from rag.answer import Answerer

        answerer = engines.answerer
        assert isinstance(answerer, Answerer)  # the real one: its model is made faulty
        self.llm = FaultyModel(answerer.model)
        answerer.model = self.llm
        self.generates = answerer.config.generate
        spared = tuple(split_sentences(fill(s.dialogue.apology, s.accueil)))
        self.tts = FaultyTts(engines.tts, spared)
        engines = dataclasses.replace(engines, tts=self.tts)
        self.wav = WavMicrophone(realtime=True)
        self.speaker = WavSpeaker(realtime=True)
        # The device hears the hall and the robot's own voice; it is what gets unplugged.
        device = rig.EchoMicrophone(RoomFloor(self.wav, self.rng), self.speaker, gain=0.3)
        self.flaky = rig.FlakyMicrophone(device)
        listener: list[Any] = []

        def mic_changed(up: bool) -> None:
            if listener:
                listener[0].mic_changed(up)

        mic = ReopeningMicrophone.from_settings(s.audio, self.flaky.open, mic_changed)
        self.dog = WatchdogMonitor(1.0)
        ping = throttled(Notifier(self.dog.address).watchdog, self.dog.interval_s)
        self.robot = assemble(ctx, engines, mic, self.speaker, self.head, watchdog=ping)
        listener.append(self.robot.listener)
        self.watch = Watch(StateClock(state_limits(s.dialogue)))
        self.robot.tracer.sinks.append(self.watch)
        self.versions = OpenedVersions()
        logging.getLogger("rag.retrieval").addHandler(self.versions)
        if logging.getLogger("rag.retrieval").getEffectiveLevel() > logging.INFO:
            logging.getLogger("rag.retrieval").setLevel(logging.INFO)
        self.engines = engines
        self.robot.start()
        if not self.sim.wait_for(lambda sim: sim.state.ready, 15):
            raise RuntimeError("the simulated head never answered the handshake")
        self.visitor.settle(timeout=10.0)  # the listener's first frames (VAD warming up)
        for texts in LINES.values():
            for text in texts:
                self.visitor.voice(text)
        threading.Thread(target=self._monitor, name="soak-monitor", daemon=True).start()

    def _monitor(self) -> None:
        token = self.store.version_token()
        while not self._stop.wait(0.05):
            now = time.monotonic()
            with self.watch.cond:
                self.watch.clock.check(now)
            new = self.store.version_token()
            if new != token:
                token = new
                version = self.store.current_version()
                if version is not None:
                    self.switch_times[version] = now

    # --- helpers the episodes use ---------------------------------------------------------
    def wait_face(self, timeout: float) -> bool:
        from hardware.behaviour import state_behaviour

        def right(sim: Any) -> bool:
            want = state_behaviour(self.ctx.settings.head, self.watch.state.value).expression
            return bool(sim.state.expression.name.lower() == want)

        return bool(self.sim.wait_for(right, timeout))

    def opened(self, version: int) -> bool | None:
        return True if version in self.versions.versions else None

    def status_fresh(self, timeout: float) -> bool:
        since = time.time()
        path = self.ctx.data.state / "loop-status.json"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if json.loads(path.read_text("utf-8")).get("updated_ts", 0) >= since:
                    return True
            except (OSError, ValueError):
                pass
            time.sleep(0.2)
        return False

    # --- the run --------------------------------------------------------------------------
    def run(self, steps: list[Step]) -> None:
        armed: list[Episode] = []  # engine faults armed, not reached by a turn yet
        follows: list[tuple[Episode, int]] = []  # survived so far, judged on later turns
        self.completed = 0
        self.t0 = time.monotonic()
        self.figures.append(("start", ProcessFigures.now()))
        turns = len(steps)
        for n, step in enumerate(steps, 1):
            new = None
            if step.fault is not None and not any(e.kind == step.fault for e in armed):
                new = make(step.fault, n, self)
                armed.append(new)
            settled = self.visitor.turn(n, step, new)
            self.completed += settled
            for episode in list(armed):
                verdict = episode.after()
                if verdict is None:
                    continue
                armed.remove(episode)
                ok, why = verdict if settled else (False, "the turn never came back to rest")
                self.counts[episode.kind] += 1
                if ok and episode.follow is not None:
                    follows.append((episode, n))
                else:
                    self._judge(episode, ok, why)
            for episode, since in list(follows):
                result = episode.follow() if episode.follow else True
                if result is None and n - since < 3:
                    continue
                follows.remove((episode, since))
                self._judge(episode, bool(result), "not confirmed on the next turns")
            self._progress(n, turns, step)
            self.seconds = time.monotonic() - self.t0
            if n % 100 == 0:
                self.figures.append((f"turn {n}", ProcessFigures.now()))
            if n == 100:  # to tell a Python-level leak from native growth at the end
                self.objects = python_objects()
                if self.trace_memory:
                    tracemalloc.start(8)  # frames: the caller of numpy, not numpy
                    self.traced_from = tracemalloc.take_snapshot()
        if follows:  # a fault judged on the next words heard: one more question, untimed
            self.out("one more question to confirm the last faults")
            self.visitor.turn(len(steps) + 1, Step("question"), None)
        for episode, _ in follows:
            result = episode.follow() if episode.follow else True
            self._judge(episode, bool(result), "not confirmed by the end of the soak")
        self.never_fired = [f"{e.kind} (armed at turn {e.turn})" for e in armed]

    def _judge(self, episode: Episode, ok: bool, why: str) -> None:
        if ok:
            self.survived[episode.kind] += 1
        else:
            self.failures.append(f"turn {episode.turn} {episode.kind}: {why}")
        for note in episode.notes:
            self.notes.setdefault(episode.kind, Counter())[note] += 1

    def _progress(self, n: int, turns: int, step: Step) -> None:
        last = self.watch.finished[-1] if self.watch.finished else None
        said = f"{last['kind']}: « {last['heard'][:40]} »" if last else "(no turn)"
        elapsed = time.monotonic() - self.t0
        now = ProcessFigures.now()
        self.memory.append((now.rss_mb, now.anon_mb))
        self.out(f"[{n}/{turns} {elapsed / 60:5.1f} min] {step.kind:<12} "
                 f"{step.fault or '':<15} {said}  rss {now.rss_mb:.0f} MB")

    def report(self, index_s: float) -> SoakReport:
        self.figures.append(("end", ProcessFigures.now()))
        missed, longest = self.dog.missed()
        with self.watch.cond:
            stuck = [*self.watch.clock.stuck, *self.stuck_turns]
        crashes = [*self.crashes.crashes]
        for name, thread in (("loop", self.robot.threads[0]),
                             ("listener", self.robot.listener.thread)):
            if thread is None or not thread.is_alive():
                crashes.append(f"the {name} thread is dead")
        faults = {k: v for k, v in self.counts.items() if k in FAULTS}
        return SoakReport(
            turns=self.turns, completed=self.completed, seconds=self.seconds, crashes=crashes,
            stuck=stuck, apologies=self.watch.apologies, figures=self.figures,
            watchdog_missed=missed, watchdog_longest_s=longest,
            watchdog_interval_s=self.dog.interval_s, injected=faults,
            survived=dict(self.survived), failures=self.failures,
            never_fired=self.never_fired, loop_turns=dict(self.watch.kinds),
            disk=self.disk.describe(), index_s=index_s,
            load_s=sum(v for k, v in self.engines.load_s.items() if not k.startswith("warm")),
            notes={k: dict(v) for k, v in self.notes.items()}, seen=dict(self.seen),
            listener=dict(self.robot.listener.stats), memory=list(self.memory),
            objects_grown=grown(self.objects, python_objects()) if self.objects else [],
            traced=traced_growth(self.traced_from) if self.traced_from else [])

    def close(self) -> None:
        self._stop.set()
        for step in (lambda: self.robot.stop("soak over"), self.head.close, self.sim.stop,
                     self.dog.close, self.disk.unmount):
            try:
                step()
            except Exception as exc:  # tearing down: say so, carry on
                log.warning("soak teardown: %s", exc)
        logging.getLogger("rag.retrieval").removeHandler(self.versions)


def run_soak(ctx: Context, turns: int, *, corpus: Path | None = None,
             out: Callable[[str], None] = print, work: Path | None = None,
             steps: list[Step] | None = None, trace_memory: bool = False) -> SoakReport:
    """Build the rig, index the corpus, run ``turns`` turns of the schedule (or the
    ``steps`` given), tear down; the figures."""
    steps = steps or schedule(turns)
    work = work or Path(tempfile.mkdtemp(prefix="robot-soak-"))
    crashes = CrashCatcher().install()
    soak = Soak(ctx, work, corpus or rig.corpus_dir(), out)
    soak.crashes, soak.turns, soak.trace_memory = crashes, len(steps), trace_memory
    built = False
    try:
        out(f"soak: {soak.disk.describe()}")
        index_s = soak.index()
        out(f"soak: corpus indexed in {index_s:.0f} s; loading the models")
        soak.build()
        built = True
        if not soak.generates:
            # No model loaded (llm.mode): there is no model to fail.
            steps = [Step(s.kind) if s.fault == "llm_raises" else s for s in steps]
            out("soak: the sources' sentences are read (llm.mode): no model failure injected")
        out(f"soak: robot ready ({soak.engines.describe()}); {len(steps)} turns")
        soak.run(steps)
        return soak.report(index_s)
    finally:
        if built:
            soak.close()
        else:
            soak.disk.unmount()
        crashes.uninstall()
        shutil.rmtree(work, ignore_errors=True)


def bench_soak(args: argparse.Namespace, ctx: Context) -> int:
    turns = max(1, int(getattr(args, "turns", 1000)))
    corpus = getattr(args, "corpus", None)
    signal.signal(signal.SIGTERM, _interrupt)  # `kill`: tear down, unmount the tmpfs
    report = run_soak(ctx, turns, corpus=Path(corpus) if corpus else None,
                      out=lambda line: print(line, flush=True),
                      trace_memory=bool(getattr(args, "trace_memory", False)))
    print()
    print(report.format(FAULTS))
    return 0 if report.ok else 1


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt
