"""The vector side of one index generation, behind a small interface.

`LocalBackend` keeps each generation's Chroma files inside its generation folder (copied
from the previous one, so unchanged files are never re-embedded). `HttpBackend` stands in
for a fleet: one collection per generation on a Chroma server, copied server-side.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from rag.embeddings import E5EmbeddingFunction
from rag.generations import gen_name
from rag.settings import IndexSettings
from rag.types import Chunk
from robot.errors import IndexError_

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

    def delete_files(self, files: Iterable[str]) -> None:
        self._count = None
        names = sorted(set(files))
        for start in range(0, len(names), _PAGE):
            self._col.delete(where={"source_file": {"$in": names[start : start + _PAGE]}})

    def nearest(self, embedding: np.ndarray, n: int) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity), best first."""
        n = min(n, self.count())
        if n <= 0:
            return []
        res = self._col.query(query_embeddings=[embedding], n_results=n, include=["distances"])
        return [
            (i, 1.0 - float(d)) for i, d in zip(res["ids"][0], res["distances"][0], strict=True)
        ]

    def rows(self) -> Iterable[tuple[list[str], list[str], list[Any], np.ndarray]]:
        """Every row, a page at a time: ids, documents, metadatas, embeddings."""
        total = self.count()
        for offset in range(0, total, _PAGE):
            res = self._col.get(
                include=["documents", "metadatas", "embeddings"], limit=_PAGE, offset=offset
            )
            yield (
                list(res["ids"]),
                list(res["documents"]),
                list(res["metadatas"]),
                np.asarray(res["embeddings"], dtype=np.float32),
            )

    def everything(self) -> tuple[list[Chunk], np.ndarray]:
        chunks: list[Chunk] = []
        parts: list[np.ndarray] = []
        for ids, docs, metas, emb in self.rows():
            chunks.extend(
                chunk_from_row(i, d, m or {}) for i, d, m in zip(ids, docs, metas, strict=True)
            )
            parts.append(emb.reshape(len(ids), -1))
        matrix = np.vstack(parts) if parts else np.zeros((0, 384), dtype=np.float32)
        return chunks, matrix

    def close(self) -> None:
        close = getattr(self._client, "close", None)
        if callable(close):
            close()


class VectorBackend(Protocol):
    kind: str

    def create(self, folder: Path, version: int, base: tuple[Path, int] | None) -> VectorStore:
        """A new generation's store, starting as a copy of `base` (folder, version)."""
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


class LocalBackend:
    kind = "local"

    def __init__(self, collection: str, ef: E5EmbeddingFunction) -> None:
        self.collection = collection
        self.ef = ef

    def _open(self, folder: Path, create: bool) -> VectorStore:
        import chromadb

        path = folder / "chroma"
        client = chromadb.PersistentClient(path=str(path), settings=_chroma_settings())
        return VectorStore(_collection(client, self.collection, self.ef, create), client, str(path))

    def create(self, folder: Path, version: int, base: tuple[Path, int] | None) -> VectorStore:
        if base is not None:
            shutil.copytree(base[0] / "chroma", folder / "chroma")
        return self._open(folder, create=True)

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

    def create(self, folder: Path, version: int, base: tuple[Path, int] | None) -> VectorStore:
        name = self._name(version)
        if name in {c.name for c in self.client.list_collections()}:
            self.client.delete_collection(name)  # debris of a killed sync
        store = VectorStore(_collection(self.client, name, self.ef, True), None, name)
        if base is not None:
            for ids, docs, metas, emb in self.open(base[0], base[1]).rows():
                store._col.add(ids=ids, documents=docs, metadatas=metas, embeddings=emb)
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
