"""A sentence listing cases, read for the visitor's case alone (pure).

« Timbre fiscal de 86 € pour un adulte, de 42 € pour un mineur de 15 à 17 ans et de 17 €
pour un mineur de moins de 15 ans » to a visitor whose son is 14, or « du lundi au samedi
de 10 h à 19 h, le dimanche de 9 h à 12 h 30 » to one asking about Sunday: the other
cases' values, read along, are heard as the answer. Cases are told apart by what is
general in French (ranges of numbers, weekdays, « mineur » and « majeur » for an age
the visitor gave), never by a document's wording. Table rows have their own reading
(rag/extractive.py's row_cells).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from rag.words import (
    DAYS,
    WEEKDAY,
    ages_in,
    asked_days,
    fold,
    in_a_period,
    in_a_range,
    numbers_in,
    period_start,
    range_spans,
    weekdays_in,
)

# Where a sentence listing cases may start its next case (general French).
_CASE_BREAK = re.compile(r",\s+|\s*;\s*|\s+et\s+")
_VALUE_START = re.compile(r"(?:\b(?:de|à|a)\s+)?\d")
# A case read alone loses the conjunction that tied it to the one before (« …, ainsi que
# le samedi »): French's coordinating openers, a closed class.
_COORDINATOR = re.compile(r"^(?:ainsi que|et aussi|mais aussi|et|puis|ou)\s+", re.I)
# « le 1er et le 3e samedi du mois »: ordinals coordinated share the noun after them, so
# the clause ending on one is not a case of its own (general French grammar).
_ORDINAL_END = re.compile(r"\b(?:\d+\s?(?:er|re|e|eme)|premier|premiere|dernier|derniere)$")


def _cases(sentence: str) -> list[tuple[int, int]]:
    """Where the sentence's clauses are: cut at its commas, semicolons and « et », but
    not inside a range ("entre 10 et 100 m²")."""
    folded = fold(sentence)
    if len(folded) != len(sentence):  # positions would not match: left whole
        return [(0, len(sentence))]
    ranges = range_spans(folded)
    spans, start = [], 0
    for m in _CASE_BREAK.finditer(folded):
        if not any(lo < m.start() < hi for lo, hi in ranges) and not _ORDINAL_END.search(
                folded[start:m.start()]):
            spans.append((start, m.start()))
            start = m.end()
    return [*spans, (start, len(sentence))]


# A clause opening on its weekday names a case (« le samedi de 9 h à 12 h », « pour le
# vendredi, … », « ainsi que le 1er et le 3e samedi »); one naming a weekday further on
# says a case's value (« appeler le jeudi avant midi », « fermé le lundi »). General
# French: coordinators, prepositions, articles and ordinals before the day.
_ORDINAL = r"(?:\d+\s?(?:er|re|e|eme)|premier|premiere|dernier|derniere)"
_OPENS_ON_DAY = re.compile(
    rf"^(?:(?:ainsi que|et|mais|puis|sauf|pour|jusqu'au|a partir du)\s+)?"
    rf"(?:(?:du|le|les|la|au)\s+)?(?:{_ORDINAL}(?:\s+et\s+(?:le\s+)?{_ORDINAL})?\s+)?"
    rf"{WEEKDAY}\b")


def _by_day(sentence: str, spans: list[tuple[int, int]]) -> list[str]:
    """Clauses grouped by the weekday they open on: « du lundi au vendredi de 8 h 30 à
    12 h et de 13 h 30 à 17 h 30 » is one case, the « samedi » after it another; « pour
    le mardi, appeler le lundi » one case, whose value names a day. The first clause
    naming a day opens a case wherever it names it."""
    groups: list[tuple[int, int]] = []
    for lo, hi in spans:
        clause = sentence[lo:hi]
        opens = _OPENS_ON_DAY.match(fold(clause).strip()) is not None or (
            bool(weekdays_in(clause)) and not any(
                weekdays_in(sentence[a:b]) for a, b in groups))
        if groups and not opens:
            groups[-1] = (groups[-1][0], hi)
        else:
            groups.append((lo, hi))
    return [sentence[lo:hi] for lo, hi in groups]


_WEEKDAY_START = re.compile(rf"(?:\b(?:pour\s+)?(?:du|le|les)\s+)?\b{WEEKDAY}", re.I)


def case_clause(question: str, sentence: str) -> str:
    """A sentence giving a value per case ("86 € pour un adulte, 42 € pour un mineur de
    15 à 17 ans et 17 € pour un mineur de moins de 15 ans", "du lundi au samedi de 10 h à
    19 h, le dimanche de 9 h à 12 h 30") read for the visitor's case alone: the case whose
    period holds the season or month the visitor names ("en hiver"), else whose range
    holds the figure the visitor gave ("il a 14 ans"), else the case of the weekday the
    visitor names, when exactly one case does. The other cases' values, read along, are
    heard as the answer. Only a sentence stating two cases or more is a list of them."""
    text = sentence.rstrip(" .")
    spans = _cases(text)
    clauses = [text[lo:hi] for lo, hi in spans]
    season, asked, days = asked_days(question), numbers_in(question), weekdays_in(question)
    ages = ages_in(question)

    def on_day(clause: str) -> bool | None:
        said = weekdays_in(clause)
        return bool(said & days) if said else None

    readings: list[tuple[object, list[str], Callable[[str], bool | None], Start]] = [
        (season, clauses, lambda c: in_a_period(season, c), period_start),
        (asked, clauses, lambda c: _holds(c, asked, ages), _match_start(_VALUE_START)),
        (days, _by_day(text, spans), on_day, _match_start(_WEEKDAY_START)),
    ]
    for wanted, cut, holds, start in readings:
        held = _or_the_others([holds(c) for c in cut] if wanted else [], cut)
        cases = [i for i, h in enumerate(held) if h is not None]
        hits = [i for i in cases if held[i]]
        if len(cases) >= 2 and len(hits) == 1:
            return _read_case(text, cut, hits[0], cases[0], start)
    return sentence


# The case of everyone else (« 14 € pour les autres bénéficiaires », « sinon, 20 € »):
# general French for a list's last case.
_OTHERS = re.compile(r"\b(?:les|des|aux|tous les) autres\b|\bautres cas\b|^sinon\b")


def _or_the_others(held: list[bool | None], clauses: list[str]) -> list[bool | None]:
    """A clause for « les autres » holds the visitor's case when every case stated
    before it does not (« 9 € pour les 70 ans et plus, 14 € pour les autres » at 68),
    if it states its value itself (« pour les autres, il est facturé 15 € » is cut in
    two clauses, neither a case to read alone)."""
    out = list(held)
    for i, clause in enumerate(clauses[:len(held)]):
        before = [h for h in held[:i] if h is not None]
        if (out[i] is None and before and numbers_in(clause)
                and _OTHERS.search(fold(clause).strip())):
            out[i] = not any(before)
    return out


# General French law, not any document's wording: a « mineur » is under 18, an « adulte »
# or a « majeur » 18 or over. Read only for an age the visitor gave (« elle a 11 ans »).
_AGE_WORDS = ((re.compile(r"\bmineur"), 0.0, 17.99), (re.compile(r"\b(?:adulte|majeur)"), 18.0,
                                                     float("inf")))


def _holds(clause: str, asked: list[float], ages: list[float]) -> bool | None:
    """Whether the clause's case holds the visitor's figure; None if it states no case: a
    range of numbers first (« de 15 à 17 ans »), else an age word (« pour un mineur »),
    which holds only an age the visitor gave."""
    folded = fold(clause)
    if range_spans(folded):
        return in_a_range(asked, clause)
    for word, lo, hi in _AGE_WORDS:
        if word.search(folded):
            return any(lo <= age <= hi for age in ages)
    return None


Start = Callable[[str], int | None]  # where a clause's case value starts, if found


def _match_start(pattern: re.Pattern[str]) -> Start:
    def start(clause: str) -> int | None:
        m = pattern.search(clause)
        return m.start() if m else None
    return start


def _read_case(text: str, clauses: list[str], hit: int, first: int, start: Start) -> str:
    """One case after the sentence's opening, which runs up to the first case's value:
    « La carte et le passeport sont valables » + « 5 ans pour un mineur »."""
    at = text.find(clauses[first])
    if hit == first:
        chosen = text[:at + len(clauses[first])].strip()
    else:
        # Not up to a bound of the first case's range (« gratuit pour les moins » + « 5 €
        # pour les autres »): the opening then ends where the first case starts.
        lead = start(clauses[first]) or 0
        if any(lo <= lead < hi for lo, hi in range_spans(fold(clauses[first]))):
            lead = 0
        chosen = text[:at + lead] + _COORDINATOR.sub("", clauses[hit].strip())
    return chosen[:1].upper() + chosen[1:] + "."


# « Elle est fermée quels jours ? », « les jours de fermeture » (general French).
_ASKS_CLOSED = re.compile(r"\bferm\w*\b[^?]*\bquels? jours?\b|\bquels? jours?\b[^?]*\bferm"
                          r"|\bjours? de fermeture\b")
_HOURS = re.compile(r"\b\d{1,2} ?h\b")


def asks_closed_days(question: str) -> bool:
    """« C'est quel jour qu'elle est fermée ? », « les jours de fermeture »."""
    return _ASKS_CLOSED.search(fold(question)) is not None


def closed_days(question: str, sentence: str) -> str:
    """« Jours de fermeture : le mardi, le jeudi et le dimanche. » for a visitor asking
    which days a place is closed, from a timetable that lists the open days (three at
    least, with hours: a shorter list may leave the others to the next sentence). A
    sentence that speaks of closing itself answers as it is: ""."""
    s = fold(sentence)
    if not _ASKS_CLOSED.search(fold(question)) or not _HOURS.search(s) or re.search(
            r"\bferm|\btous les jours\b|\bsur rendez-vous\b", s):
        return ""
    open_days = weekdays_in(s)
    closed = [d for d in DAYS if d not in open_days]
    if len(open_days) < 3 or not closed:
        return ""
    named = [f"le {d}" for d in closed]
    listed = named[0] if len(named) == 1 else f"{', '.join(named[:-1])} et {named[-1]}"
    return f"Jours de fermeture : {listed}."
