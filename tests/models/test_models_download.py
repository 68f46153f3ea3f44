"""HTTP(S) installs against a local server: checksums, truncation, 404, resume, archives."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from models_testkit import FileServer, sha, url_model

from models.integrity import measure
from models.sources import UrlSource
from robot.core.errors import ModelError

GOOD = bytes(range(256)) * 400  # 100 kB, several read chunks
OTHER = b"another release of the voice" * 1000


def _url_installer(installer, server: FileServer, *files, **source):
    inst, manifest = installer({"voice": url_model(server.base + "/", *files, **source)})
    return inst, manifest.spec("voice"), UrlSource(inst.models_dir, timeout=5, progress=False)


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith((".tmp-", ".old-")))


def test_good_download_is_installed_and_then_instant(installer, server: FileServer) -> None:
    server.files["v.onnx"] = GOOD
    inst, spec, source = _url_installer(installer, server, ("v.onnx", GOOD))
    result = inst.install_one(spec, lambda _s: source)
    assert result.action == "installed"
    target = spec.folder(inst.models_dir) / "v.onnx"
    assert target.read_bytes() == GOOD
    assert not (target.parent / "v.onnx.part").exists()
    assert _leftovers(target.parent) == []
    server.requests.clear()
    assert inst.install_one(spec, lambda _s: source).action == "present"
    assert server.requests == []  # the stamp vouched for it: nothing re-read or re-fetched


def test_wrong_checksum_is_refused_and_the_old_file_kept(installer, server: FileServer) -> None:
    server.files["v.onnx"] = GOOD + b"tampered"
    inst, spec, source = _url_installer(installer, server, ("v.onnx", GOOD))
    target = spec.folder(inst.models_dir) / "v.onnx"
    target.parent.mkdir(parents=True)
    target.write_bytes(OTHER)  # the previous release: good once, not what the manifest wants
    with pytest.raises(ModelError, match="checksum mismatch") as err:
        inst.install_one(spec, lambda _s: source)
    assert "v.onnx" in str(err.value) and sha(GOOD) in str(err.value)
    assert target.read_bytes() == OTHER
    assert not (target.parent / "v.onnx.part").exists()  # a complete bad file is not resumed
    assert _leftovers(target.parent) == []


def test_truncated_transfer_keeps_a_part_that_is_never_used(installer, server) -> None:
    server.files["v.onnx"] = GOOD
    server.cut_after["v.onnx"] = 30_000
    inst, spec, source = _url_installer(installer, server, ("v.onnx", GOOD))
    with pytest.raises(ModelError, match="interrupted") as err:
        inst.install_one(spec, lambda _s: source)
    assert "run the same command again to resume" in str(err.value)
    folder = spec.folder(inst.models_dir)
    part = folder / "v.onnx.part"
    assert part.exists() and 0 < part.stat().st_size < len(GOOD)
    assert not (folder / "v.onnx").exists()
    assert not spec.is_installed(inst.models_dir)

    kept = part.stat().st_size
    del server.cut_after["v.onnx"]
    server.requests.clear()
    assert inst.install_one(spec, lambda _s: source).action == "installed"
    assert server.requests == [("v.onnx", f"bytes={kept}-")]
    assert (folder / "v.onnx").read_bytes() == GOOD


def test_resume_requests_only_the_rest(installer, server: FileServer) -> None:
    server.files["v.onnx"] = GOOD
    inst, spec, source = _url_installer(installer, server, ("v.onnx", GOOD))
    folder = spec.folder(inst.models_dir)
    folder.mkdir(parents=True)
    (folder / "v.onnx.part").write_bytes(GOOD[:12_345])
    inst.install_one(spec, lambda _s: source)
    assert server.requests == [("v.onnx", "bytes=12345-")]
    assert (folder / "v.onnx").read_bytes() == GOOD


def test_a_complete_part_is_not_fetched_again(installer, server: FileServer) -> None:
    server.files["v.onnx"] = GOOD
    inst, spec, source = _url_installer(installer, server, ("v.onnx", GOOD))
    folder = spec.folder(inst.models_dir)
    folder.mkdir(parents=True)
    (folder / "v.onnx.part").write_bytes(GOOD)
    inst.install_one(spec, lambda _s: source)  # the server answers 416: nothing left
    assert (folder / "v.onnx").read_bytes() == GOOD


def test_a_damaged_part_fails_the_checksum_and_is_dropped(installer, server) -> None:
    server.files["v.onnx"] = GOOD
    inst, spec, source = _url_installer(installer, server, ("v.onnx", GOOD))
    folder = spec.folder(inst.models_dir)
    folder.mkdir(parents=True)
    (folder / "v.onnx.part").write_bytes(b"\0" * 5000)
    with pytest.raises(ModelError, match="checksum mismatch"):
        inst.install_one(spec, lambda _s: source)
    assert not (folder / "v.onnx").exists() and not (folder / "v.onnx.part").exists()
    inst.install_one(spec, lambda _s: source)  # the next run starts clean and succeeds
    assert (folder / "v.onnx").read_bytes() == GOOD


def test_a_server_that_ignores_range_restarts_cleanly(installer, server) -> None:
    server.files["v.onnx"] = GOOD
    server.ignore_range = True
    inst, spec, source = _url_installer(installer, server, ("v.onnx", GOOD))
    folder = spec.folder(inst.models_dir)
    folder.mkdir(parents=True)
    (folder / "v.onnx.part").write_bytes(GOOD[:999])
    inst.install_one(spec, lambda _s: source)
    assert (folder / "v.onnx").read_bytes() == GOOD


def test_404_is_a_clear_error(installer, server: FileServer) -> None:
    inst, spec, source = _url_installer(installer, server, ("missing.onnx", GOOD))
    with pytest.raises(ModelError, match=r"not found \(HTTP 404\)") as err:
        inst.install_one(spec, lambda _s: source)
    assert server.url("missing.onnx") in str(err.value)
    assert "robot models import" in str(err.value)
    assert not spec.folder(inst.models_dir).exists()  # no empty folder left behind


def test_unreachable_host_is_a_clear_error(installer) -> None:
    inst, manifest = installer({"voice": url_model("http://127.0.0.1:9/", ("v.onnx", GOOD))})
    source = UrlSource(inst.models_dir, timeout=2, progress=False)
    with pytest.raises(ModelError, match=r"cannot reach 127\.0\.0\.1:9"):
        inst.install_one(manifest.spec("voice"), lambda _s: source)


def test_files_come_from_base_url_plus_path_and_unknown_checksums_are_pinned(
    installer, server: FileServer
) -> None:
    server.files["v.onnx"] = GOOD
    server.files["v.onnx.json"] = b'{"audio": {"sample_rate": 22050}}'
    inst, spec, source = _url_installer(installer, server, ("v.onnx", None), ("v.onnx.json", None))
    assert inst.checksum_status(spec) == "none yet: pinned at first install"
    inst.install_one(spec, lambda _s: source)
    pins = json.loads((spec.folder(inst.models_dir) / ".pinned.json").read_text())
    assert pins["files"]["v.onnx"]["sha256"] == sha(GOOD)
    assert pins["files"]["v.onnx"]["origin"] == server.url("v.onnx")
    assert inst.checksum_status(spec) == "pinned on first use"

    # Later, the address serves something else: the pin refuses it, the pinned file stays.
    (spec.folder(inst.models_dir) / "v.onnx").unlink()
    server.files["v.onnx"] = OTHER
    with pytest.raises(ModelError, match="checksum mismatch"):
        inst.install_one(spec, lambda _s: source)
    assert not (spec.folder(inst.models_dir) / "v.onnx").exists()


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def test_zip_archive_member_becomes_the_model_folder(installer, server: FileServer) -> None:
    server.files["vosk-small.zip"] = _zip({
        "vosk-small/am/final.mdl": GOOD, "vosk-small/conf/model.conf": b"--min-active=200\n",
        "other/README": b"not this",
    })
    model = {
        "role": "stt", "engine": "vosk", "languages": ["fr"], "license": "Apache-2.0",
        "source": {"kind": "url", "url": server.url("vosk-small.zip"), "archive": "zip"},
        "files": [{"path": "model", "archive_member": "vosk-small", "sha256": None}],
    }
    inst, manifest = installer({"vosk": model})
    spec = manifest.spec("vosk")
    source = UrlSource(inst.models_dir, timeout=5, progress=False)
    inst.install_one(spec, lambda _s: source)
    folder = spec.folder(inst.models_dir)
    assert (folder / "model/am/final.mdl").read_bytes() == GOOD
    assert not (folder / "model/README").exists()
    assert sorted(p.name for p in folder.iterdir()) == [".pinned.json", ".stamp.json", "model"]
    pins = json.loads((folder / ".pinned.json").read_text())
    assert pins["files"]["model"]["sha256"] == measure(folder / "model").sha256
