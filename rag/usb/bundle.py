"""A bundle on a stick: find it, scan it without following links, verify it, create it."""

from __future__ import annotations

import base64
import binascii
import errno
import hashlib
import logging
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rag.usb import manifest as mf
from rag.usb.errors import BundleRefused, Refusal
from rag.usb.keys import Keyring, PrivateKey, PublicKey

log = logging.getLogger(__name__)
CHUNK = 1024 * 1024


def locate(path: Path, folder_name: str) -> Path:
    """MOUNT/robot-documents, else the folder itself when it holds a manifest or has that name."""
    inner = path / folder_name
    if inner.is_symlink():
        raise BundleRefused([Refusal("symlink", folder_name)])
    if inner.is_dir():
        return inner
    if (path / mf.MANIFEST_NAME).exists() or path.name == folder_name:
        return path
    raise BundleRefused([Refusal("no_bundle", str(path), f"no {folder_name}/ folder inside")])


def scan(folder: Path) -> mf.Listing:
    """Every regular file under `folder` with its size; links and oddities set apart."""
    files: dict[str, int] = {}
    links: list[str] = []
    specials: list[str] = []
    bad: list[str] = []
    stack = [""]
    while stack:
        rel = stack.pop()
        with os.scandir(folder / rel if rel else folder) as it:
            for entry in it:
                path = f"{rel}/{entry.name}" if rel else entry.name
                if entry.is_symlink():
                    links.append(path)
                    continue
                if mf.is_ignored(path):
                    continue
                if mf.path_problem(path):
                    bad.append(path.encode("utf-8", "surrogateescape").decode("utf-8", "replace"))
                    continue
                st = entry.stat(follow_symlinks=False)
                if stat.S_ISDIR(st.st_mode):
                    stack.append(path)
                elif stat.S_ISREG(st.st_mode):
                    files[path] = st.st_size
                else:
                    specials.append(path)
    return mf.Listing(files, tuple(sorted(links)), tuple(sorted(specials)), tuple(sorted(bad)))


def open_nofollow(path: Path) -> int:
    """Open a regular file for reading, refusing a link swapped in since the scan."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0))
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise IsADirectoryError(f"{path} is not a regular file")
    return fd


def open_beneath(root: Path, rel: str) -> int:
    """Open `root/rel` one component at a time, never following a link at any level, so
    a directory swapped for a link after the scan cannot lead outside the bundle."""
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        *dirs, name = rel.split("/")
        for part in dirs:
            try:
                nxt = os.open(part, flags | os.O_DIRECTORY, dir_fd=fd)
            except NotADirectoryError:  # what Linux says for a link under O_NOFOLLOW
                if stat.S_ISLNK(os.stat(part, dir_fd=fd, follow_symlinks=False).st_mode):
                    raise OSError(errno.ELOOP, f"{part} is a symbolic link") from None
                raise
            os.close(fd)
            fd = nxt
        leaf = os.open(name, flags, dir_fd=fd)
    finally:
        os.close(fd)
    if not stat.S_ISREG(os.fstat(leaf).st_mode):
        os.close(leaf)
        raise IsADirectoryError(errno.EISDIR, f"{rel} is not a regular file")
    return leaf


def _read_small(path: Path, limit: int) -> bytes | None:
    try:
        fd = open_nofollow(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        code = "symlink" if exc.errno == errno.ELOOP else "special_file"
        raise BundleRefused([Refusal(code, path.name)]) from None
    with os.fdopen(fd, "rb") as f:
        data = f.read(limit + 1)
    if len(data) > limit:
        raise BundleRefused([Refusal("bad_manifest", path.name, "too large")])
    return data


@dataclass(frozen=True)
class Opened:
    """A manifest whose bytes were verified (or explicitly allowed unsigned)."""

    folder: Path
    manifest: mf.Manifest
    signer: PublicKey | None


def open_bundle(folder: Path, keyring: Keyring, *, allow_unsigned: bool) -> Opened:
    """Verify the signature over the manifest's exact bytes before trusting any field."""
    raw = _read_small(folder / mf.MANIFEST_NAME, mf.MAX_MANIFEST_BYTES)
    if raw is None:
        raise BundleRefused([Refusal("missing_manifest", mf.MANIFEST_NAME)])
    sig_text = _read_small(folder / mf.SIGNATURE_NAME, 4096)
    if sig_text is None:
        if not allow_unsigned:
            raise BundleRefused([Refusal("missing_signature", mf.SIGNATURE_NAME)])
        log.warning(
            "!!! UNSIGNED BUNDLE ACCEPTED from %s: usb.allow_unsigned is on, "
            "ANYONE with a stick can change what the robot says; testing only !!!",
            folder,
        )
        return Opened(folder, _parse(raw), None)
    try:
        sig = base64.b64decode(sig_text.strip(), validate=True)
    except (binascii.Error, ValueError):
        sig = b""
    if len(sig) == 64:
        for key in keyring.trusted():
            if key.verify(raw, sig):
                m = _parse(raw)
                if m.signer != key.fingerprint:
                    raise BundleRefused([Refusal("bad_manifest", "", "signer field mismatch")])
                return Opened(folder, m, key)
    # Not verified: say whether the key is unknown or the content was altered.
    try:
        claimed = mf.parse(raw).signer
    except mf.ManifestError:
        claimed = None
    if claimed and keyring.find(claimed) is None:
        raise BundleRefused([Refusal("untrusted_key", "", f"signer {claimed[:16]}")])
    raise BundleRefused([Refusal("bad_signature", mf.SIGNATURE_NAME)])


def previous_manifest(folder: Path, key: PublicKey | None) -> mf.Manifest | None:
    """The manifest already in `folder` when `key` signed it (None: an unsigned one), for
    its bundle number; None when absent, unreadable or not this key's."""
    try:
        raw = _read_small(folder / mf.MANIFEST_NAME, mf.MAX_MANIFEST_BYTES)
        sig = _read_small(folder / mf.SIGNATURE_NAME, 4096) if key else b""
        if raw is None or sig is None:
            return None
        m = mf.parse(raw)
    except (BundleRefused, OSError, mf.ManifestError):
        return None
    if key is None:
        return m if m.signer is None else None
    try:
        ok = key.verify(raw, base64.b64decode(sig.strip(), validate=True))
    except (binascii.Error, ValueError):
        return None
    return m if ok and m.signer == key.fingerprint else None


def _parse(raw: bytes) -> mf.Manifest:
    try:
        return mf.parse(raw)
    except mf.ManifestError as exc:
        raise BundleRefused([Refusal("bad_manifest", mf.MANIFEST_NAME, str(exc))]) from None


def verify_listing(opened: Opened, limits: mf.Limits) -> mf.Listing:
    """Refuse unless the folder holds exactly the manifest's files, safely named and sized."""
    refusals = mf.check_manifest(opened.manifest, limits)
    listing = scan(opened.folder)
    refusals += mf.check_listing(opened.manifest, listing, limits)
    if refusals:
        unique = {(r.code, r.path): r for r in reversed(refusals)}  # first one wins
        raise BundleRefused([r for r in refusals if unique[(r.code, r.path)] is r])
    return listing


def sha256_file(path: Path, on_bytes: Callable[[int], None] | None = None) -> tuple[str, int]:
    return sha256_fd(open_nofollow(path), on_bytes)


def sha256_fd(fd: int, on_bytes: Callable[[int], None] | None = None) -> tuple[str, int]:
    """Hash an open file to its end, then close it."""
    h = hashlib.sha256()
    size = 0
    with os.fdopen(fd, "rb") as f:
        while block := f.read(CHUNK):
            h.update(block)
            size += len(block)
            if on_bytes:
                on_bytes(len(block))
    return h.hexdigest(), size


def verify_hashes(opened: Opened) -> list[Refusal]:
    """Read every file once and compare with the manifest (for `robot usb check`)."""
    out = []
    for f in opened.manifest.files:
        try:
            digest, size = sha256_fd(open_beneath(opened.folder, f.path))
        except FileNotFoundError:
            out.append(Refusal("missing_file", f.path))
            continue
        except OSError as exc:
            code = "symlink" if exc.errno == errno.ELOOP else "special_file"
            out.append(Refusal(code, f.path, exc.strerror or ""))
            continue
        if size != f.size:
            out.append(Refusal("size_mismatch", f.path))
        elif digest != f.sha256:
            out.append(Refusal("hash_mismatch", f.path))
    return out


def create(
    folder: Path,
    key: PrivateKey | None,
    *,
    mode: mf.Mode,
    remove: list[str],
    created: str,
    limits: mf.Limits,
    sequence: int | None = None,
) -> mf.Manifest:
    """Hash every file, write the canonical manifest and its detached signature."""
    listing = scan(folder)
    problems = [Refusal("symlink", p) for p in listing.symlinks]
    problems += [Refusal("special_file", p) for p in listing.specials]
    problems += [Refusal("unsafe_path", p) for p in listing.bad_names]
    if problems:
        raise BundleRefused(problems)
    entries = []
    for path in sorted(listing.files):
        digest, size = sha256_file(folder / path)
        entries.append(mf.FileEntry(path, size, digest))
    signer = key.public.fingerprint if key else None
    m = mf.build(entries, created, mode, remove, signer, sequence=sequence)
    refusals = mf.check_manifest(m, limits)
    if refusals:
        raise BundleRefused(refusals)
    raw = m.to_bytes()
    _write_atomic(folder / mf.MANIFEST_NAME, raw)
    sig_path = folder / mf.SIGNATURE_NAME
    if key is None:
        sig_path.unlink(missing_ok=True)
    else:
        _write_atomic(sig_path, base64.b64encode(key.sign(raw)) + b"\n")
    return m


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
