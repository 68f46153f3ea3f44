"""Index and retrieval fixtures: the real e5 model, real Chroma, the sample corpus."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from rag.embeddings import E5Embedder
from rag.index import IndexStore
from rag.settings import IndexSettings, RetrievalSettings

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


@pytest.fixture(scope="session")
def e5(models_dir: Path) -> E5Embedder:
    from models.manifest import resolve

    resolved = resolve("embeddings", models_dir, "auto")
    return E5Embedder(resolved.path, resolved.id)


@pytest.fixture
def embedder(e5: E5Embedder) -> CountingEmbedder:
    return CountingEmbedder(e5)


@pytest.fixture
def make_store(tmp_path: Path, embedder: CountingEmbedder):
    def make(root: Path | None = None, **settings: object) -> IndexStore:
        return IndexStore(root or tmp_path / "index", IndexSettings(**settings), embedder)

    return make


@pytest.fixture(scope="session")
def corpus_store(tmp_path_factory: pytest.TempPathFactory, e5: E5Embedder) -> IndexStore:
    """The sample corpus indexed once for the whole session (about a minute on 2 cores)."""
    root = tmp_path_factory.mktemp("corpus-index")
    store = IndexStore(root / "index", IndexSettings(), e5)
    report = store.sync(CORPUS)
    assert report.version == 1 and not report.skipped, report.skipped
    return store


@pytest.fixture(scope="session")
def corpus_retriever(corpus_store: IndexStore, e5: E5Embedder):
    from rag.retrieval import HybridRetriever

    return HybridRetriever(corpus_store, e5, RetrievalSettings())


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    """An empty folder to write small synthetic documents into."""
    d = tmp_path / "docs"
    d.mkdir()
    return d


def copy_corpus(dest: Path, names: Sequence[str] | None = None) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for f in sorted(CORPUS.iterdir()):
        if names is None or f.name in names:
            shutil.copy2(f, dest / f.name)
    return dest
