"""Questions the robot could not answer well, for staff to improve their documents.

Stored redacted (phones, e-mails, introduced names, long numbers) in a JSONL file under
the state dir; the report groups them by normalised question and prints no raw text of
refused questions (insults, injection attempts), only their count per kind.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rag.grounding import fold
from robot.core.redact import redact

log = logging.getLogger(__name__)
FILE_NAME = "unanswered.jsonl"
# Reasons whose question text helps staff write documents; the rest are only counted.
DOCUMENT_GAPS = ("not_found", "model_did_not_know", "no_good_sentence", "low_confidence")


def normalise(question: str) -> str:
    """The grouping key: folded, punctuation and politeness dropped, spaces squeezed."""
    q = fold(question)
    # "je m'appelle [nom]" says nothing about the question: same question, same group.
    q = re.sub(r"\b(je m'appelle|mon nom est|mon nom c'est|moi c'est|je suis \w+) \[nom\]",
               " ", q)
    q = re.sub(r"\b(bonjour|merci|s'il vous plait|s'il te plait|svp|excusez-moi|pardon)\b",
               " ", q)
    q = re.sub(r"[^\w\s'\[\]-]", " ", q)
    return re.sub(r"\s+", " ", q).strip()


class UnansweredLog:
    """Append-only JSONL; one line per declined or low-confidence question."""

    def __init__(self, path: Path, clock: Callable[[], float] = time.time) -> None:
        self.path = path
        self._clock = clock

    def record(self, question: str, reason: str, confidence: float) -> None:
        # Transcripts may lose the apostrophe: "je m appelle Jean" must be redacted too.
        question = re.sub(r"\b([jm])\s+(appelle|appel)\b", r"\1'\2", question, flags=re.I)
        line = {
            "ts": round(self._clock(), 3),
            "question": redact(question) if reason in DOCUMENT_GAPS else "",
            "reason": reason,
            "confidence": round(confidence, 3),
        }
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as f:
                f.write(json.dumps(line, ensure_ascii=False) + "\n")
        except OSError as exc:  # a full disk must not stop the robot answering
            log.warning("cannot record unanswered question in %s: %s", self.path, exc)

    def read(self) -> list[dict[str, object]]:
        if not self.path.exists():
            return []
        out = []
        for raw in self.path.read_text(encoding="utf-8").splitlines():
            try:
                out.append(json.loads(raw))
            except json.JSONDecodeError:
                continue  # a line cut by a power loss
        return out


@dataclass(frozen=True)
class Group:
    question: str  # normalised, redacted
    count: int
    last_seen: float
    reasons: tuple[str, ...]


def group(entries: list[dict[str, object]]) -> tuple[list[Group], dict[str, int]]:
    """(document gaps grouped by question, most asked first; count per refusal kind)."""
    gaps: dict[str, list[dict[str, object]]] = {}
    refused: dict[str, int] = {}
    for e in entries:
        reason = str(e.get("reason", ""))
        if reason not in DOCUMENT_GAPS:
            refused[reason] = refused.get(reason, 0) + 1
            continue
        key = normalise(redact(str(e.get("question", ""))))
        if key:
            gaps.setdefault(key, []).append(e)
    groups = [
        Group(key, len(items), max(_ts(i) for i in items),
              tuple(sorted({str(i.get("reason")) for i in items})))
        for key, items in gaps.items()
    ]
    groups.sort(key=lambda g: (-g.count, -g.last_seen))
    return groups, refused


def _ts(entry: dict[str, object]) -> float:
    value = entry.get("ts", 0.0)
    return float(value) if isinstance(value, int | float) else 0.0


def format_report(groups: list[Group], refused: dict[str, int]) -> str:
    if not groups and not refused:
        return "Aucune question sans réponse enregistrée."
    lines = [f"{'nombre':>6}  {'dernière fois':16}  question (raisons)"]
    for g in groups:
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(g.last_seen))
        lines.append(f"{g.count:>6}  {when:16}  {g.question} ({', '.join(g.reasons)})")
    if refused:
        kinds = ", ".join(f"{k}: {v}" for k, v in sorted(refused.items()))
        lines.append(f"questions refusées (texte non conservé) : {kinds}")
    return "\n".join(lines)
