"""Word .docx: paragraphs in order, headings start sections, tables row by row with headers."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from docx.text.paragraph import Paragraph

from rag.ingest.dates import as_date, pick_doc_date
from rag.ingest.model import Block, ParsedDoc
from rag.ingest.textutil import brief, dedupe_cells, row_text, title_from_name
from robot.core.errors import IngestError

_HEADING_STYLES = ("heading", "titre")  # English and French Word installs


def _style(paragraph: Paragraph) -> str:
    try:
        return (paragraph.style.name or "").casefold() if paragraph.style else ""
    except (KeyError, ValueError):
        return ""


def _table_lines(table: Table) -> list[str]:
    rows = [dedupe_cells(cell.text.strip() for cell in row.cells) for row in table.rows]
    rows = [r for r in rows if any(r)]
    if not rows:
        return []
    if len(rows) == 1:
        return [row_text([], rows[0])]
    headers = rows[0]
    return [row_text(headers, r) for r in rows[1:]]


def read(path: Path) -> ParsedDoc:
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile):
        raise IngestError("DOCX endommagé (pas un document Word : abîmé ou renommé)") from None
    except (KeyError, ValueError) as exc:
        raise IngestError(f"DOCX endommagé ({brief(exc)})") from None
    props = document.core_properties
    title = (props.title or "").strip()
    sections: list[tuple[str, list[str]]] = [("", [])]
    for item in document.iter_inner_content():
        lines = sections[-1][1]
        if isinstance(item, Table):
            lines.extend(["", *_table_lines(item), ""])
            continue
        text = item.text.strip()
        if not text:
            continue
        style = _style(item)
        if style == "title" or (
            style.startswith(_HEADING_STYLES) and style.endswith(" 1") and not title
        ):
            title = title or text
            if style == "title":
                continue
        if style.startswith(_HEADING_STYLES) or style == "subtitle":
            sections.append((text, []))
        else:
            lines.extend([text, ""])
    title = title or title_from_name(path)
    blocks = tuple(
        Block(text="\n".join(lines).strip(), section=section)
        for section, lines in sections
        if "".join(lines).strip()
    )
    if not blocks:
        raise IngestError("aucun texte dans le document")
    body = "\n".join(b.text for b in blocks)
    meta = [as_date(props.modified), as_date(props.created)]
    return ParsedDoc(
        title=title, blocks=blocks, doc_date=pick_doc_date(body, title, path.name, meta)
    )
