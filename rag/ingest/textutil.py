"""Small text helpers the format readers share (pure)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from robot.core.errors import IngestError

_SENTENCE_END = tuple(".:;!?…»)")
# General French words that never end a sentence or a heading (prepositions, articles,
# conjunctions): a line ending on one was wrapped, whatever the next line opens with
# (« du 1er novembre au / 31 mars de 8 h 30 à 17 h 30 »).
_OPEN_ENDING = re.compile(
    r"(?:^|\s)(?:au|aux|de|du|des|le|la|les|à|et|ou|en|par|pour|sur|un|une|avec|dans"
    r"|entre|sans|chez|vers|d'|l')$", re.I)


def decode(data: bytes, what: str) -> str:
    """UTF-8 (with or without BOM), else Windows-1252: what office PCs in France still write."""
    if b"\x00" in data[:4096]:
        raise IngestError(f"{what} : contenu binaire, pas du texte")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def brief(exc: BaseException, limit: int = 100) -> str:
    """A parser's complaint, short enough for one line of a sync report."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"


def title_from_name(path: Path) -> str:
    """'tarifs_cantine-2026.pdf' -> 'Tarifs cantine 2026'."""
    words = re.sub(r"[_\-.]+", " ", path.stem).strip()
    return words[:1].upper() + words[1:] if words else path.name


def row_text(headers: Sequence[str], cells: Sequence[str]) -> str:
    """One table row as 'Header : value ; Header : value', so a row read alone keeps meaning."""
    parts = []
    for i, cell in enumerate(cells):
        cell = " ".join(cell.split())
        if not cell:
            continue
        head = " ".join(headers[i].split()) if i < len(headers) else ""
        parts.append(f"{head} : {cell}" if head and head != cell else cell)
    return " ; ".join(parts)


def dedupe_cells(cells: Iterable[str]) -> list[str]:
    """Merged cells come back once per grid column; keep one."""
    out: list[str] = []
    for cell in cells:
        if not out or cell != out[-1]:
            out.append(cell)
    return out


def reflow(text: str, digits: bool = False) -> str:
    """Join lines wrapped mid-sentence; keep lines that are rows, items or headings.

    A line starting in lower case or with a parenthesis (« Le bac jaune / (emballages et
    papiers) est collecté… ») continues the one before, and so does any line after one
    ending on a preposition, an article or a conjunction. `digits`: a line starting with a
    digit continues too (plain text; in PDFs such lines are usually table rows).
    """
    out: list[str] = []
    for line in text.split("\n"):
        line = line.strip()
        prev = out[-1] if out else ""
        if (
            line
            and prev
            and not prev.endswith(_SENTENCE_END)
            and (
                (
                    (line[0].islower() or line[0] == "(" or (digits and line[0].isdigit()))
                    and len(prev) > 40
                )
                or _OPEN_ENDING.search(prev)
            )
        ):
            out[-1] = f"{prev} {line}"
        else:
            out.append(line)
    return "\n".join(out)
