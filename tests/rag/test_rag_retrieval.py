"""Hybrid retrieval on the indexed sample corpus (real e5 model, real Chroma)."""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

from rag.index import IndexStore
from rag.ranking import features, near_duplicate
from rag.retrieval import HybridRetriever
from rag.settings import IndexSettings, RetrievalSettings

CNI_COPIES = {"carte-identite-passeport.html", "carte-identite-passeport-version-imprimable.txt"}


def test_the_newest_tariffs_win(corpus_retriever: HybridRetriever) -> None:
    passages = corpus_retriever.search("combien coûte l'entrée adulte à la piscine", 5)
    assert passages[0].chunk.source_file == "piscine-municipale.html"
    assert "4,20 €" in passages[0].chunk.text
    files = [p.chunk.source_file for p in passages]
    if "tarifs-piscine-2025.pdf" in files:  # still there for context, but below and flagged
        old = files.index("tarifs-piscine-2025.pdf")
        assert passages[old].superseded and old > files.index("piscine-municipale.html")


def test_the_2024_guide_gives_way_to_the_2026_page(corpus_retriever: HybridRetriever) -> None:
    passages = corpus_retriever.search("quel est le délai pour obtenir une carte d'identité", 4)
    assert passages[0].chunk.source_file in CNI_COPIES
    assert "3 semaines" in passages[0].chunk.text
    guide = [p for p in passages if p.chunk.source_file == "guide-demarches-2024.pdf"]
    assert all(p.superseded for p in guide)


def test_an_old_guide_gives_way_where_no_heading_is_shared(
        corpus_retriever: HybridRetriever) -> None:
    # The 2024 guide (« Guide pratique des démarches — État civil ») shares too few
    # heading words with the 2026 page to be its older version by title, but says the
    # same point two years older.
    passages = corpus_retriever.search("les actes de naissance c'est payant", 8)
    files = [p.chunk.source_file for p in passages]
    assert files[0] == "etat-civil.html"
    guide = [p for p in passages if p.chunk.source_file == "guide-demarches-2024.pdf"]
    assert guide and all(p.superseded for p in guide)


def test_asking_for_the_old_year_still_finds_it(corpus_retriever: HybridRetriever) -> None:
    top = corpus_retriever.search("prix de l'entrée piscine en 2025", 3)[0]
    assert top.chunk.source_file == "tarifs-piscine-2025.pdf" and not top.superseded
    assert top.chunk.doc_date is not None and top.chunk.doc_date.year == 2025


def test_printable_copy_never_doubles_a_passage(corpus_retriever: HybridRetriever) -> None:
    for query in (
        "pièces à fournir pour une carte d'identité",
        "horaires des rendez-vous pour une carte d'identité",
        "prix du passeport pour un mineur",
    ):
        passages = corpus_retriever.search(query, 5)
        for a, b in combinations(passages, 2):
            assert not near_duplicate(features(a.chunk), features(b.chunk)), (query, a, b)
        # with the copies collapsed, another source gets a place in the top five
        assert {p.chunk.source_file for p in passages} - CNI_COPIES, query


def test_french_matching_without_accents(corpus_retriever: HybridRetriever) -> None:
    top = corpus_retriever.search("carte d identite", 3)
    assert top[0].chunk.source_file in CNI_COPIES
    assert top[0].lexical and top[0].lexical > 0
    assert corpus_retriever.search("dechetterie des greves horaires", 1)[0].chunk.source_file == (
        "dechetterie-encombrants.txt"
    )
    assert corpus_retriever.search("CIMETIERE CONCESSION TARIF", 1)[0].chunk.source_file == (
        "cimetiere-concessions.docx"
    )


def test_passages_carry_source_place_date_and_scores(corpus_retriever: HybridRetriever) -> None:
    p = corpus_retriever.search("hauteur maximale des constructions en zone UB", 1)[0]
    assert p.chunk.source_file == "plu-extrait-zone-ub.pdf"
    assert p.chunk.page == 1 and "Hauteur" in p.chunk.section
    assert p.chunk.doc_date is not None and p.chunk.doc_date.isoformat() == "2025-06-30"
    assert "9 mètres" in p.chunk.text
    assert 0 < p.score <= 1 and p.dense is not None and 0 < p.dense <= 1
    event = corpus_retriever.search("fête de la musique", 1)[0]
    assert event.chunk.source_file == "agenda-2026.ics"
    assert "dimanche 21 juin 2026" in event.chunk.text


def test_an_empty_index_answers_nothing_then_follows_the_first_sync(
    tmp_path: Path, e5, docs: Path
) -> None:
    store = IndexStore(tmp_path / "index", IndexSettings(), e5)
    retriever = HybridRetriever(store, e5, RetrievalSettings())
    assert retriever.search("horaires de la mairie", 3) == []
    (docs / "horaires.md").write_text("# Horaires\n\nLa mairie ouvre du lundi au vendredi.\n")
    store.sync(docs)
    assert retriever.search("horaires de la mairie", 3)[0].chunk.source_file == "horaires.md"
    assert retriever.version == 1


def test_an_index_from_another_model_falls_back_to_lexical(tmp_path: Path, e5, docs: Path) -> None:
    store = IndexStore(tmp_path / "index", IndexSettings(), e5)
    (docs / "horaires.md").write_text("# Horaires\n\nLa mairie ouvre du lundi au vendredi.\n")
    (docs / "piscine.md").write_text("# Piscine\n\nLa piscine ouvre le mardi.\n")
    store.sync(docs)

    class OtherModel:
        model_id, dim = "another-model", 384

        def query(self, text: str):  # never called: its vectors would not match the index
            raise AssertionError("dense search must be off")

    retriever = HybridRetriever(store, OtherModel(), RetrievalSettings())  # type: ignore[arg-type]
    top = retriever.search("horaires de la mairie", 2)
    assert top[0].chunk.source_file == "horaires.md" and top[0].dense is None


def test_a_failing_vector_store_falls_back_to_exact_search(
    corpus_store: IndexStore, e5, monkeypatch
) -> None:
    retriever = HybridRetriever(corpus_store, e5, RetrievalSettings())
    expected = retriever.search("hauteur maximale des constructions en zone UB", 3)
    store = retriever._snap.store
    assert store is not None

    def broken(*_args: object) -> list[tuple[str, float]]:
        raise RuntimeError("torn HNSW file")

    monkeypatch.setattr(store, "nearest", broken)
    fallback = retriever.search("hauteur maximale des constructions en zone UB", 3)
    assert [p.chunk.id for p in fallback] == [p.chunk.id for p in expected]


def test_the_passage_before_is_the_same_documents(corpus_retriever: HybridRetriever) -> None:
    found = corpus_retriever.search("quel est le délai pour obtenir une carte d'identité", 4)
    for p in found:
        earlier = corpus_retriever.before(p.chunk)
        if earlier is not None:
            assert earlier.source_file == p.chunk.source_file and earlier.id != p.chunk.id
    firsts = [p.chunk for p in found if corpus_retriever.before(p.chunk) is None]
    seconds = [p.chunk for p in found if corpus_retriever.before(p.chunk) is not None]
    assert seconds, "a document of several passages among the four found"
    # Walking back reaches the document's first passage, whose own « before » is none.
    chunk = seconds[0]
    while (earlier := corpus_retriever.before(chunk)) is not None:
        chunk = earlier
    assert chunk.source_file == seconds[0].source_file
    assert all(corpus_retriever.before(c) is None for c in firsts)
