"""The two halves of building a generation's content, apart from the index bookkeeping.

`read_and_embed` parses and embeds the files a sync must (re)read, in memory only, so a
kill at this stage leaves nothing behind. `merge_rows` (pure) keeps the served rows of
unchanged files, with their vectors, and appends the new ones.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from rag.embeddings import Embedder
from rag.ingest import ingest_file
from rag.lexical import searched
from rag.types import Chunk
from robot.core.errors import IngestError

log = logging.getLogger(__name__)
EMBED_BATCH = 16
# progress(done, total, what): passages embedded so far of those this sync must embed, and
# the file they come from (reading a file takes seconds, embedding its passages minutes).
Progress = Callable[[int, int, str], None]
Read = dict[str, tuple[list[Chunk], np.ndarray]]  # file -> its chunks and their vectors


@dataclass(frozen=True)
class ChunkSize:
    chunk_chars: int
    overlap_chars: int
    max_bytes: int
    max_chars: int = 0  # a document's text beyond this is refused (0: no limit)


def read_and_embed(
    files: Sequence[tuple[str, Path, str]],
    size: ChunkSize,
    embedder: Embedder,
    skipped: list[tuple[str, str]],
    keeps_previous: Collection[str] = (),
    progress: Progress | None = None,
) -> Read:
    """Chunks and vectors of each (name, path, hash); refusals are appended to `skipped`.

    Every file is read first, so that progress can count passages, the real cost.
    Names in `keeps_previous` are served already: a failure keeps that version (and says so).
    """
    parsed: dict[str, list[Chunk]] = {}
    for rel, path, digest in files:
        if progress:
            progress(0, 0, rel)  # reading: the total is not known yet
        try:
            chunks = ingest_file(
                path,
                rel,
                digest,
                chunk_chars=size.chunk_chars,
                overlap_chars=size.overlap_chars,
                max_bytes=size.max_bytes,
            )
            _check_length(chunks, size.max_chars)
        except IngestError as exc:
            note = " (version précédente conservée)" if rel in keeps_previous else ""
            skipped.append((rel, exc.message + note))
            log.warning("skipped %s: %s", rel, exc.message)
        else:
            parsed[rel] = chunks
    total = sum(len(c) for c in parsed.values())
    if progress and total:
        progress(0, total, "")
    done = 0
    out: Read = {}
    for rel, chunks in parsed.items():
        texts = [searched(c) for c in chunks]
        vectors = []
        for i in range(0, len(texts), EMBED_BATCH):
            vectors.append(embedder.passages(texts[i : i + EMBED_BATCH]))
            done += len(vectors[-1])
            if progress:
                progress(done, total, rel)
        out[rel] = (chunks, np.vstack(vectors))
    return out


def _check_length(chunks: Sequence[Chunk], max_chars: int) -> None:
    if not max_chars:
        return
    chars = sum(len(c.text) for c in chunks)
    if chars > max_chars:
        raise IngestError(
            f"texte trop long à indexer ({chars / 1e6:.1f} millions de caractères, limite "
            f"{max_chars / 1e6:.1f}) : découpez le document (par exemple par chapitre)"
        )


def merge_rows(
    base: tuple[list[Chunk], np.ndarray] | None,
    read: Mapping[str, tuple[list[Chunk], np.ndarray]],
    removed: Collection[str],
    dim: int,
) -> tuple[list[Chunk], np.ndarray]:
    """The served rows minus removed and re-read files, then the newly read ones."""
    chunks: list[Chunk] = []
    parts: list[np.ndarray] = []
    if base is not None:
        dropped = {*removed, *read}
        old_chunks, old_matrix = base
        keep = [i for i, c in enumerate(old_chunks) if c.source_file not in dropped]
        chunks += [old_chunks[i] for i in keep]
        parts.append(old_matrix[keep].reshape(len(keep), dim))
    for new_chunks, vectors in read.values():
        chunks += new_chunks
        parts.append(vectors)
    matrix = np.vstack(parts) if parts else np.zeros((0, dim), np.float32)
    return chunks, matrix.astype(np.float32, copy=False)
