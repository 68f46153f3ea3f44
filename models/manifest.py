"""The model manifest and profile resolution: which file serves which role, in which language."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

import yaml

from robot.core.errors import ModelError

MANIFEST_PATH = Path(__file__).with_name("manifest.yaml")
ROLES = ("stt", "tts", "llm", "embeddings", "places")
# `auto` prefers the real French models wherever a technician installed them.
PROFILE_ORDER = {"auto": ("fr", "default"), "default": ("default",), "fr": ("fr",)}
SOURCE_KINDS = ("pypi", "url", "system")


@dataclass(frozen=True)
class ModelFile:
    path: str  # relative to the model's folder
    parts: tuple[str, ...] = ()  # members inside the source packages, concatenated in order
    sha256: str | None = None  # of the file, or the tree hash of a folder (models.integrity)
    size: int | None = None  # bytes; the sum of its files for a folder
    archive_member: str | None = None  # the folder to take out of a downloaded zip
    is_dir: bool = False  # a folder model (e.g. Vosk), checked by tree hash
    url: str | None = None  # overrides the source's base url + path


# How a checksum came to be trusted, as `robot models list` says it.
PUBLISHER = "publisher checksum"
MEASURED = "registry package, measured"
TOFU = "pinned on first use"


@dataclass(frozen=True)
class ModelSpec:
    id: str
    role: str
    engine: str
    languages: tuple[str, ...]
    license: str
    description: str
    source: dict[str, Any]
    files: tuple[ModelFile, ...] = field(default_factory=tuple)
    # An LLM that phrases answers better than the sources' own sentences read: what
    # llm.mode auto asks of the profile's model before loading it (robot/compose.py).
    phrases: bool = False

    @property
    def kind(self) -> str:
        return str(self.source.get("kind", ""))

    def folder(self, models_dir: Path) -> Path:
        return models_dir / self.id

    def main_path(self, models_dir: Path) -> Path:
        """The path an engine loads: the first file, or the folder for system voices."""
        if not self.files:
            return self.folder(models_dir)
        return self.folder(models_dir) / self.files[0].path

    def is_installed(self, models_dir: Path) -> bool:
        if self.kind == "system":
            return shutil.which(str(self.source.get("command", ""))) is not None
        return all((self.folder(models_dir) / f.path).exists() for f in self.files)

    @property
    def packages(self) -> tuple[str, ...]:
        """Registry packages (`name==version`) of a `pypi` source."""
        return tuple(str(p) for p in self.source.get("packages") or ())

    @property
    def checksum_origin(self) -> str:
        """Where a manifest checksum comes from: the publisher, or measured from the package."""
        return MEASURED if self.kind == "pypi" else PUBLISHER

    def file_url(self, f: ModelFile) -> str:
        """The address of one file: its own url, the archive, or the base url + its path."""
        if f.url:
            return f.url
        base = str(self.source.get("url", ""))
        if self.source.get("archive") or not base.endswith("/"):
            return base
        return base + quote(f.path)


@dataclass(frozen=True)
class Manifest:
    models: dict[str, ModelSpec]
    profiles: dict[str, dict[str, Any]]

    def spec(self, model_id: str) -> ModelSpec:
        try:
            return self.models[model_id]
        except KeyError:
            known = ", ".join(sorted(self.models))
            raise ModelError(f"unknown model {model_id!r}", hint=f"known models: {known}") from None

    def profile_models(self, profile: str) -> list[ModelSpec]:
        """Every model a profile names, in manifest order, without repeats."""
        if profile not in self.profiles:
            raise ModelError(
                f"unknown profile {profile!r}", hint=f"profiles: {', '.join(self.profiles)}"
            )
        ids: list[str] = []
        for value in self.profiles[profile].values():
            for mid in value.values() if isinstance(value, dict) else [value]:
                if mid not in ids:
                    ids.append(mid)
        return [self.spec(i) for i in ids]


@cache
def load_manifest(path: Path = MANIFEST_PATH) -> Manifest:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        models = {str(mid): _spec(str(mid), m) for mid, m in raw["models"].items()}
    except (OSError, yaml.YAMLError) as exc:
        raise ModelError(f"cannot read model manifest {path}: {exc}") from None
    except KeyError as exc:
        raise ModelError(f"malformed model manifest {path}: missing key {exc}") from None
    except (TypeError, AttributeError, ValueError) as exc:
        raise ModelError(f"malformed model manifest {path}: {exc}") from None
    return Manifest(models=models, profiles=raw.get("profiles") or {})


def _spec(mid: str, m: dict[str, Any]) -> ModelSpec:
    files = tuple(
        ModelFile(
            path=f["path"],
            parts=tuple(f.get("parts") or ()),
            sha256=_sha(f.get("sha256")),
            size=int(f["size"]) if f.get("size") is not None else None,
            archive_member=f.get("archive_member"),
            is_dir=bool(f.get("dir") or f.get("archive_member")),
            url=f.get("url"),
        )
        for f in m.get("files") or ()
    )
    source = dict(m.get("source") or {})
    if source.get("kind") not in SOURCE_KINDS:
        raise ValueError(f"{mid}: source.kind must be one of {', '.join(SOURCE_KINDS)}")
    return ModelSpec(
        id=mid,
        role=m["role"],
        engine=m["engine"],
        languages=tuple(m.get("languages") or ("*",)),
        license=m.get("license", ""),
        description=m.get("description", ""),
        source=source,
        files=files,
        phrases=bool(m.get("phrases", False)),
    )


def _sha(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).lower()
    if len(text) != 64 or any(c not in "0123456789abcdef" for c in text):
        raise ValueError(f"not a SHA-256: {value!r}")
    return text


@dataclass(frozen=True)
class ResolvedModel:
    """A model ready for an engine to load."""

    id: str
    role: str
    engine: str
    path: Path
    language: str | None = None


def _pick(entry: Any, language: str | None) -> str | None:
    if isinstance(entry, dict):
        if language and language in entry:
            return str(entry[language])
        return str(entry["*"]) if "*" in entry else None
    return str(entry) if entry else None


def candidates(
    profile: str, role: str, language: str | None = None, manifest: Manifest | None = None
) -> list[str]:
    """Model ids the profile allows for this role, best first."""
    manifest = manifest or load_manifest()
    out: list[str] = []
    for name in PROFILE_ORDER.get(profile, (profile,)):
        mid = _pick(manifest.profiles.get(name, {}).get(role), language)
        if mid and mid not in out:
            out.append(mid)
    return out


def resolve(
    role: str,
    models_dir: Path,
    profile: str = "auto",
    language: str | None = None,
    override: Path | None = None,
    engine_hint: str | None = None,
    manifest: Manifest | None = None,
) -> ResolvedModel:
    """The first installed model for a role; a clear ModelError naming the fix otherwise.

    `override` is an explicit path from the config (engine taken from `engine_hint` or the
    file's look); `engine_hint` also filters candidates (e.g. stt engine chosen per language).
    """
    if override is not None:
        engine = engine_hint or _guess_engine(override)
        return ResolvedModel("custom", role, engine, override, language)
    manifest = manifest or load_manifest()
    tried = []
    for mid in candidates(profile, role, language, manifest):
        spec = manifest.spec(mid)
        if engine_hint and spec.engine != engine_hint:
            continue
        tried.append(mid)
        if spec.is_installed(models_dir):
            return ResolvedModel(mid, role, spec.engine, spec.main_path(models_dir), language)
    what = f"{role}" + (f" ({language})" if language else "")
    if not tried:
        raise ModelError(f"profile {profile!r} has no {what} model"
                         + (f" for engine {engine_hint}" if engine_hint else ""))
    raise ModelError(
        f"no installed model for {what}: tried {', '.join(tried)} in {models_dir}",
        hint="run `robot models install` (or `robot models import DIR` from a USB stick)",
    )


def _guess_engine(path: Path) -> str:
    name = path.name.lower()
    if name.endswith(".gguf"):
        return "llama-cpp"
    if name.endswith(".onnx"):
        return "piper"
    if path.is_dir() and (path / "am").exists():
        return "vosk"
    if path.is_dir() and (path / "model.bin").exists():
        return "whisper"
    return "unknown"
