"""What lives beside an installed model: its pins (trust on first use), its stamps, temp paths.

`<models_dir>/<id>/.pinned.json` holds the checksum measured at first install of each file
the manifest has no checksum for; later installs and verifies must match it.
`<models_dir>/<id>/.stamp.json` holds the fingerprint and checksum of each file when it
last verified, so re-running `install` on good models does not re-read gigabytes.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from models.integrity import Fingerprint, Measure
from robot.core.errors import ModelError

log = logging.getLogger(__name__)

PINS = ".pinned.json"
STAMPS = ".stamp.json"
TMP_PREFIX = ".tmp-"
OLD_PREFIX = ".old-"


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        log.warning("ignoring unreadable %s: %s", path, exc)
        return {}
    return data if isinstance(data, dict) else {}


def _write_json(path: Path, data: dict[str, Any]) -> None:
    """Write beside, then rename: a crash never leaves half a JSON file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=TMP_PREFIX, dir=path.parent)
    os.fchmod(fd, 0o644)  # readable by the robot's service user, like the models
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(data, f, indent=2, sort_keys=True)
        f.write("\n")
    os.replace(tmp, path)


@dataclass(frozen=True)
class Pin:
    sha256: str
    size: int
    pinned_at: str
    origin: str  # where the pinned bytes came from (url, folder, package)


class ModelRecords:
    """Pins and stamps of one model folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def pins(self) -> dict[str, Pin]:
        files = _read_json(self.folder / PINS).get("files", {})
        out = {}
        for path, p in files.items():
            with contextlib.suppress(KeyError, TypeError):
                out[path] = Pin(str(p["sha256"]), int(p["size"]), str(p.get("pinned_at", "")),
                                str(p.get("origin", "")))
        return out

    def pin(self, path: str, m: Measure, origin: str) -> Pin:
        data = _read_json(self.folder / PINS)
        now = datetime.now(UTC).isoformat(timespec="seconds")
        pin = Pin(m.sha256, m.size, now, origin)
        data.setdefault("files", {})[path] = {
            "sha256": pin.sha256, "size": pin.size, "pinned_at": pin.pinned_at, "origin": origin
        }
        data["note"] = "trust on first use: checksums measured at first install"
        try:
            _write_json(self.folder / PINS, data)
        except OSError as exc:  # without its pin a file could later be swapped unnoticed
            raise ModelError(f"cannot record the checksum of {self.folder.name}/{path}: {exc}"
                             ) from None
        log.info("pinned %s/%s on first use: sha256 %s", self.folder.name, path, m.sha256)
        return pin

    def stamped(self, path: str, fp: Fingerprint) -> str | None:
        """The checksum recorded when this exact file (same fingerprint) last verified."""
        entry = _read_json(self.folder / STAMPS).get(path)
        if isinstance(entry, dict) and entry.get("fingerprint") == fp.as_dict():
            sha = entry.get("sha256")
            return str(sha) if sha else None
        return None

    def stamp(self, path: str, fp: Fingerprint, m: Measure) -> None:
        data = _read_json(self.folder / STAMPS)
        data[path] = {"fingerprint": fp.as_dict(), "sha256": m.sha256, "size": m.size}
        self._write_stamps(data)

    def forget_stamp(self, path: str) -> None:
        data = _read_json(self.folder / STAMPS)
        if data.pop(path, None) is not None:
            self._write_stamps(data)

    def _write_stamps(self, data: dict[str, Any]) -> None:
        # Stamps only save time: a read-only models dir (verify as another user) is fine.
        try:
            _write_json(self.folder / STAMPS, data)
        except OSError as exc:
            log.debug("cannot write stamps in %s: %s", self.folder, exc)


def temp_path(folder: Path, name: str) -> Path:
    """A fresh, unused path in the model's own folder, so the final rename is atomic."""
    folder.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f"{TMP_PREFIX}{Path(name).name}-", dir=folder)) / "x"


def remove(path: Path) -> None:
    """Remove a file or a folder, whichever it is."""
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def discard(path: Path) -> None:
    """Remove a staged file or folder (and the temp folder holding it)."""
    holder = path.parent if path.parent.name.startswith(TMP_PREFIX) else path
    shutil.rmtree(holder, ignore_errors=True)
    with contextlib.suppress(FileNotFoundError, IsADirectoryError):
        holder.unlink()


def commit(staged: Path, target: Path) -> None:
    """Put a verified staged file or folder in place; the old one stays until then."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if staged.is_dir():
        # A folder cannot replace a non-empty folder in one rename: move the old aside first.
        old = None
        if target.exists():
            old = target.parent / f"{OLD_PREFIX}{target.name}-{os.getpid()}"
            os.replace(target, old)
        os.replace(staged, target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    else:
        if target.is_dir():
            shutil.rmtree(target)
        os.replace(staged, target)
    discard(staged)


def tidy(folder: Path) -> None:
    """Clear what an interrupted install left (temp paths; a folder moved aside is restored)."""
    if not folder.is_dir():
        return
    for p in folder.iterdir():
        if p.name.startswith(TMP_PREFIX):
            discard(p / "x") if p.is_dir() else p.unlink(missing_ok=True)
        elif p.name.startswith(OLD_PREFIX):
            original = folder / p.name[len(OLD_PREFIX):].rsplit("-", 1)[0]
            if original.exists():
                shutil.rmtree(p, ignore_errors=True)
            else:
                os.replace(p, original)  # verification decides whether it is still good


@contextlib.contextmanager
def install_lock(models_dir: Path) -> Iterator[None]:
    """One install or import at a time per models dir (two would race on the same files)."""
    try:
        models_dir.mkdir(parents=True, exist_ok=True)
        lock = (models_dir / ".install.lock").open("w")
    except OSError as exc:
        raise ModelError(f"cannot write in the models dir: {exc}",
                         hint="run as the user who owns it, or set models.dir") from None
    with lock as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log.warning("another install is running in %s; waiting", models_dir)
            fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)
