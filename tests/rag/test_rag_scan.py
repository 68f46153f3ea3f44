"""The folder scan: what a sync will read, and every refusal named with its reason."""

from __future__ import annotations

import os
from pathlib import Path

from rag.syncplan import scan_folder


def test_linked_files_and_folders_are_reported_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("# Secret\n\nNe pas indexer.\n")
    docs = tmp_path / "docs"
    (docs / "sub").mkdir(parents=True)
    (docs / "bon.md").write_text("# Horaires\n\nLa mairie ouvre à 8 h 30.\n")
    os.symlink(outside, docs / "dossier-lie")
    os.symlink(outside, docs / "sub" / "autre-lien")
    os.symlink(outside / "secret.md", docs / "lien.md")
    os.symlink(tmp_path / "absent", docs / "casse.md")

    scan = scan_folder(docs, 1 << 20)
    assert list(scan.candidates) == ["bon.md"]
    assert dict(scan.skipped) == {
        "dossier-lie/": "lien symbolique vers un dossier (non suivi)",
        "sub/autre-lien/": "lien symbolique vers un dossier (non suivi)",
        "lien.md": "lien symbolique (non suivi)",
        "casse.md": "lien symbolique (non suivi)",
    }
