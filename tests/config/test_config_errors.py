"""Every kind of configuration mistake gives one clear message with key path and line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from robot.cli import main
from robot.config import Settings, load_config, parse_config
from robot.core.errors import ConfigError
from robot.core.paths import DataPaths


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


def test_data_dir_that_is_a_file_fails_config_check(tmp_path: Path) -> None:
    afile = tmp_path / "notes.txt"
    afile.write_text("x")
    msg = _error(f"language: fr\ndata_dir: {afile}\n")
    assert f"line 2: data_dir: {afile} is not a directory" in msg
    msg = _error(f"data_dir: {afile / 'robot'}\n")
    assert f"line 1: data_dir: {afile / 'robot'} cannot be created: {afile} is not" in msg
    assert parse_config(f"data_dir: {tmp_path / 'new' / 'data'}\n").data_dir is not None


def test_bad_data_dir_at_start_is_one_clear_error(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    afile = tmp_path / "notes.txt"
    afile.write_text("x")
    for bad in (afile, afile / "robot"):
        assert main(["--data-dir", str(bad), "index", "status"]) == 2
        err = capsys.readouterr().err
        assert f"robot: error [config]: data dir: {bad}" in err and "--data-dir" in err
    with pytest.raises(ConfigError, match="cannot create the data dir"):
        DataPaths(afile / "robot").ensure()
    assert afile.read_text() == "x"


def test_non_utf8_file_names_line_and_column(tmp_path: Path) -> None:
    cfg = tmp_path / "robot.yaml"
    cfg.write_bytes("language: fr\n# été\nhead:\n  port: ".encode() + b"caf\xe9\n")
    with pytest.raises(ConfigError) as info:
        load_config(cfg)
    assert f"{cfg}: line 4, column 12: not UTF-8 text (byte 0xe9)" in str(info.value)


def test_duplicate_key_names_it_and_both_lines() -> None:
    msg = _error("vad:\n  frame_ms: 20\n  aggressiveness: 2\n  frame_ms: 30\n")
    assert "robot.yaml: line 4: vad.frame_ms: duplicate key, already set at line 2" in msg
    msg = _error("head:\n  port: a\nvad: {}\nhead:\n  port: b\n")
    assert "line 4: head: duplicate key, already set at line 1" in msg


def test_true_or_false_is_not_a_number_nor_a_number_a_boolean() -> None:
    assert "line 2: llm.threads: must be a number, not true" in _error("llm:\n  threads: true\n")
    assert "line 2: llm.temperature: must be a number, not false" in _error(
        "llm:\n  temperature: false\n")
    assert "line 4: head.states.idle.led: must be a number, not true" in _error(
        "head:\n  states:\n    idle:\n      led: [true, 0, 0]\n")
    assert "dialogue.timeouts_s: must be a number" in _error(
        "dialogue:\n  timeouts_s:\n    stt: true\n")
    assert "line 2: dialogue.barge_in: must be true or false, not 1" in _error(
        "dialogue:\n  barge_in: 1\n")
    assert parse_config("llm:\n  threads: 4\n  temperature: 0\n").llm.threads == 4


def test_llm_model_must_be_a_file(tmp_path: Path) -> None:
    msg = _error(f"models:\n  llm: {tmp_path}\n")
    assert f"line 2: models.llm: must be a GGUF model file, not a folder: {tmp_path}" in msg
    gguf = tmp_path / "model.gguf"
    gguf.write_bytes(b"GGUF")
    assert parse_config(f"models:\n  llm: {gguf}\n").models.llm == gguf
