"""The report staff find on their stick: what changed, what was refused and why, in French."""

from __future__ import annotations

import logging
import os
from datetime import datetime
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

TITLES = {
    "ok": "Mise à jour réussie",
    "up_to_date": "Déjà à jour : ce lot de documents était déjà installé",
    "refused": "Mise à jour REFUSÉE : aucun document n'a été modifié",
    "failed": "Mise à jour INTERROMPUE : les documents d'avant restent en service",
}
FAILURES = {
    "source_vanished": "la clé a été retirée pendant la copie ; rebranchez-la pour reprendre",
    "disk_full": "le disque du robot est plein ; prévenez le technicien",
    "io_error": "erreur de lecture ou d'écriture ; réessayez, puis prévenez le technicien",
    "index_busy": ("l'index est en cours de mise à jour par ailleurs ; rebranchez la clé "
                   "dans quelques minutes"),
    "index_failed": "l'indexation a échoué ; prévenez le technicien",
}


def report_name(when: datetime) -> str:
    return f"robot-rapport-{when:%Y%m%d-%H%M%S}.txt"


def _names(items: list[str], limit: int = 50) -> list[str]:
    lines = [f"  - {n}" for n in items[:limit]]
    if len(items) > limit:
        lines.append(f"  … et {len(items) - limit} autre(s)")
    return lines


def render(result: dict[str, Any], *, when: datetime, robot: str, signer: str | None) -> str:
    """The report text; `result` is the status file's result plus name lists."""
    status = result["status"]
    out = [
        f"Rapport de mise à jour des documents — {robot}",
        f"Date : {when:%d/%m/%Y à %H:%M:%S}",
        "",
        TITLES.get(status, status),
    ]
    if result.get("unsigned"):
        out.append("ATTENTION : lot NON SIGNÉ accepté (mode test, usb.allow_unsigned).")
    if signer:
        out.append(f"Signé par : {signer}")
    if result.get("code") in FAILURES:
        out.append(f"Cause : {FAILURES[result['code']]}.")
    out.append("")
    if status == "refused":
        out.append("Raisons du refus :")
        out += [f"  - {r['message']}" for r in result.get("refused", [])[:50]]
        out += [
            "",
            "Vérifiez que les fichiers n'ont pas été modifiés depuis la signature,",
            "puis refaites le lot avec « robot bundle create ».",
            "",
        ]
    for key, label in (("added", "Ajoutés"), ("updated", "Mis à jour"), ("removed", "Retirés")):
        names = result.get(f"{key}_names") or []
        if status == "ok":
            out.append(f"{label} : {len(names) or result.get(key, 0)}")
            out += _names(names)
    skipped = result.get("skipped_items") or []
    if skipped:
        out.append(f"Ignorés (illisibles ou non pris en charge) : {len(skipped)}")
        out += _names([f"{n} : {why}" for n, why in skipped])
    if result.get("version"):
        out.append(f"Version de l'index : {result['version']}")
    if result.get("duration_s") is not None:
        out.append(f"Durée : {result['duration_s']:.0f} s")
    return "\n".join(out).rstrip() + "\n"


def write(folder: Path, name: str, text: str) -> Path | None:
    """Write the report if `folder` is writable; a read-only stick is normal, not an error."""
    path = folder / name
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o644)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\r\n") as f:  # Notepad-friendly
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
    except OSError as exc:
        log.info("report not written to %s: %s", folder, exc.strerror)
        return None
    return path


def keep(state_reports: Path, name: str, text: str, *, keep_last: int = 20) -> Path:
    """A copy on the robot (the service copies it to a read-only-mounted stick afterwards)."""
    state_reports.mkdir(parents=True, exist_ok=True)
    path = state_reports / name
    path.write_text(text, encoding="utf-8")
    for old in sorted(state_reports.glob("robot-rapport-*.txt"))[:-keep_last]:
        old.unlink(missing_ok=True)
    return path
