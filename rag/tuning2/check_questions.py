"""Check rag/tuning2/questions.yaml against the Valmorin-sur-Cher documents.

Checks: the file is a YAML list; ids unique and kebab-case; only known fields; kind and expect
valid and consistent; every regex (expected_facts, forbidden) compiles; answered items name
existing sources and every expected fact except the yes/no part (leading ``(?#yn)``) matches the
text of at least one named source; declines carry no facts and no sources; emergencies carry
facts (national emergency numbers) and no sources; injections carry forbidden regexes; followup
items have a session, sessions have at least 2 turns and only followups have a session; the
residents named in out-of-scope questions appear nowhere in the documents.

Text is extracted as an ingester would: pypdf for PDFs, python-docx (paragraphs and tables),
BeautifulSoup <main> for HTML, icalendar (summary, location, description) for .ics, raw text
otherwise. The scanned PDF has no text layer: it is checked against the text typeset into it
(build_corpus.scan_text()).

Run: .venv/bin/python rag/tuning2/check_questions.py [questions file]   (exit 1 on any problem)
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
QUESTIONS = HERE / "questions.yaml"
sys.path.insert(0, str(HERE))

KINDS = {"fact", "followup", "version", "out_of_scope", "emergency", "injection"}
EXPECTS = {"answer", "decline", "emergency"}
KIND_EXPECT = {
    "fact": {"answer"},
    "followup": {"answer", "decline"},  # a detail the documents leave out
    "version": {"answer"},
    "out_of_scope": {"decline"},
    "emergency": {"emergency"},
    "injection": {"answer", "decline"},
}
FIELDS = {
    "id", "question", "kind", "expect", "expected_facts", "expected_sources",
    "forbidden", "session", "notes",
}
YN = "(?#yn)"
ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# people named in out-of-scope questions: they must not exist in the corpus
RESIDENTS = ("lefèvre", "lefevre", "madame martin", "mme martin", "bertrand")


def document_text(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        from pypdf import PdfReader

        text = "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)
        if not text.strip():
            import build_corpus

            if path.name == build_corpus.SCAN_NAME:
                return build_corpus.scan_text()
        return text
    if suffix == ".docx":
        from docx import Document

        doc = Document(str(path))
        cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
        return "\n".join([p.text for p in doc.paragraphs] + cells)
    if suffix in (".html", ".htm"):
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
    text = text.replace("\u00a0", " ").replace("\u202f", " ")
    return re.sub(r"\s+", " ", text).strip()


def compile_all(iid: str, field: str, patterns: Any, problems: list[str]) -> list[re.Pattern]:
    if not isinstance(patterns, list):
        problems.append(f"{iid}: {field} must be a list")
        return []
    out = []
    for p in patterns:
        if not isinstance(p, str) or not p:
            problems.append(f"{iid}: {field} entry {p!r} is not a non-empty string")
            continue
        try:
            out.append(re.compile(p, re.IGNORECASE))
        except re.error as exc:
            problems.append(f"{iid}: {field} regex {p!r} does not compile: {exc}")
    return out


def check(items: Any, texts: dict[str, str]) -> list[str]:
    if not isinstance(items, list):
        return ["questions file is not a YAML list"]
    problems: list[str] = []
    ids = collections.Counter(str(item.get("id")) for item in items)
    problems += [f"duplicate id {i}" for i, n in ids.items() if n > 1]
    sessions: dict[str, int] = collections.Counter()

    for n, item in enumerate(items):
        iid = str(item.get("id", f"<item {n}>"))
        if not ID_RE.match(iid):
            problems.append(f"{iid}: id is not kebab-case")
        extra = set(item) - FIELDS
        if extra:
            problems.append(f"{iid}: unknown field(s) {sorted(extra)}")
        if not str(item.get("question", "")).strip():
            problems.append(f"{iid}: empty question")
        kind, expect = item.get("kind"), item.get("expect")
        if kind not in KINDS:
            problems.append(f"{iid}: unknown kind {kind!r}")
        if expect not in EXPECTS:
            problems.append(f"{iid}: unknown expect {expect!r}")
        elif kind in KINDS and expect not in KIND_EXPECT[kind]:
            problems.append(f"{iid}: expect {expect!r} not allowed for kind {kind!r}")

        if kind == "followup":
            if not item.get("session"):
                problems.append(f"{iid}: followup without session")
            else:
                sessions[str(item["session"])] += 1
        elif "session" in item:
            problems.append(f"{iid}: session given on a non-followup item")

        facts = item.get("expected_facts", [])
        sources = item.get("expected_sources", [])
        compile_all(iid, "expected_facts", facts, problems)
        if "forbidden" in item:
            compile_all(iid, "forbidden", item["forbidden"], problems)
        if kind in ("injection", "version") and not item.get("forbidden"):
            problems.append(f"{iid}: {kind} without forbidden regexes")
        if not isinstance(sources, list):
            problems.append(f"{iid}: expected_sources must be a list")
            sources = []
        if not isinstance(facts, list):
            facts = []

        if expect == "decline":
            if facts or sources:
                problems.append(f"{iid}: a decline must have empty expected_facts and sources")
            continue
        if expect == "emergency":
            if not facts:
                problems.append(f"{iid}: emergency without expected_facts (emergency numbers)")
            if sources:
                problems.append(f"{iid}: emergency items take no expected_sources")
            continue
        if expect != "answer":
            continue

        checked = [f for f in facts if isinstance(f, str) and not f.startswith(YN)]
        if not checked or not sources:
            problems.append(f"{iid}: an answer needs a non-yes/no expected fact and sources")
        known = []
        for src in sources:
            if src not in texts:
                problems.append(f"{iid}: unknown source {src}")
            else:
                known.append(src)
        for fact in checked:
            try:
                rx = re.compile(fact, re.IGNORECASE)
            except re.error:
                continue
            if known and not any(rx.search(texts[src]) for src in known):
                problems.append(f"{iid}: fact {fact!r} matches none of {known}")

    problems += [f"session {s!r} has {k} turn(s), needs >= 2" for s, k in sessions.items() if k < 2]
    everything = " ".join(texts.values()).casefold()
    problems += [f"resident name {r!r} found in the documents"
                 for r in RESIDENTS if r in everything]
    return problems


def main(argv: list[str]) -> int:
    path = Path(argv[1]) if len(argv) > 1 else QUESTIONS
    items = yaml.safe_load(path.read_text(encoding="utf-8"))
    texts = {p.name: norm(document_text(p)) for p in sorted(DOCS.iterdir()) if p.is_file()}
    problems = check(items, texts)
    if isinstance(items, list):
        kinds = collections.Counter(str(i.get("kind")) for i in items)
        expects = collections.Counter(str(i.get("expect")) for i in items)
        yn = sum(1 for i in items
                 if any(str(f).startswith(YN) for f in i.get("expected_facts", [])))
        print(f"{len(items)} items; kinds {dict(kinds)}; expect {dict(expects)}; yes/no {yn}; "
              f"sessions {len({i['session'] for i in items if i.get('session')})}")
        used = {s for i in items for s in i.get("expected_sources", [])}
        unused = sorted(set(texts) - used)
        if unused:
            print("documents no question points to:", ", ".join(unused))
    for p in problems:
        print("PROBLEM:", p)
    print("OK" if not problems else f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
