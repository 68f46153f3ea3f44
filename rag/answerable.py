"""Do the retrieved passages answer the question? A calibrated decision (pure).

A logistic model over three measured signals replaces hand-set floors: the e5 cosine
of the best passage, the e5 cosine of the best answering unit (rag/meaning.py), and
the share of the question's topic words the best passage holds (rag/relevance.py).
Fitted on the Saint-Aubin tuning sets (rag/corpus/questions.yaml and
questions-spoken.yaml: 116 questions with an answer, 20 without, emergencies and
guard refusals aside) with class-balanced weights; `scripts/calibrate_decline.py`
refits it and prints precision and recall. At the threshold below, on that data:
"should decline" precision 0.52, recall 0.85, in-scope answered 0.86 (leave-one-out
recall 0.80). The features are weak at telling a bus timetable from the opening hours,
so the threshold favours answering: a wrong "je n'ai pas trouvé" sends a visitor away.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

# (weight per raw feature, bias): see the module docstring for how they were fitted.
WEIGHTS = {"dense": 28.77, "unit": 58.898, "coverage": 2.201}
BIAS = -75.976
THRESHOLD = 0.4


@dataclass(frozen=True)
class Signals:
    dense: float  # best passage cosine to the question
    unit: float  # best answering unit cosine to the question
    coverage: float  # share of the question's topic words in the best passage


def probability(s: Signals) -> float:
    """How likely the passages hold the answer (0-1)."""
    z = BIAS + WEIGHTS["dense"] * s.dense + WEIGHTS["unit"] * s.unit + (
        WEIGHTS["coverage"] * s.coverage)
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


def answerable(s: Signals) -> bool:
    return probability(s) >= THRESHOLD
