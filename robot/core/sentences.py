"""Cut text into sentences, streamed or whole: the one splitter of the project (pure).

The answerer cuts the model's stream with it, the loop cuts fixed replies with it, and
the voices (speech/textclean.py) cut what they say with it, so a sentence on the
display is the sentence spoken.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

# "M. Dupont", "etc. ", "n° 3": a full stop that does not end a sentence.
_ABBREV = {"m", "mm", "mme", "mmes", "mlle", "dr", "st", "ste", "av", "bd", "etc", "cf",
           "n", "no", "p", "art", "env", "min", "max", "tél", "tel", "ex"}
_END = re.compile(r"([.!?…]+[»\")]*)\s+|()\n")  # a line break ends a sentence too


def _is_abbreviation(before: str) -> bool:
    word = re.findall(r"[\wÀ-ÿ]+$", before)
    if not word:
        return False
    w = word[0]
    # A single capital letter is an initial ("J. Moulin"); known short forms too.
    return w.lower() in _ABBREV or (len(w) == 1 and w.isupper())


class SentenceSplitter:
    """Feed text pieces; get back the sentences they complete. `flush()` at the end."""

    def __init__(self) -> None:
        self._buf = ""

    def feed(self, piece: str) -> list[str]:
        self._buf += piece
        out: list[str] = []
        start = 0
        for m in _END.finditer(self._buf):
            end = m.end(1) if m.group(1) is not None else m.start()
            if m.group(1) is not None and _is_abbreviation(self._buf[start : m.start()]):
                continue
            sentence = self._buf[start:end].strip()
            if sentence:
                out.append(sentence)
            start = m.end()
        self._buf = self._buf[start:]
        return out

    def flush(self) -> list[str]:
        rest, self._buf = self._buf.strip(), ""
        return [rest] if rest else []


def split_sentences(text: str) -> list[str]:
    """All sentences of a finished text."""
    splitter = SentenceSplitter()
    return splitter.feed(text + " ") + splitter.flush()


def complete_sentences(pieces: Iterator[str], splitter: SentenceSplitter,
                       on_first: Callable[[], None]) -> Iterator[str]:
    """Complete sentences from streamed pieces (a model's tokens), as soon as each ends;
    `on_first` is called at every piece (the first call marks the first token)."""
    for piece in pieces:
        on_first()
        yield from splitter.feed(piece)
    yield from splitter.flush()
