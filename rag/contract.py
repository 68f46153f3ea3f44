"""The JSON shape of an answer: one contract for `robot ask --json`, `ask --wav`,
the HTTP API and the scripts that read them (pure)."""

from __future__ import annotations

from typing import Any

from rag.types import Answer

TIMING_KEYS = ("retrieval", "llm_first_token", "total")


def answer_to_json(answer: Answer, id: Any = None, extra: dict[str, Any] | None = None
                   ) -> dict[str, Any]:
    """The contract: id, question, answer (the spoken text), sources, declined, reason
    (not_found, elsewhere, not_understood, a guard refusal... or null), language,
    timings_ms {retrieval, llm_first_token, total} (null when a stage did not run).

    `extra` adds fields (e.g. the reply WAV path of `--wav`), never replaces these.
    """
    out: dict[str, Any] = {
        "id": id,
        "question": answer.question,
        "answer": answer.text,
        "sources": [{"file": s.file, "title": s.title, "page": s.page} for s in answer.sources],
        "declined": answer.declined,
        "reason": answer.reason or None,
        "language": answer.language,
        "timings_ms": {k: answer.timings_ms.get(k) for k in TIMING_KEYS},
    }
    for key, value in (extra or {}).items():
        out.setdefault(key, value)
    return out
