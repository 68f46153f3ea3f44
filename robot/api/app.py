"""The routes: the API under /v1, the kiosk at /, the staff page at /staff.

Every answer runs in a worker thread (the models block); every refusal, including
Starlette's own 404 and 405, leaves as `{"error": {"code", "message"}}`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from robot.api import sse
from robot.api.errors import HTTP_CODES, ApiError, AskRequest, parse_ask, query_int, query_text
from robot.api.gate import Ticket
from robot.api.guard import Guard, RateLimiter, error_response, read_body
from robot.api.pages import ASSETS, kiosk_page, staff_page
from robot.api.service import Channel, Done, Said
from robot.core.errors import RobotError

log = logging.getLogger(__name__)
MAX_K = 20


def _final(events: Iterator[Said | Done]) -> Done:
    for ev in events:
        if isinstance(ev, Done):
            return ev
    raise AssertionError("Channel.ask() always ends with Done")


def build_app(channel: Channel, clock: Callable[[], float] = time.monotonic) -> Starlette:
    """The ASGI app over one Channel; `clock` paces the rate limit."""
    api = channel.ctx.settings.api

    async def ask_request(request: Request) -> AskRequest:
        return parse_ask(await read_body(request, api.max_body_bytes), api.max_question_chars)

    async def ask(request: Request) -> Response:
        req = await ask_request(request)
        done = await run_in_threadpool(_final, channel.ask(req))
        return JSONResponse(done.answer)

    async def ask_stream(request: Request) -> sse.EventStream:
        req = await ask_request(request)
        ticket = Ticket()
        return sse.EventStream(channel.ask(req, ticket), lambda: channel.leave(ticket))

    async def search(request: Request) -> Response:
        params = dict(request.query_params)
        q = query_text(params, api.max_question_chars)
        k = query_int(params, "k", channel.ctx.settings.retrieval.top_k, 1, MAX_K)
        if query_int(params, "full", 0, 0, 1):  # a fleet robot's search (rag/remote.py)
            return JSONResponse(await run_in_threadpool(channel.retrieve, q, k))
        rows = await run_in_threadpool(channel.search, q, k)
        return JSONResponse({"query": q, "passages": rows})

    async def embed(request: Request) -> Response:
        q = query_text(dict(request.query_params), api.max_question_chars)
        return JSONResponse(await run_in_threadpool(channel.embed, q))

    async def documents(request: Request) -> Response:
        return JSONResponse(await run_in_threadpool(channel.index_info))

    async def unanswered(request: Request) -> Response:
        return JSONResponse(await run_in_threadpool(channel.unanswered))

    async def status(request: Request) -> Response:
        return JSONResponse(await run_in_threadpool(channel.status))

    async def healthz(request: Request) -> Response:
        return JSONResponse({"ok": True})

    async def kiosk(request: Request) -> Response:
        return HTMLResponse(await run_in_threadpool(kiosk_page, channel))

    async def staff(request: Request) -> Response:
        q = request.query_params.get("q", "")[:api.max_question_chars]
        return HTMLResponse(await run_in_threadpool(staff_page, channel, q))

    routes = [
        Route("/v1/ask", ask, methods=["POST"]),
        Route("/v1/ask/stream", ask_stream, methods=["POST"]),
        Route("/v1/search", search, methods=["GET"]),
        Route("/v1/embed", embed, methods=["GET"]),
        Route("/v1/documents", documents, methods=["GET"]),
        Route("/v1/unanswered", unanswered, methods=["GET"]),
        Route("/v1/status", status, methods=["GET"]),
        Route("/healthz", healthz, methods=["GET"]),
        Route("/", kiosk, methods=["GET"]),
        Route("/staff", staff, methods=["GET"]),
        Mount("/assets", StaticFiles(directory=ASSETS), name="assets"),
    ]
    guard = Middleware(Guard, token=api.token, limiter=RateLimiter(api.rate_per_minute, clock),
                       max_body_bytes=api.max_body_bytes)
    return Starlette(routes=routes, middleware=[guard], exception_handlers={
        ApiError: _api_error, HTTPException: _http_error, RobotError: _robot_error,
        Exception: _internal_error})


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return error_response(exc)


async def _http_error(request: Request, exc: Exception) -> Response:
    """Starlette's routing refusals (unknown route, wrong method) in our shape."""
    assert isinstance(exc, HTTPException)
    code = HTTP_CODES.get(exc.status_code, "http_error")
    message = {404: f"no such route: {request.url.path}",
               405: f"{request.method} is not allowed on {request.url.path}"
               }.get(exc.status_code, str(exc.detail))
    return error_response(ApiError(exc.status_code, code, message, dict(exc.headers or {})))


async def _robot_error(request: Request, exc: Exception) -> Response:
    """The robot's own failures (index missing or busy, model down): try again later."""
    assert isinstance(exc, RobotError)
    log.warning("request %s %s: [%s] %s", request.method, request.url.path, exc.code, exc)
    return error_response(ApiError(503, exc.code, exc.message))


async def _internal_error(request: Request, exc: Exception) -> Response:
    log.error("request %s %s failed", request.method, request.url.path, exc_info=exc)
    return error_response(ApiError(500, "internal", "the robot could not answer this "
                                   "request; the details are in its log"))
