"""The transcript log: one JSON line per turn, redacted, one file per day, kept N days.

`<data>/logs/transcript-YYYY-MM-DD.jsonl`. Visitors' words pass through robot.core.redact
first (phone numbers, e-mails, names, ID numbers). Visitors' audio is written only when
privacy.store_audio is true (`<data>/logs/audio-YYYY-MM-DD/turn-N.wav`, for tuning a new
site). Files older than privacy.retention_days are deleted when the loop starts.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
import threading
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from robot.core.redact import redact
from robot.settings import PrivacySettings

log = logging.getLogger(__name__)
_NAME = re.compile(r"^(?:transcript|audio)-(\d{4}-\d{2}-\d{2})(?:\.jsonl)?$")


def prune(logs_dir: Path, retention_days: int, today: date | None = None) -> list[Path]:
    """Delete daily transcript files older than ``retention_days``; returns what went."""
    today = today or date.today()
    cutoff = today - timedelta(days=retention_days)
    removed = []
    for path in sorted([*logs_dir.glob("transcript-*.jsonl"), *logs_dir.glob("audio-*")]):
        m = _NAME.match(path.name)
        if not m:
            continue
        try:
            day = date.fromisoformat(m.group(1))
        except ValueError:
            continue
        if day < cutoff or retention_days == 0:
            try:
                if path.is_dir():
                    shutil.rmtree(path)
                else:
                    path.unlink()
                removed.append(path)
            except OSError as exc:
                log.warning("cannot delete old transcript %s: %s", path, exc)
    if removed:
        log.info("pruned %d transcript file(s) older than %d days", len(removed),
                 retention_days)
    return removed


class TranscriptLog:
    """Appends a redacted line per finished turn to today's file."""

    def __init__(self, logs_dir: Path, privacy: PrivacySettings) -> None:
        self.dir = logs_dir
        self.privacy = privacy
        self._lock = threading.Lock()

    def path_for(self, day: date) -> Path:
        return self.dir / f"transcript-{day.isoformat()}.jsonl"

    def start(self) -> TranscriptLog:
        self.dir.mkdir(parents=True, exist_ok=True)
        prune(self.dir, self.privacy.retention_days)
        return self

    def write(self, turn: dict[str, Any]) -> None:
        if not self.privacy.log_transcripts or self.privacy.retention_days == 0:
            return
        clean = self._clean
        entry = {
            "time": datetime.now().astimezone().isoformat(timespec="seconds"),
            "turn": turn.get("turn"),
            "kind": turn.get("kind"),
            "heard": clean(turn.get("heard", "")),
            "reply": clean(turn.get("reply", "")),
            "sources": turn.get("sources", []),
            "declined": turn.get("declined", False),
            "interrupted": turn.get("interrupted", False),
            "failed": turn.get("failed"),
            "timings_ms": turn.get("timings_ms", {}),
        }
        line = json.dumps(entry, ensure_ascii=False)
        with self._lock:
            try:
                self.dir.mkdir(parents=True, exist_ok=True)
                with self.path_for(date.today()).open("a", encoding="utf-8") as f:
                    f.write(line + "\n")
            except OSError as exc:  # a full disk must not stop the robot talking
                log.warning("cannot write the transcript log: %s", exc)

    def trace(self, kind: str, data: dict[str, Any]) -> None:
        """The loop's trace sink: finished turns, and utterances when audio is kept."""
        if kind == "turn":
            self.write(data)
        elif kind == "utterance" and self.privacy.store_audio:
            self.write_audio(int(data["turn"]), data["audio"])

    def write_audio(self, turn: int, audio: Any) -> None:
        from speech.wavio import write_wav

        folder = self.dir / f"audio-{date.today().isoformat()}"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            write_wav(folder / f"turn-{turn:05d}.wav", audio, 16000)
        except OSError as exc:
            log.warning("cannot store the utterance audio: %s", exc)

    def _clean(self, text: str) -> str:
        return redact(text) if self.privacy.redact_transcripts else text
