"""« C'est ouvert le lundi ? »: a yes or a no read off the timetable sentences (pure).

Whether a place is open on a given day is the commonest yes/no question at a town
hall's desk, and a timetable answers it only by reasoning: « du mardi au samedi » says
yes for Thursday, « fermée le lundi » and « lundi, mercredi et vendredi, de 9 h à 12 h »
say no for Monday and Sunday. Speaking the timetable alone leaves an elderly visitor to
do that reasoning; the robot says « non » first, then the sentence that settles it. Both
small models measured here (Qwen2.5 0.5B and 1.5B) gave this verdict no better than a
coin (8 of 17 on the tuning set's yes/no questions), hence a parser.

Only weekdays and the verbs ouvrir/fermer are read (general French, not any sample's
wording); any other yes/no question is left to the rest of the answering stage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from rag import extractive as ex
from rag.types import Chunk
from rag.words import fold

DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
_DAY = r"(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)s?"
# A question asking which day or what time is not a yes/no question.
_WH = re.compile(r"\b(combien|quand|comment|quel|quelle|quels|quelles|qui|pourquoi|quoi"
                 r"|lequel|laquelle|lesquels|jusqu)\b")
_OPEN = re.compile(r"\bouv\w*|\bferm\w*")
_RANGE = re.compile(rf"\bdu {_DAY} au {_DAY}\b")
_BULLET = re.compile(r"^\s*[-•–*]\s*")
_HOURS = re.compile(r"\b\d{1,2} ?h\b|\bmidi\b")


class Status(Enum):
    OPEN = "open"
    CLOSED = "closed"


@dataclass(frozen=True)
class Asked:
    day: str
    about_closed: bool  # « c'est fermé le lundi ? »: yes means closed


def asked_day(question: str) -> Asked | None:
    """The day of a yes/no question about opening (« … ouvert le lundi ou pas ? »)."""
    q = fold(question)
    days = {m.group(1) for m in re.finditer(rf"\b{_DAY}\b", q)}
    verb = _OPEN.search(q)
    if len(days) != 1 or verb is None or _WH.search(q):
        return None
    return Asked(days.pop(), verb.group(0).startswith("ferm"))


def _covered(text: str) -> set[str]:
    """The weekdays a sentence names, ranges (« du mardi au samedi ») spelled out."""
    days = {m.group(1) for m in re.finditer(rf"\b{_DAY}\b", text)}
    for m in _RANGE.finditer(text):
        a, b = DAYS.index(m.group(1)), DAYS.index(m.group(2))
        days |= set(DAYS[a:b + 1] if a <= b else DAYS[a:] + DAYS[:b + 1])
    return days


def day_status(sentence: str, day: str) -> tuple[Status, bool] | None:
    """What one sentence says of `day`: (status, stated outright). A timetable that
    lists three days or more without it says it is closed, less surely."""
    s = fold(sentence)
    d = rf"{day}s?\b"
    if (re.search(rf"\bferm\w*[^.;]{{0,20}}\b(le |les )?{d}", s)
            or re.search(rf"\b{d}[^.;]{{0,12}}\bferm", s)
            or re.search(rf"\bsauf\b[^.;]{{0,20}}\b{d}", s)):
        return Status.CLOSED, True
    if not _HOURS.search(s) or re.search(r"\bferm", s):
        return None
    covered = _covered(s)
    if day in covered or "tous les jours" in s:
        return Status.OPEN, True
    if len(covered) >= 3:
        return Status.CLOSED, False
    return None


@dataclass(frozen=True)
class Verdict:
    yes: bool
    index: int  # of the unit that settles it, in the list given


def verdict(asked: Asked, units: list[str], weak_within: int = 3) -> Verdict | None:
    """Yes or no from the best-ranked units that settle the day: one saying it outright,
    else a timetable among the first `weak_within` that leaves the day out."""
    weak: Verdict | None = None
    for i, text in enumerate(units):
        found = day_status(text, asked.day)
        if found is None:
            continue
        status, outright = found
        closed = status is Status.CLOSED
        v = Verdict(closed == asked.about_closed, i)
        if outright:
            return v
        if weak is None and i < weak_within:
            weak = v
    return weak


def settle(question: str, chunks: list[Chunk], ranked: list[ex.Scored]
           ) -> tuple[int, str, float] | None:
    """(chunk index, « Non. Le bassin est fermé le lundi. », its unit's score) when the
    question asks whether a day is open and the document of the best unit settles it.

    A document saying both (« Lundi : fermé » in term time, « du lundi au samedi » in the
    holidays) gets both sentences, each with its section, and no yes or no."""
    asked = asked_day(question)
    if asked is None or not ranked:
        return None
    home = chunks[ranked[0].rank].source_file  # one source named for the whole answer
    units = [c for c in ranked if chunks[c.rank].source_file == home]

    def read(c: ex.Scored) -> str:
        """The unit under its section: « Horaires en période scolaire : lundi : fermé. »"""
        text = _BULLET.sub("", ex.read_aloud(question, c)).rstrip(" ;,")
        section = ex.section_at(chunks[c.rank], c.position)
        if section and fold(section) not in fold(text):
            text = f"{section.rstrip(' :')} : {text[:1].lower()}{text[1:]}"
        return text if text.endswith((".", "!", "?")) else text + "."

    sure: dict[Status, ex.Scored] = {}
    for c in units:
        found = day_status(ex.unit_text(c), asked.day)
        if found is not None and found[1]:
            sure.setdefault(found[0], c)
    if len(sure) == 2:
        closed, opened = sure[Status.CLOSED], sure[Status.OPEN]
        return closed.rank, f"{read(closed)} {read(opened)}", max(closed.score, opened.score)
    v = verdict(asked, [ex.unit_text(c) for c in units])
    if v is None:
        return None
    unit = units[v.index]
    return unit.rank, ("Oui. " if v.yes else "Non. ") + read(unit), unit.score
