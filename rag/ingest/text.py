"""Plain text and Markdown: sections at headings (#, underlined, or ALL CAPS lines)."""

from __future__ import annotations

import re
from pathlib import Path

from rag.ingest.dates import pick_doc_date
from rag.ingest.model import Block, ParsedDoc
from rag.ingest.textutil import decode, reflow, row_text, title_from_name
from robot.core.errors import IngestError

_MD_ITEM = re.compile(r"^\s*(?:[-*+]\s|\d+[.)]\s)")
_ATX = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_UNDERLINE = re.compile(r"^(=+|-+)\s*$")
_TABLE_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_INLINE = (
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),  # images -> alt text
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # links -> their text
    (re.compile(r"(\*\*|__)(.+?)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?!\w)"), r"\1"),
    (re.compile(r"`([^`]+)`"), r"\1"),
    (re.compile(r"^\s*>\s?"), ""),
    (re.compile(r"<[^>]+>"), ""),
)


def _plain(line: str) -> str:
    for pattern, repl in _INLINE:
        line = pattern.sub(repl, line)
    return line


def _is_caps_heading(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 3 and len(line) <= 80 and line.isupper() and not line.endswith(".")


def _sentence_case(heading: str) -> str:
    """'PIÈCES À FOURNIR' -> 'Pièces à fournir': typed in capitals, read as a title."""
    if not heading.isupper():
        return heading
    lower = heading.lower()
    return lower[:1].upper() + lower[1:]


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def _few_lines(lines: list[str]) -> bool:
    return sum(1 for ln in lines if ln.strip()) <= 3


def parse(text: str, markdown: bool) -> tuple[str, list[tuple[str, int, list[str]]]]:
    """(first top heading, [(section, level, lines)]) with Markdown syntax removed."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    sections: list[tuple[str, int, list[str]]] = [("", 0, [])]
    top = ""
    headers: list[str] = []
    wrapped = False  # is the last line a paragraph's, that the next one may continue?
    i = 0
    while i < len(lines):
        line = lines[i].rstrip()
        nxt = lines[i + 1].rstrip() if i + 1 < len(lines) else ""
        heading, level = "", 0
        if m := _ATX.match(line):
            heading, level = m.group(2), len(m.group(1))
        elif line.strip() and _UNDERLINE.match(nxt) and len(nxt.strip()) >= 3:
            heading, level = line.strip(), 1 if nxt.strip()[0] == "=" else 2
            i += 1
        elif not markdown and _is_caps_heading(line.strip()):
            # The first capitals line of a text file is its title (after a banner at most).
            heading = line.strip()
            level = 1 if not top and len(sections) == 1 and _few_lines(sections[0][2]) else 2
        if heading:
            heading = _sentence_case(_plain(heading))
            if level == 1 and not top:
                top = heading
            else:
                sections.append((heading, level, []))
            headers = []
        elif markdown and line.lstrip().startswith("|"):
            if _TABLE_RULE.match(line.strip()):
                pass
            elif not headers and _TABLE_RULE.match(nxt.strip()):
                headers = [_plain(c) for c in _cells(line)]
            else:
                sections[-1][2].append(row_text(headers, [_plain(c) for c in _cells(line)]))
        else:
            headers = [] if not line.strip() else headers
            lines_ = sections[-1][2]
            if markdown and wrapped and line.strip() and not _MD_ITEM.match(line):
                # A soft-wrapped paragraph: emphasis may open on one line and close on
                # the next (« **La mairie n'établit pas les\nprocurations.** »).
                lines_[-1] = _plain(f"{lines_[-1]} {line.strip()}")
            else:
                lines_.append(_plain(line) if markdown else line)
            wrapped = bool(line.strip())
            i += 1
            continue
        wrapped = False
        i += 1
    return top, sections


def _body(lines: list[str], markdown: bool) -> str:
    if markdown:
        return "\n".join(lines).strip()
    return reflow("\n".join(lines).strip(), digits=True)  # text is often wrapped at 80 columns


def read(path: Path) -> ParsedDoc:
    raw = path.read_bytes()
    text = decode(raw, "fichier texte")
    if not text.strip():
        raise IngestError("aucun texte dans le fichier")
    markdown = path.suffix.lower() in (".md", ".markdown")
    top, sections = parse(text, markdown)
    first = next((ln.strip() for _, _, lines in sections for ln in lines if ln.strip()), "")
    title = top or (
        sections[1][0] if len(sections) > 1 and not "".join(sections[0][2]).strip() else ""
    )
    if not title and first and len(first) <= 90 and not first.endswith("."):
        title = first
    title = title or title_from_name(path)
    blocks = tuple(
        Block(text=_body(lines, markdown), section=section)
        for section, _, lines in sections
        if "\n".join(lines).strip()
    )
    if not blocks:
        raise IngestError("aucun texte dans le fichier")
    doc_date = pick_doc_date(text, title, path.name)
    return ParsedDoc(title=title, blocks=blocks, doc_date=doc_date)
