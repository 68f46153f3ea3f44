"""Shared fixtures: the real installed models, and a fresh data dir per test."""

from __future__ import annotations

import os
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
