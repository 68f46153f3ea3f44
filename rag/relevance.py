"""Is what retrieval found about the question at all? (pure; 0 = unrelated, 1 = on topic)

Retrieval always returns something, so the decline decision needs its own measure:
how many of the question's meaning words the best passage covers (title included),
blended with the dense similarity when the retriever reports it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.grounding import proper_names
from rag.places import Named
from rag.types import Chunk, Passage
from rag.words import content_words, padded_words, topic_words

# multilingual-e5 cosine similarities sit high for everything (0.80-0.83 for a question
# about something else entirely, 0.84-0.92 on topic): only this band carries meaning.
DENSE_FLOOR = 0.83
DENSE_CEIL = 0.89


def lexical_coverage(question: str, passage: Passage) -> float:
    """Share of the question's topic words the passage holds ("horaires" is no topic:
    "les horaires de la poste" is about the post office, which no passage mentions)."""
    words = topic_words(question)
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
    """The best passage's blend of word coverage and dense similarity.

    A passage sharing no meaning word with the question is unrelated, however close its
    embedding ("Quel temps va-t-il faire demain ?" lands near the opening hours).
    """
    best = 0.0
    for passage in passages:
        lexical = lexical_coverage(question, passage)
        if lexical == 0.0:
            continue
        dense = dense_level(passage)
        score = lexical if dense is None else 0.5 * lexical + 0.5 * dense
        best = max(best, score)
    return best


def missing_names(question: str, chunks: list[Chunk], towns: Sequence[Named] = ()
                  ) -> list[str]:
    """Names in the question that the answering passages never mention ("la mairie de
    Tours"): they are then about something else, however close their other words.
    ``towns``: the towns the question names (rag/places.py), capitalised or not; where
    the visitor lives or comes from (« j'habite à Amboise ») or goes to is no such name."""
    text = " ".join(f"{c.title} {c.section} {c.text}" for c in chunks)
    found = padded_words(text)
    asked = {t.said for t in towns if t.asked}
    theirs = {w for t in towns if t.said not in asked for w in t.said.split()}
    names = {n for n in proper_names(question) if n not in theirs} | asked
    return sorted(n for n in names
                  if f" {' '.join(re.findall(r'[a-z0-9]+', n))} " not in found)
