"""A table row's cells as a visitor asked for them (pure): « Durée : 15 ans ; Case de
columbarium : 400 € » out of a row that also prices the terrain and the cavurne, the
field that answers, and what makes a sentence a row (« Tranche : C ; Repas : 3,20 € »,
as the readers write table rows, rag/ingest/textutil.py).
"""

from __future__ import annotations

import re

from rag.asks import figures, wanted_kinds
from rag.residence import split_columns, status_columns
from rag.words import (
    asked_days,
    content_words,
    fold,
    in_a_period,
    in_a_range,
    numbers_in,
    prefixes,
    topic_words,
    weekdays_in,
)


def is_row(text: str) -> bool:
    return text.count(";") >= 1 and text.count(":") >= 2


def row_cells(question: str, row: str, focus: str = "") -> str:
    """The cells of a table row a visitor asked for, each with its header: "Durée : 15
    ans ; Case de columbarium : 400 €" out of a row that also prices the terrain and the
    cavurne (a neighbouring cell read aloud is a wrong answer heard as right).

    Kept: the row's first cell (what the row is), cells holding the visitor's own
    figure, and the cells whose header the question names in its words. A question
    naming no header gets the whole row: choosing a header by meaning instead was
    measured and picked the wrong column too often (« subvention » -> « Objet »).
    ``focus``: a follow-up as said (« et la garderie du matin ? »): the headers it names
    replace those the conversation's topic named."""
    fields = [f.strip() for f in row.split(";") if f.strip()]
    if len(fields) < 3 or not all(":" in f for f in fields):
        return row
    headers = [f.split(":", 1)[0].strip() for f in fields]
    asked = numbers_in(question)
    keep = {0} | {i for i, f in enumerate(fields)
                  if asked and (in_a_range(asked, f) or set(numbers_in(f)) & set(asked))}
    said = prefixes(content_words(focus))
    # A column whose header holds the visitor's figure competes with the others the
    # question names: « l'éveil musical, elle a 5 ans » names « Éveil musical (4-6 ans) »
    # better than « Cursus enfant (… formation musicale) », which « musical » also names.
    # A cell whose value holds it (« Quotient familial : de 401 € à 700 € ») says which
    # row, as the first cell does: it names no column.
    rows = {0} | {i for i in keep if not in_a_range(asked, headers[i])}
    by_focus = _naming(headers, said, rows)
    # All the words said count here (« soir » is no topic word, yet tells the columns apart).
    # A header named by no topic word may be by the visitor's other words (« la garderie
    # du matin »: « Accueil du matin »; « matin » says when, so is no topic word).
    words = prefixes(content_words(question))
    by_words = by_focus or _naming(headers, prefixes(topic_words(question)), rows) or (
        _naming(headers, words, rows))
    named = _most_precise(by_words, headers, said if by_focus else words)
    # The one cell stating a kind of figure the question asks (« combien de monde ? »:
    # « Capacité : 40 personnes »), though its header is not in the visitor's words.
    for kind in wanted_kinds(question):
        stating = [i for i, f in enumerate(fields) if figures(kind, f)]
        if len(stating) == 1 and named:
            named = named | set(stating)
    mine, other = status_columns(question, headers)
    other = other | _other_household(focus or question, headers)
    # A header stating a period (« été (1er avril - 31 octobre) ») answers a visitor
    # naming a month in it, and not one naming a month outside it.
    days = asked_days(focus) or asked_days(question)
    season = {i: in_a_period(days, h) for i, h in enumerate(headers) if i not in keep}
    # So does a header naming weekdays (« Week-end », « Journée en semaine ») to a visitor
    # naming a day (« un samedi dimanche »).
    weekdays = weekdays_in(focus) or weekdays_in(question)
    named_days = {i: weekdays_in(h) for i, h in enumerate(headers)
                  if weekdays and i not in keep and season.get(i) is None}
    on_day = {i: bool(weekdays & d) for i, d in named_days.items() if d}
    other = other | {i for i, held in on_day.items() if not held}
    if not named:  # a header the visitor named (« habitant ») is read, whatever its days
        season |= {i: True for i, held in on_day.items() if held}
    if any(season.values()):
        named = named | {i for i, held in season.items() if held}
        other = other | {i for i, held in season.items() if held is False}
    if not named:
        return " ; ".join(f for i, f in enumerate(fields) if i not in other)
    return " ; ".join(fields[i] for i in sorted((keep | named | mine) - other))


# Whether a visitor lives alone or as a couple, as French says it in passing (« on est
# deux avec mon épouse », « je vis seule »), and the headers pricing each: general French.
_COUPLE = re.compile(r"\ben couple\b|\b(?:on est|nous sommes|on vit|nous vivons) (?:a )?deux\b"
                     r"|\b(?:mon|ma) (?:mari|femme|epou\w*|conjoint\w*|compagn\w*)\b")
_ALONE = re.compile(r"\bseule?s?\b|\bveu(?:f|ve)\b|\bcelibataire\b")
_COUPLE_HEADER = re.compile(r"\bcouples?\b")
_ALONE_HEADER = re.compile(r"\bseule?s?\b")


def _other_household(question: str, headers: list[str]) -> set[int]:
    """The columns priced for the other household than the visitor's (« Personne seule »
    to a visitor who said « avec mon épouse »); none when they said neither or both."""
    q = fold(question)
    couple, alone = bool(_COUPLE.search(q)), bool(_ALONE.search(q))
    said = None if couple == alone else alone
    return split_columns(said, headers, _ALONE_HEADER, _COUPLE_HEADER)[1]


def names_a_header(question: str, row: str) -> bool:
    """Does the question name one of the row's value headers (not its first cell)? Of
    two rows both naming the visitor's band (« tranche 2 » in the canteen's table and the
    leisure centre's), the one with « Journée avec repas » answers « la journée entière »."""
    headers = [f.split(":", 1)[0] if ":" in f else "" for f in row.split(";") if f.strip()]
    return bool(_naming(headers, prefixes(topic_words(question)), {0}))


def _naming(headers: list[str], words: set[str], skip: set[int]) -> set[int]:
    """The headers (by position, those in `skip` aside) holding one of these word stems."""
    return {i for i, h in enumerate(headers)
            if i not in skip and prefixes(content_words(h)) & words}


def _most_precise(named: set[int], headers: list[str], said: set[str]) -> set[int]:
    """The named headers that no other names better: one holding more of the visitor's
    words (« demi-journée » over « journée » when they said « demi »), or the same ones
    and less besides (« la journée entière »: « Journée avec repas », not « Demi-journée
    avec repas »: « demi » is a case they did not say)."""
    words = {i: prefixes(content_words(headers[i])) for i in named}
    hit = {i: words[i] & said for i in named}
    # « sans » marks the other case of the same thing, not a narrower one: « demi-journée »
    # alone reads « avec repas » and « sans repas » both.
    extra = {i: words[i] - said - {"sans"} for i in named}
    return {i for i in named if not any(
        hit[i] < hit[j] or (hit[i] == hit[j] and extra[j] < extra[i]) for j in named)}


def for_status(question: str, row: str) -> list[str]:
    """The row's fields, but the other status's price: a visitor from elsewhere is not
    answered with the residents' price, nor the reverse (rag/residence.py)."""
    fields = row.split(";")
    _, other = status_columns(question, [f.split(":", 1)[0] for f in fields])
    return [f for i, f in enumerate(fields) if i not in other]


def row_field(question: str, row: str) -> str:
    """The field of a row that answers: the one whose header the question names, else
    the first with a figure (not the quotient range that selected the row)."""
    asked = numbers_in(question)
    fields = [f for f in for_status(question, row) if not (asked and in_a_range(asked, f))]
    words = content_words(question)  # "soir" says which column, though no topic
    scores = [len(words & content_words(f.split(":")[0])) for f in fields]
    if scores and max(scores) > 0:
        return fields[scores.index(max(scores))]
    valued = [f for f in fields if re.search(r"\d", f)]
    return valued[0] if valued else row  # the first value column when none is named
