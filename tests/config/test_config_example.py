"""The commented example documents every setting, with the built-in defaults."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from robot.config import Settings, parse_config

EXAMPLE = Path(__file__).resolve().parents[2] / "config.example.yaml"


def _leaf_keys(model: type[BaseModel], prefix: str = "") -> set[str]:
    keys: set[str] = set()
    for name, field in model.model_fields.items():
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            keys |= _leaf_keys(annotation, f"{prefix}{name}.")
        else:
            keys.add(prefix + name)
    return keys


def _present(data: dict[str, Any], dotted: str) -> bool:
    node: Any = data
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            return False
        node = node[part]
    return True


def test_example_parses_to_the_defaults() -> None:
    assert parse_config(EXAMPLE.read_text(encoding="utf-8"), str(EXAMPLE)) == Settings()


def test_example_covers_every_setting() -> None:
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    missing = sorted(k for k in _leaf_keys(Settings) if not _present(data, k))
    assert not missing, f"config.example.yaml lacks: {missing}"


def test_every_setting_is_commented() -> None:
    # Each section and each key line carries or follows a comment a technician can read.
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    sections = [i for i, line in enumerate(lines) if line and line[0].isalpha()]
    for i in sections:
        assert lines[i - 1].startswith("#"), f"section at line {i + 1} has no comment"
