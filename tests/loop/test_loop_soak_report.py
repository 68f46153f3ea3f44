"""The soak's memory figures (robot/soak_report.py): growth judged on medians, not one sample."""

from __future__ import annotations

import dataclasses
import tracemalloc

import numpy as np

from robot.soak_report import SoakReport
from robot.soak_watch import ProcessFigures, grown, python_objects, traced_growth


def report(memory: list[tuple[float, float]]) -> SoakReport:
    fig = ProcessFigures(1000.0, 30, 19, 9, 450.0)
    return SoakReport(turns=len(memory), completed=len(memory), seconds=1.0, crashes=[],
                      stuck=[], apologies=0, figures=[("start", fig), ("end", fig)],
                      watchdog_missed=0, watchdog_longest_s=0.0, watchdog_interval_s=1.0,
                      injected={}, survived={}, failures=[], memory=memory)


def test_memory_growth_is_read_on_medians_of_a_hundred_turns() -> None:
    # A flat process whose samples swing by 40 MB with the turn they land in...
    flat = [(1000.0 + (20 if n % 3 == 0 else -20), 450.0) for n in range(1000)]
    assert report(flat).median_growth_pct(0) == 0.0
    # ...and one that leaks 0.1 MB a turn in what it allocates, model files aside.
    leaking = [(1000.0 + n / 10, 450.0 + n / 10) for n in range(1000)]
    growth = report(leaking).median_growth_pct(1)
    assert growth is not None and 17 < growth < 18  # (450 + 95) / (450 + 15) - 1
    text = report(leaking).format(())
    assert "anonymous memory (without the model files mapped in) +17." in text
    assert report(flat[:150]).median_growth_pct(0) is None  # too short to say


class _Held:
    """What a leak looks like: objects kept from one turn to the next."""


def test_the_python_objects_that_grew_are_named() -> None:
    before = python_objects()
    kept = [_Held() for _ in range(5000)]
    changes = grown(before, python_objects())
    assert ("_Held", 5000) in changes and len(kept) == 5000
    assert dict(changes)["_Held"] == max(n for _, n in changes)  # the largest growth first
    fig = ProcessFigures(1000.0, 30, 19, 9, 450.0)
    text = dataclasses.replace(report([]), objects_grown=changes,
                               figures=[("start", fig), ("end", fig)]).format(())
    assert "Python objects grown turn 100 -> end  _Held +5000" in text
    assert "grown turn 100 -> end  none" in report([]).format(())


def test_traced_memory_names_the_line_that_kept_numpy_arrays() -> None:
    """numpy arrays are invisible to the object count (not tracked by the GC);
    `--trace-memory` finds them by the line that allocated them."""
    tracemalloc.start(8)
    try:
        since = tracemalloc.take_snapshot()
        kept = [np.ones(50_000) for _ in range(10)]  # ~4 MB kept
        lines = traced_growth(since)
    finally:
        tracemalloc.stop()
    assert len(kept) == 10 and lines
    assert "test_loop_soak_report.py" in lines[0] and "+39" in lines[0], lines
