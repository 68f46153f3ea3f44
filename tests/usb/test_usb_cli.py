"""The staff-facing commands and what the display is told, step by step."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from usbkit import DOCS, FakeIndex, make_stick, run_cli, syncer, write_files

import robot.cli_usb
from rag.usb import manifest as mf
from rag.usb.keys import PrivateKey
from rag.usb.status import StatusWriter


@pytest.fixture
def fake_cli_index(monkeypatch: pytest.MonkeyPatch) -> FakeIndex:
    index = FakeIndex()
    monkeypatch.setattr(robot.cli_usb, "_open_index", lambda ctx: index)
    return index


def test_cli_exit_codes(
    tmp_path: Path,
    data_dir: Path,
    signer: PrivateKey,
    stranger: PrivateKey,
    fake_cli_index: FakeIndex,
    capsys: pytest.CaptureFixture[str],
) -> None:
    ok = make_stick(tmp_path / "ok", signer)
    bad = make_stick(tmp_path / "bad", stranger)
    assert run_cli("usb", "sync", str(ok), data_dir=data_dir) == 0
    assert "Mise à jour réussie" in capsys.readouterr().out
    assert run_cli("usb", "sync", str(ok), data_dir=data_dir) == 0  # again: up to date
    assert "Déjà à jour" in capsys.readouterr().out
    assert run_cli("usb", "sync", str(bad), "--json", data_dir=data_dir) == 4
    out = capsys.readouterr()
    assert json.loads(out.out)["code"] == "untrusted_key"
    assert "error [sync]" in out.err and "Traceback" not in out.err
    assert run_cli("usb", "status", "--json", data_dir=data_dir) == 0
    assert json.loads(capsys.readouterr().out)["phase"] == "refused"
    assert len(fake_cli_index.calls) == 1


def test_if_present_ignores_sticks_without_documents(
    tmp_path: Path, data_dir: Path, fake_cli_index: FakeIndex
) -> None:
    """The udev unit runs on every stick: a visitor's holiday photos are none of our business."""
    photos = tmp_path / "photos-stick"
    write_files(photos, {"DCIM/img001.jpg": b"\xff\xd8"})
    assert run_cli("usb", "sync", "--if-present", str(photos), data_dir=data_dir) == 0
    assert not (data_dir / "state" / "usb-sync.json").exists()
    assert run_cli("usb", "sync", str(photos), data_dir=data_dir) == 4  # staff testing by hand


def test_bundle_create_cli(
    tmp_path: Path, data_dir: Path, signer: PrivateKey, capsys: pytest.CaptureFixture[str]
) -> None:
    stick = tmp_path / "stick"
    write_files(stick / "robot-documents", DOCS)
    key = str(tmp_path / "staff.key")
    assert (
        run_cli(
            "bundle",
            "create",
            str(stick),
            "--key",
            key,
            "--mode",
            "update",
            "--remove",
            "old.pdf",
            "x/y.txt",
            data_dir=data_dir,
        )
        == 0
    )
    assert "3 file(s)" in capsys.readouterr().out
    data = json.loads((stick / "robot-documents" / mf.MANIFEST_NAME).read_text())
    assert data["remove"] == ["old.pdf", "x/y.txt"] and data["mode"] == "update"
    assert run_cli("usb", "check", str(stick), data_dir=data_dir) == 0
    # --remove only makes sense in update mode; a key is required unless --unsigned.
    assert (
        run_cli("bundle", "create", str(stick), "--key", key, "--remove", "a", data_dir=data_dir)
        == 4
    )
    assert run_cli("bundle", "create", str(stick), data_dir=data_dir) == 4


def test_special_files_refused(
    tmp_path: Path, data_dir: Path, signer: PrivateKey, fake_index: FakeIndex
) -> None:
    stick = make_stick(tmp_path / "s", signer)
    os.mkfifo(stick / "robot-documents" / "tube")
    out = syncer(data_dir, fake_index).run(stick)
    assert out.result["code"] == "special_file" and fake_index.calls == []


def test_status_sequence_seen_by_the_display(
    tmp_path: Path,
    data_dir: Path,
    signer: PrivateKey,
    fake_index: FakeIndex,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Phases in order, percent never going back, one final state with the result."""
    seen: list[dict[str, Any]] = []
    real = StatusWriter._write

    def spy(self: StatusWriter, *, durable: bool) -> None:
        real(self, durable=durable)
        seen.append(json.loads(self.path.read_text()))

    monkeypatch.setattr(StatusWriter, "_write", spy)
    big = {"gros.txt": "ligne de texte\n" * 300_000, **DOCS}  # several copy blocks
    syncer(data_dir, fake_index).run(make_stick(tmp_path / "s", signer, big))
    phases = [s["phase"] for s in seen]
    assert phases[0] == "verifying" and phases[-1] == "done"
    assert [p for i, p in enumerate(phases) if i == 0 or phases[i - 1] != p] == [
        "verifying",
        "copying",
        "indexing",
        "done",
    ]
    percents = [s["percent"] for s in seen]
    assert percents == sorted(percents) and percents[-1] == 100
    assert all(s["result"] is None for s in seen[:-1]) and seen[-1]["result"]["status"] == "ok"
    assert {s["pid"] for s in seen} == {os.getpid()}


def test_a_fleet_robot_refuses_a_stick_it_would_not_answer_from(
    tmp_path: Path, data_dir: Path, signer: PrivateKey, fake_cli_index: FakeIndex,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A robot that searches the server's index: applying the stick to its own unused
    index would say « mise à jour réussie » and change nothing a visitor hears."""
    config = tmp_path / "fleet.yaml"
    config.write_text("retrieval:\n  backend: remote\n  url: http://server:8088\n",
                      encoding="utf-8")
    stick = make_stick(tmp_path / "ok", signer)
    assert run_cli("usb", "sync", "--if-present", str(stick), data_dir=data_dir,
                   config=config) == 4
    err = capsys.readouterr().err
    assert "server's index (http://server:8088)" in err and "robot serve" in err
    assert fake_cli_index.calls == []  # nothing applied
