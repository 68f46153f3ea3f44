"""`robot bench rag` runs (figures only, nothing timed), and what a two-stage sync prints."""

from __future__ import annotations

from pathlib import Path

import pytest

from robot.cli import main


def test_bench_rag_times_the_sample_commune_and_a_synthetic_plu(
        data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(data_dir), "bench", "rag", "--repeat", "1",
                 "--pages", "3"]) == 0
    out = capsys.readouterr().out
    assert "sync, 18 files -> " in out and "retrieval, 51 questions x 1" in out
    assert "source hit 100%" in out
    assert "indexing a 3-page PLU" in out and "passages" in out


def test_a_big_sync_says_when_the_documents_became_searchable(
        tmp_path: Path, data_dir: Path, docs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "robot.yaml"
    config.write_text("index:\n  units_after_chars: 0\n", encoding="utf-8")
    (docs / "piscine.md").write_text("# Piscine\n\nL'entrée adulte coûte 4,20 €. Le bassin "
                                     "est fermé le lundi.\n", encoding="utf-8")
    assert main(["--config", str(config), "--data-dir", str(data_dir), "index", "sync",
                 str(docs)]) == 0
    out = capsys.readouterr().out
    assert "Index version 2 : 1 passages" in out
    assert "consultable dès" in out and "(les unités de réponse ensuite)" in out
