"""Safety of the copy: hashed as copied, resumable, nothing half-done ever reaches the index."""

from __future__ import annotations

import errno
import json
import os
import shutil
import threading
from pathlib import Path
from typing import Any

import pytest
from usbkit import DOCS, FakeIndex, make_stick, syncer

from rag.generations import Generations
from rag.usb.errors import SyncBusy
from rag.usb.keys import PrivateKey
from rag.usb.staging import Staging, SyncLock
from rag.usb.status import read_status

BIG = {"a-gros.txt": "Document volumineux.\n" * 60000, **DOCS}  # ~1.2 MB, copied first


def status(data_dir: Path) -> dict:
    return json.loads((data_dir / "state" / "usb-sync.json").read_text())


def test_valid_bundle_copied_verified_and_indexed(
    tmp_path: Path, data_dir: Path, signer: PrivateKey, fake_index: FakeIndex
) -> None:
    stick = make_stick(tmp_path / "stick", signer)
    out = syncer(data_dir, fake_index).run(stick)
    assert out.error is None and out.result["status"] == "ok"
    (call,) = fake_index.calls
    assert call["mode"] == "replace" and call["remove"] == []
    assert call["files"] == {k: v.encode() for k, v in DOCS.items()}
    assert not (data_dir / "staging" / "usb").exists()  # cleaned after success
    st = status(data_dir)
    assert st["phase"] == "done" and st["percent"] == 100 and st["result"]["added"] == 3
    assert st["result"]["version"] == 1 and "retirer la clé" in st["message"]


def test_same_bundle_twice_is_up_to_date_and_older_refused(
    tmp_path: Path, data_dir: Path, signer: PrivateKey, fake_index: FakeIndex
) -> None:
    new = make_stick(tmp_path / "new", signer, created="2026-03-02T10:00:00+01:00")
    old = make_stick(tmp_path / "old", signer, created="2026-01-02T10:00:00+01:00")
    sync = syncer(data_dir, fake_index)
    assert sync.run(new).result["status"] == "ok"
    assert sync.run(new).result["status"] == "up_to_date"
    assert len(fake_index.calls) == 1
    refused = sync.run(old)
    assert refused.result["code"] == "stale_bundle" and refused.error is not None
    assert refused.error.exit_code == 4
    assert sync.run(old, force=True).result["status"] == "ok"


def test_file_swapped_after_verification_caught_while_copying(
    tmp_path: Path, data_dir: Path, signer: PrivateKey, fake_index: FakeIndex
) -> None:
    """The stick is read once: a file changed after the listing check fails its hash."""
    stick = make_stick(tmp_path / "stick", signer, BIG)
    target = stick / "robot-documents" / "horaires.md"

    def tamper(path: str, done: int) -> None:
        if path == "a-gros.txt":
            target.write_text(target.read_text().replace("8 h 30", "6 h 30"))

    sync = syncer(data_dir, fake_index)
    sync.copy_hook = tamper
    out = sync.run(stick)
    assert out.result["code"] == "hash_mismatch" and out.error is not None
    assert out.error.exit_code == 4
    assert fake_index.calls == []


def test_stick_pulled_mid_copy_then_resumed(
    tmp_path: Path, data_dir: Path, signer: PrivateKey, fake_index: FakeIndex
) -> None:
    stick = make_stick(tmp_path / "stick", signer, BIG)
    docs = stick / "robot-documents"
    saved = {p.name: p.read_bytes() for p in docs.iterdir() if p.is_file()}
    pulled = threading.Event()

    def pull(path: str, done: int) -> None:  # another "thread" removes the rest of the stick
        if path == "a-gros.txt" and not pulled.is_set():
            pulled.set()
            threading.Thread(target=lambda: (docs / "dechets.txt").unlink()).start()
            threading.Thread(target=lambda: (docs / "horaires.md").unlink()).start()

    sync = syncer(data_dir, fake_index)
    sync.copy_hook = pull
    out = sync.run(stick)
    assert out.result["code"] == "source_vanished" and out.error is not None
    assert out.error.exit_code == 5
    assert fake_index.calls == []
    assert status(data_dir)["phase"] == "failed"
    staged = data_dir / "staging" / "usb" / "files"
    assert (staged / "a-gros.txt").exists()  # the completed file stays for the resume

    for name, content in saved.items():  # plugged in again
        (docs / name).write_bytes(content)
    sync.copy_hook = None
    again = sync.run(stick)
    assert again.error is None and len(fake_index.calls) == 1
    assert fake_index.calls[0]["files"]["a-gros.txt"] == saved["a-gros.txt"]


def test_read_error_mid_copy_is_an_io_failure(
    tmp_path: Path, data_dir: Path, signer: PrivateKey, fake_index: FakeIndex
) -> None:
    stick = make_stick(tmp_path / "stick", signer, BIG)

    def eio(path: str, done: int) -> None:
        raise OSError(errno.EIO, "Input/output error")

    sync = syncer(data_dir, fake_index)
    sync.copy_hook = eio
    out = sync.run(stick)  # any stray I/O error: exit 5, index untouched
    assert out.result["code"] == "io_error" and out.error is not None
    assert out.error.exit_code == 5 and fake_index.calls == []
    # A read error from the stick itself is reported as the stick going away:
    staging = Staging(data_dir / "staging")
    err = staging._source_error("x", OSError(errno.EIO, "Input/output error"))
    assert err.reason == "source_vanished" and err.exit_code == 5


def test_disk_full_leaves_no_debris(
    tmp_path: Path,
    data_dir: Path,
    signer: PrivateKey,
    fake_index: FakeIndex,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    stick = make_stick(tmp_path / "stick", signer, BIG)
    calls = {"n": 0}
    real = Staging._write

    def full(self, fout, block):
        calls["n"] += 1
        if calls["n"] > 1:
            raise self._dest_error(OSError(errno.ENOSPC, "No space left on device"))
        return real(self, fout, block)

    monkeypatch.setattr(Staging, "_write", full)
    out = syncer(data_dir, fake_index).run(stick)
    assert out.result["code"] == "disk_full" and out.error is not None
    assert out.error.exit_code == 5
    assert not (data_dir / "staging" / "usb").exists()
    assert fake_index.calls == []
    assert "disque du robot est plein" in out.report_text


def test_not_enough_space_refused_before_copying(
    tmp_path: Path,
    data_dir: Path,
    signer: PrivateKey,
    fake_index: FakeIndex,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    stick = make_stick(tmp_path / "stick", signer)
    monkeypatch.setattr(Staging, "free_bytes", lambda self: 1000)
    out = syncer(data_dir, fake_index).run(stick)
    assert out.result["code"] == "disk_full"
    assert not (data_dir / "staging" / "usb" / "files").exists()


def test_debris_from_a_killed_run_is_cleaned_or_reused(
    tmp_path: Path, data_dir: Path, signer: PrivateKey, fake_index: FakeIndex
) -> None:
    stick = make_stick(tmp_path / "stick", signer)
    usb = data_dir / "staging" / "usb"
    (usb / "tmp").mkdir(parents=True)
    (usb / "tmp" / "0.part").write_bytes(b"half a fi")
    (usb / "files" / "piscine").mkdir(parents=True)
    (usb / "files" / "horaires.md").write_text(DOCS["horaires.md"])  # complete: reused
    (usb / "files" / "dechets.txt").write_text("tronqu")  # truncated: recopied
    (usb / "files" / "piscine" / "vieux.txt").write_text("other bundle")  # stale: dropped
    out = syncer(data_dir, fake_index).run(stick)
    assert out.error is None
    assert fake_index.calls[0]["files"] == {k: v.encode() for k, v in DOCS.items()}


def test_two_syncs_never_run_at_once(
    tmp_path: Path, data_dir: Path, signer: PrivateKey, fake_index: FakeIndex
) -> None:
    stick = make_stick(tmp_path / "stick", signer)
    with SyncLock(data_dir / "staging"), pytest.raises(SyncBusy) as exc:
        syncer(data_dir, fake_index).run(stick)
    assert exc.value.exit_code == 6
    assert fake_index.calls == []
    assert syncer(data_dir, fake_index).run(stick).error is None  # lock released


def test_index_held_by_another_sync_is_reported_as_busy_not_failed(
    tmp_path: Path, data_dir: Path, signer: PrivateKey
) -> None:
    gens = Generations(tmp_path / "index")

    class SharedIndex(FakeIndex):  # takes the index's own lock, as IndexStore.sync does
        def sync(self, folder: Path, **kw: Any) -> Any:
            with gens.lock():
                return super().sync(folder, **kw)

    stick = make_stick(tmp_path / "stick", signer)
    with gens.lock():  # a technician's `robot index sync` is running
        out = syncer(data_dir, SharedIndex()).run(stick)
    assert out.result["status"] == "failed" and out.result["code"] == "index_busy"
    text = next(stick.glob("robot-rapport-*.txt")).read_text(encoding="utf-8")
    assert "rebranchez la clé dans quelques minutes" in text
    assert syncer(data_dir, SharedIndex()).run(stick).result["status"] == "ok"


def test_report_written_back_to_writable_stick(
    tmp_path: Path, data_dir: Path, signer: PrivateKey, fake_index: FakeIndex
) -> None:
    stick = make_stick(tmp_path / "stick", signer, mode="update", remove=("ancien.pdf",))
    out = syncer(data_dir, fake_index).run(stick)
    (report,) = stick.glob("robot-rapport-*.txt")
    text = report.read_text(encoding="utf-8")
    assert out.report_path == report
    assert "Mise à jour réussie" in text and "Signé par : accueil" in text
    assert "Ajoutés : 3" in text and "horaires.md" in text and "Retirés : 1" in text
    assert "ancien.pdf" in text and "Version de l'index : 1" in text
    assert list((data_dir / "state" / "usb-reports").glob("robot-rapport-*.txt"))
    # The report on the stick does not spoil the bundle for the next robot.
    assert syncer(tmp_path / "robot2", FakeIndex()).run(stick).result["code"] in (
        "untrusted_key",  # robot2 trusts no one: refused for the key, not for the report
    )


def test_refusal_report_says_why(
    tmp_path: Path, data_dir: Path, signer: PrivateKey, fake_index: FakeIndex
) -> None:
    stick = make_stick(tmp_path / "stick", signer)
    (stick / "robot-documents" / "intrus.txt").write_text("pas signé\n")
    out = syncer(data_dir, fake_index).run(stick)
    assert out.result["status"] == "refused" and out.result["code"] == "unlisted_file"
    text = next(stick.glob("robot-rapport-*.txt")).read_text(encoding="utf-8")
    assert "REFUSÉE" in text and "intrus.txt : fichier ajouté après la signature" in text
    st = status(data_dir)
    assert st["phase"] == "refused" and st["result"]["refused"][0]["path"] == "intrus.txt"


def test_read_only_stick_gets_no_report_but_sync_succeeds(
    tmp_path: Path, data_dir: Path, signer: PrivateKey, fake_index: FakeIndex
) -> None:
    stick = make_stick(tmp_path / "stick", signer)
    out = syncer(data_dir, fake_index).run(stick, report_to=tmp_path / "not-a-dir" / "x")
    assert out.error is None and out.report_path is None
    assert status(data_dir)["result"]["report"] is None


def test_interrupted_status_detected(data_dir: Path) -> None:
    state = data_dir / "state"
    state.mkdir()
    (state / "usb-sync.json").write_text(
        json.dumps(
            {
                "schema": 1,
                "pid": 2**22 + 12345,
                "phase": "copying",
                "percent": 12,
                "message": "",
                "result": None,
            }
        )
    )
    st = read_status(state)
    assert st is not None and st["phase"] == "interrupted"


def test_directory_swapped_for_a_link_during_copy_is_not_followed(
    tmp_path: Path, data_dir: Path, signer: PrivateKey, fake_index: FakeIndex
) -> None:
    """Even with the very bytes the manifest expects waiting outside, a link is never read."""
    stick = make_stick(tmp_path / "stick", signer, BIG)
    docs = stick / "robot-documents"
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "tarifs.txt").write_text(DOCS["piscine/tarifs.txt"], encoding="utf-8")

    def swap(path: str, done: int) -> None:
        if path == "a-gros.txt" and not (docs / "piscine").is_symlink():
            shutil.rmtree(docs / "piscine")
            os.symlink(outside, docs / "piscine")

    sync = syncer(data_dir, fake_index)
    sync.copy_hook = swap
    out = sync.run(stick)
    assert out.result["code"] == "symlink" and fake_index.calls == []
