"""Server-Sent Events from the Answerer's blocking stream, one thread hop per event.

Events: `source` (the line naming the source, or null when none comes first), then
`sentence` for each verified sentence, then `final` (the answer JSON), or `error`.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Generator, Iterator
from typing import Any

import anyio
from starlette.concurrency import run_in_threadpool

from robot.api.errors import ApiError
from robot.api.service import Done, Said
from robot.errors import RobotError

log = logging.getLogger(__name__)
_END = object()


def frame(event: str, data: Any) -> str:
    """One SSE message; JSON on a single line, so no `data:` continuation is needed."""
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


def frames(events: Iterator[Said | Done]) -> Generator[str, None, None]:
    """The wire order: exactly one `source` first, sentences, one `final` (pure)."""
    first = True
    try:
        for ev in events:
            if first and not (isinstance(ev, Said) and ev.kind == "source"):
                yield frame("source", None)
            first = False
            if isinstance(ev, Said):
                yield frame(ev.kind, ev.to_json())
            else:
                final = dict(ev.answer)
                final["link"] = ev.link.to_json() if ev.link is not None else None
                yield frame("final", final)
    finally:
        close = getattr(events, "close", None)
        if close is not None:
            close()


async def stream(events: Iterator[Said | Done]) -> AsyncIterator[str]:
    """Each next() in a worker thread; the stream is closed (the model stopped, the
    gate released) whether it ended, failed or the client went away."""
    it = frames(events)
    try:
        while True:
            try:
                item = await run_in_threadpool(next, it, _END)
            except (ApiError, RobotError) as exc:
                code = getattr(exc, "code", "robot")
                yield frame("error", {"error": {"code": code, "message": exc.message}})
                return
            except Exception:
                log.exception("answer stream failed")
                yield frame("error", {"error": {"code": "internal",
                                                "message": "the answer failed; see the logs"}})
                return
            if item is _END:
                return
            yield str(item)
    finally:
        with anyio.CancelScope(shield=True):
            await run_in_threadpool(it.close)
