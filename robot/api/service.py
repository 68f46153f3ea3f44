"""The one Answerer as every channel sees it: the voice loop, the API, kiosk and staff pages.

Each API question runs on a shallow view of the process's Answerer: same retriever,
same memory, same unanswered log, same guard; only its model is the gated one, so a
visitor at the robot goes first (robot/api/gate.py). Both /v1/ask and the SSE stream
come through `ask()`, so they give the same answer as `robot ask` and as the robot.
"""

from __future__ import annotations

import copy
import logging
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rag.answer import Answerer
from rag.contract import answer_to_json
from rag.meaning import UnitVectors
from rag.remote import passage_to_json, units_to_json, vector_to_json, vectors_to_json
from rag.types import Answer, FinalEvent, SentenceEvent, Trace
from robot.api.errors import ApiError, AskRequest
from robot.api.gate import SharedModel, Ticket
from robot.api.links import Link, link_for
from robot.context import Context

log = logging.getLogger(__name__)
SESSION_PREFIX = "api:"  # API sessions never continue a visitor's spoken conversation
# rag/sources.py names a source so, in the first sentence, before the answer itself.
SOURCE_OPENING = "D'après "


@dataclass(frozen=True)
class Said:
    """A sentence as it is ready; `kind` "source" for the line naming the source."""

    kind: str
    text: str
    index: int
    elapsed_ms: float

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "index": self.index, "elapsed_ms": self.elapsed_ms}


@dataclass(frozen=True)
class Done:
    """The whole answer: the `robot ask --json` contract, and the démarche's link."""

    answer: dict[str, Any]
    link: Link | None


class Channel:
    """What the API, kiosk and staff pages ask of the robot's knowledge."""

    def __init__(self, ctx: Context, answerer: Answerer, shared: SharedModel | None) -> None:
        self.ctx = ctx
        self.answerer = answerer
        self.shared = shared
        self.started = time.time()
        self.answering = 0  # API answers under way
        self.left = 0  # answers whose client left before the end
        self._count = threading.Lock()

    @classmethod
    def standalone(cls, ctx: Context, answerer: Answerer) -> Channel:
        """`robot serve`: no voice loop, the gate still keeps API questions in turn."""
        shared = SharedModel(answerer.model, ctx.settings.api.llm_wait_s) \
            if answerer.config.generate else None
        return cls(ctx, answerer, shared)

    # ---- answering -----------------------------------------------------------------

    def _view(self, ticket: Ticket) -> Answerer:
        view = copy.copy(self.answerer)
        if self.shared is not None:
            view.model = self.shared.for_api(ticket)
        return view

    def ask(self, req: AskRequest, ticket: Ticket | None = None) -> Iterator[Said | Done]:
        """The source line (when found), each verified sentence, then the whole answer."""
        ticket = ticket if ticket is not None else Ticket()
        session = SESSION_PREFIX + req.session_id if req.session_id else None
        stream = self._view(ticket).stream(req.question, session)
        self._add(1)
        try:
            for event in stream:
                if isinstance(event, SentenceEvent):
                    kind = "source" if event.index == 0 and event.text.startswith(
                        SOURCE_OPENING) else "sentence"
                    yield Said(kind, event.text, event.index, event.elapsed_ms)
                elif isinstance(event, FinalEvent):
                    yield self._done(req, event.answer, event.trace, ticket)
        finally:
            stream.close()  # a client gone mid-answer stops the model and frees the gate
            self._add(-1)

    def _add(self, n: int) -> None:
        with self._count:
            self.answering += n

    def leave(self, ticket: Ticket) -> None:
        """The client went away: its model generation stops at the next token."""
        ticket.cancelled = True
        with self._count:
            self.left += 1

    def _done(self, req: AskRequest, answer: Answer, trace: Trace, ticket: Ticket) -> Done:
        out = answer_to_json(answer, req.id)
        out["timings_ms"]["mode"] = self._mode(ticket, trace)
        out["timings_ms"]["llm_wait"] = ticket.wait_ms
        return Done(out, _source_link(answer, trace))

    def _mode(self, ticket: Ticket, trace: Trace) -> str:
        """generate, extractive (llm.mode), extractive_busy (a visitor held the model),
        or generate_preempted (cut short for a visitor after some model sentences)."""
        if not self.answerer.config.generate:
            return "extractive"
        if ticket.busy or (ticket.preempted and trace.path != "llm"):
            return "extractive_busy"
        return "generate_preempted" if ticket.preempted else "generate"

    # ---- staff ---------------------------------------------------------------------

    def search(self, q: str, k: int) -> list[dict[str, Any]]:
        """Passages with their exact sources, older versions flagged (never hidden)."""
        return [passage_to_json(p) for p in self.answerer.retriever.search(q, k)]

    def retrieve(self, q: str, k: int) -> dict[str, Any]:
        """`/v1/search?full=1`: all a fleet robot's Answerer reads of a local retriever
        (rag/remote.py), so its answers are the ones this server would give."""
        retriever = self.answerer.retriever
        passages = retriever.search(q, k)
        units = getattr(retriever, "units", None)  # this thread's search's, read at once
        known = getattr(retriever, "known", None)
        out: dict[str, Any] = {
            "query": q, "passages": [passage_to_json(p) for p in passages],
            "known": float(known(q)) if callable(known) else 1.0,
            "index": {"version": getattr(retriever, "version", None),
                      "problem": getattr(retriever, "problem", "")},
            "embedder": None, "query_vector": None, "units": None, "vectors": None}
        if isinstance(units, UnitVectors):  # None: no dense search, the robot's neither
            stored = getattr(retriever, "vectors", None)
            out.update(embedder=units.embedder.model_id,
                       query_vector=vector_to_json(units.embedder.query(q)),
                       units=units_to_json(units, [p.chunk for p in passages]),
                       vectors=vectors_to_json(stored(passages)) if callable(stored) else None)
        return out

    def embed(self, q: str) -> dict[str, Any]:
        """A query's e5 vector: a fleet robot ranks a run-on question's parts with it."""
        embedder = getattr(self.answerer.retriever, "embedder", None)
        if embedder is None:
            raise ApiError(404, "no_embedder", "this server's index has no embedding model")
        return {"model": embedder.model_id, "vector": vector_to_json(embedder.query(q))}

    def index_info(self) -> dict[str, Any]:
        """The served index: version, when built, its documents."""
        retriever = self.answerer.retriever
        version = getattr(retriever, "version", None)
        store = getattr(retriever, "store", None)
        info: dict[str, Any] = {"version": version, "created": None, "chunks": 0,
                                "documents": [], "problem": getattr(retriever, "problem", "")}
        if version is None or store is None:
            return info
        m = store.gens.manifest(version)
        info.update(created=m.created, chunks=m.chunks, documents=[
            {"file": name, "title": f.title, "date": f.doc_date or None, "chunks": f.chunks}
            for name, f in sorted(m.files.items())])
        return info

    def titles(self, limit: int = 12) -> list[str]:
        """The documents' subjects, for the kiosk's « questions fréquentes »."""
        from robot.wiring import index_titles

        try:
            return index_titles(self.ctx)[:limit]
        except Exception as exc:  # no index yet: the kiosk still takes typed questions
            log.warning("no document titles for the kiosk: %s", exc)
            return []

    def unanswered(self) -> dict[str, Any]:
        """`robot report unanswered --json`, for the staff page."""
        from rag.unanswered import FILE_NAME, UnansweredLog, group

        log_ = self.answerer.unanswered
        path = log_.path if log_ is not None else self.ctx.data.state / FILE_NAME
        groups, refused = group(UnansweredLog(Path(path)).read())
        return {"questions": [g.__dict__ for g in groups], "refused": refused}

    def status(self) -> dict[str, Any]:
        from robot import __version__
        from robot.status import STALE_S, read_status

        index = self.index_info()
        loop = read_status(self.ctx.data.state)
        alive = bool(loop) and time.time() - float((loop or {}).get("updated_ts", 0)) <= STALE_S
        gate = self.shared.gate if self.shared is not None else None
        return {
            "robot": __version__,
            "uptime_s": round(time.time() - self.started, 1),
            "index": {k: index[k] for k in ("version", "created", "chunks", "problem")}
            | {"documents": len(index["documents"])},
            "llm": {"mode": "generate" if self.answerer.config.generate else "extractive",
                    "holder": gate.holder if gate else None},
            "loop": {"running": alive, "state": (loop or {}).get("state") if alive else None},
            "api": {"answering": self.answering, "left_mid_answer": self.left},
        }


def _source_link(answer: Answer, trace: Trace) -> Link | None:
    """The web address the answer's source passage gives, if any."""
    if not answer.sources or answer.declined:
        return None
    s = answer.sources[0]
    texts = [p.chunk.text for p in trace.passages
             if p.chunk.source_file == s.file and p.chunk.page == s.page]
    return link_for(texts)
