"""Name a source in words, the way a person at the desk would (pure).

"D'après la page « Carte d'identité » du site de la mairie, ..." / "D'après le document
« Tarifs de la cantine 2026 », ...", dated when another version was found too.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import PurePosixPath

from rag.ingest.dates import all_dates
from rag.types import Chunk, Source
from rag.words import content_words

MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre")


def french_date(d: date) -> str:
    day = "1er" if d.day == 1 else str(d.day)
    return f"{day} {MONTHS[d.month - 1]} {d.year}"


def source_phrase(chunk: Chunk, with_date: bool = False) -> str:
    """ "D'après la page « Carte d'identité » du site de la mairie, " and the like."""
    title = chunk.title.strip() or PurePosixPath(chunk.source_file).stem.replace("_", " ")
    ext = PurePosixPath(chunk.source_file).suffix.lower()
    dated = with_date and chunk.doc_date is not None and str(chunk.doc_date.year) not in title
    when = french_date(chunk.doc_date) if dated and chunk.doc_date else ""
    if ext in (".html", ".htm"):
        updated = f", mise à jour le {when}" if when else ""
        return f"D'après la page « {title} » du site de la mairie{updated}, "
    noun = {".ics": "l'agenda", ".csv": "le tableau"}.get(ext, "le document")
    return f"D'après {noun} « {title} »{' du ' + when if when else ''}, "


def join_after_phrase(phrase: str, sentence: str, source_text: str) -> str:
    """Attach a sentence after the source phrase, lowering its capital unless a name."""
    first = re.match(r"[\wÀ-ÿ'’-]+", sentence)
    if not first:
        return phrase + sentence
    word = first.group(0)
    keep = (word.isupper() and len(word) > 1) or any(c.isupper() for c in word[1:])
    keep = keep or re.search(rf"[\w,;] {re.escape(word)}\b", source_text) is not None
    return phrase + (sentence if keep else sentence[0].lower() + sentence[1:])


def _title_words(chunk: Chunk) -> set[str]:
    return content_words(re.sub(r"\d{4}", "", chunk.title))


def versions_differ(chunks: list[Chunk], index: int) -> bool:
    """True when another retrieved chunk looks like a version of the same document."""
    me = chunks[index]
    if me.doc_date is None:
        return False
    mine = _title_words(me)
    for i, other in enumerate(chunks):
        if i == index or other.doc_date in (None, me.doc_date):
            continue
        theirs = _title_words(other)
        if mine and len(mine & theirs) / len(mine | theirs) >= 0.5:
            return True
    return False


def same_subject(a: Chunk, b: Chunk) -> bool:
    """Titles sharing a meaning word, years aside ("Piscine municipale" / "Tarifs piscine")."""
    return bool(_title_words(a) & _title_words(b))


def to_source(chunk: Chunk) -> Source:
    return Source(file=chunk.source_file, title=chunk.title, page=chunk.page)


def _overlaps(sentence: str, context: list[Chunk]) -> list[int]:
    words = content_words(sentence)
    return [len(words & content_words(f"{c.title} {c.text}")) for c in context]


def best_source(sentence: str, context: list[Chunk]) -> int:
    """The passage the sentence shares most words with (the first on a tie)."""
    scores = _overlaps(sentence, context)
    return max(range(len(context)), key=lambda i: (scores[i], -i))


def comes_from(sentence: str, lead: Chunk, context: list[Chunk]) -> bool:
    """True when no passage the model saw shares more words with the sentence than `lead`."""
    scores = _overlaps(sentence, context)
    mine = [s for c, s in zip(context, scores, strict=True) if c.id == lead.id]
    return bool(mine) and max(mine) >= max(scores)


def after_phrase(phrase: str, sentence: str, source_text: str) -> str:
    """A sentence as it continues an already spoken source phrase (capital lowered)."""
    return join_after_phrase(phrase, sentence, source_text)[len(phrase):]


def event_when(chunk: Chunk) -> str:
    """An agenda event's line saying when it is (« Conseil municipal : jeudi 26 mars 2026
    de 19 h à 22 h. »), or "" for any other passage (rag/ingest/ics.py writes it second)."""
    if not chunk.source_file.lower().endswith(".ics"):
        return ""
    return next((line.strip() for line in chunk.text.split("\n")[1:] if all_dates(line)), "")


def is_past_event(chunk: Chunk, today: date) -> bool:
    """An agenda event whose every date (the last of a series included) is over."""
    if not chunk.source_file.lower().endswith(".ics"):
        return False
    dates = all_dates(chunk.text)
    return bool(dates) and max(dates) < today


def phrase_among(chunk: Chunk, found: list[Chunk], older: list[Chunk]) -> str:
    """The source in words; dated when another version of it was also found (`found`:
    every passage retrieved, `older`: those an update superseded)."""
    others = [c for c in found if c.id != chunk.id]
    dated = versions_differ([chunk, *others], 0) or any(same_subject(chunk, o) for o in older)
    return source_phrase(chunk, with_date=dated)
