"""The simulator as a firmware would be tested: raw bytes over its pty, its view, the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import serial
from hardware_testkit import wait_until

from hardware.device import DeviceState
from hardware.events import Touch
from hardware.framing import Frame, FrameDecoder, encode_frame
from hardware.messages import decode_message
from hardware.protocol import (
    Ack,
    AckStatus,
    Caps,
    DoGesture,
    Expression,
    GestureKind,
    Hello,
    Message,
    SetExpression,
    SetText,
    TextField,
)
from hardware.sim_view import handle_key, render
from hardware.simulator import SimulatedHead
from robot.cli import main

ROOT = Path(__file__).parents[2]


class RawHost:
    """A bare pyserial host, to test the device end byte by byte."""

    def __init__(self, path: str) -> None:
        self.port = serial.serial_for_url(path, timeout=0.05)
        self.decoder = FrameDecoder()

    def send(self, data: bytes) -> None:
        self.port.write(data)

    def receive(self, kind: type[Message], timeout: float = 1.0) -> Message:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for frame in self.decoder.feed(self.port.read(256)):
                msg = decode_message(frame)
                if isinstance(msg, kind):
                    return msg
        raise AssertionError(f"no {kind.__name__} within {timeout} s")


def test_pty_handshake_after_garbage_and_acks(sim: SimulatedHead) -> None:
    host = RawHost(sim.path)
    try:
        half = encode_frame(SetExpression(Expression.HAPPY).to_frame(1))[:4]
        host.send(b"\x13\x37garbage" + half)  # no delimiter: the HELLO's 0x00 ends it
        host.send(b"\x00" + encode_frame(Hello(heartbeat_ms=200).to_frame(0)))
        caps = host.receive(Caps)
        assert isinstance(caps, Caps) and caps.cols == 32
        nod = encode_frame(DoGesture(GestureKind.NOD).to_frame(1))
        host.send(nod)
        assert host.receive(Ack) == Ack(1, AckStatus.OK)
        host.send(nod)  # as if our ACK had been lost
        assert host.receive(Ack) == Ack(1, AckStatus.OK)
        assert sim.state.gestures == 1
        host.send(encode_frame(Frame(0x7E, 2, b"", 1)))
        assert host.receive(Ack) == Ack(2, AckStatus.UNSUPPORTED)
    finally:
        host.port.close()


def test_pty_device_events_and_not_ready(sim: SimulatedHead) -> None:
    host = RawHost(sim.path)
    try:
        host.send(encode_frame(SetExpression(Expression.HAPPY).to_frame(9)))
        assert host.receive(Ack) == Ack(9, AckStatus.NOT_READY)
        host.send(encode_frame(Hello(heartbeat_ms=200).to_frame(0)))
        host.receive(Caps)
        sim.inject(Touch(1))
        assert host.receive(Touch) == Touch(1)
    finally:
        host.port.close()


def test_unplug_removes_the_path_and_replug_brings_it_back(sim: SimulatedHead) -> None:
    first = sim.tty
    assert os.path.realpath(sim.path) == first
    sim.unplug()
    assert not os.path.exists(sim.path) and sim.tty is None
    sim.replug()
    assert os.path.exists(sim.path) and os.path.realpath(sim.path) == sim.tty


def test_render_shows_face_angles_display_and_events(sim: SimulatedHead) -> None:
    state = DeviceState(ready=True, expression=Expression.THINKING, mouth=200, pan=12.5,
                        tilt=-3.0, led=(255, 150, 0), title="Mairie", subtitle="ligne 1\nligne 2",
                        source="Source : CNI", qr="https://exemple.fr")
    lines = render(state, sim.caps, path="/tmp/robot-head", plugged=True,
                   log=["event Touch(zone=0)"], color=False)
    text = "\n".join(lines)
    for needle in ("thinking", "( O )", "pan  +12.5°", "tilt   -3.0°", "rgb(255,150,0)",
                   "| Mairie", "| ligne 2", "Source : CNI", "QR: https://exemple.fr",
                   "Touch(zone=0)", "t touch"):
        assert needle in text, needle
    assert max(len(line) for line in lines if line.startswith("|")) == 32 + 4


def test_keys_inject_events(sim: SimulatedHead) -> None:
    assert handle_key(sim, "t") and handle_key(sim, "p") and handle_key(sim, "f")
    assert sim.frozen
    assert not handle_key(sim, "q")
    assert any("Touch" in entry for entry in sim.log)


def test_cli_probe_against_the_simulator(sim: SimulatedHead, tmp_path: Path,
                                         capsys: object) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(f"head:\n  port: {sim.path}\n  heartbeat_s: 0.1\n", encoding="utf-8")
    assert main(["--config", str(config), "--data-dir", str(tmp_path), "head", "probe"]) == 0
    out = capsys.readouterr().out  # type: ignore[attr-defined]
    assert "simulated-head 1.0" in out and "32 x 4, charset CP1252" in out


def test_cli_probe_without_a_device_is_a_hardware_error(tmp_path: Path, capsys: object) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("head:\n  port: /nonexistent/tty\n", encoding="utf-8")
    argv = ["--config", str(config), "--data-dir", str(tmp_path), "head", "probe",
            "--timeout", "0.3"]
    assert main(argv) == 1
    err = capsys.readouterr().err  # type: ignore[attr-defined]
    assert "error [hardware]" in err and "robot head simulate" in err


def test_cli_simulate_serves_a_head(tmp_path: Path) -> None:
    link = tmp_path / "head"
    proc = subprocess.Popen(
        [sys.executable, "-m", "robot", "--data-dir", str(tmp_path), "head", "simulate",
         "--link", str(link), "--no-ui", "--duration", "4"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        assert wait_until(link.exists, timeout=10.0)
        host = RawHost(str(link))
        host.send(b"\x00" + encode_frame(Hello().to_frame(0)))
        host.receive(Caps)
        host.send(encode_frame(SetText(TextField.SUBTITLE, 3, b"Bonjour").to_frame(1)))
        host.receive(Ack)
        host.port.close()
        out, err = proc.communicate(timeout=15)
    finally:
        proc.kill()
    assert f"port: {link}" in err
    assert "Bonjour" in out and "SetText" in out


def test_cli_simulate_refuses_to_replace_a_file_or_a_folder(tmp_path: Path, capsys: object) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("important\n")
    folder = tmp_path / "folder"
    folder.mkdir()
    for taken in (notes, folder):
        argv = ["--data-dir", str(tmp_path / "d"), "head", "simulate", "--no-ui",
                "--duration", "0.1", "--link", str(taken)]
        assert main(argv) == 1
        err = capsys.readouterr().err  # type: ignore[attr-defined]
        assert "error [hardware]" in err and "not a pseudo-terminal link" in err
    assert notes.read_text() == "important\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder", "notes.txt"]  # no temp link
    assert list(folder.iterdir()) == []


def test_a_stale_pty_link_is_replaced_and_removed_on_stop(tmp_path: Path) -> None:
    link = tmp_path / "head"
    link.symlink_to("/dev/pts/999999")  # left behind by a simulator that was killed
    sim = SimulatedHead(link)
    sim.start()
    assert os.readlink(link) == sim.tty
    sim.stop()
    assert not os.path.lexists(link)


def test_stop_leaves_a_path_that_is_no_longer_its_link(tmp_path: Path) -> None:
    link = tmp_path / "head"
    sim = SimulatedHead(link)
    sim.start()
    link.unlink()
    link.write_text("someone else's\n")
    sim.stop()
    assert link.read_text() == "someone else's\n"
