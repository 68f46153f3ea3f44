"""The document index: incremental syncs into new generations, status, rollback.

A sync reads and embeds only new or changed files (phase 1, nothing written), then builds
the next generation from the served one's rows and vectors with those changes applied,
and switches to it atomically (phase 2, see rag.generations and rag.vectors). The voice
loop keeps answering from the served generation throughout; `version_token()` tells it
when to reopen.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Callable, Collection, Sequence
from pathlib import Path
from typing import cast

from rag.building import ChunkSize, Progress, Read, merge_rows, read_and_embed
from rag.embeddings import E5EmbeddingFunction, Embedder
from rag.generations import FileEntry, Generations
from rag.index_reports import Health, IndexStatus, OpenGeneration, SyncReport
from rag.meaning import UnitVectors, unit_texts
from rag.publish import Content, write_generation
from rag.settings import IndexSettings
from rag.syncplan import Mode, file_hash, plan_sync, scan_folder
from rag.vectors import VectorBackend, load_rows, make_backend
from robot.core.errors import IndexError_

log = logging.getLogger(__name__)
INGEST_VERSION = 11  # bump when readers, chunking or what is embedded (lexical.searched) change
MIB = 1024 * 1024  # max_file_mb counts like the USB limits do
LOCK_WAIT_S = 2.0  # a status probe holds the lock for microseconds; a sync for minutes


class IndexStore:
    """The index under `root` (the data dir's index/), shared by CLI, USB sync and retriever."""

    def __init__(
        self,
        root: Path,
        settings: IndexSettings,
        embedder: Embedder | Callable[[], Embedder] | None = None,
        *,
        keep: int | None = None,
        backend: VectorBackend | None = None,
    ) -> None:
        self.root = Path(root)
        self.settings = settings
        self.keep = max(2, keep if keep is not None else settings.keep_generations)
        self.gens = Generations(self.root)
        self._embedder_source = embedder
        self._embedder: Embedder | None = None
        self._backend = backend

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            src = self._embedder_source
            if src is None:
                from rag.embeddings import default_embedder

                src = default_embedder  # robot.compose's honours models.* settings
            made = src if hasattr(src, "passages") else cast(Callable[[], Embedder], src)()
            self._embedder = cast(Embedder, made)
        return self._embedder

    @property
    def backend(self) -> VectorBackend:
        if self._backend is None:
            self._backend = make_backend(self.settings, E5EmbeddingFunction(lambda: self.embedder))
        return self._backend

    # ---- reading -------------------------------------------------------------------

    def current_version(self) -> int | None:
        return self.gens.current()

    def version_token(self) -> str:
        """Cheap (one small file read): compare with the token a reader opened."""
        return self.gens.token()

    def open_current(self) -> OpenGeneration:
        """The served generation, checked whole; if it is damaged or missing, the newest
        intact one before it, with `problem` saying why (readers never write: the next
        `robot index sync` repairs)."""
        for _ in range(3):  # a generation can be pruned between reading CURRENT and opening
            token = self.gens.token()
            named = self.gens.named()
            if named is None:
                raise IndexError_("the index is empty", hint="run `robot index sync DIR`")
            try:
                return self._open(named, token)
            except IndexError_ as exc:
                if self.gens.token() != token:
                    continue
                problem = exc.message
            for version in reversed([v for v in self.gens.versions() if v < named]):
                try:
                    gen = self._open(version, token)
                except IndexError_:
                    continue
                log.error("%s: serving generation %s instead until `robot index sync` "
                          "repairs it", problem, version)
                return dataclasses.replace(gen, problem=problem)
            raise IndexError_(f"{problem}; no intact generation is kept",
                              hint="run `robot index sync --repair DIR` with the documents")
        raise IndexError_("the index keeps changing; try again")

    def _open(self, version: int, token: str) -> OpenGeneration:
        """One generation, refused unless its manifest, rows, vectors and store agree."""
        folder = self.gens.path(version)
        if not folder.is_dir():
            raise IndexError_(f"index generation {version} is missing")
        manifest = self.gens.manifest(version)
        chunks, matrix = load_rows(folder)
        if len(chunks) != manifest.chunks:
            raise IndexError_(f"index generation {version} is damaged ({len(chunks)} passages "
                              f"on disk, {manifest.chunks} in its manifest)")
        try:
            store = self.backend.open(folder, version)
            count = store.count()
        except IndexError_:
            raise
        except Exception as exc:  # chromadb raises many types on a damaged database
            raise IndexError_(f"index generation {version} is damaged (vector store: "
                              f"{str(exc)[:160]})") from None
        if count != manifest.chunks:
            store.close()
            raise IndexError_(f"index generation {version} is damaged ({count} vectors "
                              f"stored, {manifest.chunks} passages)")
        return OpenGeneration(version, token, folder, store, chunks, matrix, manifest)

    def health(self) -> Health:
        """Open the served index as a reader would (for `robot doctor` and status)."""
        served, problem = self._base()
        return Health(self.gens.named(), served.version if served else None, problem)

    def status(self) -> IndexStatus:
        """The generation readers get (checked whole) and what is wrong, if anything."""
        busy = self.gens.busy()
        health = self.health()
        version = health.served
        if version is None:
            return IndexStatus(None, 0, 0, "", None, busy=busy, backend=self.settings.backend,
                               problem=health.problem, generations=self.gens.versions())
        m = self.gens.manifest(version)
        return IndexStatus(
            version=version,
            documents=len(m.files),
            chunks=m.chunks,
            created=m.created,
            path=self.gens.path(version),
            generations=self.gens.versions(),
            busy=busy,
            skipped=list(m.skipped),
            source=m.source,
            backend=self.settings.backend,
            problem=health.problem,
        )

    # ---- writing -------------------------------------------------------------------

    def rollback(self) -> int:
        """Serve the newest intact generation before the current one; returns its version."""
        with self.gens.lock(wait_s=LOCK_WAIT_S):
            current = self.gens.named()
            if current is None:
                raise IndexError_("the index is empty: nothing to roll back")
            for version in reversed([v for v in self.gens.versions() if v < current]):
                try:
                    self._open(version, self.gens.token()).store.close()
                except IndexError_ as exc:
                    log.warning("not rolling back to %s: %s", version, exc.message)
                    continue
                self.gens.switch(version)
                log.warning("index rolled back from version %s to %s", current, version)
                return version
            raise IndexError_(f"no intact generation older than {current} is kept")

    @property
    def _max_bytes(self) -> int:
        return int(self.settings.max_file_mb * MIB)

    def _signature(self) -> dict[str, object]:
        return {
            "embedder": self.embedder.model_id,
            "chunk_chars": self.settings.chunk_chars,
            "chunk_overlap_chars": self.settings.chunk_overlap_chars,
            "ingest": INGEST_VERSION,
        }

    def sync(
        self,
        folder: Path,
        *,
        mode: Mode = "replace",
        remove: Sequence[str] = (),
        progress: Progress | None = None,
        ignore: Collection[str] = (),
        repair: bool = False,
    ) -> SyncReport:
        """Bring the index in line with `folder`; see rag.syncplan for the two modes.

        Bad files are skipped with a reason and the rest completes; `ignore` names files
        of the folder that are not documents (e.g. a bundle's signed manifest). A damaged
        served generation is rebuilt from the newest intact one; `repair` reads and embeds
        every document again, trusting nothing on disk.
        """
        started = time.monotonic()
        folder = Path(folder)
        if not folder.is_dir():
            raise IndexError_(f"folder not found: {folder}")
        if mode not in ("replace", "update"):
            raise IndexError_(f"unknown sync mode {mode!r} (replace or update)")
        with self.gens.lock(wait_s=LOCK_WAIT_S):
            for name in self.gens.clean_debris():
                log.info("removed debris of an interrupted sync: %s", name)
            return self._sync_locked(folder, mode, remove, progress, ignore, started, repair)

    def _sync_locked(
        self,
        folder: Path,
        mode: Mode,
        remove: Sequence[str],
        progress: Progress | None,
        ignore: Collection[str],
        started: float,
        repair: bool,
    ) -> SyncReport:
        base, damage = self._base()
        current = base.version if base is not None else None
        if damage:
            log.error("%s: this sync rebuilds the index from %s", damage,
                      f"generation {current} and the documents" if current else "the documents")
        if repair and mode == "update":
            raise IndexError_("a repair reads every document again: it needs the complete "
                              "folder", hint="run `robot index sync --repair DIR` (replace mode)")
        if damage and current is None and mode == "update":
            raise IndexError_(f"{damage}; no intact generation is kept to update",
                              hint="run `robot index sync --repair DIR` with the complete folder")
        old = self.gens.manifest(current) if current is not None else None
        signature = self._signature()
        indexed = {f: e.hash for f, e in old.files.items()} if old else {}
        rebuild = old is None or old.signature.get("embedder") != signature["embedder"]
        if old is not None and rebuild and mode == "update":
            raise IndexError_(
                "the index was built with another embedding model",
                hint="run a full sync (replace mode) from the complete folder",
            )
        rebuild = (rebuild or repair
                   or (mode == "replace" and old is not None and old.signature != signature))

        max_bytes = self._max_bytes
        scan = scan_folder(folder, max_bytes, ignore)
        skipped = list(scan.skipped)
        found = {}
        for rel, path in scan.candidates.items():
            try:
                found[rel] = file_hash(path)
            except OSError as exc:
                skipped.append((rel, f"fichier illisible ({exc.strerror})"))
        plan = plan_sync(indexed, found, scan.present, mode, remove)
        to_read = plan.add + plan.update + (plan.unchanged if rebuild else [])

        read = read_and_embed(
            [(rel, scan.candidates[rel], found[rel]) for rel in to_read],
            ChunkSize(
                self.settings.chunk_chars,
                self.settings.chunk_overlap_chars,
                self._max_bytes,
                self.settings.max_document_chars,
            ),
            self.embedder,
            skipped,
            keeps_previous=() if rebuild else plan.update,
            progress=progress,
        )
        added = [f for f in plan.add if f in read]
        updated = [f for f in plan.update if f in read]
        same = not rebuild and not damage and not (added or updated or plan.remove)
        if same and base is not None and self._units_pending(base):
            log.info("version %s lacks answer unit vectors: completing them", current)
        elif same:
            log.info("index already up to date (version %s)", current)
            return SyncReport(
                [],
                [],
                [],
                skipped,
                current,
                time.monotonic() - started,
                unchanged=len(plan.unchanged),
                chunks=old.chunks if old else 0,
            )

        files = {} if rebuild or old is None else dict(old.files)
        for rel in plan.remove:
            files.pop(rel, None)
        for rel, chunks in read.items():
            first = chunks[0][0]
            files[rel] = FileEntry(
                found[rel],
                len(chunks[0]),
                first.title,
                first.doc_date.isoformat() if first.doc_date else "",
            )
        if not files and indexed:
            raise IndexError_(
                "no readable document left: refusing to empty the index",
                hint="check the folder; the current index is still served",
            )
        named = self.gens.named()
        version, units, searchable_s = self._build(
            base if not rebuild else None, read, plan.remove,
            Content(files, signature, skipped, folder), progress, started,
        )
        if damage and named is not None:
            self.gens.discard(named)  # never a rollback target: it cannot be opened
        report = SyncReport(
            added=added,
            updated=updated,
            removed=plan.remove,
            skipped=skipped,
            version=version,
            duration_s=time.monotonic() - started,
            unchanged=len(plan.unchanged),
            chunks=sum(f.chunks for f in files.values()),
            embedded=sum(len(c) for c, _ in read.values()),
            units_embedded=units,
            switched=True,
            repaired=damage or ("full rebuild asked (--repair)" if repair else ""),
            searchable_s=searchable_s,
        )
        log.info(
            "index version %s: +%d ~%d -%d, %d skipped, %d chunks in %.1f s",
            version,
            len(added),
            len(updated),
            len(plan.remove),
            len(skipped),
            report.chunks,
            report.duration_s,
        )
        return report

    def _base(self) -> tuple[OpenGeneration | None, str]:
        """The generation a sync starts from (the served one, or the newest intact one
        before it when that is damaged; its store closed, its rows kept) and what is
        wrong with the served one."""
        if self.gens.named() is None:
            return None, ""
        try:
            gen = self.open_current()
        except IndexError_ as exc:
            return None, exc.message
        gen.store.close()
        return gen, gen.problem

    def _build(
        self,
        base: OpenGeneration | None,
        read: Read,
        removed: list[str],
        content: Content,
        progress: Progress | None,
        started: float,
    ) -> tuple[int, int, float | None]:
        """Phase 2: the next generation, built aside then published atomically; returns
        its version, how many answering units had to be embedded, and when the passages
        were served if the units came in a second generation."""
        served = base.rows() if base is not None else None
        chunks, matrix = merge_rows(served, read, removed, self.embedder.dim)
        # Unit vectors for the answering stage: only new units cost time.
        units = UnitVectors.load(base.path if base is not None else None, self.embedder)
        texts = unit_texts(chunks)
        pending = units.missing(texts)
        searchable_s, first = None, None
        if (read or removed) and sum(map(len, pending)) > self.settings.units_after_chars:
            # A big document (a PLU) is searchable as soon as its passages are: the units
            # cost as much time again, and until they are in, the answering stage embeds
            # the few it ranks on demand (the same vectors, a little later).
            first = write_generation(self.gens, self.backend, chunks, matrix, units, texts, content)
            searchable_s = time.monotonic() - started
            log.info("documents searchable in version %s after %.0f s; embedding %d answer "
                     "units", first, searchable_s, len(pending))
        new_units = units.fill(texts, progress)
        log.info("embedded %d new answer units of %d", new_units, len(texts))
        version = write_generation(self.gens, self.backend, chunks, matrix, units, texts, content)
        if first is not None:
            self.gens.discard(first)  # a rollback goes back before this sync, not half-way
        for v in self.gens.prune(self.keep):
            log.info("pruned index generation %s", v)
        self.backend.forget(set(self.gens.versions()))
        return version, new_units, searchable_s

    def _units_pending(self, base: OpenGeneration) -> bool:
        """Whether the served generation lacks unit vectors (a sync killed between its two
        generations, or an index built before units.npz)."""
        return bool(UnitVectors.load(base.path, self.embedder).missing(unit_texts(base.chunks)))
