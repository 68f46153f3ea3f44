"""Every kind of configuration mistake gives one clear message with key path and line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from robot.config import Settings, load_config, parse_config
from robot.errors import ConfigError


def _error(text: str) -> str:
    with pytest.raises(ConfigError) as info:
        parse_config(text, "robot.yaml")
    return str(info.value)


def test_defaults_are_valid_and_frozen() -> None:
    settings = parse_config("", "empty.yaml")
    assert settings == Settings()
    with pytest.raises(Exception, match="frozen"):
        settings.vad.aggressiveness = 3  # type: ignore[misc]


def test_unknown_key_names_path_and_line() -> None:
    msg = _error("language: fr\nvad:\n  frame_ms: 30\n  agressiveness: 2\n")
    assert "robot.yaml: line 4: vad.agressiveness: unknown key" in msg


def test_unknown_section() -> None:
    assert "line 1: micro: unknown key" in _error("micro:\n  device: 2\n")


def test_wrong_type() -> None:
    msg = _error("head:\n  baudrate: rapide\n")
    assert "line 2: head.baudrate" in msg and "valid integer" in msg and "'rapide'" in msg


def test_out_of_range() -> None:
    msg = _error("vad:\n  aggressiveness: 7\n")
    assert "line 2: vad.aggressiveness" in msg and "less than or equal to 3" in msg


def test_choice_lists_allowed_values() -> None:
    msg = _error("stt:\n  engines:\n    fr: kaldi\n")
    assert "line 3: stt.engines.fr" in msg and "'whisper' or 'vosk'" in msg


def test_missing_model_file() -> None:
    msg = _error("models:\n  llm: /nowhere/model.gguf\n")
    assert "line 2: models.llm: model file not found: /nowhere/model.gguf" in msg


def test_every_problem_reported_at_once() -> None:
    msg = _error("vad:\n  aggressiveness: 9\nhead:\n  baudrate: x\n")
    assert "vad.aggressiveness" in msg and "head.baudrate" in msg


def test_yaml_syntax_error_gives_line() -> None:
    msg = _error("vad:\n  frame_ms: [30\nhead:\n  port: x\n")
    assert "YAML syntax error" in msg and "line" in msg


def test_top_level_must_be_mapping() -> None:
    assert "top level must be a mapping" in _error("- a\n- b\n")


def test_explicit_path_wins_over_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    good = tmp_path / "a.yaml"
    good.write_text("language: en\n")
    other = tmp_path / "b.yaml"
    other.write_text("language: de\n")
    monkeypatch.setenv("ROBOT_CONFIG", str(other))
    assert load_config(None)[0].language == "de"
    assert load_config(good)[0].language == "en"


def test_missing_config_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="configuration file not found"):
        load_config(tmp_path / "absent.yaml")


def test_cli_exits_nonzero_without_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "robot.yaml"
    bad.write_text("dialogue:\n  follow_up_window_s: -3\n")
    proc = subprocess.run(
        [sys.executable, "-m", "robot", "--config", str(bad), "config", "check"],
        capture_output=True, text=True, check=False,
    )
    assert proc.returncode == 2
    assert "line 2: dialogue.follow_up_window_s" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_cli_show_prints_effective_settings(tmp_path: Path) -> None:
    cfg = tmp_path / "robot.yaml"
    cfg.write_text("vad:\n  end_silence_ms: 900\n")
    proc = subprocess.run(
        [sys.executable, "-m", "robot", "--config", str(cfg), "--data-dir", str(tmp_path / "d"),
         "config", "show"],
        capture_output=True, text=True, check=True,
    )
    assert "end_silence_ms: 900" in proc.stdout
    assert f"data dir: {tmp_path / 'd'}" in proc.stdout
