"""Check rag/heldout/questions.yaml against rag/heldout/documents/.

Checks: ids unique (kebab-case); kind and expect valid and consistent; regexes compile;
every expected fact (except the yes/no ones marked with a leading `(?#yn)`) matches the text
of at least one expected source; sources exist; declines have no facts and no sources;
follow-up sessions have 2 turns or more; forbidden regexes do not trivially match the
expected facts (neither the text the fact matches in the source nor the fact's own
alternatives); version items' forbidden values really occur in the corpus (the old
document); no resident name: every "M./Mme X" in the corpus is a public office holder and
the people named in questions do not occur in the corpus.

Run: /tmp/heldout-venv/bin/python rag/heldout/check_questions.py   (exit 1 on any problem)
Needs pyyaml, pypdf, python-docx, beautifulsoup4, icalendar.
"""

from __future__ import annotations

import collections
import csv
import datetime as dt
import re
import sys
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
DOCS = HERE / "documents"
sys.dont_write_bytecode = True  # keep rag/heldout/ free of __pycache__
sys.path.insert(0, str(HERE))
import build_corpus  # noqa: E402  (SCANNED_TEXT, OFFICE_HOLDERS)

KINDS = {"fact", "followup", "version", "out_of_scope", "emergency", "injection"}
EXPECT_BY_KIND = {
    "fact": {"answer"},
    "followup": {"answer"},
    "version": {"answer"},
    "out_of_scope": {"decline"},
    "emergency": {"emergency"},
    "injection": {"answer", "decline"},
}
FIELDS = {
    "id",
    "question",
    "kind",
    "expect",
    "expected_facts",
    "expected_sources",
    "forbidden",
    "session",
    "notes",
}
YN = "(?#yn)"
ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
WEEKDAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]


def _ics_when(value: Any) -> str:
    d = value.dt
    text = f"{WEEKDAYS[d.weekday()]} {build_corpus.french_date(d)}"
    if isinstance(d, dt.datetime):
        text += f" à {d.hour} h {d.minute:02d}"
    return text


def document_text(path: Path) -> str:
    """Plain text of a document, roughly as an ingester would see it."""
    suffix = path.suffix.lower()
    if path.name in build_corpus.SCANNED_TEXT:
        # The PDF is only an image: this is what a human (or an OCR) reads on it.
        return build_corpus.SCANNED_TEXT[path.name]
    if suffix == ".pdf":
        from pypdf import PdfReader

        return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)
    if suffix == ".docx":
        from docx import Document

        doc = Document(str(path))
        parts = [p.text for p in doc.paragraphs]
        for table in doc.tables:
            parts += [" | ".join(c.text for c in row.cells) for row in table.rows]
        return "\n".join(parts)
    if suffix == ".html":
        from bs4 import BeautifulSoup

        main = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").find("main")
        return main.get_text(" ") if main else ""
    if suffix == ".ics":
        from icalendar import Calendar

        cal = Calendar.from_ical(path.read_bytes())
        out = []
        for ev in cal.walk("VEVENT"):
            when = _ics_when(ev["DTSTART"])
            if ev.get("RRULE"):
                rule = ev["RRULE"].to_ical()
                when += " (répété : " + (rule.decode() if isinstance(rule, bytes) else rule) + ")"
            out.append(
                " - ".join(
                    [
                        str(ev.get("SUMMARY", "")),
                        when,
                        str(ev.get("LOCATION", "")),
                        str(ev.get("DESCRIPTION", "")),
                    ]
                )
            )
        return "\n".join(out)
    if suffix == ".csv":
        raw = path.read_text(encoding="utf-8")
        delim = ";" if raw.splitlines()[0].count(";") > raw.splitlines()[0].count(",") else ","
        rows = list(csv.reader(raw.splitlines(), delimiter=delim))
        return "\n".join(" ; ".join(r) for r in rows)
    return path.read_text(encoding="utf-8")


def norm(text: str) -> str:
    """Collapse whitespace; NBSP and narrow NBSP become plain spaces."""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u202f", " ")).strip()


def alternatives(pattern: str) -> list[str]:
    """Rough literal forms of a regex's top-level alternatives (for the 'trivial' check)."""
    pattern = pattern.removeprefix(YN)
    out = []
    for alt in re.split(r"(?<!\\)\|", pattern):
        lit = re.sub(r"\\b|\^|\$|\(\?:|\(\?i\)", "", alt)
        lit = re.sub(r"\\s\*|\\s\+|\\s\?| \?", " ", lit)
        lit = re.sub(r"[()?*+]|\.\{\d*,?\d*\}|\{\d*,?\d*\}", "", lit)
        lit = lit.replace("\\", "")
        if lit.strip():
            out.append(lit.strip())
    return out


def people_in(text: str) -> set[str]:
    """Names written after a civility: 'Mme Claire Vasseur', 'M. Ferrand', 'Madame Dupuis'."""
    found = set()
    civility = r"\b(?:M\.|Mme|Mlle|Monsieur|Madame)\s+((?:[A-ZÉÈ][\w'-]+\s?){1,3})"
    for m in re.finditer(civility, text):
        name = m.group(1).strip()
        if name.split()[0] in {"la", "le", "La", "Le"}:
            continue
        found.add(name)
    return found


def check(items: list[dict[str, Any]]) -> list[str]:
    raw = {p.name: document_text(p) for p in sorted(DOCS.iterdir()) if p.is_file()}
    texts = {name: norm(t) for name, t in raw.items()}
    everything = "\n".join(texts.values())
    problems: list[str] = []

    ids = collections.Counter(str(item.get("id")) for item in items)
    problems += [f"duplicate id {i}" for i, n in ids.items() if n > 1]
    sessions: dict[str, list[str]] = collections.defaultdict(list)

    for item in items:
        iid = str(item.get("id"))
        kind, expect = item.get("kind"), item.get("expect")
        extra = set(item) - FIELDS
        if extra:
            problems.append(f"{iid}: unknown field(s) {sorted(extra)}")
        if not ID_RE.match(iid):
            problems.append(f"{iid}: id is not kebab-case")
        if not str(item.get("question", "")).strip():
            problems.append(f"{iid}: empty question")
        if kind not in KINDS:
            problems.append(f"{iid}: unknown kind {kind!r}")
            continue
        if expect not in EXPECT_BY_KIND[kind]:
            problems.append(f"{iid}: expect {expect!r} not valid for kind {kind}")
        facts = item.get("expected_facts")
        sources = item.get("expected_sources")
        forbidden = item.get("forbidden", []) or []
        if not isinstance(facts, list) or not isinstance(sources, list):
            problems.append(f"{iid}: expected_facts and expected_sources must be lists")
            continue
        if kind == "followup":
            if not item.get("session"):
                problems.append(f"{iid}: followup without session")
            else:
                sessions[str(item["session"])].append(iid)
        elif "session" in item:
            problems.append(f"{iid}: session on a non-followup item")

        compiled = {}
        for pat in facts + forbidden:
            try:
                compiled[pat] = re.compile(pat, re.IGNORECASE)
            except re.error as exc:
                problems.append(f"{iid}: bad regex {pat!r}: {exc}")
        if any(p not in compiled for p in facts + forbidden):
            continue

        if expect == "decline":
            if facts or sources:
                problems.append(f"{iid}: a decline has expected_facts: [] and no sources")
        elif expect == "emergency":
            if not any(compiled[f].search("appelez le 15 ou le 112") for f in facts):
                problems.append(f"{iid}: emergency item without a 15/112 fact")
        else:
            if not facts or not sources:
                problems.append(f"{iid}: an answer needs expected_facts and expected_sources")
        if kind in {"injection", "version"} and not forbidden:
            problems.append(f"{iid}: {kind} item without forbidden")

        for src in sources:
            if src not in texts:
                problems.append(f"{iid}: unknown source {src}")

        matched: list[str] = []  # the source text each fact matches
        for f in facts:
            if f.startswith(YN):
                matched += alternatives(f)
                continue
            hits = [compiled[f].search(texts[s]) for s in sources if s in texts]
            hits = [h for h in hits if h]
            if sources and not hits:
                problems.append(f"{iid}: fact {f!r} matches none of {sources}")
            matched += [h.group(0) for h in hits if h] + alternatives(f)
        for fb in forbidden:
            for m in matched:
                if compiled[fb].search(m):
                    problems.append(f"{iid}: forbidden {fb!r} matches expected fact text {m!r}")
                    break
            if kind == "version" and not compiled[fb].search(everything):
                problems.append(f"{iid}: version forbidden {fb!r} is in no document")

        for name in people_in(norm(str(item.get("question", "")))):
            if name in everything or name.split()[-1] in everything:
                problems.append(f"{iid}: person {name!r} from the question is in the corpus")
            if any(name.lower() in f.lower() for f in facts):
                problems.append(f"{iid}: person {name!r} in expected_facts")

    problems += [f"session {s!r} has {len(v)} turn(s)" for s, v in sessions.items() if len(v) < 2]

    allowed = set(build_corpus.OFFICE_HOLDERS)
    for name, text in raw.items():
        for person in people_in(norm(text)):
            if not any(person in holder or holder.endswith(person) for holder in allowed):
                problems.append(f"{name}: names {person!r}, who is not a public office holder")
    return problems


def main() -> int:
    items = yaml.safe_load((HERE / "questions.yaml").read_text(encoding="utf-8"))
    problems = check(items)
    kinds = collections.Counter(item.get("kind") for item in items)
    expects = collections.Counter(item.get("expect") for item in items)
    print(f"{len(items)} items; by kind: {dict(kinds)}; by expect: {dict(expects)}")
    for p in problems:
        print("PROBLEM:", p)
    print("OK" if not problems else f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
