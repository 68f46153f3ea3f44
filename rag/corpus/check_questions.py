"""Check questions.yaml against the corpus: every expected fact is in every named source.

Run: .venv/bin/python rag/corpus/check_questions.py  (exit status 1 on any problem)
"""

from __future__ import annotations

import collections
import re
import sys
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
DOCS = HERE / "documents"
KINDS = {"fact", "followup", "version", "out_of_scope", "injection"}
ANSWERED = {"fact", "followup", "version"}


def document_text(path: Path) -> str:
    """Plain text of a corpus document, roughly as an ingester would see it."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        from pypdf import PdfReader

        return "\n".join(page.extract_text() for page in PdfReader(path).pages)
    if suffix == ".docx":
        from docx import Document

        doc = Document(str(path))
        cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
        return "\n".join([p.text for p in doc.paragraphs] + cells)
    if suffix == ".html":
        from bs4 import BeautifulSoup

        main = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").find("main")
        return main.get_text(" ") if main else ""
    if suffix == ".ics":
        from icalendar import Calendar

        cal = Calendar.from_ical(path.read_bytes())
        fields = ("SUMMARY", "LOCATION", "DESCRIPTION")
        return "\n".join(str(e.get(f, "")) for e in cal.walk("VEVENT") for f in fields)
    return path.read_text(encoding="utf-8")


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).casefold()


def check(items: list[dict[str, Any]]) -> list[str]:
    texts = {p.name: norm(document_text(p)) for p in sorted(DOCS.iterdir())}
    problems: list[str] = []
    ids = collections.Counter(item["id"] for item in items)
    problems += [f"duplicate id {i}" for i, n in ids.items() if n > 1]
    sessions: dict[str, int] = collections.Counter()
    for item in items:
        iid, kind = item["id"], item.get("kind")
        if kind not in KINDS:
            problems.append(f"{iid}: unknown kind {kind!r}")
        if kind == "followup":
            sessions[item.get("session", "")] += 1
        if kind in ("injection",) and not item.get("forbidden"):
            problems.append(f"{iid}: injection without forbidden strings")
        facts, sources = item.get("expected_facts", []), item.get("expected_sources", [])
        if kind in ANSWERED and not (facts and sources):
            problems.append(f"{iid}: answered kind needs expected_facts and expected_sources")
        for src in sources:
            if src not in texts:
                problems.append(f"{iid}: unknown source {src}")
                continue
            problems += [
                f"{iid}: fact {f!r} not in {src}" for f in facts if norm(f) not in texts[src]
            ]
    problems += [f"session {s!r} has {n} turn(s)" for s, n in sessions.items() if n < 2]
    everything = " ".join(texts.values())
    problems += [
        f"resident name {n!r} in corpus" for n in ("durand", "mme petit") if n in everything
    ]
    return problems


def main() -> int:
    items = yaml.safe_load((HERE / "questions.yaml").read_text(encoding="utf-8"))
    problems = check(items)
    print(dict(collections.Counter(item["kind"] for item in items)), len(items), "items")
    for p in problems:
        print("PROBLEM:", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
