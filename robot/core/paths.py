"""Where the robot keeps its state: one data dir, resolved once."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from robot.core.errors import ConfigError

DATA_DIR_HINT = "set data_dir in the config, or pass --data-dir"


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


def data_dir_problem(path: Path) -> str | None:
    """Why `path` cannot serve as the data dir, checked without creating anything."""
    try:
        if path.exists():
            return None if path.is_dir() else f"{path} is not a directory"
        if path.is_symlink():
            return f"{path} is a broken symbolic link"
        parent = next(p for p in path.absolute().parents if p.exists() or p.is_symlink())
    except OSError as exc:  # e.g. a parent we may not look into
        return f"{path} cannot be used: {exc.strerror}"
    if not parent.is_dir():
        return f"{path} cannot be created: {parent} is not a directory"
    if not os.access(parent, os.W_OK | os.X_OK):
        return f"{path} cannot be created: {parent} is not writable"
    return None


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
        try:
            for p in (self.root, self.state, self.logs):
                p.mkdir(parents=True, exist_ok=True)
        except OSError as exc:  # e.g. a read-only or pseudo file system the check let through
            raise ConfigError(f"cannot create the data dir {self.root}: {exc.strerror}",
                              hint=DATA_DIR_HINT) from None
        return self
