"""What a sync must do, decided before anything is read or embedded (pure, plus a folder scan)."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from rag.ingest import reason_to_skip

Mode = Literal["replace", "update"]
# Files that office PCs and phones drop next to documents; never worth a report line.
_JUNK = {"thumbs.db", "desktop.ini", ".ds_store"}


@dataclass(frozen=True)
class Scan:
    """A folder's files: readable candidates, every name present, and the refused ones."""

    candidates: dict[str, Path] = field(default_factory=dict)
    present: set[str] = field(default_factory=set)
    skipped: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class SyncPlan:
    add: list[str]
    update: list[str]
    remove: list[str]
    unchanged: list[str]


def file_hash(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(1 << 20):
            h.update(block)
    return h.hexdigest()


def scan_folder(folder: Path, max_bytes: int, ignore: Collection[str] = ()) -> Scan:
    """Every regular file under `folder` (hidden ones and office junk ignored), never
    following symbolic links; refusals decided from name and size, before any read."""
    scan = Scan()
    for dirpath, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in dirs:  # os.walk lists a linked folder here and silently never enters it
            rel = (Path(dirpath) / name).relative_to(folder).as_posix()
            if (Path(dirpath) / name).is_symlink() and rel not in ignore:
                scan.skipped.append((rel + "/", "lien symbolique vers un dossier (non suivi)"))
        for name in sorted(files):
            if name.startswith((".", "~$")) or name.lower() in _JUNK:
                continue
            path = Path(dirpath) / name
            rel = path.relative_to(folder).as_posix()
            if rel in ignore:
                continue
            scan.present.add(rel)
            if path.is_symlink():
                scan.skipped.append((rel, "lien symbolique (non suivi)"))
                continue
            try:
                st = path.stat()
            except OSError as exc:
                scan.skipped.append((rel, f"fichier illisible ({exc.strerror})"))
                continue
            reason = reason_to_skip(path, st.st_size, max_bytes)
            if reason:
                scan.skipped.append((rel, reason))
            else:
                scan.candidates[rel] = path
    return scan


def plan_sync(
    indexed: Mapping[str, str],
    found: Mapping[str, str],
    present: Collection[str],
    mode: Mode,
    remove: Collection[str] = (),
) -> SyncPlan:
    """Compare the served generation (file -> hash) with the folder (file -> hash).

    replace: the folder is the whole corpus; indexed files no longer present are removed
    (a present file that cannot be read keeps its previous version).
    update: files absent from the folder stay, except those named in `remove`.
    """
    doomed = set(remove) & set(indexed)
    if mode == "replace":
        doomed |= set(indexed) - set(present)
    fresh = {f: h for f, h in found.items() if f not in set(remove)}
    return SyncPlan(
        add=sorted(f for f in fresh if f not in indexed),
        update=sorted(f for f, h in fresh.items() if f in indexed and indexed[f] != h),
        remove=sorted(doomed),
        unchanged=sorted(f for f, h in fresh.items() if indexed.get(f) == h),
    )
