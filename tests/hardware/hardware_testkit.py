"""Helpers the hardware tests share (fixtures are in conftest.py)."""

from __future__ import annotations

import time
from collections.abc import Callable

FAST = {
    "heartbeat_s": 0.1,
    "ack_timeout_s": 0.05,
    "retries": 3,
    "reconnect_backoff_s": 0.05,
    "reconnect_backoff_max_s": 0.2,
    "handshake_timeout_s": 0.5,
}


def wait_until(predicate: Callable[[], object], timeout: float = 3.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.005)
    return bool(predicate())
