"""A simulated head on a real pty, and a SerialHead with fast timings talking to it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hardware_testkit import FAST

from hardware.head import SerialHead
from hardware.settings import HeadSettings
from hardware.simulator import SimulatedHead


@pytest.fixture
def sim(tmp_path: Path) -> Iterator[SimulatedHead]:
    s = SimulatedHead(tmp_path / "head")
    s.start()
    yield s
    s.stop()


@pytest.fixture
def make_head(sim: SimulatedHead) -> Iterator[Callable[..., SerialHead]]:
    heads: list[SerialHead] = []

    def make(**overrides: object) -> SerialHead:
        settings = HeadSettings(**{**FAST, "port": sim.path, **overrides})
        head = SerialHead(settings)
        heads.append(head)
        return head

    yield make
    for head in heads:
        head.close()


@pytest.fixture
def head(make_head: Callable[..., SerialHead]) -> SerialHead:
    h = make_head()
    assert h.wait_ready(3.0), h.health()
    return h
