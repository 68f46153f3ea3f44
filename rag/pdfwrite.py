"""A few lines of PDF by hand: text placed where a table's columns would be.

No PDF library needed, so tests know exactly what each page holds, and `robot bench rag`
can write a large document of known size on a robot without a PDF library.
"""

from __future__ import annotations

Line = tuple[float, float, str]  # x, y (points from the bottom left), text


def _escape(text: str) -> bytes:
    raw = text.encode("cp1252")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def make_pdf(pages: list[list[Line]], title: str | None = None, font_size: int = 10) -> bytes:
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    pages_ref = len(objects) + 1 + 2 * len(pages)  # objects are numbered in order of add()
    kids = []
    for lines in pages:
        ops = b"".join(
            b"BT /F1 %d Tf %.1f %.1f Td (%s) Tj ET\n" % (font_size, x, y, _escape(t))
            for x, y, t in lines
        )
        content = add(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(ops), ops))
        kids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] "
                b"/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>"
                % (pages_ref, font, content)
            )
        )
    assert (
        add(
            b"<< /Type /Pages /Kids [%s] /Count %d >>"
            % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
        )
        == pages_ref
    )
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_ref)
    info = add(b"<< /Title (%s) >>" % _escape(title)) if title else None
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    trailer = b"/Size %d /Root %d 0 R" % (len(objects) + 1, catalog)
    if info:
        trailer += b" /Info %d 0 R" % info
    out += b"trailer\n<< %s >>\nstartxref\n%d\n%%%%EOF\n" % (trailer, xref)
    return bytes(out)
