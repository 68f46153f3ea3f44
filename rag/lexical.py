"""French-aware BM25: accents folded, elisions split, stop words dropped, light stemming.

Pure and in memory: a town hall's corpus is a few thousand chunks at most, so the index is
rebuilt from the current generation when a retriever opens it.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence

from rag.types import Chunk

_WORD = re.compile(r"[a-z0-9]+")
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"})

# Function words and elided forms ("l'", "d'", "qu'") carry no topic.
STOP_WORDS = frozenset(
    """
    a ai aie aient aies ait as au aux avec avez avons c ca ce ceci cela celle celles celui ces
    cet cette ceux chez d dans de des du elle elles en entre es est et etaient etais etait
    etant ete etes etre eu eux il ils j je l la le les leur leurs lui m ma mais me meme mes
    moi mon n ne ni nos notre nous o on ont ou par pas pour qu que quel quelle quelles quels
    qui s sa sans se ses si son sont sur t ta te tes toi ton tu un une vos votre vous y
    puis peut peux faut fait faire quoi comment combien quand
    """.split()  # noqa: SIM905  (a word list reads better as text)
)


def fold(text: str) -> str:
    """Lowercase without accents: 'Identité' -> 'identite', so visitors' spelling doesn't matter."""
    text = text.translate(_LIGATURES).lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def stem(word: str) -> str:
    """A light French stemmer: plural, feminine and adverb endings (enough for BM25 recall)."""
    if word.isdigit() or len(word) <= 3:
        return word
    if word.endswith("aux") and len(word) > 5:
        word = word[:-3] + "al"  # journaux -> journal
    elif word[-1] in "sx" and len(word) > 3:
        word = word[:-1]
    for suffix in ("issement", "ement", "ation", "ition", "ment"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    for suffix in ("euse", "rice", "eur", "ive", "if"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]  # inscrite -> inscrit, tarife -> tarif
    if len(word) > 4 and word[-1] == word[-2] and word[-1] in "lnt":
        word = word[:-1]  # personnel -> personel, matches personel(le)
    return word


def searched(chunk: Chunk) -> str:
    """What retrieval matches (embedded and BM25-indexed): a chunk's text, and the words
    of its file's name the text lacks. Staff name files in the visitors' words
    (« piscine-les-nympheas.html » for a page that says « centre aquatique »)."""
    text = fold(chunk.text)
    stem = chunk.source_file.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    extra = [w for w in re.split(r"[\W_]+", fold(stem))
             if len(w) > 2 and not w.isdigit() and w not in text]
    return f"{chunk.text}\n({' '.join(dict.fromkeys(extra))})" if extra else chunk.text


def words(text: str) -> list[str]:
    """Folded words, stop words kept (for shingles and duplicate detection)."""
    return _WORD.findall(fold(text))


def tokens(text: str) -> list[str]:
    """The terms BM25 sees: folded, stop words dropped, stemmed."""
    return [stem(w) for w in words(text) if w not in STOP_WORDS]


class BM25:
    """Okapi BM25 over a fixed list of texts; `top()` returns (index, score) best first."""

    def __init__(self, texts: Sequence[str], k1: float = 1.2, b: float = 0.75) -> None:
        self.k1, self.b = k1, b
        self.size = len(texts)
        self._postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        self._lengths: list[int] = []
        for i, text in enumerate(texts):
            terms = tokens(text)
            self._lengths.append(len(terms))
            for term, tf in Counter(terms).items():
                self._postings[term].append((i, tf))
        self._avg = (sum(self._lengths) / self.size) if self.size else 0.0
        self._idf = {
            term: math.log(1.0 + (self.size - len(p) + 0.5) / (len(p) + 0.5))
            for term, p in self._postings.items()
        }

    def scores(self, query: str) -> dict[int, float]:
        out: dict[int, float] = defaultdict(float)
        for term in set(tokens(query)):
            idf = self._idf.get(term)
            if idf is None:
                continue
            for i, tf in self._postings[term]:
                norm = 1.0 - self.b + self.b * self._lengths[i] / (self._avg or 1.0)
                out[i] += idf * tf * (self.k1 + 1.0) / (tf + self.k1 * norm)
        return out

    def top(self, query: str, n: int) -> list[tuple[int, float]]:
        ranked = sorted(self.scores(query).items(), key=lambda kv: (-kv[1], kv[0]))
        return ranked[:n]

    def known(self, query: str) -> float:
        """The share of the query's terms that some text uses (1.0 for no terms): a
        transcript the recogniser got wrong is full of words no document contains."""
        terms = set(tokens(query))
        return sum(t in self._idf for t in terms) / len(terms) if terms else 1.0
