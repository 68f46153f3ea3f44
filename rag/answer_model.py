"""The model's phrasing of an answer, sentence by sentence, each verified against the
sources before it is spoken (rag/verify.py); the steps around it are rag/answer_run.py's.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Generator
from typing import TYPE_CHECKING

from rag import sources as src
from rag.cases import case_clause
from rag.prompt import build_messages
from rag.types import Chunk, SentenceEvent
from rag.verify import Check, Verifier
from robot.core.errors import LlmError
from robot.core.sentences import SentenceSplitter, complete_sentences

if TYPE_CHECKING:
    from rag.answer_run import Run

log = logging.getLogger(__name__)
_STOP = ["\nQuestion", "Documents :", "<|im_end|>", "<|endoftext|>"]
# The model sometimes names a source itself; we name it in words, once.
_OWN_PREFIX = re.compile(
    r"^(r[ée]ponse\s*:\s*)?((d['’]apr[eè]s|selon|dans)\s[^,]{0,80},\s*)?", re.I)


def from_model(run: Run, query: str, verifier: Verifier, context: list[Chunk]
               ) -> Generator[SentenceEvent, None, Check]:
    """The model's verified sentences, spoken as they come; how its answer ended."""
    cfg = run.o.config
    # A follow-up is asked as its merged query: plainer for a small model than a
    # dialogue, and fewer tokens to process before the first word.
    messages = build_messages(query, context)
    t = run.o._clock()
    status = Check.KEPT
    try:
        pieces = run.o.model.stream(messages, cfg.max_tokens, stop=_STOP)
        try:
            for sentence in complete_sentences(pieces, SentenceSplitter(),
                                               _first_token(run, t)):
                status = _keep(run, sentence, verifier, context)
                if status is Check.KEPT:
                    yield run.event()
                if status in (Check.FAILED, Check.DONT_KNOW) or (
                        run.said >= cfg.max_sentences):
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


def _first_token(run: Run, since: float) -> Callable[[], None]:
    def mark() -> None:
        if run.timings["llm_first_token"] is None:
            run.timings["llm_first_token"] = run.ms(since)
    return mark


def _keep(run: Run, sentence: str, verifier: Verifier, context: list[Chunk]) -> Check:
    """Verify one model sentence; the first one is spoken after its source."""
    first = not run.said
    if first:
        sentence = _OWN_PREFIX.sub("", sentence)
        sentence = sentence[:1].upper() + sentence[1:]
    status = verifier.check(sentence)
    if status is Check.KEPT:  # the model, too, reads every case of a list of them
        sentence = case_clause(run.case_query, sentence)
    if status is Check.KEPT and first:
        if run.lead is not None:
            if not src.comes_from(sentence, run.lead, context):
                log.info("model sentence drawn from another passage than the one "
                         "named: %r", sentence)
                return Check.FAILED
            sentence = src.after_phrase(run.preamble, sentence, run.lead.text)
        else:
            chunk = context[src.best_source(sentence, context)]
            run.source = chunk
            sentence = src.join_after_phrase(run.phrase(chunk), sentence, chunk.text)
    if status is Check.KEPT:
        run.spoken.append(sentence)
    return status
