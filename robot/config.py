"""Load the one YAML file into typed, frozen settings; every error names its key and line."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml
from pydantic import Field, ValidationError, field_validator

from hardware.settings import HeadSettings
from models.settings import ModelsSettings
from rag.settings import IndexSettings, LlmSettings, RetrievalSettings
from rag.usb.settings import UsbSettings
from robot.core.errors import ConfigError
from robot.core.paths import data_dir_problem
from robot.core.settings_base import Section
from robot.settings import (
    AccueilSettings,
    ApiSettings,
    DialogueSettings,
    LoggingSettings,
    ModelServerSettings,
    PrivacySettings,
)
from speech.settings import AudioSettings, SttSettings, TtsSettings, VadSettings

SYSTEM_CONFIG = Path("/etc/robot/config.yaml")


class Settings(Section):
    """The whole configuration; each section is owned by the package that uses it."""

    language: str = Field("fr", pattern=r"^[a-z]{2}$", description="visitors' language")
    data_dir: Path | None = None
    models: ModelsSettings = ModelsSettings()
    audio: AudioSettings = AudioSettings()
    vad: VadSettings = VadSettings()
    stt: SttSettings = SttSettings()
    tts: TtsSettings = TtsSettings()
    index: IndexSettings = IndexSettings()
    retrieval: RetrievalSettings = RetrievalSettings()
    llm: LlmSettings = LlmSettings()
    accueil: AccueilSettings = AccueilSettings()
    head: HeadSettings = HeadSettings()
    dialogue: DialogueSettings = DialogueSettings()
    privacy: PrivacySettings = PrivacySettings()
    usb: UsbSettings = UsbSettings()
    logging: LoggingSettings = LoggingSettings()
    api: ApiSettings = ApiSettings()
    model_server: ModelServerSettings = ModelServerSettings()

    @field_validator("data_dir")
    @classmethod
    def _usable_data_dir(cls, v: Path | None) -> Path | None:
        problem = data_dir_problem(v) if v is not None else None
        if problem:
            raise ValueError(problem)
        return v


def find_config(explicit: str | os.PathLike[str] | None) -> Path | None:
    """--config, else $ROBOT_CONFIG, else /etc/robot/config.yaml, else built-in defaults."""
    if explicit:
        return Path(explicit)
    env = os.environ.get("ROBOT_CONFIG")
    if env:
        return Path(env)
    if SYSTEM_CONFIG.exists():
        return SYSTEM_CONFIG
    return None


def _line_of(node: yaml.Node | None, loc: tuple[int | str, ...]) -> int | None:
    """Walk the composed YAML tree along a pydantic error location to find its line."""
    best = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            nxt = None
            for k, v in node.value:
                if k.value == part:
                    best, nxt = k.start_mark.line + 1, v
                    break
            node = nxt
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            node = node.value[part] if part < len(node.value) else None
            if node is not None:
                best = node.start_mark.line + 1
        else:
            break
        if node is None:
            break
    return best


def _duplicate_keys(node: yaml.Node | None, path: tuple[str, ...] = (),
                    seen: set[int] | None = None) -> list[str]:
    """Each key given twice in one mapping: PyYAML would silently keep the last one."""
    seen = set() if seen is None else seen
    if node is None or id(node) in seen:  # an alias reuses a node: visit it once
        return []
    seen.add(id(node))
    found: list[str] = []
    if isinstance(node, yaml.MappingNode):
        first: dict[str, int] = {}
        for k, v in node.value:
            name, line = str(k.value), k.start_mark.line + 1
            if name in first:
                found.append(f"line {line}: {'.'.join((*path, name))}: duplicate key, "
                             f"already set at line {first[name]}")
            first.setdefault(name, line)
            found += _duplicate_keys(v, (*path, name), seen)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            found += _duplicate_keys(item, (*path, str(i)), seen)
    return found


def _describe(err: Any) -> str:
    loc = [str(p) for p in err["loc"] if not str(p).startswith("function-after")]
    key = ".".join(loc) or "(top level)"
    kind = err["type"]
    if kind == "extra_forbidden":
        return f"{key}: unknown key (check the spelling; see config.example.yaml)"
    if kind == "missing":
        return f"{key}: required key is missing"
    msg = err["msg"].removeprefix("Value error, ")
    if "input" in err and kind not in ("value_error",) and not isinstance(err["input"], dict):
        return f"{key}: {msg} (got {err['input']!r})"
    return f"{key}: {msg}" if not msg.startswith(key) else msg


def parse_config(text: str, source: str = "<config>") -> Settings:
    """Parse YAML text into Settings or raise ConfigError listing every problem."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ConfigError(f"{source}:{where}: YAML syntax error: {problem}") from None
    duplicates = _duplicate_keys(node)
    if duplicates:
        raise ConfigError("\n".join(f"{source}: {d}" for d in duplicates),
                          hint="keep one of each key and run `robot config check`")
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: the top level must be a mapping of sections")
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            line = _line_of(node, tuple(err["loc"]))
            where = f" line {line}" if line else ""
            lines.append(f"{source}:{where}: {_describe(err)}")
        raise ConfigError(
            "\n".join(lines), hint="fix the key above and run `robot config check`"
        ) from None


def load_config(explicit: str | os.PathLike[str] | None = None) -> tuple[Settings, Path | None]:
    """Find and validate the configuration once, at start-up."""
    path = find_config(explicit)
    if path is None:
        return Settings(), None
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(f"configuration file not found: {path}") from None
    except OSError as exc:
        raise ConfigError(f"cannot read configuration {path}: {exc}") from None
    return parse_config(_decode(data, str(path)), str(path)), path


def _decode(data: bytes, source: str) -> str:
    """UTF-8 text, or an error that names the line and column of the first bad byte."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        start = data.rfind(b"\n", 0, exc.start) + 1
        line = data.count(b"\n", 0, exc.start) + 1
        column = len(data[start:exc.start].decode("utf-8", errors="replace")) + 1
        raise ConfigError(
            f"{source}: line {line}, column {column}: not UTF-8 text "
            f"(byte 0x{data[exc.start]:02x})", hint="save the file as UTF-8") from None


def effective_yaml(settings: Settings) -> str:
    """The settings actually in force, as YAML, for `robot config show`."""
    data = settings.model_dump(mode="json")
    for section in ("api", "retrieval", "llm", "model_server"):
        if data[section]["token"] is not None:  # pasted into support tickets: no secret
            data[section]["token"] = "(set, hidden)"
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
