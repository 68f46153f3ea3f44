"""What every format reader returns: a titled document cut into located blocks of text."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Block:
    """A run of text from one place: a page, a section, an event or a table row.

    `atomic` blocks (an event, a CSV row) become exactly one chunk, never merged or split.
    """

    text: str
    section: str = ""
    page: int | None = None
    atomic: bool = False


@dataclass(frozen=True)
class ParsedDoc:
    title: str
    blocks: tuple[Block, ...]
    doc_date: date | None = None
