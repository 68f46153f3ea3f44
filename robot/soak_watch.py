"""What the soak watches: the process (RSS, descriptors, threads), the systemd watchdog
pings, crashes, how long the loop holds each state, and the loop's trace.

The watchdog is the real ``robot.notify.Notifier`` throttled as `robot run` throttles it,
talking to a datagram socket the soak reads, exactly as systemd would.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import math
import os
import socket
import sysconfig
import tempfile
import threading
import time
import traceback
import tracemalloc
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from robot.states import State


def rss_mb() -> float:
    return _status_field("VmRSS") / 1024


def anon_mb() -> float:
    """What the process allocated: RSS without the model files it maps (a GGUF's pages
    come in as new tokens are seen, up to the file's size, which is no leak)."""
    return _status_field("RssAnon") / 1024


def python_objects() -> Counter[str]:
    """Objects the garbage collector tracks, by type: where a Python-level leak shows."""
    return Counter(type(o).__name__ for o in gc.get_objects())


def grown(before: Counter[str], after: Counter[str], top: int = 6) -> list[tuple[str, int]]:
    """The types whose count grew most, with how many more."""
    diff = after.copy()
    diff.subtract(before)
    return [(name, n) for name, n in diff.most_common(top) if n > 0]


def _ours(filename: str) -> bool:
    return "site-packages" not in filename and not filename.startswith(
        (sysconfig.get_paths()["stdlib"], "<"))


def traced_growth(since: tracemalloc.Snapshot, top: int = 8) -> list[str]:
    """Where live allocations grew most since `since` (tracemalloc started with a few
    frames): named by the last frame of our own code, numpy's and the stdlib's skipped."""
    out: list[str] = []
    for s in tracemalloc.take_snapshot().compare_to(since, "traceback")[:top]:
        if s.size_diff <= 0:
            continue
        frame = next((f for f in reversed(s.traceback) if _ours(f.filename)), s.traceback[-1])
        out.append(f"{frame.filename}:{frame.lineno} {s.size_diff / 1024:+.0f} KB"
                   f" ({s.count_diff:+d} blocks)")
    return out


def os_threads() -> int:
    return int(_status_field("Threads"))


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def _status_field(name: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(name + ":"):
            return float(line.split()[1])
    return float("nan")


@dataclass(frozen=True)
class ProcessFigures:
    rss_mb: float
    fds: int
    threads: int  # OS threads (OpenMP, ONNX and llama.cpp pools included)
    py_threads: int
    anon_mb: float = float("nan")

    @classmethod
    def now(cls) -> ProcessFigures:
        return cls(round(rss_mb(), 1), open_fds(), os_threads(), threading.active_count(),
                   round(anon_mb(), 1))


class WatchdogMonitor:
    """A stand-in for systemd's end of NOTIFY_SOCKET: notes when each WATCHDOG=1 came."""

    def __init__(self, interval_s: float = 1.0) -> None:
        self.interval_s = interval_s
        self._dir = tempfile.mkdtemp(prefix="robot-soak-notify-")
        self.address = os.path.join(self._dir, "notify")
        self._sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self._sock.bind(self.address)
        self._sock.settimeout(0.2)
        self.pings = 0
        self.last: float | None = None
        self._missed = 0
        self.longest = 0.0  # the longest silence between two pings, in s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="soak-watchdog", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                data = self._sock.recv(4096)
            except (TimeoutError, OSError):
                continue
            if b"WATCHDOG=1" in data:
                self._gap(time.monotonic())
                self.pings += 1

    def _gap(self, now: float) -> int:
        """Note the silence since the last ping; how many pings were due in it."""
        if self.last is None:
            self.last = now
            return 0
        gap, self.last = now - self.last, now
        self.longest = max(self.longest, gap)
        missed = max(0, math.floor(gap / self.interval_s) - 1)
        self._missed += missed
        return missed

    def missed(self) -> tuple[int, float]:
        """(pings due but not sent, longest silence in s), up to now."""
        if self.last is None:
            return 0, float("nan")
        now = time.monotonic()
        gap = now - self.last
        tail = max(0, math.floor(gap / self.interval_s) - 1)
        return self._missed + tail, max(self.longest, gap)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(1)
        self._sock.close()
        with contextlib.suppress(OSError):
            os.unlink(self.address)
            os.rmdir(self._dir)


class CrashCatcher(logging.Handler):
    """Counts what would have been a crash: an exception escaping any thread, or the
    loop's last-resort handler catching a bug in a state handler or a tick hook."""

    SAFETY_NETS = ("error handling", "tick hook failed", "trace sink failed",
                   "callback", "on_event callback failed")

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.crashes: list[str] = []
        self._old_hook: Callable[[Any], object] | None = None

    def install(self) -> CrashCatcher:
        logging.getLogger().addHandler(self)
        self._old_hook = threading.excepthook
        threading.excepthook = self._thread_died
        return self

    def uninstall(self) -> None:
        logging.getLogger().removeHandler(self)
        if self._old_hook is not None:
            threading.excepthook = self._old_hook

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info and any(s in str(record.msg) for s in self.SAFETY_NETS):
            self.crashes.append(f"{record.name}: {record.getMessage()}: "
                                f"{record.exc_info[1]!r}")

    def _thread_died(self, args: Any) -> None:
        name = getattr(args.thread, "name", "?")
        tb = "".join(traceback.format_exception(args.exc_type, args.exc_value,
                                                args.exc_traceback))
        self.crashes.append(f"thread {name} died: {args.exc_value!r}\n{tb}")
        if self._old_hook is not None:
            self._old_hook(args)


@dataclass
class StateClock:
    """How long the loop holds each state, against the bound the loop itself promises."""

    limits: dict[State, float]
    state: State = State.SLEEPING
    since: float = field(default_factory=time.monotonic)
    engaged: float = field(default_factory=time.monotonic)  # last presence or IDLE entry
    stuck: list[str] = field(default_factory=list)
    longest: dict[str, float] = field(default_factory=dict)
    _flagged: bool = False

    def enter(self, state: State, now: float) -> None:
        self._note(now)
        self.state, self.since, self._flagged = state, now, False
        if state is State.IDLE:
            self.engaged = now

    def presence(self, now: float) -> None:
        self.engaged = now

    def check(self, now: float) -> None:
        """Called often: a state held past its bound is stuck (noted once per stay)."""
        held = now - (self.engaged if self.state is State.IDLE else self.since)
        limit = self.limits.get(self.state)
        if limit is not None and held > limit and not self._flagged:
            self._flagged = True
            self.stuck.append(f"{self.state.value} held {held:.1f} s (bound {limit:.1f} s)")

    def _note(self, now: float) -> None:
        key = self.state.value
        self.longest[key] = round(max(self.longest.get(key, 0.0), now - self.since), 1)


def state_limits(dialogue: Any) -> dict[State, float]:
    """Each state's bound from the loop's own settings (SLEEPING has none)."""
    stages = dict(dialogue.timeouts_s)
    thinking = sum(stages.values()) + 5.0  # every stage at its timeout, then the apology
    return {
        State.LISTENING: 61.0,  # the loop rests after 60 s of an utterance never closed
        State.THINKING: thinking,
        State.SPEAKING: 120.0,  # the longest reply (three sentences and a source) is ~40 s
        State.IDLE: dialogue.follow_up_window_s + 2.0,  # ticks every 0.25 s
    }


class Watch:
    """The loop's trace, kept small: counts, and what happened since the turn began."""

    def __init__(self, clock: StateClock) -> None:
        self.cond = threading.Condition()
        self.clock = clock
        self.state = State.SLEEPING
        self.turns_total = 0
        self.apologies = 0
        self.kinds: Counter[str] = Counter()
        self.events: list[str] = []
        self.link: list[bool] = []
        self.finished: list[dict[str, Any]] = []
        self.last_event = time.monotonic()
        self.history: deque[tuple[float, State]] = deque(maxlen=64)
        self.speech_at: deque[float] = deque(maxlen=32)  # SpeechStarted / BargeIn
        self.last_heard = 0  # the number of the last finished turn with words heard

    def __call__(self, kind: str, data: dict[str, Any]) -> None:
        from hardware.events import LinkState, Presence

        with self.cond:
            now = time.monotonic()
            if kind == "state":
                self.state = State(data["to"])
                self.clock.enter(self.state, now)
                self.history.append((now, self.state))
            elif kind == "event":
                name = data["event"]
                self.events.append(name)
                self.last_event = now
                if name in ("SpeechStarted", "BargeIn"):
                    self.speech_at.append(now)
                if name == "HeadEvent":
                    dev = data["payload"].event
                    if isinstance(dev, LinkState):
                        self.link.append(dev.connected)
                    elif isinstance(dev, Presence) and dev.approaching:
                        self.clock.presence(now)
            elif kind == "turn":
                self.turns_total += 1
                self.kinds[data["kind"]] += 1
                self.apologies += data["kind"] == "apology"
                self.finished.append(data)
                if data["heard"]:
                    self.last_heard = self.turns_total
            self.cond.notify_all()

    def mark(self) -> None:
        with self.cond:
            self.events, self.link, self.finished = [], [], []
            self.speech_at.clear()

    def wait(self, pred: Callable[[], bool], timeout: float) -> bool:
        with self.cond:
            return self.cond.wait_for(pred, timeout)

    def wait_event(self, name: str, timeout: float) -> bool:
        return self.wait(lambda: name in self.events, timeout)

    def wait_link(self, tail: list[bool], timeout: float) -> bool:
        return self.wait(lambda: self.link[-len(tail):] == tail, timeout)

    def heard_since(self, turns: int) -> bool | None:
        with self.cond:
            return True if self.last_heard > turns else None

    def state_at(self, t: float) -> str:
        with self.cond:
            before = [s for when, s in self.history if when <= t]
        return before[-1].value if before else "?"


class OpenedVersions(logging.Handler):
    """Which index versions the retriever reported opening (rag.retrieval logs each)."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.versions: set[int] = set()

    def emit(self, record: logging.LogRecord) -> None:
        if str(record.msg).startswith("retriever opened index version") and record.args:
            args = record.args if isinstance(record.args, tuple) else (record.args,)
            with contextlib.suppress(TypeError, ValueError):
                self.versions.add(int(str(args[0])))
