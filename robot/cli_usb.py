"""`robot keys`, `robot bundle` and `robot usb`: sign document bundles, check and import them.

Exit codes: 0 ok (or already up to date), 4 bundle refused, 5 I/O failure (stick pulled,
disk full, indexing failed; the index is unchanged), 6 another sync is running.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from robot import compose
from robot.context import Context
from robot.core.errors import SyncError

if TYPE_CHECKING:
    from rag.usb.keys import PrivateKey

log = logging.getLogger(__name__)


def keys_generate(args: argparse.Namespace, ctx: Context) -> int:
    from rag.usb.keys import generate

    key = generate(Path(args.keyfile), args.name, force=args.force)
    pub = key.public
    print(pub.line(), end="")
    print(f"private key: {args.keyfile} (keep it secret, mode 0600)", file=sys.stderr)
    print(f"public key:  {args.keyfile}.pub  fingerprint {pub.fingerprint}", file=sys.stderr)
    print(f"on each robot: robot keys trust {args.keyfile}.pub", file=sys.stderr)
    return 0


def keys_trust(args: argparse.Namespace, ctx: Context) -> int:
    from rag.usb.keys import Keyring, PublicKey, parse_public
    from robot.core.errors import SyncError

    try:
        text = Path(args.pubfile).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SyncError(f"cannot read {args.pubfile}: {exc}") from None
    key = parse_public(text, args.pubfile)
    if args.name:
        key = PublicKey(key.raw, parse_public(f"robot-ed25519 AAAA {args.name}").name)
    path = Keyring(ctx.data.keys).add(key)
    print(f"trusted {key.name} ({key.fingerprint}) -> {path}")
    return 0


def keys_list(args: argparse.Namespace, ctx: Context) -> int:
    from rag.usb.keys import Keyring

    keys = Keyring(ctx.data.keys).trusted()
    if not keys:
        print(f"no trusted key in {ctx.data.keys}: signed bundles will all be refused")
    for k in keys:
        print(f"{k.fingerprint}  {k.name}")
    return 0


def keys_remove(args: argparse.Namespace, ctx: Context) -> int:
    from rag.usb.keys import Keyring
    from robot.core.errors import SyncError

    gone = Keyring(ctx.data.keys).remove(args.key)
    if not gone:
        raise SyncError(f"no trusted key matches {args.key!r}", hint="see `robot keys list`")
    for k in gone:
        print(f"no longer trusted: {k.fingerprint}  {k.name}")
    return 0


def bundle_create(args: argparse.Namespace, ctx: Context) -> int:
    from rag.usb import bundle
    from rag.usb.keys import load_private
    from rag.usb.sync import limits_of
    from robot.core.errors import SyncError

    if (args.key is None) == (not args.unsigned):
        raise SyncError("pass --key KEYFILE (or --unsigned, for tests only)")
    if args.remove and args.mode != "update":
        raise SyncError("--remove needs --mode update")
    folder = Path(args.folder)
    inner = folder / ctx.settings.usb.folder
    folder = inner if inner.is_dir() else folder
    if not folder.is_dir():
        raise SyncError(f"{folder} is not a folder")
    key = load_private(Path(args.key)) if args.key else None
    created = datetime.now().astimezone().isoformat(timespec="seconds")
    sequence = _reserve_sequence(folder, args.key, key, args.sequence)
    m = bundle.create(
        folder,
        key,
        mode=args.mode,
        remove=args.remove or [],
        created=created,
        sequence=sequence,
        limits=limits_of(ctx.settings.usb),
    )
    signed = f"signed by {key.name} ({key.public.fingerprint[:16]})" if key else "UNSIGNED"
    print(
        f"{folder}: bundle #{m.sequence}, {len(m.files)} file(s), {m.total_bytes} bytes, "
        f"mode {m.mode}, {signed}"
    )
    for name in m.remove:
        print(f"  remove: {name}")
    return 0


def _reserve_sequence(
    folder: Path, keyfile: str | None, key: PrivateKey | None, explicit: int | None
) -> int:
    """The new bundle's number, saved in KEYFILE.seq before the stick is written."""
    from rag.usb import bundle, freshness, history

    counter = history.counter_path(Path(keyfile)) if keyfile else None
    last = history.read_counter(counter) if counter else 0
    public = key.public if key else None
    previous = bundle.previous_manifest(folder, public)
    sequence = explicit or freshness.next_sequence(last, previous)
    if counter and sequence > last:
        history.write_counter(counter, sequence)
    return sequence


def _print_refusals(refusals: list[dict[str, str]]) -> None:
    for r in refusals:
        print(f"  [{r['code']}] {r['message']}")


def usb_check(args: argparse.Namespace, ctx: Context) -> int:
    from rag.usb import bundle
    from rag.usb.errors import BundleRefused
    from rag.usb.keys import Keyring
    from rag.usb.sync import limits_of

    s = ctx.settings.usb
    out: dict[str, Any] = {"ok": False, "refused": []}
    try:
        folder = bundle.locate(Path(args.path), s.folder)
        opened = bundle.open_bundle(folder, Keyring(ctx.data.keys), allow_unsigned=s.allow_unsigned)
        bundle.verify_listing(opened, limits_of(s))
        problems = bundle.verify_hashes(opened)
        if problems:
            raise BundleRefused(problems)
    except BundleRefused as exc:
        out["refused"] = [r.as_dict() for r in exc.refusals]
        out["code"] = exc.reason
        if args.json:
            print(json.dumps(out, ensure_ascii=False))
        else:
            print(f"REFUSÉ / refused ({exc.reason}):")
            _print_refusals(out["refused"])
        raise
    m = opened.manifest
    out.update(
        ok=True,
        code="ok",
        folder=str(folder),
        files=len(m.files),
        mode=m.mode,
        remove=list(m.remove),
        created=m.created,
        sequence=m.sequence,
        bytes=m.total_bytes,
        signer=opened.signer.name if opened.signer else None,
    )
    if args.json:
        print(json.dumps(out, ensure_ascii=False))
    else:
        who = f"signé par {out['signer']}" if out["signer"] else "NON SIGNÉ (mode test)"
        number = f"lot n° {m.sequence}" if m.sequence else "lot sans numéro"
        print(
            f"OK : {number}, {len(m.files)} fichier(s), mode {m.mode}, {who}, créé le {m.created}"
        )
    return 0


def _open_index(ctx: Context) -> Any:
    return compose.index_store(ctx)


def usb_sync(args: argparse.Namespace, ctx: Context) -> int:
    from rag.usb.sync import SyncPaths, UsbSync

    if args.if_present:
        from rag.usb.bundle import locate
        from rag.usb.errors import BundleRefused

        try:
            locate(Path(args.path), ctx.settings.usb.folder)
        except BundleRefused as exc:
            if exc.reason != "no_bundle":
                raise
            log.info("no %s/ folder on %s: nothing to do", ctx.settings.usb.folder, args.path)
            return 0
    if ctx.settings.retrieval.backend == "remote":
        # Its own index is not the one it answers from: applying the stick here would
        # change nothing a visitor hears, and tell staff it did.
        raise SyncError(
            f"this robot answers from the server's index ({ctx.settings.retrieval.url}): "
            "its documents are not updated here",
            hint="plug the stick into the server that runs `robot serve`")
    paths = SyncPaths(staging=ctx.data.staging, state=ctx.data.state, keys=ctx.data.keys)
    report_to = Path(args.report_to) if args.report_to else None
    outcome = UsbSync(paths, ctx.settings.usb, lambda: _open_index(ctx)).run(
        Path(args.path), force=args.force, report_to=report_to
    )
    if args.json:
        print(json.dumps(outcome.result, ensure_ascii=False))
    else:
        print(outcome.report_text, end="")
        if outcome.report_path:
            print(f"(rapport écrit sur la clé : {outcome.report_path})")
    if outcome.error is not None:
        raise outcome.error
    return 0


def usb_reset(args: argparse.Namespace, ctx: Context) -> int:
    """Forget which bundles were applied: the next trusted bundle is accepted whatever its
    number (a PC's counter lost, a bundle numbered too high by mistake)."""
    from rag.usb import history
    from rag.usb.keys import Keyring
    from rag.usb.staging import SyncLock

    with SyncLock(ctx.data.staging):  # a sync running now would write the record back
        record, backup = history.forget(ctx.data.state)
    if backup is None:
        print("nothing to forget: no bundle applied since the last reset")
        return 0
    names = {k.fingerprint: k.name for k in Keyring(ctx.data.keys).trusted()}
    if record is not None:
        info = record.info
        print(
            f"forgot the last bundle: #{info.get('sequence') or '-'} from "
            f"{info.get('signer') or '?'}, created {info.get('created')}, "
            f"applied {info.get('applied_at')}"
        )
        for fp, n in record.sequences.items():
            print(f"  highest number applied from {names.get(fp, fp[:16])}: {n}")
    print(f"the next signed bundle is accepted whatever its number (record kept in {backup})")
    return 0


def usb_status(args: argparse.Namespace, ctx: Context) -> int:
    from rag.usb.status import read_status

    data = read_status(ctx.data.state)
    if data is None:
        print("no USB sync yet")
        return 0
    if args.json:
        print(json.dumps(data, ensure_ascii=False))
    else:
        print(f"{data['phase']} {data['percent']}% {data['message']} ({data['updated_at']})")
    return 0


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError("a whole number from 1")
    return int(text)


def register(sub: argparse._SubParsersAction) -> None:
    k = sub.add_parser("keys", help="bundle signing keys: generate, trust, list, remove")
    ks = k.add_subparsers(dest="keys_command", metavar="ACTION")
    ks.required = True
    p = ks.add_parser("generate", help="new Ed25519 key pair: KEYFILE (0600) and KEYFILE.pub")
    p.add_argument("keyfile", metavar="KEYFILE")
    p.add_argument("--name", help="who signs (default: the file name)")
    p.add_argument("--force", action="store_true", help="overwrite an existing KEYFILE")
    p.set_defaults(handler=keys_generate)
    p = ks.add_parser("trust", help="trust bundles signed by this public key")
    p.add_argument("pubfile", metavar="PUBFILE")
    p.add_argument("--name", help="name shown in `robot keys list`")
    p.set_defaults(handler=keys_trust)
    ks.add_parser("list", help="trusted public keys").set_defaults(handler=keys_list)
    p = ks.add_parser("remove", help="stop trusting a key (fingerprint prefix or name)")
    p.add_argument("key", metavar="FINGERPRINT_OR_NAME")
    p.set_defaults(handler=keys_remove)

    b = sub.add_parser("bundle", help="prepare a USB stick of documents")
    bs = b.add_subparsers(dest="bundle_command", metavar="ACTION")
    bs.required = True
    p = bs.add_parser("create", help="write the signed manifest into FOLDER")
    p.add_argument("folder", metavar="FOLDER", help="the stick's robot-documents/ (or the stick)")
    p.add_argument("--key", metavar="KEYFILE", help="private key from `robot keys generate`")
    p.add_argument("--unsigned", action="store_true", help="no signature (test robots only)")
    p.add_argument(
        "--mode",
        choices=("replace", "update"),
        default="replace",
        help="replace the whole corpus (default) or add/update these files",
    )
    p.add_argument("--remove", nargs="+", metavar="NAME", help="files to remove (update mode)")
    p.add_argument(
        "--sequence",
        type=_positive,
        metavar="N",
        help="bundle number (default: one more than KEYFILE.seq and the stick's last one)",
    )
    p.set_defaults(handler=bundle_create)

    u = sub.add_parser("usb", help="import documents from a USB stick or a folder")
    us = u.add_subparsers(dest="usb_command", metavar="ACTION")
    us.required = True
    p = us.add_parser("sync", help="verify, copy and index a bundle (MOUNTPOINT or folder)")
    p.add_argument("path", metavar="MOUNTPOINT_OR_FOLDER")
    p.add_argument(
        "--force",
        action="store_true",
        help="apply even an already applied, older or future-dated bundle (technician)",
    )
    p.add_argument("--report-to", metavar="DIR", help="write the report here (default: the stick)")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.add_argument(
        "--if-present",
        action="store_true",
        help="exit 0 quietly when there is no bundle folder (for the udev service)",
    )
    p.set_defaults(handler=usb_sync)
    p = us.add_parser("check", help="verify a bundle without importing anything")
    p.add_argument("path", metavar="FOLDER")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=usb_check)
    p = us.add_parser("status", help="last USB sync status (what the display shows)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=usb_status)
    p = us.add_parser(
        "reset",
        help="forget the bundles applied so far: the next signed bundle is accepted "
        "whatever its number (technician)",
    )
    p.set_defaults(handler=usb_reset)
