"""Helpers shared by the API tests (a unique name: never `from conftest`)."""

from __future__ import annotations

import dataclasses
import socket
from pathlib import Path
from typing import Any

from robot.config import Settings
from robot.context import Context

CORPUS = Path(__file__).resolve().parents[2] / "rag" / "corpus" / "documents"
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
