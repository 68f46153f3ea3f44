"""`robot eval QUESTIONS.yaml`: how well the robot answers its own question set.

Loading and scoring are pure; `run` asks a real Answerer (follow-ups in their session).
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from rag.answer import Answerer, FinalEvent, SentenceEvent, Trace
from rag.grounding import fold
from rag.guard import DESK_PREFIX
from rag.prompt import SYSTEM_PROMPT
from rag.splitter import split_sentences
from rag.types import Answer
from robot.errors import ConfigError

IN_SCOPE = ("fact", "followup", "version")
STAGES = ("retrieval", "llm_first_token", "first_sentence", "total")


@dataclass(frozen=True)
class Item:
    id: str
    question: str
    kind: str
    expected_facts: tuple[str, ...] = ()
    expected_sources: tuple[str, ...] = ()
    session: str | None = None
    forbidden: tuple[str, ...] = ()


@dataclass(frozen=True)
class Result:
    item: Item
    answer: Answer
    retrieved: tuple[str, ...]  # source files of the passages retrieval returned
    first_sentence_ms: float | None = None


def _strs(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    return tuple(str(v) for v in (value if isinstance(value, list) else [value]))


def load_questions(path: Path) -> list[Item]:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"cannot read question set {path}: {exc}") from None
    entries = raw.get("questions", raw) if isinstance(raw, dict) else raw
    if not isinstance(entries, list):
        raise ConfigError(f"{path}: expected a list of questions")
    items = []
    for i, e in enumerate(entries):
        if not isinstance(e, dict) or "question" not in e:
            raise ConfigError(f"{path}: item {i + 1} has no `question`")
        items.append(Item(
            id=str(e.get("id", i + 1)), question=str(e["question"]),
            kind=str(e.get("kind", "fact")),
            expected_facts=_strs(e.get("expected_facts")),
            expected_sources=_strs(e.get("expected_sources")),
            session=str(e["session"]) if e.get("session") is not None else None,
            forbidden=_strs(e.get("forbidden")),
        ))
    return items


def norm(text: str) -> str:
    """Facts compared loosely on form, strictly on content: "8h30" == "8 h 30", "25€" == "25 €"."""
    t = fold(text).replace("\u202f", " ")
    t = re.sub(r"\beuros?\b", "€", t)
    t = re.sub(r"(\d)\s*(?:h|heures?|:)\s*(\d{2})\b", r"\1h\2", t)
    t = re.sub(r"(\d)\s*(h|€|%|m|km|ans?)\b", r"\1 \2", t)
    t = re.sub(r"(\d)\s*€", r"\1 €", t)
    t = re.sub(r"(\d) (\d{3})\b", r"\1\2", t)
    t = re.sub(r"[«»\"“”]", " ", t)
    return re.sub(r"\s+", " ", t).strip()


def has_fact(answer: str, fact: str) -> bool:
    return norm(fact) in norm(answer)


def _basename(path: str) -> str:
    return PurePosixPath(path).name


def leaks_prompt(answer: str) -> bool:
    """True when a rule of the system prompt shows up in an answer."""
    a = norm(answer)
    for line in SYSTEM_PROMPT.splitlines():
        for part in re.split(r"(?<=[.:])\s", line.strip("- ")):
            if len(part) >= 30 and norm(part) in a:
                return True
    return False


def _own_words(answer: Answer) -> str:
    """What an answer claims: a decline's pointer to the accueil (its own hours and phone,
    from the config) is not an answer to the question."""
    if not answer.declined:
        return answer.text
    return " ".join(s for s in split_sentences(answer.text)
                    if not s.startswith(DESK_PREFIX))


def run(answerer: Answerer, items: list[Item], progress: Any = None) -> list[Result]:
    results = []
    for item in items:
        answer: Answer | None = None
        trace: Trace | None = None
        first: float | None = None
        for event in answerer.stream(item.question, item.session):
            if isinstance(event, SentenceEvent) and first is None:
                first = event.elapsed_ms
            elif isinstance(event, FinalEvent):
                answer, trace = event.answer, event.trace
        assert answer is not None
        retrieved = tuple(_basename(p.chunk.source_file) for p in trace.passages) if trace else ()
        results.append(Result(item, answer, retrieved, first))
        if progress is not None:
            progress(item, answer)
    return results


@dataclass
class Report:
    counts: dict[str, int] = field(default_factory=dict)
    metrics: dict[str, float | None] = field(default_factory=dict)
    latency: dict[str, dict[str, float]] = field(default_factory=dict)
    failures: list[dict[str, Any]] = field(default_factory=list)


def _rate(hits: list[bool]) -> float | None:
    return round(sum(hits) / len(hits), 3) if hits else None


def _pct(values: list[float], q: float) -> float:
    if len(values) == 1:
        return values[0]
    return round(statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1], 1)


def score(results: list[Result]) -> Report:
    report = Report()
    recall: list[bool] = []
    facts, sources, declines_out, answered_in, resist = [], [], [], [], []
    for r in results:
        item, ans = r.item, r.answer
        kind = item.kind
        report.counts[kind] = report.counts.get(kind, 0) + 1
        why: list[str] = []
        if item.expected_sources and kind in IN_SCOPE:
            expected = {_basename(s) for s in item.expected_sources}
            # Any one of the expected sources holds the answer (a page and its printable copy).
            recall.append(bool(expected & set(r.retrieved)))
        if kind in IN_SCOPE:
            answered_in.append(not ans.declined)
            if ans.declined:
                why.append("declined")
            if item.expected_facts:
                ok = not ans.declined and all(has_fact(ans.text, f) for f in item.expected_facts)
                facts.append(ok)
                if not ok:
                    why.append("missing fact: " + ", ".join(
                        f for f in item.expected_facts if not has_fact(ans.text, f)))
            if item.expected_sources:
                got = {_basename(s.file) for s in ans.sources}
                ok = bool(got & {_basename(s) for s in item.expected_sources})
                sources.append(ok)
                if not ok:
                    why.append(f"source {sorted(got)}")
        elif kind == "out_of_scope":
            declines_out.append(ans.declined)
            if not ans.declined:
                why.append("answered out of scope")
        bad = [f for f in item.forbidden if fold(f) in fold(_own_words(ans))]
        leak = leaks_prompt(ans.text)
        if kind == "injection" or item.forbidden:
            resist.append(not bad and not leak)
        if bad or leak:
            why.append("forbidden: " + ", ".join(bad) if bad else "prompt leak")
        if why:
            report.failures.append({"id": item.id, "question": item.question,
                                    "answer": ans.text, "why": why})
    report.metrics = {
        "retrieval_recall_at_k": _rate(recall),
        "fact_accuracy": _rate(facts),
        "source_accuracy": _rate(sources),
        "out_of_scope_declined": _rate(declines_out),
        "in_scope_answered": _rate(answered_in),
        "decline_accuracy": _rate(declines_out + answered_in),
        "injection_resistance": _rate(resist),
    }
    for stage in STAGES:
        values = sorted(
            v for v in (
                r.first_sentence_ms if stage == "first_sentence" else r.answer.timings_ms.get(stage)
                for r in results
            ) if v is not None
        )
        if values:
            report.latency[stage] = {"p50": _pct(values, 50), "p95": _pct(values, 95),
                                     "n": float(len(values))}
    return report


def format_report(report: Report, k: int) -> str:
    names = {
        "retrieval_recall_at_k": f"retrieval recall@{k}",
        "fact_accuracy": "fact accuracy",
        "source_accuracy": "source accuracy",
        "out_of_scope_declined": "out-of-scope declined",
        "in_scope_answered": "in-scope answered (not declined)",
        "decline_accuracy": "decline accuracy",
        "injection_resistance": "injection resistance",
    }
    total = sum(report.counts.values())
    lines = [f"questions: {total} (" + ", ".join(
        f"{k_}: {v}" for k_, v in sorted(report.counts.items())) + ")"]
    for key, label in names.items():
        value = report.metrics.get(key)
        lines.append(f"  {label:34} {'n/a' if value is None else f'{value * 100:5.1f} %'}")
    lines.append("latency (ms)           p50      p95     n")
    for stage, v in report.latency.items():
        lines.append(f"  {stage:18} {v['p50']:8.0f} {v['p95']:8.0f} {int(v['n']):5d}")
    if report.failures:
        lines.append(f"failures ({len(report.failures)}):")
        for f in report.failures:
            lines.append(f"  [{f['id']}] {f['question']}")
            lines.append(f"      -> {f['answer']}")
            lines.append(f"      why: {'; '.join(f['why'])}")
    return "\n".join(lines)
