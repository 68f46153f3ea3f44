"""The passage holding the sentence closest to the question, found by its unit vectors.

A passage's e5 vector averages everything it says: the sentence that answers (a
cemetery's winter hours above a table of concession prices) is diluted by the rest.
The answering units already have vectors, with their title and section
(rag/meaning.py); the passage of the closest one is read after the four best
(rag/retrieval.py, `with_closest`), not counted by the decline decision. Expected facts
in the passages read, over the tuning communes' answerable questions: 133 -> 134 of 146
and 151 -> 154 of 159.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from rag.meaning import UnitVectors, unit_key, unit_texts
from rag.types import Chunk


class UnitIndex:
    """The unit vectors of a snapshot's chunks, each with the chunk it belongs to."""

    def __init__(self, chunks: Sequence[Chunk], units: UnitVectors):
        keys = [(i, unit_key(text)) for i, chunk in enumerate(chunks)
                for text in unit_texts([chunk])]
        if any(k not in units.table for _, k in keys):
            keys = []  # a sync half-way (units embedded last) would favour the chunks done
        owner = [i for i, _ in keys]
        rows = [units.table[k] for _, k in keys]
        dim = units.embedder.dim
        self.matrix = np.asarray(rows, dtype=np.float32).reshape(len(rows), dim)
        self.owner = np.asarray(owner, dtype=np.int64)

    def __len__(self) -> int:
        return len(self.owner)

    def top(self, query: np.ndarray, n: int) -> list[int]:
        """The n chunks whose best unit is closest to the query vector, best first."""
        if not len(self.owner):
            return []
        order = np.argsort(-(self.matrix @ query.astype(np.float32)))
        found: dict[int, None] = {}
        for chunk in self.owner[order]:
            found.setdefault(int(chunk))
            if len(found) >= n:
                break
        return list(found)
