"""After a finished turn the heap's free memory goes back to the system (glibc)."""

from __future__ import annotations

import threading

import pytest

from robot.heap import heap_trimmer


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096 / 1e6


def test_a_finished_turn_gives_freed_memory_back() -> None:
    trim = heap_trimmer()
    if trim is None:
        pytest.skip("not glibc")
    kept: list[bytearray] = []

    def turn_like() -> None:  # a worker thread allocates ~200 MB and keeps 1 % of it
        blocks = [bytearray(1024) for _ in range(200_000)]
        kept.extend(blocks[::100])

    worker = threading.Thread(target=turn_like)
    worker.start()
    worker.join()
    before = rss_mb()
    trim("status", {})  # other trace events leave the heap alone
    assert rss_mb() > before - 20
    trim("turn", {"n": 1})
    assert rss_mb() < before - 100, (before, rss_mb())
    assert len(kept) == 2000
