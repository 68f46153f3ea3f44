"""« Il peut se baigner en short de bain ? » / « shorts de bain interdits »: a no (or a
yes) read off the sentence that answers (pure).

A yes/no question whose answering sentence denies what it asks gets « Non. » before that
sentence: an elderly visitor hears the answer, not a rule to apply. « Denies » means a
negation within a few words of a word the question and the sentence share, in the same
clause that holds two of the question's words at least. The cues are French grammar's
negation (« ne … pas », « n'… plus », « aucun », « sans », « non ») and the general words
of refusal (« interdit », « refusé », « exclu », « impossible »), no sample's wording.

A sentence that does not deny may still not say yes (a list of what is accepted, a
condition, another case), and a wrong « Oui » is worse than none: a yes is read only
from a clause holding the question's words and stating its modality outright
(« uniquement sur rendez-vous » to « faut prendre rendez-vous ? »), `affirms`.
A question that carries a negation itself (« on peut y aller sans réserver ? ») or offers
an alternative (« … rendez-vous ou je peux venir comme ça ? ») is left alone: its yes
and no are not the sentence's.
"""

from __future__ import annotations

import re

from rag.asks import asking_words, asks_where
from rag.lexical import STOP_WORDS
from rag.words import DENYING, PREFIX, content_words, fold

# Question words: a question using one asks what, not whether (general French).
_WH = re.compile(r"\b(combien|quand(?! meme)|comment|quel|quelle|quels|quelles|qui|pourquoi"
                 r"|quoi|lequel|laquelle|lesquels|jusqu)\b|\bqu'? ?est[- ]ce\b")


def asks_what(question: str) -> bool:
    """The question asks what, when, where… (a question word), not whether."""
    return bool(_WH.search(asking_words(fold(question))) or asks_where(question))


# The ways French asks whether (modal verbs, « est-ce que », a tag asking to confirm).
_ASKS_WHETHER = re.compile(
    r"\b(est-ce qu|est ce qu|peut|peux|peuvent|pouvez|pourrait|pourrais|faut|faudrait"
    r"|dois|doit|doivent|devez|obligatoire|oblige|obligee|autorise|autorisee|possible"
    r"|droit|accepte|acceptes|besoin|ou pas|ou non|c'est vrai|c'est bien ca|y a"
    # « c'est (bien) vous qui… ? », « c'est ici qu'on… ? »: a cleft put to the desk.
    r"|c'est (?:bien )?(?:vous|ici))\b")
_TAG = re.compile(r"\b(ou pas|ou non|oui ou non|c'est vrai|c'est bien ca)\b")
_ALTERNATIVE = re.compile(r"(?<!\w)ou(?!\w)")
NEGATION = re.compile(
    r"\bn(?:e\s+|')(?:[\w-]+\s+){0,2}?(?:pas|plus|jamais|rien|aucune?|personne)\b"
    r"|\b(?:aucune?|interdite?s?|refusee?s?|exclue?s?|impossible)\b"
    # « Non. » opening an answer, « : non » as a table cell; not « non couverte ».
    r"|^\s*non\b(?!-)|:\s*non\s*$"
)
# A question asking whether something is required (« faut », « obligatoire »), and the
# words saying it is not (« seulement conseillée », « facultatif »): general French.
_REQUIRED = re.compile(r"\b(faut|obligatoire|oblige|obligee|doit|dois|doivent|besoin"
                       r"|necessaire|exige|exigee|imperati\w*)\b")
_OPTIONAL = re.compile(r"\b(facultati\w*|conseille\w*|recommande\w*|optionnel\w*)\b")
# « sans frais », « pas de carte »: these deny only the words right after them.
_DENIES_NEXT = re.compile(DENYING)  # « aucun » is in NEGATION already, both ways
WINDOW = 8  # words between a negation and the shared word it bears on, at most
MIN_SHARED = 2  # words of the question a denying clause holds: one alone is a coincidence
NEXT = 3  # words after « sans », « pas de » that they deny
_WORD = re.compile(r"[a-z0-9]+")


def _meaning(text: str) -> set[str]:
    """Content words, the function words BM25 skips (« dans », « avec ») left out too."""
    return content_words(text) - STOP_WORDS


def asks_whether(question: str) -> bool:
    """A yes/no question with no negation and no alternative of its own."""
    q = fold(question)
    if asks_what(question) or not (_ASKS_WHETHER.search(q) or q.rstrip().endswith("?")):
        return False
    rest = _TAG.sub(" ", q)
    return not (_ALTERNATIVE.search(_TAG.sub(" ", question.lower())) or NEGATION.search(rest)
                or _DENIES_NEXT.search(rest))


def _same(a: set[str], b: set[str]) -> bool:
    """A word of each that share their first letters (« inscrire » / « inscription »)."""
    return any(x[:PREFIX] == y[:PREFIX] for x in a for y in b)


def _clauses(question: str, sentence: str) -> list[tuple[str, list[tuple[int, set[str]]], int]]:
    """Each clause of the sentence, its words, and how many of the question's it holds."""
    asked = _meaning(question)
    out = []
    # A table row's cells belong together (« Abri de jardin ; Autorisation : aucune »).
    row = sentence.count(";") >= 1 and sentence.count(":") >= 2
    for clause in re.split(r"[.!?]" if row else r"[.;!?]", fold(sentence)):
        words = [(m.start(), _meaning(m.group(0))) for m in _WORD.finditer(clause)]
        out.append((clause, words, len({k for _, w in words if w and _same(w, asked)
                                       for k in w})))
    return out


def _shares(question: str, sentence: str) -> int:
    return max((n for _, _, n in _clauses(question, sentence)), default=0)


def denies(question: str, sentence: str, min_shared: int = MIN_SHARED) -> bool:
    """The sentence denies something the question asks about: a negation near a word
    they share, in the clause of the sentence that shares the most with the question
    (« bonnet de bain obligatoire ; shorts de bain interdits » does not deny a bonnet)."""
    asked = _meaning(question)
    clauses = _clauses(question, sentence)
    most = max((n for _, _, n in clauses), default=0)
    # « Faut la carte d'électeur ? » is denied by « la carte électorale est conseillée ».
    cues = [NEGATION, _OPTIONAL] if _REQUIRED.search(fold(question)) else [NEGATION]
    for clause, words, n in clauses:
        if n < max(min_shared, most):
            continue
        shared = [i for i, (_, w) in enumerate(words) if w and _same(w, asked)]

        def at(start: int, words: list[tuple[int, set[str]]] = words) -> int:
            return sum(1 for s, _ in words if s < start)

        if any(abs(i - at(m.start())) <= WINDOW for cue in cues for m in cue.finditer(clause)
               for i in shared):
            return True
        if any(0 < i - at(m.start()) <= NEXT for m in _DENIES_NEXT.finditer(clause)
               for i in shared):
            return True
    return False


def first_denial(question: str, sentences: list[str]) -> int | None:
    """The first of the sentences that denies what the question asks, unless another
    holds more of the question's words (it answers it more, and does not deny). The
    first, ranked best by meaning, may share a single word with the question (« se
    marier un dimanche » / « aucun mariage n'est célébré le dimanche »)."""
    most = max((_shares(question, s) for s in sentences), default=0)
    return next((i for i, s in enumerate(sentences)
                 if _shares(question, s) >= most
                 and denies(question, s, 1 if i == 0 else MIN_SHARED)), None)


# What a yes/no question asks (general French modality): whether something is allowed
# or possible, or whether it is required; and the words of a sentence stating the same.
_ASKS_ALLOWED = re.compile(r"\b(peut|peux|peuvent|pouvez|pourrait|pourrais|possible"
                           r"|autorise|autorisee|droit|accepte|acceptes)\b")
_ALLOWED = re.compile(r"\b(peut|peuvent|pouvez|possible|autorise\w*|accepte\w*|admis\w*"
                      r"|libre|ouvert\w*)\b")
_REQUIRES = re.compile(r"\b(obligatoire\w*|faut|doit|doivent|devez|necessaire\w*|exige\w*"
                       r"|uniquement|exclusivement|imperati\w*)\b")


def affirms(question: str, sentence: str) -> bool:
    """The sentence says yes to what the question asks: a clause holding the question's
    meaning words (its modal verb aside; one may be missing, a light verb such as
    « prendre » rendez-vous, but two at least held) states the same modality (allowed,
    required) and denies nothing. Stricter than `denies`: a wrong « oui » sends a
    visitor off with the wrong idea, where no « oui » only leaves the sentence to say it."""
    q = fold(question)
    if not asks_whether(question):
        return False
    cue = _REQUIRES if _REQUIRED.search(q) else _ALLOWED if _ASKS_ALLOWED.search(q) else None
    if cue is None:
        return False
    asked = {w for w in _meaning(_ASKS_WHETHER.sub(" ", _REQUIRED.sub(" ", q)))
             if not cue.fullmatch(w)}
    if not asked:
        return False
    for clause, words, _ in _clauses(question, sentence):
        held = {k for _, w in words for k in w}
        found = sum(1 for a in asked if _same({a}, held))
        if (cue.search(clause) and not NEGATION.search(clause)
                and not _DENIES_NEXT.search(clause) and not _OPTIONAL.search(clause)
                and found >= max(MIN_SHARED, len(asked) - 1)):
            return True
    return False
