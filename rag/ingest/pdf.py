"""PDF through pypdf's text layer (Tesseract for scanned pages): one block per page, running
headers and footers removed."""

from __future__ import annotations

import logging
from pathlib import Path

from pypdf import PageObject, PasswordType, PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

from rag.ingest import ocr
from rag.ingest.dates import as_date, pick_doc_date
from rag.ingest.model import Block, ParsedDoc
from rag.ingest.pdf_layout import drop_repeated_lines, page_sections
from rag.ingest.textutil import brief, title_from_name
from robot.core.errors import IngestError

log = logging.getLogger(__name__)
# pypdf warns about every damaged file it meets; the sync report already names them.
logging.getLogger("pypdf").setLevel(logging.ERROR)
_GENERIC_TITLES = ("untitled", "sans titre", "document", "microsoft word", "diapositive")


def _open(path: Path) -> PdfReader:
    try:
        reader = PdfReader(path, strict=False)
    except (PdfReadError, ValueError, OSError, KeyError) as exc:
        raise IngestError(f"PDF endommagé ({brief(exc)})") from None
    if reader.is_encrypted:
        # Many PDFs are "encrypted" with an empty password only to forbid editing.
        try:
            opened = reader.decrypt("")
        except (DependencyError, NotImplementedError, FileNotDecryptedError) as exc:
            raise IngestError(f"PDF chiffré, impossible à ouvrir ({brief(exc)})") from None
        if opened == PasswordType.NOT_DECRYPTED:
            raise IngestError("PDF protégé par un mot de passe : enregistrez-le sans mot de passe")
    return reader


def _meta_title(reader: PdfReader) -> str:
    try:
        title = (reader.metadata.title if reader.metadata else None) or ""
    except (PdfReadError, ValueError, KeyError):
        return ""
    title = " ".join(str(title).split())
    return "" if not title or title.casefold().startswith(_GENERIC_TITLES) else title


def _page_text(page: PageObject) -> str:
    """Layout mode keeps table rows on one line; plain mode is the fallback."""
    try:
        return page.extract_text(extraction_mode="layout") or ""
    except (ValueError, KeyError, TypeError, ZeroDivisionError, IndexError):
        return page.extract_text() or ""


def read(path: Path) -> ParsedDoc:
    reader = _open(path)
    try:
        pages = [_page_text(page) for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise IngestError(f"PDF endommagé ({brief(exc)})") from None
    except FileNotDecryptedError:
        raise IngestError("PDF protégé par un mot de passe") from None
    scanned = [n for n, text in enumerate(pages, 1) if not text.strip()]
    if scanned:  # a page that is only a picture: a scan, read by Tesseract
        try:
            read = ocr.read_pages(path, scanned)
        except IngestError as exc:
            if len(scanned) == len(pages):
                raise
            # The text pages are worth indexing even when the scanned ones cannot be read.
            log.warning("%s: %d scanned page(s) left out: %s", path.name, len(scanned),
                        exc.message)
            read = {}
        pages = [read.get(n, text) for n, text in enumerate(pages, 1)]
    if not any(p.strip() for p in pages):
        raise IngestError(f"PDF sans texte ({len(pages)} page(s)), même par OCR : une page "
                          "blanche ou une image illisible ?")
    pages = drop_repeated_lines(pages)
    blocks: list[Block] = []
    section = ""  # a section runs on across pages until the next heading
    for number, text in enumerate(pages, 1):
        for name, body in page_sections(text, section):
            blocks.append(Block(body, section=name, page=number))
            section = name
    first_line = next((ln.strip() for p in pages for ln in p.split("\n") if ln.strip()), "")
    title = _meta_title(reader) or (first_line if len(first_line) <= 120 else "")
    title = title or title_from_name(path)
    dates = []
    try:
        meta = reader.metadata
        if meta is not None:
            dates = [as_date(meta.modification_date), as_date(meta.creation_date)]
    except (PdfReadError, ValueError, KeyError, TypeError):
        log.debug("unreadable PDF dates in %s", path)
    doc_date = pick_doc_date("\n".join(pages), title, path.name, dates)
    return ParsedDoc(title=title, blocks=tuple(blocks), doc_date=doc_date)
