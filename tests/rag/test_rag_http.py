"""index.backend: http — the same generations on a real Chroma server (`chroma run`)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from rag.index import IndexStore
from rag.retrieval import HybridRetriever
from rag.settings import IndexSettings, RetrievalSettings


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def chroma_port(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    exe = shutil.which("chroma") or str(Path(sys.executable).with_name("chroma"))
    if not Path(exe).exists():
        pytest.skip("the chroma server command is not installed")
    port = _free_port()
    env = {**os.environ, "ANONYMIZED_TELEMETRY": "False"}
    path = tmp_path_factory.mktemp("chroma-server")
    proc = subprocess.Popen(
        [exe, "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.skip("the chroma server did not start")
        yield port
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_generations_on_a_chroma_server(chroma_port: int, tmp_path: Path, e5, docs: Path) -> None:
    import chromadb

    settings = IndexSettings(backend="http", host="127.0.0.1", port=chroma_port)
    store = IndexStore(tmp_path / "index", settings, e5)
    (docs / "marche.md").write_text("# Marché\n\nLe marché a lieu le samedi matin.\n")
    assert store.sync(docs).version == 1
    (docs / "piscine.md").write_text("# Piscine\n\nLa piscine ouvre le mardi à midi.\n")
    rep = store.sync(docs)
    assert (rep.version, rep.added, rep.embedded, rep.chunks) == (2, ["piscine.md"], 1, 2)

    retriever = HybridRetriever(store, e5, RetrievalSettings())
    assert retriever.search("quand ouvre la piscine", 1)[0].chunk.source_file == "piscine.md"
    assert store.status().backend == "http"
    assert store.rollback() == 1
    assert {p.chunk.source_file for p in retriever.search("quand ouvre la piscine", 3)} == {
        "marche.md"
    }
    client = chromadb.HttpClient(host="127.0.0.1", port=chroma_port)
    assert {c.name for c in client.list_collections()} == {"mairie-g000001", "mairie-g000002"}
