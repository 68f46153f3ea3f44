"""CSV: one chunk per row, each cell with its column header; `;` or `,` sniffed."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from rag.ingest.dates import pick_doc_date
from rag.ingest.model import Block, ParsedDoc
from rag.ingest.textutil import brief, decode, row_text, title_from_name
from robot.core.errors import IngestError


def sniff_delimiter(sample: str) -> str:
    """French spreadsheets export with `;` (the comma is the decimal mark); others with `,`."""
    try:
        return csv.Sniffer().sniff(sample, delimiters=";,\t|").delimiter
    except csv.Error:
        header = sample.split("\n", 1)[0]
        return max(";,\t", key=header.count)


def read(path: Path) -> ParsedDoc:
    text = decode(path.read_bytes(), "fichier CSV")
    if not text.strip():
        raise IngestError("fichier CSV vide")
    delimiter = sniff_delimiter(text[:8192])
    try:
        rows = [
            r
            for r in csv.reader(io.StringIO(text), delimiter=delimiter)
            if any(c.strip() for c in r)
        ]
    except csv.Error as exc:
        raise IngestError(f"CSV mal formé ({brief(exc)})") from None
    if len(rows) < 2:
        raise IngestError("fichier CSV sans ligne de données (en-tête seul)")
    headers, body = rows[0], rows[1:]
    title = title_from_name(path)
    blocks = tuple(
        Block(text=row_text(headers, row), section=row[0].strip() if row else "", atomic=True)
        for row in body
    )
    doc_date = pick_doc_date("", title, path.name)
    return ParsedDoc(title=title, blocks=blocks, doc_date=doc_date)
