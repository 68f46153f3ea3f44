"""The unit's mount helper on a real (loop-device) stick: read-only, report written after."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from usbkit import FakeIndex, make_stick, syncer

from rag.usb.keys import PrivateKey

HELPER = Path(__file__).resolve().parents[2] / "systemd" / "robot-usb-mount"


def _sh(*cmd: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, capture_output=True, text=True, check=False)


@pytest.fixture
def loop_stick(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """An ext4 'stick' on a loop device, and a folder to fill it through."""
    if os.geteuid() != 0 or not shutil.which("mkfs.ext4") or not shutil.which("losetup"):
        pytest.skip("needs root, mkfs.ext4 and losetup")
    img = tmp_path / "stick.img"
    with open(img, "wb") as f:
        f.truncate(16 * 1024 * 1024)
    assert _sh("mkfs.ext4", "-q", "-F", str(img)).returncode == 0
    made = _sh("losetup", "-f", "--show", str(img))
    if made.returncode != 0:
        pytest.skip(f"no loop device here: {made.stderr.strip()}")
    dev = made.stdout.strip()
    try:
        yield dev, tmp_path / "fill"
    finally:  # whatever failed, leave no mount and no loop device behind
        _sh("umount", str(tmp_path / "run" / Path(dev).name))
        _sh("umount", str(tmp_path / "fill"))
        _sh("losetup", "-d", dev)


def test_helper_mounts_read_only_and_writes_report_back(
    tmp_path: Path,
    data_dir: Path,
    signer: PrivateKey,
    loop_stick: tuple[str, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dev, fill = loop_stick
    fill.mkdir()
    assert _sh("mount", dev, str(fill)).returncode == 0
    make_stick(fill, signer)
    assert _sh("umount", str(fill)).returncode == 0

    run = tmp_path / "run"
    name = Path(dev).name
    monkeypatch.setenv("ROBOT_USB_RUN", str(run))
    monkeypatch.setenv("ROBOT_DATA_DIR", str(data_dir))
    mounted = _sh("sh", str(HELPER), "mount", name)
    assert mounted.returncode == 0, mounted.stderr
    mnt = run / name
    opts = _sh("findmnt", "-n", "-o", "OPTIONS", str(mnt)).stdout
    assert {"ro", "nosuid", "nodev", "noexec"} <= set(opts.strip().split(","))

    out = syncer(data_dir, FakeIndex()).run(mnt)
    assert out.error is None and out.report_path is None  # read-only: not written by the sync

    finished = _sh("sh", str(HELPER), "finish", name)
    assert finished.returncode == 0, finished.stderr
    assert _sh("mountpoint", "-q", str(mnt)).returncode != 0 and not mnt.exists()
    assert _sh("mount", "-o", "ro", dev, str(fill)).returncode == 0
    reports = list(fill.glob("robot-rapport-*.txt"))
    assert len(reports) == 1 and "Mise à jour réussie" in reports[0].read_text(encoding="utf-8")


def test_helper_rejects_odd_device_names() -> None:
    assert _sh("sh", str(HELPER), "mount", "../sda1").returncode == 2
