"""A fleet: one server holds the index and the LLM, several robots and kiosks use them.

On the server: `robot serve` (the index, USB bundles and syncs applied there) and
`robot serve-models` (llama-cpp-python's own OpenAI-compatible server, with the model
the manifest and profile name, as robot/compose.py would load it). On each robot:
`retrieval.backend: remote` and `llm.backend: openai`. `robot doctor` and `robot
status` say which servers a robot uses and whether they answer.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from typing import Any

from robot import compose
from robot.context import Context
from robot.core.errors import ConfigError, LlmError, ModelError, RobotError

log = logging.getLogger(__name__)
MODEL_ALIAS = "local"  # what llm.model sends by default: one name for any model file


def check_model_exposure(host: str, token: str | None) -> None:
    """The model server answers anyone who reaches it: a network needs a token."""
    from robot.api.server import is_loopback

    if not is_loopback(host) and token is None:
        raise ConfigError(
            f"model_server.host is {host}: other machines could use the model, so "
            "model_server.token is required",
            hint="set model_server.token (16+ characters; the robots' llm.token), or "
                 "model_server.host: 127.0.0.1")


def server_app(ctx: Context) -> tuple[Any, str]:
    """llama-cpp-python's server app over the configured model (loaded now), its id."""
    from models.manifest import resolve

    ms = ctx.settings.model_server
    resolved = resolve("llm", ctx.models_dir, ctx.settings.models.profile,
                       override=ctx.settings.models.llm)
    if not resolved.path.exists():
        raise ModelError(f"LLM model file not found: {resolved.path}",
                         hint="run `robot models install`")
    try:
        from llama_cpp.server.app import create_app
        from llama_cpp.server.settings import ModelSettings, ServerSettings
    except ImportError as exc:
        raise LlmError(f"llama-cpp-python's server is not installed ({exc})",
                       hint="bash scripts/install.sh (it installs the pinned "
                            "fastapi, sse-starlette and starlette-context)") from None
    from rag.llm import _check_amx

    _check_amx()  # the server would crash on its first answer, as robot run would
    # Passive OpenMP waits, as robot/compose.py sets for the robot's own llama.cpp.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    model = ModelSettings(
        model=str(resolved.path), model_alias=MODEL_ALIAS, n_ctx=ms.context_tokens,
        n_threads=ms.threads, n_threads_batch=ms.threads, seed=ctx.settings.llm.seed,
        verbose=False)
    server = ServerSettings(host=ms.host, port=ms.port, api_key=ms.token,
                            interrupt_requests=ms.interrupt_requests)
    log.info("model server: %s (%d threads, %d ctx)", resolved.path.name, ms.threads,
             ms.context_tokens)
    return create_app(server_settings=server, model_settings=[model]), resolved.id


def cmd_serve_models(args: argparse.Namespace, ctx: Context) -> int:
    from robot.api.server import make_server

    ms = ctx.settings.model_server
    host = args.host or ms.host
    port = args.port or ms.port
    if not 1 <= port <= 65535:
        raise ConfigError(f"--port {port}: use 1..65535")
    check_model_exposure(host, ms.token)  # before loading the model, not after
    app, model_id = server_app(ctx)
    print(f"robot: serving {model_id} at http://{host}:{port}/v1 (robots: llm.backend: "
          "openai); Ctrl-C stops", file=sys.stderr)
    make_server(app, host, port).run()
    return 0


# ---- what a fleet robot reports ----------------------------------------------------

def fleet_health(ctx: Context) -> list[tuple[str, str, str, str]]:
    """(level, name, detail, fix) for each server this robot uses; [] if it uses none."""
    out = []
    s = ctx.settings
    if s.retrieval.backend == "remote":
        from rag.remote import RemoteRetriever

        try:
            status = RemoteRetriever(s.retrieval).ping()
            index = status.get("index") or {}
            problem = index.get("problem") or ""
            detail = (f"{s.retrieval.url}: index version {index.get('version')}, "
                      f"{index.get('documents')} documents")
            if index.get("version") is None:
                out.append(("FAIL", "index server", f"{s.retrieval.url} serves no index",
                            "run `robot index sync DIR` on the server"))
            elif problem:
                out.append(("FAIL", "index server", f"{detail}; {problem}",
                            "see `robot doctor` on the server"))
            else:
                out.append(("OK", "index server", detail, ""))
        except RobotError as exc:
            out.append(("FAIL", "index server", exc.message, exc.hint or ""))
    if s.llm.backend == "openai" and compose.generates(ctx):
        from rag.llm import server_models

        try:
            models = server_models(s.llm)
            out.append(("OK", "model server", f"{s.llm.url}: {', '.join(models) or '?'}", ""))
        except LlmError as exc:
            # Not fatal: the robot reads the source sentences meanwhile.
            out.append(("WARN", "model server", f"{exc.message}; answering from the "
                        "sources meanwhile", exc.hint or ""))
    return out


def fleet_lines(ctx: Context) -> list[str]:
    """`robot status`'s lines on the servers, asked now."""
    return [f"{name + ':':<13} {'' if level == 'OK' else level + ' '}{detail}"
            for level, name, detail, _ in fleet_health(ctx)]


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve-models", help="the fleet's LLM server (llama.cpp, OpenAI API)")
    p.add_argument("--host", help="address to listen on (default: model_server.host)")
    p.add_argument("--port", type=int, help="port (default: model_server.port, 8080)")
    p.set_defaults(handler=cmd_serve_models)
