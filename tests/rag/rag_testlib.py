"""Constants and helpers shared by the index tests (a unique name: never `from conftest`)."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from rag.embeddings import E5Embedder

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "rag" / "corpus" / "documents"
BAD_FILES = REPO / "tests" / "fixtures" / "documents"


class CountingEmbedder:
    """The real embedder, counting the passages it embeds (incremental-sync tests)."""

    def __init__(self, inner: E5Embedder) -> None:
        self.inner = inner
        self.model_id = inner.model_id
        self.dim = inner.dim
        self.passages_embedded = 0

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        self.passages_embedded += len(texts)
        return self.inner.passages(texts)

    def query(self, text: str) -> np.ndarray:
        return self.inner.query(text)


def copy_corpus(dest: Path, names: Sequence[str] | None = None) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for f in sorted(CORPUS.iterdir()):
        if names is None or f.name in names:
            shutil.copy2(f, dest / f.name)
    return dest
