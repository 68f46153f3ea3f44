"""How retrieval candidates are ordered (pure): fusion, duplicates, newest version first.

- Reciprocal rank fusion of the dense and lexical rankings, scaled to 0..1.
- Near-duplicates (the same text in two files, e.g. a printable copy of a page) collapse
  into one, the web page if there is one, so they do not crowd other sources out.
- Two versions of one topic with different dates (tariffs 2025 and 2026): the older one
  is demoted below the newer and flagged, unless the question names the older one's year.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from rag.asks import FIGURES, figures
from rag.lexical import STOP_WORDS, stem, words
from rag.types import Chunk

RRF_K = 60
OLDER_VERSION_FACTOR = 0.5
DUPLICATE_CONTAINMENT = 0.6
_NUMBER = re.compile(r"\d+(?:[,.]\d+)?")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


@dataclass(frozen=True)
class Ranked:
    index: int  # position in the snapshot's chunk list
    score: float
    dense: float
    lexical: float
    superseded: bool = False


def fuse(
    dense: Sequence[int],
    lexical: Sequence[int],
    dense_weight: float = 1.0,
    lexical_weight: float = 1.0,
) -> dict[int, float]:
    """Reciprocal rank fusion; 1.0 means first in both rankings."""
    scores: dict[int, float] = {}
    for weight, ranking in ((dense_weight, dense), (lexical_weight, lexical)):
        for rank, index in enumerate(ranking):
            scores[index] = scores.get(index, 0.0) + weight / (RRF_K + rank + 1)
    best = (dense_weight + lexical_weight) / (RRF_K + 1)
    return {i: s / best for i, s in scores.items()}


@dataclass(frozen=True)
class Features:
    """What the comparisons need from a chunk, computed once per chunk."""

    shingles: frozenset[tuple[str, ...]]
    numbers: frozenset[str]
    topic: frozenset[str]  # stemmed words of title and section, years and stop words out
    terms: frozenset[str]  # stemmed content words of the text, numbers out
    stated: tuple[tuple[str, frozenset[str]], ...] = ()  # (kind, figures) it states


def features(chunk: Chunk) -> Features:
    body = words(chunk.text)
    shingles = frozenset(tuple(body[i : i + 3]) for i in range(max(1, len(body) - 2)))

    def meaningful(text: str) -> frozenset[str]:
        return frozenset(
            stem(w) for w in words(text) if w not in STOP_WORDS and not w.isdigit() and len(w) > 1
        )

    return Features(
        shingles=shingles,
        numbers=frozenset(_NUMBER.findall(chunk.text)),
        topic=meaningful(f"{chunk.title} {chunk.section}"),
        terms=meaningful(chunk.text),
        stated=tuple(
            (kind, frozenset(found)) for kind in FIGURES if (found := figures(kind, chunk.text))
        ),
    )


def near_duplicate(a: Features, b: Features) -> bool:
    """Most of the smaller text's word triples appear in the other, with the same figures."""
    small, large = (a, b) if len(a.shingles) <= len(b.shingles) else (b, a)
    if not small.shingles:
        return False
    shared = len(small.shingles & large.shingles) / len(small.shingles)
    return shared >= DUPLICATE_CONTAINMENT and small.numbers <= large.numbers


def same_topic(a: Features, b: Features) -> bool:
    """Titles/sections that mostly coincide, or texts that share half their words."""
    small, large = sorted((a.topic, b.topic), key=len)
    shared = small & large
    if len(shared) >= 2 and len(shared) / len(small) >= 0.6:
        return True
    return _same_text(a, b)


def _same_text(a: Features, b: Features) -> bool:
    union = a.terms | b.terms
    return bool(union) and len(a.terms & b.terms) / len(union) >= 0.5


def newer_version(older: Features, newer: Features) -> bool:
    """The newer text is another version of the older's topic: the same topic, not a
    broader one by its headings alone (the opening of « Tarifs municipaux 2026 », about
    all tariffs, does not outdate « Conservatoire municipal — Tarifs annuels »)."""
    broader = newer.topic < older.topic and not _same_text(older, newer)
    return same_topic(older, newer) and not broader


def disagree(older: Features, newer: Features) -> bool:
    """The newer text states other figures of a kind the older states (prices, hours,
    days...), or the older states none (a title page): an older text is outdated where a
    newer one says something else, not wherever it shares a heading (a tariff sheet is
    not outdated by the newer page that explains how to enrol)."""
    a, b = older, newer
    if not a.stated:
        return True
    theirs = dict(b.stated)
    return any(kind in theirs and found != theirs[kind] for kind, found in a.stated)


def _years(text: str) -> set[int]:
    return {int(y) for y in _YEAR.findall(text)}


Pair = Callable[[int, int], bool]  # a relation between two chunks, by index (cacheable)


def prefer_newest(
    ranked: list[Ranked], chunks: Sequence[Chunk], related: Pair, query: str
) -> list[Ranked]:
    """Demote a passage when a newer version of the same topic is also a candidate.

    `related(i, j)`: same topic and figures that disagree (see `same_topic`, `disagree`),
    passed in so callers can cache it.
    """
    asked = _years(query)
    out = []
    for item in ranked:
        mine = chunks[item.index]
        if mine.doc_date is None or mine.doc_date.year in asked:
            out.append(item)
            continue
        newer = [
            other for other in ranked
            if (theirs := chunks[other.index]).doc_date and theirs.doc_date > mine.doc_date
            and theirs.source_file != mine.source_file
            and related(item.index, other.index)
        ]  # fmt: skip
        if newer:
            best = max(n.score for n in newer)
            item = replace(
                item, score=min(item.score, best) * OLDER_VERSION_FACTOR, superseded=True
            )
        out.append(item)
    return sorted(out, key=lambda r: (-r.score, r.index))


def collapse_duplicates(
    ranked: list[Ranked], chunks: Sequence[Chunk], duplicate: Pair, limit: int | None = None
) -> list[Ranked]:
    """Keep one of each group of near-identical passages, in the best one's place.

    The web page wins over its printable copy (the answer can then say « la page du site »
    and the display shows the page); otherwise the best ranked. `duplicate(i, j)`: see
    `near_duplicate`; stops once `limit` passages are kept.
    """
    kept: list[Ranked] = []
    for item in ranked:
        mine = chunks[item.index]
        twin = next((n for n, k in enumerate(kept)
                     if chunks[k.index].source_file != mine.source_file
                     and duplicate(item.index, k.index)), None)
        if twin is not None:
            if _is_page_of(mine, chunks[kept[twin].index]):
                kept[twin] = replace(item, score=kept[twin].score)
            continue
        kept.append(item)
        if limit is not None and len(kept) >= limit:
            break
    return kept


def _is_page_of(page: Chunk, copy: Chunk) -> bool:
    """`page` is the web page that `copy` (a printable or exported version) repeats."""
    def is_html(c: Chunk) -> bool:
        return c.source_file.lower().endswith((".html", ".htm"))

    not_older = page.doc_date is None or copy.doc_date is None or page.doc_date >= copy.doc_date
    return is_html(page) and not is_html(copy) and not_older
