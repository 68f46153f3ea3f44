"""A trace sink that waits for turns: `robot bench`, `robot ask --wav` and the tests."""

from __future__ import annotations

import threading
from typing import Any

from robot.states import State


class TurnWatcher:
    """Collects finished turns (their summaries and answers) and the loop's state."""

    def __init__(self) -> None:
        self.cond = threading.Condition()
        self.turns: list[dict[str, Any]] = []
        self.answers: dict[int, Any] = {}  # turn number -> rag.types.Answer
        self.state = State.SLEEPING

    def __call__(self, kind: str, data: dict[str, Any]) -> None:
        with self.cond:
            if kind == "turn":
                self.turns.append(data)
            elif kind == "answer":
                self.answers[data["turn"]] = data["answer"]
            elif kind == "state":
                self.state = State(data["to"])
            self.cond.notify_all()

    def wait_turn(self, count: int, timeout: float) -> bool:
        """True once `count` turns are finished and the loop is back to waiting."""
        with self.cond:
            return self.cond.wait_for(lambda: len(self.turns) >= count and self.state in
                                      (State.IDLE, State.SLEEPING), timeout)
