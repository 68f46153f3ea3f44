"""Scanned PDF pages read by Tesseract: a poster or a tariff table that staff scanned.

Debian's `tesseract-ocr-fra` (LSTM, 1 MB of French data) and poppler's `pdftoppm` come
from apt, on the robot (ARM) as here; no Python binding is needed, two command-line
calls per page. Page segmentation 4 (« a single column of text of variable sizes ») with
the spaces between words preserved keeps a table's row on one line with its columns
apart, as pypdf's layout mode gives them for a PDF with a text layer, so the same table
reading applies. Measured on a scanned tariff table (tests/rag/test_rag_ocr.py): mode 3,
the default, reads wide columns one after the other and loses which price goes with
which row; without the preserved spaces the columns run together.
"""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from robot.core.errors import IngestError

log = logging.getLogger(__name__)
DPI = 300  # Tesseract's documented advice for body text
MAX_PAGES = 60  # ~1.2 s a page here: a long scan still syncs in minutes
PAGE_TIMEOUT_S = 120.0
LANGUAGE = "fra"
# Tesseract drops the narrow spaces of a timetable's « 12 h et 14 h »: « 12het14h ».
_GLUED = re.compile(r"(?<=\d)h(et|à)(?=\d)")


def mend(text: str) -> str:
    """What Tesseract glues in French timetables, spaced again (« 9h-12het15h » ->
    « 9h-12h et 15h »)."""
    return _GLUED.sub(r"h \1 ", text)


def missing_tools(language: str = LANGUAGE) -> str | None:
    """Why OCR cannot run on this machine, or None."""
    for tool, package in (("pdftoppm", "poppler-utils"), ("tesseract", "tesseract-ocr")):
        if shutil.which(tool) is None:
            return f"OCR indisponible : installez {package}"
    try:
        langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True,
                               timeout=30, check=True).stdout.split()
    except (OSError, subprocess.SubprocessError):
        return "OCR indisponible : tesseract ne répond pas"
    if language not in langs:
        return f"OCR indisponible : installez tesseract-ocr-{language}"
    return None


def read_pages(path: Path, pages: list[int], language: str = LANGUAGE) -> dict[int, str]:
    """The text of these pages (numbered from 1) of the PDF at path, read from their image."""
    reason = missing_tools(language)
    if reason:
        raise IngestError(f"PDF scanné sans texte : {reason}")
    texts: dict[int, str] = {}
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="ocr-") as tmp:
        for number in pages[:MAX_PAGES]:
            image = Path(tmp) / f"p{number}"
            # Uncompressed grey pixels: writing a PNG took 6.9 s of a page's 8 s here.
            _run(["pdftoppm", "-r", str(DPI), "-gray", "-singlefile",
                  "-f", str(number), "-l", str(number), str(path), str(image)], path)
            texts[number] = mend(_run(["tesseract", f"{image}.pgm", "stdout", "-l", language,
                                       "--psm", "4", "-c", "preserve_interword_spaces=1"],
                                      path))
    log.info("%s: %d scanned page(s) read by OCR in %.1f s%s", path.name, len(texts),
             time.perf_counter() - start,
             f" (the first {MAX_PAGES} of {len(pages)})" if len(pages) > MAX_PAGES else "")
    return texts


def _run(command: list[str], path: Path) -> str:
    try:
        done = subprocess.run(command, capture_output=True, timeout=PAGE_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        raise IngestError(f"OCR trop long sur une page (> {PAGE_TIMEOUT_S:.0f} s)") from None
    except OSError as exc:
        raise IngestError(f"OCR impossible ({exc.strerror})") from None
    if done.returncode != 0:
        err = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise IngestError(f"OCR impossible sur {path.name} ({err[-1] if err else command[0]})")
    return done.stdout.decode("utf-8", "replace")
