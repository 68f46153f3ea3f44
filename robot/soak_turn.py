"""One soak turn as the visitor plays it, on the rig that robot.soak built.

The visitor steps up to the robot (the head's presence sensor), speaks once the robot is
quiet, cuts in on its reply on a barge-in turn, and waits for it to come back to rest,
with the fault's moments (robot.soak_episodes) called around that; then notes what the
turn showed besides faults. It sits apart from robot.soak so that the run's bookkeeping
(faults judged, figures, the report) reads on its own there; like an episode, the
visitor reaches the rig through the ``Soak`` it is given.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING

import numpy as np

from robot import rig
from robot.soak_episodes import Episode
from robot.soak_plan import Step
from robot.soak_visitor import LINES, knocks_and_fan
from robot.states import State

if TYPE_CHECKING:
    from robot.soak import Soak

log = logging.getLogger("robot.soak")  # the soak's warnings under one name, as before the split
RESTING = (State.IDLE, State.SLEEPING)
TURN_DEADLINE_S = 120.0


class Visitor:
    """The visitor in front of the soak's robot: what it says, when, and the wait for the reply."""

    def __init__(self, soak: Soak) -> None:
        self.soak = soak
        self._audio: dict[str, np.ndarray] = {}
        self.fed: list[tuple[float, float]] = []  # this turn's audio: when heard, start to end

    def voice(self, text: str) -> np.ndarray:
        if text not in self._audio:
            self._audio[text] = rig.visitor_speech(text)
        return self._audio[text]

    def engage(self) -> None:
        """The visitor stands in front of the robot (the head's presence sensor)."""
        from hardware.events import Presence
        from robot.events import HeadEvent

        s = self.soak
        s.watch.mark()
        before, sleeping = s.watch.turns_total, s.watch.state is State.SLEEPING
        if s.head.health().connected:
            s.sim.inject(Presence(approaching=True))
        else:
            s.robot.post(HeadEvent(Presence(approaching=True)))
        if not s.watch.wait(lambda: "HeadEvent" in s.watch.events, 3.0):
            s.robot.post(HeadEvent(Presence(approaching=True)))
        if sleeping:
            self.settle(before + 1)  # greeted

    def speak(self, audio: np.ndarray) -> None:
        """Once the robot is quiet (its echo gone), the visitor speaks."""
        s = self.soak
        deadline, quiet = time.monotonic() + 30, time.monotonic()
        while time.monotonic() < deadline:
            if s.speaker.is_playing() or np.abs(s.speaker.reference(0.3)).max(initial=0):
                quiet = time.monotonic()
            elif time.monotonic() - quiet > 0.5:
                break
            time.sleep(0.05)
        self.feed(audio)

    def feed(self, audio: np.ndarray) -> None:
        """Into the microphone, heard from now (or after what it still has to hear)."""
        now = time.monotonic()
        start = max(now, self.fed[-1][1] if self.fed else now)
        self.soak.wav.feed(audio)
        self.fed.append((start, start + len(audio) / 16000))

    def _calm(self) -> bool:
        """Nothing left to hear, nothing being answered, the robot waiting."""
        s = self.soak
        return (s.wav.queued_samples == 0 and s.watch.state in RESTING
                and not s.robot.listener.segmenter.in_utterance)

    def settle(self, turns: int | None = None, timeout: float = TURN_DEADLINE_S,
               speaking: bool = False) -> bool:
        """The visitor's audio is heard, the robot is back at rest and has been for 0.5 s
        (``speaking``: or the robot is speaking its reply)."""
        s = self.soak
        deadline = time.monotonic() + timeout
        calm_since: float | None = None
        while time.monotonic() < deadline:
            now = time.monotonic()
            if speaking and s.watch.state is State.SPEAKING:
                return True
            calm = self._calm() and (turns is None or s.watch.turns_total >= turns)
            calm_since = (calm_since or now) if calm else None
            if calm_since is not None and now - calm_since >= 0.5:
                return not speaking
            time.sleep(0.02)
        return False

    def when_speaking(self) -> bool:
        """Wait for the reply to play; False if the turn ended without one."""
        return self.settle(timeout=60.0, speaking=True)

    def turn(self, n: int, step: Step, episode: Episode | None) -> bool:
        """One soak turn: the visitor's action, with the fault's moments around it."""
        s = self.soak
        k = s.counts[f"line:{step.kind}"]
        s.counts[f"line:{step.kind}"] += 1
        if step.kind not in ("silence", "noise"):
            self.engage()
        s.watch.mark()
        self.fed = []
        if episode is not None:
            episode.before()
        if step.kind == "silence":
            self.speak(np.zeros(48000, dtype=np.int16))  # 3 s of nobody: the hall's floor
        elif step.kind == "noise":
            self.speak(knocks_and_fan(s.rng))
        else:
            kind = "question" if step.kind == "barge_in" else step.kind
            self.speak(self.voice(LINES[kind][k % len(LINES[kind])]))
        speaking = False
        if step.kind == "barge_in" or (episode is not None and step.kind != "silence"):
            speaking = self.when_speaking()
        if step.kind == "barge_in" and speaking:
            time.sleep(1.5)
            if s.watch.state is State.SPEAKING:
                cut = LINES["interrupt"][k % len(LINES["interrupt"])]
                self.feed(self.voice(cut))
        timed = episode is not None and type(episode).during is not Episode.during
        if episode is not None and speaking:
            episode.mid_answer = True
            episode.during()
        settled = self.settle()
        if episode is not None and not speaking and settled:
            episode.during()  # no reply to land in: the fault comes at rest instead
            settled = self.settle()
        if episode is not None and timed:
            episode.notes.append("mid-answer" if speaking else "at rest")
        if not settled:
            s.stuck_turns.append(f"turn {n} ({step.kind}) never came back to rest; "
                                 f"state {s.watch.state.value}, "
                                 f"events {s.watch.events[-10:]}")
        s.speaker.clear()  # the fake speaker's recording: not the robot's memory
        self._observe(step)
        return settled

    def _observe(self, step: Step) -> None:
        """What a soak shows besides faults: interruptions heard, words heard in no words."""
        s = self.soak
        barged = "BargeIn" in s.watch.events
        if step.kind == "barge_in":
            s.seen["barge-ins asked"] += 1
            s.seen["barge-ins heard"] += barged
        elif barged:
            s.seen["barge-ins with nobody speaking over the robot"] += 1
        if step.kind in ("silence", "noise") and any(t["heard"] for t in s.watch.finished):
            s.seen[f"words heard in {step.kind}"] += 1
        with s.watch.cond:
            heard = list(s.watch.speech_at)
        phantom = [t for t in heard
                   if not any(start - 0.2 <= t <= end + 0.5 for start, end in self.fed)]
        if phantom:
            s.seen["speech heard with nobody speaking"] += 1
            log.warning("soak: speech heard with nobody speaking (%s)",
                        ", ".join(f"{t - self.fed[-1][1]:+.1f} s" for t in phantom)
                        if self.fed else "nothing fed")
