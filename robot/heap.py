"""Give the heap's free memory back to the system after each turn (glibc only).

A turn allocates and frees tens of MB from several threads (Whisper's features, the
LLM's logits, synthesised audio). glibc keeps what is freed in per-thread arenas, so a
robot left on for weeks shows an RSS that creeps up without any leak, RAM that a
Raspberry Pi needs. malloc_trim(0) once a turn is finished, while the robot is idle,
returns it; elsewhere (musl, macOS) this is a no-op.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)


def heap_trimmer() -> Callable[[str, dict[str, Any]], None] | None:
    """A trace sink that trims the heap after every finished turn, or None without glibc."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim = libc.malloc_trim
    except (OSError, AttributeError):
        log.debug("no malloc_trim here: the heap is left as the allocator keeps it")
        return None
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int

    def sink(kind: str, data: dict[str, Any]) -> None:
        if kind == "turn":
            trim(0)

    return sink
