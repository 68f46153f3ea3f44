"""kill -9 during a sync, in a real subprocess: the previous generation keeps answering."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rag_testlib import REPO, copy_corpus

from rag.index import IndexStore
from rag.retrieval import HybridRetriever
from rag.settings import IndexSettings, RetrievalSettings

SYNC = """
import sys
from pathlib import Path
from rag.index import IndexStore
from rag.settings import IndexSettings

def progress(done, total, name):
    print(f"progress {done} {total}", flush=True)

IndexStore(Path(sys.argv[1]), IndexSettings()).sync(Path(sys.argv[2]), progress=progress)
print("done", flush=True)
"""
QUERIES = ["prix de l'entrée à la piscine", "quand a lieu le marché", "horaires médiathèque"]


def start_sync(index: Path, folder: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", SYNC, str(index), str(folder)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )


def answers(retriever: HybridRetriever) -> list[list[tuple[str, float]]]:
    return [[(p.chunk.id, p.score) for p in retriever.search(q, 4)] for q in QUERIES]


@pytest.fixture
def served(tmp_path: Path, e5):
    """An index at version 1, a retriever already serving it, and a bigger folder to sync."""
    first = tmp_path / "v1"
    first.mkdir()
    (first / "piscine.md").write_text("# Piscine\n\nL'entrée adulte coûte 4,20 €.\n")
    (first / "marche.md").write_text("# Marché\n\nLe marché a lieu le samedi matin.\n")
    store = IndexStore(tmp_path / "index", IndexSettings(), e5)
    store.sync(first)
    retriever = HybridRetriever(store, e5, RetrievalSettings())
    before = answers(retriever)
    bigger = copy_corpus(
        tmp_path / "v2",
        [
            "mediatheque.html",
            "etat-civil.html",
            "faq-citoyennete.md",
            "location-salles.docx",
            "urbanisme-autorisations.html",
        ],
    )
    for f in first.iterdir():
        (bigger / f.name).write_bytes(f.read_bytes())
    return store, retriever, before, bigger


def assert_still_serving(store: IndexStore, retriever: HybridRetriever, before: list) -> None:
    assert store.current_version() == 1
    assert answers(retriever) == before  # the retriever that was open all along
    assert answers(HybridRetriever(store, retriever.embedder, RetrievalSettings())) == before


def finish_and_check(store: IndexStore, retriever: HybridRetriever, folder: Path) -> None:
    """The next sync clears the debris and the open retriever moves to the new version."""
    proc = start_sync(store.root, folder)
    out, _ = proc.communicate(timeout=600)
    assert proc.returncode == 0 and "done" in out
    gens = sorted(p.name for p in (store.root / "generations").iterdir())
    assert not [g for g in gens if g.startswith((".build", ".trash"))], gens
    assert (store.current_version() or 0) > 1
    top = retriever.search("horaires d'ouverture de la médiathèque", 1)
    assert top[0].chunk.source_file == "mediatheque.html"


def test_kill_while_reading_and_embedding(served) -> None:
    store, retriever, before, bigger = served
    proc = start_sync(store.root, bigger)
    assert proc.stdout is not None
    for line in proc.stdout:  # "progress DONE TOTAL": passages embedded of those to embed
        done, total = (int(x) for x in line.split()[1:3])
        if 0 < done < total:
            os.kill(proc.pid, signal.SIGKILL)
            break
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    assert_still_serving(store, retriever, before)
    finish_and_check(store, retriever, bigger)


def test_kill_while_building_the_next_generation(served) -> None:
    store, retriever, before, bigger = served
    generations = store.root / "generations"
    proc = start_sync(store.root, bigger)
    caught = False
    while proc.poll() is None:
        if any(p.name.startswith(".build-") for p in generations.iterdir()):
            os.kill(proc.pid, signal.SIGKILL)
            caught = True
            break
        time.sleep(0.001)
    proc.wait(timeout=60)
    assert caught, "the build phase ended before it could be interrupted"
    assert any(p.name.startswith(".build-") for p in generations.iterdir())  # debris left
    assert_still_serving(store, retriever, before)
    finish_and_check(store, retriever, bigger)
