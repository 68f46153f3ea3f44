"""Which model profile to use, where models live, and explicit per-role overrides."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator

from robot.core.settings_base import Section


class ModelsSettings(Section):
    # auto = the best installed model per role: the `fr` profile's where installed, else default.
    profile: Literal["auto", "default", "fr"] = "auto"
    dir: Path | None = None  # default: $ROBOT_MODELS_DIR or <data dir>/models
    stt: Path | None = None  # explicit overrides (a file or model folder)
    tts: Path | None = None
    llm: Path | None = None
    embeddings: Path | None = None
    # `robot models install`: seconds without an answer before a download gives up
    # (it resumes where it stopped on the next run).
    download_timeout_s: float = Field(30.0, gt=0, le=600)
    # where registry packages are cached; default: $ROBOT_CACHE/pypi or ~/.cache/mairie-robot/pypi
    cache_dir: Path | None = None

    @field_validator("stt", "tts", "llm", "embeddings")
    @classmethod
    def _must_exist(cls, v: Path | None) -> Path | None:
        # An explicit model path must exist now, not at the first visitor's question.
        if v is not None and not v.exists():
            raise ValueError(f"model file not found: {v}")
        return v

    @field_validator("llm")
    @classmethod
    def _llm_is_a_file(cls, v: Path | None) -> Path | None:
        # The LLM is one GGUF file; a folder would pass here and fail at the first question.
        if v is not None and v.exists() and not v.is_file():
            raise ValueError(f"must be a GGUF model file, not a folder: {v}")
        return v

    def explicit_paths(self) -> dict[str, Path]:
        return {
            k: v
            for k, v in {
                "stt": self.stt, "tts": self.tts, "llm": self.llm, "embeddings": self.embeddings
            }.items()
            if v is not None
        }
