"""What the index tells its callers: a sync's report, the status, an opened generation."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from rag.generations import Manifest
from rag.types import Chunk
from rag.vectors import VectorStore


@dataclass(frozen=True)
class SyncReport:
    added: list[str]
    updated: list[str]
    removed: list[str]
    skipped: list[tuple[str, str]]  # (file, reason)
    version: int | None  # the generation served after the sync
    duration_s: float
    unchanged: int = 0
    chunks: int = 0  # in the served generation
    embedded: int = 0  # chunks embedded by this sync
    switched: bool = False  # False when nothing changed (no new generation)
    units_embedded: int = 0  # answering units (rag/meaning.py) new to this sync
    repaired: str = ""  # what was wrong with the served generation this sync replaced
    # When a big sync served its passages before embedding their answering units (a second
    # generation): seconds from the start until the documents could be searched.
    searchable_s: float | None = None


@dataclass(frozen=True)
class IndexStatus:
    version: int | None
    documents: int
    chunks: int
    created: str  # ISO timestamp of the served generation
    path: Path | None
    generations: list[int] = field(default_factory=list)
    busy: bool = False
    skipped: list[tuple[str, str]] = field(default_factory=list)
    source: str = ""
    backend: str = "local"
    problem: str = ""  # why the generation CURRENT names is not the one served


@dataclass(frozen=True)
class OpenGeneration:
    """A served generation opened for reading (what a retriever holds), checked whole."""

    version: int
    token: str
    path: Path
    store: VectorStore
    chunks: list[Chunk]
    matrix: np.ndarray
    manifest: Manifest
    problem: str = ""  # why CURRENT's generation is not the one opened ("" when it is)

    def rows(self) -> tuple[list[Chunk], np.ndarray]:
        """All its chunks and their vectors, read from the generation's own files."""
        return self.chunks, self.matrix


@dataclass(frozen=True)
class Health:
    """What `robot doctor` and `index status` say of the served index."""

    named: int | None  # the generation CURRENT names (None: empty index)
    served: int | None  # the one readers actually get
    problem: str  # "" when they are the same and intact
