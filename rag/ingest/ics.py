"""iCalendar: one chunk per event, its date, time and recurrence spelled out in French.

"Marché : tous les mercredis de 8 h à 13 h, à partir du mercredi 7 janvier 2026."
The phrase builders are pure; `read` only unwraps icalendar's objects.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from icalendar import Calendar

from rag.ingest.dates import DAYS, MONTHS, as_date, pick_doc_date, spell_date, spell_time
from rag.ingest.model import Block, ParsedDoc
from rag.ingest.textutil import brief, title_from_name
from robot.core.errors import IngestError

LOCAL = ZoneInfo("Europe/Paris")  # a French town hall's agenda is read in French time
_WEEKDAY = {"MO": 0, "TU": 1, "WE": 2, "TH": 3, "FR": 4, "SA": 5, "SU": 6}
_ORDINAL = {1: "premier", 2: "deuxième", 3: "troisième", 4: "quatrième", 5: "cinquième",
            -1: "dernier"}  # fmt: skip


@dataclass(frozen=True)
class Event:
    summary: str
    start: date | datetime
    end: date | datetime | None = None
    location: str = ""
    description: str = ""
    rrule: Mapping[str, Sequence[Any]] | None = None
    exdates: tuple[date, ...] = ()
    last: date | None = None  # last occurrence of a bounded recurrence


def _local(value: date | datetime) -> date | datetime:
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(LOCAL).replace(tzinfo=None)
    return value


def _plural_day(day: int) -> str:
    return f"{DAYS[day]}s"


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " et " + items[-1]


def _hours(start: date | datetime, end: date | datetime | None) -> str:
    """' de 8 h à 13 h', ' à 20 h 30', or '' for an all-day event."""
    if not isinstance(start, datetime):
        return ""
    if isinstance(end, datetime) and end.date() == start.date() and end > start:
        return f" de {spell_time(start.time())} à {spell_time(end.time())}"
    return f" à {spell_time(start.time())}"


def _byday(values: Sequence[Any]) -> list[tuple[int, int]]:
    """'1SA' -> (1, 5); 'WE' -> (0, 2)."""
    out = []
    for raw in values:
        text = str(raw).upper()
        code, num = text[-2:], text[:-2]
        if code in _WEEKDAY:
            out.append((int(num) if num not in ("", "+") else 0, _WEEKDAY[code]))
    return out


def describe_rule(rule: Mapping[str, Sequence[Any]], start: date | datetime) -> str:
    """'tous les mercredis', 'le premier samedi de chaque mois', 'un jeudi sur deux'."""
    freq = str(rule.get("FREQ", [""])[0]).upper()
    interval = int(rule.get("INTERVAL", [1])[0] or 1)
    days = _byday(rule.get("BYDAY", []))
    day = start.weekday()
    if freq == "DAILY":
        text = "tous les jours" if interval == 1 else f"tous les {interval} jours"
    elif freq == "WEEKLY":
        names = [DAYS[d] for _, d in days] or [DAYS[day]]
        if interval == 1:
            text = "tous les " + _and([f"{n}s" for n in names])
        elif interval == 2 and len(names) == 1:
            text = f"un {names[0]} sur deux"
        else:
            text = f"toutes les {interval} semaines, le " + _and(names)
    elif freq == "MONTHLY":
        every = "de chaque mois" if interval == 1 else f"tous les {interval} mois"
        if days:
            parts = [
                f"le {_ORDINAL.get(n, str(n) + 'e')} {DAYS[d]}" if n else f"chaque {DAYS[d]}"
                for n, d in days
            ]
            text = f"{_and(parts)} {every}"
        else:
            month_days = [int(v) for v in rule.get("BYMONTHDAY", [])] or [start.day]
            text = "le " + _and(["1er" if d == 1 else str(d) for d in month_days]) + f" {every}"
    elif freq == "YEARLY":
        d = start.day
        text = f"chaque année le {'1er' if d == 1 else d} {MONTHS[start.month - 1]}"
    else:
        return "à dates répétées"
    months = [int(m) for m in rule.get("BYMONTH", [])]
    if months and freq != "YEARLY":
        text += " en " + _and([MONTHS[m - 1] for m in sorted(months)])
    return text


def describe(event: Event) -> str:
    """The whole event as one French paragraph, dates and times as they are spoken."""
    start, end = _local(event.start), _local(event.end) if event.end else None
    if end is not None and not isinstance(start, datetime) and not isinstance(end, datetime):
        end = end - timedelta(days=1)  # DTEND of an all-day event is exclusive
    if event.rrule:
        when = describe_rule(event.rrule, start) + _hours(start, end)
        when += f", à partir du {spell_date(as_date(start) or start)}"
        if event.last:
            when += f", jusqu'au {spell_date(event.last)}"
        if event.exdates:
            when += ", sauf le " + _and([spell_date(d) for d in sorted(event.exdates)])
    elif isinstance(start, datetime):
        if isinstance(end, datetime) and end.date() != start.date():
            when = (
                f"du {spell_date(start.date())} à {spell_time(start.time())} "
                f"au {spell_date(end.date())} à {spell_time(end.time())}"
            )
        else:
            when = spell_date(start.date()) + _hours(start, end)
    elif end is not None and end > start:
        when = f"du {spell_date(start)} au {spell_date(end)}"
    else:
        when = f"{spell_date(start)} (toute la journée)"
    text = f"{event.summary} : {when}."
    if event.location:
        text += f"\nLieu : {event.location}."
    if event.description:
        text += f"\n{event.description}"
    return text


def _text(component: Any, name: str) -> str:
    value = component.get(name)
    return " ".join(str(value).split()) if value is not None else ""


def _event(component: Any) -> Event | None:
    start = component.decoded("DTSTART", None)
    if start is None:
        return None
    end = component.decoded("DTEND", None)
    if end is None and component.get("DURATION") is not None:
        end = start + component.decoded("DURATION")
    exdates: list[date] = []
    raw_ex = component.get("EXDATE")
    for item in raw_ex if isinstance(raw_ex, list) else [raw_ex] if raw_ex else []:
        exdates.extend(d for d in (as_date(_local(v.dt)) for v in item.dts) if d)
    rrule = component.get("RRULE")
    description = component.get("DESCRIPTION")
    last = _last_occurrence(rrule, start) if rrule else None
    return Event(
        summary=_text(component, "SUMMARY") or "Événement",
        start=start,
        end=end,
        location=_text(component, "LOCATION"),
        description=str(description).strip() if description else "",
        rrule=dict(rrule) if rrule else None,
        exdates=tuple(exdates),
        last=last,
    )


def _last_occurrence(rrule: Any, start: date | datetime) -> date | None:
    """The last date a bounded rule (UNTIL or COUNT) really happens on, in local time."""
    if not (rrule.get("UNTIL") or rrule.get("COUNT")):
        return None
    from dateutil.rrule import rrulestr

    local = _local(start)
    first = local if isinstance(local, datetime) else datetime.combine(local, datetime.min.time())
    rule = dict(rrule)
    if rule.get("UNTIL"):
        until = _local(rule["UNTIL"][0])
        rule["UNTIL"] = [
            until if isinstance(until, datetime) else datetime.combine(until, datetime.max.time())
        ]
    text = rrule.__class__(rule).to_ical().decode()
    occurrences = list(rrulestr(text, dtstart=first, ignoretz=True))
    return occurrences[-1].date() if occurrences else None


def read(path: Path) -> ParsedDoc:
    try:
        calendar = Calendar.from_ical(path.read_bytes())
        events = [e for c in calendar.walk("VEVENT") if (e := _event(c))]
    except (ValueError, KeyError, TypeError, IndexError) as exc:
        raise IngestError(f"fichier iCalendar invalide ({brief(exc)})") from None
    if not events:
        raise IngestError("aucun événement dans le calendrier")
    title = _text(calendar, "X-WR-CALNAME") or title_from_name(path)
    modified = [as_date(c.decoded("LAST-MODIFIED", None)) for c in calendar.walk("VEVENT")]
    events.sort(key=lambda e: (as_date(_local(e.start)) or date.min, e.summary))
    blocks = tuple(Block(text=describe(e), section=e.summary, atomic=True) for e in events)
    doc_date = pick_doc_date("", title, path.name, modified)
    return ParsedDoc(title=title, blocks=blocks, doc_date=doc_date)
