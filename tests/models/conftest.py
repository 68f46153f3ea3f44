"""Fixtures for the model installer: a local HTTP server, synthetic manifests, installers."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml
from models_testkit import FileServer, make_handler

from models.installer import Installer
from models.manifest import Manifest, load_manifest


@pytest.fixture
def server() -> Iterator[FileServer]:
    state = FileServer()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(state))
    state.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield state
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def manifest_file(tmp_path: Path) -> Callable[..., Path]:
    """Write a small manifest: models as in manifest.yaml, profiles default to {}."""

    def write(models: dict[str, Any], profiles: dict[str, Any] | None = None) -> Path:
        path = tmp_path / f"manifest-{len(list(tmp_path.glob('manifest-*')))}.yaml"
        path.write_text(yaml.safe_dump({"models": models, "profiles": profiles or {}}))
        return path

    return write


@pytest.fixture
def installer(tmp_path: Path, manifest_file: Callable[..., Path]
              ) -> Callable[..., tuple[Installer, Manifest]]:
    """An installer over a fresh models dir for the given models."""

    def make(models: dict[str, Any], profiles: dict[str, Any] | None = None
             ) -> tuple[Installer, Manifest]:
        manifest = load_manifest(manifest_file(models, profiles))
        return Installer(manifest, tmp_path / "models"), manifest

    return make
