"""Which model sentences may be spoken (rag/verify.py), on hand-made passages."""

from __future__ import annotations

from answer_fakes import CHUNKS

from rag.extractive import Scored
from rag.types import Chunk
from rag.verify import Check, Verifier

CEMETERY = Chunk("cim-1", "Tarifs des concessions\nCase de columbarium : 430 € pour 15 ans.",
                 "tarifs-municipaux.pdf", "Tarifs municipaux", "Cimetière")


def test_the_first_sentence_speaks_of_what_the_source_named_says() -> None:
    # The passport page holds the best unit (« 42 € pour un mineur de 15 à 17 ans »), the
    # cemetery's tariff is also in the context: a sentence pricing a columbarium with
    # the passport's figure must not follow « D'après la page Carte d'identité… ».
    passport = CHUNKS[0]
    ranked = [Scored("Le passeport est payant : timbre fiscal de 86 € pour un adulte, de "
                     "42 € pour un mineur de 15 à 17 ans.", 0, 2, 0.9),
              Scored("Case de columbarium : 430 € pour 15 ans.", 1, 1, 0.5)]
    question = "une case au columbarium pour 15 ans c'est combien"
    verifier = Verifier(question, ranked, [passport, CEMETERY], [passport, CEMETERY])
    assert verifier.check("Une case au columbarium pour 15 ans coûte 42 €.") is Check.FAILED
    verifier = Verifier(question, ranked[::-1], [passport, CEMETERY], [passport, CEMETERY])
    assert verifier.check("Une case de columbarium pour 15 ans coûte 430 €.") is Check.KEPT
