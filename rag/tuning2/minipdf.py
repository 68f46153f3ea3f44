"""A small, dependency-free PDF writer for the Valmorin-sur-Cher sample corpus.

reportlab and Pillow are not installed in this environment, so the corpus builder writes its
PDFs itself: text pages with the standard Helvetica fonts (WinAnsiEncoding, so pypdf and
poppler extract the French text), headings, wrapped paragraphs, bullet lists, tables with
a grid and a shaded header row, a running header and a "Page X sur N" footer, and an Info
dictionary (title, author, subject, creation date). It can also embed a TrueType font
(used to typeset the page that is rasterised for the scanned PDF) and write an image-only
PDF (the scan: one grey-level image per page, no text layer).

Everything is deterministic: fixed dates, zlib streams, /ID derived from the content.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import struct
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pypdf._codecs.core_font_metrics import CORE_FONT_METRICS

PAGE_W, PAGE_H = 595.28, 841.89
CM = 72 / 2.54


# ------------------------------------------------------------------------------ fonts


class CoreFont:
    """One of the standard 14 fonts (not embedded), WinAnsiEncoding."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.widths = CORE_FONT_METRICS[name].character_widths
        self.default = self.widths.get("default", 556)

    def width(self, text: str, size: float) -> float:
        return sum(self.widths.get(ch, self.default) for ch in text) * size / 1000

    def objects(self, writer: _Writer) -> int:
        return writer.add(
            f"<< /Type /Font /Subtype /Type1 /BaseFont /{self.name} "
            "/Encoding /WinAnsiEncoding >>".encode()
        )


class TrueTypeFont:
    """A TrueType file embedded whole, as a simple font with WinAnsiEncoding."""

    def __init__(self, path: Path, pdf_name: str) -> None:
        self.path = Path(path)
        self.name = pdf_name
        data = self.path.read_bytes()
        self.data = data
        tables = {}
        num = struct.unpack(">H", data[4:6])[0]
        for i in range(num):
            tag, _check, off, length = struct.unpack(">4sIII", data[12 + 16 * i : 28 + 16 * i])
            tables[tag.decode("latin-1")] = (off, length)
        off = tables["head"][0]
        self.upem = struct.unpack(">H", data[off + 18 : off + 20])[0]
        self.bbox = struct.unpack(">hhhh", data[off + 36 : off + 44])
        off = tables["hhea"][0]
        self.ascent, self.descent = struct.unpack(">hh", data[off + 4 : off + 8])
        n_hmetrics = struct.unpack(">H", data[off + 34 : off + 36])[0]
        off = tables["hmtx"][0]
        advances = [
            struct.unpack(">H", data[off + 4 * i : off + 4 * i + 2])[0] for i in range(n_hmetrics)
        ]
        self.cmap = self._cmap4(data, tables["cmap"][0])
        self.advances = advances

    @staticmethod
    def _cmap4(data: bytes, base: int) -> dict[int, int]:
        num = struct.unpack(">H", data[base + 2 : base + 4])[0]
        for i in range(num):
            pid, eid, off = struct.unpack(">HHI", data[base + 4 + 8 * i : base + 12 + 8 * i])
            sub = base + off
            if pid == 3 and eid == 1 and struct.unpack(">H", data[sub : sub + 2])[0] == 4:
                break
        else:
            raise ValueError("no (3,1) format 4 cmap")
        segx2 = struct.unpack(">H", data[sub + 6 : sub + 8])[0]
        seg = segx2 // 2
        ends = struct.unpack(f">{seg}H", data[sub + 14 : sub + 14 + segx2])
        p = sub + 16 + segx2
        starts = struct.unpack(f">{seg}H", data[p : p + segx2])
        deltas = struct.unpack(f">{seg}h", data[p + segx2 : p + 2 * segx2])
        ro_pos = p + 2 * segx2
        offsets = struct.unpack(f">{seg}H", data[ro_pos : ro_pos + segx2])
        out: dict[int, int] = {}
        for k in range(seg):
            for c in range(starts[k], ends[k] + 1):
                if c == 0xFFFF:
                    continue
                if offsets[k] == 0:
                    g = (c + deltas[k]) & 0xFFFF
                else:
                    addr = ro_pos + 2 * k + offsets[k] + 2 * (c - starts[k])
                    g = struct.unpack(">H", data[addr : addr + 2])[0]
                    if g:
                        g = (g + deltas[k]) & 0xFFFF
                out[c] = g
        return out

    def _adv(self, ch: str) -> float:
        g = self.cmap.get(ord(ch), 0)
        adv = self.advances[min(g, len(self.advances) - 1)]
        return adv * 1000 / self.upem

    def width(self, text: str, size: float) -> float:
        return sum(self._adv(ch) for ch in text) * size / 1000

    def objects(self, writer: _Writer) -> int:
        ff = writer.add_stream(self.data, extra=f"/Length1 {len(self.data)}")
        scale = 1000 / self.upem
        bbox = " ".join(str(round(v * scale)) for v in self.bbox)
        desc = writer.add(
            (
                f"<< /Type /FontDescriptor /FontName /{self.name} /Flags 32 "
                f"/FontBBox [{bbox}] /ItalicAngle 0 /Ascent {round(self.ascent * scale)} "
                f"/Descent {round(self.descent * scale)} /CapHeight 729 /StemV 80 "
                f"/FontFile2 {ff} 0 R >>"
            ).encode()
        )
        widths = []
        for code in range(32, 256):
            try:
                ch = bytes([code]).decode("cp1252")
            except UnicodeDecodeError:
                widths.append("0")
                continue
            widths.append(str(round(self._adv(ch))))
        return writer.add(
            (
                f"<< /Type /Font /Subtype /TrueType /BaseFont /{self.name} /FirstChar 32 "
                f"/LastChar 255 /Widths [{' '.join(widths)}] /Encoding /WinAnsiEncoding "
                f"/FontDescriptor {desc} 0 R >>"
            ).encode()
        )


# ------------------------------------------------------------------------- low level


class _Writer:
    def __init__(self) -> None:
        self.objs: list[bytes | None] = []

    def reserve(self) -> int:
        self.objs.append(None)
        return len(self.objs)

    def add(self, body: bytes, num: int | None = None) -> int:
        if num is None:
            self.objs.append(body)
            return len(self.objs)
        self.objs[num - 1] = body
        return num

    def add_stream(self, data: bytes, extra: str = "", compress: bool = True) -> int:
        payload = zlib.compress(data, 9) if compress else data
        filt = "/Filter /FlateDecode " if compress else ""
        head = f"<< {filt}/Length {len(payload)} {extra} >>\nstream\n".encode()
        return self.add(head + payload + b"\nendstream")

    def serialise(self, root: int, info: int) -> bytes:
        out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for i, body in enumerate(self.objs, start=1):
            assert body is not None, f"object {i} never written"
            offsets.append(len(out))
            out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
        xref = len(out)
        out += f"xref\n0 {len(self.objs) + 1}\n0000000000 65535 f \n".encode()
        for off in offsets:
            out += f"{off:010d} 00000 n \n".encode()
        digest = hashlib.md5(bytes(out)).hexdigest()
        out += (
            f"trailer\n<< /Size {len(self.objs) + 1} /Root {root} 0 R /Info {info} 0 R "
            f"/ID [<{digest}> <{digest}>] >>\nstartxref\n{xref}\n%%EOF\n"
        ).encode()
        return bytes(out)


def pdf_string(text: str) -> bytes:
    raw = text.encode("cp1252")
    raw = raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    return b"(" + raw + b")"


def pdf_date(d: dt.datetime) -> str:
    return d.strftime("D:%Y%m%d%H%M%S+01'00'")


def info_dict(meta: dict[str, Any]) -> bytes:
    parts = [b"<<"]
    for key in ("Title", "Author", "Subject", "Keywords", "Creator", "Producer"):
        if meta.get(key):
            parts.append(f"/{key} ".encode() + pdf_string(meta[key]))
    for key in ("CreationDate", "ModDate"):
        if meta.get(key):
            parts.append(f"/{key} ".encode() + pdf_string(pdf_date(meta[key])))
    parts.append(b">>")
    return b" ".join(parts)


# ---------------------------------------------------------------------------- layout


@dataclass
class Page:
    ops: list[bytes] = field(default_factory=list)


@dataclass
class Style:
    font: str  # "F1" regular, "F2" bold
    size: float
    leading: float
    space_before: float = 0
    space_after: float = 4
    indent: float = 0


STYLES = {
    "h1": Style("F2", 16, 20, 0, 10),
    "h2": Style("F2", 12, 15, 8, 4),
    "h3": Style("F2", 10.5, 13, 6, 3),
    "p": Style("F1", 10, 13, 0, 6),
    "li": Style("F1", 10, 13, 0, 2, indent=14),
    "small": Style("F1", 8.5, 11, 0, 4),
    "sig": Style("F1", 10, 13, 10, 2),
}


class Document:
    """Flows blocks onto A4 pages; save() writes the PDF."""

    def __init__(
        self,
        regular: CoreFont | TrueTypeFont | None = None,
        bold: CoreFont | TrueTypeFont | None = None,
        header: str = "",
        footer: str = "",
        page_numbers: bool = True,
        margin: float = 2 * CM,
    ) -> None:
        self.fonts = {"F1": regular or CoreFont("Helvetica"),
                      "F2": bold or CoreFont("Helvetica-Bold")}
        self.header, self.footer, self.page_numbers = header, footer, page_numbers
        self.margin = margin
        self.top = PAGE_H - margin - (0.4 * CM if header else 0)
        self.bottom = margin + (0.3 * CM if footer or page_numbers else 0)
        self.width = PAGE_W - 2 * margin
        self.pages: list[Page] = []
        self.new_page()

    # -- primitives
    def new_page(self) -> None:
        self.pages.append(Page())
        self.y = self.top

    def text(self, x: float, y: float, s: str, font: str, size: float) -> None:
        self.pages[-1].ops.append(
            f"BT /{font} {size:g} Tf {x:.2f} {y:.2f} Td ".encode() + pdf_string(s) + b" Tj ET"
        )

    def rect_fill(self, x: float, y: float, w: float, h: float, grey: float) -> None:
        self.pages[-1].ops.insert(
            0, f"q {grey:.3f} g {x:.2f} {y:.2f} {w:.2f} {h:.2f} re f Q".encode()
        )

    def line(self, x1: float, y1: float, x2: float, y2: float, width: float = 0.5) -> None:
        self.pages[-1].ops.append(
            f"q {width:g} w 0.45 G {x1:.2f} {y1:.2f} m {x2:.2f} {y2:.2f} l S Q".encode()
        )

    def wrap(self, s: str, font: str, size: float, width: float) -> list[str]:
        f = self.fonts[font]
        lines: list[str] = []
        for para in s.split("\n"):
            words, cur = para.split(" "), ""
            for w in words:
                cand = w if not cur else cur + " " + w
                if f.width(cand, size) <= width or not cur:
                    cur = cand
                else:
                    lines.append(cur)
                    cur = w
            lines.append(cur)
        return lines

    def ensure(self, h: float) -> None:
        if self.y - h < self.bottom:
            self.new_page()

    # -- blocks
    def para(self, kind: str, s: str, bullet: str = "") -> None:
        st = STYLES[kind]
        x = self.margin + st.indent
        lines = self.wrap(s, st.font, st.size, self.width - st.indent)
        if self.y != self.top:
            self.y -= st.space_before
        # keep headings with at least two following lines
        need = st.leading * (len(lines) + (2 if kind.startswith("h") else 0))
        self.ensure(min(need, st.leading * 3))
        for i, ln in enumerate(lines):
            self.ensure(st.leading)
            self.y -= st.leading
            if bullet and i == 0:
                self.text(x - 10, self.y + 2, bullet, st.font, st.size)
            self.text(x, self.y + 2, ln, st.font, st.size)
        self.y -= st.space_after

    def table(self, rows: Sequence[Sequence[str]], widths_cm: Sequence[float], size: float = 9,
              header_rows: int = 1) -> None:
        widths = [w * CM for w in widths_cm]
        pad, leading = 3.5, size * 1.25
        x0 = self.margin

        def layout(row: Sequence[str], bold: bool) -> tuple[list[list[str]], float]:
            font = "F2" if bold else "F1"
            cells = [self.wrap(c, font, size, w - 2 * pad)
                     for c, w in zip(row, widths, strict=True)]
            return cells, max(len(c) for c in cells) * leading + 2 * pad

        def draw(row: Sequence[str], bold: bool) -> None:
            cells, h = layout(row, bold)
            font = "F2" if bold else "F1"
            top = self.y
            if bold:
                self.rect_fill(x0, top - h, sum(widths), h, 0.87)
            x = x0
            for lines, w in zip(cells, widths, strict=True):
                yy = top - pad
                for ln in lines:
                    yy -= leading
                    self.text(x + pad, yy + 2.5, ln, font, size)
                x += w
            # grid
            self.line(x0, top, x0 + sum(widths), top)
            self.line(x0, top - h, x0 + sum(widths), top - h)
            x = x0
            for w in [0, *widths]:
                x += w
                self.line(x, top, x, top - h)
            self.y = top - h

        head = [list(r) for r in rows[:header_rows]]
        head_h = sum(layout(r, True)[1] for r in head)
        first = layout(rows[header_rows], False)[1] if len(rows) > header_rows else 0
        self.ensure(head_h + first)
        for hr in head:
            draw(hr, True)
        for r in rows[header_rows:]:
            _, h = layout(r, False)
            if self.y - h < self.bottom:
                self.new_page()
                for hr in head:
                    draw(hr, True)
            draw(r, False)
        self.y -= 8

    def flow(self, blocks: Sequence[tuple[str, Any]]) -> None:
        for kind, value in blocks:
            if kind == "ul":
                for item in value:
                    self.para("li", item, bullet="-")
                self.y -= 3
            elif kind == "table":
                self.table(value["rows"], value["widths"], value.get("size", 9))
            elif kind == "pagebreak":
                self.new_page()
            elif kind == "space":
                self.y -= value
            else:
                self.para(kind, value)

    # -- output
    def _decorate(self) -> None:
        total = len(self.pages)
        for n, page in enumerate(self.pages, start=1):
            ops = []
            if self.header:
                ops.append(
                    f"BT /F2 9 Tf {self.margin:.2f} "
                    f"{PAGE_H - self.margin + 0.2 * CM:.2f} Td ".encode()
                    + pdf_string(self.header) + b" Tj ET"
                )
            if self.footer:
                ops.append(
                    f"BT /F1 8 Tf {self.margin:.2f} {self.margin - 0.5 * CM:.2f} Td ".encode()
                    + pdf_string(self.footer) + b" Tj ET"
                )
            if self.page_numbers:
                label = f"Page {n} sur {total}"
                w = self.fonts["F1"].width(label, 8)
                x = PAGE_W - self.margin - w
                ops.append(
                    f"BT /F1 8 Tf {x:.2f} {self.margin - 0.5 * CM:.2f} Td ".encode()
                    + pdf_string(label) + b" Tj ET"
                )
            page.ops = page.ops + ops

    def save(self, path: Path, meta: dict[str, Any]) -> None:
        self._decorate()
        w = _Writer()
        catalog, pages_obj = w.reserve(), w.reserve()
        f1 = self.fonts["F1"].objects(w)
        f2 = self.fonts["F2"].objects(w) if self.fonts["F2"] is not self.fonts["F1"] else f1
        resources = f"<< /Font << /F1 {f1} 0 R /F2 {f2} 0 R >> >>"
        kids = []
        for page in self.pages:
            content = w.add_stream(b"\n".join(page.ops))
            kids.append(
                w.add(
                    (
                        f"<< /Type /Page /Parent {pages_obj} 0 R /MediaBox [0 0 {PAGE_W} {PAGE_H}] "
                        f"/Resources {resources} /Contents {content} 0 R >>"
                    ).encode()
                )
            )
        w.add(
            (f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] "
             f"/Count {len(kids)} >>").encode(),
            pages_obj,
        )
        w.add(b"<< /Type /Catalog /Pages %d 0 R /Lang (fr-FR) >>" % pages_obj, catalog)
        info = w.add(info_dict(meta))
        Path(path).write_bytes(w.serialise(catalog, info))


def image_pdf(path: Path, images: Sequence[tuple[int, int, bytes]], meta: dict[str, Any]) -> None:
    """Write an image-only PDF: one 8-bit grey image (width, height, raw bytes) per A4 page."""
    w = _Writer()
    catalog, pages_obj = w.reserve(), w.reserve()
    kids = []
    for i, (iw, ih, raw) in enumerate(images, start=1):
        img = w.add_stream(
            raw,
            extra=f"/Type /XObject /Subtype /Image /Width {iw} /Height {ih} "
            "/ColorSpace /DeviceGray /BitsPerComponent 8",
        )
        content = w.add_stream(f"q {PAGE_W} 0 0 {PAGE_H} 0 0 cm /Im{i} Do Q".encode())
        kids.append(
            w.add(
                (
                    f"<< /Type /Page /Parent {pages_obj} 0 R /MediaBox [0 0 {PAGE_W} {PAGE_H}] "
                    f"/Resources << /XObject << /Im{i} {img} 0 R >> >> /Contents {content} 0 R >>"
                ).encode()
            )
        )
    w.add(
        (f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] "
             f"/Count {len(kids)} >>").encode(),
        pages_obj,
    )
    w.add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_obj, catalog)
    info = w.add(info_dict(meta))
    Path(path).write_bytes(w.serialise(catalog, info))
