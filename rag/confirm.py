"""« Vous parlez de … ? »: a spoken question the documents half answer is confirmed.

A spoken question that was heard but whose best passage falls under the calibrated
decline (rag/answerable.py) is, a third of the time on the tuning commune's natural
voice, a question the documents do answer, asked in words the recogniser bent. Telling
that visitor « je n'ai pas trouvé » sends them away with a false answer, and answering
from the best passage anyway would speak unrelated facts to every out-of-scope question.
A receptionist asks back: the robot names the document it would answer from, and the
visitor's « oui » gets the answer from that document, « non » an invitation to rephrase.

Pure: the answerer (rag/answer.py) decides when to offer and keeps the offer in the
session's memory (rag/memory.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.guard import Desk, point_to_desk
from rag.memory import Turn
from rag.words import fold

CONFIRM = "confirm"  # the decline reason of an offer: the answer comes on the next turn
NOT_CONFIRMED = "not_confirmed"  # the visitor said the offered document is not it

# General French: how people say yes and no to a yes/no question, folded (no accents, no
# punctuation). Not drawn from any sample question.
_YES = ("oui", "ouais", "ouai", "voila", "exactement", "exact", "tout a fait", "bien sur",
        "absolument", "c est ca", "c est bien ca", "c est exact", "d accord", "affirmatif",
        "en effet", "effectivement", "c est cela")
_NO = ("non", "nan", "pas du tout", "pas ca", "c est pas ca", "ce n est pas ca",
       "pas vraiment", "absolument pas", "ce n est pas cela", "negatif")
# Said around a yes or no without changing it.
_FILLERS = {"euh", "ben", "bah", "alors", "merci", "madame", "monsieur", "robot", "ah", "oh",
            "bon", "si", "vous", "plait", "il", "s"}
MAX_YES_WORDS = 6  # « oui c'est bien ça merci » is a yes; a longer sentence is a question
MIN_REST_WORDS = 3  # « non, les horaires de la piscine » asks the rest instead


@dataclass(frozen=True)
class Reply:
    yes: bool
    rest: str = ""  # after a « non », another question asked in the same breath


def _starts(words: list[str], phrases: tuple[str, ...]) -> int:
    """How many words of the longest phrase `words` starts with (0: none)."""
    best = 0
    for phrase in phrases:
        p = phrase.split()
        if words[: len(p)] == p:
            best = max(best, len(p))
    return best


def _tokens(text: str) -> list[tuple[str, str]]:
    """(folded word, the original token it came from): « c'est » gives two words."""
    return [(w, token) for token in text.split()
            for w in re.findall(r"[a-z0-9]+", fold(token))]


def read_reply(text: str) -> Reply | None:
    """The visitor's answer to « Vous parlez de … ? », or None for another question."""
    tokens = _tokens(text)
    while tokens and tokens[0][0] in _FILLERS:
        tokens = tokens[1:]
    words = [w for w, _ in tokens]
    if not words:
        return None
    no = _starts(words, _NO)
    while no and _starts(words[no:], _NO):  # « non, pas du tout »
        no += _starts(words[no:], _NO)
    if no:
        rest = list(dict.fromkeys(token for _, token in tokens[no:]))  # each token once
        kept = [w for w in words[no:] if w not in _FILLERS]
        rest_text = " ".join(rest).lstrip(" ,.;:!")
        return Reply(False, rest_text if len(kept) >= MIN_REST_WORDS else "")
    if _starts(words, _YES) and len(words) <= MAX_YES_WORDS:
        return Reply(True)
    return None


def pending(history: list[Turn]) -> Turn | None:
    """The offer the robot is waiting a yes or no for: only the very last turn's."""
    if history and history[-1].offered:
        return history[-1]
    return None


_ASKS = "Vous parlez de «"


def offer_text(title: str) -> str:
    return (f"Je ne suis pas sûr d'avoir bien compris. {_ASKS} {title} » ? "
            "Répondez par oui ou par non.")


def asks_back(reply: str) -> bool:
    """Whether the robot's last words were an offer (the loop's view of it)."""
    return _ASKS in reply


def not_confirmed_text(desk: Desk) -> str:
    return ("D'accord. Pouvez-vous me poser la question avec d'autres mots ? "
            + point_to_desk(desk))
