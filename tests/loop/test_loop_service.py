"""The service side: status file and `robot status`, doctor, watchdog pacing, USB display."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from robot.cli import main
from robot.cli_loop import throttled
from robot.doctor import Check, format_checks
from robot.listener import StreamClock
from robot.status import StatusFile, UsbProgress, format_status, read_status


def snapshot(state: str = "idle") -> dict[str, object]:
    return {"state": state, "state_for_s": 3.2, "session_open": True, "turns": 2,
            "last_turn": {"heard": "Où est la piscine ?", "kind": "answer",
                          "timings_ms": {"ack": 241.0, "stt": 650.0, "voice_to_voice": 1900.0}},
            "counters": {"barge_ins": 1}, "microphone": "ok",
            "head": {"phase": "ready", "connected": True}}


def test_status_file_round_trip_and_staleness(tmp_path: Path) -> None:
    status = StatusFile(tmp_path, {"profile": "auto", "engines": "stt whisper"},
                        index_version=lambda: 4)
    status.write(snapshot())
    data = read_status(tmp_path)
    assert data is not None and data["index_version"] == 4 and data["profile"] == "auto"
    text, alive = format_status(data)
    assert alive and "idle" in text and "voice_to_voice 1900 ms" in text
    assert "ready (connected)" in text and "version 4" in text
    _, alive = format_status(data, now=time.time() + 60)
    assert not alive


def test_robot_status_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(tmp_path), "status"]) == 1  # never ran here
    StatusFile(tmp_path / "state", {"profile": "auto"}).write(snapshot("speaking"))
    assert main(["--data-dir", str(tmp_path), "status"]) == 0
    assert "speaking" in capsys.readouterr().out
    assert main(["--data-dir", str(tmp_path), "status", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["state"] == "speaking"


def test_doctor_output_names_the_fix() -> None:
    text = format_checks([Check("OK", "index", "version 1"),
                          Check("FAIL", "audio input", "no input device found", "plug it in")])
    assert "FAIL  audio input" in text and "-> plug it in" in text
    assert "1 problem(s), 0 warning(s)" in text


def test_doctor_exits_non_zero_without_sound_card_or_index(tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]
                                                           ) -> None:
    code = main(["--data-dir", str(tmp_path), "doctor"])
    out = capsys.readouterr().out
    assert code == 1
    assert "FAIL  index" in out and "robot index sync" in out
    assert "espeak-ng" in out and "disk" in out and "OK    ocr" in out


def test_doctor_warns_without_the_towns_gazetteer(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    # No model installed: the answering models fail, the gazetteer only warns (the robot
    # answers without it, knowing capitalised town names only).
    config = tmp_path / "config.yaml"
    config.write_text(f"models:\n  dir: {tmp_path / 'none'}\n")
    main(["--config", str(config), "--data-dir", str(tmp_path), "doctor"])
    out = capsys.readouterr().out
    assert "FAIL  model embeddings" in out
    assert "WARN  model places" in out and "robot models install" in out


def test_watchdog_is_paced() -> None:
    calls: list[float] = []
    ping = throttled(lambda: calls.append(time.monotonic()), 0.05)
    for _ in range(20):
        ping()
        time.sleep(0.01)
    assert 3 <= len(calls) <= 6


def test_stream_clock_tracks_lateness() -> None:
    clock = StreamClock(leak_per_s=0.0)
    assert clock.update(100.03, 0.03) == 0.0
    assert clock.update(100.061, 0.06) == pytest.approx(0.001)
    assert clock.update(100.59, 0.09) == pytest.approx(0.5)  # half a second behind
    assert clock.wall(0.09) == pytest.approx(100.09)


def test_usb_sync_progress_is_shown_when_it_changes(tmp_path: Path) -> None:
    shown: list[str] = []
    path = tmp_path / "usb-sync.json"
    path.write_text(json.dumps({"phase": "done", "percent": 100, "message": "old",
                                "result": {"status": "ok"}}))
    watch = UsbProgress(tmp_path, shown.append, every_s=0.0)
    watch(1.0)
    assert shown == []  # a result from before start-up is not news
    path.write_text(json.dumps({"phase": "indexing", "percent": 42, "pid": 1,
                                "message": "Indexation"}))
    watch(2.0)
    path.write_text(json.dumps({"phase": "done", "percent": 100, "message": "Documents à jour.",
                                "result": {"status": "ok"}}))
    import os
    os.utime(path, (time.time() + 5, time.time() + 5))
    watch(3.0)
    assert shown == ["Mise à jour des documents : 42 %", "Documents à jour."]
