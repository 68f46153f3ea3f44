"""The base every settings section shares: frozen, typed, unknown keys refused."""

from __future__ import annotations

from types import UnionType
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, ValidationInfo, field_validator


def kind_problem(annotation: Any, value: Any) -> str | None:
    """Why `value` is a true/false where a number is due, or the reverse; else None.

    Pydantic's lax mode reads `threads: true` as 1 and `barge_in: 1` as true (a bool
    is an int in Python): in a hand-written file both are typos to point at.
    """
    origin, args = get_origin(annotation), get_args(annotation)
    if origin in (Union, UnionType):
        options = [a for a in args if a is not type(None)]
        if value is None or len(options) != 1:
            return None
        return kind_problem(options[0], value)
    if origin is dict and isinstance(value, dict) and len(args) == 2:
        return next((p for v in value.values() if (p := kind_problem(args[1], v))), None)
    if origin in (list, tuple) and isinstance(value, list | tuple) and args:
        kinds = args if len(args) == len(value) else (args[0],) * len(value)  # Rgb, list[T]
        pairs = zip(kinds, value, strict=True)
        return next((p for k, v in pairs if (p := kind_problem(k, v))), None)
    if annotation is bool and not isinstance(value, bool):
        return f"must be true or false, not {value!r}"
    if annotation in (int, float) and isinstance(value, bool):
        return f"must be a number, not {str(value).lower()}"
    return None


class Section(BaseModel):
    """A validated, immutable block of the YAML configuration."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)

    @field_validator("*", mode="before")
    @classmethod
    def _bool_is_not_a_number(cls, value: Any, info: ValidationInfo) -> Any:
        field = cls.model_fields.get(info.field_name or "")
        problem = kind_problem(field.annotation, value) if field is not None else None
        if problem:
            raise ValueError(problem)
        return value
