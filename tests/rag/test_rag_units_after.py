"""A big sync serves its passages first and its answering units in a second generation."""

from __future__ import annotations

from pathlib import Path

import pytest
from rag_testlib import CountingEmbedder

from rag.index import IndexStore
from rag.meaning import UNITS_STEP, UnitVectors, unit_texts


def write(folder: Path, name: str, text: str) -> None:
    (folder / name).write_text(text, encoding="utf-8")


def reglement(folder: Path) -> None:
    write(folder, "reglement.md", "# Règlement\n\n" + "\n\n".join(
        f"Article {n}. Les clôtures ne dépassent pas {n} mètres de haut." for n in range(1, 60)))
    write(folder, "marche.md", "# Marché\n\nLe marché a lieu le samedi matin.\n")


def pending_units(store: IndexStore) -> list[str]:
    gen = store.open_current()
    gen.store.close()
    return UnitVectors.load(gen.path, store.embedder).missing(unit_texts(gen.chunks))


def test_passages_served_first_then_units_no_text_embedded_twice(
    make_store, embedder: CountingEmbedder, docs: Path
) -> None:
    reglement(docs)
    store: IndexStore = make_store(units_after_chars=0)
    served: list[tuple[int | None, int]] = []

    def progress(done: int, total: int, name: str) -> None:
        if name == UNITS_STEP and done <= 32:  # while the first units are embedded
            served.append((store.current_version(), len(pending_units(store))))

    rep = store.sync(docs, progress=progress)
    assert rep.searchable_s is not None and 0 < rep.searchable_s < rep.duration_s
    # While the units were embedded, the passages were already served, without units.
    assert served and served[0][0] == 1 and served[0][1] == rep.units_embedded
    # The complete generation replaced it; the half-way one is no rollback target.
    assert rep.version == 2 and store.gens.versions() == [2]
    assert pending_units(store) == []
    assert embedder.passages_embedded == rep.embedded + rep.units_embedded

    write(docs, "piscine.md", "# Piscine\n\nL'entrée adulte coûte 4,20 €.\n")
    again = store.sync(docs)
    assert again.version == 4 and again.added == ["piscine.md"]
    assert store.rollback() == 2  # back before the sync, not to its passages-only step


def test_small_sync_stays_in_one_generation(make_store, docs: Path) -> None:
    reglement(docs)
    rep = make_store().sync(docs)  # the default threshold: far above this text
    assert rep.searchable_s is None and rep.version == 1


def test_a_sync_killed_before_its_units_is_completed_by_the_next(
    make_store, embedder: CountingEmbedder, docs: Path
) -> None:
    reglement(docs)
    store: IndexStore = make_store(units_after_chars=0)

    def killed(done: int, total: int, name: str) -> None:
        if name == UNITS_STEP:
            raise KeyboardInterrupt  # stands for kill -9 half-way through the units

    with pytest.raises(KeyboardInterrupt):
        store.sync(docs, progress=killed)
    gen = store.open_current()  # the passages are served, intact
    gen.store.close()
    assert gen.version == 1 and not gen.problem
    missing = len(pending_units(store))
    assert missing > 0
    before = embedder.passages_embedded

    rep = store.sync(docs)  # no document changed, but the units are owed
    assert rep.switched and rep.version == 2 and rep.added == rep.updated == []
    assert embedder.passages_embedded - before == rep.units_embedded == missing
    assert pending_units(store) == []
    assert store.sync(docs).switched is False  # and now it is up to date
