"""Helpers for the USB tests: fake sticks (plain folders) and a recording index."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rag.usb import bundle
from rag.usb.keys import PrivateKey
from rag.usb.manifest import Limits, Mode
from rag.usb.settings import UsbSettings
from rag.usb.sync import SyncPaths, UsbSync

LIMITS = Limits(50 * 1024 * 1024, 2000, 4000 * 1024 * 1024)
DOCS = {
    "horaires.md": "# Horaires\n\nLa mairie est ouverte du lundi au vendredi de 8 h 30 à 12 h.\n",
    "piscine/tarifs.txt": "Tarifs piscine 2026\n\nEntrée adulte : 4,20 euros, enfant : 2,50.\n",
    "dechets.txt": "Déchetterie\n\nLa déchetterie des Gravières ouvre le samedi de 9 h à 18 h.\n",
}


@dataclass(frozen=True)
class SyncReportStub:
    added: list[str]
    updated: list[str]
    removed: list[str]
    skipped: list[tuple[str, str]]
    version: int
    duration_s: float = 0.0


@dataclass
class FakeIndex:
    """Records what it was asked to index: the folder's files and their bytes."""

    calls: list[dict[str, Any]] = field(default_factory=list)

    def sync(self, folder: Path, *, mode: str = "replace", remove: Any = (), progress: Any = None):
        files = {
            p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*"))
            if p.is_file()
        }
        self.calls.append({"folder": folder, "mode": mode, "remove": list(remove), "files": files})
        if progress:
            progress(len(files), len(files))
        return SyncReportStub(sorted(files), [], list(remove), [], len(self.calls))


def write_files(folder: Path, files: Mapping[str, str | bytes]) -> None:
    for rel, content in files.items():
        p = folder / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            p.write_text(content, encoding="utf-8")
        else:
            p.write_bytes(content)


def make_stick(
    root: Path,
    key: PrivateKey | None,
    files: Mapping[str, str | bytes] | None = None,
    *,
    mode: Mode = "replace",
    remove: tuple[str, ...] = (),
    created: str = "2026-03-02T10:00:00+01:00",
    sequence: int | None = None,
) -> Path:
    """A stick (folder) holding robot-documents/ with a manifest signed by `key`
    (without a sequence number, like the sticks signed before numbers existed)."""
    docs = root / "robot-documents"
    docs.mkdir(parents=True)
    write_files(docs, DOCS if files is None else files)
    bundle.create(
        docs,
        key,
        mode=mode,
        remove=list(remove),
        created=created,
        sequence=sequence,
        limits=LIMITS,
    )
    return root


def syncer(data_dir: Path, index: Any, **usb: Any) -> UsbSync:
    paths = SyncPaths(data_dir / "staging", data_dir / "state", data_dir / "keys")
    return UsbSync(paths, UsbSettings(**usb), lambda: index)


def run_cli(*argv: str, data_dir: Path, config: Path | None = None) -> int:
    from robot.cli import main

    args = ["--data-dir", str(data_dir)]
    if config is not None:
        args += ["--config", str(config)]
    return main([*args, *argv])
