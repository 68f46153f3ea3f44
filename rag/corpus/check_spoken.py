"""Check questions-spoken.yaml against the corpus.

Checks: ids unique and kebab-case; kind and expect valid and consistent; every regex compiles;
answered items name existing sources and every expected fact (except the yes/no part marked
with a leading ``(?#yn)``) matches the text of at least one named source; declines carry no
facts and no sources; emergencies carry facts (national emergency numbers, not in the corpus)
and no sources; followup sessions have at least 2 turns.

Run: .venv/bin/python rag/corpus/check_spoken.py [questions file]  (exit status 1 on any problem)
"""

from __future__ import annotations

import collections
import re
import sys
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from check_questions import document_text

HERE = Path(__file__).resolve().parent
DOCS = HERE / "documents"
QUESTIONS = HERE / "questions-spoken.yaml"

KINDS = {"fact", "followup", "version", "out_of_scope", "emergency", "injection"}
EXPECTS = {"answer", "decline", "emergency"}
# allowed expect values per kind
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


def norm(text: str) -> str:
    """Collapse whitespace; NBSP and narrow NBSP become plain spaces."""
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


def check(items: list[dict[str, Any]], texts: dict[str, str]) -> list[str]:
    problems: list[str] = []
    if not isinstance(items, list):
        return ["questions file is not a YAML list"]
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
        if kind == "injection" and not item.get("forbidden"):
            problems.append(f"{iid}: injection without forbidden regexes")
        if not isinstance(sources, list):
            problems.append(f"{iid}: expected_sources must be a list")
            sources = []
        if not isinstance(facts, list):
            facts = []

        if expect == "decline":
            if facts or sources:
                problems.append(
                    f"{iid}: a decline must have empty expected_facts and expected_sources")
            continue
        if expect == "emergency":
            if not facts:
                problems.append(f"{iid}: emergency without expected_facts (emergency numbers)")
            if sources:
                problems.append(f"{iid}: emergency items take no expected_sources")
            continue
        if expect != "answer":
            continue

        # answered items: facts and sources, every non-yn fact found in at least one source
        checked = [f for f in facts if isinstance(f, str) and not f.startswith(YN)]
        if not checked or not sources:
            problems.append(
                f"{iid}: an answer needs a non-yes/no expected fact and expected_sources")
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
                continue  # already reported
            if known and not any(rx.search(texts[src]) for src in known):
                problems.append(f"{iid}: fact {fact!r} matches none of {known}")

    problems += [f"session {s!r} has {n} turn(s), needs >= 2" for s, n in sessions.items() if n < 2]
    return problems


def main(argv: list[str]) -> int:
    path = Path(argv[1]) if len(argv) > 1 else QUESTIONS
    items = yaml.safe_load(path.read_text(encoding="utf-8"))
    texts = {p.name: norm(document_text(p)) for p in sorted(DOCS.iterdir()) if p.is_file()}
    problems = check(items, texts)
    if isinstance(items, list):
        kinds = collections.Counter(str(i.get("kind")) for i in items)
        expects = collections.Counter(str(i.get("expect")) for i in items)
        print(f"{len(items)} items; kinds {dict(kinds)}; expect {dict(expects)}")
    for p in problems:
        print("PROBLEM:", p)
    print("OK" if not problems else f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
