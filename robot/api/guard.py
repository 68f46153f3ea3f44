"""Who may ask and how much: the bearer token, a per-client rate, the body size.

One ASGI middleware in front of every route, so no endpoint can forget a check.
The kiosk page, its assets and /healthz stay public: a lobby screen must load with no
secret; the questions it sends go through /v1 like anyone's.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import math
import time
from collections import OrderedDict
from collections.abc import Callable

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from robot.api.errors import ApiError

PROTECTED = ("/v1/", "/staff")
MAX_CLIENTS = 4096  # rate buckets kept; the oldest idle client is forgotten first


def error_response(err: ApiError) -> JSONResponse:
    return JSONResponse(err.to_json(), status_code=err.status, headers=err.headers)


class RateLimiter:
    """A token bucket per client: `rate` requests a minute, bursts up to `rate`."""

    def __init__(self, rate_per_minute: int, clock: Callable[[], float] = time.monotonic):
        self.capacity = float(rate_per_minute)
        self.per_s = rate_per_minute / 60.0
        self._clock = clock
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def take(self, client: str) -> float | None:
        """None if `client` may go on; else the seconds until it may."""
        now = self._clock()
        tokens, last = self._buckets.pop(client, (self.capacity, now))
        tokens = min(self.capacity, tokens + (now - last) * self.per_s)
        wait = None
        if tokens >= 1.0:
            tokens -= 1.0
        else:
            wait = (1.0 - tokens) / self.per_s
        self._buckets[client] = (tokens, now)
        while len(self._buckets) > MAX_CLIENTS:
            self._buckets.popitem(last=False)
        return wait


def presented_token(authorization: str) -> str | None:
    """The secret of `Bearer <token>`, or the password of `Basic` (what a browser sends
    when the staff page asks: any user name, the token as password)."""
    scheme, _, value = authorization.partition(" ")
    if scheme.lower() == "bearer":
        return value.strip()
    if scheme.lower() == "basic":
        try:
            decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return None
        return decoded.partition(":")[2]
    return None


class Guard:
    """Rate, then token, then declared body size, for /v1 and /staff."""

    def __init__(self, app: ASGIApp, token: str | None, limiter: RateLimiter,
                 max_body_bytes: int) -> None:
        self.app = app
        self.token = token
        self.limiter = limiter
        self.max_body = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith(PROTECTED):
            try:
                self.check(Request(scope))
            except ApiError as err:
                await error_response(err)(scope, receive, send)
                return
        await self.app(scope, receive, send)

    def check(self, request: Request) -> None:
        client = request.client.host if request.client else "?"
        wait = self.limiter.take(client)
        if wait is not None:
            raise ApiError(429, "rate_limited", "too many requests: try again in "
                           f"{math.ceil(wait)} s", {"Retry-After": str(math.ceil(wait))})
        if self.token is not None:
            given = presented_token(request.headers.get("authorization", ""))
            if given is None or not hmac.compare_digest(given.encode(), self.token.encode()):
                # A browser opening /staff shows its password box on a Basic challenge.
                challenge = ('Basic realm="staff", charset="UTF-8"'
                             if request.url.path.startswith("/staff") else "Bearer")
                raise ApiError(401, "unauthorized",
                               "a valid token is required (Authorization: Bearer <api.token>)",
                               {"WWW-Authenticate": challenge})
        length = request.headers.get("content-length")
        if length is not None and length.isdigit() and int(length) > self.max_body:
            raise ApiError(413, "too_large",
                           f"the body has {length} bytes, at most {self.max_body}")


async def read_body(request: Request, max_bytes: int) -> bytes:
    """The body, refused past `max_bytes` even when sent in chunks with no length."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > max_bytes:
            raise ApiError(413, "too_large", f"the body is over {max_bytes} bytes")
        chunks.append(chunk)
    return b"".join(chunks)
