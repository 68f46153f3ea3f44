"""Checksums for model files and folders, and cheap fingerprints to skip re-hashing.

A folder model (a Vosk model) is checked with a tree hash: SHA-256 over one line per
regular file, `<relative posix path>\\0<file sha256>\\n`, in sorted path order. Renaming,
adding, removing or changing any file changes it; empty folders do not count.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

CHUNK = 1 << 20


@dataclass(frozen=True)
class Measure:
    """What a file or folder measures: its checksum and its size in bytes (sum for folders)."""

    sha256: str
    size: int


@dataclass(frozen=True)
class Fingerprint:
    """size + mtime (+ inode, file count): changes whenever the content is replaced."""

    size: int
    mtime_ns: int
    inode: int
    count: int

    def as_dict(self) -> dict[str, int]:
        return {"size": self.size, "mtime_ns": self.mtime_ns, "inode": self.inode,
                "count": self.count}


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            h.update(chunk)
    return h.hexdigest()


def tree_files(root: Path) -> Iterator[tuple[str, Path]]:
    """(relative posix path, path) of every regular file under root, sorted by path."""
    found: list[tuple[str, Path]] = []
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            p = Path(dirpath) / name
            if p.is_file():
                found.append((p.relative_to(root).as_posix(), p))
    yield from sorted(found)


def measure(path: Path) -> Measure:
    """SHA-256 of a file, or the tree hash of a folder (see the module docstring)."""
    if path.is_dir():
        h = hashlib.sha256()
        size = 0
        for rel, p in tree_files(path):
            h.update(f"{rel}\0{sha256_file(p)}\n".encode())
            size += p.stat().st_size
        return Measure(h.hexdigest(), size)
    return Measure(sha256_file(path), path.stat().st_size)


def fingerprint(path: Path) -> Fingerprint:
    """Stat-only identity of a file or folder, to trust a recent hash without re-reading."""
    if path.is_dir():
        size = count = 0
        mtime = path.stat().st_mtime_ns
        for _rel, p in tree_files(path):
            st = p.stat()
            size, count, mtime = size + st.st_size, count + 1, max(mtime, st.st_mtime_ns)
        return Fingerprint(size, mtime, path.stat().st_ino, count)
    st = path.stat()
    return Fingerprint(st.st_size, st.st_mtime_ns, st.st_ino, 1)


def disk_size(path: Path) -> int:
    """Bytes on disk of a file or folder (stat only)."""
    if path.is_dir():
        return sum(p.stat().st_size for _rel, p in tree_files(path))
    return path.stat().st_size if path.exists() else 0


def human_size(n: int | None) -> str:
    if n is None:
        return "?"
    size = float(n)
    for unit in ("B", "kB", "MB", "GB"):
        if size < 1000 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1000
    return f"{size:.1f} GB"
