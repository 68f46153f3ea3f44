"""Dates in French: find a document's date, and spell dates and times the way they are spoken.

Pure functions, no clock: the newest-version preference and the spoken answers rely on them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, time

from rag.lexical import fold

MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip
DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
_MONTH_NUMBER = {fold(m): i for i, m in enumerate(MONTHS, 1)}
_MONTH_NUMBER.update({"janv": 1, "fevr": 2, "fev": 2, "avr": 4, "juil": 7, "sept": 9,
                      "oct": 10, "nov": 11, "dec": 12})  # fmt: skip

_MONTH_RE = "|".join(sorted(_MONTH_NUMBER, key=len, reverse=True))
# "3 janvier 2026", "1er janv. 2026", "03/01/2026", "2026-01-03" (on folded text)
_DATE = (
    rf"(?:(?P<d>\d{{1,2}})(?:er)?\s+(?P<m>{_MONTH_RE})\.?\s+(?P<y>(?:19|20)\d\d)"
    r"|(?P<d2>\d{1,2})[/.](?P<m2>\d{1,2})[/.](?P<y2>(?:19|20)\d\d)"
    r"|(?P<y3>(?:19|20)\d\d)-(?P<m3>\d\d)-(?P<d3>\d\d))"
)
# A date is the document's own only when a label says so; event dates in the text are not.
_LABEL = (
    r"(?:mis(?:e)?\s+a\s+jour|actualise(?:e)?|publie(?:e)?|modifie(?:e)?|redige(?:e)?|"
    r"en\s+vigueur|applicables?|version|edition|date\s+de\s+(?:publication|mise\s+a\s+jour))"
)
_LABELLED = re.compile(_LABEL + r"[^0-9\n]{0,25}?" + _DATE)
_ANY_DATE = re.compile(_DATE)
_YEAR = re.compile(r"(?<![\d/.])((?:19|20)\d\d)(?![\d/])")
_NAME_DATE = re.compile(r"((?:19|20)\d\d)[-_]?(\d\d)[-_]?(\d\d)")


def _to_date(match: re.Match[str]) -> date | None:
    g = match.groupdict()
    try:
        if g.get("y"):
            return date(int(g["y"]), _MONTH_NUMBER[g["m"]], int(g["d"]))
        if g.get("y2"):
            return date(int(g["y2"]), int(g["m2"]), int(g["d2"]))
        if g.get("y3"):
            return date(int(g["y3"]), int(g["m3"]), int(g["d3"]))
    except (ValueError, KeyError):
        return None
    return None


def all_dates(text: str) -> list[date]:
    """Every full date written in `text`, in order."""
    return [d for m in _ANY_DATE.finditer(fold(text)) if (d := _to_date(m)) is not None]


def parse_date(text: str) -> date | None:
    """The first full date written in `text` ("3 janvier 2026", "03/01/2026", ISO)."""
    for match in _ANY_DATE.finditer(fold(text)):
        found = _to_date(match)
        if found:
            return found
    return None


def labelled_date(text: str) -> date | None:
    """The latest "mis à jour le ...", "publié le ...", "en vigueur au ..." date in the text."""
    found = [d for m in _LABELLED.finditer(fold(text)) if (d := _to_date(m))]
    return max(found) if found else None


def year_in(text: str) -> date | None:
    """'Tarifs 2026' -> 1 January 2026; the latest year when a range is given (2025-2026)."""
    years = [int(y) for y in _YEAR.findall(text)]
    return date(max(years), 1, 1) if years else None


def date_from_name(name: str) -> date | None:
    """A date or year in a file name: '2026-01-03-conseil.pdf', 'tarifs_2025.pdf'."""
    m = _NAME_DATE.search(name)
    if m:
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            pass
    return year_in(name.replace("_", " ").replace("-", " "))


def pick_doc_date(
    text: str, title: str, file_name: str, metadata: Iterable[date | None] = ()
) -> date | None:
    """What the document says about itself first, then its title, its name, its metadata.

    Metadata comes last: generated or copied files carry the date they were written out,
    not the date of the information they hold.
    """
    for found in (labelled_date(text), year_in(title), date_from_name(file_name)):
        if found:
            return found
    known = [d for d in metadata if d]
    return max(known) if known else None


def as_date(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return None


def spell_date(d: date, weekday: bool = True) -> str:
    """'samedi 21 juin 2026', 'mardi 1er juillet 2026'."""
    day = "1er" if d.day == 1 else str(d.day)
    text = f"{day} {MONTHS[d.month - 1]} {d.year}"
    return f"{DAYS[d.weekday()]} {text}" if weekday else text


def spell_time(t: time) -> str:
    """'20 h 30', '8 h', '12 h': digits, so an answer's times can be checked against them."""
    return f"{t.hour} h" if t.minute == 0 else f"{t.hour} h {t.minute:02d}"
