"""Verification, trust on first use, stamps, tree hashes and the CLI around them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from models_testkit import FileServer, sha, url_model

import models.installer as installer_module
from models.installer import MISMATCH, OK, UNPINNED
from models.integrity import measure
from models.manifest import load_manifest
from models.store import tidy
from robot.cli import main
from robot.core.errors import ModelError

DATA = b"weights " * 2000


def _cli(monkeypatch, tmp_path: Path, models_dir: Path, *argv: str) -> int:
    config = tmp_path / "config.yaml"
    config.write_text("{}\n")
    monkeypatch.setenv("ROBOT_CONFIG", str(config))
    monkeypatch.setenv("ROBOT_MODELS_DIR", str(models_dir))
    return main(list(argv))


def _lay(folder: Path, name: str, data: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)
    return folder / name


def test_verify_rehashes_and_names_a_corrupt_file(monkeypatch, tmp_path, manifest_file,
                                                  capsys) -> None:
    manifest = manifest_file({"m": url_model("http://127.0.0.1:9/", ("w.bin", DATA))})
    models = tmp_path / "models"
    target = _lay(models / "m", "w.bin", DATA)
    argv = ("models", "--manifest", str(manifest))
    assert _cli(monkeypatch, tmp_path, models, *argv, "install", "m") == 0  # present, stamped
    st = target.stat()
    target.write_bytes(DATA[:-1] + b"!")  # same size, and the same mtime put back
    os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns))
    capsys.readouterr()
    assert _cli(monkeypatch, tmp_path, models, *argv, "verify", "--fast") == 0  # stamp trusted
    assert _cli(monkeypatch, tmp_path, models, *argv, "verify") == 3
    captured = capsys.readouterr()
    assert "FAIL      m/w.bin: sha256" in captured.out
    assert "verification failed: m/w.bin" in captured.err


def test_reinstalling_good_models_reads_nothing(installer, tmp_path, monkeypatch) -> None:
    inst, manifest = installer({"m": url_model("http://127.0.0.1:9/", ("w.bin", DATA))})
    spec = manifest.spec("m")
    _lay(spec.folder(inst.models_dir), "w.bin", DATA)
    assert inst.install_one(spec, lambda _s: pytest.fail("no source needed")).action == "present"

    def no_hashing(path: Path) -> None:
        raise AssertionError(f"re-hashed {path}")

    monkeypatch.setattr(installer_module, "measure", no_hashing)
    assert inst.install_one(spec, lambda _s: pytest.fail("no source needed")).action == "present"


def test_a_changed_file_is_fetched_again_and_replaced(installer, server: FileServer) -> None:
    server.files["w.bin"] = DATA
    inst, manifest = installer({"m": url_model(server.base + "/", ("w.bin", DATA))})
    spec = manifest.spec("m")
    target = _lay(spec.folder(inst.models_dir), "w.bin", b"garbage")
    from models.sources import UrlSource

    source = UrlSource(inst.models_dir, timeout=5, progress=False)
    assert inst.install_one(spec, lambda _s: source).action == "installed"
    assert target.read_bytes() == DATA


def test_trust_on_first_use_pins_a_hand_laid_file(installer) -> None:
    inst, manifest = installer({"m": url_model("http://127.0.0.1:9/", ("w.bin", None))})
    spec = manifest.spec("m")
    target = _lay(spec.folder(inst.models_dir), "w.bin", DATA)
    assert [c.status for c in inst.verify(spec)] == [UNPINNED]
    assert inst.checksum_status(spec) == "none yet: pinned at first install"
    inst.install_one(spec, lambda _s: pytest.fail("no source needed"))
    pin = inst.records(spec).pins()["w.bin"]
    assert (pin.sha256, pin.size) == (sha(DATA), len(DATA))
    assert pin.origin.startswith("present in ")
    assert inst.checksum_status(spec) == "pinned on first use"
    assert [c.status for c in inst.verify(spec)] == [OK]
    target.write_bytes(DATA.upper())
    (check,) = inst.verify(spec)
    assert check.status == MISMATCH and sha(DATA) in check.detail


def test_tree_hash_covers_names_and_contents(tmp_path: Path) -> None:
    root = tmp_path / "model"
    _lay(root / "am", "final.mdl", b"a")
    _lay(root / "conf", "model.conf", b"b")
    first = measure(root)
    assert first.size == 2
    (root / "empty").mkdir()
    assert measure(root) == first  # empty folders do not count
    (root / "conf/model.conf").rename(root / "conf/other.conf")
    renamed = measure(root)
    assert renamed != first
    (root / "conf/other.conf").rename(root / "conf/model.conf")
    (root / "conf/model.conf").write_bytes(b"c")
    assert measure(root) not in (first, renamed)


def test_a_folder_moved_aside_by_an_interrupted_install_is_restored(tmp_path: Path) -> None:
    folder = tmp_path / "vosk"
    _lay(folder / ".old-model-4242", "final.mdl", b"a")
    _lay(folder / ".tmp-model-xyz", "x", b"half")
    tidy(folder)
    assert sorted(p.name for p in folder.iterdir()) == ["model"]
    assert (folder / "model/final.mdl").read_bytes() == b"a"


def test_a_missing_system_voice_names_the_apt_package(installer) -> None:
    inst, manifest = installer({"voice": {
        "role": "tts", "engine": "espeak", "license": "GPL-3.0",
        "source": {"kind": "system", "command": "no-such-espeak-xyz", "apt": "espeak-ng"},
    }})
    with pytest.raises(ModelError, match="sudo apt-get install espeak-ng"):
        inst.install_one(manifest.spec("voice"), lambda _s: pytest.fail("no source"))


def test_a_made_up_checksum_is_refused_by_the_manifest(manifest_file) -> None:
    model = url_model("http://x/", ("w.bin", None))
    model["files"][0]["sha256"] = "1234"
    with pytest.raises(ModelError, match="not a SHA-256"):
        load_manifest(manifest_file({"m": model}))


def test_cli_install_profile_then_list_marks_what_each_role_uses(
    monkeypatch, tmp_path, manifest_file, server: FileServer, capsys
) -> None:
    server.files["v.onnx"] = DATA
    manifest = manifest_file(
        {"voice": url_model(server.base + "/", ("v.onnx", None)),
         "gone": url_model(server.base + "/", ("gone.onnx", DATA)) | {"role": "llm"}},
        {"default": {"tts": {"fr": "voice"}}, "fr": {"llm": "gone"}},
    )
    models = tmp_path / "models"
    argv = ("models", "--manifest", str(manifest), "--no-progress")
    assert _cli(monkeypatch, tmp_path, models, *argv, "install") == 0
    assert _cli(monkeypatch, tmp_path, models, *argv, "install", "fr", "default") == 3
    out = capsys.readouterr().out
    assert "FAILED     gone: not found (HTTP 404)" in out
    assert _cli(monkeypatch, tmp_path, models, *argv, "list") == 0
    out = capsys.readouterr().out
    voice = next(line for line in out.splitlines() if " voice " in line)
    assert voice.startswith("*") and "yes" in voice and "pinned on first use" in voice
    assert "uses: tts[fr]" in out
    assert "no installed model for: llm" in out


@pytest.mark.slow
def test_the_installed_default_profile_verifies(monkeypatch, tmp_path, models_dir, capsys
                                                ) -> None:
    assert _cli(monkeypatch, tmp_path, models_dir, "models", "verify", "--fast", "default") == 0
    out = capsys.readouterr().out
    assert "FAIL" not in out and "whisper-base/model.bin" in out
