"""What every command receives: validated settings and resolved paths, built once."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from robot.config import Settings
from robot.core.errors import ConfigError
from robot.core.paths import (
    DATA_DIR_HINT,
    DataPaths,
    data_dir_problem,
    default_data_dir,
    default_models_dir,
)


@dataclass(frozen=True)
class Context:
    settings: Settings
    config_path: Path | None
    data: DataPaths

    @property
    def models_dir(self) -> Path:
        """models.dir, else $ROBOT_MODELS_DIR, else the default data dir's models/.

        Not under --data-dir: that flag moves index, state and logs, while the
        models (a gigabyte) stay where the installer put them.
        """
        if self.settings.models.dir is not None:
            return self.settings.models.dir
        return default_models_dir()

    @classmethod
    def build(
        cls, settings: Settings, config_path: Path | None, data_dir: Path | None
    ) -> Context:
        """--data-dir wins over the config's data_dir, which wins over the default."""
        root = Path(data_dir or settings.data_dir or default_data_dir())
        problem = data_dir_problem(root)
        if problem:  # one clear error now, not a traceback from whichever module writes first
            raise ConfigError(f"data dir: {problem}", hint=DATA_DIR_HINT)
        return cls(settings=settings, config_path=config_path, data=DataPaths(root))
