"""Residents and the others: what a visitor said of where they live, and the table
rows and columns priced for each (pure).

Town-hall tariffs price residents and visitors from elsewhere apart; a visitor says
which they are in passing (« je suis de Tours, pas d'ici », « on habite la commune »).
"""

from __future__ import annotations

import re

from rag.grounding import fold

# How French says one lives in the commune or not (general French, no town's wording):
# « pour quelqu'un de la commune », « on est d'ici », « je suis de Tours, pas d'ici »,
# « j'habite à Saint-Loup, pas à Valmorin ».
_NOT_RESIDENT = re.compile(r"\b(?:pas|plus|n'est pas|ne suis pas) (?:d'ici|de la commune"
                           r"|habitant|domicilie)|\bexterieur|\bhors commune|\bautres? communes?"
                           r"|\bn'habite\w* pas|\bhabite\w* pas\b|\bnon[- ]residents?"
                           # « j'habite à Saint-Loup, pas à Valmorin »
                           r"|\bhabite\w* (?!ici\b|(?:dans )?la commune\b)[^,.;?]{0,40}"
                           r"\bpas (?:a|au|en|dans) ")
_RESIDENT = re.compile(r"\bde la commune\b|\bd'ici\b|\bhabitant|\bresident|\bdomicilie"
                       r"|\bhabite\w* (?:ici|la commune|dans la commune)")
_RESIDENT_HEADER = re.compile(r"\bhabitant|\bresident|\bcommune\b|\bdomicilie")
_OTHER_HEADER = re.compile(r"\bexterieur|\bhors commune|\bnon[- ]resident|\bautres? commune")


# Where someone says they live (general French): « j'habite Valmorin », « on habite à
# Tours », « je suis de Blois », « on est d'ici ». Read to replace it in a follow-up.
_LIVES = re.compile(r"\b(?:(?:j'|je |on |nous |il |elle |qui )?(?:habit\w*|demeur\w*|vi[st])"
                    r"(?: pas)?(?: a| au| en| dans la| dans le)?"
                    r"|(?:je suis|on est|nous sommes|il est|elle est)(?: pas)? d(?:e |'))"
                    r"\s*[\w'-]+")


def says_where(text: str) -> bool:
    """The text says where someone lives, or whether they are residents."""
    return resident(text) is not None or _LIVES.search(fold(text)) is not None


def without_where(text: str) -> str:
    """The text without what it says of where someone lives: a follow-up saying it
    anew (« et pour mon frère qui habite à Tours ? ») replaces the topic's (« … j'habite
    Valmorin »), as « et le dimanche ? » replaces the topic's day."""
    folded = fold(text)
    spans = [m.span() for p in (_LIVES, _NOT_RESIDENT, _RESIDENT) for m in p.finditer(folded)]
    if not spans or len(folded) != len(text):
        return text
    keep = [c for i, c in enumerate(text) if not any(a <= i < b for a, b in spans)]
    return re.sub(r"\s+", " ", "".join(keep)).strip(" ,")


def living_elsewhere(query: str) -> str:
    """The query of a visitor who lives in a town the documents never name, said in the
    tariffs' own words for the readers of rows and columns (not for the search: it
    would find any page saying it)."""
    return f"{query}, hors commune"


def resident(question: str) -> bool | None:
    """Whether the visitor said they live in the commune (None: they did not say)."""
    q = fold(question)
    return False if _NOT_RESIDENT.search(q) else True if _RESIDENT.search(q) else None


def status_row(question: str, row: str) -> bool:
    """A table row (« Cursus : … ; Enfant : … ») for the visitor's status (« Élèves hors
    commune » to a visitor from elsewhere, « Habitants » to one from here): what the
    visitor pays, whatever their quotient or age would select among the others."""
    status = resident(question)
    first = fold(row.split(";")[0].split(":", 1)[-1])
    if status is None:
        return False
    return bool(_OTHER_HEADER.search(first)) if not status else bool(
        _RESIDENT_HEADER.search(first) and not _OTHER_HEADER.search(first))


def status_columns(question: str, headers: list[str]) -> tuple[set[int], set[int]]:
    """(the visitor's columns, the others') when a table prices residents and others
    apart and the visitor said which they are; two empty sets otherwise."""
    return split_columns(resident(question), headers, _RESIDENT_HEADER, _OTHER_HEADER)


def split_columns(said: bool | None, headers: list[str], yes: re.Pattern[str],
                  no: re.Pattern[str]) -> tuple[set[int], set[int]]:
    """(the visitor's columns, the others') of a table pricing two kinds of visitor apart
    (headers matching `yes` and `no`), when the visitor said which they are (`said`);
    two empty sets otherwise."""
    folded = [fold(h) for h in headers]
    others = {i for i, h in enumerate(folded) if no.search(h)}
    mine = {i for i, h in enumerate(folded) if yes.search(h)} - others
    if said is None or not others or not mine:
        return set(), set()
    return (mine, others) if said else (others, mine)
