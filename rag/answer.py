"""Answer a visitor's question from the documents, sentence by verified sentence.

guard (rag/guard.py) -> follow-up rewrite (rag/memory.py) -> retrieval -> relevance
(rag/relevance.py) -> a short context and a fixed system prompt (rag/extractive.py,
rag/prompt.py) -> streamed tokens -> sentences -> each verified (rag/verify.py) and
spoken at once, after the source named in words (rag/sources.py). On the first failed
sentence the model is stopped and, if nothing was said yet, the best source sentences
are spoken instead; nothing relevant found means a kind pointer to the accueil.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from datetime import date

from rag import confirm
from rag.answer_run import Run
from rag.answerable import Cosine
from rag.guard import Desk
from rag.memory import SessionMemory, Turn
from rag.places import Gazetteer
from rag.prompt import warmup_messages
from rag.repair import Repaired
from rag.types import Answer, AnswerEvent, FinalEvent, LanguageModel, Retriever
from rag.unanswered import UnansweredLog
from rag.understood import NOT_UNDERSTOOD
from robot.core.errors import LlmError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AnswerConfig:
    top_k: int = 4
    context_chars: int = 200
    max_tokens: int = 120
    max_sentences: int = 3
    min_relevance: float = 0.25
    min_extract_score: float = 0.25  # below it an extractive answer is a guess: decline
    low_confidence: float = 0.5
    language: str = "fr"
    generate: bool = True  # False: the source sentences are read, no model is asked
    # A spoken question scored between this and the calibrated decline is confirmed
    # (« Vous parlez de … ? », rag/confirm.py) instead of declined; 1.0: never.
    confirm_above: float = 0.05


class Answerer:
    """Turns questions into spoken answers; one per process, models loaded once."""

    def __init__(self, retriever: Retriever, model: LanguageModel, config: AnswerConfig,
                 desk: Desk, *, allowed_names: str = "", memory: SessionMemory | None = None,
                 unanswered: UnansweredLog | None = None,
                 repairer: Callable[[str], Repaired] | None = None,
                 places: Gazetteer | None = None,
                 danger: Callable[[str], bool] | None = None,
                 clock: Callable[[], float] = time.perf_counter,
                 today: Callable[[], date] = date.today) -> None:
        self.retriever = retriever
        self.model = model
        self.config = config
        self.desk = desk
        self.allowed = f"{allowed_names} {desk.desk} {desk.place} {desk.hours} {desk.phone}"
        self.memory = memory or SessionMemory()
        self.unanswered = unanswered
        self.repairer = repairer  # spoken questions only (rag/repair.py)
        self.places = places  # towns of France (rag/places.py); None: capitals only
        self.danger = danger  # someone in danger, by meaning (rag/danger.py); None: words only
        self._clock = clock
        self._today = today

    def retriever_known(self, question: str) -> float:
        """The share of the question's words the documents use (1.0 if unknowable)."""
        known = getattr(self.retriever, "known", None)
        return float(known(question)) if callable(known) else 1.0

    @property
    def cosine(self) -> Cosine | None:
        """The retriever's cosine of texts to passages, when it has stored vectors."""
        found = getattr(self.retriever, "cosine", None)
        return found if callable(found) else None

    def warm_up(self) -> None:
        """Put the fixed system prompt in the model's KV cache before the first visitor."""
        if not self.config.generate:
            return
        for _ in self.model.stream(warmup_messages(), max_tokens=1):
            break

    def answer(self, question: str, session_id: str | None = None,
               stt_confidence: float | None = None) -> Answer:
        for event in self.stream(question, session_id, stt_confidence):
            if isinstance(event, FinalEvent):
                return event.answer
        raise AssertionError("stream() always ends with a FinalEvent")

    def stream(self, question: str, session_id: str | None = None,
               stt_confidence: float | None = None) -> Generator[AnswerEvent, None, None]:
        """`stt_confidence`: the recogniser's, for a spoken question (rag/understood.py);
        its misheard non-words are repaired toward the documents' words first."""
        offer = confirm.pending(self.memory.history(session_id))
        reply = confirm.read_reply(question) if offer is not None else None
        if offer is not None and reply is not None and reply.yes:
            # The visitor's « oui » settles the hearing: the offered question already passed
            # the misheard check, and a one-word reply's own confidence (Whisper: 0.26-0.49
            # for a clear « Oui. ») says nothing about it; judged by it, every confirmed
            # question of the second tuning commune was told « pas compris ».
            run = Run(self, offer.question, session_id, None, only=offer.offered)
        else:
            question = reply.rest if reply is not None and reply.rest else question
            if stt_confidence is not None and self.repairer is not None:
                question = self.repairer(question).text
            run = Run(self, question, session_id, stt_confidence,
                      refused=reply is not None and not reply.rest)
        yield from run.events()
        answer = run.finish()
        self.memory.add(session_id, Turn(run.question, run.topic, answer.text, answer.declined,
                                         misheard=run.reason == NOT_UNDERSTOOD,
                                         offered=run.offered, query=run.query,
                                         source=run.source_file()))
        if self.unanswered is not None and run.reason not in _NOT_GAPS and (
                answer.declined or answer.confidence < self.config.low_confidence):
            self.unanswered.record(run.question, run.reason or "low_confidence", answer.confidence)
        yield FinalEvent(answer, run.trace())


# Declines that say nothing about what the documents lack.
_NOT_GAPS = ("emergency", NOT_UNDERSTOOD, confirm.CONFIRM, confirm.NOT_CONFIRMED)


class NoModel:
    """llm.mode: extractive. Never asked (AnswerConfig.generate is False); no memory."""

    def stream(self, messages: list[dict[str, str]], max_tokens: int,
               stop: list[str] | None = None) -> Iterator[str]:
        raise LlmError("llm.mode is extractive: no model loaded")

