"""`robot index sync|status|search|rollback` end to end, in process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rag_testlib import BAD_FILES

from robot.cli import main


def robot(data_dir: Path, *args: str) -> int:
    return main(["--data-dir", str(data_dir), "index", *args])


def test_sync_status_search_rollback(
    data_dir: Path, docs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (docs / "piscine.md").write_text("# Piscine municipale\n\nL'entrée adulte coûte 4,20 €.\n")
    (docs / "marche.md").write_text("# Marché\n\nLe marché a lieu le samedi matin.\n")
    (docs / "vide.txt").write_bytes(b"")
    (docs / "chiffre.pdf").write_bytes((BAD_FILES / "chiffre.pdf").read_bytes())

    assert robot(data_dir, "sync", str(docs)) == 0  # skipped files do not fail the sync
    out, err = capsys.readouterr()
    assert "Index version 1 : 2 passages" in out
    assert "ajoutés (2)" in out and "- piscine.md" in out
    assert "ignorés (2)" in out and "- vide.txt : fichier vide" in out
    assert "chiffre.pdf : PDF protégé par un mot de passe" in out
    assert "passages" in err and "100%" in err  # the progress bars, on stderr

    assert robot(data_dir, "search", "prix entree piscine", "-k", "2") == 0
    out, _ = capsys.readouterr()
    lines = out.splitlines()
    assert "2 passage(s)" in lines[0] and " ms " in lines[0]
    assert lines[1].startswith("1. score ") and "piscine.md" in lines[1]
    assert "Piscine municipale" in lines[2]

    (docs / "piscine.md").write_text("# Piscine municipale\n\nL'entrée adulte coûte 4,50 €.\n")
    assert robot(data_dir, "sync", str(docs), "--json") == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["version"], report["updated"], report["embedded"]) == (2, ["piscine.md"], 1)

    assert robot(data_dir, "status", "--json") == 0
    status = json.loads(capsys.readouterr().out)
    assert (status["version"], status["documents"], status["generations"]) == (2, 2, [1, 2])

    assert robot(data_dir, "rollback") == 0
    assert "version 2 à la version 1" in capsys.readouterr().out
    assert robot(data_dir, "search", "piscine", "--json") == 0
    found = json.loads(capsys.readouterr().out)
    assert "4,20 €" in found["passages"][0]["text"]
    assert robot(data_dir, "status") == 0
    assert "version      1" in capsys.readouterr().out


def test_search_shows_which_passage_is_read_for_its_closest_sentence() -> None:
    from rag.types import Chunk, Passage
    from robot.cli_index import format_passage

    chunk = Chunk("c", "Ouvert de 8 h 30 à 17 h 30.", "tarifs.pdf", "Tarifs municipaux")
    assert "[lu pour sa phrase la plus proche]" in format_passage(5, Passage(
        chunk, 0.0, dense=0.83, lexical=0.0, extra=True))
    assert "phrase la plus proche" not in format_passage(1, Passage(chunk, 1.0, 0.9, 5.0))


def test_errors_exit_non_zero(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert robot(data_dir, "sync", str(tmp_path / "absent")) == 1
    assert "folder not found" in capsys.readouterr().err
    assert robot(data_dir, "status") == 0
    assert "Index vide" in capsys.readouterr().out
    assert robot(data_dir, "search", "horaires") == 1
    assert robot(data_dir, "rollback") == 1
    assert "nothing to roll back" in capsys.readouterr().err
