"""Spoken commands and the wake phrase, recognised from a transcript (pure, no I/O)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import Enum


class Command(Enum):
    STOP = "stop"
    REPEAT = "repeat"
    SLOWER = "slower"
    HANDOFF = "handoff"
    GOODBYE = "goodbye"


# Short utterances only: "Pardon, où sont les toilettes ?" is a question, not "répète".
_SHORT_COMMANDS: dict[Command, tuple[str, ...]] = {
    Command.STOP: ("stop", "arrete", "arretez", "arrete toi", "tais toi", "taisez vous",
                   "silence", "ca suffit", "chut", "stoppe"),
    Command.REPEAT: ("repete", "repetez", "pardon", "tu peux repeter", "vous pouvez repeter",
                     "pouvez vous repeter", "peux tu repeter", "comment", "quoi",
                     "je n ai pas compris", "j ai pas compris", "encore une fois"),
    Command.SLOWER: ("plus lentement", "moins vite", "parle plus lentement",
                     "parlez plus lentement", "parle moins vite", "parlez moins vite",
                     "doucement", "plus doucement"),
    Command.GOODBYE: ("au revoir", "merci au revoir", "bonne journee", "merci bonne journee",
                      "a bientot", "salut"),
}
# Asking for a person may come inside a longer sentence.
_HANDOFF = re.compile(
    r"\b(parler a (quelqu un|une personne|un agent|un humain|un employe|quelqu un de la mairie)"
    r"|voir (quelqu un|une personne|un agent)|un vrai humain|une vraie personne)\b"
)
_MAX_COMMAND_WORDS = 6
_POLITE = re.compile(r"\b(s il (vous|te) plait|svp|merci|robot|madame|monsieur|euh)\b")


def fold(text: str) -> str:
    """Lowercase, strip accents and punctuation: what a spoken phrase compares on."""
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return text.strip()


@dataclass(frozen=True)
class Parsed:
    """What the visitor said: an optional wake phrase, an optional command, the rest."""

    woke: bool
    command: Command | None
    question: str  # the utterance without the wake phrase, original spelling kept


def strip_wake(text: str, wake_phrases: list[str]) -> tuple[bool, str]:
    """Detect a wake phrase at the start and return the remaining words unchanged."""
    folded_words = fold(text).split()
    for phrase in sorted(wake_phrases, key=len, reverse=True):
        wake = fold(phrase).split()
        if wake and folded_words[: len(wake)] == wake:
            # Drop as many original words as the wake phrase has (punctuation aside).
            words = re.findall(r"\S+", text)
            kept: list[str] = []
            consumed = 0
            for w in words:
                if consumed < len(wake) and fold(w):
                    consumed += len(fold(w).split())
                    continue
                if consumed >= len(wake):
                    kept.append(w)
            rest = " ".join(kept).lstrip(" ,.!?;:")
            return True, rest
    return False, text.strip()


def parse(text: str, wake_phrases: list[str]) -> Parsed:
    woke, rest = strip_wake(text, wake_phrases)
    folded = fold(rest)
    bare = " ".join(_POLITE.sub(" ", folded).split())
    if _HANDOFF.search(folded):
        return Parsed(woke, Command.HANDOFF, rest)
    if bare and len(bare.split()) <= _MAX_COMMAND_WORDS:
        for command, phrases in _SHORT_COMMANDS.items():
            if any(bare == p or (bare.startswith(p + " ") and len(bare.split()) <= 4)
                   for p in phrases):
                return Parsed(woke, command, rest)
    return Parsed(woke, None, rest)
