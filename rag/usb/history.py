"""What came before, on disk: the robot's record of applied bundles, the PC's counter.

The robot keeps `<data>/state/usb-last-bundle.json` (freshness.Record as JSON); the
staff PC keeps `KEYFILE.seq`, the last number that key signed, next to the key so a key
on a shared drive shares its counter too.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from rag.usb.freshness import Record
from robot.core.errors import SyncError

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


def forget(state: Path) -> tuple[Record | None, Path | None]:
    """Drop the record (kept aside as `.bak`, to undo by hand); returns it and the copy."""
    path = state / LAST_FILE
    record = load(state)
    if not path.exists():
        return record, None
    backup = path.with_name(path.name + ".bak")
    os.replace(path, backup)
    return record, backup


def counter_path(keyfile: Path) -> Path:
    return keyfile.with_name(keyfile.name + ".seq")


def read_counter(path: Path) -> int:
    """The last number this key signed; 0 when it never signed on this PC."""
    try:
        text = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return 0
    except OSError as exc:
        raise SyncError(f"cannot read the bundle counter {path}: {exc.strerror}") from None
    if not text.isdigit():
        raise SyncError(
            f"{path} does not hold a bundle number: {text[:20]!r}",
            hint="put the last number used in it, or pass --sequence",
        )
    return int(text)


def write_counter(path: Path, value: int) -> None:
    """Written before the stick, so a failure wastes a number instead of reusing one."""
    try:
        _write_atomic(path, f"{value}\n")
    except OSError as exc:
        raise SyncError(
            f"cannot save the bundle counter {path}: {exc.strerror}",
            hint="the key's folder must be writable, or pass --sequence",
        ) from None
