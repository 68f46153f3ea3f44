"""The running robot as the live-loop tests watch it (a unique module name: never
`from conftest`). The fixtures that build it are in tests/loop/conftest.py."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from hardware.events import Presence
from robot.states import State
from robot.wiring import Robot

RESTING = (State.IDLE, State.SLEEPING)


TURN_EVENTS = ["SpeechStarted", "SpeechPaused", "SpeechEnded", "Transcribed", "AnswerStarted",
               "SpeakingDone"]


class Live:
    """A running robot and what it did: states, events, finished turns."""

    def __init__(self, robot: Robot, sim: Any, mic: Any, speaker: Any) -> None:
        self.robot, self.sim, self.mic, self.speaker = robot, sim, mic, speaker
        self.cond = threading.Condition()
        self.states: list[str] = []
        self.events: list[str] = []
        self.head_events: list[Any] = []
        self.transitions: list[tuple[State, State]] = []
        self.turns: list[dict[str, Any]] = []
        self.state = State.SLEEPING
        robot.tracer.sinks.append(self._trace)
        robot.conversation._trace = robot.tracer  # events as well as turns

    def _trace(self, kind: str, data: dict[str, Any]) -> None:
        with self.cond:
            if kind == "state":
                self.transitions.append((State(data["from"]), State(data["to"])))
                self.states.append(data["to"])
                self.state = State(data["to"])
            elif kind == "event":
                self.events.append(data["event"])
                if data["event"] == "HeadEvent":
                    self.head_events.append(data["payload"].event)
            elif kind == "turn":
                self.turns.append(data)
            self.cond.notify_all()

    def wait(self, pred: Callable[[], bool], timeout: float = 60.0) -> None:
        with self.cond:
            assert self.cond.wait_for(pred, timeout), (
                f"timed out; states {self.states}, events {self.events[-12:]}")

    def settled(self, turns: int, timeout: float = 60.0) -> None:
        """Wait until ``turns`` turns are finished and the robot waits for the visitor."""
        self.wait(lambda: len(self.turns) >= turns and self.state in RESTING, timeout)

    def engage(self) -> None:
        """A visitor walks up (presence sensor on the head): greeting, then IDLE."""
        self.sim.inject(Presence(approaching=True))
        self.settled(1)
        self.mark()

    def say(self, audio: np.ndarray) -> None:
        """The visitor speaks once the robot is silent (not over it: that is a barge-in).

        A speaker that does not play in real time still reports its last reply as being
        heard for the reply's duration: wait that out too.
        """
        deadline, quiet_since = time.monotonic() + 30, time.monotonic()
        while time.monotonic() < deadline:  # silent for a while: not a pause between sentences
            if np.abs(self.speaker.reference(0.3)).max(initial=0):
                quiet_since = time.monotonic()
            elif time.monotonic() - quiet_since > 0.8:
                break
            time.sleep(0.05)
        self.mic.feed(audio)

    def explain(self) -> str:
        return f"states {self.states}\nevents {self.events}\nturns {self.turns}"

    def mark(self) -> None:
        with self.cond:
            self.states.clear()
            self.events.clear()

    def since(self) -> tuple[list[str], list[str]]:
        """States and events since mark(), without the visitor's mid-sentence pauses.

        A pause of more than speculative_pause_ms inside a sentence (espeak-ng pauses at
        commas) gives SpeechPaused, SpeechResumed and thinking -> listening: legitimate,
        timing-dependent, and folded away here.
        """
        with self.cond:
            # Sentences and the Answer arrive while audio plays: their order is the
            # threads', so they are checked apart.
            events = [e for e in self.events if e not in ("SentenceSpoken", "AnswerReady")]
            states: list[str] = []
            for i, e in enumerate(events):
                if e == "SpeechResumed":
                    events[i] = events[i - 1] = ""
            for st in self.states:
                if states[-2:] == ["listening", "thinking"] and st == "listening":
                    states.pop()
                    continue
                states.append(st)
            return states, [e for e in events if e]


def head_ready(sim: Any, timeout: float = 5.0) -> bool:
    return bool(sim.wait_for(lambda s: s.state.ready, timeout))
