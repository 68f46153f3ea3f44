"""The base every settings section shares: frozen, typed, unknown keys refused."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Section(BaseModel):
    """A validated, immutable block of the YAML configuration."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)
