"""« C'est ouvert le lundi ? », « c'est payant ? »: a yes or a no read off the sources (pure).

Whether a place is open on a given day is the commonest yes/no question at a town
hall's desk, and a timetable answers it only by reasoning: « du mardi au samedi » says
yes for Thursday, « fermée le lundi » and « lundi, mercredi et vendredi, de 9 h à 12 h »
say no for Monday and Sunday. Speaking the timetable alone leaves an elderly visitor to
do that reasoning; the robot says « non » first, then the sentence that settles it. Both
small models measured here (Qwen2.5 0.5B and 1.5B) gave this verdict no better than a
coin (8 of 17 on the tuning set's yes/no questions), hence a parser.

Whether something is free is the other one: « entrée gratuite » says no to « c'est
payant ? », a price says yes, a sentence with both (« gratuit pour les habitants, 10 €
pour les autres ») is read without a yes or a no.

Only weekdays, the verbs ouvrir/fermer and the words of paying are read (general French,
not any sample's wording). Any other yes/no question gets a « non » when one of its best
units denies what it asks, a « oui » when the best one states outright what it asks is
allowed or required (rag/negation.py), and is else left to the rest of the answering
stage.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from rag import extractive as ex
from rag import negation
from rag.asks import HOW_PAID
from rag.cases import asks_closed_days
from rag.cells import is_row
from rag.types import Chunk
from rag.words import (
    DAYS,
    PREFIX,
    WEEKDAY,
    ages_in,
    content_words,
    fold,
    in_a_range,
    range_spans,
    topic_words,
    weekdays_in,
)
from robot.core.sentences import split_sentences

_OPEN = re.compile(r"\bouv\w*|\bferm\w*")
_HOURS = re.compile(r"\b\d{1,2} ?h\b|\bmidi\b")
PRICE_UNITS = 3
CLOSED_UNITS = 12  # a week's rows, and a few units around them
DENIAL_UNITS = 2  # a denial is read from the best units only: further ones answer less


class Status(Enum):
    OPEN = "open"
    CLOSED = "closed"
    FREE = "free"
    PAID = "paid"
    BOTH = "both"  # free for some, paid for others: no yes or no


# « c'est payant ? », « faut payer ? », « ça coûte quelque chose ? » (not « combien »).
_PAYING = re.compile(r"\bpayant\w*|\bgratuit\w*|\bpayer\b|\bcout(e|ent|er|era)\b")
_PAYING_HOW = re.compile(rf"\bpayer{HOW_PAID}")  # how one pays (rag/asks.py)
_FREE = re.compile(r"\bgratuit|\bentree libre|\bacces libre|\bsans frais")
_PRICE = re.compile(r"\d ?(€|euros?\b)|\bpayant")


def asked_price(question: str) -> Status | None:
    """What « oui » would mean for a yes/no question about paying (« c'est payant ? »:
    PAID), or None."""
    q = fold(question)
    word = _PAYING.search(q)
    # « on peut payer avec des chèques ? » asks how one pays, not whether.
    if word is None or negation.asks_what(question) or _PAYING_HOW.search(q):
        return None
    return Status.FREE if word.group(0).startswith("gratuit") else Status.PAID


_FREE_OR_PAID = re.compile(r"\b(?:payant|gratuit)\w*", re.I)


def searched(question: str) -> str:
    """The question as searched: « c'est gratuit ? » asks what it costs, and its
    document may say either. The visitor's word (« gratuit ») would find whatever else
    is free (« l'heure du conte, gratuit ») before the cantine's tariff. « Payer » stays:
    « on peut payer en espèces ? » asks how, not how much."""
    return _FREE_OR_PAID.sub("tarif", question) if asked_price(question) else question


def price_status(sentence: str) -> tuple[Status, bool] | None:
    s = fold(sentence)
    free, paid = _FREE.search(s) is not None, _PRICE.search(s) is not None
    if free or paid:
        return (Status.BOTH if free and paid else Status.FREE if free else Status.PAID), True
    return None


@dataclass(frozen=True)
class Asked:
    day: str
    about_closed: bool  # « c'est fermé le lundi ? »: yes means closed


def asked_day(question: str) -> Asked | None:
    """The day of a yes/no question about opening (« … ouvert le lundi ou pas ? »)."""
    q = fold(question)
    days = {m.group(1) for m in re.finditer(rf"\b{WEEKDAY}\b", q)}
    verb = _OPEN.search(q)
    if len(days) != 1 or verb is None or negation.asks_what(question):
        return None
    return Asked(days.pop(), verb.group(0).startswith("ferm"))


def day_status(sentence: str, day: str) -> tuple[Status, bool] | None:
    """What one sentence says of `day`: (status, stated outright). A timetable that
    lists three days or more without it, or a table row's, says it is closed, less
    surely."""
    s = fold(sentence)
    d = rf"{day}s?\b"
    if (re.search(rf"\bferm\w*[^.;]{{0,20}}\b(le |les )?{d}", s)
            or re.search(rf"\b{d}[^.;]{{0,12}}\bferm", s)
            or re.search(rf"\bsauf\b[^.;]{{0,20}}\b{d}", s)):
        return Status.CLOSED, True
    if _closed_row(sentence) and day in weekdays_in(s.partition(";")[0]):
        return Status.CLOSED, True  # « Jour : Lundi, jeudi, dimanche ; Toute l'année : fermée »
    if not _HOURS.search(s) or re.search(r"\bferm", s):
        return None
    covered = weekdays_in(s)
    if day in covered or "tous les jours" in s:
        return Status.OPEN, True
    # Three days listed without it: a timetable, closed that day. A table row's cell
    # is the whole timetable of what the row names, however few days it lists.
    if len(covered) >= 3 or (covered and is_row(sentence)):
        return Status.CLOSED, False
    return None


@dataclass(frozen=True)
class Verdict:
    yes: bool
    index: int  # of the unit that settles it, in the list given


Reader = Callable[[str], "tuple[Status, bool] | None"]
Before = Callable[[Chunk], "Chunk | None"]  # the passage before, in its document


def verdict(yes_if: Status, status: Reader, units: list[str], weak_within: int = 3
            ) -> Verdict | None:
    """Yes or no from the best-ranked units that settle it: one saying it outright,
    else one saying it less surely among the first `weak_within`."""
    weak: Verdict | None = None
    for i, text in enumerate(units):
        found = status(text)
        if found is None or found[0] is Status.BOTH:
            continue
        v = Verdict(found[0] is yes_if, i)
        if found[1]:
            return v
        if weak is None and i < weak_within:
            weak = v
    return weak


def _closed_row(text: str) -> bool:
    """A table row for a day (« Jour : Mardi ; Été : fermée »), saying it is closed."""
    if not is_row(text):
        return False
    first, _, rest = fold(text).partition(";")
    return bool(weekdays_in(first)) and re.search(r"\bferm", rest) is not None


def _subject(question: str) -> set[str]:
    """What the question names: its topic words, the words of paying and weekdays aside."""
    asked = re.sub(rf"\b{WEEKDAY}\b", " ", _PAYING.sub(" ", fold(question)))
    return {w[:PREFIX] for w in topic_words(asked)}


def _about(question: str, unit: ex.Scored, chunk: Chunk, own: bool = False) -> bool:
    """The unit, under its section and after the sentence before it (« Concert de la
    chorale le 6 juin. Entrée gratuite. »), holds a word of what the question names, or
    the question names nothing else. ``own``: in the unit and its section only."""
    subject = _subject(question)
    before = [] if own else split_sentences(chunk.text)[max(0, unit.position - 1):unit.position]
    said = " ".join([ex.section_at(chunk, unit.position), *before, ex.unit_text(unit)])
    # A unit for other ages (« stages pour les 6-12 ans ») is not about a child of 3.
    ages = ages_in(question)
    text = ex.unit_text(unit)
    if ages and range_spans(fold(text)) and not in_a_range(ages, text):
        return False
    return not subject or bool(subject & {w[:PREFIX] for w in content_words(said)})


def _other_rows(question: str, units: list[ex.Scored], chunks: list[Chunk]
                ) -> list[ex.Scored]:
    """A table's rows each name their own subject: when one row names what the question
    does (« Halte-garderie La Ribambelle »), the rows that do not are about something
    else (the relais's row), whatever the title above the table names."""
    rows = [c for c in units if is_row(ex.unit_text(c))]
    named = [c for c in rows if _about(question, c, chunks[c.rank], own=True)]
    return [c for c in rows if c not in named] if named else []


def _what_is(denial: str, chunk: Chunk, position: int, before: Before | None) -> str:
    """The sentence before a denial, when it says what is the case instead: documents
    state the rule, then its exception (« Les célébrations ont lieu le vendredi et le
    samedi. Aucun mariage n'est célébré le dimanche. »; « … se valide dans un
    commissariat ou une gendarmerie. La mairie n'établit pas les procurations. »). A
    « non » alone leaves the visitor with nowhere to go. Not a denial itself, not a
    heading line, under the same section."""
    sentences = split_sentences(chunk.text)
    if position >= 2:
        prev = sentences[position - 1]
    else:  # the first sentence after the chunk's title line: the chunk before's last
        earlier = before(chunk) if before is not None else None
        if earlier is None or earlier.section != chunk.section:
            return ""
        tail = split_sentences(earlier.text)
        prev = tail[-1] if len(tail) > 1 else ""
    if not prev.rstrip().endswith((".", "!")) or negation.NEGATION.search(fold(prev)) or (
            fold(prev) in fold(denial)):
        return ""
    return prev.strip()


def settle(question: str, chunks: list[Chunk], ranked: list[ex.Scored],
           before: Before | None = None, focus: str = "") -> tuple[int, str, float] | None:
    """(chunk index, « Non. Le bassin est fermé le lundi. », its unit's score) when the
    question asks whether a day is open or whether something is paid, and the document
    of the best unit settles it.

    A document saying both (« Lundi : fermé » in term time, « du lundi au samedi » in the
    holidays; free for some, paid for others) gets both sentences, each with its
    section, and no yes or no.

    ``focus``: a follow-up as the visitor said it, ``question`` being it merged with the
    conversation's topic. What it asks (« et l'inscription, elle est payante ? ») is
    its own when it asks a day or a price itself, not the topic's (« … le samedi, elle
    ouvre à quelle heure ? »)."""
    if not ranked:
        return None
    home = chunks[ranked[0].rank].source_file  # one source named for the whole answer
    units = [c for c in ranked if chunks[c.rank].source_file == home]
    asking = focus if focus and (asked_day(focus) or asked_price(focus)) else question
    day = asked_day(asking)
    price = asked_price(asking) if day is None else None

    def read(c: ex.Scored) -> str:
        """The unit under its section: « Horaires en période scolaire : lundi : fermé. »"""
        text = ex.unbulleted(ex.read_aloud(question, c)).rstrip(" ;,")
        section = ex.section_at(chunks[c.rank], c.position)
        if ex.is_label(section) and fold(section) not in fold(text):
            text = f"{section.rstrip(' :')} : {text[:1].lower()}{text[1:]}"
        return text if text.endswith((".", "!", "?")) else text + "."

    closed = ([c for c in units[:CLOSED_UNITS] if _closed_row(ex.unit_text(c))]
              if asks_closed_days(question) else [])
    if closed:
        # « C'est quel jour qu'elle est fermée ? » of a table with a row per day: the
        # rows that say closed, in the week's order (« Mardi : fermée », « Dimanche et
        # jours fériés : fermée »), not the hours of the open days around them.
        closed.sort(key=lambda c: min(DAYS.index(d) for d in weekdays_in(
            fold(ex.unit_text(c)).partition(";")[0])))
        said = [read(closed[0])] + [ex.unbulleted(ex.read_aloud(question, c)) for c in closed[1:]]
        return closed[0].rank, " ".join(said), max(c.score for c in closed)
    if day is not None:
        yes_if = Status.CLOSED if day.about_closed else Status.OPEN
        status: Reader = lambda text: day_status(text, day.day)  # noqa: E731
        # « La halte-garderie est ouverte le mercredi ? » is not settled by the relais's
        # row of the same table.
        others = _other_rows(question, units, chunks)
        units = [c for c in units if c not in others]
    elif price is not None:
        # Prices are everywhere in a tariff page: only the units asked about count, and
        # only those about what the question names (« la crèche c'est gratuit ? » is not
        # settled by « le relais est gratuit »).
        others = _other_rows(question, units[:PRICE_UNITS], chunks)
        about = [c for c in units[:PRICE_UNITS]
                 if _about(question, c, chunks[c.rank]) and c not in others]
        yes_if, status, units = price, price_status, about
    else:
        # Any other yes/no question: a no when one of its best units denies what it asks.
        if not negation.asks_whether(question):
            return None
        best = units[:DENIAL_UNITS]
        denied = negation.first_denial(question, [ex.unit_text(c) for c in best])
        if denied is None:
            # A yes only from the best unit, saying it outright (rag/negation.affirms).
            if not negation.affirms(question, ex.unit_text(units[0])):
                return None
            return units[0].rank, "Oui. " + read(units[0]), units[0].score
        unit = best[denied]
        instead = _what_is(unit.sentence, chunks[unit.rank], unit.position, before)
        return unit.rank, " ".join(filter(None, ["Non.", read(unit), instead])), unit.score
    sure: dict[Status, ex.Scored] = {}
    for c in units:
        found = status(ex.unit_text(c))
        if found is not None and found[1]:
            sure.setdefault(found[0], c)
    if Status.BOTH in sure or len(sure) == 2:
        both = sorted(sure.values(), key=lambda c: c.score, reverse=True)[:2]
        if Status.CLOSED in sure:  # the closed day first: it is what surprises
            both = [sure[Status.CLOSED], sure[Status.OPEN]]
        return both[0].rank, " ".join(read(c) for c in both), max(c.score for c in both)
    v = verdict(yes_if, status, [ex.unit_text(c) for c in units])
    if v is None:
        return None
    unit = units[v.index]
    return unit.rank, ("Oui. " if v.yes else "Non. ") + read(unit), unit.score
