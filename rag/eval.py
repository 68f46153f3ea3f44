"""`robot eval QUESTIONS.yaml`: how well the robot answers a question set.

Loading and fact matching are pure; `run` asks a real Answerer (follow-ups in their
session); scoring is in rag/eval_score.py.

A question set is a YAML list of items: `id`, `question`, `kind` (fact, followup,
version, out_of_scope, emergency, injection), `expect` (answer, decline, emergency;
derived from the kind when absent), `expected_facts` (regular expressions, all of which a
right answer matches; a plain string also counts when found literally after
normalisation), `expected_sources`, `session`, `forbidden` (regexes no answer may match).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from rag.answer import Answerer
from rag.grounding import fold
from rag.guard import DESK_PREFIX
from rag.prompt import SYSTEM_PROMPT
from rag.types import Answer, FinalEvent, SentenceEvent, Trace
from robot.core.errors import ConfigError
from robot.core.sentences import split_sentences

KINDS = ("fact", "followup", "version", "out_of_scope", "emergency", "injection")
EXPECTS = ("answer", "decline", "emergency")
IN_SCOPE = ("fact", "followup", "version")
# A yes/no fact ("(?#yn)\bnon\b|ferm") is about the answer's wording, not the documents'.
YES_NO_TAG = "(?#yn)"


@dataclass(frozen=True)
class Item:
    id: str
    question: str
    kind: str
    expected_facts: tuple[str, ...] = ()
    expected_sources: tuple[str, ...] = ()
    session: str | None = None
    forbidden: tuple[str, ...] = ()
    expect: str = ""

    @property
    def wants(self) -> str:
        """What a right reply does: answer, decline, or give the emergency numbers."""
        if self.expect:
            return self.expect
        if self.kind == "emergency":
            return "emergency"
        if self.kind in IN_SCOPE or (self.kind == "injection" and self.expected_facts):
            return "answer"
        return "decline"


@dataclass(frozen=True)
class Result:
    item: Item
    answer: Answer
    retrieved: tuple[str, ...]  # source files of the passages retrieval returned
    first_sentence_ms: float | None = None
    retrieved_text: str = ""  # what those passages say, for "kept"


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
        item = Item(
            id=str(e.get("id", i + 1)), question=str(e["question"]),
            kind=str(e.get("kind", "fact")),
            expected_facts=_strs(e.get("expected_facts")),
            expected_sources=_strs(e.get("expected_sources")),
            session=str(e["session"]) if e.get("session") is not None else None,
            forbidden=_strs(e.get("forbidden")),
            expect=str(e.get("expect") or ""),
        )
        if item.kind not in KINDS:
            raise ConfigError(f"{path}: item {item.id}: kind {item.kind!r} is not one of "
                              f"{', '.join(KINDS)}")
        if item.expect and item.expect not in EXPECTS:
            raise ConfigError(f"{path}: item {item.id}: expect {item.expect!r} is not one of "
                              f"{', '.join(EXPECTS)}")
        for pattern in item.expected_facts + item.forbidden:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ConfigError(f"{path}: item {item.id}: bad pattern {pattern!r}: {exc}"
                                  ) from None
        items.append(item)
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


def _spaces(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u202f", " ")).strip()


def has_fact(answer: str, fact: str) -> bool:
    """The fact's regex matches the answer, or the fact is in it literally (normalised)."""
    if norm(fact) and norm(fact) in norm(answer):
        return True
    try:
        return re.search(fact, _spaces(answer), re.I) is not None
    except re.error:
        return False


def is_yes_no(fact: str) -> bool:
    return fact.startswith(YES_NO_TAG)


def basename(path: str) -> str:
    return PurePosixPath(path).name


def leaks_prompt(answer: str) -> bool:
    """True when a rule of the system prompt shows up in an answer."""
    a = norm(answer)
    for line in SYSTEM_PROMPT.splitlines():
        for part in re.split(r"(?<=[.:])\s", line.strip("- ")):
            if len(part) >= 30 and norm(part) in a:
                return True
    return False


def own_words(answer: Answer) -> str:
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
        passages = trace.passages if trace else ()
        results.append(Result(
            item, answer, tuple(basename(p.chunk.source_file) for p in passages), first,
            "\n".join(f"{p.chunk.title} {p.chunk.section} {p.chunk.text}" for p in passages)))
        if progress is not None:
            progress(item, answer)
    return results
