"""Turn the town hall's files into chunks; one small reader per format.

`ingest_file` is the only entry point: it refuses what it cannot read with an IngestError
whose message is the reason shown in the sync report.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

from rag.ingest.chunking import chunk_document
from rag.ingest.model import Block, ParsedDoc
from rag.ingest.textutil import brief
from rag.types import Chunk
from robot.core.errors import IngestError

__all__ = ["READERS", "Block", "ParsedDoc", "ingest_file", "reason_to_skip"]

# suffix -> reader module; imported on first use so unused parsers cost nothing.
READERS = {
    ".pdf": "rag.ingest.pdf",
    ".html": "rag.ingest.webpage",
    ".htm": "rag.ingest.webpage",
    ".docx": "rag.ingest.word",
    ".txt": "rag.ingest.text",
    ".md": "rag.ingest.text",
    ".markdown": "rag.ingest.text",
    ".ics": "rag.ingest.ics",
    ".csv": "rag.ingest.tabular",
}
_HINTS = {
    ".doc": "ancien format Word : enregistrez-le en .docx",
    ".xls": "tableur : exportez-le en CSV",
    ".xlsx": "tableur : exportez-le en CSV",
    ".ods": "tableur : exportez-le en CSV",
    ".odt": "enregistrez-le en .docx ou en PDF",
    ".rtf": "enregistrez-le en .docx ou en PDF",
    ".jpg": "une image : le robot ne lit que du texte",
    ".jpeg": "une image : le robot ne lit que du texte",
    ".png": "une image : le robot ne lit que du texte",
}


def reason_to_skip(path: Path, size: int, max_bytes: int) -> str | None:
    """Why a file will not be read (in French, for staff), from its name and size alone."""
    suffix = path.suffix.lower()
    if suffix not in READERS:
        hint = _HINTS.get(suffix, "formats lus : " + ", ".join(sorted(set(READERS))))
        return f"type de fichier non pris en charge ({suffix or 'sans extension'}) ; {hint}"
    if size == 0:
        return "fichier vide"
    if size > max_bytes:
        mib = 1024 * 1024
        return f"fichier trop volumineux ({size / mib:.0f} Mo > {max_bytes / mib:.0f} Mo)"
    return None


def _reader(suffix: str) -> Callable[[Path], ParsedDoc]:
    module = importlib.import_module(READERS[suffix])
    read: Callable[[Path], ParsedDoc] = module.read
    return read


def ingest_file(
    path: Path,
    source_file: str,
    content_hash: str,
    *,
    chunk_chars: int,
    overlap_chars: int,
    max_bytes: int,
) -> list[Chunk]:
    """Chunks of one file, or IngestError naming why it was skipped."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise IngestError(f"fichier illisible ({exc.strerror})") from None
    reason = reason_to_skip(path, size, max_bytes)
    if reason:
        raise IngestError(reason)
    suffix = path.suffix.lower()
    try:
        doc = _reader(suffix)(path)
    except IngestError:
        raise
    except OSError as exc:
        raise IngestError(f"fichier illisible ({exc.strerror or exc})") from None
    except Exception as exc:  # third-party parsers raise anything on a damaged file
        kind = suffix[1:].upper()
        why = f"{type(exc).__name__} : {brief(exc)}"
        raise IngestError(f"fichier {kind} illisible ({why})") from None
    chunks = chunk_document(doc, source_file, content_hash, chunk_chars, overlap_chars)
    if not chunks:
        raise IngestError("aucun texte trouvé dans le fichier")
    return chunks
