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
import re
import time
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, replace
from datetime import date

from rag import extractive as ex
from rag import sources as src
from rag import yesno
from rag.answerable import THRESHOLD as THRESHOLD_P
from rag.answerable import decide
from rag.answerable import passages_probability as answerable_p
from rag.guard import (
    Desk,
    classify,
    neutralise,
    not_found_text,
    not_understood_text,
    refusal_text,
)
from rag.meaning import UnitVectors, rank_units
from rag.memory import Rewritten, SessionMemory, Turn, rewrite
from rag.prompt import build_messages, warmup_messages
from rag.relevance import missing_names
from rag.repair import Repaired
from rag.types import (
    Answer,
    AnswerEvent,
    Chunk,
    FinalEvent,
    LanguageModel,
    Passage,
    Retriever,
    SentenceEvent,
    Trace,
)
from rag.unanswered import DOCUMENT_GAPS, UnansweredLog
from rag.understood import NOT_EVEN_ANSWERED, NOT_UNDERSTOOD, THRESHOLD, misheard
from rag.verify import Check, Verifier
from rag.words import digits
from robot.core.errors import LlmError
from robot.core.sentences import SentenceSplitter, split_sentences

log = logging.getLogger(__name__)
MAX_PARTS = 3  # a run-on question gets a sentence for each of its first three parts
_STOP = ["\nQuestion", "Documents :", "<|im_end|>", "<|endoftext|>"]
# An agenda event read after its date: said so, lest a visitor come for it.
PAST_EVENT = "Attention, cette date est déjà passée ; {desk} pourra vous indiquer la prochaine."
# The model sometimes names a source itself; we name it in words, once.
_OWN_PREFIX = re.compile(
    r"^(r[ée]ponse\s*:\s*)?((d['’]apr[eè]s|selon|dans)\s[^,]{0,80},\s*)?", re.I)


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


class Answerer:
    """Turns questions into spoken answers; one per process, models loaded once."""

    def __init__(self, retriever: Retriever, model: LanguageModel, config: AnswerConfig,
                 desk: Desk, *, allowed_names: str = "", memory: SessionMemory | None = None,
                 unanswered: UnansweredLog | None = None,
                 repairer: Callable[[str], Repaired] | None = None,
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
        self._clock = clock
        self._today = today

    def retriever_known(self, question: str) -> float:
        """The share of the question's words the documents use (1.0 if unknowable)."""
        known = getattr(self.retriever, "known", None)
        return float(known(question)) if callable(known) else 1.0

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
        if stt_confidence is not None and self.repairer is not None:
            question = self.repairer(question).text
        run = _Run(self, question, session_id, stt_confidence)
        yield from run.events()
        answer = run.finish()
        self.memory.add(session_id, Turn(question, run.topic, answer.text, answer.declined,
                                         misheard=run.reason == NOT_UNDERSTOOD))
        if self.unanswered is not None and run.reason not in ("emergency", NOT_UNDERSTOOD) and (
                answer.declined or answer.confidence < self.config.low_confidence):
            self.unanswered.record(question, run.reason or "low_confidence", answer.confidence)
        yield FinalEvent(answer, run.trace())


class _Run:
    """The state of one answer while it streams (kept out of the long-lived Answerer)."""

    def __init__(self, owner: Answerer, question: str, session_id: str | None,
                 stt_confidence: float | None = None) -> None:
        self.o = owner
        self.question = question
        self.stt_confidence = stt_confidence
        self.t0 = owner._clock()
        self.timings: dict[str, float | None] = {"retrieval": None, "llm_first_token": None}
        self.spoken: list[str] = []
        self.declined = False
        self.confidence = 0.0
        self.reason: str | None = None
        self.topic = question
        self.query = question
        self.passages: list[Passage] = []
        self.all_chunks: list[Chunk] = []
        self.older: list[Chunk] = []
        self.relevance = 0.0
        self.path = ""
        self.history = owner.memory.history(session_id)
        self.extract: tuple[int, str, float] = (0, "", 0.0)  # the answer without the model
        self.lead: Chunk | None = None  # the passage named before the model's sentence
        self.preamble = ""  # its name in words, already spoken
        self.source: Chunk | None = None  # the passage the answer was read from
        self.calibrated = False  # units ranked by meaning: the calibrated decline applies
        self.answerable = False
        self.units: UnitVectors | None = None  # the served index's unit vectors

    def _ms(self, since: float) -> float:
        return round((self.o._clock() - since) * 1000.0, 1)

    def _event(self) -> SentenceEvent:
        return SentenceEvent(self.spoken[-1], len(self.spoken) - 1, self._ms(self.t0))

    def _say(self, text: str) -> Iterator[SentenceEvent]:
        for sentence in split_sentences(text):
            self.spoken.append(sentence)
            yield self._event()

    def trace(self) -> Trace:
        return Trace(self.query, tuple(self.passages), round(self.relevance, 3), self.path)

    def _decline(self, text: str, reason: str, confidence: float) -> Iterator[SentenceEvent]:
        if reason in DOCUMENT_GAPS and self._misheard(THRESHOLD):
            yield from self._not_understood()
            return
        self.declined, self.reason, self.confidence = True, reason, confidence
        self.path = "declined" if self.path else reason
        yield from self._say(text)

    def _misheard(self, threshold: float) -> bool:
        """A spoken question the recogniser was unsure of (never a typed one)."""
        return self.stt_confidence is not None and misheard(
            self.stt_confidence, self.o.retriever_known(self.question), threshold)

    def _not_understood(self) -> Iterator[SentenceEvent]:
        """Ask to rephrase (rag/understood.py); the second time in a row, the desk."""
        log.info("probably misheard (recogniser confidence %.2f)", self.stt_confidence)
        again = bool(self.history) and self.history[-1].misheard
        self.declined, self.reason = True, NOT_UNDERSTOOD
        self.path = self.path or NOT_UNDERSTOOD
        yield from self._say(not_understood_text(self.o.desk, again))

    def events(self) -> Iterator[SentenceEvent]:
        refusal = classify(self.question)
        if refusal is not None:
            log.info("question declined by the guard: %s", refusal.value)
            yield from self._decline(refusal_text(refusal, self.o.desk), refusal.value, 1.0)
            return
        if self._misheard(NOT_EVEN_ANSWERED):
            yield from self._not_understood()
            return
        t = self.o._clock()
        rw, passages = self._search(digits(self.question))
        self.topic, self.query = rw.topic, rw.query
        self.timings["retrieval"] = self._ms(t)
        self.passages = passages
        cleaned = _clean(passages)
        # An older version stays out of what is said, but tells us to give the date.
        self.all_chunks = [p.chunk for p in cleaned]
        self.older = [p.chunk for p in cleaned if p.superseded]
        chunks = [p.chunk for p in cleaned if not p.superseded]
        # Read once per question: the retriever checks the index version at each read.
        units = getattr(self.o.retriever, "units", None)
        self.units = units if isinstance(units, UnitVectors) else None
        ranked = self._rank(self.query, chunks)
        rel, self.answerable, self.calibrated = decide(
            self.query, cleaned, by_meaning=self.units is not None and bool(ranked),
            min_relevance=self.o.config.min_relevance)
        self.relevance = rel
        log.debug("query %r: %d passages, answerability %.2f", rw.query, len(chunks), rel)
        if not chunks or not self.answerable:
            yield from self._decline(not_found_text(self.o.desk), "not_found", rel)
            return
        yield from self._generate(self.query, chunks, ranked, rel)
        if not self.declined:
            yield from self._other_parts(chunks)
        if not self.declined and self.source is not None and src.is_past_event(
                self.source, self.o._today()):
            yield from self._say(PAST_EVENT.format(desk=self.o.desk.desk))

    def _search(self, question: str) -> tuple[Rewritten, list[Passage]]:
        """The question as asked, or with the conversation's topic when only that finds
        something: a visitor's follow-up is often long and does not read as one (« et
        pour une association de la commune c'est payant ? »), and the calibrated
        decision (rag/answerable.py) measures which of the two the documents answer."""
        k = self.o.config.top_k
        rw = rewrite(question, self.history)
        passages = self.o.retriever.search(rw.query, k)
        if rw.previous is not None or not self.history or answerable_p(passages) >= THRESHOLD_P:
            return rw, passages
        merged = rewrite(question, self.history, force=True)
        if merged.previous is None:
            return rw, passages
        found = self.o.retriever.search(merged.query, k)
        if answerable_p(found) < THRESHOLD_P:
            return rw, passages
        log.info("answered with the conversation's topic: %r", merged.query)
        return merged, found

    def _rank(self, query: str, chunks: list[Chunk]) -> list[ex.Scored]:
        """The answering units, best first (rag/meaning.py)."""
        return rank_units(query, chunks, self.units)

    def _other_parts(self, chunks: list[Chunk]) -> Iterator[SentenceEvent]:
        """A question asked in two parts gets a sentence for each (rag/extractive.py)."""
        for text in ex.part_answers(self.query, " ".join(self.spoken),
                                    lambda q: self._rank(q, chunks), MAX_PARTS):
            self.spoken.append(text)
            yield self._event()

    def _good_enough(self, text: str, score: float) -> bool:
        """An extractive answer worth speaking: any, once the calibrated decision said
        the passages answer; else one whose word score clears the old floor."""
        return bool(text) and (self.calibrated or score >= self.o.config.min_extract_score)

    def _generate(self, query: str, chunks: list[Chunk],
                  ranked: list[ex.Scored], rel: float) -> Iterator[SentenceEvent]:
        cfg = self.o.config
        context = ex.select_context(query, chunks, cfg.context_chars, ranked)
        missing = missing_names(query, context)
        if missing:
            log.info("passages never name %s: declined", missing)
            yield from self._decline(not_found_text(self.o.desk), "not_found", rel / 2)
            return
        verifier = Verifier(query, ranked, chunks, context, allowed=self.o.allowed)
        self.extract = ex.extract_answer(query, chunks, ranked=ranked)
        settled = self._settle_yes_no(query, chunks, ranked)
        yield from self._lead_in(chunks)
        status = (yield from self._from_model(query, verifier, context)) \
            if cfg.generate and not settled else Check.FAILED
        if self.said:
            self.path = "llm"
            self.confidence = rel if status is not Check.FAILED else rel * 0.9
            return
        self.path = "extractive"
        yield from self._extract(chunks, rel, status is Check.DONT_KNOW)

    def _settle_yes_no(self, query: str, chunks: list[Chunk], ranked: list[ex.Scored]) -> bool:
        """« Ouvert le lundi ? », « c'est payant ? »: « non » and the sentence that settles
        it, read from the sources (rag/yesno.py: the models measured here cannot tell)."""
        settled = yesno.settle(query, chunks, ranked)
        if settled is not None:
            log.info("yes/no settled from the sources: %r", settled[1])
            self.extract = settled[0], settled[1], max(settled[2], self.extract[2])
        return settled is not None

    def _from_model(self, query: str, verifier: Verifier, context: list[Chunk]
                    ) -> Generator[SentenceEvent, None, Check]:
        """The model's verified sentences, spoken as they come; how its answer ended."""
        cfg = self.o.config
        # A follow-up is asked as its merged query: plainer for a small model than a
        # dialogue, and fewer tokens to process before the first word.
        messages = build_messages(query, context)
        t = self.o._clock()
        status = Check.KEPT
        try:
            pieces = self.o.model.stream(messages, cfg.max_tokens, stop=_STOP)
            try:
                for sentence in _sentences(pieces, SentenceSplitter(), self._first_token(t)):
                    status = self._keep(sentence, verifier, context)
                    if status is Check.KEPT:
                        yield self._event()
                    if status in (Check.FAILED, Check.DONT_KNOW) or (
                            self.said >= cfg.max_sentences):
                        break
            finally:
                close = getattr(pieces, "close", None)
                if close is not None:
                    close()  # stops decoding: nothing more of it will be spoken
        except LlmError as exc:
            # The sources still answer when the model (or its server) fails.
            log.warning("LLM failed, answering from the sources: %s", exc)
            status = Check.FAILED
        return status

    def _lead_in(self, chunks: list[Chunk]) -> Iterator[SentenceEvent]:
        """Name the source before the model has written a word.

        The model's first sentence takes seconds on this CPU, but which passage it must
        come from is known now: the one holding the best source sentence, which the
        verifier makes the first sentence agree with and the extractive fallback reads.
        Saying « D'après la page … » at once fills the wait with something true.
        Only when that fallback is good enough to follow it whatever the model does.
        """
        index, text, score = self.extract
        if not self._good_enough(text, score):
            return
        self.lead = chunks[index]
        self.source = self.lead
        self.preamble = self._phrase(self.lead)
        self.spoken.append(self.preamble.rstrip())
        yield self._event()

    def _phrase(self, chunk: Chunk) -> str:
        """The source in words; dated when another version of it was also found."""
        others = [c for c in self.all_chunks if c.id != chunk.id]
        dated = src.versions_differ([chunk, *others], 0) or any(
            src.same_subject(chunk, old) for old in self.older)
        return src.source_phrase(chunk, with_date=dated)

    def _first_token(self, since: float) -> Callable[[], None]:
        def mark() -> None:
            if self.timings["llm_first_token"] is None:
                self.timings["llm_first_token"] = self._ms(since)
        return mark

    @property
    def said(self) -> int:
        """Answer sentences spoken so far (the source named ahead of them aside)."""
        return len(self.spoken) - (1 if self.preamble else 0)

    def _keep(self, sentence: str, verifier: Verifier, context: list[Chunk]) -> Check:
        """Verify one model sentence; the first one is spoken after its source."""
        first = not self.said
        if first:
            sentence = _OWN_PREFIX.sub("", sentence)
            sentence = sentence[:1].upper() + sentence[1:]
        status = verifier.check(sentence)
        if status is Check.KEPT and first:
            if self.lead is not None:
                if not src.comes_from(sentence, self.lead, context):
                    log.info("model sentence drawn from another passage than the one "
                             "named: %r", sentence)
                    return Check.FAILED
                sentence = src.after_phrase(self.preamble, sentence, self.lead.text)
            else:
                chunk = context[src.best_source(sentence, context)]
                self.source = chunk
                sentence = src.join_after_phrase(self._phrase(chunk), sentence, chunk.text)
        if status is Check.KEPT:
            self.spoken.append(sentence)
        return status

    def _extract(self, chunks: list[Chunk], rel: float,
                 dont_know: bool) -> Iterator[SentenceEvent]:
        index, text, score = self.extract
        if not self._good_enough(text, score):
            reason = "model_did_not_know" if dont_know else "no_good_sentence"
            yield from self._decline(not_found_text(self.o.desk), reason, min(rel, score))
            return
        chunk = chunks[index]
        self.confidence = min(rel, 0.5 + score / 2) * 0.8
        if self.preamble:  # the source is named already (and is this chunk)
            yield from self._say(src.after_phrase(self.preamble, text, chunk.text))
            return
        self.source = chunk
        yield from self._say(src.join_after_phrase(self._phrase(chunk), text, chunk.text))

    def finish(self) -> Answer:
        timings = {k: v for k, v in self.timings.items() if v is not None}
        timings["total"] = self._ms(self.t0)
        return Answer(
            question=self.question, text=" ".join(self.spoken),
            sources=[src.to_source(self.source)] if self.source is not None else [],
            declined=self.declined, language=self.o.config.language,
            confidence=round(self.confidence, 3), timings_ms=timings,
            reason=self.reason or "",
        )


class NoModel:
    """llm.mode: extractive. Never asked (AnswerConfig.generate is False); no memory."""

    def stream(self, messages: list[dict[str, str]], max_tokens: int,
               stop: list[str] | None = None) -> Iterator[str]:
        raise LlmError("llm.mode is extractive: no model loaded")


def _clean(passages: list[Passage]) -> list[Passage]:
    """Passages with any sentence addressed to an assistant removed; empty ones dropped."""
    out = []
    for p in passages:
        text = neutralise(p.chunk.text)
        if text.strip():
            out.append(replace(p, chunk=replace(p.chunk, text=text)))
    return out


def _sentences(pieces: Iterator[str], splitter: SentenceSplitter,
               on_first: Callable[[], None]) -> Iterator[str]:
    """Complete sentences from streamed pieces, as soon as each one ends."""
    for piece in pieces:
        on_first()
        yield from splitter.feed(piece)
    yield from splitter.flush()
