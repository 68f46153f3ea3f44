"""`robot bench rag`: sync time for the sample corpus, retrieval latency and hit rates.

Runs on a temporary index (the robot's own is never touched), with the configured models.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
import unicodedata
from pathlib import Path
from typing import Any

import yaml

from robot import compose, rig
from robot.context import Context

CORPUS = rig.corpus_dir().parent  # the sample commune: documents/ and questions.yaml
TARGET_MS = 100.0


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split()).casefold()


def _questions() -> list[dict[str, Any]]:
    path = CORPUS / "questions.yaml"
    if not path.exists():
        return []
    items = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return [q for q in items if isinstance(q, dict) and q.get("question")]


def bench_rag(args: argparse.Namespace, ctx: Context) -> int:
    from rag.index import IndexStore
    from rag.retrieval import HybridRetriever

    repeat = max(1, int(getattr(args, "repeat", 3) or 3))
    documents = CORPUS / "documents"
    embedder = compose.embedder(ctx)
    started = time.perf_counter()
    embedder.query("chargement")
    load_s = time.perf_counter() - started
    print(
        f"rag bench: {embedder.model_id}, {os.cpu_count()} CPU, "
        f"{ctx.settings.index.embed_threads} embedding thread(s), model loaded in "
        f"{load_s:.2f} s"
    )

    with tempfile.TemporaryDirectory(prefix="robot-bench-") as tmp:
        folder = Path(tmp) / "documents"
        shutil.copytree(documents, folder)
        store = IndexStore(Path(tmp) / "index", ctx.settings.index, embedder)
        full = store.sync(folder)
        same = store.sync(folder)
        changed = sorted(folder.glob("*.md"))[0]
        changed.write_text(
            changed.read_text(encoding="utf-8") + "\nMise à jour de test.\n", encoding="utf-8"
        )
        one = store.sync(folder)
        files = len(full.added)
        print(
            f"  sync, {files} files -> {full.chunks} chunks: full {full.duration_s:.1f} s "
            f"({full.chunks / max(full.duration_s, 1e-9):.1f} chunks/s), unchanged "
            f"{same.duration_s * 1000:.0f} ms (0 embedded), one file changed "
            f"{one.duration_s:.1f} s ({one.embedded} chunks embedded)"
        )
        if full.skipped:
            print(f"  skipped: {full.skipped}")

        retriever = HybridRetriever(store, embedder, ctx.settings.retrieval)
        retriever.search("chauffage", 1)  # opens the generation
        items = _questions()
        queries = [str(q["question"]) for q in items] or ["horaires de la mairie"]
        latencies, embeds = [], []
        for _ in range(repeat):
            for query in queries:
                t0 = time.perf_counter()
                embedder.query(query)
                t1 = time.perf_counter()
                retriever.search(query, ctx.settings.retrieval.top_k)
                t2 = time.perf_counter()
                embeds.append((t1 - t0) * 1000)
                latencies.append((t2 - t1) * 1000)
        p50, p95 = _pct(latencies, 0.5), _pct(latencies, 0.95)
        verdict = "OK" if p95 < TARGET_MS else "ABOVE TARGET"
        print(
            f"  retrieval, {len(queries)} questions x {repeat}: p50 {p50:.0f} ms, p95 "
            f"{p95:.0f} ms, max {max(latencies):.0f} ms (target < {TARGET_MS:.0f} ms: "
            f"{verdict}); query embedding alone p50 {statistics.median(embeds):.0f} ms"
        )
        _quality(retriever, items, ctx.settings.retrieval.top_k)
    pages = int(getattr(args, "pages", 0) or 0)
    if pages > 0:
        bench_indexing(ctx, embedder, pages)
    return 0


def bench_indexing(ctx: Context, embedder: Any, pages: int) -> None:
    """A synthetic PLU of `pages` pages indexed from scratch: where the time goes."""
    from rag.bench_plu import plu_pdf
    from rag.index import IndexStore
    from rag.meaning import UNITS_STEP

    marks: dict[str, float] = {}

    def progress(done: int, total: int, name: str) -> None:
        step = "units" if name == UNITS_STEP else "passages" if total > 0 else "read"
        marks.setdefault(step, time.perf_counter())
        marks["last"] = time.perf_counter()

    with tempfile.TemporaryDirectory(prefix="robot-bench-plu-") as tmp:
        folder = Path(tmp) / "documents"
        folder.mkdir()
        pdf = folder / "plu-reglement.pdf"
        pdf.write_bytes(plu_pdf(pages))
        pdf_mb = pdf.stat().st_size / 1e6
        store = IndexStore(Path(tmp) / "index", ctx.settings.index, embedder)
        started = time.perf_counter()
        rep = store.sync(folder, progress=progress)
        ended = time.perf_counter()
        if rep.skipped:
            print(f"  indexing: {pdf.name} skipped: {rep.skipped}")
            return
        gen = store.open_current()
        chars = sum(len(c.text) for c in gen.chunks)
        gen.store.close()
    read_s = marks.get("passages", ended) - started
    passages_s = marks.get("units", ended) - marks.get("passages", ended)
    units_s = marks.get("last", ended) - marks.get("units", ended)
    total_s = ended - started
    print(
        f"  indexing a {pages}-page PLU ({pdf_mb:.1f} MB PDF, {chars / 1e6:.2f} M characters in "
        f"{rep.chunks} passages, "
        f"{rep.units_embedded} answering units): {total_s:.0f} s in all = read "
        f"{read_s:.0f} s + passages {passages_s:.0f} s ({rep.chunks / max(passages_s, 1e-9):.1f}"
        f"/s) + units {units_s:.0f} s ({rep.units_embedded / max(units_s, 1e-9):.1f}/s) + "
        f"store {total_s - read_s - passages_s - units_s:.0f} s; "
        f"{chars / total_s:.0f} characters/s, {60 * chars / total_s / 1e6:.2f} M characters/min"
    )
    if rep.searchable_s is not None:
        print(f"  searchable (passages served, units following) after {rep.searchable_s:.0f} s")


def _quality(retriever: Any, items: list[dict[str, Any]], k: int) -> None:
    """Source hit, facts present in the passages, outdated values in the top passage."""
    answerable = [q for q in items if q.get("kind") in ("fact", "version")]
    if not answerable:
        return
    source_hits = fact_hits = 0
    outdated = versions = 0
    for q in answerable:
        passages = retriever.search(str(q["question"]), k)
        files = {p.chunk.source_file for p in passages}
        text = _norm(" ".join(p.chunk.text for p in passages))
        source_hits += bool(files & set(q.get("expected_sources") or []))
        fact_hits += all(_norm(f) in text for f in q.get("expected_facts") or [])
        if q.get("kind") == "version" and passages:
            versions += 1
            top = _norm(passages[0].chunk.text)
            outdated += any(_norm(f) in top for f in q.get("forbidden") or [])
    n = len(answerable)
    print(
        f"  retrieval quality, k={k}, {n} answerable questions: source hit "
        f"{100 * source_hits / n:.0f}%, all facts in passages {100 * fact_hits / n:.0f}%, "
        f"outdated value in the top passage {outdated}/{versions}"
    )
