"""Settings for the document index, retrieval and the answering LLM."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from robot.core.settings_base import Section


class IndexSettings(Section):
    backend: Literal["local", "http"] = "local"  # http = a shared Chroma server for a fleet
    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)
    collection: str = "mairie"
    chunk_chars: int = Field(700, ge=200, le=4000)
    chunk_overlap_chars: int = Field(100, ge=0, le=1000)
    max_file_mb: float = Field(50.0, gt=0, le=2000)  # what a reader may open at all
    # What a sync may spend on one document: indexing costs time per character of text,
    # not per byte of file (a 40 MB scanned PDF holds little text, a 1 MB .txt a lot).
    # Measured with `robot bench rag` on 2 x86 cores, one embedding thread: ~1,500
    # characters a second with the answering units, so 3 million is about half an hour.
    max_document_chars: int = Field(3_000_000, ge=10_000, le=100_000_000)
    keep_generations: int = Field(3, ge=2, le=10)  # served + older ones kept for rollback
    # Embedding threads: 1 keeps a query at ~25 ms even while other work shares the CPU
    # (OpenMP threads spin and stall under contention, 2 threads then spike to ~1 s).
    embed_threads: int = Field(1, ge=1, le=16)
    # A sync whose new answering units hold more text than this serves the passages first
    # and embeds the units into a second generation (they cost as much time again): a PLU
    # is searchable in half the time. 100,000 characters is ~30 s of embedding here.
    units_after_chars: int = Field(100_000, ge=0)


class RetrievalSettings(Section):
    # remote: a fleet robot searches the server's index through its /v1/search (`url`,
    # `token` as the server's api.token); local: the index in this robot's data dir.
    backend: Literal["local", "remote"] = "local"
    url: str | None = Field(None, pattern=r"^https?://")
    token: str | None = Field(None, min_length=16, max_length=200)
    timeout_s: float = Field(5.0, gt=0, le=60)  # a search, server included
    top_k: int = Field(4, ge=1, le=20)
    candidates: int = Field(20, ge=1, le=200)
    min_score: float = Field(0.0, ge=-1.0, le=1.0)
    max_context_chars: int = Field(1200, ge=200, le=8000)

    @model_validator(mode="after")
    def _remote_has_url(self) -> RetrievalSettings:
        if self.backend == "remote" and self.url is None:
            raise ValueError("backend remote needs url: the fleet server's API, "
                             "e.g. http://server:8088")
        return self


class LlmSettings(Section):
    # generate: the model phrases the answer (each sentence checked against the sources);
    # extractive: the source sentences are read as they are, and no model is loaded;
    # auto: generate with a model file named in models.llm, a fleet's model server, or a
    # profile model the manifest says phrases answers (`phrases`), else extractive.
    mode: Literal["auto", "generate", "extractive"] = "auto"
    backend: Literal["local", "openai"] = "local"  # openai = a llama.cpp server for a fleet
    url: str = "http://127.0.0.1:8080/v1"
    model: str = "local"  # model name sent to an OpenAI-compatible server
    token: str | None = Field(None, min_length=16, max_length=200)  # the server's api key
    timeout_s: float = Field(20.0, gt=0, le=600)  # server connection/read timeout
    threads: int = Field(2, ge=1, le=32)
    context_tokens: int = Field(2048, ge=512, le=32768)
    max_answer_tokens: int = Field(120, ge=16, le=1024)
    max_sentences: int = Field(3, ge=1, le=6)
    temperature: float = Field(0.1, ge=0.0, le=2.0)
    seed: int = 42  # answers reproducible from one run to the next
    # All the context the LLM reads, in characters (also capped by
    # retrieval.max_context_chars). Prompt processing runs at ~110 tokens/s on 2 cores
    # (0.5B Q4_K_M) and French costs ~2.5 characters a token (each digit is one), so every
    # 100 characters add ~0.35 s before the first word; the extractive fallback still
    # reads the whole passages.
    prompt_context_chars: int = Field(200, ge=100, le=8000)
    # Below this relevance (0-1, see rag/relevance.py) the robot declines and points
    # visitors to the accueil instead of answering. Only for an index without dense
    # vectors: otherwise the calibrated decision of rag/answerable.py decides.
    min_relevance: float = Field(0.25, ge=0.0, le=1.0)
    # Answers below this confidence are logged for `robot report unanswered`.
    low_confidence: float = Field(0.5, ge=0.0, le=1.0)
    # A spoken question whose best passage scores between this and the calibrated decline
    # is confirmed (« Vous parlez de … ? ») instead of declined; 1.0 turns that off.
    confirm_above: float = Field(0.05, ge=0.0, le=1.0)
    memory_turns: int = Field(3, ge=0, le=20)
    memory_ttl_s: float = Field(600.0, gt=0, le=86400)  # a visitor's session is forgotten after
