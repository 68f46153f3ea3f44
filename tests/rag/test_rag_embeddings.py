"""A transcript's breath punctuation does not decide its vector alone (rag/embeddings.py)."""

from __future__ import annotations

import numpy as np
import pytest

from rag.embeddings import E5Embedder, unpunctuated


def test_the_recognisers_breaks_are_undone_and_nothing_else() -> None:
    assert (unpunctuated("La piscine. Elle est fermée. Co. Pour le nettoyage du bassin.")
            == "la piscine elle est fermée co pour le nettoyage du bassin")
    assert (unpunctuated("Le petit bisse pour les anciens. Saku, combien le voyage?")
            == "le petit bisse pour les anciens saku combien le voyage")
    # One piece: a typed question, with or without its question mark, is left as it is.
    for typed in ("la garderie du soir elle ferme à quelle heure", "Combien ça coûte ?",
                  "Ça coûte 1,50 € le ticket ?"):
        assert unpunctuated(typed) == typed
    # A decimal comma is no break.
    assert unpunctuated("Le ticket à 1,50. Il est où ?") == "le ticket à 1,50 il est où"


@pytest.mark.slow
def test_a_broken_transcript_reads_as_the_mean_of_its_two_readings(e5: E5Embedder) -> None:
    heard = "Vous avez le numéro de la police municipale. S'il vous plaît."
    bare = unpunctuated(heard)
    fresh = E5Embedder(e5.model_path, e5.model_id)  # no cached vectors
    got = fresh.query(heard)
    model = fresh._load()
    one = np.asarray(model.query(heard), np.float32)
    two = np.asarray(model.query(bare), np.float32)
    assert np.allclose(got, (one + two) / 2, atol=1e-5)
    assert not np.allclose(one, two, atol=1e-3)  # the marks do move e5's vector
    # The unbroken question is the model's own unit vector.
    typed = fresh.query(bare)
    assert np.allclose(typed, two, atol=1e-5)
    assert abs(float(np.linalg.norm(typed)) - 1.0) < 1e-3
