"""Writing one generation: rows, unit vectors and vector store built aside, checked, then
published atomically (rag.generations). No knowledge of syncs or documents."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from rag.generations import FileEntry, Generations, Manifest
from rag.meaning import UnitVectors
from rag.types import Chunk
from rag.vectors import VectorBackend, save_rows
from robot.core.errors import IndexError_


@dataclass(frozen=True)
class Content:
    """What a new generation's manifest says besides its rows."""

    files: dict[str, FileEntry]
    signature: dict[str, object]
    skipped: list[tuple[str, str]]
    folder: Path


def write_generation(gens: Generations, backend: VectorBackend, chunks: list[Chunk],
                     matrix: np.ndarray, units: UnitVectors, texts: list[str],
                     content: Content) -> int:
    """One generation with these rows and units, checked and published; its version."""
    version = gens.next_version()
    build = gens.start_build(version)
    save_rows(build, chunks, matrix)
    units.save(build, texts)
    store = backend.create(build, version, chunks, matrix)
    try:
        count = store.count()
    finally:
        store.close()
    expected = sum(f.chunks for f in content.files.values())
    if not count == len(chunks) == expected:
        raise IndexError_(
            f"index build inconsistent: {count} chunks stored, {len(chunks)} rows, {expected} "
            "expected; the current index is still served"
        )
    manifest = Manifest(
        version,
        datetime.now(UTC).isoformat(timespec="seconds"),
        content.signature,
        content.files,
        content.skipped,
        str(content.folder.resolve()),
    )
    gens.publish(build, version, manifest)
    return version
