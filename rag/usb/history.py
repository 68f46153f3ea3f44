"""What came before, on disk: the robot's record of applied bundles.

The robot keeps `<data>/state/usb-last-bundle.json` (freshness.Record as JSON).
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from rag.usb.freshness import Record

log = logging.getLogger(__name__)
LAST_FILE = "usb-last-bundle.json"


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def load(state: Path) -> Record | None:
    """The record, or None when nothing was applied yet (or it is unreadable: said loudly)."""
    path = state / LAST_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        log.warning("ignoring unreadable %s (any signed bundle will be accepted): %s", path, exc)
        return None
    return Record.from_json(data) if isinstance(data, dict) else None


def save(state: Path, record: Record) -> None:
    _write_atomic(state / LAST_FILE, json.dumps(record.to_json(), ensure_ascii=False))
