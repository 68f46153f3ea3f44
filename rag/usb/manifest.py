"""The bundle manifest: what it lists, its exact signed bytes, and checks with no I/O.

`robot-manifest.json` on the stick is written in canonical form (sorted keys, fixed
indentation, UTF-8) and the signature in `robot-manifest.sig` covers those exact
bytes, so the robot verifies the file as read before parsing a single field.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from rag.usb.errors import Refusal

FORMAT = "robot-bundle/1"
MANIFEST_NAME = "robot-manifest.json"
SIGNATURE_NAME = "robot-manifest.sig"
MAX_MANIFEST_BYTES = 8 * 1024 * 1024
Mode = Literal["replace", "update"]

# Files operating systems drop on a stick behind the staff's back: never listed,
# never copied, never a reason to refuse. Reports we write back are reserved too.
_JUNK_NAMES = {
    ".ds_store",
    "thumbs.db",
    "desktop.ini",
    ".spotlight-v100",
    ".trashes",
    ".fseventsd",
    ".temporaryitems",
    "system volume information",
    "$recycle.bin",
}
_REPORT_RE = re.compile(r"^robot-rapport-\d{8}-\d{6}(-\d+)?\.txt$")
_SHA_RE = re.compile(r"^[0-9a-f]{64}$")


def is_ignored(relpath: str) -> bool:
    """OS junk anywhere, our own manifest, signature and reports at the top level."""
    parts = relpath.split("/")
    if any(p.lower() in _JUNK_NAMES or p.startswith("._") for p in parts):
        return True
    return len(parts) == 1 and (
        parts[0] in (MANIFEST_NAME, SIGNATURE_NAME) or bool(_REPORT_RE.match(parts[0]))
    )


def path_problem(path: str) -> str | None:
    """Why `path` is not a safe relative POSIX path inside the bundle, or None."""
    if not isinstance(path, str) or not path:
        return "empty"
    if path.startswith("/") or re.match(r"^[A-Za-z]:", path):
        return "absolute"
    if "\\" in path or "\x00" in path:
        return "backslash or NUL"
    if any(unicodedata.category(c) == "Cc" for c in path):
        return "control character"
    if any(0xDC80 <= ord(c) <= 0xDCFF for c in path):
        return "not valid UTF-8"
    parts = path.split("/")
    if any(p in ("", ".", "..") for p in parts):
        return "'..', '.' or empty component"
    if len(path.encode("utf-8", "surrogatepass")) > 1024 or any(len(p) > 255 for p in parts):
        return "too long"
    return None


@dataclass(frozen=True)
class FileEntry:
    path: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Manifest:
    files: tuple[FileEntry, ...]
    created: str  # ISO 8601 with offset, from the signer's clock
    mode: Mode = "replace"
    remove: tuple[str, ...] = ()
    signer: str | None = None  # public key fingerprint; None only for unsigned test bundles
    # The signer's bundle counter (1, 2, ...): what makes a bundle newer, whatever the PC's
    # clock says. None on sticks signed before numbers existed; dates decide for those.
    sequence: int | None = None
    format: str = FORMAT

    def to_bytes(self) -> bytes:
        """The canonical bytes: what is written to the stick and what is signed."""
        data: dict[str, Any] = {
            "format": self.format,
            "created": self.created,
            "mode": self.mode,
            "remove": list(self.remove),
            "signer": self.signer,
            "files": [{"path": f.path, "size": f.size, "sha256": f.sha256} for f in self.files],
        }
        if self.sequence is not None:  # absent, not null: an unnumbered manifest keeps its bytes
            data["sequence"] = self.sequence
        return (json.dumps(data, sort_keys=True, indent=1, ensure_ascii=False) + "\n").encode()

    @property
    def total_bytes(self) -> int:
        return sum(f.size for f in self.files)

    def entry(self, path: str) -> FileEntry | None:
        return next((f for f in self.files if f.path == path), None)


class ManifestError(ValueError):
    """The manifest bytes do not describe a valid manifest."""


def _field(data: Mapping[str, Any], key: str, kind: type | tuple[type, ...]) -> Any:
    value = data.get(key)
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise ManifestError(f"field {key!r} missing or of the wrong type")
    return value


def parse(raw: bytes) -> Manifest:
    """Parse manifest bytes strictly; path safety is checked by `check_manifest`."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ManifestError(f"not JSON: {exc}") from None
    if not isinstance(data, dict):
        raise ManifestError("top level is not an object")
    if data.get("format") != FORMAT:
        raise ManifestError(f"unknown format {data.get('format')!r}, expected {FORMAT!r}")
    unknown = set(data) - {"format", "created", "mode", "remove", "signer", "files", "sequence"}
    if unknown:
        raise ManifestError(f"unknown fields {sorted(unknown)}")
    mode = _field(data, "mode", str)
    if mode not in ("replace", "update"):
        raise ManifestError(f"mode must be replace or update, got {mode!r}")
    signer = data.get("signer")
    if signer is not None and not (isinstance(signer, str) and re.match(r"^[0-9a-f]{32}$", signer)):
        raise ManifestError("signer must be a key fingerprint")
    remove = _field(data, "remove", list)
    if not all(isinstance(r, str) for r in remove):
        raise ManifestError("remove must list file names")
    files = []
    for item in _field(data, "files", list):
        if not isinstance(item, dict) or set(item) != {"path", "size", "sha256"}:
            raise ManifestError("each file needs exactly path, size and sha256")
        path, size, sha = item["path"], item["size"], item["sha256"]
        if not isinstance(path, str) or not isinstance(size, int) or isinstance(size, bool):
            raise ManifestError(f"bad file entry {item!r}")
        if size < 0 or not isinstance(sha, str) or not _SHA_RE.match(sha):
            raise ManifestError(f"bad size or sha256 for {path!r}")
        files.append(FileEntry(path, size, sha))
    sequence = data.get("sequence")
    if sequence is not None and (
        not isinstance(sequence, int) or isinstance(sequence, bool) or sequence < 1
    ):
        raise ManifestError("sequence must be a whole number from 1")
    created = _field(data, "created", str)
    try:
        if datetime.fromisoformat(created).tzinfo is None:
            raise ValueError
    except ValueError:
        raise ManifestError("created must be an ISO date with a UTC offset") from None
    return Manifest(
        files=tuple(files),
        created=created,
        mode=mode,
        remove=tuple(remove),
        signer=signer,
        sequence=sequence,
    )


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int
    max_files: int
    max_total_bytes: int


@dataclass(frozen=True)
class Listing:
    """What a scan of the bundle folder found, without following any link."""

    files: Mapping[str, int] = field(default_factory=dict)  # relative path -> size
    symlinks: tuple[str, ...] = ()
    specials: tuple[str, ...] = ()  # fifos, devices, sockets
    bad_names: tuple[str, ...] = ()  # names that are not valid UTF-8 and such


def check_manifest(m: Manifest, limits: Limits) -> list[Refusal]:
    """Everything wrong with the manifest on its own: paths, duplicates, limits, mode."""
    out: list[Refusal] = []
    seen: set[str] = set()
    for f in m.files:
        problem = path_problem(f.path)
        if problem:
            out.append(Refusal("unsafe_path", f.path, problem))
        elif is_ignored(f.path):
            out.append(Refusal("unsafe_path", f.path, "reserved name"))
        elif f.path in seen:
            out.append(Refusal("bad_manifest", f.path, "listed twice"))
        seen.add(f.path)
        if f.size > limits.max_file_bytes:
            out.append(Refusal("file_too_large", f.path, f"{f.size} bytes"))
    for r in m.remove:
        problem = path_problem(r)
        if problem:
            out.append(Refusal("unsafe_path", r, f"in remove list: {problem}"))
    if m.remove and m.mode == "replace":
        out.append(Refusal("bad_manifest", "", "a remove list needs mode update"))
    if len(m.files) > limits.max_files:
        out.append(Refusal("too_many_files", "", f"{len(m.files)} > {limits.max_files}"))
    if m.total_bytes > limits.max_total_bytes:
        out.append(Refusal("too_large", "", f"{m.total_bytes} bytes"))
    return out


def check_listing(m: Manifest, listing: Listing, limits: Limits) -> list[Refusal]:
    """Compare what is on the stick with the manifest: nothing more, nothing less."""
    out = [Refusal("symlink", p) for p in listing.symlinks]
    out += [Refusal("special_file", p) for p in listing.specials]
    out += [Refusal("unsafe_path", p, "undecodable name") for p in listing.bad_names]
    listed = {f.path: f for f in m.files}
    for path, size in sorted(listing.files.items()):
        if path not in listed:
            out.append(Refusal("unlisted_file", path))
        elif size > limits.max_file_bytes:
            out.append(Refusal("file_too_large", path, f"{size} bytes"))
        elif size != listed[path].size:
            out.append(Refusal("size_mismatch", path, f"{size} != {listed[path].size}"))
    out += [Refusal("missing_file", p) for p in sorted(listed) if p not in listing.files]
    if len(listing.files) > limits.max_files and len(m.files) <= limits.max_files:
        out.append(Refusal("too_many_files", "", f"{len(listing.files)} on the stick"))
    return out


def build(
    files: Iterable[FileEntry],
    created: str,
    mode: Mode,
    remove: Iterable[str],
    signer: str | None,
    *,
    sequence: int | None = None,
) -> Manifest:
    entries = tuple(sorted(files, key=lambda f: f.path))
    return Manifest(entries, created, mode, tuple(sorted(set(remove))), signer, sequence)
