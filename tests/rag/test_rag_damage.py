"""A damaged or missing served generation: readers fall back, the next sync repairs."""

from __future__ import annotations

from pathlib import Path

import pytest
from rag_testlib import CountingEmbedder

from rag.generations import gen_name
from rag.index import IndexStore
from rag.retrieval import HybridRetriever
from rag.settings import RetrievalSettings
from robot.cli import main
from robot.core.errors import IndexError_


def two_generations(store: IndexStore, docs: Path) -> None:
    (docs / "piscine.md").write_text("# Piscine\n\nL'entrée adulte coûte 4,20 €.\n")
    (docs / "marche.md").write_text("# Marché\n\nLe marché a lieu le samedi matin.\n")
    assert store.sync(docs).version == 1
    (docs / "piscine.md").write_text("# Piscine\n\nL'entrée adulte coûte 4,50 €.\n")
    assert store.sync(docs).version == 2


def truncate_chroma(store: IndexStore, version: int) -> None:
    db = store.gens.path(version) / "chroma" / "chroma.sqlite3"
    db.write_bytes(db.read_bytes()[:20000])


def test_a_damaged_served_generation_falls_back_and_the_next_sync_repairs_it(
    make_store, embedder: CountingEmbedder, docs: Path
) -> None:
    store: IndexStore = make_store()
    two_generations(store, docs)
    truncate_chroma(store, 2)

    gen = store.open_current()
    gen.store.close()
    assert gen.version == 1 and "generation 2 is damaged" in gen.problem
    retriever = HybridRetriever(store, embedder, RetrievalSettings())
    assert retriever.search("prix de l'entrée à la piscine")[0].chunk.source_file == "piscine.md"
    assert retriever.version == 1 and "vector store" in retriever.problem
    status = store.status()
    assert status.version == 1 and "generation 2 is damaged" in status.problem

    # Nothing changed in the documents, yet the sync publishes a repaired generation.
    rep = store.sync(docs)
    assert rep.switched and rep.version == 3 and "generation 2" in rep.repaired
    assert rep.updated == ["piscine.md"]  # rebuilt from generation 1 plus what changed since
    assert rep.embedded == 1
    assert store.health().problem == "" and store.status().generations == [1, 3]
    assert "4,50" in retriever.search("prix de l'entrée à la piscine")[0].chunk.text
    assert retriever.problem == ""


def test_current_naming_a_missing_generation_is_served_from_the_previous_one(
    make_store, docs: Path
) -> None:
    store: IndexStore = make_store()
    two_generations(store, docs)
    store.gens.switch(9)  # e.g. a restore from backup that lost a folder

    gen = store.open_current()
    gen.store.close()
    assert gen.version == 2 and gen.problem == "index generation 9 is missing"
    rep = store.sync(docs)
    assert rep.version == 10 and rep.repaired  # versions stay above anything CURRENT named
    assert store.health().problem == ""


def test_rows_that_disagree_with_the_manifest_are_damage(make_store, docs: Path) -> None:
    store: IndexStore = make_store()
    two_generations(store, docs)
    rows = store.gens.path(2) / "rows.jsonl"
    rows.write_text(rows.read_text().splitlines()[0] + "\n")
    assert "rows and vectors differ" in store.health().problem
    assert store.health().served == 1


def test_nothing_intact_needs_the_documents(make_store, docs: Path) -> None:
    store: IndexStore = make_store()
    two_generations(store, docs)
    for v in (1, 2):
        truncate_chroma(store, v)
    with pytest.raises(IndexError_, match="no intact generation") as err:
        store.open_current()
    assert "--repair" in (err.value.hint or "")
    with pytest.raises(IndexError_, match="no intact generation is kept to update"):
        store.sync(docs, mode="update")
    rep = store.sync(docs)  # the complete folder: everything read again
    assert rep.version == 3 and rep.embedded == 2 and rep.repaired
    assert store.health().problem == ""


def test_repair_reembeds_every_document_and_rollback_skips_damage(
    make_store, docs: Path
) -> None:
    store: IndexStore = make_store(keep_generations=4)
    two_generations(store, docs)
    rep = store.sync(docs, repair=True)
    assert rep.version == 3 and rep.embedded == 2
    assert rep.unchanged == 2 and "--repair" in rep.repaired
    with pytest.raises(IndexError_, match="complete folder"):
        store.sync(docs, mode="update", repair=True)

    truncate_chroma(store, 2)
    assert store.rollback() == 1  # generation 2 cannot be opened: never switched to
    assert store.gens.token() == gen_name(1)


def test_cli_status_doctor_and_sync_say_what_is_wrong(
    data_dir: Path, docs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from robot.config import Settings
    from robot.context import Context
    from robot.doctor import check_index

    (docs / "piscine.md").write_text("# Piscine\n\nL'entrée adulte coûte 4,20 €.\n")
    assert main(["--data-dir", str(data_dir), "index", "sync", str(docs)]) == 0
    (docs / "piscine\nnouveau.md").write_text("# Nouveau\n\nUn document au nom étrange.\n")
    assert main(["--data-dir", str(data_dir), "index", "sync", str(docs)]) == 0
    out = capsys.readouterr().out
    assert "- piscine\\nnouveau.md" in out  # one line per file, whatever its name

    db = data_dir / "index" / "generations" / gen_name(2) / "chroma" / "chroma.sqlite3"
    db.write_bytes(db.read_bytes()[:20000])
    assert main(["--data-dir", str(data_dir), "index", "status"]) == 0
    out = capsys.readouterr().out
    assert "ATTENTION : index generation 2 is damaged" in out and "--repair" in out
    assert "version      1" in out and "rollback possible : non" in out

    ctx = Context.build(Settings(), None, data_dir)
    [check] = check_index(ctx)
    assert check.level == "FAIL" and "generation 2 is damaged" in check.detail
    assert "--repair" in check.fix

    assert main(["--data-dir", str(data_dir), "index", "sync", "--repair", str(docs)]) == 0
    assert "réparé : index generation 2 is damaged" in capsys.readouterr().out
    [check] = check_index(ctx)
    assert check.level == "OK", check
