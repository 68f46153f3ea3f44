"""Shared fixtures: the real installed models, and a fresh data dir per test."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

from robot.core.paths import default_models_dir

# Tests give each command a fresh --data-dir; the real models stay where install put them.
os.environ.setdefault("ROBOT_MODELS_DIR", str(default_models_dir()))


@pytest.fixture(scope="session")
def models_dir() -> Path:
    """The models `scripts/install.sh --dev` installed; tests use them for real."""
    path = default_models_dir()
    if not path.exists():
        pytest.fail(f"models not installed in {path}: run `bash scripts/install.sh --dev`")
    return path


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    d = tmp_path / "data"
    d.mkdir()
    return d


@pytest.fixture(scope="session")
def chroma_port(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """A real Chroma server (`chroma run`, installed with chromadb) on a free local port,
    shared by the tests of `index.backend: http` and of the fleet."""
    exe = Path(sys.executable).with_name("chroma")
    assert exe.exists(), f"{exe} missing: chromadb installs it"
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    path = tmp_path_factory.mktemp("chroma-server")
    proc = subprocess.Popen(
        [str(exe), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "ANONYMIZED_TELEMETRY": "False"})
    try:
        deadline = time.monotonic() + 60  # a bound so a broken server fails, not hangs
        while True:
            assert proc.poll() is None, f"chroma run exited with {proc.returncode}"
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "the chroma server did not start"
                time.sleep(0.2)
        yield port
    finally:
        proc.terminate()
        proc.wait(timeout=10)
