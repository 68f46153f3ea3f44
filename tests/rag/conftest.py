"""Index and retrieval fixtures: the real e5 model, real Chroma, the sample corpus."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from rag_testlib import CountingEmbedder

from rag.embeddings import E5Embedder
from rag.index import IndexStore
from rag.settings import IndexSettings, RetrievalSettings


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
def corpus_store(tmp_path_factory: pytest.TempPathFactory, e5: E5Embedder,
                 copy_sample_data: Callable[[Path], Path]) -> IndexStore:
    """The sample corpus indexed once for the whole test session (tests/conftest.py)."""
    root = copy_sample_data(tmp_path_factory.mktemp("corpus-index"))
    store = IndexStore(root / "index", IndexSettings(), e5)
    assert store.current_version() == 1
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
