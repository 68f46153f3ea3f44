"""Ed25519 keys for signing bundles, and the robot's set of trusted public keys.

File formats (text, one line, so staff can mail a public key):
  private key  `robot-ed25519-private <base64 seed>`   mode 0600
  public key   `robot-ed25519 <base64 key> <name>`
Trusted keys live in `<data>/keys/trusted/<fingerprint>.pub`, one file per key.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path

import nacl.exceptions
import nacl.signing

from robot.core.errors import SyncError

log = logging.getLogger(__name__)

PRIVATE_TAG = "robot-ed25519-private"
PUBLIC_TAG = "robot-ed25519"
_NAME_RE = re.compile(r"^[\w.@+-][\w .@+-]{0,63}$")


def fingerprint(raw: bytes) -> str:
    """A stable 32-hex-digit id of a public key (128 bits: enough to look a key up)."""
    return hashlib.sha256(raw).hexdigest()[:32]


@dataclass(frozen=True)
class PublicKey:
    raw: bytes
    name: str

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.raw)

    def line(self) -> str:
        return f"{PUBLIC_TAG} {base64.b64encode(self.raw).decode()} {self.name}\n"

    def verify(self, message: bytes, signature: bytes) -> bool:
        try:
            nacl.signing.VerifyKey(self.raw).verify(message, signature)
        except (nacl.exceptions.BadSignatureError, nacl.exceptions.ValueError, ValueError):
            return False
        return True


@dataclass(frozen=True)
class PrivateKey:
    seed: bytes
    name: str

    @property
    def public(self) -> PublicKey:
        raw = bytes(nacl.signing.SigningKey(self.seed).verify_key)
        return PublicKey(raw, self.name)

    def sign(self, message: bytes) -> bytes:
        return bytes(nacl.signing.SigningKey(self.seed).sign(message).signature)


def _check_name(name: str) -> str:
    if not _NAME_RE.match(name):
        raise SyncError(f"invalid key name {name!r}: letters, digits, . _ - @ + space, 64 max")
    return name


def parse_public(text: str, source: str = "<key>") -> PublicKey:
    parts = text.strip().split(maxsplit=2)
    if len(parts) < 2 or parts[0] != PUBLIC_TAG:
        raise SyncError(f"{source}: not a robot public key (expected '{PUBLIC_TAG} ...')")
    try:
        raw = base64.b64decode(parts[1], validate=True)
    except binascii.Error:
        raise SyncError(f"{source}: public key is not valid base64") from None
    if len(raw) != 32:
        raise SyncError(f"{source}: public key must be 32 bytes, got {len(raw)}")
    return PublicKey(raw, _check_name(parts[2].strip() if len(parts) > 2 else "unnamed"))


def generate(keyfile: Path, name: str | None = None, *, force: bool = False) -> PrivateKey:
    """Write a new private key (0600, never over an existing one unless forced) and KEYFILE.pub."""
    key = PrivateKey(bytes(nacl.signing.SigningKey.generate()), _check_name(name or keyfile.stem))
    pub = keyfile.with_name(keyfile.name + ".pub")
    flags = os.O_WRONLY | os.O_CREAT | (os.O_TRUNC if force else os.O_EXCL)
    try:
        fd = os.open(keyfile, flags, 0o600)
    except FileExistsError:
        raise SyncError(
            f"{keyfile} already exists", hint="choose another name or pass --force"
        ) from None
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        os.fchmod(f.fileno(), 0o600)  # O_TRUNC keeps an old file's mode
        f.write(f"{PRIVATE_TAG} {base64.b64encode(key.seed).decode()} {key.name}\n")
    pub.write_text(key.public.line(), encoding="utf-8")
    return key


def load_private(keyfile: Path) -> PrivateKey:
    try:
        text = keyfile.read_text(encoding="utf-8")
        mode = keyfile.stat().st_mode
    except OSError as exc:
        raise SyncError(f"cannot read key {keyfile}: {exc.strerror}") from None
    if mode & 0o077:
        log.warning(
            "private key %s is readable by others (mode %o): chmod 600 it", keyfile, mode & 0o777
        )
    parts = text.strip().split(maxsplit=2)
    if len(parts) < 2 or parts[0] != PRIVATE_TAG:
        raise SyncError(f"{keyfile}: not a robot private key", hint="use `robot keys generate`")
    try:
        seed = base64.b64decode(parts[1], validate=True)
    except binascii.Error:
        raise SyncError(f"{keyfile}: private key is not valid base64") from None
    if len(seed) != 32:
        raise SyncError(f"{keyfile}: private key must be 32 bytes")
    return PrivateKey(seed, parts[2].strip() if len(parts) > 2 else keyfile.stem)


class Keyring:
    """The public keys this robot trusts, one file each under `<data>/keys/trusted/`."""

    def __init__(self, root: Path) -> None:
        self.dir = root / "trusted"

    def add(self, key: PublicKey) -> Path:
        self.dir.mkdir(parents=True, exist_ok=True)
        path = self.dir / f"{key.fingerprint}.pub"
        tmp = path.with_suffix(".tmp")
        tmp.write_text(key.line(), encoding="utf-8")
        os.replace(tmp, path)
        return path

    def remove(self, what: str) -> list[PublicKey]:
        """Forget every key whose fingerprint starts with, or whose name equals, `what`."""
        gone = [
            k for k in self.trusted() if k.fingerprint.startswith(what.lower()) or k.name == what
        ]
        for k in gone:
            (self.dir / f"{k.fingerprint}.pub").unlink(missing_ok=True)
        return gone

    def trusted(self) -> list[PublicKey]:
        if not self.dir.is_dir():
            return []
        found = []
        for path in sorted(self.dir.glob("*.pub")):
            try:
                found.append(parse_public(path.read_text(encoding="utf-8"), str(path)))
            except (OSError, UnicodeDecodeError, SyncError) as exc:
                log.warning("ignoring unreadable trusted key %s: %s", path, exc)
        return found

    def find(self, fp: str) -> PublicKey | None:
        return next((k for k in self.trusted() if k.fingerprint == fp), None)
