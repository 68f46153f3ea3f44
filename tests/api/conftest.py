"""One small real index and one real Answerer (e5 + the GGUF LLM) for the API tests.

Built once per session (about 15 s on 2 cores): a price list and its outdated version
(the superseded flag), a page giving an online démarche (the link and QR code), and
the identity-card page. Each test gets a fresh app (fresh rate buckets) over them.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from api_testlib import CORPUS, DOCS, serve, with_api
from starlette.testclient import TestClient

from rag.answer import Answerer
from robot import compose
from robot.api.app import build_app
from robot.api.service import Channel
from robot.config import Settings
from robot.context import Context


@pytest.fixture(scope="session")
def api_ctx(models_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Context:
    folder = tmp_path_factory.mktemp("api-docs")
    for name in DOCS:
        shutil.copy(CORPUS / name, folder / name)
    # The model phrases (llm.mode generate): the gate it is shared through is tested here.
    settings = Settings.model_validate({"models": {"dir": str(models_dir)},
                                        "llm": {"mode": "generate"},
                                        "api": {"llm_wait_s": 0.2}})
    ctx = Context.build(settings, None, tmp_path_factory.mktemp("api-data"))
    ctx.data.ensure()
    report = compose.index_store(ctx).sync(folder)
    assert report.version == 1 and not report.skipped, report.skipped
    return ctx


@pytest.fixture(scope="session")
def answerer(api_ctx: Context) -> Answerer:
    return compose.answerer(api_ctx)


@pytest.fixture(scope="session")
def channel(api_ctx: Context, answerer: Answerer) -> Channel:
    return Channel.standalone(api_ctx, answerer)


@pytest.fixture
def make_client(channel: Channel) -> Callable[..., TestClient]:
    """A client on a fresh app; api settings may be changed for this app only."""

    def make(clock: Callable[[], float] = time.monotonic, **api: Any) -> TestClient:
        ch = channel
        if api:
            ch = Channel(with_api(channel.ctx, **api), channel.answerer, channel.shared)
        return TestClient(build_app(ch, clock), raise_server_exceptions=False)

    return make


@pytest.fixture
def client(make_client: Callable[..., TestClient]) -> TestClient:
    return make_client()


@pytest.fixture(scope="session")
def live_url(channel: Channel) -> Iterator[str]:
    """The session's app over real HTTP."""
    server, url = serve(build_app(channel))
    yield url
    server.stop()
