"""The shapes shared by ingestion, index, retrieval and answering."""

from __future__ import annotations

from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol


@dataclass(frozen=True)
class Chunk:
    """One passage of one document, with what a visitor needs to trust it."""

    id: str
    text: str
    source_file: str  # path relative to the synced folder
    title: str
    section: str = ""
    page: int | None = None
    doc_date: date | None = None
    content_hash: str = ""  # of the whole source file, for incremental sync


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk and how well it matched the question."""

    chunk: Chunk
    score: float  # fused score, higher is better
    dense: float | None = None  # cosine similarity, when known
    lexical: float | None = None
    superseded: bool = False  # a newer version of the same topic is also in the results
    extra: bool = False  # read for its closest sentence, not a sign the index answers


class Retriever(Protocol):
    def search(self, query: str, k: int) -> list[Passage]: ...


@dataclass(frozen=True)
class Source:
    file: str
    title: str
    page: int | None = None


@dataclass
class Answer:
    """What the robot says and why; `text` is exactly what is spoken."""

    question: str
    text: str
    sources: list[Source] = field(default_factory=list)
    declined: bool = False
    language: str = "fr"
    confidence: float = 0.0
    timings_ms: dict[str, float] = field(default_factory=dict)
    reason: str = ""  # why it declined: not_found, not_understood, a guard refusal, ...


class LanguageModel(Protocol):
    """A chat model that streams text pieces (local llama.cpp or an OpenAI-style server)."""

    def stream(
        self, messages: list[dict[str, str]], max_tokens: int, stop: list[str] | None = None
    ) -> Iterator[str]: ...


@dataclass(frozen=True)
class SentenceEvent:
    """One verified sentence, ready to be spoken now."""

    text: str
    index: int
    elapsed_ms: float  # since the question came in


@dataclass(frozen=True)
class Trace:
    """How an answer was reached, for eval and debugging (never spoken)."""

    query: str = ""
    passages: tuple[Passage, ...] = ()
    relevance: float = 0.0
    path: str = ""  # guard, not_found, llm, extractive, declined


@dataclass(frozen=True)
class FinalEvent:
    answer: Answer
    trace: Trace = Trace()


AnswerEvent = SentenceEvent | FinalEvent


class Answering(Protocol):
    """What the voice loop needs of the Answerer (rag/answer.py): its event stream."""

    def stream(self, question: str, session_id: str | None = None,
               stt_confidence: float | None = None) -> Generator[AnswerEvent, None, None]:
        ...
