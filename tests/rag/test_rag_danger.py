"""Someone in danger told by meaning (rag/danger.py), with the real e5 model."""

from __future__ import annotations

import pytest

from rag.danger import MARGIN, DangerSense
from rag.embeddings import E5Embedder
from rag.guard import Refusal, classify

pytestmark = pytest.mark.slow


def test_danger_in_words_the_guard_misses_stands_apart_from_alarming_requests(
        e5: E5Embedder) -> None:
    sense = DangerSense(e5)
    # Said in none of the guard's words: a colour, a silence, a breathing.
    for said in ("la vieille dame au fond du hall elle est toute grise et elle dit plus rien",
                 "mon copain il a les lèvres bleues et il respire tout doucement"):
        assert classify(said) is not Refusal.EMERGENCY
        assert sense(said), (said, sense.margin(said))
    # A death to declare, the firemen's ball, a lost licence, a vaccine: nothing at stake.
    for asked in ("comment on déclare le décès de mon père à la mairie",
                  "le bal des pompiers il est en juin cette année",
                  "j'ai perdu mon permis de conduire, je fais comment",
                  "où je peux faire vacciner mon fils contre la grippe"):
        assert sense.margin(asked) < MARGIN - 0.01, (asked, sense.margin(asked))
