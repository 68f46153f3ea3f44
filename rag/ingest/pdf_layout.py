"""Read the structure back out of a PDF page's layout text (pure).

pypdf's layout mode keeps characters at their place on the page, so table rows stay on
one line with columns apart, and headings stand alone between blank lines. From that:
tables become 'Header : cell ; Header : cell' lines, headings start sections, and
paragraphs wrapped at the page edge are joined again.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass

from rag.ingest.textutil import reflow, row_text

_CELL = re.compile(r"\S+(?: {1,2}\S+)*")  # words separated by at most two spaces
_PAGE_NO = re.compile(r"(?:^|\s{2,})(?:page|p\.)\s*\d+\s*(?:sur|/|of)\s*\d+\s*$", re.I)
_NUMERIC = re.compile(r"^[\d\s,.€%+-]+$|^\d")
_MAX_CELL = 60
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_ALIGN = 2  # characters a cell may start off its column


@dataclass(frozen=True)
class Cell:
    start: int
    text: str


def cells(line: str) -> list[Cell]:
    # A lone « | » is a table's ruling read by OCR, never a cell.
    return [Cell(m.start(), m.group()) for m in _CELL.finditer(line)
            if m.group().strip("|¦")]


def _is_row(line: str) -> bool:
    found = cells(line)
    return len(found) >= 2 and all(len(c.text) <= _MAX_CELL for c in found)


def strip_page_number(line: str) -> str:
    """'Mairie de ... - tarifs 2026        Page 1 sur 3' -> 'Mairie de ... - tarifs 2026'."""
    return _PAGE_NO.sub("", line).rstrip()


def drop_repeated_lines(pages: list[str]) -> list[str]:
    """Remove running headers and footers: the same line on most pages (page numbers aside).

    The first occurrence stays when it holds a figure other than a year, so a footer's
    address or phone number is still indexed once, or when it is a letterhead in capitals
    (« VILLE DE … »); a running title (« Mairie de … - Tarifs enfance 2025-2026 ») would
    only be read aloud as an answer.
    """
    if len(pages) < 2:
        return list(pages)

    def key(line: str) -> str:
        stripped = strip_page_number(line)
        if _is_row(stripped):
            return ""  # a table's header row repeated on each page is content, not a footer
        return " ".join(stripped.split()).casefold()

    counts: Counter[str] = Counter()
    for page in pages:
        keys = {key(line) for line in page.split("\n")}
        counts.update(k for k in keys if sum(c.isalpha() for c in k) >= 3)
    threshold = max(2, (len(pages) + 1) // 2)
    repeated = {k for k, n in counts.items() if n >= threshold}
    seen: set[str] = set()
    out = []
    for page in pages:
        kept = []
        for line in page.split("\n"):
            k = key(line)
            if k in repeated:
                if k in seen or not (line.strip().isupper() or re.search(r"\d", _YEAR.sub("", k))):
                    continue
                seen.add(k)
            kept.append(line)
        out.append("\n".join(kept))
    return out


def _aligned(row: list[Cell], starts: list[int]) -> bool:
    """Every cell of the row starts where a column does (a wrapped header's next line)."""
    return all(any(abs(c.start - s) <= _ALIGN for s in starts) for c in row)


def _numeric(row: list[Cell]) -> bool:
    return any(_NUMERIC.match(c.text) for c in row)


def table_lines(rows: list[str]) -> list[str]:
    """Rows of one table as text; each cell goes under the header column nearest to it."""
    parsed = [cells(r) for r in rows]
    first = parsed[0]
    has_header = not _numeric(first) and any(_numeric(row) for row in parsed[1:])
    if not has_header:
        return [row_text([], [c.text for c in row]) for row in parsed]
    starts = [c.start for c in first]
    headers = [c.text for c in first]
    body = parsed[1:]
    # A header cell wrapped on two lines (« Concession simple (2 » / « m²) »): its next
    # line has no figure and starts under the header's columns.
    while len(body) > 1 and not _numeric(body[0]) and _aligned(body[0], starts):
        for cell in body.pop(0):
            col = min(range(len(starts)), key=lambda i: abs(starts[i] - cell.start))
            headers[col] = f"{headers[col]} {cell.text}"
    out = []
    for row in body:
        if len(row) == len(headers) and not _aligned(row, starts):
            # A scan's columns drift (« Samedi      9h-12h ») but its cells still count
            # one per header: they are read in order.
            out.append(row_text(headers, [c.text for c in row]))
            continue
        placed = [""] * len(headers)
        for cell in row:
            col = min(range(len(starts)), key=lambda i: abs(starts[i] - cell.start))
            placed[col] = f"{placed[col]} {cell.text}".strip()
        out.append(row_text(headers, placed))
    return out


def _table_at(lines: list[str], i: int) -> list[str]:
    """The rows of a table starting at line i (none if it is not one). Padded cells put a
    blank line between rows: a blank is crossed when the next line is a row of figures
    under the same columns, or as many cells as the first row (a scan's columns drift)."""
    rows: list[str] = []
    j = i
    while j < len(lines) and (_is_row(lines[j]) or _header_tail(rows, lines[j])):
        rows.append(lines[j])
        j += 1
        if j + 1 < len(lines) and not lines[j].strip() and _is_row(lines[j + 1]):
            following, first = cells(lines[j + 1]), cells(rows[0])
            if _numeric(following) and (_aligned(following[1:], [c.start for c in first])
                                        or len(following) == len(first)):
                j += 1
    if not any(_numeric(cells(r)) for r in rows):  # no figures: no header tails either
        return list(itertools.takewhile(_is_row, rows))
    return rows


def _header_tail(rows: list[str], line: str) -> bool:
    """A header's wrapped next line (« repas » under « Demi-journée sans »): a line of
    words under its columns, while no row of figures has come yet."""
    if not rows or not line.strip() or any(_numeric(cells(r)) for r in rows):
        return False
    found = cells(line)
    return not _numeric(found) and _aligned(found, [c.start for c in cells(rows[0])])


def _rows_end(lines: list[str], i: int, count: int) -> int:
    """The line after the `count`-th row from line i (blank lines between rows skipped)."""
    j = i
    while count:
        if lines[j].strip():
            count -= 1
        j += 1
    return j


# A section number before a heading (« 1. », « 2.3 », « II. », « 3) »): the commonest
# way a town's PDF marks its parts. General typography, not any document's wording. A
# number without its dot is an address (« 12 Place de la Mairie »), a capital with a dot
# an initial (« C. Martin »).
_NUMBER = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*\.|\d{1,2}\.\d{1,2}|\d{1,2}\)|[IVX]{1,5}\.)"
                     r"\s+(?=\w)")


def heading_name(line: str) -> str:
    """A heading as the section's name: its number left out."""
    return _NUMBER.sub("", line.strip(), count=1)


def _numbered_heading(lines: list[str], i: int) -> bool:
    """« 1. Cimetière des Ormeaux » after a blank line is a heading even when its text
    follows at once; not an item of a numbered list (the next line numbered too)."""
    line = lines[i].strip()
    name = heading_name(line)
    if name == line or not name[:1].isupper() or len(line) > 80 or line.endswith(
            (".", ",", ";", ":")):
        return False
    before = i == 0 or not lines[i - 1].strip()
    after = lines[i + 1].strip() if i + 1 < len(lines) else ""
    return before and not _NUMBER.match(after)


def _is_heading(lines: list[str], i: int) -> bool:
    if _numbered_heading(lines, i):
        return True
    line = lines[i].strip()
    if not line or len(line) > 80 or not line[0].isupper() or line.endswith((".", ",", ";", ":")):
        return False
    first = not any(ln.strip() for ln in lines[:i])
    if first and line.isupper():
        return False  # a letterhead ("VILLE DE ..."), not what the page is about
    before = i == 0 or not lines[i - 1].strip()
    after = i + 1 >= len(lines) or not lines[i + 1].strip()
    return before and after


def page_sections(text: str, section: str = "") -> list[tuple[str, str]]:
    """(section, text) runs of one page; `section` is the one the previous page ended in."""
    lines = [strip_page_number(ln.rstrip()) for ln in text.split("\n")]
    out: list[tuple[str, list[str]]] = [(section, [])]
    i = 0
    while i < len(lines):
        rows = _table_at(lines, i)
        if len(rows) >= 2:
            out[-1][1].extend(["", *table_lines(rows), ""])
            i = _rows_end(lines, i, len(rows))
            continue
        if _is_heading(lines, i):
            out.append((heading_name(lines[i]), []))
        else:
            out[-1][1].append(lines[i].strip())
        i += 1
    result = []
    for name, body in out:
        text_ = re.sub(r"\n{3,}", "\n\n", reflow("\n".join(body))).strip()
        if text_:
            result.append((name, text_))
    return result
