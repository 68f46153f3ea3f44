"""Why a bundle is refused or a sync stopped: stable codes for scripts, plain words for staff."""

from __future__ import annotations

from dataclasses import dataclass

from robot.core.errors import SyncError

# code -> (French for staff, English for logs). Codes are stable: scripts and the
# display rely on them.
REASONS: dict[str, tuple[str, str]] = {
    "no_bundle": ("aucun dossier de documents trouvé", "no bundle folder found"),
    "missing_manifest": ("le fichier de contenu (manifeste) est absent", "manifest is missing"),
    "bad_manifest": ("le manifeste est illisible ou invalide", "manifest is unreadable or invalid"),
    "missing_signature": ("la clé n'est pas signée", "bundle is not signed"),
    "bad_signature": (
        "la signature est invalide (fichiers modifiés après la signature ?)",
        "signature does not verify",
    ),
    "untrusted_key": (
        "la clé a été signée par une personne non autorisée",
        "signer key is not trusted on this robot",
    ),
    "stale_bundle": (
        "ce lot est plus ancien que le dernier installé",
        "bundle is older than the last one applied",
    ),
    "future_bundle": (
        "ce lot est daté dans le futur : vérifiez la date et l'heure du PC qui l'a signé "
        "(et celles du robot), puis refaites le lot",
        "bundle is dated in the future (the signing PC's clock is wrong?)",
    ),
    "unsafe_path": ("nom de fichier interdit", "path is absolute, escapes the folder or invalid"),
    "symlink": ("lien symbolique interdit", "symbolic links are not allowed"),
    "special_file": ("type de fichier interdit", "not a regular file"),
    "unlisted_file": ("fichier ajouté après la signature", "file is not in the manifest"),
    "missing_file": ("fichier annoncé mais absent", "file listed in the manifest is missing"),
    "hash_mismatch": ("fichier modifié après la signature", "file content does not match"),
    "size_mismatch": ("fichier modifié après la signature", "file size does not match"),
    "file_too_large": ("fichier trop volumineux", "file is above the size limit"),
    "too_many_files": ("trop de fichiers", "more files than allowed"),
    "too_large": ("l'ensemble des fichiers est trop volumineux", "bundle is above the total limit"),
}


@dataclass(frozen=True)
class Refusal:
    """One reason to refuse a bundle; `path` is empty when it concerns the whole bundle."""

    code: str
    path: str = ""
    detail: str = ""
    advice: str = ""  # French, for staff: what to do about this very bundle

    @property
    def french(self) -> str:
        text = REASONS.get(self.code, (self.code, self.code))[0]
        text = f"{text} ({self.advice})" if self.advice else text
        return f"{self.path} : {text}" if self.path else text

    @property
    def english(self) -> str:
        text = REASONS.get(self.code, (self.code, self.code))[1]
        extra = f" ({self.detail})" if self.detail else ""
        return f"{self.path}: {text}{extra}" if self.path else f"{text}{extra}"

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "path": self.path, "message": self.french}


class BundleRefused(SyncError):
    """The bundle is not trusted or not sound; nothing was imported (exit 4)."""

    code = "sync"
    exit_code = 4

    def __init__(self, refusals: list[Refusal]) -> None:
        self.refusals = list(refusals)
        first = self.refusals[0]
        more = f" (+{len(self.refusals) - 1} more)" if len(self.refusals) > 1 else ""
        super().__init__(
            f"bundle refused [{first.code}]: {first.english}{more}",
            hint="; ".join(r.english for r in self.refusals[1:6]) or None,
        )

    @property
    def reason(self) -> str:
        """The machine-readable code of the first (main) refusal."""
        return self.refusals[0].code


class SyncIOError(SyncError):
    """The stick vanished, the disk is full or the index failed; the index is unchanged."""

    code = "sync_io"
    exit_code = 5

    def __init__(self, reason: str, message: str, *, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.reason = reason  # source_vanished | disk_full | io_error | index_busy | index_failed


class SyncBusy(SyncError):
    """Another sync holds the lock; try again when it ends."""

    code = "sync_busy"
    exit_code = 6
