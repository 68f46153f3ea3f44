"""A fleet's settings: a remote index needs its address, secrets never printed."""

from __future__ import annotations

import pytest

from robot.config import effective_yaml, parse_config
from robot.core.errors import ConfigError

ROBOT = """\
retrieval: {backend: remote, url: "http://server:8088", token: "api-secret-0123456789"}
llm: {backend: openai, url: "http://server:8080/v1", token: "model-secret-0123456789"}
model_server: {token: "model-secret-0123456789"}
api: {token: "own-api-secret-0123456789"}
"""


def test_a_fleet_robots_yaml_is_valid_and_config_show_hides_every_secret() -> None:
    settings = parse_config(ROBOT, "robot.yaml")
    assert settings.retrieval.backend == "remote" and settings.llm.token is not None
    shown = effective_yaml(settings)
    assert "secret" not in shown and shown.count("(set, hidden)") == 4


@pytest.mark.parametrize(("text", "expected"), [
    ("retrieval: {backend: remote}\n", "backend remote needs url"),
    ("retrieval: {backend: remote, url: server:8088}\n", "retrieval.url"),
    ("llm: {token: short}\n", "llm.token"),
    ("model_server: {port: 0}\n", "model_server.port"),
])
def test_fleet_settings_name_the_key_to_fix(text: str, expected: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_config(text, "robot.yaml")
    assert expected in str(info.value)
