"""The other parts of a run-on question (« ça coûte combien, et c'est où ? »), each
answered with a unit of its own when the answer so far left it out (pure)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from itertools import islice

from rag.asks import WANTS, has_kind, question_parts
from rag.cells import is_row
from rag.extractive import Scored, read_aloud, unbulleted, unit_text
from rag.grounding import extract_facts
from rag.types import Chunk
from rag.words import (
    DAYS,
    MONTHS,
    asked_days,
    content_words,
    digits,
    fold,
    in_a_period,
    prefixes,
    topic_words,
)


def _known(unit: Scored, question: str, part: str, said: str) -> bool:
    """Nothing in the unit, as read for this part, that the answer so far has not said:
    the unit itself, or its figures (the model may have put them in its own words), or,
    with no figure, its words."""
    text = unbulleted(read_aloud(part, unit))
    if any(fold(t).rstrip(". ") in fold(said)
           for t in (unit.sentence, read_aloud(question, unit), text)):
        return True  # whole, or cut to the visitor's case
    # Days and months are facts too (« pour le vendredi, appeler le jeudi avant midi »
    # adds a day to « du lundi au vendredi de 9 h à 12 h »); names are not counted.
    mine, theirs = extract_facts(text, names=False), extract_facts(said, names=False)
    figures = mine.numbers | mine.times | mine.phones | mine.words
    return figures <= theirs.numbers | theirs.times | theirs.phones | theirs.words and bool(
        figures or not (content_words(text) - content_words(said)))


def _states(kind: str, said: str) -> bool:
    """The answer states a figure of that kind: an age (« mineur de 15 à 17 ans ») is no
    duration (« il est bon pour combien d'années ? »)."""
    if kind == "duration":
        said = _AGE.sub(" ", fold(digits(said)))
    return has_kind(kind, said)


# An age in years after a preposition (« de 15 à 17 ans », « moins de 15 ans »); « de 6
# à 8 semaines » is a delay, « valable 10 ans » a duration.
_AGE = re.compile(r"\b(?:de|des|a|moins de|plus de)\s+\d+\s*ans\b")


# A part's first units not said yet, looked at for the kind of answer it asks (measured:
# the place an event's « Lieu : … » gives is its 4th unit, after the date's restatements).
KIND_WITHIN = 5
ASKED_KINDS = ("price", "people", "measure", "duration", "time", "day", "contact", "place")


def part_answers(question: str, said: str, rank: Callable[[str, str], list[Scored]],
                 max_parts: int = 3, visitor: str = "", chunks: Sequence[Chunk] = (),
                 named: str = "") -> Iterator[tuple[str, Scored]]:
    """A sentence for each part of a run-on question that the answer so far (`said`)
    left out: the part's best unit, when it is not said yet and adds something.
    `rank(query, focus)`: the units for the part with its subject, the part's own words
    as the focus (what it asks, as a follow-up's own words are). `visitor`: what the
    visitor said of themselves elsewhere (an age, living elsewhere), which holds for
    every part when a row is read. Yields each sentence and the unit it reads: a unit of
    another document of `chunks` than the one `named` (the answer's title: a printable
    copy of the page is the same to the visitor) is said after that document's name, and
    only when it speaks of the question's subject (`_of_subject`)."""
    parts = question_parts(question)
    days = asked_days(question)
    subject = _subject(question) if chunks else set()
    first_words = topic_words(parts[0]) if parts else set()
    for i, part in enumerate(parts[:max_parts]):
        kinds = {k for k in ASKED_KINDS if WANTS[k].search(part)}
        lacking = kinds and not any(_states(k, said) for k in kinds)
        if i == 0 and not lacking:
            continue  # the answer so far is about the first part, unless it lacks its kind
        # The part's subject is often only in the first part ("… c'est quand, et c'est où ?").
        topic = " ".join(sorted(first_words - content_words(part))) if i else ""
        ranked = rank(f"{part} {topic}".strip(), part)
        ranked = [c for c in ranked if not chunks or chunks[c.rank].title == named
                  or _of_subject(subject, c, chunks[c.rank])]
        heard = f"{part}{visitor}"  # as a row is read for this visitor
        # A part asking a kind of figure the answer lacks (« et c'est où ? » after a
        # date; « c'est quel jour, et ça coûte combien ? » answered with the price only)
        # gets the best of its first units that states one, if any does. When none does
        # and its best unit was said already, a later part gets the best one not said
        # yet that holds the part's own words, those the first part does not say (« on a
        # droit à combien dans l'année ? » asks a count, which « combien » alone does
        # not tell from a price).
        if lacking:
            fresh = list(islice((c for c in ranked if not _known(c, question, heard, said)),
                                KIND_WITHIN))
            stating = [c for c in fresh if any(has_kind(k, unit_text(c)) for k in kinds)]
            if i and not stating and ranked and _known(ranked[0], question, heard, said):
                own = prefixes(topic_words(part) - first_words)
                stating = [c for c in fresh
                           if own & prefixes(content_words(c.sentence))][:1]
            ranked = stating or ranked
        if not ranked or _known(ranked[0], question, heard, said):
            continue  # its best unit was said already (cut to the visitor's case, maybe)
        if in_a_period(days, unit_text(ranked[0])) is False:
            continue  # another season's
        text = unbulleted(read_aloud(heard, ranked[0]))
        said = f"{said} {text}"
        yield text[:1].upper() + text[1:], ranked[0]


# Words that say which case or which figure, not what a question is about: a number, a
# weekday, a month (general French), and the words asking a kind of figure (rag/asks.py).
_NO_SUBJECT = (*DAYS, *MONTHS, "ans", "an")


def _subject(question: str) -> set[str]:
    """The question's topic words but those saying which case or which figure."""
    return {w for w in topic_words(question) if not w.isdigit()
            and not any(name.startswith(w) for name in _NO_SUBJECT)
            and not any(wants.search(w) for wants in WANTS.values())}


def _of_subject(subject: set[str], unit: Scored, chunk: Chunk) -> bool:
    """A unit of another document than the answer's whose title or section (or, for a
    table row, its first cell: what the row is) names the question's `subject`: counted,
    another document's « gratuit » or « le dimanche » completing an answer was most often
    another matter (a storytime after the passport's price, the Christmas market after
    the pool's hours), and its sentence alone shares common words by chance (« droit »,
    « l'année »)."""
    what = unit.sentence.split(";")[0] if is_row(unit.sentence) else ""
    return bool(subject & topic_words(f"{chunk.title} {chunk.section} {what}"))


# e5's cosine of the second-best unit to the question within this of the best one's: the
# two are about equally likely the answer. Read off both tuning communes' units: below
# it, the second unit held an expected fact the best lacked for 16 questions in 110 and
# brought a forbidden value into 2; above it, for 4 in 60.
RUNNER_UP_MARGIN = 0.015
RUNNER_UP_CHARS = 220  # a second sentence said only when short enough to listen to


def runner_up(question: str, said: str, ranked: list[Scored], chunks: list[Chunk]) -> str:
    """The second-best unit, when its meaning is as close to the question as the best
    one's, it is a sentence (not a neighbouring row of a table, whose figures are the
    ones not asked) of the same document (the answer names one source) and it adds what
    the answer so far has not said; else ""."""
    if len(ranked) < 2 or len(question_parts(question)) > 1:
        return ""
    best, cand = ranked[0], ranked[1]
    if not best.meaning or is_row(cand.sentence):  # no meaning: not reranked by e5
        return ""
    if chunks[cand.rank].source_file != chunks[best.rank].source_file:
        return ""  # spoken after « D'après <the best one's document> », it would be misnamed
    if cand.sentence.rstrip().endswith(":"):
        return ""  # « Tarifs selon le quotient familial : » announces what it does not say
    if best.meaning - cand.meaning > RUNNER_UP_MARGIN or _known(cand, question, question, said):
        return ""
    if in_a_period(asked_days(question), unit_text(cand)) is False:
        return ""
    text = unbulleted(read_aloud(question, cand))
    return text[:1].upper() + text[1:] if len(text) <= RUNNER_UP_CHARS else ""
