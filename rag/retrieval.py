"""Hybrid retrieval: French BM25 + dense e5 vectors, fused, de-duplicated, newest first.

The retriever holds one snapshot of the served generation (chunks, vectors, BM25) and
checks the index's version token before each search: when a sync or a rollback switched
generation, it reopens, so the voice loop keeps answering through a sync.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np

from rag.answerable import best_cosine
from rag.cells import is_row
from rag.embeddings import Embedder
from rag.extractive import chunk_units
from rag.index import IndexStore
from rag.lexical import BM25, searched
from rag.meaning import UnitVectors
from rag.ranking import (
    Features,
    Ranked,
    collapse_duplicates,
    disagree,
    features,
    fuse,
    near_duplicate,
    newer_version,
    prefer_newest,
)
from rag.settings import RetrievalSettings
from rag.types import Chunk, Passage
from rag.unitsearch import UnitIndex
from rag.vectors import VectorStore
from robot.core.errors import IndexError_

log = logging.getLogger(__name__)
_MAX_PAIRS = 200_000  # cached chunk-pair relations per snapshot (a few MB at most)


# Two passages of documents a year or more apart, this close by the e5 embedding, are
# about one point (measured on the tuning communes' chunks: their true old versions
# sit at 0.89-0.98 of the newer, other neighbours mostly below).
OUTDATED_AFTER_DAYS = 365
SAME_POINT_COSINE = 0.89


@dataclass
class _Snapshot:
    version: int | None
    token: str
    chunks: list[Chunk]
    matrix: np.ndarray  # one unit vector per chunk, same order
    bm25: BM25
    store: VectorStore | None
    position: dict[str, int]
    dense: bool = True  # False when the index was embedded by another model
    units: UnitVectors | None = None  # answering units' vectors (rag/meaning.py)
    by_unit: UnitIndex | None = None  # chunks ranked by their best unit (rag/unitsearch.py)
    problem: str = ""  # why the generation served is not the one CURRENT names
    features: dict[int, Features] = field(default_factory=dict)
    pairs: dict[tuple[str, int, int], bool] = field(default_factory=dict)

    def feats(self, index: int) -> Features:
        if index not in self.features:
            self.features[index] = features(self.chunks[index])
        return self.features[index]

    def _pair(self, kind: str, i: int, j: int) -> bool:
        """Pair relations are asked again at every query: remember them (bounded)."""
        key = (kind, i, j) if kind == "topic" else (kind, min(i, j), max(i, j))
        found = self.pairs.get(key)
        if found is None:
            a, b = self.feats(i), self.feats(j)
            found = ((newer_version(a, b) or self._years_apart_on_one_point(i, j))
                     and disagree(a, b)) if kind == "topic" else near_duplicate(a, b)
            if len(self.pairs) > _MAX_PAIRS:
                self.pairs.clear()
            self.pairs[key] = found
        return found

    def _years_apart_on_one_point(self, i: int, j: int) -> bool:
        """An old guide covering many topics (« édition 2023 ») against this year's page on
        one of them: no heading in common, but the same point, years apart."""
        old, new = self.chunks[i].doc_date, self.chunks[j].doc_date
        if old is None or new is None or (new - old).days < OUTDATED_AFTER_DAYS:
            return False
        if self.chunks[j].source_file.lower().endswith(".ics"):
            return False  # an agenda's events are no newer edition of a page
        return float(self.matrix[i] @ self.matrix[j]) >= SAME_POINT_COSINE

    def related(self, i: int, j: int) -> bool:
        """Chunk j, of the same topic, says something else than chunk i (ordered)."""
        return self._pair("topic", i, j)

    def duplicate(self, i: int, j: int) -> bool:
        return self._pair("dup", i, j)


def with_closest(ranked: list[Ranked], closest: list[int], k: int) -> list[Ranked]:
    """The k best, and after them the passage holding the sentence closest to the
    question when the fusion ranks it lower: its vector averages the rest of what it
    says (a cemetery's hours on a page of tariffs). Taking the k-th place
    instead, or fusing that ranking as a third list, put more expected facts in the
    passages too, but pushed out passages whose BM25 or cosine the decline reads."""
    top = ranked[:k]
    if not closest or any(r.index in closest for r in top):
        return top
    extra = next((r for r in ranked[k:] if r.index in closest and not r.superseded), None)
    return top if extra is None else [*top, extra]


def with_table_rest(ranked: list[Ranked], chunks: list[Chunk],
                    scores: Callable[[int], tuple[float, float]]) -> list[Ranked]:
    """After the passages found, the passage next to one of them that holds the rest of
    its table (a table longer than a passage is cut between rows: « le lundi » asked, the
    Saturday rows found, Monday's row in the passage before). Read for its rows, not
    counted by the decline (Passage.extra). ``scores``: a passage's cosine and BM25."""
    found = {r.index for r in ranked}
    out = list(ranked)
    for r in ranked:
        if r.superseded:
            continue
        for i in (r.index - 1, r.index + 1):
            if i in found or not 0 <= i < len(chunks) or not same_table(
                    chunks[min(i, r.index)], chunks[max(i, r.index)]):
                continue
            found.add(i)
            out.append(Ranked(i, 0.0, *scores(i)))
    return out


def same_table(before: Chunk, after: Chunk) -> bool:
    """One table cut between two passages: the first ends on a row, the next opens on
    one, both of one document and section."""
    if (before.source_file, before.section) != (after.source_file, after.section):
        return False
    ends = [u for _, u, _ in chunk_units(before)]
    opens = [u for _, u, _ in chunk_units(after)]
    return bool(ends and opens) and is_row(ends[-1]) and is_row(opens[0])


def _empty(token: str) -> _Snapshot:
    return _Snapshot(None, token, [], np.zeros((0, 384), np.float32), BM25([]), None, {})


class HybridRetriever:
    """`search(query, k)`; reusable across queries and safe to share between threads."""

    def __init__(self, store: IndexStore, embedder: Embedder, settings: RetrievalSettings):
        self.store = store
        self.embedder = embedder
        self.settings = settings
        self._lock = threading.Lock()
        self._snap = _empty("\0")  # never a real token: the first search opens the index

    @property
    def version(self) -> int | None:
        return self._refresh().version

    @property
    def problem(self) -> str:
        """Why the index served is not the one CURRENT names ("" when all is well)."""
        return self._refresh().problem

    @property
    def units(self) -> UnitVectors | None:
        """The served generation's answering-unit vectors (None: no dense search)."""
        return self._refresh().units

    def vocabulary_texts(self) -> tuple[str, Iterator[str]]:
        """The served generation's token, and its passages' titles and texts (rag/repair),
        read only by whoever needs them: asked at every spoken question for the token."""
        snap = self._refresh()
        return snap.token, (f"{c.title}\n{c.text}" for c in snap.chunks)

    def _refresh(self) -> _Snapshot:
        snap = self._snap
        token = self.store.version_token()
        if token == snap.token:
            return snap
        with self._lock:
            if self._snap.token != token:
                old, self._snap = self._snap, self._open()
                if old.store is not None:
                    old.store.close()
            return self._snap

    def _open(self) -> _Snapshot:
        try:
            gen = self.store.open_current()
        except IndexError_ as exc:
            log.warning("no index to search (%s)", exc.message)
            empty = _empty(self.store.version_token())
            empty.problem = exc.message
            return empty
        chunks, matrix = gen.rows()
        built_with = gen.manifest.signature.get("embedder")
        dense = built_with == self.embedder.model_id
        if not dense:
            # Vectors from another model would rank at random: lexical only until a resync.
            log.error(
                "index version %s was embedded with %s, queries use %s: dense search "
                "off until `robot index sync`",
                gen.version,
                built_with,
                self.embedder.model_id,
            )
        snap = _Snapshot(
            gen.version,
            gen.token,
            chunks,
            matrix,
            BM25([searched(c) for c in chunks]),
            gen.store,
            {c.id: i for i, c in enumerate(chunks)},
            dense=dense,
            units=UnitVectors.load(gen.path, self.embedder) if dense else None,
            problem=gen.problem,
        )
        if snap.units is not None:
            snap.by_unit = UnitIndex(chunks, snap.units)
        log.info("retriever opened index version %s (%d chunks)", gen.version, len(chunks))
        return snap

    def vectors(self, passages: list[Passage]) -> dict[str, np.ndarray]:
        """The passages' stored e5 vectors by chunk id (none without dense vectors)."""
        snap = self._refresh()
        if not snap.dense:
            return {}
        return {p.chunk.id: snap.matrix[snap.position[p.chunk.id]] for p in passages
                if p.chunk.id in snap.position}

    def cosine(self, queries: list[str], passages: list[Passage]) -> float:
        """The best e5 cosine of any of the queries to any of the passages, read on the
        stored vectors (0 when the index has no dense vectors for them)."""
        stored = list(self.vectors(passages).values())
        if not stored:
            return 0.0
        return best_cosine([self.embedder.query(q) for q in queries], stored)

    def before(self, chunk: Chunk) -> Chunk | None:
        """The passage before this one in its document (chunks are stored in order)."""
        snap = self._refresh()
        i = snap.position.get(chunk.id)
        if not i:
            return None
        prev = snap.chunks[i - 1]
        return prev if prev.source_file == chunk.source_file else None

    def known(self, query: str) -> float:
        """The share of the query's words found in the served documents (rag/understood)."""
        return self._refresh().bm25.known(query)

    def search(self, query: str, k: int | None = None) -> list[Passage]:
        k = k or self.settings.top_k
        snap = self._refresh()
        if not snap.chunks or not query.strip():
            return []
        n = max(self.settings.candidates, k)
        dense_hits: list[int] = []
        if snap.dense and snap.store is not None:
            qvec = self.embedder.query(query)
            try:
                found = snap.store.nearest(qvec, n)
                dense_hits = [snap.position[i] for i, _ in found if i in snap.position]
            except Exception as exc:  # chromadb raises many types; visitors still get answers
                log.warning("Chroma query failed (%s): exact search on the vectors", exc)
                dense_hits = [int(i) for i in np.argsort(-(snap.matrix @ qvec))[:n]]
        lexical_hits = snap.bm25.top(query, n)
        lexical = dict(lexical_hits)
        fused = fuse(dense_hits, [i for i, _ in lexical_hits])
        # The passage holding the sentence closest to the question (rag/unitsearch.py).
        closest = (snap.by_unit.top(qvec, 1) if dense_hits and snap.by_unit is not None
                   else [])
        for i in closest:
            fused.setdefault(i, 0.0)
        if snap.dense and fused:
            cosine = snap.matrix[list(fused)] @ qvec
        else:
            cosine = np.zeros(len(fused), dtype=np.float32)
        ranked = sorted(
            (
                Ranked(i, s, float(c), lexical.get(i, 0.0))
                for (i, s), c in zip(fused.items(), cosine, strict=True)
            ),
            key=lambda r: (-r.score, r.index),
        )
        if snap.dense:
            ranked = [r for r in ranked if r.dense >= self.settings.min_score]
        ranked = prefer_newest(ranked, snap.chunks, snap.related, query)
        ranked = with_closest(collapse_duplicates(ranked, snap.chunks, snap.duplicate), closest, k)
        ranked = with_table_rest(ranked, snap.chunks, lambda i: (
            float(snap.matrix[i] @ qvec) if dense_hits else 0.0, lexical.get(i, 0.0)))
        return [
            Passage(
                snap.chunks[r.index],
                score=round(r.score, 4),
                dense=round(r.dense, 4) if snap.dense else None,
                lexical=round(r.lexical, 4),
                superseded=r.superseded,
                extra=n >= k,
            )
            for n, r in enumerate(ranked)
        ]
