"""`robot serve`, and the API started beside the voice loop by `robot run`."""

from __future__ import annotations

import argparse
import logging
import sys
from typing import Any

from robot import compose
from robot.context import Context

log = logging.getLogger(__name__)


def _with_address(ctx: Context, host: str | None, port: int | None) -> Context:
    """--host/--port over the YAML's api section, checked as the YAML's would be."""
    import dataclasses

    from pydantic import ValidationError

    from robot.core.errors import ConfigError

    given = {k: v for k, v in (("host", host), ("port", port)) if v is not None}
    try:
        api = type(ctx.settings.api).model_validate(ctx.settings.api.model_dump() | given)
    except ValidationError as exc:
        raise ConfigError(f"--port: {exc.errors()[0]['msg']}") from None
    return dataclasses.replace(ctx, settings=ctx.settings.model_copy(update={"api": api}))


def cmd_serve(args: argparse.Namespace, ctx: Context) -> int:
    from robot.api.app import build_app
    from robot.api.server import check_exposure, make_server
    from robot.api.service import Channel

    ctx = _with_address(ctx, args.host, args.port)
    api = ctx.settings.api
    check_exposure(api)  # before a minute of model loading, not after
    ctx.data.ensure()
    channel = Channel.standalone(ctx, compose.answerer(ctx))
    server = make_server(build_app(channel), api.host, api.port)
    base = f"http://{api.host}:{api.port}"
    print(f"robot: serving {base}/v1 (kiosk {base}/, staff {base}/staff); Ctrl-C stops",
          file=sys.stderr)
    server.run()  # uvicorn handles SIGINT/SIGTERM: in-flight answers finish first
    return 0


def serve_beside_loop(ctx: Context, answerer: Any) -> Any:
    """`robot run` with api.enabled: the loop's Answerer serves the API too, its model
    behind the gate so the visitor at the robot goes first. Returns the ApiThread."""
    from robot.api.app import build_app
    from robot.api.gate import SharedModel
    from robot.api.server import ApiThread
    from robot.api.service import Channel

    api = ctx.settings.api
    shared = None
    if answerer.config.generate:
        shared = SharedModel(answerer.model, api.llm_wait_s)
        answerer.model = shared.for_voice()
    channel = Channel(ctx, answerer, shared)
    return ApiThread(build_app(channel), api.host, api.port).start()


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="the HTTP API, kiosk page (/) and staff page (/staff)")
    p.add_argument("--host", help="address to listen on (default: api.host, 127.0.0.1)")
    p.add_argument("--port", type=int, help="port (default: api.port, 8088)")
    p.set_defaults(handler=cmd_serve)
