"""One answer while it streams: the steps of rag/answer.py's pipeline, in order.

guard -> (misheard? rag/understood.py) -> retrieval with the conversation's topic
(rag/memory.py) -> the calibrated decision (rag/answerable.py; a spoken question in its
gray zone is confirmed first, rag/confirm.py) -> yes/no settled from the sources
(rag/yesno.py) or the model's sentences, each verified (rag/answer_model.py), or the best
source sentences -> the other parts of a run-on question.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import TYPE_CHECKING

from rag import confirm, guard, parts, yesno
from rag import extractive as ex
from rag import sources as src
from rag.answer_model import from_model
from rag.answerable import THRESHOLD as THRESHOLD_P
from rag.answerable import decide
from rag.answerable import passages_probability as answerable_p
from rag.asks import question_parts, without_requests
from rag.guard import classify, clean_passages
from rag.ingest.dates import all_dates
from rag.meaning import UnitVectors, rank_units
from rag.memory import Rewritten, rewrite, with_ages
from rag.places import Named, of_visitor
from rag.relevance import missing_names
from rag.residence import living_elsewhere
from rag.types import Answer, Chunk, Passage, SentenceEvent, Trace
from rag.unanswered import DOCUMENT_GAPS
from rag.understood import NOT_EVEN_ANSWERED, NOT_UNDERSTOOD, THRESHOLD, misheard
from rag.unsaid import unsaid_first
from rag.verify import Check, Verifier
from rag.words import as_written
from robot.core.sentences import split_sentences

if TYPE_CHECKING:
    from rag.answer import Answerer

log = logging.getLogger(__name__)
MAX_PARTS = 3  # a run-on question gets a sentence for each of its first three parts
# An agenda event read after its date: said so, lest a visitor come for it.
PAST_EVENT = "Attention, cette date est déjà passée ; {desk} pourra vous indiquer la prochaine."


class Run:
    """The state of one answer while it streams (kept out of the long-lived Answerer)."""

    def __init__(self, owner: Answerer, question: str, session_id: str | None,
                 stt_confidence: float | None = None, *, only: str = "",
                 refused: bool = False) -> None:
        self.o = owner
        self.question = question
        self.asked = question  # what is answered: the question after a manipulation set aside
        self.stt_confidence = stt_confidence
        self.only = only  # the document the visitor confirmed: answer from it alone
        self.refused = refused  # the visitor said « non » to the document offered
        self.towns: list[Named] = []  # the towns the question names (rag/places.py)
        self.elsewhere = False  # the visitor lives in a town the documents never name
        self.offered = ""  # the document this run offers (rag/confirm.py)
        self.t0 = owner._clock()
        self.timings: dict[str, float | None] = {"retrieval": None, "llm_first_token": None}
        self.spoken: list[str] = []
        self.declined = False
        self.confidence = 0.0
        self.reason: str | None = None
        self.topic = question
        self.query = question
        self.case_query = question  # the query and what the visitor said of themselves
        self.passages: list[Passage] = []
        self.all_chunks: list[Chunk] = []
        self.older: list[Chunk] = []
        self.relevance = 0.0
        self.path = ""
        self.history = owner.memory.history(session_id)
        self.extract: tuple[int, str, float] = (0, "", 0.0)  # the answer without the model
        self.settled = False  # a yes or a no read off the sources
        self.focus = ""
        self.topic_source = ""
        self.lead: Chunk | None = None  # the passage named before the model's sentence
        self.preamble = ""  # its name in words, already spoken
        self.source: Chunk | None = None  # the passage the answer was read from
        self.calibrated = False  # units ranked by meaning: the calibrated decline applies
        self.answerable = False
        self.units: UnitVectors | None = None  # the served index's unit vectors

    def source_file(self) -> str:
        """The document an answer was read from ("" for a decline)."""
        return self.source.source_file if self.source is not None and not self.declined else ""

    def ms(self, since: float) -> float:
        """Milliseconds since ``since`` on the answerer's clock."""
        return round((self.o._clock() - since) * 1000.0, 1)

    def event(self) -> SentenceEvent:
        """The sentence just added to what is spoken, as the stream's next event."""
        return SentenceEvent(self.spoken[-1], len(self.spoken) - 1, self.ms(self.t0))

    def _say(self, text: str) -> Iterator[SentenceEvent]:
        for sentence in split_sentences(text):
            self.spoken.append(sentence)
            yield self.event()

    def trace(self) -> Trace:
        return Trace(self.query, tuple(self.passages), round(self.relevance, 3), self.path)

    def _decline(self, text: str, reason: str, confidence: float) -> Iterator[SentenceEvent]:
        if reason == "not_found" and self._may_offer():
            # Asked back before « pas compris »: a transcript the recogniser doubted that
            # still points to a document is confirmed with one « oui ».
            yield from self._offer()
            return
        if reason in DOCUMENT_GAPS and self._misheard(THRESHOLD):
            yield from self._not_understood()
            return
        if (reason in DOCUMENT_GAPS and self.o.danger is not None
                and self.stt_confidence is None and self.o.danger(self.asked)):
            # Nothing in the documents, and written like someone in danger: the numbers.
            # Not for a transcript (rag/danger.py): half-heard questions stand near
            # danger by chance, and no emergency heard was caught this way.
            log.info("question declined as an emergency by its meaning")
            emergency = guard.Refusal.EMERGENCY
            reason, text, confidence = (emergency.value,
                                        guard.refusal_text(emergency, self.o.desk), 1.0)
        self.declined, self.reason, self.confidence = True, reason, confidence
        self.path = "declined" if self.path else reason
        yield from self._say(text)

    def _misheard(self, threshold: float) -> bool:
        """A spoken question the recogniser was unsure of (never a typed one)."""
        return self.stt_confidence is not None and misheard(
            self.stt_confidence, self.o.retriever_known(self.question), threshold)

    def _may_offer(self) -> bool:
        """Heard, but scored in the gray zone under the calibrated decline: ask back."""
        return (self.stt_confidence is not None and not self.only and self.calibrated
                and self.relevance >= self.o.config.confirm_above
                and any(not p.superseded for p in self.passages))

    def _offer(self) -> Iterator[SentenceEvent]:
        top = next(p.chunk for p in self.passages if not p.superseded)
        log.info("unsure of the question: offering %r", top.title)
        self.declined, self.reason, self.offered = True, confirm.CONFIRM, top.source_file
        self.source = top  # named in the Answer's sources; shown as no answer's source
        self.path = confirm.CONFIRM
        yield from self._say(confirm.offer_text(top.title))

    def _not_understood(self) -> Iterator[SentenceEvent]:
        """Ask to rephrase (rag/understood.py); the second time in a row, the desk."""
        log.info("probably misheard (recogniser confidence %.2f)", self.stt_confidence)
        again = bool(self.history) and self.history[-1].misheard
        self.declined, self.reason = True, NOT_UNDERSTOOD
        self.path = self.path or NOT_UNDERSTOOD
        yield from self._say(guard.not_understood_text(self.o.desk, again))

    def events(self) -> Iterator[SentenceEvent]:
        if self.refused:
            self.declined, self.reason, self.path = True, confirm.NOT_CONFIRMED, "refused"
            yield from self._say(confirm.not_confirmed_text(self.o.desk))
            return
        refusal = classify(self.question)
        if refusal is guard.Refusal.INJECTION and (
                rest := guard.asked_after_injection(self.question)):
            log.info("manipulation not obeyed; its question answered: %r", rest)
            refusal, self.asked = None, rest
        if refusal is not None:
            log.info("question declined by the guard: %s", refusal.value)
            yield from self._decline(guard.refusal_text(refusal, self.o.desk), refusal.value, 1.0)
            return
        if self._misheard(NOT_EVEN_ANSWERED):
            yield from self._not_understood()
            return
        t = self.o._clock()
        written = as_written(self.asked, lambda word: self.o.retriever_known(word) == 1.0)
        written = without_requests(written)  # « …, dis-le aux parents »: the claim is asked
        self.towns, self.elsewhere = of_visitor(
            self.o.places, written, lambda town: self.o.retriever_known(town) == 1.0)
        rw, passages = self._search(written)
        self.topic, self.query = rw.topic, rw.query
        self.focus = written if rw.previous is not None else ""  # a follow-up as said
        self.topic_source = rw.source  # where the topic was answered from (rag/meaning.py)
        self.case_query = with_ages(self._lives(self.query), self.history)
        self.timings["retrieval"] = self.ms(t)
        self.passages = passages
        cleaned = clean_passages(passages)
        # An older version stays out of what is said, but tells us to give the date.
        self.all_chunks = [p.chunk for p in cleaned]
        self.older = [p.chunk for p in cleaned if p.superseded]
        chunks = [p.chunk for p in cleaned if not p.superseded]
        # Read once per question: the retriever checks the index version at each read.
        units = getattr(self.o.retriever, "units", None)
        self.units = units if isinstance(units, UnitVectors) else None
        ranked = self._rank(self._searched(self.query), chunks, self.focus)
        if self.focus and self.history and not self.history[-1].declined:
            ranked = unsaid_first(self.case_query, ranked, chunks,
                                  self.history[-1].answer, self.focus)
        rel, self.answerable, self.calibrated = decide(
            self.query, cleaned, by_meaning=self.units is not None and bool(ranked),
            min_relevance=self.o.config.min_relevance, cosine=self.o.cosine)
        self.relevance = rel
        self.answerable = self.answerable or bool(self.only and chunks)
        log.debug("query %r: %d passages, answerability %.2f", rw.query, len(chunks), rel)
        if not chunks or not self.answerable:
            yield from self._decline(guard.not_found_text(self.o.desk), "not_found", rel)
            return
        yield from self._generate(self.query, chunks, ranked, rel)
        if not self.declined:
            yield from self._other_parts(chunks, ranked)
        # An event's answer says when it is: « les habitants peuvent assister à la
        # séance » alone leaves the visitor without the date.
        when = src.event_when(self.source) if self.source and not self.declined else ""
        if when and not set(all_dates(" ".join(self.spoken))) & set(all_dates(when)):
            yield from self._say(when)
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
        if self.only:  # confirmed: that document's passages, however they scored
            found = self.o.retriever.search(self._searched(rw.query), 3 * k)
            return rw, [p for p in found if p.chunk.source_file == self.only]
        passages = self.o.retriever.search(self._searched(rw.query), k)
        if rw.previous is not None or not self.history or answerable_p(
                passages, rw.query, self.o.cosine) >= THRESHOLD_P:
            return rw, passages
        merged = rewrite(question, self.history, force=True)
        if merged.previous is None:
            return rw, passages
        found = self.o.retriever.search(merged.query, k)
        if answerable_p(found, merged.query, self.o.cosine) < THRESHOLD_P:
            return rw, passages
        log.info("answered with the conversation's topic: %r", merged.query)
        return merged, found

    def _searched(self, query: str) -> str:
        """« La cantine c'est gratuit ? » searched as its tariff (rag/yesno.py); not in a
        conversation, where « et pour une asso c'est payant ? » would find any tariff
        naming its words before the topic's (the topic is merged in, _search)."""
        return query if self.history else yesno.searched(query)

    def _rank(self, query: str, chunks: list[Chunk], focus: str = "") -> list[ex.Scored]:
        """The answering units, best first (rag/meaning.py); ``focus``: a follow-up as said."""
        return rank_units(self._lives(query), chunks, self.units, focus, self.topic_source)

    def _lives(self, query: str) -> str:
        return living_elsewhere(query) if self.elsewhere else query

    def _other_parts(self, chunks: list[Chunk], ranked: list[ex.Scored]
                     ) -> Iterator[SentenceEvent]:
        """A question asked in two parts gets a sentence for each, one in a single part
        the second-best unit too when it is as close in meaning (rag/parts.py)."""
        named = self.source.title if self.source is not None else ""
        for text, unit in parts.part_answers(self.query, " ".join(self.spoken),
                                             lambda q, part: self._rank(q, chunks, part),
                                             MAX_PARTS, self.case_query[len(self.query):],
                                             chunks, named):
            chunk = chunks[unit.rank]
            if chunk.title != named:  # another document's sentence: named first
                text = src.join_after_phrase(self.phrase(chunk), text, chunk.text)
            self.spoken.append(text)
            yield self.event()
        if not self.settled:  # a « non » and the sentence settling it say all
            yield from self._say(parts.runner_up(self.query, " ".join(self.spoken), ranked,
                                                 chunks))

    def _good_enough(self, text: str, score: float) -> bool:
        """An extractive answer worth speaking: any, once the calibrated decision said
        the passages answer; else one whose word score clears the old floor."""
        return bool(text) and (self.calibrated or score >= self.o.config.min_extract_score)

    def _generate(self, query: str, chunks: list[Chunk],
                  ranked: list[ex.Scored], rel: float) -> Iterator[SentenceEvent]:
        cfg = self.o.config
        context = ex.select_context(query, chunks, cfg.context_chars, ranked)
        # A document the visitor confirmed is answered from, whatever names were misheard;
        # a follow-up's topic was answered already, so only its own words' names count.
        named = self.focus or query
        missing = [] if self.only else missing_names(named, context, self.towns)
        if missing:
            log.info("passages never name %s: declined", missing)
            yield from self._decline(*guard.missing_text(self.towns, missing, self.o.desk),
                                     rel / 2)
            return
        verifier = Verifier(self._lives(query), ranked, chunks, context, allowed=self.o.allowed,
                            focus=self.focus)
        self.extract = ex.extract_answer(self.case_query, chunks, ranked=ranked,
                                         focus=self.focus)
        settled = self._settle_yes_no(query, chunks, ranked)
        yield from self._lead_in(chunks)
        status = (yield from from_model(self, query, verifier, context)) \
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
        before = getattr(self.o.retriever, "before", None)
        settled = yesno.settle(query, chunks, ranked, before if callable(before) else None,
                               self.focus)
        pieces = question_parts(query)
        if settled is None and len(pieces) > 1:
            # « l'acte c'est payant, et par la poste ça met combien de temps ? »: the whole
            # asks « combien », its first part a yes or a no, settled from its own units
            # (the other parts are answered after it, _other_parts).
            # A price or a day asked first is read for the whole question (« c'est gratuit
            # maintenant, et je paye combien, on est en tranche deux ? »: its row).
            first = pieces[0]
            if yesno.asked_price(first) or yesno.asked_day(first):
                settled = yesno.settle(query, chunks, ranked, focus=first)
            if settled is None:
                settled = yesno.settle(first, chunks, self._rank(first, chunks))
        self.settled = settled is not None
        if settled is not None:
            log.info("yes/no settled from the sources: %r", settled[1])
            self.extract = settled[0], settled[1], max(settled[2], self.extract[2])
        return settled is not None

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
        self.preamble = self.phrase(self.lead)
        self.spoken.append(self.preamble.rstrip())
        yield self.event()

    def phrase(self, chunk: Chunk) -> str:
        """« D'après la page … » for a passage, dated when another version of it was found."""
        return src.phrase_among(chunk, self.all_chunks, self.older)

    @property
    def said(self) -> int:
        """Answer sentences spoken so far (the source named ahead of them aside)."""
        return len(self.spoken) - (1 if self.preamble else 0)

    def _extract(self, chunks: list[Chunk], rel: float,
                 dont_know: bool) -> Iterator[SentenceEvent]:
        index, text, score = self.extract
        if not self._good_enough(text, score):
            reason = "model_did_not_know" if dont_know else "no_good_sentence"
            yield from self._decline(guard.not_found_text(self.o.desk), reason, min(rel, score))
            return
        chunk = chunks[index]
        self.confidence = min(rel, 0.5 + score / 2) * 0.8
        if self.preamble:  # the source is named already (and is this chunk)
            yield from self._say(src.after_phrase(self.preamble, text, chunk.text))
            return
        self.source = chunk
        yield from self._say(src.join_after_phrase(self.phrase(chunk), text, chunk.text))

    def finish(self) -> Answer:
        timings = {k: v for k, v in self.timings.items() if v is not None}
        timings["total"] = self.ms(self.t0)
        return Answer(
            question=self.question, text=" ".join(self.spoken),
            sources=[src.to_source(self.source)] if self.source is not None else [],
            declined=self.declined, language=self.o.config.language,
            confidence=round(self.confidence, 3), timings_ms=timings,
            reason=self.reason or "",
        )
