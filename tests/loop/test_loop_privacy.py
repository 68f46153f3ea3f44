"""Privacy: transcripts redacted, kept N days; visitors' audio only when asked for."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from robot.logs import TranscriptLog, prune
from robot.settings import PrivacySettings

TURN = {"turn": 3, "kind": "answer", "heard": "je m'appelle Jean Dupont, mon numéro est "
        "06 12 34 56 78", "reply": "Écrivez à jean.dupont@example.fr", "sources": [],
        "declined": False, "interrupted": False, "failed": None, "timings_ms": {"stt": 700.0}}


def test_transcripts_are_redacted(tmp_path: Path) -> None:
    log = TranscriptLog(tmp_path, PrivacySettings()).start()
    log.trace("turn", TURN)
    line = json.loads((tmp_path / f"transcript-{date.today().isoformat()}.jsonl").read_text())
    text = f"{line['heard']} {line['reply']}"
    assert "Dupont" not in text and "06 12" not in text and "@" not in text
    assert "[nom]" in text and "[téléphone]" in text and "[e-mail]" in text
    assert line["timings_ms"] == {"stt": 700.0}


def test_no_audio_by_default_and_only_when_asked(tmp_path: Path) -> None:
    audio = np.zeros(1600, dtype=np.int16)
    TranscriptLog(tmp_path / "a", PrivacySettings()).start().trace(
        "utterance", {"turn": 1, "audio": audio})
    assert not list((tmp_path / "a").rglob("*.wav"))
    TranscriptLog(tmp_path / "b", PrivacySettings(store_audio=True)).start().trace(
        "utterance", {"turn": 1, "audio": audio})
    assert len(list((tmp_path / "b").rglob("*.wav"))) == 1


def test_old_days_are_pruned_at_start(tmp_path: Path) -> None:
    today = date(2026, 3, 10)
    for days in (0, 5, 29, 30, 31, 90):
        day = (today - timedelta(days=days)).isoformat()
        (tmp_path / f"transcript-{day}.jsonl").write_text("{}\n")
        (tmp_path / f"audio-{day}").mkdir()
    (tmp_path / "robot.log").write_text("not ours")
    removed = prune(tmp_path, 30, today=today)
    assert len(removed) == 4  # 31 and 90 days old: transcript and audio folder each
    left = sorted(p.name for p in tmp_path.iterdir())
    assert "transcript-2026-02-08.jsonl" in left and "robot.log" in left
    assert "transcript-2026-02-07.jsonl" not in left and "audio-2025-12-10" not in left


def test_retention_zero_keeps_nothing(tmp_path: Path) -> None:
    log = TranscriptLog(tmp_path, PrivacySettings(retention_days=0)).start()
    log.trace("turn", TURN)
    assert not list(tmp_path.iterdir())
