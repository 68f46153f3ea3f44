"""Which sentence of the passages answers: by meaning as well as by words.

Word overlap alone picks the neighbouring sentence when a visitor's words differ from
the document's ("ça revient à combien" for "tarif"). Every answering unit (a sentence,
a list item with its introduction, a table row) gets an e5 vector at index time, with
its title and section (a bare row "Tranche C ; Repas : 3,20 €" means nothing alone);
at question time the word score and the cosine to the question are z-scored among the
candidates and added, with equal weight (measured: the top unit held an expected fact
for 60 % of the tuning questions by words, 61 % by meaning, 74 % with both).

Vectors are keyed by a hash of the unit's text, so an incremental sync embeds only new
units, and kept beside the generation they describe (`units.npz`).
"""

from __future__ import annotations

import hashlib
import logging
import zipfile
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

from rag.cells import is_row, names_a_header
from rag.embeddings import Embedder
from rag.extractive import Scored, chunk_units, meaning_text, rank_sentences
from rag.residence import status_row
from rag.rowkey import named_row
from rag.types import Chunk
from rag.words import (
    asked_days,
    content_words,
    denied_words,
    fold,
    held_against,
    held_in_ranges,
    in_a_period,
    numbers_in,
)

log = logging.getLogger(__name__)
FILE = "units.npz"
BATCH = 32
UNITS_STEP = "unités de réponse"  # what a sync's progress names while it embeds units
_MEMO = 4096  # units embedded at question time (an index built before units.npz)


def unit_key(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=12).digest()


def unit_texts(chunks: Iterable[Chunk]) -> list[str]:
    """The meaning text of every unit of these chunks, as the answering stage sees them."""
    return [meaning_text(c, pos, sentence, lead)
            for c in chunks for pos, sentence, lead in chunk_units(c)]


class UnitVectors:
    """Unit vectors by text; what is missing is embedded on demand and remembered."""

    def __init__(self, embedder: Embedder, table: dict[bytes, np.ndarray] | None = None):
        self.embedder = embedder
        self.table: dict[bytes, np.ndarray] = table or {}
        self._memo: OrderedDict[bytes, np.ndarray] = OrderedDict()

    def fill(self, texts: Sequence[str],
             progress: Callable[[int, int, str], None] | None = None) -> int:
        """Embed the texts not in the table yet (index time); returns how many."""
        missing = self.missing(texts)
        for start in range(0, len(missing), BATCH):
            batch = missing[start:start + BATCH]
            for text, vector in zip(batch, self.embedder.passages(batch), strict=True):
                self.table[unit_key(text)] = vector.astype(np.float16)
            if progress:
                progress(start + len(batch), len(missing), UNITS_STEP)
        return len(missing)

    def missing(self, texts: Sequence[str]) -> list[str]:
        """The texts without a vector in the table, once each."""
        return list(dict.fromkeys(t for t in texts if unit_key(t) not in self.table))

    def vectors(self, texts: Sequence[str]) -> np.ndarray:
        keys = [unit_key(t) for t in texts]
        missing = [t for t, k in zip(texts, keys, strict=True)
                   if k not in self.table and k not in self._memo]
        if missing:
            log.info("%d units had no vector in the index: embedding them now", len(missing))
            for text, vector in zip(missing, self.embedder.passages(missing), strict=True):
                self._memo[unit_key(text)] = vector.astype(np.float16)
            while len(self._memo) > _MEMO:
                self._memo.popitem(last=False)
        rows = [self.table[k] if k in self.table else self._memo[k] for k in keys]
        return np.asarray(rows, dtype=np.float32).reshape(len(keys), -1)

    def save(self, folder: Path, texts: Sequence[str]) -> None:
        """The vectors of these texts only (what the generation holds), beside its rows."""
        keys = list(dict.fromkeys(unit_key(t) for t in texts))
        keys = [k for k in keys if k in self.table]
        dim = next(iter(self.table.values())).shape[0] if self.table else 0
        matrix = np.asarray([self.table[k] for k in keys], np.float16).reshape(len(keys), dim)
        with open(folder / FILE, "wb") as f:
            np.savez(f, keys=np.frombuffer(b"".join(keys), dtype="S12"), vectors=matrix)

    @classmethod
    def load(cls, folder: Path | None, embedder: Embedder) -> UnitVectors:
        """A generation's vectors; none (computed on demand) when it has no file."""
        if folder is None or not (folder / FILE).is_file():
            return cls(embedder)
        try:
            with np.load(folder / FILE) as data:
                keys, matrix = data["keys"], data["vectors"]
                table = {bytes(k).ljust(12, b"\0"): v for k, v in zip(keys, matrix, strict=True)}
        except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:
            log.warning("unit vectors of %s unreadable (%s): computed on demand", folder, exc)
            return cls(embedder)
        return cls(embedder, table)


def _z(values: np.ndarray) -> np.ndarray:
    spread = float(values.std())
    return (values - values.mean()) / spread if spread > 1e-6 else values * 0.0


# Measured on the two tuning sets: 0.25 put 2 more of the older set's 51 answers right
# and 1 fewer of the spoken set's 104; 0.5 and 1.0 lost on both.
PRECISION_WEIGHT = 0.25
ROW_FIGURE_BONUS = 1.0  # in z units: as much as one standard deviation of both scores
# A follow-up's own words (rank_units' focus), beside the merged query. Measured on the
# two tuning sets: 0.5 put 1 more of the spoken set's 104 right and kept the older set's
# 51; 1.0 lost one there (« Et pour un enfant de 12 ans ? » read the age rule, not the
# price the topic asked).
FOCUS_WEIGHT = 0.5
# The document a follow-up's topic was answered from (rank_units' topic_source), in z
# units. Measured on the short follow-ups written for both tuning communes: 0.5 and 1.0
# put 1 more of 53 right on the second and changed none of the first's 54, nor any
# answer of the three tuning sets.
TOPIC_SOURCE_WEIGHT = 0.5


def rerank(ranked: list[Scored], chunks: list[Chunk], query_vector: np.ndarray,
           units: UnitVectors, query_text: str = "",
           focus_vector: np.ndarray | None = None, topic_source: str = "") -> list[Scored]:
    """The same units ordered by word score and meaning together (scores kept as they
    are: the decline and context floors are set on the word score). ``focus_vector``:
    what the visitor's own words ask, when the query also carries the conversation's
    topic; its meaning counts beside the query's."""
    if len(ranked) < 2:
        return ranked
    texts = [meaning_text(chunks[c.rank], c.position, c.sentence, c.lead) for c in ranked]
    vectors = units.vectors(texts)
    cosine = vectors @ query_vector.astype(np.float32)
    words = np.array([c.score for c in ranked], dtype=np.float32)
    # Of two units that hold the question's words, the one that says less else is the
    # one asked about ("Entrée adulte : 4,20 €", not "Carte de 10 entrées adulte").
    denied = denied_words(query_text)
    asked_words = content_words(query_text) - denied  # not « sans X »'s X
    said = [{w for w in content_words(c.sentence) if not w.isdigit()} for c in ranked]
    precision = np.array([len(w & asked_words) / max(1, len(w)) for w in said],
                         dtype=np.float32)
    blend = _z(words) + _z(cosine) + PRECISION_WEIGHT * _z(precision)
    if focus_vector is not None:
        blend += FOCUS_WEIGHT * _z(vectors @ focus_vector.astype(np.float32))
    if topic_source:
        # A follow-up goes on with the document its topic was answered from: « et un gamin
        # de dix ans ? » after the pool's adult price is the pool's child row, not the
        # passport's, whose age bands the merged words match as well.
        blend += TOPIC_SOURCE_WEIGHT * np.array(
            [chunks[c.rank].source_file == topic_source for c in ranked], dtype=np.float32)
    # « sans abonnement »: e5 reads the unit naming subscribers as close, negation unseen;
    # the unit holding what the visitor denies is the other case, unless it denies it too,
    # or no other unit names as much of what the visitor asks about (« les courts de
    # tennis sans réserver »: the tennis row says when booking is needed; the others are
    # not about tennis).
    holds_denied = [bool(held_against(denied, said[i], c.sentence))
                    for i, c in enumerate(ranked)]
    for i in (i for i, found in enumerate(holds_denied) if found):
        subject = said[i] & asked_words
        if any(not holds_denied[j] and subject <= said[j] for j in range(len(ranked))):
            blend[i] -= ROW_FIGURE_BONUS
    # The table row holding the visitor's own figure ("quotient 1200", "pour 15 ans")
    # is the row asked for, whatever its neighbours' words.
    # A visitor from elsewhere pays the « hors commune » row, whatever their quotient.
    status = [is_row(c.sentence) and status_row(query_text, c.sentence) for c in ranked]
    for i, found in enumerate(status):
        if found:
            blend[i] += ROW_FIGURE_BONUS
    # A row named by its label (« tranche 2 ») is the one asked; its figure is no range's.
    named = [is_row(c.sentence) and named_row(query_text, c.sentence) for c in ranked]
    for i, found in enumerate(named):
        if found:
            blend[i] += ROW_FIGURE_BONUS
    # Of the rows named, those whose headers the visitor names too.
    headed = [found and names_a_header(query_text, c.sentence)
              for found, c in zip(named, ranked, strict=True)]
    if any(headed) and not all(h == n for h, n in zip(headed, named, strict=True)):
        for i, found in enumerate(headed):
            if found:
                blend[i] += ROW_FIGURE_BONUS / 2
    asked = numbers_in(query_text) if not any(status) and not any(named) else []
    if asked:
        # The rows holding most of the visitor's figures: « 5 ans » falls in every row's
        # « éveil (4-6 ans) », « quotient de 800 » in one row's band only.
        held = [len(held_in_ranges(asked, c.sentence)
                    | set(numbers_in(c.sentence.split(";")[0])) & set(asked))
                if is_row(c.sentence) else 0 for c in ranked]
        # The band found (« Tranche : C », quotient 1 201 - 1 600 €) is the visitor's in
        # the other tables that price by band without restating it (the leisure centre).
        bands = {_first_cell(c.sentence) for c, n in zip(ranked, held, strict=True)
                 if n and n == max(held)}
        for i, (c, count) in enumerate(zip(ranked, held, strict=True)):
            if (count and count == max(held)) or (
                    is_row(c.sentence) and _first_cell(c.sentence) in bands):
                blend[i] += ROW_FIGURE_BONUS
    # So is the unit whose period holds the month the visitor names ("en décembre":
    # the winter hours, "du 1er novembre au 31 mars"), its section's period included.
    days = asked_days(query_text)
    if days:
        for i, text in enumerate(texts):
            if in_a_period(days, text):
                blend[i] += ROW_FIGURE_BONUS
    out = [replace(ranked[i], meaning=float(cosine[i])) for i in order_by(blend, ranked)]
    return out


def _first_cell(row: str) -> str:
    return " ".join(fold(row.split(";")[0]).split())


def order_by(blend: np.ndarray, ranked: list[Scored]) -> list[int]:
    return sorted(range(len(ranked)), key=lambda i: (-blend[i], ranked[i].rank,
                                                     ranked[i].position))


def rank_units(search: str, chunks: list[Chunk], units: UnitVectors | None,
               focus: str = "", topic_source: str = "") -> list[Scored]:
    """Every unit of the chunks, best first: by words alone (rag/extractive.py), then by
    words and meaning together when the index has unit vectors. ``focus``: a follow-up
    as the visitor said it, when ``search`` is it merged with the conversation's topic
    (the topic finds where the answer is, the follow-up's own words say what is asked)."""
    ranked = rank_sentences(search, chunks)
    if units is None or not ranked:
        return ranked
    focus_vector = units.embedder.query(focus) if focus else None
    return rerank(ranked, chunks, units.embedder.query(search), units, search, focus_vector,
                  topic_source)
