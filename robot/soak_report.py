"""The soak's figures, and whether the robot passed: no crash, nothing stuck, every
injected fault survived."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from robot.soak_watch import ProcessFigures


@dataclass
class SoakReport:
    turns: int  # asked for
    completed: int  # turns after which the robot came back to rest
    seconds: float
    crashes: list[str]
    stuck: list[str]
    apologies: int
    figures: list[tuple[str, ProcessFigures]]  # "start", "turn 100", ..., "end"
    watchdog_missed: int
    watchdog_longest_s: float
    watchdog_interval_s: float
    injected: dict[str, int]
    survived: dict[str, int]
    failures: list[str]
    never_fired: list[str] = field(default_factory=list)
    loop_turns: dict[str, int] = field(default_factory=dict)  # by kind, as the loop saw them
    disk: str = ""
    index_s: float = 0.0
    load_s: float = 0.0
    notes: dict[str, dict[str, int]] = field(default_factory=dict)  # per fault: how, count
    seen: dict[str, int] = field(default_factory=dict)  # interruptions, words in no words
    listener: dict[str, int] = field(default_factory=dict)  # voiced / echo / foreign frames
    memory: list[tuple[float, float]] = field(default_factory=list)  # (RSS, anon) per turn
    objects_grown: list[tuple[str, int]] = field(default_factory=list)  # turn 100 -> end
    traced: list[str] = field(default_factory=list)  # --trace-memory: lines that grew most

    @property
    def ok(self) -> bool:
        return not self.crashes and not self.stuck and not self.failures and all(
            self.survived.get(k, 0) == n for k, n in self.injected.items())

    def rss_growth_pct(self) -> float | None:
        """RSS growth from turn 100 to the end (the first 100 turns warm caches up)."""
        at = dict(self.figures)
        base = at.get("turn 100")
        if base is None:
            return None
        return (at["end"].rss_mb - base.rss_mb) / base.rss_mb * 100.0

    def _medians(self) -> list[str]:
        rss, anon = self.median_growth_pct(0), self.median_growth_pct(1)
        if rss is None or anon is None:
            return []
        return [f"RSS growth, median of turns 100-199 -> of the last 100  {rss:+.2f} %; "
                f"anonymous memory (without the model files mapped in) {anon:+.2f} %"]

    def median_growth_pct(self, column: int) -> float | None:
        """Growth from the median of turns 100-199 to the median of the last 100 turns:
        one sample lands mid-allocation or just after a trim, ±20 MB either way."""
        if len(self.memory) < 200:
            return None
        base = statistics.median(m[column] for m in self.memory[99:199])
        end = statistics.median(m[column] for m in self.memory[-100:])
        return (end - base) / base * 100.0

    def format(self, faults: tuple[str, ...]) -> str:
        at = dict(self.figures)
        start, end = at["start"], at["end"]
        growth = self.rss_growth_pct()
        per_turn = self.seconds / max(1, self.completed)
        lines = [
            f"turns completed      {self.completed} / {self.turns} in {self.seconds / 60:.1f} min"
            f" ({per_turn:.1f} s a turn)",
            f"crashes              {len(self.crashes)}",
            f"stuck states         {len(self.stuck)}",
            f"spoken apologies     {self.apologies}",
            "RSS                  " + ", ".join(f"{k} {f.rss_mb:.0f} MB" for k, f in self.figures),
            "RSS growth turn 100 -> end  "
            + (f"{growth:+.2f} %" if growth is not None else "n/a (fewer than 100 turns)"),
            *self._medians(),
            "Python objects grown turn 100 -> end  "
            + (", ".join(f"{name} +{n}" for name, n in self.objects_grown) or "none"),
            *(f"  allocated at {line}" for line in self.traced),
            f"file descriptors     {start.fds} at start, {end.fds} at the end",
            f"threads              {start.threads} at start, {end.threads} at the end (OS); "
            f"Python {start.py_threads} -> {end.py_threads}",
            f"watchdog pings missed {self.watchdog_missed} (one due every "
            f"{self.watchdog_interval_s:.0f} s; longest silence {self.watchdog_longest_s:.2f} s)",
            "",
            f"{'fault':<16}{'injected':>9}{'survived':>9}",
        ]
        for kind in faults:
            lines.append(f"{kind:<16}{self.injected.get(kind, 0):>9}"
                         f"{self.survived.get(kind, 0):>9}")
        for kind in faults:
            if self.notes.get(kind):
                how = ", ".join(f"{k} x{v}" for k, v in sorted(self.notes[kind].items()))
                lines.append(f"  {kind}: {how}")
        if self.never_fired:
            lines.append(f"armed but never reached by the end: {', '.join(self.never_fired)}")
        lines += ["", "observed: " + ", ".join(f"{k} {v}" for k, v in self.seen.items()),
                  f"listener frames: {self.listener}",
                  f"disk fault: {self.disk}",
                  f"loop turns by kind: {dict(sorted(self.loop_turns.items()))}",
                  f"one-time indexing {self.index_s:.0f} s, models loaded in {self.load_s:.0f} s"]
        for title, items in (("CRASHES", self.crashes), ("STUCK", self.stuck),
                             ("FAULTS NOT SURVIVED", self.failures)):
            if items:
                lines += ["", f"{title}:"] + [f"  - {i}" for i in items[:20]]
        lines.append("")
        lines.append("PASS" if self.ok else "FAIL")
        return "\n".join(lines)
