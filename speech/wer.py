"""Word error rate, for tests and benchmarks: edit distance over normalised words. Pure."""

from __future__ import annotations

import re
import unicodedata


def words(text: str) -> list[str]:
    """Lower case, no punctuation; apostrophes and hyphens split words ("d'identité")."""
    text = unicodedata.normalize("NFC", text).lower().replace("’", "'")
    return re.findall(r"[^\W_]+", text)


def wer(reference: str, hypothesis: str) -> float:
    """(substitutions + deletions + insertions) / reference words; 0.0 is perfect."""
    ref, hyp = words(reference), words(hypothesis)
    if not ref:
        return 0.0 if not hyp else 1.0
    previous = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        current = [i]
        for j, h in enumerate(hyp, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (r != h)))
        previous = current
    return previous[-1] / len(ref)
