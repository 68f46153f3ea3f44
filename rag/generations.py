"""Index generations on disk: build aside, fsync, then switch one pointer atomically.

    index/
      CURRENT                 "g000007": the generation being served (os.replace'd)
      .lock                   flock held by the one sync or rollback running
      generations/
        g000006/              kept for rollback
        g000007/              manifest.json (file -> hash), rows.jsonl + vectors.npy
                              (never modified), chroma/ (local backend)
        .build-g000008/       a sync in progress, or the debris of a killed one

A reader only ever follows CURRENT to a complete generation; a killed sync leaves at most
a `.build-*` folder (or a finished but unpublished generation) that the next sync removes.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import shutil
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from robot.core.errors import IndexBusy, IndexError_

_GEN = re.compile(r"^g(\d{6})$")
_BUILD = re.compile(r"^\.build-g(\d{6})$")


def gen_name(version: int) -> str:
    return f"g{version:06d}"


@dataclass(frozen=True)
class FileEntry:
    hash: str
    chunks: int
    title: str = ""
    doc_date: str = ""


@dataclass(frozen=True)
class Manifest:
    """What a generation holds: every indexed file and its content hash."""

    version: int
    created: str  # ISO timestamp, UTC
    signature: dict[str, Any]  # chunking + model: when it changes, everything is re-embedded
    files: dict[str, FileEntry] = field(default_factory=dict)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    source: str = ""

    @property
    def chunks(self) -> int:
        return sum(f.chunks for f in self.files.values())

    def to_json(self) -> str:
        data = asdict(self)
        data["skipped"] = [list(s) for s in self.skipped]
        return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        data = json.loads(text)
        return cls(
            version=int(data["version"]),
            created=str(data["created"]),
            signature=dict(data.get("signature") or {}),
            files={k: FileEntry(**v) for k, v in (data.get("files") or {}).items()},
            skipped=[(str(a), str(b)) for a, b in data.get("skipped") or []],
            source=str(data.get("source", "")),
        )


def fsync_tree(path: Path) -> None:
    """Flush every file and folder under `path`, so a power cut cannot publish half of it."""
    for dirpath, _dirs, files in os.walk(path):
        for name in files:
            fd = os.open(os.path.join(dirpath, name), os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        fsync_dir(Path(dirpath))


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(path: Path, text: str) -> None:
    """Write a temp file, fsync it, rename it over `path`, fsync the folder."""
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    fsync_dir(path.parent)


class Generations:
    """The folder layout above; no knowledge of Chroma or documents."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.dir = self.root / "generations"
        self.pointer = self.root / "CURRENT"

    def path(self, version: int) -> Path:
        return self.dir / gen_name(version)

    def current(self) -> int | None:
        """The served version, or None before the first sync (or if it has vanished)."""
        version = self.named()
        if version is None:
            return None
        return version if (self.path(version) / "manifest.json").exists() else None

    def named(self) -> int | None:
        """The version CURRENT names, whether or not that generation is still there."""
        m = _GEN.match(self.token())
        return int(m.group(1)) if m else None

    def token(self) -> str:
        """CURRENT's content: changes whenever another generation is served (one small read)."""
        try:
            return self.pointer.read_text(encoding="ascii").strip()
        except (FileNotFoundError, UnicodeDecodeError):
            return ""

    def versions(self) -> list[int]:
        """Complete generations on disk, oldest first."""
        if not self.dir.exists():
            return []
        found = [int(m.group(1)) for p in self.dir.iterdir() if (m := _GEN.match(p.name))]
        return sorted(v for v in found if (self.path(v) / "manifest.json").exists())

    def next_version(self) -> int:
        """Above everything ever started here, finished, abandoned or rolled back.

        Versions never repeat, so a reader holding an old token always sees a change.
        """
        numbers = [self._high_water(), self.named() or 0]
        if self.dir.exists():
            for p in self.dir.iterdir():
                m = _GEN.match(p.name) or _BUILD.match(p.name)
                if m:
                    numbers.append(int(m.group(1)))
        return max(numbers) + 1

    def _high_water(self) -> int:
        try:
            return int((self.dir / ".high-water").read_text(encoding="ascii"))
        except (OSError, ValueError):
            return 0

    def _raise_high_water(self, version: int) -> None:
        if version > self._high_water():
            self.dir.mkdir(parents=True, exist_ok=True)
            write_atomic(self.dir / ".high-water", str(version))

    def manifest(self, version: int) -> Manifest:
        try:
            return Manifest.from_json((self.path(version) / "manifest.json").read_text("utf-8"))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise IndexError_(f"generation {version} is damaged ({exc})") from None

    def start_build(self, version: int) -> Path:
        self.dir.mkdir(parents=True, exist_ok=True)
        self._raise_high_water(version)
        build = self.dir / f".build-{gen_name(version)}"
        build.mkdir()
        return build

    def publish(self, build: Path, version: int, manifest: Manifest) -> Path:
        """Manifest last, fsync everything, rename into place, then switch CURRENT."""
        (build / "manifest.json").write_text(manifest.to_json(), encoding="utf-8")
        fsync_tree(build)
        final = self.path(version)
        os.rename(build, final)
        fsync_dir(self.dir)
        self.switch(version)
        return final

    def switch(self, version: int) -> None:
        write_atomic(self.pointer, gen_name(version) + "\n")

    def clean_debris(self, keep_build: Path | None = None) -> list[str]:
        """Remove builds of killed syncs and generations newer than the served one."""
        removed: list[str] = []
        if not self.dir.exists():
            return removed
        current = self.named()  # even if damaged: never delete what's served
        for p in self.dir.iterdir():
            if p == keep_build:
                continue
            m = _GEN.match(p.name)
            build = _BUILD.match(p.name)
            stale = build or (m and (current is None or int(m.group(1)) > current))
            if stale or p.name.startswith(".trash-"):
                if number := build or m:
                    self._raise_high_water(int(number.group(1)))
                shutil.rmtree(p, ignore_errors=True)
                removed.append(p.name)
        for tmp in [*self.root.glob(".CURRENT.tmp-*"), *self.dir.glob("..high-water.tmp-*")]:
            tmp.unlink(missing_ok=True)
        return removed

    def prune(self, keep: int) -> list[int]:
        """Keep the served generation and the `keep - 1` before it."""
        current = self.current()
        if current is None:
            return []
        older = [v for v in self.versions() if v < current]
        doomed = older[: max(0, len(older) - (keep - 1))]
        for v in doomed:
            self.discard(v)
        return doomed

    def discard(self, version: int) -> None:
        """Delete a generation that is not served (pruned, or found damaged)."""
        if version == self.named() or not self.path(version).exists():
            return
        # Rename first: a half-deleted folder must never look like a generation.
        trash = self.dir / f".trash-{gen_name(version)}"
        os.rename(self.path(version), trash)
        shutil.rmtree(trash, ignore_errors=True)

    @contextlib.contextmanager
    def lock(self, wait_s: float = 0.0) -> Iterator[None]:
        """One writer at a time; the kernel drops the lock if the holder is killed.

        `wait_s` rides out a brief holder (a status probe) without queueing behind a sync.
        """
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise IndexError_(f"cannot create the index folder {self.root} ({exc.strerror})",
                              hint="check the data dir (`robot config check`)") from None
        deadline = time.monotonic() + wait_s
        with open(self.root / ".lock", "a+") as f:
            while True:
                try:
                    fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise IndexBusy(
                            "another index sync or rollback is running",
                            hint="try again when it ends",
                        ) from None
                    time.sleep(0.05)
            try:
                yield
            finally:
                fcntl.flock(f.fileno(), fcntl.LOCK_UN)

    def busy(self) -> bool:
        """True while a sync holds the lock (for `robot index status`)."""
        if not self.root.is_dir():
            return False  # no index yet: nobody can be syncing, and nothing is created
        try:
            with self.lock():
                return False
        except IndexError_:
            return True
