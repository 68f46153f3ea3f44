"""Is what retrieval found about the question at all? (pure; 0 = unrelated, 1 = on topic)

Retrieval always returns something, so the decline decision needs its own measure:
how many of the question's meaning words the best passage covers (title included),
blended with the dense similarity when the retriever reports it.
"""

from __future__ import annotations

from rag.extractive import content_words
from rag.types import Passage

# multilingual-e5 cosine similarities sit high for everything: map the useful band.
DENSE_FLOOR = 0.78
DENSE_CEIL = 0.90


def lexical_coverage(question: str, passage: Passage) -> float:
    words = content_words(question)
    if not words:
        return 0.0
    chunk = passage.chunk
    found = content_words(f"{chunk.title} {chunk.section} {chunk.text}")
    return len(words & found) / len(words)


def dense_level(passage: Passage) -> float | None:
    if passage.dense is None:
        return None
    return min(1.0, max(0.0, (passage.dense - DENSE_FLOOR) / (DENSE_CEIL - DENSE_FLOOR)))


def relevance(question: str, passages: list[Passage]) -> float:
    """The best passage's blend of word coverage and dense similarity."""
    best = 0.0
    for passage in passages:
        lexical = lexical_coverage(question, passage)
        dense = dense_level(passage)
        score = lexical if dense is None else 0.6 * lexical + 0.4 * dense
        best = max(best, score)
    return best
