"""One fault of the soak: injected before or during a turn, then judged survived or not.

Each episode has three moments: ``before`` the visitor speaks, ``during`` (called once
the robot is speaking its reply, so the fault lands mid-answer) and ``after`` the turn
settled, which says whether the robot survived: back at rest, the fault seen and
recovered from, and the reply not lost to it. An armed engine fault that the turn never
reached (a question declined before the LLM) stays armed: ``after`` returns None and the
next turn judges it. ``follow`` is judged on a later turn (the microphone hears again,
the retriever serves the new generation).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from robot.soak import Soak

Verdict = tuple[bool, str]


@dataclass
class Episode:
    kind: str
    turn: int
    soak: Soak
    fired: bool = True  # False: armed, not reached yet
    mid_answer: bool = False  # injected while the robot spoke (else at rest)
    notes: list[str] = field(default_factory=list)
    follow: Callable[[], bool | None] | None = None  # judged after later turns

    def before(self) -> None:
        """Before the visitor speaks."""

    def during(self) -> None:
        """Once the robot speaks its reply (skipped if it never does)."""

    def after(self) -> Verdict | None:
        raise NotImplementedError

    # --- shared checks -------------------------------------------------------------------
    def replies_ok(self) -> Verdict:
        """The visitor got a reply, and no stage failed on the way."""
        w = self.soak.watch
        failed = [t["failed"] for t in w.finished if t.get("failed")]
        if failed:
            return False, f"stage failed: {failed}"
        if self.mid_answer and not any(t["reply"] for t in w.finished):
            kinds = [t["kind"] for t in w.finished]
            return False, f"no reply to the visitor (turns {kinds}, events {w.events[-8:]})"
        return True, ""

    def head_back(self, timeout: float = 10.0) -> Verdict:
        """The link is up again, the loop heard so, and the face is the state's face."""
        s = self.soak
        if not s.sim.wait_for(lambda sim: sim.state.ready, timeout):
            return False, "head never ready again"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and not s.head.health().connected:
            time.sleep(0.05)
        if not s.head.health().connected:
            return False, "link not connected"
        if not s.wait_face(5.0):
            return False, f"face {s.sim.state.expression.name} in state {s.watch.state.value}"
        return True, ""


class MicLost(Episode):
    """The microphone device disappears mid-answer for 1.5 s, then comes back."""

    def during(self) -> None:
        s = self.soak
        time.sleep(0.3)
        s.flaky.unplugged.set()
        time.sleep(1.5)
        s.flaky.unplugged.clear()

    def after(self) -> Verdict:
        s = self.soak
        if not s.watch.wait_event("MicrophoneBack", 15.0):
            return False, f"no MicrophoneBack (events {s.watch.events[-8:]})"
        if "MicrophoneLost" not in s.watch.events:
            return False, "MicrophoneLost never reached the loop"
        thread = s.robot.listener.thread
        if thread is None or not thread.is_alive():
            return False, "listener thread dead"
        turns_then = s.watch.turns_total
        self.follow = lambda: s.watch.heard_since(turns_then)
        return self.replies_ok()


class HeadUnplug(Episode):
    """The head's USB cable is pulled mid-answer and plugged back 1.5 s later."""

    def during(self) -> None:
        s = self.soak
        time.sleep(0.3)
        s.sim.unplug()
        time.sleep(1.5)
        s.sim.replug()

    def after(self) -> Verdict:
        ok, why = self.head_back()
        if not ok:
            return ok, why
        if not self.soak.watch.wait_link([False, True], 5.0):
            return False, f"link events seen by the loop: {self.soak.watch.link}"
        return self.replies_ok()


class SerialGarbage(Episode):
    """Line noise: random bytes, stray delimiters and cut frames towards the host."""

    def before(self) -> None:
        self.bad_before = self.soak.head.health().bad_frames

    def during(self) -> None:
        s = self.soak
        for _ in range(4):
            noise = bytes(s.rng.integers(0, 256, int(s.rng.integers(16, 200)), dtype="uint8"))
            s.sim.send_raw(noise + b"\x00" + noise[:7])  # a frame cut short, then garbage
            time.sleep(0.1)

    def after(self) -> Verdict:
        s = self.soak
        ok, why = self.head_back()
        if not ok:
            return ok, why
        bad = s.head.health().bad_frames - self.bad_before
        self.notes.append("bad frames counted by the link" if bad > 0 else "no bad frame counted")
        return self.replies_ok()


class LlmRaises(Episode):
    """The real model raises on its next call: at once, or after its first piece."""

    def before(self) -> None:
        s = self.soak
        self.how = ("at_call", "mid_stream")[s.counts.get("llm_raises", 0) % 2]
        self.fired_before = len(s.llm.fired)
        s.llm.arm(self.how)
        self.fired = False

    def after(self) -> Verdict | None:
        s = self.soak
        if len(s.llm.fired) == self.fired_before:
            return None  # the question never reached the model: still armed
        self.fired = True
        self.notes.append(self.how)
        replies = [t for t in s.watch.finished if t["reply"]]
        if not replies:
            return False, "nothing said after the model failed"
        return True, ""


class TtsRaises(Episode):
    """The real voice raises on the first or second sentence of the reply."""

    def before(self) -> None:
        s = self.soak
        self.nth = 1 + s.counts.get("tts_raises", 0) % 2
        self.fired_before = s.tts.fired
        s.tts.arm(self.nth)
        self.fired = False

    def after(self) -> Verdict | None:
        s = self.soak
        if s.tts.fired == self.fired_before:
            return None
        self.fired = True
        self.notes.append(f"on sentence {self.nth}")
        apologies = [t for t in s.watch.finished if t["kind"] == "apology"]
        if not apologies:
            return False, f"no apology (turns {[t['kind'] for t in s.watch.finished]})"
        if not apologies[-1]["reply"].startswith(s.apology_start):
            return False, f"apology not spoken: {apologies[-1]['reply']!r}"
        return True, ""


class IndexSwitch(Episode):
    """A real sync of a changed document in another process, while the robot answers."""

    def before(self) -> None:
        s = self.soak
        self.mid_answer = True  # the sync runs while the question is answered
        self.token = s.store.version_token()
        s.editor.edit()
        self.child = s.start_sync()

    def after(self) -> Verdict:
        s = self.soak
        result = self.child.wait(120)
        if result is None or result.code != 0:
            return False, f"sync failed: {result.output[-300:] if result else 'timeout'}"
        new = s.store.current_version()
        if s.store.version_token() == self.token or new is None:
            return False, "no new generation served"
        self.notes.append(f"switched while {s.watch.state_at(s.switch_times.get(new, 0.0))}")
        self.follow = lambda: s.opened(new)
        return self.replies_ok()


class DiskFull(Episode):
    """The data dir fills up while a sync builds its generation; freed afterwards."""

    def before(self) -> None:
        s = self.soak
        self.mid_answer = True
        self.token = s.store.version_token()
        s.disk.fill()
        self.free = s.disk.free_bytes()
        s.editor.edit()
        self.child = s.start_sync()

    def after(self) -> Verdict:
        s = self.soak
        result = self.child.wait(120)
        s.disk.release()
        if result is None:
            return False, "sync hung on the full disk"
        if result.code == 0:
            return False, f"the sync succeeded on a full disk ({self.free} bytes free)"
        if s.store.version_token() != self.token or s.store.current_version() is None:
            return False, "the served generation changed or broke"
        last = result.output.strip().splitlines()[-1:] or [""]
        self.notes.append(f"sync refused ({last[0][:60]})")
        ok, why = self.replies_ok()
        if not ok:
            return ok, why
        again = s.start_sync().wait(120)  # the disk freed, the next sync must succeed
        if again is None or again.code != 0:
            tail = again.output[-300:] if again else "timeout"
            return False, f"sync after freeing the disk failed: {tail}"
        if not s.status_fresh(10.0):
            return False, "the status file is not written again"
        return True, ""


EPISODES: dict[str, type[Episode]] = {
    "mic_lost": MicLost, "head_unplug": HeadUnplug, "serial_garbage": SerialGarbage,
    "llm_raises": LlmRaises, "tts_raises": TtsRaises, "index_switch": IndexSwitch,
    "disk_full": DiskFull,
}


def make(kind: str, turn: int, soak: Any) -> Episode:
    return EPISODES[kind](kind, turn, soak)
