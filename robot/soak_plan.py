"""What a soak does, turn by turn: the kinds of turns and the faults, on a fixed cycle.

Pure: robot.soak runs the schedule on the live rig; tests pick their own steps.
"""

from __future__ import annotations

from dataclasses import dataclass

KINDS = ("question", "follow_up", "out_of_scope", "barge_in", "silence", "noise", "command")
FAULTS = ("llm_raises", "serial_garbage", "head_unplug", "mic_lost", "tts_raises",
          "index_switch", "disk_full")


@dataclass(frozen=True)
class Step:
    kind: str
    fault: str | None = None


# Fourteen turns: every kind, every fault once; the soak repeats it.
CYCLE = (
    Step("question", "llm_raises"),
    Step("follow_up"),
    Step("out_of_scope", "serial_garbage"),
    Step("question", "head_unplug"),
    Step("barge_in"),
    Step("command"),
    Step("question", "mic_lost"),
    Step("silence"),
    Step("question", "tts_raises"),
    Step("noise"),
    Step("question", "index_switch"),
    Step("follow_up"),
    Step("question", "disk_full"),
    Step("command"),
)


def schedule(turns: int) -> list[Step]:
    return [CYCLE[i % len(CYCLE)] for i in range(turns)]
