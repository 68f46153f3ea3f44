"""Fixtures for the USB tests: a trusted signer, a stranger, a recording index."""

from __future__ import annotations

from pathlib import Path

import pytest
from usbkit import FakeIndex

from rag.usb.keys import Keyring, PrivateKey, generate


@pytest.fixture
def signer(tmp_path: Path, data_dir: Path) -> PrivateKey:
    """A staff key the robot trusts."""
    key = generate(tmp_path / "staff.key", "accueil")
    Keyring(data_dir / "keys").add(key.public)
    return key


@pytest.fixture
def stranger(tmp_path: Path) -> PrivateKey:
    """A key nobody trusted: a visitor's own stick."""
    return generate(tmp_path / "visitor.key", "visiteur")


@pytest.fixture
def fake_index() -> FakeIndex:
    return FakeIndex()


@pytest.fixture(autouse=True)
def _no_system_config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Tests never read /etc/robot/config.yaml."""
    empty = tmp_path / "empty-config.yaml"
    empty.write_text("{}\n")
    monkeypatch.setenv("ROBOT_CONFIG", str(empty))
    monkeypatch.delenv("ROBOT_DATA_DIR", raising=False)
