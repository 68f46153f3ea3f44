"""Install and verify models: stage from a source, measure, compare, then rename into place.

A file is only ever renamed to its final path after its checksum matched (the manifest's,
or the one pinned on first use), so an engine never loads a half-written or corrupt model
and a bad download never replaces a good file.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from models.integrity import Measure, disk_size, fingerprint, measure
from models.manifest import TOFU, Manifest, ModelFile, ModelSpec
from models.sources import Source
from models.store import ModelRecords, commit, discard, install_lock, temp_path, tidy
from robot.core.errors import ModelError

log = logging.getLogger(__name__)

# File check outcomes.
OK, MISSING, MISMATCH, UNPINNED = "ok", "missing", "mismatch", "unpinned"


@dataclass(frozen=True)
class FileCheck:
    model: str
    path: str
    status: str  # OK, MISSING, MISMATCH or UNPINNED (present, no checksum to compare yet)
    detail: str = ""
    hashed: bool = False  # False when a stamp vouched for it without re-reading
    measured: Measure | None = None

    @property
    def name(self) -> str:
        return f"{self.model}/{self.path}"


@dataclass(frozen=True)
class InstallResult:
    model: str
    action: str  # "present", "installed", "system", "failed"
    detail: str = ""


class Installer:
    """Checks and installs the models of one manifest into one models dir."""

    def __init__(self, manifest: Manifest, models_dir: Path) -> None:
        self.manifest = manifest
        self.models_dir = models_dir

    def records(self, spec: ModelSpec) -> ModelRecords:
        return ModelRecords(spec.folder(self.models_dir))

    def expected(self, spec: ModelSpec, f: ModelFile) -> tuple[str | None, int | None]:
        """The checksum and size a file must have: the manifest's, else its first-use pin."""
        if f.sha256:
            return f.sha256, f.size
        pin = self.records(spec).pins().get(f.path)
        return (pin.sha256, pin.size) if pin else (None, f.size)

    def checksum_status(self, spec: ModelSpec) -> str:
        """How this model's checksums are trusted, in the words `robot models list` uses."""
        if spec.kind == "system":
            return "system package"
        unset = [f for f in spec.files if not f.sha256]
        if not unset:
            return spec.checksum_origin
        pins = self.records(spec).pins()
        if all(f.path in pins for f in unset):
            return TOFU
        return "none yet: pinned at first install"

    # --- checking -------------------------------------------------------------------------

    def check(self, spec: ModelSpec, f: ModelFile, *, fast: bool) -> FileCheck:
        """Compare one installed file with its checksum; `fast` trusts a matching stamp."""
        target = spec.folder(self.models_dir) / f.path
        if not target.exists():
            return FileCheck(spec.id, f.path, MISSING, "not installed")
        if target.is_dir() != f.is_dir:
            want = "a folder" if f.is_dir else "a file"
            return FileCheck(spec.id, f.path, MISMATCH, f"is not {want}")
        sha, size = self.expected(spec, f)
        if size is not None and (found := disk_size(target)) != size:
            return FileCheck(spec.id, f.path, MISMATCH, f"size {found}, expected {size}")
        records = self.records(spec)
        fp = fingerprint(target)
        if fast and sha and records.stamped(f.path, fp) == sha:
            return FileCheck(spec.id, f.path, OK, "stamp")
        m = measure(target)
        if sha is None:  # the stamp is harmless: it only vouches once a pin matches it
            records.stamp(f.path, fp, m)
            return FileCheck(spec.id, f.path, UNPINNED, m.sha256, hashed=True, measured=m)
        if m.sha256 != sha:
            records.forget_stamp(f.path)
            return FileCheck(spec.id, f.path, MISMATCH,
                             f"sha256 {m.sha256}, expected {sha}", hashed=True)
        records.stamp(f.path, fp, m)
        return FileCheck(spec.id, f.path, OK, "sha256", hashed=True)

    def verify(self, spec: ModelSpec, *, fast: bool = False) -> list[FileCheck]:
        return [self.check(spec, f, fast=fast) for f in spec.files]

    # --- installing -----------------------------------------------------------------------

    def install(self, specs: Iterable[ModelSpec],
                source_for: Callable[[ModelSpec], Source]) -> list[InstallResult]:
        """Install each model, going on past failures; one lock for the whole run."""
        results = []
        with install_lock(self.models_dir):
            for spec in specs:
                try:
                    results.append(self.install_one(spec, source_for))
                except ModelError as exc:
                    log.debug("%s not installed: %s", spec.id, exc.message)
                    results.append(InstallResult(spec.id, "failed", str(exc)))
                except OSError as exc:  # disk full, permissions: this model only
                    log.debug("%s not installed", spec.id, exc_info=True)
                    results.append(InstallResult(spec.id, "failed", f"{exc}"))
        return results

    def install_one(self, spec: ModelSpec,
                    source_for: Callable[[ModelSpec], Source]) -> InstallResult:
        if spec.kind == "system":
            return self._system(spec)
        folder = spec.folder(self.models_dir)
        tidy(folder)
        fetched = []
        source: Source | None = None
        try:
            for f in spec.files:
                c = self.check(spec, f, fast=True)
                if c.status == OK:
                    continue
                if c.status == UNPINNED:  # laid by hand, no checksum anywhere: pin it now
                    assert c.measured is not None
                    self.records(spec).pin(f.path, c.measured, origin=f"present in {folder}")
                    continue
                if c.status == MISMATCH:
                    log.warning("%s: %s; fetching it again", c.name, c.detail)
                source = source or source_for(spec)
                self._fetch(spec, f, source)
                fetched.append(f.path)
        finally:
            if source is not None:
                source.finish(spec)
            if folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()  # nothing came: leave no empty folder that looks installed
        if fetched:
            return InstallResult(spec.id, "installed", ", ".join(fetched))
        return InstallResult(spec.id, "present", "verified")

    def _fetch(self, spec: ModelSpec, f: ModelFile, source: Source) -> None:
        folder = spec.folder(self.models_dir)
        sha, size = self.expected(spec, f)
        dest = temp_path(folder, f.path)
        try:
            origin = source.stage(spec, f, dest, sha)
            m = self._check_staged(spec, f, dest, sha, size, origin)
            records = self.records(spec)
            if sha is None:  # pinned before the rename: a crash cannot leave it unpinned
                records.pin(f.path, m, origin)
            target = folder / f.path
            commit(dest, target)
            records.stamp(f.path, fingerprint(target), m)
            log.info("installed %s/%s (%d bytes) from %s", spec.id, f.path, m.size, origin)
        finally:
            discard(dest)

    @staticmethod
    def _check_staged(spec: ModelSpec, f: ModelFile, dest: Path, sha: str | None,
                      size: int | None, origin: str) -> Measure:
        name = f"{spec.id}/{f.path}"
        if not dest.exists() or dest.is_dir() != f.is_dir:
            raise ModelError(f"{name}: {origin} gave no {'folder' if f.is_dir else 'file'}")
        m = measure(dest)
        kept = "the installed copy, if any, was left untouched"
        if sha is not None and m.sha256 != sha:
            raise ModelError(
                f"{name}: checksum mismatch from {origin}: sha256 {m.sha256}, expected {sha}",
                hint=f"the download is corrupt or was tampered with; {kept}",
            )
        if size is not None and m.size != size:
            raise ModelError(f"{name}: size {m.size} from {origin}, expected {size}",
                             hint=kept)
        return m

    def _system(self, spec: ModelSpec) -> InstallResult:
        command = str(spec.source.get("command", ""))
        if shutil.which(command):
            return InstallResult(spec.id, "system", f"{command} found")
        apt = spec.source.get("apt") or command
        raise ModelError(f"{spec.id}: the command {command!r} is not installed",
                         hint=f"sudo apt-get install {apt}")
