"""Pick the source sentences that answer a question, and name a source in words (pure).

Used three ways: to choose what little context the LLM sees (prompt processing is the
first-token cost), to answer without the LLM when its sentence fails the grounding
check, and to name the passage an answer came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import PurePosixPath

from rag.grounding import fold
from rag.splitter import split_sentences
from rag.types import Chunk, Passage

_STOP_WORDS = (
    "a au aux avec ce ces cet cette comment d de des du elle en est et etre eux il ils je"
    " l la le les leur leurs lui m ma mais me mes moi mon n ne nos notre nous on ou par"
    " pas pour qu que quel quelle quelles quels qui s sa se ses si son sont sur t ta te"
    " tes toi ton tu un une vos votre vous y c ca cela ici faut faire fait peut peux"
    " puis dois doit est-ce quoi bonjour merci svp plait veux voudrais aimerais besoin"
    " savoir dire dites robot madame monsieur il-y-a y-a-t-il ai as avez avoir"
)
_STOP = set(_STOP_WORDS.split())
# Question words hint at the kind of sentence that answers them.
_WANTS = {
    "number": re.compile(r"\b(combien|prix|tarifs?|cout\w*|montant|age|delai|nombre)\b"),
    "time": re.compile(r"\b(quand|heures?|horaires?|ouvert\w*|ferm\w*|jours?|date|delai)\b"),
    "contact": re.compile(r"\b(telephone|numero|appeler|mail|courriel|contacter|joindre)\b"),
    "place": re.compile(r"\b(ou|adresse|lieu|salle|trouve|aller|situe\w*)\b"),
}
_HAS = {
    "number": re.compile(r"\d|€|euros?|gratuit"),
    "time": re.compile(r"\d\s*h\b|\d\s*h\s*\d|lundi|mardi|mercredi|jeudi|vendredi|samedi"
                       r"|dimanche|janvier|fevrier|mars|avril|mai|juin|juillet|aout"
                       r"|septembre|octobre|novembre|decembre|semaines?|jours?"),
    "contact": re.compile(r"\d{2}[ .]?\d{2}[ .]?\d{2}|@"),
    "place": re.compile(r"\b(rue|place|avenue|salle|etage|batiment|guichet|bureau|accueil"
                        r"|rez-de-chaussee|mairie|chemin|route)\b"),
}
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre")


def stem(word: str) -> str:
    """A crude French stem: enough to match "tarifs"/"tarif", "inscrire"/"inscription"."""
    for suffix in ("issements", "issement", "ations", "ation", "ements", "ement", "ments",
                   "ment", "euses", "euse", "eurs", "eur", "ives", "ive", "ites", "ite",
                   "ables", "able", "tions", "tion", "ees", "es", "ee", "er", "ez", "s",
                   "x", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def content_words(text: str) -> set[str]:
    """Stems of the words that carry meaning, accents and case folded."""
    words = re.findall(r"[a-z0-9]+", fold(text).replace("'", " "))
    return {stem(w) for w in words if w not in _STOP and (len(w) > 2 or w.isdigit())}


@dataclass(frozen=True)
class Scored:
    sentence: str
    rank: int  # of its passage in the retrieval results
    position: int  # in its passage
    score: float


# Words that say what kind of answer is wanted, not what it is about.
_INTENT_WORDS = (
    "combien cout coute coutent couter prix tarif tarifs payer paye payant montant quand"
    " heure heures horaire horaires ouvert ouverte ouverts ouverture ferme fermeture jour"
    " jours date dates delai delais adresse trouve situe numero telephone quel quelle"
    " quels quelles doit faut peut obtenir avoir prendre"
)
_INTENT = {stem(w) for w in _INTENT_WORDS.split()}


def topic_words(question: str) -> set[str]:
    """The meaning words of a question minus its intent words (unless nothing is left)."""
    words = content_words(question)
    return (words - _INTENT) or words


def score_sentence(question: str, sentence: str, q_words: set[str] | None = None,
                   heading: str = "") -> float:
    """How well one sentence answers a question: shared topic words, plus kind hints."""
    q_words = topic_words(question) if q_words is None else q_words
    if not q_words:
        return 0.0
    s_words = content_words(sentence)
    score = len(q_words & s_words) / len(q_words)
    if heading:  # the passage's title and section say what the sentence is about
        score += 0.3 * len(q_words & (content_words(heading) - s_words)) / len(q_words)
    fq, fs = fold(question), fold(sentence)
    for kind, wants in _WANTS.items():
        if wants.search(fq) and _HAS[kind].search(fs):
            score += 0.25
    if len(sentence) < 25:  # headings, table fragments
        score -= 0.2
    return score


def rank_sentences(question: str, chunks: list[Chunk]) -> list[Scored]:
    """Every sentence of the chunks, best first; earlier passages win ties."""
    q_words = topic_words(question)
    out = []
    for rank, chunk in enumerate(chunks):
        heading = f"{chunk.title} {chunk.section}"
        for pos, sentence in enumerate(split_sentences(chunk.text)):
            s = score_sentence(question, sentence, q_words, heading) - 0.08 * rank
            out.append(Scored(sentence, rank, pos, s))
    out.sort(key=lambda c: (-c.score, c.rank, c.position))
    return out


def select_context(question: str, chunks: list[Chunk], budget: int) -> list[Chunk]:
    """The chunks cut down to their best sentences, in reading order, within `budget` chars.

    At most two passages: a weak model mixes up figures from many.
    """
    picked: dict[int, list[Scored]] = {}
    used = 0
    for cand in rank_sentences(question, chunks):
        if cand.rank not in picked and len(picked) >= 2:
            continue
        cost = len(cand.sentence) + 1 + (len(chunks[cand.rank].title) + 30
                                          if cand.rank not in picked else 0)
        if used + cost > budget:
            if used == 0:  # one very long sentence: cut it rather than send nothing
                picked[cand.rank] = [Scored(cand.sentence[: budget - 40], cand.rank, 0, 0)]
                used = budget
            continue
        picked.setdefault(cand.rank, []).append(cand)
        used += cost
    out = []
    for rank in sorted(picked):
        chunk = chunks[rank]
        text = " ".join(c.sentence for c in sorted(picked[rank], key=lambda c: c.position))
        out.append(Chunk(chunk.id, text, chunk.source_file, chunk.title, chunk.section,
                         chunk.page, chunk.doc_date, chunk.content_hash))
    return out


def extract_answer(
    question: str, chunks: list[Chunk], max_chars: int = 280
) -> tuple[int, str, float]:
    """(chunk index, one or two best sentences, score) — the answer without any model."""
    ranked = [c for c in rank_sentences(question, chunks) if len(c.sentence) >= 25]
    if not ranked:
        return 0, "", 0.0
    best = ranked[0]
    chosen = [best]
    # A short best sentence often needs its neighbour from the same passage.
    for cand in ranked[1:4]:
        if (cand.rank == best.rank and cand.score > 0.2
                and sum(len(c.sentence) for c in chosen) + len(cand.sentence) < max_chars):
            chosen.append(cand)
            break
    chosen.sort(key=lambda c: c.position)
    text = " ".join(c.sentence for c in chosen)
    return best.rank, text, best.score


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


def versions_differ(chunks: list[Chunk], index: int) -> bool:
    """True when another retrieved chunk looks like a version of the same document."""
    me = chunks[index]
    if me.doc_date is None:
        return False
    mine = content_words(re.sub(r"\d{4}", "", me.title))
    for i, other in enumerate(chunks):
        if i == index or other.doc_date in (None, me.doc_date):
            continue
        theirs = content_words(re.sub(r"\d{4}", "", other.title))
        if mine and len(mine & theirs) / len(mine | theirs) >= 0.5:
            return True
    return False


def passages_chunks(passages: list[Passage]) -> list[Chunk]:
    return [p.chunk for p in passages]
