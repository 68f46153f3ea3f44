"""Server-Sent Events from the Answerer's blocking stream.

Events: `source` (the line naming the source, or null when none comes first), then
`sentence` for each verified sentence, then `final` (the answer JSON), or `error`.

One thread walks the answer and queues the frames; the ASGI side sends them and
listens for the client leaving. A client gone mid-answer is told to the Answerer at
once (`on_leave`: its model stops at the next token), not at the next sentence, and
the answer is closed in the thread that walked it.
"""

from __future__ import annotations

import json
import logging
import queue
import threading
from collections.abc import Callable, Generator, Iterator
from typing import Any

import anyio
from starlette.types import Receive, Scope, Send

from robot.api.service import Done, Said
from robot.core.errors import RobotError

log = logging.getLogger(__name__)
_END = None  # the queue's last item
HEADERS = [(b"content-type", b"text/event-stream; charset=utf-8"),
           (b"cache-control", b"no-cache"),  # each sentence must leave when it is ready,
           (b"x-accel-buffering", b"no")]  # not when a proxy's buffer is full


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
    except RobotError as exc:
        yield frame("error", {"error": {"code": exc.code, "message": exc.message}})
    except Exception:
        log.exception("answer stream failed")
        yield frame("error", {"error": {"code": "internal",
                                        "message": "the answer failed; see the log"}})
    finally:
        close = getattr(events, "close", None)
        if close is not None:
            close()


def _walk(events: Iterator[Said | Done], out: queue.Queue[str | None],
          stop: threading.Event) -> None:
    it = frames(events)
    try:
        for item in it:
            out.put(item)
            if stop.is_set():
                break
    finally:
        it.close()  # in this thread: a generator may only be closed by the one running it
        out.put(_END)


class EventStream:
    """An ASGI response streaming `events` as SSE; `on_leave()` if the client leaves."""

    def __init__(self, events: Iterator[Said | Done], on_leave: Callable[[], None]) -> None:
        self.events = events
        self.on_leave = on_leave

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        frames_q: queue.Queue[str | None] = queue.Queue()
        stop = threading.Event()
        finished = False
        await send({"type": "http.response.start", "status": 200, "headers": HEADERS})
        threading.Thread(target=_walk, args=(self.events, frames_q, stop), name="sse",
                         daemon=True).start()

        async with anyio.create_task_group() as tg:

            async def pump() -> None:
                nonlocal finished
                while (item := await anyio.to_thread.run_sync(
                        frames_q.get, abandon_on_cancel=True)) is not _END:
                    await send({"type": "http.response.body", "body": item.encode(),
                                "more_body": True})
                finished = True  # the whole answer was walked, whatever happens to the send
                await send({"type": "http.response.body", "body": b"", "more_body": False})
                tg.cancel_scope.cancel()

            async def watch() -> None:
                while (await receive())["type"] != "http.disconnect":
                    pass
                tg.cancel_scope.cancel()

            tg.start_soon(pump)
            tg.start_soon(watch)
        if not finished:
            stop.set()
            self.on_leave()
