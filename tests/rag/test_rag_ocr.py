"""Scanned PDFs read by Tesseract: a tariff table that exists only as a picture.

The scan is made here as a scanner would: a text PDF rendered to grey pixels at 150 dpi
by poppler, scanner noise added, wrapped in a PDF that holds nothing but the image.
"""

from __future__ import annotations

import io
import os
import subprocess
from pathlib import Path

import numpy as np
import pytest

from rag.ingest import ingest_file
from rag.ingest.ocr import mend
from rag.pdfwrite import Line, make_pdf, make_scan_pdf
from robot.core.errors import IngestError

TABLE: list[Line] = [
    (72, 790, "Cimetière des Tilleuls : tarifs des concessions"),
    (72, 750, "Durée"), (320, 750, "Habitants"), (440, 750, "Extérieurs"),
    (72, 728, "15 ans"), (320, 728, "120 €"), (440, 728, "240 €"),
    (72, 706, "30 ans"), (320, 706, "250 €"), (440, 706, "500 €"),
    (72, 684, "50 ans"), (320, 684, "480 €"), (440, 684, "960 €"),
    (72, 640, "Renseignements : service de l'état civil, 02 47 00 00 10."),
]


def scan(lines: list[Line], tmp: Path, seed: int = 0) -> bytes:
    (tmp / "text.pdf").write_bytes(make_pdf([lines], font_size=12))
    subprocess.run(["pdftoppm", "-r", "150", "-gray", "-singlefile", str(tmp / "text.pdf"),
                    str(tmp / "page")], check=True)
    _magic, size, _depth, pixels = (tmp / "page.pgm").read_bytes().split(b"\n", 3)
    width, height = map(int, size.split())
    image = np.frombuffer(pixels, np.uint8).reshape(height, width).astype(np.float32)
    noise = np.random.default_rng(seed).normal(0, 18, image.shape)
    paper = np.clip(image * 0.85 + 20 + noise, 0, 255).astype(np.uint8)  # grey paper, grain
    return make_scan_pdf([paper.tobytes()], width, height)


def read(path: Path) -> str:
    chunks = ingest_file(path, path.name, "h", chunk_chars=700, overlap_chars=100,
                         max_bytes=50 * 1024 * 1024)
    return "\n".join(c.text for c in chunks)


def test_scanned_table_is_read_row_by_row_with_its_headers(docs: Path, tmp_path: Path) -> None:
    path = docs / "cimetiere-tarifs-scan.pdf"
    path.write_bytes(scan(TABLE, tmp_path))
    text = read(path)
    # Read from the picture, each price under its column's header as for a text PDF.
    assert "Durée : 30 ans ; Habitants : 250 € ; Extérieurs : 500 €" in text
    assert "Durée : 50 ans ; Habitants : 480 € ; Extérieurs : 960 €" in text
    assert "02 47 00 00 10" in text and "Cimetière des Tilleuls" in text


def test_scan_without_tesseract_is_refused_with_what_to_install(
        docs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = docs / "affiche.pdf"
    path.write_bytes(scan(TABLE, tmp_path))
    bare = tmp_path / "bin"  # a PATH with pdftoppm but no tesseract, as on a fresh robot
    bare.mkdir()
    os.symlink("/usr/bin/pdftoppm", bare / "pdftoppm")
    monkeypatch.setenv("PATH", str(bare))
    with pytest.raises(IngestError, match="installez tesseract-ocr"):
        read(path)


def test_text_pages_are_kept_when_the_scanned_page_cannot_be_read(
        docs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pypdf import PdfReader, PdfWriter

    text_page = make_pdf([[(72, 780, "Horaires de la mairie : du lundi au vendredi de 8 h 30 "
                                     "à 17 h.")]])
    writer = PdfWriter()
    for part in (text_page, scan(TABLE, tmp_path)):
        for page in PdfReader(io.BytesIO(part)).pages:
            writer.add_page(page)
    path = docs / "mairie-et-tarifs.pdf"
    with open(path, "wb") as f:
        writer.write(f)
    bare = tmp_path / "bin"  # no tesseract: the scanned page is left out, not the document
    bare.mkdir()
    os.symlink("/usr/bin/pdftoppm", bare / "pdftoppm")
    monkeypatch.setenv("PATH", str(bare))
    text = read(path)
    assert "du lundi au vendredi de 8 h 30" in text and "Extérieurs" not in text


def test_hours_tesseract_glued_are_spaced_again() -> None:
    assert mend("Samedi    9h-12het15h-19h") == "Samedi    9h-12h et 15h-19h"
    assert mend("Sachet de 12 ; chaque 8 ; 2 chets") == "Sachet de 12 ; chaque 8 ; 2 chets"
