"""Retrieval on the fleet's server: a robot searches the shared index over HTTP.

The server (`robot serve`) holds the index, its BM25 and its unit vectors; a robot's
`RemoteRetriever` asks its `GET /v1/search?full=1` and gets back exactly what a local
`HybridRetriever` would give the Answerer: the passages with their dense and lexical
scores and superseded flag, the vectors of every answering unit in them and of the
query (so sentences are ranked by meaning and the calibrated decline applies, as on
the server), and the share of the query's words the documents know.
The wire format lives here, beside the client, and the server uses the same functions.
"""

from __future__ import annotations

import base64
import json
import logging
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

import numpy as np

from rag.answerable import best_cosine
from rag.guard import neutralise
from rag.meaning import UnitVectors, unit_key, unit_texts
from rag.settings import RetrievalSettings
from rag.types import Chunk, Passage
from robot.core.errors import IndexError_

log = logging.getLogger(__name__)
KEY_BYTES = 12  # rag/meaning.unit_key's digest
_KNOWN_MEMO = 256
_VECTORS_KEPT = 64  # passage vectors a thread keeps from its last searches


# ---- the wire format (server and robot) ---------------------------------------------

def _b64(array: np.ndarray) -> str:
    return base64.b64encode(np.ascontiguousarray(array).tobytes()).decode("ascii")


def _array(text: str, dtype: type, dim: int) -> np.ndarray:
    return np.frombuffer(base64.b64decode(text), dtype=dtype).reshape(-1, dim)


def passage_to_json(p: Passage) -> dict[str, Any]:
    """A passage with its exact source (the staff page's row) and its scores."""
    c = p.chunk
    return {
        "id": c.id, "file": c.source_file, "title": c.title, "section": c.section or None,
        "page": c.page, "date": c.doc_date.isoformat() if c.doc_date else None,
        "superseded": p.superseded, "score": p.score, "dense": p.dense,
        "lexical": p.lexical, "text": c.text, "content_hash": c.content_hash,
        "extra": p.extra,
    }


def passage_from_json(row: dict[str, Any]) -> Passage:
    chunk = Chunk(id=str(row["id"]), text=str(row["text"]), source_file=str(row["file"]),
                  title=str(row["title"]), section=str(row.get("section") or ""),
                  page=None if row.get("page") is None else int(row["page"]),
                  doc_date=date.fromisoformat(row["date"]) if row.get("date") else None,
                  content_hash=str(row.get("content_hash") or ""))
    dense, lexical = row.get("dense"), row.get("lexical")
    return Passage(chunk, float(row["score"]), None if dense is None else float(dense),
                   None if lexical is None else float(lexical), bool(row["superseded"]),
                   bool(row.get("extra", False)))


def units_to_json(units: UnitVectors, chunks: Iterable[Chunk]) -> dict[str, Any]:
    """The vectors of every answering unit of these chunks, as stored (float16), and of
    the units the Answerer ranks once it has dropped the sentences addressed to an
    assistant (rag/guard.neutralise): those differ, and the robot cannot embed them."""
    chunks = list(chunks)
    read = [replace(c, text=neutralise(c.text)) for c in chunks]
    texts = list(dict.fromkeys(unit_texts(chunks + read)))
    matrix = units.vectors(texts).astype(np.float16) if texts else np.zeros((0, 0))
    keys = b"".join(unit_key(t) for t in texts)
    return {"dim": int(matrix.shape[1]) if texts else 0,
            "keys": base64.b64encode(keys).decode("ascii"), "vectors": _b64(matrix)}


def units_from_json(data: dict[str, Any]) -> dict[bytes, np.ndarray]:
    keys = base64.b64decode(data["keys"])
    if not keys:
        return {}
    matrix = _array(data["vectors"], np.float16, int(data["dim"]))
    found = [keys[i:i + KEY_BYTES] for i in range(0, len(keys), KEY_BYTES)]
    if len(found) != len(matrix):
        raise ValueError(f"{len(found)} unit keys for {len(matrix)} vectors")
    return dict(zip(found, matrix, strict=True))


def vector_to_json(vector: np.ndarray) -> str:
    return _b64(np.asarray(vector, dtype=np.float32))


def vector_from_json(text: str) -> np.ndarray:
    return np.frombuffer(base64.b64decode(text), dtype=np.float32)


def vectors_to_json(vectors: dict[str, np.ndarray]) -> dict[str, Any]:
    """The passages' stored vectors (float32, as the server compares them)."""
    ids = list(vectors)
    matrix = np.stack([vectors[i] for i in ids]).astype(np.float32) if ids else np.zeros(0)
    return {"ids": ids, "dim": int(matrix.shape[1]) if ids else 0, "vectors": _b64(matrix)}


def vectors_from_json(data: dict[str, Any]) -> dict[str, np.ndarray]:
    ids = [str(i) for i in data["ids"]]
    if not ids:
        return {}
    matrix = _array(data["vectors"], np.float32, int(data["dim"]))
    if len(ids) != len(matrix):
        raise ValueError(f"{len(ids)} passage ids for {len(matrix)} vectors")
    return dict(zip(ids, matrix, strict=True))


# ---- the robot's side ---------------------------------------------------------------

class _ServerQueries:
    """The query half of an Embedder, computed by the server's e5 (the robot loads none)."""

    def __init__(self, client: RemoteRetriever, model_id: str, dim: int,
                 known: dict[str, np.ndarray]) -> None:
        self._client = client
        self.model_id = model_id
        self.dim = dim
        self._queries = known

    def query(self, text: str) -> np.ndarray:
        found = self._queries.get(text)
        if found is None:  # a part of a run-on question (rag/parts.py)
            found = vector_from_json(self._client.get("/v1/embed", {"q": text})["vector"])
            self._queries[text] = found
        return found

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        # The server sends every unit of the passages it returns: a miss is a bug there.
        raise IndexError_(f"{len(texts)} answering units came without their vectors",
                          hint="update the server and this robot to the same version")


class _Found:
    """One search's answer from the server."""

    def __init__(self, client: RemoteRetriever, query: str, k: int, data: dict[str, Any]):
        self.query, self.k = query, k
        self.passages = [passage_from_json(row) for row in data["passages"]]
        self.known = float(data["known"])
        self.version = data["index"]["version"]
        self.problem = str(data["index"]["problem"] or "")
        self.units: UnitVectors | None = None
        self.vectors = vectors_from_json(data["vectors"]) if data.get("vectors") else {}
        if data.get("units") is not None and data.get("query_vector"):
            embedder = _ServerQueries(client, str(data["embedder"]), int(data["units"]["dim"]),
                                      {query: vector_from_json(data["query_vector"])})
            self.units = UnitVectors(embedder, units_from_json(data["units"]))


class RemoteRetriever:
    """`search(query, k)` on the fleet server's index; safe to share between threads.

    `units` are those of the passages the calling thread found last: the Answerer reads
    them right after its search, in the same thread, so robots and API threads never
    see each other's.
    """

    def __init__(self, settings: RetrievalSettings) -> None:
        if settings.url is None:
            raise IndexError_("retrieval.backend is remote but retrieval.url is not set")
        self.settings = settings
        self.url = settings.url.rstrip("/")
        self._local = threading.local()
        self._known: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()
        self._version: int | None = None  # the served index's, as last seen
        self._problem = ""

    # ---- HTTP ----------------------------------------------------------------------

    def get(self, path: str, params: dict[str, Any]) -> dict[str, Any]:
        """GET a JSON object from the server, every failure an IndexError_ with its fix."""
        url = f"{self.url}{path}?{urllib.parse.urlencode(params)}" if params \
            else f"{self.url}{path}"
        headers = {"Accept": "application/json"}
        if self.settings.token:
            headers["Authorization"] = f"Bearer {self.settings.token}"
        request = urllib.request.Request(url, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=self.settings.timeout_s) as response:
                body = response.read()
        except urllib.error.HTTPError as exc:
            raise _http_error(self.url, exc) from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise IndexError_(f"the index server {self.url} does not answer ({reason})",
                              hint="check retrieval.url, the network, and that `robot "
                                   "serve` runs on the server") from None
        try:
            data = json.loads(body)
        except ValueError as exc:
            raise _bad_answer(self.url, f"not JSON ({exc})") from None
        if not isinstance(data, dict):
            raise _bad_answer(self.url, "not a JSON object")
        return data

    def _fetch(self, query: str, k: int) -> _Found:
        data = self.get("/v1/search", {"q": query, "k": k, "full": 1})
        try:
            found = _Found(self, query, k, data)
        except (KeyError, TypeError, ValueError) as exc:
            raise _bad_answer(self.url, f"missing or wrong field ({exc!r})") from None
        with self._lock:
            self._version, self._problem = found.version, found.problem
            self._known[query] = found.known
            while len(self._known) > _KNOWN_MEMO:
                self._known.popitem(last=False)
        return found

    # ---- what the Answerer uses ------------------------------------------------------

    def search(self, query: str, k: int | None = None) -> list[Passage]:
        k = k or self.settings.top_k
        if not query.strip():
            return []
        pending: _Found | None = getattr(self._local, "pending", None)
        self._local.pending = None
        # known() of the same words just fetched this search: one round trip, not two.
        found = pending if pending is not None and (pending.query, pending.k) == (query, k) \
            else self._fetch(query, k)
        self._local.units = found.units
        # Kept over the thread's last few searches: the Answerer may decide on the
        # passages of a search made before its last one (rag/answer_run.py _search).
        seen: dict[str, np.ndarray] = getattr(self._local, "vectors", {})
        if len(seen) > _VECTORS_KEPT:
            seen = {}
        self._local.vectors = seen | found.vectors
        return found.passages

    def cosine(self, queries: list[str], passages: list[Passage]) -> float:
        """As HybridRetriever.cosine, on the server's stored vectors and query vectors:
        a fleet robot decides to answer or decline as the server would."""
        units = self.units
        seen: dict[str, np.ndarray] = getattr(self._local, "vectors", {})
        stored = [seen[p.chunk.id] for p in passages if p.chunk.id in seen]
        if units is None or not stored:
            return 0.0
        return best_cosine([units.embedder.query(q) for q in queries], stored)

    def known(self, query: str) -> float:
        """The share of the query's words found in the served documents (rag/understood)."""
        with self._lock:
            memo = self._known.get(query)
        if memo is not None:
            return memo
        if not query.strip():
            return 0.0
        found = self._fetch(query, self.settings.top_k)
        self._local.pending = found
        return found.known

    @property
    def units(self) -> UnitVectors | None:
        return getattr(self._local, "units", None)

    # Read by the loop's status writer at every tick: the last answer's, never a request.
    @property
    def version(self) -> int | None:
        return self._version

    @property
    def problem(self) -> str:
        return self._problem

    def ping(self) -> dict[str, Any]:
        """The server's /v1/status, for `robot doctor`, `robot status` and start-up."""
        status = self.get("/v1/status", {})
        index = status.get("index") or {}
        with self._lock:
            self._version, self._problem = index.get("version"), str(index.get("problem") or "")
        return status


def _http_error(url: str, exc: urllib.error.HTTPError) -> IndexError_:
    try:
        message = json.loads(exc.read())["error"]["message"]
    except (ValueError, KeyError, TypeError, OSError):
        message = exc.reason
    hints = {401: "set retrieval.token to the server's api.token",
             429: "raise api.rate_per_minute on the server (every robot of the fleet asks "
                  "it)",
             503: "see `robot doctor` on the server"}
    return IndexError_(f"the index server {url} refused the search ({exc.code}: {message})",
                       hint=hints.get(exc.code, "see the server's log"))


def _bad_answer(url: str, why: str) -> IndexError_:
    return IndexError_(f"the index server {url} answered something unexpected: {why}",
                       hint="is retrieval.url a `robot serve` of the same version?")
