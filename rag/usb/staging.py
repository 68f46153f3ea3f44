"""The staging area: files copied off the stick, hashed as copied, durable before indexing.

Layout under `<data>/staging/`:
  usb.lock      flock held for the whole sync (released by the kernel on kill -9)
  usb/tmp/      files being copied; always debris, emptied at the start of a run
  usb/files/    complete, fsynced, hash-verified files by their bundle path
A run keeps any file already in `usb/files/` whose size and SHA-256 (re-read from our
own disk) match the manifest, so a sync cut by a pulled stick or a power loss resumes.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import logging
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

from rag.usb.bundle import CHUNK, open_beneath, sha256_file
from rag.usb.errors import BundleRefused, Refusal, SyncBusy, SyncIOError
from rag.usb.manifest import FileEntry, Manifest

log = logging.getLogger(__name__)

# Called after each block copied: (bundle path, bytes of this file so far). Tests use it
# to pull the stick or kill the process at a precise point.
CopyHook = Callable[[str, int], None]
SOURCE_GONE = {errno.ENOENT, errno.EIO, errno.ENODEV, errno.ENXIO, errno.ESTALE, errno.ENOTDIR}


class SyncLock:
    """One sync at a time on this data dir; the kernel drops the lock if we die."""

    def __init__(self, root: Path) -> None:
        self.path = root / "usb.lock"
        self._fd: int | None = None

    def __enter__(self) -> SyncLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip()
            os.close(fd)
            raise SyncBusy(f"another USB sync is running (pid {holder or '?'})") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self._fd = fd
        return self

    def __exit__(
        self, t: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing releases the flock
            self._fd = None


@dataclass(frozen=True)
class CopyStats:
    copied: int
    reused: int
    bytes_copied: int


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class Staging:
    def __init__(self, root: Path) -> None:
        self.root = root / "usb"
        self.files = self.root / "files"
        self.tmp = self.root / "tmp"

    def prepare(self, m: Manifest) -> set[str]:
        """Empty tmp/, drop staged files the manifest does not want; return those kept."""
        shutil.rmtree(self.tmp, ignore_errors=True)
        self.tmp.mkdir(parents=True, exist_ok=True)
        self.files.mkdir(parents=True, exist_ok=True)
        wanted = {f.path: f for f in m.files}
        kept: set[str] = set()
        for dirpath, dirnames, filenames in os.walk(self.files, topdown=False):
            for name in filenames:
                path = Path(dirpath) / name
                rel = path.relative_to(self.files).as_posix()
                entry = wanted.get(rel)
                if entry and not path.is_symlink() and self._matches(path, entry):
                    kept.add(rel)
                else:
                    path.unlink()
            for name in dirnames:
                d = Path(dirpath) / name
                if d.is_symlink():
                    d.unlink()
                elif not any(d.iterdir()):
                    d.rmdir()
        if kept:
            log.info("resuming: %d file(s) already staged and verified", len(kept))
        return kept

    @staticmethod
    def _matches(path: Path, entry: FileEntry) -> bool:
        try:
            if path.stat().st_size != entry.size:
                return False
            return sha256_file(path)[0] == entry.sha256
        except OSError:
            return False

    def copy_in(
        self,
        source: Path,
        m: Manifest,
        kept: set[str],
        on_bytes: Callable[[int], None] | None = None,
        hook: CopyHook | None = None,
    ) -> CopyStats:
        """Copy every missing file, verifying each against the manifest as it is copied."""
        copied = nbytes = 0
        for i, entry in enumerate(m.files):
            if entry.path in kept:
                if on_bytes:
                    on_bytes(entry.size)
                continue
            self._copy_one(source, entry, self.tmp / f"{i}.part", on_bytes, hook)
            copied += 1
            nbytes += entry.size
        _fsync_dir(self.files)
        return CopyStats(copied, len(kept), nbytes)

    def _copy_one(
        self,
        source: Path,
        entry: FileEntry,
        tmp: Path,
        on_bytes: Callable[[int], None] | None,
        hook: CopyHook | None,
    ) -> None:
        try:
            src = open_beneath(source, entry.path)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise BundleRefused([Refusal("symlink", entry.path)]) from None
            raise self._source_error(entry.path, exc) from None
        h = hashlib.sha256()
        size = 0
        try:
            with os.fdopen(src, "rb") as fin, self._create(tmp) as fout:
                while True:
                    try:
                        # Read at most one byte past the declared size: a growing file stops.
                        block = fin.read(min(CHUNK, entry.size + 1 - size))
                    except OSError as exc:
                        raise self._source_error(entry.path, exc) from None
                    if not block:
                        break
                    h.update(block)
                    size += len(block)
                    if size > entry.size:
                        break
                    self._write(fout, block)
                    if on_bytes:
                        on_bytes(len(block))
                    if hook:
                        hook(entry.path, size)
                if size != entry.size or h.hexdigest() != entry.sha256:
                    code = "size_mismatch" if size != entry.size else "hash_mismatch"
                    raise BundleRefused([Refusal(code, entry.path, "while copying")])
                try:
                    fout.flush()
                    os.fsync(fout.fileno())
                except OSError as exc:
                    raise self._dest_error(exc) from None
            dest = self.files / entry.path
            dest.parent.mkdir(parents=True, exist_ok=True)
            os.replace(tmp, dest)
            _fsync_dir(dest.parent)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise

    def _create(self, tmp: Path) -> BinaryIO:
        try:
            return open(tmp, "wb")
        except OSError as exc:
            raise self._dest_error(exc) from None

    def _write(self, fout: BinaryIO, block: bytes) -> None:
        try:
            fout.write(block)
        except OSError as exc:
            raise self._dest_error(exc) from None

    @staticmethod
    def _source_error(path: str, exc: OSError) -> SyncIOError:
        if exc.errno in SOURCE_GONE:
            return SyncIOError(
                "source_vanished",
                f"{path}: the stick went away during the copy ({exc.strerror})",
                hint="plug the stick in again: the sync resumes where it stopped",
            )
        return SyncIOError("io_error", f"{path}: cannot read from the stick ({exc.strerror})")

    def _dest_error(self, exc: OSError) -> SyncIOError:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            self.clear()  # a full disk must not stay full because of us
            return SyncIOError(
                "disk_full",
                "the robot's disk is full: staging area removed",
                hint="free some space, then plug the stick in again",
            )
        return SyncIOError("io_error", f"cannot write the staging area ({exc.strerror})")

    def free_bytes(self) -> int:
        self.root.mkdir(parents=True, exist_ok=True)
        return shutil.disk_usage(self.root).free

    def clear(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)
