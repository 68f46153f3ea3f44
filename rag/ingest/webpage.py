"""HTML pages: the main content only, cut into sections at headings, tables row by row."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from bs4 import BeautifulSoup, NavigableString, Tag

from rag.ingest.dates import labelled_date, parse_date, pick_doc_date
from rag.ingest.model import Block, ParsedDoc
from rag.ingest.textutil import decode, dedupe_cells, row_text, title_from_name
from robot.core.errors import IngestError

_NEVER = ("script", "style", "noscript", "template", "svg", "iframe", "button", "select",
          "input", "form", "nav", "aside", "dialog", "object", "canvas")  # fmt: skip
_SITE_CHROME = ("header", "footer")  # the site's, when no <main>/<article> marks content
_CHROME_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "dialog"}
_CHROME_NAMES = re.compile(
    r"cookie|consent|rgpd|gdpr|tarteaucitron|didomi|axeptio|breadcrumb|fil-?ariane|"
    r"\bmenu|navbar|\bnav\b|social|share|partage|skip|newsletter|sidebar|site-?footer|"
    r"site-?header|pied-?de-?page|bandeau",
    re.I,
)
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_BLOCKS = {"p", "div", "section", "article", "main", "ul", "ol", "dl", "blockquote", "pre",
           "address", "figure", "figcaption", "header", "footer", "hr"}  # fmt: skip
_LINES = {"li", "dt", "dd", "br", "tr"}
_META_DATES = ("date", "dcterms.modified", "dcterms.date", "article:modified_time",
               "article:published_time", "last-modified", "dc.date")  # fmt: skip


def _is_chrome(tag: Tag) -> bool:
    if tag.get("role") in _CHROME_ROLES or tag.has_attr("hidden"):
        return True
    names = " ".join([str(tag.get("id") or ""), *(tag.get("class") or [])])
    return bool(names.strip()) and bool(_CHROME_NAMES.search(names))


def _content_root(soup: BeautifulSoup) -> tuple[Tag, bool]:
    """<main>, role=main, the only <article>, else the body; True when content is marked."""
    for found in (soup.find("main"), soup.select_one('[role="main"]')):
        if isinstance(found, Tag):
            return found, True
    articles = soup.find_all("article")
    if len(articles) == 1 and isinstance(articles[0], Tag):
        return articles[0], True
    body = soup.body or soup
    return body, False


def _strip(root: Tag, marked: bool) -> None:
    for tag in root.find_all(_NEVER):
        tag.decompose()
    for tag in root.find_all(True):
        if tag.decomposed:
            continue
        if _is_chrome(tag) or (not marked and tag.name in _SITE_CHROME):
            tag.decompose()


class _Walker:
    """Walks the content tree once, starting a new section at each heading."""

    def __init__(self) -> None:
        self.sections: list[tuple[str, list[str]]] = [("", [])]
        self.h1 = ""
        self._open = False  # is the last line still being written?

    @property
    def lines(self) -> list[str]:
        return self.sections[-1][1]

    def newline(self) -> None:
        self._open = False

    def paragraph(self) -> None:
        self._open = False
        if self.lines and self.lines[-1] != "":
            self.lines.append("")

    def text(self, s: str) -> None:
        s = " ".join(s.split())
        if not s:
            return
        if self._open and self.lines:
            self.lines[-1] += " " + s
        else:
            self.lines.append(s)
            self._open = True

    def table(self, table: Tag) -> None:
        rows = [
            dedupe_cells(c.get_text(" ", strip=True) for c in tr.find_all(["th", "td"]))
            for tr in table.find_all("tr")
        ]
        rows = [r for r in rows if any(r)]
        if not rows:
            return
        first = table.find("tr")
        has_head = bool(table.find("thead")) or (
            isinstance(first, Tag) and not first.find("td") and bool(first.find("th"))
        )
        headers = rows[0] if has_head else []
        self.paragraph()
        for row in rows[1:] if has_head else rows:
            self.lines.append(row_text(headers, row))
        self.paragraph()

    def walk(self, node: Tag) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                if type(child) is NavigableString:  # not comments, CDATA, doctype
                    self.text(str(child))
                continue
            if not isinstance(child, Tag):
                continue
            if child.name in _HEADINGS:
                heading = " ".join(child.get_text(" ", strip=True).split())
                if child.name == "h1" and not self.h1:
                    self.h1 = heading
                    continue
                if heading:
                    self.sections.append((heading, []))
                    self._open = False
            elif child.name == "table":
                self.table(child)
            elif child.name in _LINES:
                self.newline()
                if child.name == "li":
                    self.text("-")
                self.walk(child)
                self.newline()
            elif child.name in _BLOCKS:
                self.paragraph()
                self.walk(child)
                self.paragraph()
            else:
                self.walk(child)


def _page_title(soup: BeautifulSoup) -> str:
    if soup.title and soup.title.string:
        # "Carte d'identité - Mairie de Saint-Aubin" -> the page's own part
        return re.split(r"\s+[|–—-]\s+", soup.title.string.strip())[0]
    return ""


def _meta_date(soup: BeautifulSoup) -> list[date | None]:
    dates: list[date | None] = []
    for meta in soup.find_all("meta"):
        name = str(meta.get("name") or meta.get("property") or "").lower()
        if name in _META_DATES:
            dates.append(parse_date(str(meta.get("content") or "")))
    for t in soup.find_all("time"):
        if t.has_attr("datetime") and t.find_parent(_SITE_CHROME) is None:
            dates.append(parse_date(str(t["datetime"])))
    return dates


def read(path: Path) -> ParsedDoc:
    html = decode(path.read_bytes(), "page HTML")
    soup = BeautifulSoup(html, "lxml")
    page_title = _page_title(soup)
    # Labels such as "Mis à jour le ..." often sit in a footer that is stripped below.
    whole_text = soup.get_text("\n")
    meta_dates = _meta_date(soup)
    root, marked = _content_root(soup)
    _strip(root, marked)
    walker = _Walker()
    walker.walk(root)
    title = walker.h1 or page_title or title_from_name(path)
    blocks = []
    for section, lines in walker.sections:
        text = "\n".join(lines).strip()
        if text:
            blocks.append(Block(text=re.sub(r"\n{3,}", "\n\n", text), section=section))
    if not blocks:
        raise IngestError("aucun texte lisible dans le contenu principal de la page")
    body = "\n".join(b.text for b in blocks)
    dated_text = body if labelled_date(body) else whole_text
    doc_date = pick_doc_date(dated_text, title, path.name, meta_dates)
    return ParsedDoc(title=title, blocks=tuple(blocks), doc_date=doc_date)
