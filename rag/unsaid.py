"""What a follow-up has heard already (pure): « et la caution ? » after the weekend's
price is not answered with the weekend's price again."""

from __future__ import annotations

from rag.asks import WANTS, has_kind
from rag.extractive import Scored, read_aloud
from rag.grounding import fold
from rag.types import Chunk
from rag.words import content_words, padded_words


def unsaid_first(question: str, ranked: list[Scored], chunks: list[Chunk], said: str,
                 focus: str) -> list[Scored]:
    """A follow-up asks what the last answer did not say (« et ça se fait où ? », « et la
    caution ? »): a unit already spoken in ``said`` that holds neither the follow-up's
    own words nor the kind of figure it asks for gives way to the best unit of the same
    document that was not (another document's would answer another topic). A unit said
    that does hold them is the answer again (« et si on me l'a volé ? » after the delays
    « en cas de perte ou de vol »); a table row read for other cells (« et la garderie du
    matin ? ») is not the same words again."""
    if not ranked:
        return ranked
    heard, own = padded_words(said), content_words(focus)  # padded: whole words match
    # Any digit is a « number »: too common to tell that a unit answers.
    kinds = {k for k, wants in WANTS.items() if k != "number" and wants.search(fold(focus))}
    document = chunks[ranked[0].rank].source_file
    for i, cand in enumerate(ranked):
        if chunks[cand.rank].source_file != document:
            continue
        spoken = read_aloud(question, cand, focus)
        if (padded_words(spoken) not in heard or _shares_a_stem(own, content_words(spoken))
                or any(has_kind(k, spoken) for k in kinds)):
            return [cand, *ranked[:i], *ranked[i + 1:]] if i else ranked
    return ranked


def _shares_a_stem(words: set[str], others: set[str]) -> bool:
    """« volé » and « vol »: one word the start of the other (content_words' stems)."""
    return any(a.startswith(b) or b.startswith(a) for a in words for b in others)
