"""Helpers shared by the API and live-loop tests (a unique name: never `from conftest`)."""

from __future__ import annotations

import dataclasses
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from rag.types import LanguageModel
from robot.api.server import ApiThread
from robot.config import Settings
from robot.context import Context

CORPUS = Path(__file__).resolve().parents[1] / "rag" / "corpus" / "documents"
DOCS = ("piscine-municipale.html", "tarifs-piscine-2025.pdf", "faq-citoyennete.md",
        "carte-identite-passeport.html")
TOKEN = "s3cret-token-for-tests"


def with_api(ctx: Context, **api: Any) -> Context:
    """The same context with other api settings (validated as the YAML's would be)."""
    settings = Settings.model_validate(ctx.settings.model_dump() | {
        "api": ctx.settings.api.model_dump() | api})
    return dataclasses.replace(ctx, settings=settings)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until(check: Callable[[], bool], what: str, timeout: float = 60.0) -> None:
    """Polls a condition; the bound is only there so a bug fails instead of hanging."""
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"still waiting for {what}"
        time.sleep(0.01)


def serve(app: Any) -> tuple[ApiThread, str]:
    """The app on a real uvicorn in a thread, as `robot run` serves it; and its URL."""
    port = free_port()
    server = ApiThread(app, "127.0.0.1", port).start()
    wait_until(lambda: server.started, "uvicorn to start", 20)
    return server, f"http://127.0.0.1:{port}"


class Paused:
    """The real model, held after its first piece until the test lets it go on."""

    def __init__(self, inner: LanguageModel) -> None:
        self.inner = inner
        self.started = threading.Event()
        self.go_on = threading.Event()

    def stream(self, messages: list[dict[str, str]], max_tokens: int,
               stop: list[str] | None = None) -> Iterator[str]:
        for i, piece in enumerate(self.inner.stream(messages, max_tokens, stop)):
            if i == 1:
                self.started.set()
                self.go_on.wait(60)
            yield piece
