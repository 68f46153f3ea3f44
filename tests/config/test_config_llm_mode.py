"""llm.mode auto: a model phrases the answers only where it was chosen or measured to."""

from __future__ import annotations

from pathlib import Path

from models.manifest import load_manifest
from robot import compose
from robot.config import Settings
from robot.context import Context


def ctx(tmp_path: Path, models_dir: Path, **sections: object) -> Context:
    settings = Settings.model_validate({"models": {"dir": str(models_dir)}, **sections})
    return Context.build(settings, None, tmp_path / "data")


def test_the_registry_coder_models_do_not_phrase_the_fr_instruction_model_does() -> None:
    manifest = load_manifest()
    phrasing = {m.id for m in manifest.models.values() if m.role == "llm" and m.phrases}
    assert phrasing == {"qwen2.5-1.5b-instruct"}
    assert manifest.profiles["fr"]["llm"] in phrasing
    assert manifest.profiles["default"]["llm"] not in phrasing


def test_auto_reads_the_sources_with_the_default_profile_s_model(
        tmp_path: Path, models_dir: Path) -> None:
    assert not compose.generates(ctx(tmp_path, models_dir))
    assert compose.generates(ctx(tmp_path, models_dir, llm={"mode": "generate"}))
    assert not compose.generates(ctx(tmp_path, models_dir, llm={"mode": "extractive"}))


def test_auto_generates_with_a_model_someone_chose(tmp_path: Path, models_dir: Path) -> None:
    gguf = tmp_path / "mine.gguf"
    gguf.write_bytes(b"GGUF")
    assert compose.generates(ctx(tmp_path, models_dir, models={"dir": str(models_dir),
                                                               "llm": str(gguf)}))
    server = {"backend": "openai", "url": "http://127.0.0.1:9/v1"}
    assert compose.generates(ctx(tmp_path, models_dir, llm=server))
    assert not compose.generates(ctx(tmp_path, models_dir, llm={**server, "mode": "extractive"}))


def test_auto_generates_once_the_fr_model_is_installed(tmp_path: Path) -> None:
    models = tmp_path / "models"
    spec = load_manifest().spec("qwen2.5-1.5b-instruct")
    spec.main_path(models).parent.mkdir(parents=True)
    spec.main_path(models).write_bytes(b"GGUF")  # resolved only, never loaded here
    assert compose.generates(ctx(tmp_path, models))
    assert not compose.generates(ctx(tmp_path, models, models={"dir": str(models),
                                                               "profile": "default"}))


def test_auto_without_any_model_installed_reads_the_sources(tmp_path: Path) -> None:
    assert not compose.generates(ctx(tmp_path, tmp_path / "empty"))


def test_the_doctor_says_which(tmp_path: Path, models_dir: Path) -> None:
    from robot.doctor import check_models

    reading = {c.name: c for c in check_models(ctx(tmp_path, models_dir))}
    assert reading["model llm"].level == "OK"
    assert "none loaded" in reading["model llm"].detail
    phrasing = check_models(ctx(tmp_path, models_dir, llm={"mode": "generate"}))
    llm = next(c for c in phrasing if c.name == "model llm")
    assert "qwen2.5-coder-0.5b" in llm.detail
