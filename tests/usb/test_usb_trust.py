"""Trust: only bundles signed by a trusted key, listing exactly what is on the stick."""

from __future__ import annotations

import base64
import json
import logging
import os
import stat
from pathlib import Path

import pytest
from usbkit import DOCS, LIMITS, FakeIndex, make_stick, run_cli, syncer, write_files

from rag.usb import bundle
from rag.usb import manifest as mf
from rag.usb.errors import BundleRefused
from rag.usb.keys import Keyring, PrivateKey, generate, load_private


def refusal_codes(folder: Path, data_dir: Path, **usb: object) -> list[str]:
    """Run `usb check` logic in-process and return the refusal codes (empty: accepted)."""
    from rag.usb.settings import UsbSettings

    s = UsbSettings(**usb)
    from rag.usb.sync import limits_of

    try:
        opened = bundle.open_bundle(
            bundle.locate(folder, s.folder),
            Keyring(data_dir / "keys"),
            allow_unsigned=s.allow_unsigned,
        )
        bundle.verify_listing(opened, limits_of(s))
        problems = bundle.verify_hashes(opened)
    except BundleRefused as exc:
        return [r.code for r in exc.refusals]
    return [r.code for r in problems]


def resign(docs: Path, key: PrivateKey, edit) -> None:
    """Rewrite the manifest through `edit(dict)` and sign it properly: a malicious signer."""
    data = json.loads((docs / mf.MANIFEST_NAME).read_bytes())
    edit(data)
    m = mf.Manifest(
        files=tuple(mf.FileEntry(**f) for f in data["files"]),
        created=data["created"],
        mode=data["mode"],
        remove=tuple(data["remove"]),
        signer=data["signer"],
    )
    raw = m.to_bytes()
    (docs / mf.MANIFEST_NAME).write_bytes(raw)
    (docs / mf.SIGNATURE_NAME).write_bytes(base64.b64encode(key.sign(raw)) + b"\n")


def test_keys_generate_writes_private_0600_and_public(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    keyfile = tmp_path / "marie.key"
    assert run_cli("keys", "generate", str(keyfile), data_dir=tmp_path / "d") == 0
    assert stat.S_IMODE(keyfile.stat().st_mode) == 0o600
    pub = (tmp_path / "marie.key.pub").read_text()
    assert pub.startswith("robot-ed25519 ") and pub.strip().endswith(" marie")
    assert pub in capsys.readouterr().out
    # Never silently over an existing key.
    assert run_cli("keys", "generate", str(keyfile), data_dir=tmp_path / "d") == 4
    assert load_private(keyfile).public.line() == pub


def test_keys_trust_list_remove(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = generate(tmp_path / "k", "accueil")
    assert run_cli("keys", "trust", str(tmp_path / "k.pub"), data_dir=data_dir) == 0
    assert run_cli("keys", "list", data_dir=data_dir) == 0
    out = capsys.readouterr().out
    assert f"{key.public.fingerprint}  accueil" in out
    assert run_cli("keys", "remove", key.public.fingerprint[:8], data_dir=data_dir) == 0
    assert Keyring(data_dir / "keys").trusted() == []
    (tmp_path / "junk.pub").write_text("ssh-ed25519 AAAA me\n")
    assert run_cli("keys", "trust", str(tmp_path / "junk.pub"), data_dir=data_dir) == 4


def test_valid_bundle_passes_check(
    tmp_path: Path, data_dir: Path, signer: PrivateKey, capsys
) -> None:
    stick = make_stick(tmp_path / "stick", signer)
    assert refusal_codes(stick, data_dir) == []
    assert run_cli("usb", "check", str(stick), "--json", data_dir=data_dir) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] and out["files"] == len(DOCS) and out["signer"] == "accueil"
    # The folder itself works too (it holds the manifest).
    assert refusal_codes(stick / "robot-documents", data_dir) == []


def test_manifest_lists_every_file_with_hash_mode_and_signer(
    tmp_path: Path, signer: PrivateKey
) -> None:
    stick = make_stick(tmp_path / "s", signer, mode="update", remove=("vieux.pdf",))
    data = json.loads((stick / "robot-documents" / mf.MANIFEST_NAME).read_text())
    assert [f["path"] for f in data["files"]] == sorted(DOCS)
    assert all(len(f["sha256"]) == 64 and f["size"] > 0 for f in data["files"])
    assert data["mode"] == "update" and data["remove"] == ["vieux.pdf"]
    assert data["signer"] == signer.public.fingerprint and data["created"]


def test_missing_signature_refused(
    tmp_path: Path, data_dir: Path, signer: PrivateKey, capsys
) -> None:
    stick = make_stick(tmp_path / "s", signer)
    (stick / "robot-documents" / mf.SIGNATURE_NAME).unlink()
    assert refusal_codes(stick, data_dir) == ["missing_signature"]
    assert run_cli("usb", "check", str(stick), data_dir=data_dir) == 4
    assert "missing_signature" in capsys.readouterr().out


def test_missing_manifest_refused(tmp_path: Path, data_dir: Path) -> None:
    write_files(tmp_path / "s" / "robot-documents", DOCS)
    assert refusal_codes(tmp_path / "s", data_dir, allow_unsigned=True) == ["missing_manifest"]


def test_bad_signature_refused(tmp_path: Path, data_dir: Path, signer: PrivateKey) -> None:
    stick = make_stick(tmp_path / "s", signer)
    sig = stick / "robot-documents" / mf.SIGNATURE_NAME
    sig.write_bytes(base64.b64encode(bytes(64)) + b"\n")
    assert refusal_codes(stick, data_dir) == ["bad_signature"]
    sig.write_text("not base64 at all!\n")
    assert refusal_codes(stick, data_dir) == ["bad_signature"]


def test_edited_manifest_breaks_signature(
    tmp_path: Path, data_dir: Path, signer: PrivateKey
) -> None:
    stick = make_stick(tmp_path / "s", signer)
    man = stick / "robot-documents" / mf.MANIFEST_NAME
    man.write_bytes(man.read_bytes().replace(b'"replace"', b'"update"'))
    assert refusal_codes(stick, data_dir) == ["bad_signature"]


def test_untrusted_key_refused(
    tmp_path: Path, data_dir: Path, stranger: PrivateKey, signer: PrivateKey
) -> None:
    stick = make_stick(tmp_path / "s", stranger)
    assert refusal_codes(stick, data_dir) == ["untrusted_key"]


def test_tampered_file_refused(tmp_path: Path, data_dir: Path, signer: PrivateKey) -> None:
    stick = make_stick(tmp_path / "s", signer)
    f = stick / "robot-documents" / "horaires.md"
    f.write_text(f.read_text().replace("8 h 30", "9 h 30"))  # same size, other content
    assert refusal_codes(stick, data_dir) == ["hash_mismatch"]
    f.write_text("tout autre chose, plus long que l'original, vraiment beaucoup plus long")
    assert refusal_codes(stick, data_dir) == ["size_mismatch"]


def test_unlisted_and_missing_files_refused(
    tmp_path: Path, data_dir: Path, signer: PrivateKey
) -> None:
    stick = make_stick(tmp_path / "s", signer)
    docs = stick / "robot-documents"
    (docs / "ajout.txt").write_text("Ajouté après la signature.\n")
    assert refusal_codes(stick, data_dir) == ["unlisted_file"]
    (docs / "ajout.txt").unlink()
    (docs / "dechets.txt").unlink()
    assert refusal_codes(stick, data_dir) == ["missing_file"]


def test_os_junk_files_are_ignored(tmp_path: Path, data_dir: Path, signer: PrivateKey) -> None:
    stick = make_stick(tmp_path / "s", signer)
    docs = stick / "robot-documents"
    (docs / ".DS_Store").write_bytes(b"\0\0")
    (docs / "piscine" / "._tarifs.txt").write_bytes(b"\0")
    (docs / "robot-rapport-20260101-101010.txt").write_text("rapport\n")
    assert refusal_codes(stick, data_dir) == []


def test_symlinks_refused_anywhere(tmp_path: Path, data_dir: Path, signer: PrivateKey) -> None:
    stick = make_stick(tmp_path / "s", signer)
    docs = stick / "robot-documents"
    os.symlink("/etc/passwd", docs / "piscine" / "passwd.txt")
    assert refusal_codes(stick, data_dir) == ["symlink"]
    (docs / "piscine" / "passwd.txt").unlink()
    os.symlink("/etc", docs / "etc")  # a linked directory is never walked
    assert refusal_codes(stick, data_dir) == ["symlink"]


def test_symlink_listed_in_manifest_refused_even_when_signed(
    tmp_path: Path, data_dir: Path, signer: PrivateKey
) -> None:
    """A signer who lists a link to /etc/passwd still cannot make the robot read it."""
    docs = tmp_path / "s" / "robot-documents"
    docs.mkdir(parents=True)
    os.symlink("/etc/hostname", docs / "host.txt")
    with pytest.raises(BundleRefused) as exc:
        bundle.create(
            docs,
            signer,
            mode="replace",
            remove=[],
            created="2026-01-01T00:00:00+00:00",
            limits=LIMITS,
        )
    assert exc.value.reason == "symlink"


@pytest.mark.parametrize(
    "bad", ["../secret.txt", "/etc/passwd", "a/../../x", "C:/x.txt", "a\\..\\x"]
)
def test_escaping_paths_in_manifest_refused(
    tmp_path: Path, data_dir: Path, signer: PrivateKey, bad: str
) -> None:
    stick = make_stick(tmp_path / "s", signer)
    docs = stick / "robot-documents"
    resign(docs, signer, lambda d: d["files"].append({"path": bad, "size": 4, "sha256": "0" * 64}))
    assert "unsafe_path" in refusal_codes(stick, data_dir)


def test_escaping_remove_name_refused(tmp_path: Path, data_dir: Path, signer: PrivateKey) -> None:
    stick = make_stick(tmp_path / "s", signer, mode="update")
    resign(stick / "robot-documents", signer, lambda d: d["remove"].append("../../index"))
    assert refusal_codes(stick, data_dir) == ["unsafe_path"]


def test_oversized_file_refused(tmp_path: Path, data_dir: Path, signer: PrivateKey) -> None:
    big = {"gros.txt": "x" * (2 * 1024 * 1024), **DOCS}
    stick = make_stick(tmp_path / "s", signer, big)
    assert refusal_codes(stick, data_dir, max_file_mb=1) == ["file_too_large"]
    assert refusal_codes(stick, data_dir, max_file_mb=3) == []


def test_too_many_files_refused(tmp_path: Path, data_dir: Path, signer: PrivateKey) -> None:
    many = {f"f{i:02d}.txt": f"fichier {i}\n" for i in range(12)}
    stick = make_stick(tmp_path / "s", signer, many)
    assert refusal_codes(stick, data_dir, max_files=10) == ["too_many_files"]


def test_unsigned_only_when_config_allows_it_and_loudly(
    tmp_path: Path, data_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    stick = make_stick(tmp_path / "s", None)
    assert refusal_codes(stick, data_dir) == ["missing_signature"]
    with caplog.at_level(logging.WARNING):
        assert refusal_codes(stick, data_dir, allow_unsigned=True) == []
        assert refusal_codes(stick, data_dir, allow_unsigned=True) == []
    loud = [r for r in caplog.records if r.levelno == logging.WARNING and "UNSIGNED" in r.message]
    assert len(loud) == 2  # every time, not once


def test_unsigned_sync_through_cli_config(
    tmp_path: Path, data_dir: Path, fake_index: FakeIndex
) -> None:
    stick = make_stick(tmp_path / "s", None)
    cfg = tmp_path / "test.yaml"
    cfg.write_text("usb:\n  allow_unsigned: true\n")
    assert run_cli("usb", "check", str(stick), data_dir=data_dir) == 4
    assert run_cli("usb", "check", str(stick), data_dir=data_dir, config=cfg) == 0
    outcome = syncer(data_dir, fake_index, allow_unsigned=True).run(stick)
    assert outcome.error is None and outcome.result["unsigned"] is True
    assert "NON SIGNÉ" in outcome.report_text


def test_bad_signature_not_rescued_by_allow_unsigned(
    tmp_path: Path, data_dir: Path, signer: PrivateKey, stranger: PrivateKey
) -> None:
    stick = make_stick(tmp_path / "s", stranger)
    assert refusal_codes(stick, data_dir, allow_unsigned=True) == ["untrusted_key"]


def test_no_bundle_folder(tmp_path: Path, data_dir: Path) -> None:
    (tmp_path / "stick").mkdir()
    assert refusal_codes(tmp_path / "stick", data_dir) == ["no_bundle"]
