"""A few lines of PDF by hand: text placed where a table's columns would be.

No PDF library needed, so tests know exactly what each page holds, and `robot bench rag`
can write a large document of known size on a robot without a PDF library.
"""

from __future__ import annotations

import zlib

Line = tuple[float, float, str]  # x, y (points from the bottom left), text


def _escape(text: str) -> bytes:
    raw = text.encode("cp1252")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


class _Objects:
    """A PDF's numbered objects, written out with their cross-reference table."""

    def __init__(self) -> None:
        self.bodies: list[bytes] = []

    def add(self, body: bytes) -> int:
        self.bodies.append(body)
        return len(self.bodies)

    def pages(self, kids: list[int], pages_ref: int) -> None:
        kids_ref = b" ".join(b"%d 0 R" % k for k in kids)
        assert self.add(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids_ref, len(kids))) \
            == pages_ref

    def page(self, pages_ref: int, resources: bytes, ops: bytes) -> int:
        """An A4 page drawn by `ops`, with its content stream; the page's number."""
        content = self.add(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(ops), ops))
        return self.add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] "
                        b"/Resources << %s >> /Contents %d 0 R >>"
                        % (pages_ref, resources, content))

    def write(self, pages_ref: int, title: str | None) -> bytes:
        catalog = self.add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_ref)
        info = self.add(b"<< /Title (%s) >>" % _escape(title)) if title else None
        out = bytearray(b"%PDF-1.4\n")
        offsets = []
        for number, body in enumerate(self.bodies, 1):
            offsets.append(len(out))
            out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
        xref = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(self.bodies) + 1)
        out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
        trailer = b"/Size %d /Root %d 0 R" % (len(self.bodies) + 1, catalog)
        if info:
            trailer += b" /Info %d 0 R" % info
        out += b"trailer\n<< %s >>\nstartxref\n%d\n%%%%EOF\n" % (trailer, xref)
        return bytes(out)


def make_pdf(pages: list[list[Line]], title: str | None = None, font_size: int = 10) -> bytes:
    pdf = _Objects()
    font = pdf.add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
                   b"/Encoding /WinAnsiEncoding >>")
    pages_ref = len(pdf.bodies) + 1 + 2 * len(pages)  # objects are numbered in order of add()
    kids = []
    for lines in pages:
        ops = b"".join(
            b"BT /F1 %d Tf %.1f %.1f Td (%s) Tj ET\n" % (font_size, x, y, _escape(t))
            for x, y, t in lines
        )
        kids.append(pdf.page(pages_ref, b"/Font << /F1 %d 0 R >>" % font, ops))
    pdf.pages(kids, pages_ref)
    return pdf.write(pages_ref, title)


def make_scan_pdf(pages: list[bytes], width: int, height: int, title: str | None = None) -> bytes:
    """Pages that are only a picture, as a scanner makes them: each page one 8-bit grey
    image of width x height pixels (row by row), stretched over an A4 page."""
    pdf = _Objects()
    pages_ref = 3 * len(pages) + 1
    kids = []
    for pixels in pages:
        assert len(pixels) == width * height, "one byte per pixel"
        data = zlib.compress(pixels)
        image = pdf.add(
            b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
            b"/BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream"
            % (width, height, len(data), data))
        kids.append(pdf.page(pages_ref, b"/XObject << /Im0 %d 0 R >>" % image,
                             b"q 595 0 0 842 0 0 cm /Im0 Do Q"))
    pdf.pages(kids, pages_ref)
    return pdf.write(pages_ref, title)
