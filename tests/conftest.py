"""Shared fixtures: the real installed models, and a fresh data dir per test."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from filelock import FileLock

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


@pytest.fixture(scope="session")
def sample_data(models_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data dir holding the sample commune's index, built once for the run (about 45 s
    on 2 cores): fixtures that need it copy it (`copy_sample_data`) instead of indexing
    the same eighteen documents again."""
    from robot import rig
    from robot.config import Settings
    from robot.context import Context

    # Under pytest-xdist each worker has its own session: the first builds the index in
    # the run's shared temporary folder, the others wait for it and read the same copy.
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    root = shared / "sample-data"
    with FileLock(str(shared / "sample-data.lock")):
        if not (root / ".built").exists():
            shutil.rmtree(root, ignore_errors=True)  # a build interrupted half-way
            root.mkdir()
            rig.ensure_index(Context.build(Settings(), None, root))
            (root / ".built").touch()
    return root


@pytest.fixture(scope="session")
def copy_sample_data(sample_data: Path) -> Callable[[Path], Path]:
    """Makes a folder a copy of `sample_data` (its index is idle once built)."""

    def copy(root: Path) -> Path:
        shutil.copytree(sample_data, root, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns(".built"))
        return root

    return copy


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
