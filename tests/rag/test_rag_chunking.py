"""Chunking and document dates: how ingested text is cut and dated (pure)."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

from rag.ingest.chunking import clean, split_text
from rag.ingest.dates import date_from_name, labelled_date, pick_doc_date, year_in


def test_chunks_respect_size_sentences_and_overlap() -> None:
    sentences = [f"Phrase numéro {i} qui parle de la mairie et de ses services." for i in range(40)]
    pieces = split_text(" ".join(sentences), 300, 80)
    assert len(pieces) > 5
    assert all(len(p) <= 300 for p in pieces)
    assert all(p.endswith(".") and p[0].isupper() for p in pieces)  # whole sentences only
    for a, b in pairwise(pieces):
        assert b.split(". ")[0] in a  # the next chunk repeats the previous one's last sentence


def test_document_dates_from_content_title_or_name() -> None:
    assert labelled_date("Page mise à jour le 3 janvier 2026.") == date(2026, 1, 3)
    assert labelled_date("Publié le 1er févr. 2025") == date(2025, 2, 1)
    assert labelled_date("Le marché a lieu le 21 juin 2026.") is None  # not the doc's date
    assert year_in("Tarifs 2025-2026") == date(2026, 1, 1)
    assert date_from_name("2026-01-03-conseil.pdf") == date(2026, 1, 3)
    assert date_from_name("tarifs_2025.pdf") == date(2025, 1, 1)
    assert pick_doc_date("rien", "Sans titre", "x.pdf", [date(2024, 5, 1)]) == date(2024, 5, 1)


def test_a_price_in_eur_reads_as_euros() -> None:
    # Plain-text documents write « 1,50 EUR »; every price reader expects the sign.
    assert clean("- 1,50 EUR le trajet simple ;\nAmende : 68EUR.") == (
        "- 1,50 € le trajet simple ;\nAmende : 68 €.")
    assert clean("EUROPE et EUR sans chiffre") == "EUROPE et EUR sans chiffre"
