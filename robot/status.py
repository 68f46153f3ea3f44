"""The running loop's status file, `robot status`, and the USB sync shown on the display.

`<data>/state/loop-status.json` is replaced atomically every few seconds by the loop:
state, last latency figures, head link, index version, model profile, uptime. A file
older than STALE_S means the loop is not running (or hung: systemd will restart it).
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

FILE_NAME = "loop-status.json"
STALE_S = 15.0
LATENCY_KEYS = ("ack", "endpoint", "stt", "retrieval", "llm_first_token", "tts_first_audio",
                "voice_to_voice", "barge_in_stop")


def loop_snapshot(state: str, state_for_s: float, session: Any, turns: list[dict[str, Any]],
                  counters: dict[str, Any], mic_ok: bool, head: dict[str, Any]) -> dict[str, Any]:
    """The loop's part of the status file; visitors' words only redacted, last turn only."""
    from robot.core.redact import redact

    last = turns[-1] if turns else None
    return {
        "state": state,
        "state_for_s": round(state_for_s, 1),
        "session_open": session is not None,
        "turns": len(turns),
        "last_turn": {**last, "heard": redact(last["heard"]), "reply": redact(last["reply"])}
        if last else None,
        "counters": dict(counters),
        "microphone": "ok" if mic_ok else "lost",
        "head": head,
    }


class StatusPublisher:
    """Hands the loop's snapshot to the status file every `interval_s`, from the loop's
    tick. A write that fails (a full disk) is said once and never reaches the loop: the
    visitor's answer goes on, and the file is written again once there is room."""

    def __init__(self, write: Callable[[dict[str, Any]], None] | None, interval_s: float,
                 now: float) -> None:
        self.write, self.interval_s, self._last = write, interval_s, now
        self._failing = False

    def tick(self, now: float, snapshot: Callable[[], dict[str, Any]]) -> None:
        if self.write is None or now - self._last < self.interval_s:
            return
        self._last = now
        self._publish(snapshot())

    def final(self, snap: dict[str, Any]) -> None:
        if self.write is not None:
            self._publish(snap)

    def _publish(self, snap: dict[str, Any]) -> None:
        assert self.write is not None
        try:
            self.write(snap)
        except Exception as exc:
            if not self._failing:
                log.warning("status file not written: %s", exc)
            self._failing = True
        else:
            if self._failing:
                log.info("status file written again")
            self._failing = False


def write_json_atomic(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1, default=str) + "\n",
                   encoding="utf-8")
    os.replace(tmp, path)


class StatusFile:
    """Adds what the loop does not know (profile, index, uptime) and writes the file."""

    def __init__(self, state_dir: Path, static: dict[str, Any],
                 index_version: Callable[[], Any] | None = None) -> None:
        self.path = state_dir / FILE_NAME
        self.static = static
        self._index_version = index_version
        self._started = time.time()

    def write(self, snapshot: dict[str, Any]) -> None:
        version = None
        if self._index_version is not None:
            try:
                version = self._index_version()
            except Exception as exc:  # a sync in progress: say so rather than fail
                version = f"unknown ({exc})"
        data = {
            **self.static,
            **snapshot,
            "index_version": version,
            "pid": os.getpid(),
            "uptime_s": round(time.time() - self._started, 1),
            "updated_at": datetime.now().astimezone().isoformat(timespec="seconds"),
            "updated_ts": time.time(),
        }
        write_json_atomic(self.path, data)


def read_status(state_dir: Path) -> dict[str, Any] | None:
    try:
        data: dict[str, Any] = json.loads((state_dir / FILE_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data


def format_status(data: dict[str, Any] | None, now: float | None = None) -> tuple[str, bool]:
    """Human text for `robot status`, and whether the loop looks alive."""
    if data is None:
        return ("the conversation loop has not run here yet (no status file)\n"
                "  -> start it: `robot run` or `systemctl start robot`"), False
    age = (now or time.time()) - float(data.get("updated_ts", 0))
    alive = age <= STALE_S and data.get("state") != "stopped"
    running = "running" if alive else (
        "stopped" if data.get("state") == "stopped" else
        f"NOT RUNNING (last update {age:.0f} s ago)")
    head = data.get("head") or {}
    link = head.get("phase") or head.get("link") or "?"
    connected = head.get("connected")
    lines = [
        f"loop:        {running}"
        f" (pid {data.get('pid')}, up {_duration(data.get('uptime_s', 0))})",
        f"state:       {data.get('state')}"
        f"{' (' + data['phase'] + ')' if data.get('phase') else ''} for {data.get('state_for_s')} s"
        f"{', session open' if data.get('session_open') else ''}",
        f"microphone:  {data.get('microphone')}",
        f"head link:   {link}{' (connected)' if connected else ''}",
        f"index:       version {data.get('index_version')}",
        f"models:      profile {data.get('profile')} — {data.get('engines', '')}",
        f"turns:       {data.get('turns')}  {_counters(data.get('counters') or {})}",
    ]
    last = data.get("last_turn") or {}
    timings = last.get("timings_ms") or {}
    if timings:
        shown = [f"{k} {timings[k]:.0f} ms" for k in LATENCY_KEYS if k in timings]
        lines.append(f"last turn:   {', '.join(shown)}")
        lines.append(f"             heard « {last.get('heard', '')} » ({last.get('kind')})")
    return "\n".join(lines), alive


def _duration(seconds: float) -> str:
    s = int(seconds or 0)
    return f"{s // 3600}h{s % 3600 // 60:02d}m" if s >= 3600 else f"{s // 60}m{s % 60:02d}s"


def _counters(counters: dict[str, Any]) -> str:
    return " ".join(f"{k}={v}" for k, v in sorted(counters.items()))


class UsbProgress:
    """Polls the USB sync status file and shows its progress or result on the display."""

    def __init__(self, state_dir: Path, show: Callable[[str], None],
                 every_s: float = 1.0) -> None:
        self.path = state_dir / "usb-sync.json"
        self._show, self._every = show, every_s
        self._last_check = 0.0
        self._mtime: float | None = None
        self.shown: list[str] = []

    def __call__(self, now: float) -> None:
        if now - self._last_check < self._every:
            return
        self._last_check = now
        try:
            mtime = self.path.stat().st_mtime
        except OSError:
            return
        if mtime == self._mtime:
            return
        first = self._mtime is None
        self._mtime = mtime
        try:
            from rag.usb.status import read_status as read_usb

            data = read_usb(self.path.parent)
        except Exception:
            return
        if not data or (first and data.get("phase") not in ("verifying", "copying",
                                                            "indexing")):
            return  # an old result from before start-up is not news
        text = usb_line(data)
        self.shown.append(text)
        self._show(text)


def usb_line(data: dict[str, Any]) -> str:
    """One display line for a USB sync status."""
    phase = data.get("phase")
    message = data.get("message") or ""
    if phase in ("verifying", "copying", "indexing"):
        return f"Mise à jour des documents : {data.get('percent', 0)} %"
    result = data.get("result") or {}
    if phase == "done" and result.get("status") in ("ok", "up_to_date"):
        return message or "Documents à jour."
    return message or "Mise à jour des documents impossible."
