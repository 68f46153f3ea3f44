"""One USB sync, start to end: verify, stage, index, switch, report.

The order is the safety argument: nothing from the stick reaches the index before the
signature, the listing and every file's hash have been checked, and the index only
ever switches to a fully built generation (IndexStore.sync), so a pulled stick, a full
disk, a kill -9 or a power cut leaves the robot answering from the previous index.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import socket
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from rag.usb import freshness, history
from rag.usb import report as rp
from rag.usb.bundle import Opened, locate, open_bundle, verify_listing
from rag.usb.errors import BundleRefused, SyncIOError
from rag.usb.keys import Keyring
from rag.usb.manifest import Limits
from rag.usb.settings import UsbSettings
from rag.usb.staging import CopyHook, Staging, SyncLock
from rag.usb.status import StatusWriter, now_iso
from robot.core.errors import IndexBusy, RobotError

log = logging.getLogger(__name__)
COPY_START, INDEX_START = 5.0, 30.0  # percent of the whole sync where each phase starts


class IndexTarget(Protocol):
    """What the sync needs from the index (rag.index.IndexStore provides it)."""

    def sync(
        self, folder: Path, *, mode: Any = ..., remove: Sequence[str] = ..., progress: Any = ...
    ) -> Any: ...


@dataclass(frozen=True)
class SyncPaths:
    staging: Path
    state: Path
    keys: Path


@dataclass
class SyncOutcome:
    """What happened; `error` is raised by the CLI after the report so exit codes hold."""

    result: dict[str, Any]
    report_text: str
    report_path: Path | None = None
    error: RobotError | None = None
    names: dict[str, list[str]] = field(default_factory=dict)


def limits_of(s: UsbSettings) -> Limits:
    mb = 1024 * 1024
    return Limits(int(s.max_file_mb * mb), s.max_files, int(s.max_total_mb * mb))


def _names(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list | tuple | set) else []


def _count(value: Any) -> int:
    return value if isinstance(value, int) else len(_names(value))


class UsbSync:
    def __init__(
        self,
        paths: SyncPaths,
        settings: UsbSettings,
        open_index: Callable[[], IndexTarget],
        *,
        copy_hook: CopyHook | None = None,
    ) -> None:
        self.paths = paths
        self.settings = settings
        self.open_index = open_index
        self.copy_hook = copy_hook
        self.staging = Staging(paths.staging)

    def run(
        self, source: Path, *, force: bool = False, report_to: Path | None = None
    ) -> SyncOutcome:
        """Hold the lock for the whole run; SyncBusy propagates before anything is touched."""
        with SyncLock(self.paths.staging):
            return self._run(source, force, report_to)

    def _run(self, source: Path, force: bool, report_to: Path | None) -> SyncOutcome:
        t0 = time.monotonic()
        status = StatusWriter(self.paths.state)
        status.update("verifying", 0, "Vérification de la clé USB…")
        result: dict[str, Any] = {
            "status": "failed",
            "code": "io_error",
            "added": 0,
            "updated": 0,
            "removed": 0,
            "skipped": 0,
            "refused": [],
            "version": None,
            "unsigned": False,
            "report": None,
        }
        opened: Opened | None = None
        error: RobotError | None = None
        extra: dict[str, Any] = {}
        try:
            folder = locate(source, self.settings.folder)
            report_to = report_to or (source if folder != source else folder)
            opened = open_bundle(
                folder, Keyring(self.paths.keys), allow_unsigned=self.settings.allow_unsigned
            )
            result["unsigned"] = opened.signer is None
            verify_listing(opened, limits_of(self.settings))
            digest = hashlib.sha256(opened.manifest.to_bytes()).hexdigest()
            same = None if force else self._freshness(opened, digest)
            if same is not None:
                result.update(
                    status="up_to_date", code="up_to_date", version=same.info.get("version")
                )
            else:
                extra = self._apply(opened, status)
                self._remember(opened, digest, extra.get("version"))
                result.update(status="ok", code="ok")
                result.update(
                    {k: v for k, v in extra.items() if not k.endswith(("_names", "_items"))}
                )
        except BundleRefused as exc:
            error = exc
            result.update(
                status="refused", code=exc.reason, refused=[r.as_dict() for r in exc.refusals]
            )
            log.error("USB bundle refused: %s", exc)
        except SyncIOError as exc:
            error = exc
            result.update(status="failed", code=exc.reason)
            log.error("USB sync failed, index unchanged: %s", exc)
        except IndexBusy as exc:  # a technician's sync or rollback: the stick can wait
            error = SyncIOError("index_busy", f"index busy, unchanged: {exc}")
            result.update(status="failed", code="index_busy")
            log.error("USB sync postponed: %s", exc)
        except RobotError as exc:  # the index builder failed: it kept the old generation
            error = SyncIOError("index_failed", f"indexing failed, index unchanged: {exc}")
            result.update(status="failed", code="index_failed")
            log.error("USB sync failed while indexing: %s", exc)
        except OSError as exc:
            full = exc.errno in (errno.ENOSPC, errno.EDQUOT)
            if full:
                self.staging.clear()  # never leave the disk full because of our copies
            error = SyncIOError("disk_full" if full else "io_error", f"index unchanged: {exc}")
            result.update(code=error.reason)
            log.error("USB sync failed: %s", exc)
        except Exception as exc:  # a bug or a library failure: still a clear final status
            error = SyncIOError("index_failed", f"unexpected failure, index unchanged: {exc!r}")
            result.update(code="index_failed")
            log.exception("USB sync failed unexpectedly")
        result["duration_s"] = round(time.monotonic() - t0, 2)
        return self._finish(status, result, extra, opened, error, report_to)

    def _apply(self, opened: Opened, status: StatusWriter) -> dict[str, Any]:
        m = opened.manifest
        need = m.total_bytes + 64 * 1024 * 1024
        if self.staging.free_bytes() < need:
            raise SyncIOError(
                "disk_full",
                f"not enough free space for {m.total_bytes} bytes",
                hint="free some space on the robot, then plug the stick in again",
            )
        status.update("copying", COPY_START, "Copie des documents…")
        kept = self.staging.prepare(m)
        done = 0
        total = max(1, m.total_bytes)

        def on_bytes(n: int) -> None:
            nonlocal done
            done += n
            pct = COPY_START + (INDEX_START - COPY_START) * done / total
            status.update("copying", pct, f"Copie des documents… {int(100 * done / total)} %")

        stats = self.staging.copy_in(opened.folder, m, kept, on_bytes, self.copy_hook)
        log.info(
            "staged %d file(s) (%d copied, %d reused, %d bytes)",
            len(m.files),
            stats.copied,
            stats.reused,
            stats.bytes_copied,
        )
        status.update("indexing", INDEX_START, "Mise à jour de l'index…")

        def on_progress(done: Any = None, total: Any = None, *_: Any, **__: Any) -> None:
            if isinstance(done, int | float) and isinstance(total, int | float) and total > 0:
                pct = INDEX_START + (99 - INDEX_START) * min(1.0, done / total)
                status.update(
                    "indexing", pct, f"Mise à jour de l'index… {int(done)} sur {int(total)}"
                )

        rep = self.open_index().sync(
            self.staging.files, mode=m.mode, remove=list(m.remove), progress=on_progress
        )
        self.staging.clear()
        out: dict[str, Any] = {}
        for key in ("added", "updated", "removed"):
            value = getattr(rep, key, 0)
            out[key], out[f"{key}_names"] = _count(value), _names(value)
        skipped = [(str(a), str(b)) for a, b in (getattr(rep, "skipped", None) or [])]
        version = getattr(rep, "version", None)
        out.update(
            skipped=len(skipped),
            skipped_items=skipped,
            version=version if isinstance(version, int | str) else None,
        )
        return out

    def _freshness(self, opened: Opened, digest: str) -> freshness.Record | None:
        """The record when this very bundle was applied last (nothing to do), None when it is
        new; a replayed or future-dated bundle is refused before anything is copied."""
        last = history.load(self.paths.state)
        if last is not None and last.sha256 == digest:
            log.info("bundle already applied on %s: nothing to do", last.info.get("applied_at"))
            return last
        problem = freshness.refusal(opened.manifest, last, datetime.now(UTC))
        if problem is not None:
            raise BundleRefused([problem])
        return None

    def _remember(self, opened: Opened, digest: str, version: Any) -> None:
        m = opened.manifest
        info = {
            "created": m.created,
            "sequence": m.sequence,
            "applied_at": now_iso(),
            "signer": opened.signer.name if opened.signer else None,
            "fingerprint": m.signer,
            "version": version,
        }
        last = history.load(self.paths.state)
        history.save(self.paths.state, freshness.applied(last, m, digest, datetime.now(UTC), info))

    def _finish(
        self,
        status: StatusWriter,
        result: dict[str, Any],
        extra: dict[str, Any],
        opened: Opened | None,
        error: RobotError | None,
        report_to: Path | None,
    ) -> SyncOutcome:
        when = datetime.now()
        name = rp.report_name(when)
        signer = opened.signer.name if opened and opened.signer else None
        text = rp.render({**result, **extra}, when=when, robot=socket.gethostname(), signer=signer)
        written = rp.write(report_to, name, text) if report_to else None
        result["report"] = name if written else None
        phase = {"ok": "done", "up_to_date": "done", "refused": "refused"}.get(
            result["status"], "failed"
        )
        try:  # a full disk must not turn a clean outcome into a traceback
            rp.keep(self.paths.state / "usb-reports", name, text)
            status.finish(phase, _display_message(result), result)
        except OSError as exc:
            log.error("cannot record the USB sync outcome in %s: %s", self.paths.state, exc)
        return SyncOutcome(result, text, written, error)


def _display_message(result: dict[str, Any]) -> str:
    """One short line for the robot's display."""
    if result["status"] == "ok":
        return (
            f"Documents mis à jour : {result['added']} ajouté(s), {result['updated']} "
            f"modifié(s), {result['removed']} retiré(s). Vous pouvez retirer la clé."
        )
    if result["status"] == "up_to_date":
        return "Documents déjà à jour. Vous pouvez retirer la clé."
    if result["status"] == "refused":
        first = result["refused"][0]["message"] if result["refused"] else result["code"]
        return f"Clé refusée : {first}."
    return f"Mise à jour interrompue : {rp.FAILURES.get(result['code'], result['code'])}."
