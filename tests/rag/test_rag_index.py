"""The index with the real e5 model and the real Chroma: incremental syncs, generations."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from rag_testlib import BAD_FILES, CountingEmbedder

from rag.generations import gen_name
from rag.index import IndexStore
from robot.core.errors import IndexError_

MIB = 1024 * 1024


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def small_corpus(folder: Path) -> Path:
    write(folder, "piscine.md", "# Piscine municipale\n\nL'entrée adulte coûte 4,20 €.\n")
    write(folder, "marche.txt", "MARCHÉ\n\nLe marché a lieu chaque samedi place de l'Église.\n")
    write(
        folder,
        "sous-dossier/mediatheque.md",
        "# Médiathèque\n\nLa médiathèque ouvre le mercredi de 10 h à 18 h.\n",
    )
    return folder


def files_in(store: IndexStore) -> dict[str, int]:
    gen = store.open_current()
    try:
        chunks, matrix = gen.rows()
        assert gen.store.count() == len(chunks)  # Chroma holds the same rows
    finally:
        gen.store.close()
    assert matrix.shape == (len(chunks), 384)
    out: dict[str, int] = {}
    for c in chunks:
        out[c.source_file] = out.get(c.source_file, 0) + 1
    return out


def test_incremental_sync_embeds_only_what_changed(
    make_store, embedder: CountingEmbedder, docs: Path
) -> None:
    store: IndexStore = make_store()
    small_corpus(docs)
    first = store.sync(docs)
    assert first.version == 1 and first.switched
    assert sorted(first.added) == ["marche.txt", "piscine.md", "sous-dossier/mediatheque.md"]
    assert first.embedded == first.chunks == 3
    # ...and their answering units (sentences, list items) for rag/meaning.py
    assert first.units_embedded >= 3
    assert embedder.passages_embedded == first.embedded + first.units_embedded

    before = embedder.passages_embedded
    again = store.sync(docs)  # nothing changed: nothing embedded, no new generation
    assert embedder.passages_embedded == before
    assert (again.version, again.switched, again.unchanged) == (1, False, 3)
    assert again.added == again.updated == again.removed == []

    write(docs, "piscine.md", "# Piscine municipale\n\nL'entrée adulte coûte 4,50 €.\n")
    (docs / "marche.txt").unlink()
    third = store.sync(docs)
    assert (third.updated, third.removed, third.added) == (["piscine.md"], ["marche.txt"], [])
    # only the changed file: its one chunk and its one new sentence
    assert third.version == 2 and third.embedded == third.units_embedded == 1
    assert embedder.passages_embedded == before + 2
    assert files_in(store) == {"piscine.md": 1, "sous-dossier/mediatheque.md": 1}
    gen = store.open_current()
    chunks, _ = gen.rows()
    gen.store.close()
    assert "4,50 €" in next(c.text for c in chunks if c.source_file == "piscine.md")


def test_update_mode_keeps_absent_files_and_removes_named_ones(
    make_store, docs: Path, tmp_path: Path
) -> None:
    store: IndexStore = make_store()
    store.sync(small_corpus(docs))
    extra = tmp_path / "stick"
    write(extra, "salles.md", "# Location des salles\n\nLa salle des fêtes coûte 350 €.\n")
    rep = store.sync(extra, mode="update", remove=["marche.txt"])
    assert (rep.added, rep.removed) == (["salles.md"], ["marche.txt"])
    assert set(files_in(store)) == {"piscine.md", "sous-dossier/mediatheque.md", "salles.md"}


def test_bad_files_are_skipped_with_reasons_and_the_rest_completes(
    make_store, tmp_path: Path
) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    for bad in BAD_FILES.iterdir():
        if bad.suffix != ".py":
            (folder / bad.name).write_bytes(bad.read_bytes())
    with open(folder / "enorme.pdf", "wb") as f:
        f.truncate(200 * MIB)  # sparse 200 MB file
    write(folder, "bon.md", "# Horaires\n\nLa mairie ouvre du lundi au vendredi.\n")
    os.symlink("/etc/hostname", folder / "lien.txt")
    (folder / ".cache").mkdir()
    write(folder, ".cache/cache.txt", "hidden")
    write(folder, "Thumbs.db", "junk")

    rep = make_store().sync(folder)
    assert rep.added == ["bon.md"] and rep.version == 1
    reasons = dict(rep.skipped)
    assert reasons["enorme.pdf"] == "fichier trop volumineux (200 Mo > 50 Mo)"
    assert "mot de passe" in reasons["chiffre.pdf"]
    assert "PDF sans texte" in reasons["scan-sans-texte.pdf"]
    assert "PDF endommagé" in reasons["corrompu.pdf"]
    assert reasons["vide.txt"] == "fichier vide"
    assert reasons["notes.xyz"].startswith("type de fichier non pris en charge (.xyz)")
    assert "DOCX endommagé" in reasons["casse.docx"] and "DOCX" in reasons["zip-pas-docx.docx"]
    assert "iCalendar" in reasons["agenda-casse.ics"]
    assert reasons["lien.txt"] == "lien symbolique (non suivi)"
    assert ".cache/cache.txt" not in reasons and "Thumbs.db" not in reasons


def test_a_changed_file_that_breaks_keeps_its_previous_version(make_store, docs: Path) -> None:
    store: IndexStore = make_store()
    store.sync(small_corpus(docs))
    (docs / "piscine.md").write_bytes(b"")
    rep = store.sync(docs)
    assert rep.skipped == [("piscine.md", "fichier vide")]
    assert "piscine.md" in files_in(store)  # nothing better to serve: the old one stays


def test_generations_rollback_and_pruning(make_store, docs: Path) -> None:
    store: IndexStore = make_store(keep_generations=3)
    small_corpus(docs)
    tokens = []
    for n in range(1, 5):
        write(docs, "version.md", f"# Version\n\nCeci est la version {n} du document.\n")
        assert store.sync(docs).version == n
        tokens.append(store.version_token())
    assert len(set(tokens)) == 4
    st = store.status()
    assert (st.version, st.documents, st.generations) == (4, 4, [2, 3, 4])
    assert st.path == store.root / "generations" / gen_name(4)
    manifest = json.loads((st.path / "manifest.json").read_text())
    assert set(manifest["files"]) == {
        "piscine.md",
        "marche.txt",
        "sous-dossier/mediatheque.md",
        "version.md",
    }
    assert all(len(f["hash"]) == 64 for f in manifest["files"].values())

    assert store.rollback() == 3
    assert store.current_version() == 3 and store.version_token() != tokens[-1]
    gen = store.open_current()
    chunks, _ = gen.rows()
    gen.store.close()
    assert any("version 3" in c.text for c in chunks)
    assert store.rollback() == 2
    with pytest.raises(IndexError_, match="no intact generation older"):
        store.rollback()
    # the next sync builds on the served generation and clears the abandoned ones
    write(docs, "version.md", "# Version\n\nCeci est la version 5 du document.\n")
    rep = store.sync(docs)
    assert rep.version == 5 and rep.updated == ["version.md"]
    assert store.status().generations == [2, 5]


def test_debris_of_a_killed_sync_is_cleaned_and_never_served(make_store, docs: Path) -> None:
    store: IndexStore = make_store()
    store.sync(small_corpus(docs))
    gens = store.root / "generations"
    (gens / ".build-g000002").mkdir()  # killed while building
    (gens / ".build-g000002" / "junk").write_text("half a generation")
    finished = gens / gen_name(3)  # killed after the rename, before CURRENT switched
    finished.mkdir()
    (finished / "manifest.json").write_text("{}")
    assert store.current_version() == 1 and store.status().generations == [1, 3]
    write(docs, "nouveau.md", "# Nouveau\n\nUn nouveau document.\n")
    rep = store.sync(docs)
    assert rep.version == 4  # versions are never reused
    assert sorted(p.name for p in gens.iterdir() if not p.name.startswith(".high")) == [
        gen_name(1),
        gen_name(4),
    ]


def test_sync_refuses_a_missing_folder_and_an_empty_replacement(
    make_store, docs: Path, tmp_path: Path
) -> None:
    store: IndexStore = make_store()
    with pytest.raises(IndexError_, match="folder not found"):
        store.sync(tmp_path / "absent")
    store.sync(small_corpus(docs))
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(IndexError_, match="refusing to empty"):
        store.sync(empty)
    assert store.current_version() == 1


def test_one_sync_at_a_time(make_store, docs: Path) -> None:
    store: IndexStore = make_store()
    with store.gens.lock(), pytest.raises(IndexError_, match="another index sync"):
        store.sync(small_corpus(docs))
    with store.gens.lock():
        assert store.status().busy


def test_progress_counts_passages_then_units_and_long_texts_are_refused(
    make_store, docs: Path
) -> None:
    from rag.meaning import UNITS_STEP

    long_text = "\n\n".join(f"Article {n}. Les clôtures ne dépassent pas {n} mètres de haut."
                            for n in range(1, 400))
    write(docs, "reglement.md", "# Règlement\n\n" + long_text)
    write(docs, "marche.md", "# Marché\n\nLe marché a lieu le samedi matin.\n")
    calls: list[tuple[int, int, str]] = []
    rep = make_store().sync(docs, progress=lambda d, t, n: calls.append((d, t, n)))
    passages = [c for c in calls if c[1] > 0 and c[2] != UNITS_STEP]
    units = [c for c in calls if c[2] == UNITS_STEP]
    # Passages of the whole sync, in several steps for the long file, ending at the total.
    assert {t for _, t, _ in passages} == {rep.embedded} and rep.embedded > 16
    assert passages[-1][0] == rep.embedded and len(passages) > 2
    assert units and units[-1][0] == units[-1][1] == rep.units_embedded
    assert [d for d, _, _ in passages] == sorted(d for d, _, _ in passages)

    # A document whose text would take too long to index is refused with its size.
    small = make_store(root=docs.parent / "small", max_document_chars=10_000)
    rep = small.sync(docs)
    assert rep.added == ["marche.md"]
    assert dict(rep.skipped)["reglement.md"].startswith("texte trop long à indexer")
