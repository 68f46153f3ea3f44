"""The `robot models list` table: every model, where it stands, and what each role uses."""

from __future__ import annotations

from models.installer import Installer
from models.integrity import disk_size, human_size
from models.manifest import PROFILE_ORDER, ROLES, Manifest, ModelSpec, resolve
from robot.core.errors import ModelError


def role_uses(manifest: Manifest, installer: Installer, profile: str
              ) -> tuple[dict[str, list[str]], list[str]]:
    """model id -> the roles (`stt[fr]`) it serves under `profile`; and the roles unserved."""
    uses: dict[str, list[str]] = {}
    unserved = []
    for role in ROLES:
        langs: dict[str, str] = {}  # language key -> label
        for name in PROFILE_ORDER.get(profile, (profile,)):
            entry = manifest.profiles.get(name, {}).get(role)
            if isinstance(entry, dict):
                langs.update((k, f"{role}[{k}]") for k in entry if k not in langs)
            elif entry is not None:
                langs.setdefault("*", role)
        for lang, label in langs.items():
            try:
                found = resolve(role, installer.models_dir, profile,
                                None if lang == "*" else lang, manifest=manifest)
            except ModelError:
                unserved.append(label)
                continue
            uses.setdefault(found.id, []).append(label)
    return uses, unserved


def _size(spec: ModelSpec, installer: Installer, installed: bool) -> str:
    if spec.kind == "system":
        return "-"
    if installed:
        return human_size(sum(disk_size(spec.folder(installer.models_dir) / f.path)
                              for f in spec.files))
    sizes = [f.size for f in spec.files]
    if sizes and all(s is not None for s in sizes):
        return "~" + human_size(sum(s for s in sizes if s is not None))
    return "?"


def _source(spec: ModelSpec) -> str:
    if spec.kind == "pypi":
        return "pypi " + ", ".join(spec.packages)
    if spec.kind == "system":
        return f"system command {spec.source.get('command')} (apt {spec.source.get('apt')})"
    return f"url {spec.source.get('url', '')}"


def format_listing(manifest: Manifest, installer: Installer, profile: str) -> str:
    uses, unserved = role_uses(manifest, installer, profile)
    head = ("", "ID", "ROLE", "ENGINE", "LANG", "INSTALLED", "SIZE", "CHECKSUM")
    rows = [head]
    notes = []
    for spec in manifest.models.values():
        installed = spec.is_installed(installer.models_dir)
        rows.append((
            "*" if spec.id in uses else "",
            spec.id, spec.role, spec.engine, ",".join(spec.languages),
            "yes" if installed else "no", _size(spec, installer, installed),
            installer.checksum_status(spec),
        ))
        used = f"uses: {' '.join(uses[spec.id])}  " if spec.id in uses else ""
        notes.append(f"{used}licence: {spec.license}  source: {_source(spec)}")
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    lines = [f"models in {installer.models_dir} (profile {profile}; * = in use)"]
    for n, row in enumerate(rows):
        lines.append("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
        if n:
            lines.append(" " * (widths[0] + 4) + notes[n - 1])
    if unserved:
        lines.append(f"no installed model for: {', '.join(unserved)}"
                     " (run `robot models install` or `robot models import DIR`)")
    return "\n".join(lines)
