"""index.backend: http — the same generations on a real Chroma server (`chroma run`)."""

from __future__ import annotations

from pathlib import Path

from rag.index import IndexStore
from rag.retrieval import HybridRetriever
from rag.settings import IndexSettings, RetrievalSettings


def test_generations_on_a_chroma_server(chroma_port: int, tmp_path: Path, e5, docs: Path) -> None:
    import chromadb

    settings = IndexSettings(backend="http", host="127.0.0.1", port=chroma_port)
    store = IndexStore(tmp_path / "index", settings, e5)
    (docs / "marche.md").write_text("# Marché\n\nLe marché a lieu le samedi matin.\n")
    assert store.sync(docs).version == 1
    (docs / "piscine.md").write_text("# Piscine\n\nLa piscine ouvre le mardi à midi.\n")
    rep = store.sync(docs)
    assert (rep.version, rep.added, rep.embedded, rep.chunks) == (2, ["piscine.md"], 1, 2)

    retriever = HybridRetriever(store, e5, RetrievalSettings())
    assert retriever.search("quand ouvre la piscine", 1)[0].chunk.source_file == "piscine.md"
    assert store.status().backend == "http"
    assert store.rollback() == 1
    assert {p.chunk.source_file for p in retriever.search("quand ouvre la piscine", 3)} == {
        "marche.md"
    }
    client = chromadb.HttpClient(host="127.0.0.1", port=chroma_port)
    # The server is shared with the fleet tests, whose index has its own collection name.
    mine = {c.name for c in client.list_collections() if c.name.startswith("mairie-")}
    assert mine == {"mairie-g000001", "mairie-g000002"}
