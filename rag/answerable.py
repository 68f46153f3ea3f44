"""Do the retrieved passages answer the question? A calibrated decision (pure).

A logistic model over two measured signals replaces hand-set floors: the e5 cosine of
the best passage and its BM25 score (how many of the question's rarer words it holds).
Fitted on the Saint-Aubin tuning sets (rag/corpus/questions.yaml and
questions-spoken.yaml: 117 questions with an answer, 22 without, emergencies and guard
refusals aside) with class-balanced weights; `scripts/calibrate_decline.py` refits it
and prints the figures. At the threshold below, on that data: "should decline"
precision 0.61, recall 0.86, answerable questions answered 0.90 (the same left one out).
Other signals measured and left out, as they added nothing left one out: the best
unit's cosine, the topic-word coverage, the cosine margin of the best unit. The
threshold favours answering: a wrong "je n'ai pas trouvé" sends a visitor away.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from rag.relevance import relevance
from rag.types import Passage

# (weight per raw feature, bias): see the module docstring for how they were fitted.
WEIGHTS = {"dense": 85.336, "bm25": 0.356}
BIAS = -75.02
THRESHOLD = 0.35


@dataclass(frozen=True)
class Signals:
    dense: float  # best passage cosine to the question (e5)
    bm25: float  # best passage BM25 score (rag/lexical.py)


def probability(s: Signals) -> float:
    """How likely the passages hold the answer (0-1)."""
    z = BIAS + WEIGHTS["dense"] * s.dense + WEIGHTS["bm25"] * s.bm25
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


def answerable(s: Signals) -> bool:
    return probability(s) >= THRESHOLD


def decide(question: str, passages: list[Passage], *, by_meaning: bool,
           min_relevance: float) -> tuple[float, bool, bool]:
    """(score, answer?, calibrated?) for what retrieval found. The calibrated decision
    needs dense and BM25 scores and units ranked by meaning; without them (an index
    embedded by another model, another retriever) the older word-and-cosine relevance
    of rag/relevance.py against `min_relevance`."""
    signals = _signals(passages) if by_meaning else None
    if signals is None:
        rel = relevance(question, passages)
        return rel, rel >= min_relevance, False
    p = probability(signals)
    return p, p >= THRESHOLD, True


def passages_probability(passages: list[Passage]) -> float:
    """`probability` of what a search found (0 when it has no dense or BM25 scores)."""
    signals = _signals(passages)
    return probability(signals) if signals is not None else 0.0


def _signals(passages: list[Passage]) -> Signals | None:
    """The best current passage's cosine and BM25, or None when a score is missing."""
    current = [p for p in passages if not p.superseded]
    if not current or any(p.dense is None or p.lexical is None for p in current):
        return None
    return Signals(dense=max(p.dense or 0.0 for p in current),
                   bm25=max(p.lexical or 0.0 for p in current))
