"""Do the retrieved passages answer the question? A calibrated decision (pure).

A logistic model over two measured signals replaces hand-set floors: the e5 cosine of
the best passage to the question or to one of its clauses, and the best passage's BM25
score (how many of the question's rarer words it holds). Fitted on the Saint-Aubin
tuning sets (rag/corpus/questions.yaml and questions-spoken.yaml: 117 questions with an
answer, 21 without, emergencies and guard refusals aside) with class-balanced weights;
`scripts/calibrate_decline.py` refits it and prints the figures. At the threshold below,
on that data, left one out: "should decline" precision 0.70, recall 0.90, answerable
questions answered 0.93 (with 22 without, before the guard refused role play: 0.70,
0.86, 0.93; the whole question's cosine alone: 0.61, 0.86, 0.90). A long spoken
question's vector is diluted by its other clauses (« j'habite rue des Lilas, je voudrais
agrandir mon garage, on peut construire jusqu'à combien ») where one clause alone meets
the passage. Other signals measured and left out, as they added nothing left one out:
the best unit's cosine (to the question or its clauses), the question with its stop
words removed, the topic-word coverage, the cosine margin of the best unit. The
threshold favours answering: a wrong "je n'ai pas trouvé" sends a visitor away.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from rag.relevance import relevance
from rag.types import Passage
from rag.words import content_words

# The best cosine of texts to passages (HybridRetriever.cosine, RemoteRetriever.cosine).
Cosine = Callable[[list[str], list[Passage]], float]


def best_cosine(queries: list[np.ndarray], passages: list[np.ndarray]) -> float:
    """The highest cosine of any query vector to any passage vector (unit vectors)."""
    if not queries or not passages:
        return 0.0
    return float((np.stack(passages) @ np.stack(queries).T).max())

# (weight per raw feature, bias): see the module docstring for how they were fitted.
WEIGHTS = {"dense": 115.173, "bm25": 0.483}
BIAS = -101.46
THRESHOLD = 0.35


@dataclass(frozen=True)
class Signals:
    dense: float  # best passage cosine to the question or one of its clauses (e5)
    bm25: float  # best passage BM25 score (rag/lexical.py)


# Where a spoken question's clauses meet: punctuation and general French conjunctions.
# A claim reported (« on m'a dit que les amendes… », « c'est vrai que… ») is a clause too.
_CLAUSE = re.compile(r"\s*[,;:?!.]\s*|\s+(?:et|mais|donc|puis|car|parce que|alors)\s+"
                     r"|\s+(?:(?:a|ai|as|avez|ont|m'a|m'ont)\s+dit|dis|dites|paraît|parait"
                     r"|vrai|sûr|sur)\s+qu(?:e\s+|')", re.I)


def clauses(question: str) -> list[str]:
    """The clauses of a question that say something (two content words or more): a
    visitor who first says who they are asks in a later clause, and the whole question's
    vector is diluted by the others."""
    pieces = _CLAUSE.split(question)
    return [p for p in pieces if p and len(content_words(p)) >= 2]


def probability(s: Signals) -> float:
    """How likely the passages hold the answer (0-1)."""
    z = BIAS + WEIGHTS["dense"] * s.dense + WEIGHTS["bm25"] * s.bm25
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


def answerable(s: Signals) -> bool:
    return probability(s) >= THRESHOLD


def decide(question: str, passages: list[Passage], *, by_meaning: bool,
           min_relevance: float, cosine: Cosine | None = None) -> tuple[float, bool, bool]:
    """(score, answer?, calibrated?) for what retrieval found. The calibrated decision
    needs dense and BM25 scores and units ranked by meaning; without them (an index
    embedded by another model, another retriever) the older word-and-cosine relevance
    of rag/relevance.py against `min_relevance`."""
    if not by_meaning or _signals(passages) is None:
        rel = relevance(question, passages)
        return rel, rel >= min_relevance, False
    p = passages_probability(passages, question, cosine)
    return p, p >= THRESHOLD, True


def passages_probability(passages: list[Passage], question: str = "",
                         cosine: Cosine | None = None) -> float:
    """`probability` of what a search found (0 when it has no dense or BM25 scores).
    The clauses' cosines (`cosine`, one e5 query each) are computed only when the whole
    question's falls short: they can only raise it."""
    signals = _signals(passages)
    if signals is None:
        return 0.0
    p = probability(signals)
    # As fitted (scripts/calibrate_decline.py): a single clause counts too, a question
    # whose other pieces say nothing (« bonjour, … ») being judged without them.
    parts = clauses(question) if cosine is not None and p < THRESHOLD else []
    if cosine is None or not parts:
        return p
    current = [x for x in passages if not x.superseded and not x.extra]
    best = max(signals.dense, cosine(parts, current))
    return probability(Signals(dense=best, bm25=signals.bm25))


def _signals(passages: list[Passage]) -> Signals | None:
    """The best current passage's cosine and BM25, or None when a score is missing. The
    passage added for its closest sentence is left out: the decision was fitted on what
    the fusion ranks (rag/retrieval.py, `with_closest`)."""
    current = [p for p in passages if not p.superseded and not p.extra]
    if not current or any(p.dense is None or p.lexical is None for p in current):
        return None
    return Signals(dense=max(p.dense or 0.0 for p in current),
                   bm25=max(p.lexical or 0.0 for p in current))
