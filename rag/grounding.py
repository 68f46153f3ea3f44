"""Check that a spoken sentence says nothing the retrieved passages do not say (pure).

A small model invents numbers, hours and names; those are exactly what a visitor acts
on, so every such fact must be found in the passages, after normalisation
("8h30" == "8 h 30", "25€" == "25 €", "trois" == "3").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rag.words import content_words, fold, padded_words, stem

MAX_SENTENCE_CHARS = 240
MAX_SENTENCE_WORDS = 45
MAX_UNSUPPORTED = 0.34  # share of a sentence's meaning words found neither in sources
# nor in the question
# Words any answer may use to rephrase (they name no fact).
_PARAPHRASE = (
    "pouvez devez possible necessaire oui non aussi egalement seulement uniquement"
    " demander demande faire rendre venir aller trouver obtenir prendre payer coute"
    " cout prix tarif gratuit disponible ouvert ferme horaire heure jour mairie service"
    " accueil personne chaque entre environ maximum minimum partir jusqu appeler ecrire"
    " contacter telephoner adresser rendez"
)

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?:\+33\s?|\b0)\d(?:[\s.-]?\d{2}){4}\b")
# 8h30, 8 h 30, 8h, 08:30, 8 heures 30
_TIME = re.compile(r"\b([01]?\d|2[0-3])\s*(?:h|heures?|:)\s*([0-5]\d)?(?![\w])", re.I)
_NUMBER = re.compile(r"\d+(?:[ \u00a0\u202f]\d{3})*(?:[.,]\d+)?")
_NUMBER_WORDS = {
    "deux": "2", "trois": "3", "quatre": "4", "cinq": "5", "six": "6", "sept": "7",
    "huit": "8", "neuf": "9", "dix": "10", "onze": "11", "douze": "12", "treize": "13",
    "quatorze": "14", "quinze": "15", "seize": "16", "vingt": "20", "trente": "30",
    "quarante": "40", "cinquante": "50", "soixante": "60",
    "premier": "1", "premiere": "1", "midi": "12:00", "minuit": "0:00",
}
_DAYS_MONTHS = {
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
    "janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout",
    "septembre", "octobre", "novembre", "decembre",
    # Days said relative to now (general French): no document can ground them, and the
    # robot does not work out which day they are (« le jour fera demain mercredi »).
    "demain", "hier",
}
# Capitalised words that name no particular fact.
_GENERIC_CAPS = {
    "je", "vous", "il", "elle", "on", "nous", "mairie", "madame", "monsieur", "bonjour",
    "merci", "oui", "non", "apres", "selon", "etat",
}
_ENGLISH = {
    "the", "and", "is", "are", "you", "your", "of", "to", "for", "with", "please", "can",
    "will", "this", "that", "it", "be", "have", "from", "town", "hall", "office", "at",
}
_FRENCH = {
    "le", "la", "les", "de", "des", "du", "et", "est", "vous", "pour", "un", "une", "en",
    "au", "aux", "a", "sur", "dans", "par", "il", "elle", "sont", "votre", "vos", "ce",
    "cette", "qui", "que", "ne", "pas", "se", "peut", "peuvent", "avec",
}
_MARKDOWN = re.compile(r"\*\*|__|`|^\s*#|^\s*[-*•]\s|^\s*\d+[.)]\s|\|.*\||\[[^\]]*\]\(")
_CODE = re.compile(r"[{}<>=\\]|\bdef\b|\breturn\b|\bprint\(")
_NON_LATIN = re.compile(r"[\u0400-\u04ff\u0590-\u06ff\u0900-\u0dff\u3000-\u9fff\uac00-\ud7af]")
# The model talking about its own machinery instead of answering.
_META = re.compile(
    r"\b(prompt|system|en tant qu['’](ia|assistant)|mod[eè]le de langage"
    r"|intelligence artificielle|(les|ces|l['’]) extraits? (fournis|ci-dessus|donn[ée]s)"
    r"|documents? fournis|mes (consignes|instructions))\b",
    re.I,
)
_FIRST_PERSON = re.compile(r"(^|[^\w'])(je|j'|me|m'|moi|mon|ma|mes)(?=[\s,.!?]|$|(?<=')\w)")
_QUANTITY = re.compile(r"(\d+(?:[ \u00a0\u202f]\d{3})*(?:[.,]\d+)?)\s*(€|[a-z²]+)")
# Units written in several ways; other nouns are compared by their stem.
_UNITS = {"m": "metr", "metre": "metr", "metres": "metr", "euro": "€", "euros": "€",
          "eur": "€", "mn": "minut", "min": "minut", "minute": "minut", "minutes": "minut"}
_NOT_A_UNIT = {"h", "heure", "heures", "de", "a", "et", "ou", "pour", "au", "aux", "en",
               "le", "la", "les", "du", "des", "par", "sur", "dans", "er", "e", "eme", "x"}
_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ][\w'’-]*")


def _num(raw: str) -> str:
    """"1 200" -> "1200", "3,80" -> "3.8", "25,00" -> "25"."""
    raw = re.sub(r"[ \u00a0\u202f]", "", raw).replace(",", ".")
    if "." in raw:
        raw = raw.rstrip("0").rstrip(".")
    return raw.lstrip("0") or "0"


@dataclass(frozen=True)
class Facts:
    """The checkable facts of a text, normalised."""

    numbers: frozenset[str] = frozenset()
    times: frozenset[str] = frozenset()
    phones: frozenset[str] = frozenset()
    emails: frozenset[str] = frozenset()
    words: frozenset[str] = frozenset()  # days, months and proper names, folded


def extract_facts(text: str, *, names: bool = True) -> Facts:
    """Every number, time, phone, e-mail, day, month and (optionally) proper name."""
    emails = {e.lower() for e in _EMAIL.findall(text)}
    rest = _EMAIL.sub(" ", text)
    phones = {re.sub(r"\D", "", p).replace("33", "0", 1) if p.startswith("+") else
              re.sub(r"\D", "", p) for p in _PHONE.findall(rest)}
    rest = _PHONE.sub(" ", rest)
    times = set()
    for m in _TIME.finditer(rest):
        times.add(f"{int(m.group(1))}:{m.group(2) or '00'}")
    rest_no_times = _TIME.sub(" ", rest)
    numbers = {_num(n) for n in _NUMBER.findall(rest_no_times)}
    words: set[str] = set()
    folded = fold(rest)
    for w in re.findall(r"[a-z']+", folded):
        w = w.split("'")[-1]
        if w in _NUMBER_WORDS:
            value = _NUMBER_WORDS[w]
            (times if ":" in value else numbers).add(value)
        elif w in _DAYS_MONTHS:
            words.add(w)
    if names:
        words |= proper_names(rest)
    return Facts(frozenset(numbers), frozenset(times), frozenset(phones),
                 frozenset(emails), frozenset(words))


def quantities(text: str) -> set[tuple[str, str]]:
    """(number, unit or noun) pairs: "10 documents" is not "10 livres"."""
    out = set()
    for m in _QUANTITY.finditer(fold(text)):
        word = m.group(2)
        if word not in _NOT_A_UNIT:
            out.add((_num(m.group(1)), _UNITS.get(word) or stem(word)))
    return out


def new_words(sentence: str, question: str) -> set[str]:
    """The meaning words a sentence adds to the question (figures aside)."""
    words = content_words(sentence) - content_words(f"{question} {_PARAPHRASE}")
    return {w for w in words if not any(c.isdigit() for c in w)}


def proper_names(text: str) -> set[str]:
    """Capitalised words that are not merely the first word of a sentence."""
    out: set[str] = set()
    for sentence in re.split(r"(?<=[.!?…:])\s+|\n+", text):
        for i, m in enumerate(_WORD.finditer(sentence)):
            word = m.group(0).strip("'’-")
            if not word or not word[0].isupper():
                continue
            inner_caps = any(c.isupper() for c in word[1:])
            if i == 0 and not inner_caps:
                continue  # ordinary sentence capital
            key = fold(word).split("'")[-1]
            if key and key not in _GENERIC_CAPS:
                out.add(key)
    return out


@dataclass(frozen=True)
class Verdict:
    ok: bool
    reasons: tuple[str, ...] = ()
    dont_know: bool = False  # the model said it does not know


_DONT_KNOW = re.compile(
    r"\b(je ne (le )?sais pas|je n['’]ai pas (cette |l['’])?information|je ne trouve pas"
    r"|je ne peux pas r[ée]pondre|pas d['’]information|n['’]est pas (mentionn|indiqu|pr[ée]cis))",
    re.I,
)


# French negation (« ne … pas / plus / jamais / rien », « aucun »): general grammar. A
# small model turns « il faut être inscrit » into « il ne faut pas être inscrit »,
# every word and figure still in the sources.
_NEGATION = re.compile(r"\bn(?:e\b|')[^.;:]{0,40}?\b(?:pas|plus|jamais|rien)\b|\baucune?\b")


def negated(sentence: str) -> bool:
    return _NEGATION.search(fold(sentence)) is not None


def _source_sentences(text: str) -> list[str]:
    return [c for c in re.split(r"(?<=[.;:!?])\s+|\n+", text) if c.strip()]


@dataclass
class Grounder:
    """Checks sentences against one set of passages, built once per answer."""

    source_text: str
    allowed: str = ""  # other text that may be quoted (the commune's name, the desk)
    question: str = ""  # its numbers may be repeated ("pour votre fille de 16 ans")
    _facts: Facts = field(init=False)
    _folded: str = field(init=False)
    _asked: frozenset[str] = field(init=False)
    _words: set[str] = field(init=False)
    _quantities: set[tuple[str, str]] = field(init=False)
    _units: list[tuple[set[str], bool]] = field(init=False)  # words, negated

    def __post_init__(self) -> None:
        both = self.source_text + "\n" + self.allowed
        self._facts = extract_facts(both, names=False)
        self._folded = padded_words(both)
        self._asked = extract_facts(self.question, names=False).numbers
        self._words = content_words(f"{both} {self.question} {_PARAPHRASE}")
        self._quantities = quantities(f"{both}\n{self.question}")
        self._units = [(content_words(c), negated(c)) for c in _source_sentences(both)]

    def check(self, sentence: str) -> Verdict:
        """Verdict for one sentence: every fact found, French, plain, short, on topic."""
        reasons = list(style_problems(sentence))
        if _DONT_KNOW.search(sentence):
            return Verdict(False, ("dont_know",), dont_know=True)
        facts = extract_facts(sentence)
        src = self._facts
        for kind, mine, theirs in (
            ("number", facts.numbers,
             src.numbers | self._asked | {t.split(":")[0] for t in src.times}),
            ("time", facts.times, src.times),
            ("phone", facts.phones, src.phones),
            ("email", facts.emails, src.emails),
        ):
            for value in sorted(mine - theirs):
                reasons.append(f"{kind} {value} not in sources")
        for word in sorted(facts.words):
            if f" {word.replace('-', ' ').replace(chr(39), ' ')} " not in self._folded:
                reasons.append(f"name {word} not in sources")
        # "10 documents" in the sources, "10 livres" in the answer: a changed fact.
        counted = {n for n, _ in self._quantities}
        for number, unit in sorted(quantities(sentence) - self._quantities):
            if number in counted:
                reasons.append(f"quantity {number} {unit} not as in sources")
        if not (facts.numbers or facts.times or facts.phones or facts.emails) and not (
                content_words(sentence) - content_words(f"{self.question} {_PARAPHRASE}")):
            reasons.append("says nothing new")  # the question turned into an answer
        # A small model copies its sources; a sentence mostly of other words is invented
        # ("il doit faire une réunion avec le conseiller") even with no figure in it.
        words = {w for w in content_words(sentence) if not any(c.isdigit() for c in w)}
        unsupported = words - self._words
        if len(unsupported) >= 2 and len(unsupported) > MAX_UNSUPPORTED * len(words):
            reasons.append("unsupported words: " + ", ".join(sorted(unsupported)))
        if negated(sentence) and not self._negation_found(words):
            reasons.append("negation not in sources")
        return Verdict(not reasons, tuple(reasons))

    def _negation_found(self, words: set[str]) -> bool:
        """Whether a source sentence closest in words to a negated one is negated too."""
        best = max((len(w & words) for w, _ in self._units), default=0)
        return best > 0 and any(neg for w, neg in self._units if len(w & words) == best)


def style_problems(sentence: str) -> list[str]:
    """What would make a sentence wrong to speak, whatever its facts."""
    problems = []
    if _MARKDOWN.search(sentence):
        problems.append("markdown")
    if _CODE.search(sentence):
        problems.append("code")
    if _NON_LATIN.search(sentence):
        problems.append("other script")
    if _META.search(sentence):
        problems.append("talks about its instructions")
    words = re.findall(r"[a-z']+", fold(sentence))
    if len(sentence) > MAX_SENTENCE_CHARS or len(words) > MAX_SENTENCE_WORDS:
        problems.append("too long")
    if len(words) < 3:
        problems.append("fragment")  # "25 €." answers nothing on its own
    if sentence.rstrip().endswith(":"):
        problems.append("announces a list")  # lists are unspeakable, and come next
    if sentence.rstrip().endswith("?"):
        problems.append("asks a question")  # a small model echoes the visitor
    if _FIRST_PERSON.search(fold(sentence)):
        problems.append("speaks as the visitor")  # "je peux utiliser la déchetterie"
    english = sum(w in _ENGLISH for w in words)
    french = sum(w.split("'")[-1] in _FRENCH or "'" in w for w in words)
    if english >= 2 and english > french:
        problems.append("not French")
    return problems
