"""The vector side of one index generation: its rows on disk, and a Chroma collection.

Every generation folder keeps its chunks and their vectors as plain files (`rows.jsonl`,
`vectors.npy`), written once and never changed. The next sync starts from those rows, so
unchanged files are never re-embedded, and never copies or opens a served Chroma folder:
Chroma rewrites its files whenever a client opens them, even only to read, so a copy made
while the voice loop reads could be torn.

`LocalBackend` builds each generation's collection inside its folder; `HttpBackend` stands
in for a fleet: one collection per generation on a Chroma server.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from rag.embeddings import E5EmbeddingFunction
from rag.generations import gen_name
from rag.settings import IndexSettings
from rag.types import Chunk
from robot.core.errors import IndexError_

log = logging.getLogger(__name__)
_PAGE = 1000  # rows per request when reading or copying a whole collection


def chunk_metadata(chunk: Chunk) -> dict[str, str | int]:
    # Chroma metadata cannot hold None: -1 and "" stand for "unknown".
    return {
        "source_file": chunk.source_file,
        "title": chunk.title,
        "section": chunk.section,
        "page": chunk.page if chunk.page is not None else -1,
        "doc_date": chunk.doc_date.isoformat() if chunk.doc_date else "",
        "content_hash": chunk.content_hash,
    }


def chunk_from_row(chunk_id: str, text: str, meta: dict[str, Any]) -> Chunk:
    page = int(meta.get("page", -1))
    raw_date = str(meta.get("doc_date") or "")
    return Chunk(
        id=chunk_id,
        text=text,
        source_file=str(meta.get("source_file", "")),
        title=str(meta.get("title", "")),
        section=str(meta.get("section", "")),
        page=page if page >= 0 else None,
        doc_date=date.fromisoformat(raw_date) if raw_date else None,
        content_hash=str(meta.get("content_hash", "")),
    )


ROWS, VECTORS = "rows.jsonl", "vectors.npy"


def save_rows(folder: Path, chunks: Sequence[Chunk], matrix: np.ndarray) -> None:
    """A generation's chunks and vectors, in the same order (fsynced with the folder)."""
    with open(folder / ROWS, "w", encoding="utf-8") as f:
        for c in chunks:
            f.write(
                json.dumps({"id": c.id, "text": c.text, **chunk_metadata(c)}, ensure_ascii=False)
                + "\n"
            )
    np.save(folder / VECTORS, np.asarray(matrix, dtype=np.float32).reshape(len(chunks), -1))


def load_rows(folder: Path) -> tuple[list[Chunk], np.ndarray]:
    try:
        with open(folder / ROWS, encoding="utf-8") as f:
            rows = [json.loads(line) for line in f if line.strip()]
        matrix = np.load(folder / VECTORS)
    except (OSError, ValueError) as exc:
        raise IndexError_(f"index generation {folder.name} is damaged ({exc})") from None
    if len(rows) != len(matrix):
        raise IndexError_(f"index generation {folder.name} is damaged (rows and vectors differ)")
    return [chunk_from_row(r.pop("id"), r.pop("text"), r) for r in rows], matrix


class VectorStore:
    """One generation's collection: chunks in, nearest chunks out."""

    def __init__(self, collection: Any, client: Any, where: str) -> None:
        self._col = collection
        self._client = client
        self.where = where
        self._count: int | None = None  # a published generation never changes: ask once

    def count(self) -> int:
        if self._count is None:
            self._count = int(self._col.count())
        return self._count

    def add(self, chunks: Sequence[Chunk], embeddings: np.ndarray) -> None:
        self._count = None
        for start in range(0, len(chunks), _PAGE):
            part = chunks[start : start + _PAGE]
            self._col.add(
                ids=[c.id for c in part],
                documents=[c.text for c in part],
                metadatas=[chunk_metadata(c) for c in part],
                embeddings=embeddings[start : start + _PAGE],
            )

    def nearest(self, embedding: np.ndarray, n: int) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity), best first."""
        n = min(n, self.count())
        if n <= 0:
            return []
        res = self._col.query(query_embeddings=[embedding], n_results=n, include=["distances"])
        return [
            (i, 1.0 - float(d)) for i, d in zip(res["ids"][0], res["distances"][0], strict=True)
        ]

    def close(self) -> None:
        close = getattr(self._client, "close", None)
        if callable(close):
            close()


class VectorBackend(Protocol):
    kind: str

    def create(
        self, folder: Path, version: int, chunks: Sequence[Chunk], matrix: np.ndarray
    ) -> VectorStore:
        """A new generation's collection holding exactly these rows."""
        ...

    def open(self, folder: Path, version: int) -> VectorStore: ...

    def forget(self, keep: set[int]) -> None:
        """Drop server-side data of generations not in `keep` (local folders go by rmtree)."""
        ...


def _chroma_settings() -> Any:
    from chromadb.config import Settings

    return Settings(anonymized_telemetry=False)


def _collection(client: Any, name: str, ef: E5EmbeddingFunction, create: bool) -> Any:
    kwargs = {"name": name, "embedding_function": ef}
    if create:
        return client.get_or_create_collection(
            **kwargs, configuration={"hnsw": {"space": "cosine"}}
        )
    try:
        return client.get_collection(**kwargs)
    except Exception as exc:  # chromadb raises NotFoundError/ValueError by version
        raise IndexError_(f"index collection {name!r} not found ({exc})") from None


def _forget_broken_system(path: str) -> None:
    """Chroma caches a client's system per folder even when it failed to start; every later
    open of that folder would then fail with a meaningless error instead of the real one."""
    from chromadb.api.shared_system_client import SharedSystemClient

    SharedSystemClient._identifier_to_system.pop(path, None)
    SharedSystemClient._identifier_to_refcount.pop(path, None)


class LocalBackend:
    kind = "local"

    def __init__(self, collection: str, ef: E5EmbeddingFunction) -> None:
        self.collection = collection
        self.ef = ef

    def _open(self, folder: Path, create: bool) -> VectorStore:
        import chromadb

        path = folder / "chroma"
        try:
            client = chromadb.PersistentClient(path=str(path), settings=_chroma_settings())
        except Exception:
            _forget_broken_system(str(path))
            raise
        return VectorStore(_collection(client, self.collection, self.ef, create), client, str(path))

    def create(
        self, folder: Path, version: int, chunks: Sequence[Chunk], matrix: np.ndarray
    ) -> VectorStore:
        store = self._open(folder, create=True)
        store.add(chunks, matrix)
        return store

    def open(self, folder: Path, version: int) -> VectorStore:
        if not (folder / "chroma").exists():
            raise IndexError_(f"index generation {folder.name} has no vector store")
        return self._open(folder, create=False)

    def forget(self, keep: set[int]) -> None:
        return None


class HttpBackend:
    """A Chroma server: generation N is the collection '<name>-g00000N'."""

    kind = "http"

    def __init__(self, host: str, port: int, collection: str, ef: E5EmbeddingFunction) -> None:
        import chromadb

        try:
            self.client = chromadb.HttpClient(host=host, port=port, settings=_chroma_settings())
            self.client.heartbeat()
        except Exception as exc:  # connection errors come in many types
            raise IndexError_(
                f"cannot reach the Chroma server at {host}:{port} ({exc})",
                hint="check index.host / index.port, or use index.backend: local",
            ) from None
        self.collection = collection
        self.ef = ef

    def _name(self, version: int) -> str:
        return f"{self.collection}-{gen_name(version)}"

    def create(
        self, folder: Path, version: int, chunks: Sequence[Chunk], matrix: np.ndarray
    ) -> VectorStore:
        name = self._name(version)
        if name in {c.name for c in self.client.list_collections()}:
            self.client.delete_collection(name)  # debris of a killed sync
        store = VectorStore(_collection(self.client, name, self.ef, True), None, name)
        store.add(chunks, matrix)
        return store

    def open(self, folder: Path, version: int) -> VectorStore:
        name = self._name(version)
        return VectorStore(_collection(self.client, name, self.ef, False), None, name)

    def forget(self, keep: set[int]) -> None:
        wanted = {self._name(v) for v in keep}
        for col in self.client.list_collections():
            if col.name.startswith(f"{self.collection}-g") and col.name not in wanted:
                log.info("dropping old index collection %s", col.name)
                self.client.delete_collection(col.name)


def make_backend(settings: IndexSettings, ef: E5EmbeddingFunction) -> VectorBackend:
    if settings.backend == "http":
        return HttpBackend(settings.host, settings.port, settings.collection, ef)
    return LocalBackend(settings.collection, ef)
