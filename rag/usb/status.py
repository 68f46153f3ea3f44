"""The USB sync status file the voice loop reads to show progress on the robot's display.

`<data>/state/usb-sync.json`, replaced atomically (write + rename) on every change, so
a reader never sees half a file. Format (schema 1):

    {
      "schema": 1,
      "pid": 4242,                      # the sync process
      "phase": "verifying",             # verifying | copying | indexing   (running)
                                        # done | refused | failed          (final)
      "percent": 37,                    # 0-100, whole sync (copy 5-30, indexing 30-99)
      "message": "Copie des documents… 12 sur 40",   # short French line for the display
      "started_at": "2026-03-02T10:15:00+01:00",
      "updated_at": "2026-03-02T10:15:07+01:00",
      "result": null                    # set once the phase is final:
        {"status": "ok" | "up_to_date" | "refused" | "failed",
         "code": "ok" | "up_to_date" | a refusal code (bad_signature, untrusted_key,
                 hash_mismatch, ...) | source_vanished | disk_full | io_error | index_busy
                 | index_failed,
         "added": 3, "updated": 1, "removed": 0, "skipped": 1,
         "refused": [{"code": "unlisted_file", "path": "x.pdf", "message": "x.pdf : ..."}],
         "version": 12 | null,          # index generation now served
         "duration_s": 41.2, "unsigned": false,
         "report": "robot-rapport-20260302-101547.txt" | null}
    }

A running phase whose pid is gone means the sync was killed or the power went out:
`read_status` then reports phase "interrupted"; the index is the one from before.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

SCHEMA = 1
FILE_NAME = "usb-sync.json"
RUNNING = ("verifying", "copying", "indexing")
FINAL = ("done", "refused", "failed")


def now_iso() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


class StatusWriter:
    """Writes the status file; progress updates are throttled, phase changes never."""

    def __init__(
        self,
        state_dir: Path,
        *,
        min_interval_s: float = 0.5,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.path = state_dir / FILE_NAME
        self._min = min_interval_s
        self._clock = clock
        self._last_write = -1e9
        self._data: dict[str, Any] = {
            "schema": SCHEMA,
            "pid": os.getpid(),
            "phase": "verifying",
            "percent": 0,
            "message": "",
            "started_at": now_iso(),
            "updated_at": now_iso(),
            "result": None,
        }

    @property
    def data(self) -> dict[str, Any]:
        return dict(self._data)

    def update(self, phase: str, percent: float, message: str) -> None:
        pct = max(0, min(100, int(percent)))
        changed = phase != self._data["phase"] or message != self._data["message"]
        if not changed and pct == self._data["percent"]:
            return
        now = self._clock()
        self._data.update(phase=phase, percent=pct, message=message)
        if changed or now - self._last_write >= self._min or pct == 100:
            self._write(durable=False)
            self._last_write = now

    def finish(self, phase: str, message: str, result: dict[str, Any]) -> None:
        self._data.update(
            phase=phase,
            message=message,
            result=result,
            percent=100 if phase == "done" else self._data["percent"],
        )
        self._write(durable=True)

    def _write(self, *, durable: bool) -> None:
        self._data["updated_at"] = now_iso()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(self._data, f, ensure_ascii=False, indent=1)
            f.write("\n")
            if durable:
                f.flush()
                os.fsync(f.fileno())
        os.replace(tmp, self.path)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def read_status(state_dir: Path) -> dict[str, Any] | None:
    """The last status, with phase "interrupted" when its sync died while running."""
    try:
        data: dict[str, Any] = json.loads((state_dir / FILE_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if data.get("phase") in RUNNING and not _alive(int(data.get("pid", 0) or 0)):
        data["phase"] = "interrupted"
        data["message"] = "Mise à jour interrompue : les documents d'avant restent en service."
    return data
