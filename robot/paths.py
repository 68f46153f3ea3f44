"""Where the robot keeps its state: one data dir, resolved once."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


def default_data_dir() -> Path:
    """$ROBOT_DATA_DIR, else the XDG data home (the service passes /var/lib/robot)."""
    env = os.environ.get("ROBOT_DATA_DIR")
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(xdg) / "mairie-robot"


def default_models_dir() -> Path:
    """Models are shared by every data dir unless the config says otherwise."""
    env = os.environ.get("ROBOT_MODELS_DIR")
    return Path(env) if env else default_data_dir() / "models"


@dataclass(frozen=True)
class DataPaths:
    """Every path under the data dir, so no module builds its own."""

    root: Path

    @property
    def index(self) -> Path:
        return self.root / "index"

    @property
    def state(self) -> Path:
        return self.root / "state"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def staging(self) -> Path:
        return self.root / "staging"

    @property
    def keys(self) -> Path:
        return self.root / "keys"

    def ensure(self) -> DataPaths:
        for p in (self.root, self.state, self.logs):
            p.mkdir(parents=True, exist_ok=True)
        return self
