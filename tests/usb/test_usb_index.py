"""End to end with the real embedding model and Chroma: a stick changes what the robot finds,
and a sync killed at any point leaves the robot answering exactly as before."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from usbkit import make_stick, run_cli

from rag.embeddings import Embedder
from rag.generations import Generations
from rag.index import IndexStore
from rag.retrieval import HybridRetriever
from rag.usb.keys import Keyring, PrivateKey, generate
from rag.usb.status import read_status
from rag.usb.sync import SyncPaths, UsbSync
from robot import compose
from robot.config import Settings
from robot.context import Context

pytestmark = pytest.mark.slow
CORPUS = Path(__file__).resolve().parents[2] / "rag" / "corpus" / "documents"
BASE = ["dechetterie-encombrants.txt", "faq-citoyennete.md", "mediatheque.html"]
NEXT = [
    "piscine-municipale.html",
    "etat-civil.html",
    "horaires-services.csv",
    "carte-identite-passeport.html",
    "urbanisme-autorisations.html",
]
QUERIES = [
    "Quand ouvre la déchetterie ?",
    "Comment s'inscrire sur les listes électorales ?",
    "Combien coûte l'entrée de la piscine ?",
    "horaires de la médiathèque",
]
HERE = Path(__file__).parent


def corpus(names: list[str]) -> dict[str, bytes]:
    return {n: (CORPUS / n).read_bytes() for n in names}


def context(data_dir: Path) -> Context:
    return Context.build(Settings(), None, data_dir)


@pytest.fixture(scope="module")
def embedder(tmp_path_factory: pytest.TempPathFactory) -> Embedder:
    """One loaded model for every in-process sync and search of this module."""
    return compose.embedder(context(tmp_path_factory.mktemp("e")))


def store(data_dir: Path, embedder: Embedder) -> IndexStore:
    ctx = context(data_dir)
    return IndexStore(ctx.data.index, ctx.settings.index, embedder)


def usb(data_dir: Path, embedder: Embedder) -> UsbSync:
    ctx = context(data_dir)
    paths = SyncPaths(ctx.data.staging, ctx.data.state, ctx.data.keys)
    return UsbSync(paths, ctx.settings.usb, lambda: store(data_dir, embedder))


def answers(data_dir: Path, embedder: Embedder) -> list[list[tuple[str, str, float]]]:
    """What a fresh retriever finds for each query: the robot's observable knowledge."""
    r = HybridRetriever(store(data_dir, embedder), embedder, Settings().retrieval)
    return [[(p.chunk.source_file, p.chunk.id, p.score) for p in r.search(q, 4)] for q in QUERIES]


def indexed_files(data_dir: Path) -> set[str]:
    gens = Generations(data_dir / "index")
    version = gens.current()
    return set(gens.manifest(version).files) if version is not None else set()


@dataclass(frozen=True)
class Robot:
    data: Path
    key: PrivateKey
    before: list[list[tuple[str, str, float]]]  # answers from BASE


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Robot:
    """A robot already serving the BASE documents from a first stick (built once)."""
    root = tmp_path_factory.mktemp("robot")
    data = root / "data"
    key = generate(root / "staff.key", "accueil")
    Keyring(data / "keys").add(key.public)
    out = usb(data, embedder).run(make_stick(root / "first", key, corpus(BASE)))
    assert out.error is None, out.report_text
    assert indexed_files(data) == set(BASE)
    return Robot(data, key, answers(data, embedder))


@pytest.fixture
def robot(template: Robot, tmp_path: Path) -> Robot:
    """A private copy of the template robot for one test."""
    data = tmp_path / "robot-data"
    shutil.copytree(template.data, data)
    return Robot(data, template.key, template.before)


def test_valid_bundle_is_searchable(template: Robot) -> None:
    assert template.before[0][0][0] == "dechetterie-encombrants.txt"
    assert template.before[3][0][0] == "mediatheque.html"


def test_update_mode_adds_and_removes_then_rollback(
    tmp_path: Path, robot: Robot, embedder: Embedder
) -> None:
    stick = make_stick(
        tmp_path / "upd",
        robot.key,
        corpus(["piscine-municipale.html"]),
        mode="update",
        remove=("faq-citoyennete.md",),
    )
    out = usb(robot.data, embedder).run(stick)
    assert out.error is None, out.report_text
    assert out.result["added"] == 1 and out.result["removed"] == 1
    assert indexed_files(robot.data) == {
        "dechetterie-encombrants.txt",
        "mediatheque.html",
        "piscine-municipale.html",
    }
    assert answers(robot.data, embedder)[2][0][0] == "piscine-municipale.html"
    report = next(stick.glob("robot-rapport-*.txt")).read_text(encoding="utf-8")
    assert "piscine-municipale.html" in report and "faq-citoyennete.md" in report

    assert run_cli("index", "rollback", data_dir=robot.data) == 0
    assert indexed_files(robot.data) == set(BASE)
    assert answers(robot.data, embedder) == robot.before


def _wait_for(path: Path, proc: subprocess.Popen[bytes], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        assert proc.poll() is None, "the sync ended before reaching the kill point"
        assert time.monotonic() < deadline, "kill point never reached"
        time.sleep(0.02)


@pytest.mark.parametrize("where", ["copy:horaires-services.csv", "index:2"])
def test_kill_9_during_sync_changes_nothing_and_rerun_completes(
    tmp_path: Path, robot: Robot, embedder: Embedder, where: str
) -> None:
    stick = make_stick(tmp_path / "next", robot.key, corpus(NEXT))
    marker = tmp_path / "reached"
    proc = subprocess.Popen(
        [
            sys.executable,
            str(HERE / "killable_sync.py"),
            str(robot.data),
            str(stick),
            str(marker),
            where,
        ]
    )
    try:
        _wait_for(marker, proc)
        st = read_status(robot.data / "state")
        assert st is not None
        assert st["phase"] == ("copying" if where.startswith("copy") else "indexing")
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    st = read_status(robot.data / "state")
    assert st is not None and st["phase"] == "interrupted"
    assert indexed_files(robot.data) == set(BASE)
    assert answers(robot.data, embedder) == robot.before  # exactly as before

    assert run_cli("usb", "sync", str(stick), data_dir=robot.data) == 0  # the next plug
    assert indexed_files(robot.data) == set(NEXT)
    assert answers(robot.data, embedder)[2][0][0] == "piscine-municipale.html"
    assert not (robot.data / "staging" / "usb").exists()


def test_kill_9_while_the_generation_is_written(
    tmp_path: Path, robot: Robot, embedder: Embedder
) -> None:
    """Killed in the index's phase 2 (Chroma files being written), caught by watching for
    its build folder: nothing half-built is ever served, and the next plug completes."""
    stick = make_stick(tmp_path / "next", robot.key, corpus(NEXT))
    gens = robot.data / "index" / "generations"
    proc = subprocess.Popen(
        [sys.executable, "-m", "robot", "--data-dir", str(robot.data), "usb", "sync", str(stick)]
    )
    caught = False
    try:
        while proc.poll() is None:
            if any(p.name.startswith(".build-") for p in gens.iterdir()):
                proc.send_signal(signal.SIGKILL)
                caught = True
                break
            time.sleep(0.002)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
    if not caught:
        pytest.skip("the build phase was too quick to catch on this machine")
    assert indexed_files(robot.data) == set(BASE)
    assert answers(robot.data, embedder) == robot.before
    assert usb(robot.data, embedder).run(stick).error is None
    assert indexed_files(robot.data) == set(NEXT)


def test_stick_pulled_mid_copy_keeps_index_and_resumes(
    tmp_path: Path, robot: Robot, embedder: Embedder
) -> None:
    stick = make_stick(tmp_path / "next", robot.key, corpus(NEXT))
    docs = stick / "robot-documents"
    backup = tmp_path / "backup"
    shutil.copytree(docs, backup)

    def pull(name: str, done: int) -> None:
        if name == "etat-civil.html":  # the stick goes away: its other files vanish
            for p in docs.iterdir():
                if p.name != "etat-civil.html":
                    p.unlink()

    sync = usb(robot.data, embedder)
    sync.copy_hook = pull
    out = sync.run(stick)
    assert out.result["code"] == "source_vanished" and out.error is not None
    assert out.error.exit_code == 5
    assert indexed_files(robot.data) == set(BASE)
    assert answers(robot.data, embedder) == robot.before
    shutil.rmtree(docs)
    shutil.copytree(backup, docs)  # plugged in again
    again = usb(robot.data, embedder).run(stick)
    assert again.error is None
    assert indexed_files(robot.data) == set(NEXT)


def test_refused_bundle_never_touches_the_index(
    tmp_path: Path, robot: Robot, embedder: Embedder, stranger: PrivateKey
) -> None:
    stick = make_stick(tmp_path / "evil", stranger, corpus(NEXT))
    assert run_cli("usb", "sync", str(stick), data_dir=robot.data) == 4
    assert indexed_files(robot.data) == set(BASE)
    assert os.listdir(robot.data / "staging") == ["usb.lock"]
