"""Which table row a visitor names by its label (pure): « on est en tranche deux »,
« la tranche A », « zone 3 », « le lundi ».

Rows of a tariff grid are often labelled by a word and a number or a letter in their first
cell (« Tranche : Tranche 2 », « Tranche C - QF de 1 001 à 1 400 € »). A visitor who names
that label asks for that row, whatever the ranges of its other cells say: « tranche 3 »
is not a quotient of 3 €, which « jusqu'à 450 € » would hold.
"""

from __future__ import annotations

import re

from rag.words import content_words, fold, prefixes

# A noun followed by its label: a number or a single letter (« tranche C »; « à » keeps
# its accent here, so « repas à la cantine » names no row « A »).
_LABEL = re.compile(r"\b([a-zà-ÿ]{3,})\s+(\d{1,2}|[a-z])\b(?!['’-])")
# « tranche une », « tranche deux »: the small numbers that text2num leaves as words
# (general French number words).
_SMALL = {"un": "1", "une": "1", "deux": "2", "premiere": "1", "premier": "1"}

# A comma or a full stop after a word: where a recogniser writes a breath.
_BREATH = re.compile(r"(?<=[^\W\d_]{3})[.,]\s+")


def _labels(text: str) -> set[tuple[str, str]]:
    lowered = text.lower()
    out = {(fold(noun), label) for noun, label in _LABEL.findall(lowered)}
    small = r"\b([a-zà-ÿ]{3,})\s+(" + "|".join(_SMALL) + r")\b"
    out |= {(fold(noun), _SMALL[fold(word)]) for noun, word in re.findall(small, fold(text))}
    return out


def named_row(question: str, row: str) -> bool:
    """The row's first cell carries a label (« Tranche 2 ») the question names, or is
    itself named by the question (« Jour : Lundi » for « le lundi elle ouvre à quelle
    heure ? »)."""
    first = row.split(";")[0]
    value = fold(first.partition(":")[2]).strip(" .")
    # Whole words only (« C » is no cell named by « c'est »: letters need their noun);
    # every word of the cell said, in any order (« Entrée adulte » for « l'entrée pour
    # un adulte », not « Carte 10 entrées adulte »).
    if len(value) > 1 and re.search(rf"(?<![\w'’-]){re.escape(value)}(?![\w'’-])",
                                    fold(question)):
        return True
    cell = prefixes(content_words(value))
    if len(cell) >= 2 and cell <= prefixes(content_words(question)):
        return True
    # The label may be the header's value (« Tranche : A - QF jusqu'à 600 € »). A
    # recogniser writes a breath between the noun and its label as a comma or a full stop
    # (« on est en tranche. Deux, ça fait combien ? »): the label is still the noun's.
    said = _BREATH.sub(" ", question)
    return bool(_labels(first.replace(":", " ")) & _labels(said))
