"""`robot index sync|status|search|rollback`: the document index, for staff and scripts.

Exit codes: 0 done (even when some files were skipped: the summary names them and why),
1 index error (folder missing, another sync running, nothing to roll back).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from robot import compose
from robot.context import Context

if TYPE_CHECKING:
    from rag.index_reports import IndexStatus, SyncReport
    from rag.types import Passage


def shown(name: str) -> str:
    """A file name on one line: a newline or control character in it is escaped."""
    return name if name.isprintable() else repr(name)[1:-1]


def _names(label: str, names: list[str]) -> list[str]:
    lines = [f"  {label} ({len(names)})" + (" :" if names else "")]
    lines += [f"    - {shown(n)}" for n in names]
    return lines


def format_report(rep: SyncReport) -> str:
    """The summary printed after a sync (French: staff read it)."""
    head = (
        f"Index version {rep.version} : {rep.chunks} passages, synchronisé en "
        f"{rep.duration_s:.1f} s"
        if rep.switched
        else f"Index déjà à jour (version {rep.version}, {rep.chunks} passages)"
    )
    lines = [head]
    if rep.searchable_s is not None:
        lines.append(f"  consultable dès {rep.searchable_s:.1f} s (les unités de réponse ensuite)")
    if rep.repaired:
        lines.append(f"  réparé : {rep.repaired}")
    lines += _names("ajoutés", rep.added)
    lines += _names("mis à jour", rep.updated)
    lines += _names("supprimés", rep.removed)
    lines.append(f"  inchangés : {rep.unchanged}")
    lines.append(f"  ignorés ({len(rep.skipped)})" + (" :" if rep.skipped else ""))
    lines += [f"    - {shown(name)} : {why}" for name, why in rep.skipped]
    return "\n".join(lines)


def index_sync(args: argparse.Namespace, ctx: Context) -> int:
    from tqdm import tqdm

    from rag.meaning import UNITS_STEP

    bar: Any = None

    def progress(done: int, total: int, name: str) -> None:
        """One bar for the passages, then one for the answering units; none while reading."""
        nonlocal bar
        if total <= 0:
            return
        if bar is None or bar.total != total:
            if bar is not None:
                bar.close()
            units = name == UNITS_STEP
            bar = tqdm(total=total, file=sys.stderr, unit="unité" if units else "passage",
                       desc="unités de réponse" if units else "passages", dynamic_ncols=True)
        bar.n = done
        if name != UNITS_STEP:
            bar.set_postfix_str(shown(name)[-40:], refresh=False)
        bar.refresh()

    store = compose.index_store(ctx, threads=args.threads)
    try:
        rep = store.sync(
            Path(args.folder), mode=args.mode, remove=args.remove or (), progress=progress,
            repair=args.repair,
        )
    finally:
        if bar is not None:
            bar.close()
    if args.json:
        json.dump(
            {**rep.__dict__, "skipped": [list(s) for s in rep.skipped]},
            sys.stdout,
            ensure_ascii=False,
            indent=1,
        )
        print()
    else:
        print(format_report(rep))
    return 0


def format_status(st: IndexStatus) -> str:
    warning = (f"ATTENTION : {st.problem}\n  -> `robot index sync --repair DOSSIER` "
               "reconstruit l'index depuis les documents\n") if st.problem else ""
    if st.version is None:
        return warning + "Index vide : lancez `robot index sync DOSSIER`." + (
            " (synchronisation en cours)" if st.busy else ""
        )
    older = [v for v in st.generations if v < st.version]
    lines = [
        f"version      {st.version}" + ("  (synchronisation en cours)" if st.busy else ""),
        f"documents    {st.documents}",
        f"passages     {st.chunks}",
        f"construit le {st.created}",
        f"génération   {st.path}",
        f"conservées   {', '.join(str(v) for v in st.generations)} (rollback possible"
        f"{f' vers {older[-1]}' if older else ' : non'})",
        f"source       {st.source}",
        f"ignorés      {len(st.skipped)}",
        f"stockage     {st.backend}",
    ]
    return warning + "\n".join(lines)


def index_status(args: argparse.Namespace, ctx: Context) -> int:
    st = compose.index_store(ctx).status()
    if args.json:
        data = {
            **st.__dict__,
            "path": str(st.path) if st.path else None,
            "skipped": [list(s) for s in st.skipped],
        }
        json.dump(data, sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        print(format_status(st))
    return 0


def format_passage(rank: int, p: Passage, width: int = 220) -> str:
    c = p.chunk
    where = [c.title]
    if c.page is not None:
        where.append(f"page {c.page}")
    if c.section:
        where.append(c.section)
    date = c.doc_date.isoformat() if c.doc_date else "sans date"
    flag = "  [version plus récente disponible]" if p.superseded else ""
    flag += "  [lu pour sa phrase la plus proche]" if p.extra else ""
    text = " ".join(c.text.split())
    text = text if len(text) <= width else text[: width - 1] + "…"
    dense = f"{p.dense:.3f}" if p.dense is not None else "-"
    return (
        f"{rank}. score {p.score:.3f} (dense {dense}, lexical {p.lexical or 0:.2f})"
        f"  {c.source_file}  ({date}){flag}\n   {' — '.join(where)}\n   {text}"
    )


def index_search(args: argparse.Namespace, ctx: Context) -> int:
    from rag.retrieval import HybridRetriever
    from robot.core.errors import IndexError_

    store = compose.index_store(ctx)
    retriever = HybridRetriever(store, store.embedder, ctx.settings.retrieval)
    if retriever.version is None:
        raise IndexError_(retriever.problem or "the index is empty",
                          hint="run `robot index sync DIR` first")
    if retriever.problem:
        print(f"ATTENTION : {retriever.problem}", file=sys.stderr)
    retriever.search("warm-up", 1)  # opens the index and loads the model: not what we time
    started = time.perf_counter()
    passages = retriever.search(args.query, args.k)
    elapsed = (time.perf_counter() - started) * 1000
    if args.json:
        out = [
            {
                "file": p.chunk.source_file,
                "title": p.chunk.title,
                "section": p.chunk.section,
                "page": p.chunk.page,
                "date": p.chunk.doc_date.isoformat() if p.chunk.doc_date else None,
                "score": p.score,
                "dense": p.dense,
                "lexical": p.lexical,
                "superseded": p.superseded,
                "extra": p.extra,
                "text": p.chunk.text,
            }
            for p in passages
        ]
        json.dump(
            {"query": args.query, "retrieval_ms": round(elapsed, 1), "passages": out},
            sys.stdout,
            ensure_ascii=False,
            indent=1,
        )
        print()
        return 0
    print(
        f"« {args.query} » : {len(passages)} passage(s) en {elapsed:.0f} ms "
        f"(index version {retriever.version})"
    )
    for i, p in enumerate(passages, 1):
        print(format_passage(i, p))
    return 0


def index_rollback(args: argparse.Namespace, ctx: Context) -> int:
    store = compose.index_store(ctx)
    before = store.current_version()
    version = store.rollback()
    print(f"Index revenu de la version {before} à la version {version}.")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("index", help="document index: sync, status, search, rollback")
    s = p.add_subparsers(dest="index_command", metavar="ACTION")
    s.required = True

    sync = s.add_parser("sync", help="index a folder of documents (incremental)")
    sync.add_argument("folder", metavar="DIR", help="folder of documents")
    sync.add_argument(
        "--mode",
        choices=("replace", "update"),
        default="replace",
        help="replace: DIR is the whole corpus (default); "
        "update: add or change files, keep the others",
    )
    sync.add_argument(
        "--remove",
        action="append",
        metavar="FILE",
        help="(update mode) remove this file from the index; repeatable",
    )
    sync.add_argument(
        "--repair",
        action="store_true",
        help="read and embed every document again, trusting nothing in the index "
        "(a damaged index is also rebuilt without it)",
    )
    sync.add_argument(
        "--threads",
        type=int,
        choices=range(1, 17),
        metavar="N",
        help="embedding threads for this sync (default index.embed_threads, which leaves "
        "cores to the voice loop); e.g. the number of cores when the robot is stopped",
    )
    sync.add_argument("--json", action="store_true", help="print the report as JSON")
    sync.set_defaults(handler=index_sync)

    status = s.add_parser("status", help="version, documents, passages, generations kept")
    status.add_argument("--json", action="store_true")
    status.set_defaults(handler=index_status)

    search = s.add_parser("search", help="top passages for a question, with their sources")
    search.add_argument("query", metavar="QUERY")
    search.add_argument("-k", type=int, default=5, help="passages to show (default 5)")
    search.add_argument("--json", action="store_true")
    search.set_defaults(handler=index_search)

    rollback = s.add_parser("rollback", help="serve the previous index generation again")
    rollback.set_defaults(handler=index_rollback)
