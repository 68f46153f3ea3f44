"""The meaning words of French questions and passages, for matching them (pure).

Accents and case folded, a crude stem, a few everyday synonyms of municipal terms, and
the split between what a question is about (topic) and what kind of answer it wants.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable


def fold(text: str) -> str:
    """Lowercase without accents, apostrophes unified: the form words are compared in."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'").replace("\u00a0", " "))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def padded_words(text: str) -> str:
    """The folded text's words, one space apart and one around: « f" {x} " in it » then
    matches whole words only."""
    return " " + " ".join(re.findall(r"[a-z0-9]+", fold(text))) + " "


_STOP_WORDS = (
    "a au aux avec ce ces cet cette comment d de des du elle en est et etre eux il ils je"
    " l la le les leur leurs lui m ma mais me mes moi mon n ne nos notre nous on ou par"
    " pas pour qu que quel quelle quelles quels qui s sa se ses si son sont sur t ta te"
    " tes toi ton tu un une vos votre vous y c ca cela ici faut faire fait peut peux"
    " puis dois doit est-ce quoi bonjour merci svp plait veux voudrais aimerais besoin"
    " savoir dire dites robot madame monsieur il-y-a y-a-t-il ai as avez avoir"
    " quelque chose rien tout tous toute toutes fais fait faites font vais va vers"
    " dedans quelqu quelqu'un comme"
)
_STOP = set(_STOP_WORDS.split())

# Everyday words for what documents name formally; one stem per group.
_SYNONYM_GROUPS = {
    "enfant": "enfant enfants fils fille filles mineur mineure mineurs bebe ado ados"
              " adolescent adolescents jeune jeunes",
    "perte": "perte perdu perdue perdus perdre egare egaree",
    "ouvr": "ouvre ouvrent ouvert ouverte ouverts ouvertes ouverture ouvrir",
    "habit": "habite habitent habitant habitants resident residents domicile",
    "periscolair": "garderie garderies periscolaire",
    "jeter": "jeter jette debarrasser deposer",
    "fourn": "fournir fourni fournit apporter apporte amener",
    "present": "present presente presents presence venir vienne viennent",
}
_SYNONYMS = {w: group for group, words in _SYNONYM_GROUPS.items() for w in words.split()}

# Words that say what kind of answer is wanted, not what it is about.
_INTENT_WORDS = (
    "combien cout coute coutent couter prix tarif tarifs payer paye payant montant quand"
    " heure heures horaire horaires ouvert ouverte ouverts ouverture ferme fermeture jour"
    " jours date dates delai delais adresse trouve situe numero telephone quel quelle"
    " quels quelles doit faut peut obtenir avoir prendre matin soir midi apres-midi"
    " semaine weekend week-end annee aujourd hui demain long longtemps temps"
    " jusqu jusque partir prend prends"
)
# Three single letters or more in a row (« c c a s », « C.N.I. »): an acronym spelled out,
# as visitors say them and recognisers write them. Three at least: « y a » (il y a) is two.
_SPELLED = re.compile(r"(?<![\w'’])(?:[a-zA-Z](?:\.[ \u00a0]*|[ \u00a0]+)){2,}[a-zA-Z](?!\w)\.?")


def _acronym(spelled: str, known: Callable[[str], bool] | None) -> str:
    letters = re.sub(r"[\W_]", "", spelled)
    # « le p l u a partir de… »: a last « a » or « y » may be the next word (à, y), so the
    # documents' own words decide; an acronym they never use is left as heard.
    tries = [letters] + ([letters[:-1]] if letters[-1] in "aAyY" and len(letters) > 3 else [])
    for acronym in tries:
        if known is None or known(acronym.lower()):
            rest = letters[len(acronym):]
            return acronym.upper() + (" " + rest if rest else "")
    return spelled


def as_written(text: str, known: Callable[[str], bool] | None = None) -> str:
    """A spoken question in the documents' written forms: numbers in digits, spelled-out
    acronyms joined (« le c c a s » -> « le CCAS ») when `known` (a word of the documents?)
    says the documents use them, always without it."""
    return digits(_SPELLED.sub(lambda m: _acronym(m.group(0), known), text))


def digits(text: str) -> str:
    """Numbers said in words written in digits ("mille deux cents" -> "1200", "quatorze
    ans" -> "14 ans"), as speech-to-text often leaves them and as documents write them;
    text2num is a maintained French parser that leaves "un", "neuf" (new) and the like."""
    try:
        from text_to_num import alpha2digit
    except ImportError:  # an install without it still answers, with figures as heard
        return text
    return str(alpha2digit(text, "fr"))


def stem(word: str) -> str:
    """A crude French stem: enough to match "tarifs"/"tarif", "inscrire"/"inscription"."""
    for suffix in ("issements", "issement", "ations", "ation", "ements", "ement", "ments",
                   "ment", "euses", "euse", "eurs", "eur", "ives", "ive", "ites", "ite",
                   "ables", "able", "tions", "tion", "ants", "ant", "ees", "es", "ee", "er",
                   "ez", "s",
                   "x", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _key(word: str) -> str:
    return _SYNONYMS.get(word) or stem(word)


_INTENT = {_key(w) for w in _INTENT_WORDS.split()}


def content_words(text: str) -> set[str]:
    """Stems of the words that carry meaning, accents and case folded."""
    words = re.findall(r"[a-z0-9]+", fold(text).replace("'", " "))
    return {_key(w) for w in words if w not in _STOP and (len(w) > 2 or w.isdigit())}


# « sans abonnement », « pas de voiture », « aucun justificatif »: the word after a
# negation names what the visitor is not (general French grammar).
DENYING = r"\b(?:sans|aucune?s?|pas (?:de|du|des))\b|\bpas d'"  # on folded text
_DENIED = re.compile(rf"(?:{DENYING})\s*([a-z][a-z-]*)")


def denied_words(text: str) -> set[str]:
    """The content words a text denies right after « sans », « pas de », « aucun »."""
    return {w for m in _DENIED.finditer(fold(text)) for w in content_words(m.group(1))}


def held_against(denied: set[str], words: set[str], sentence: str) -> set[str]:
    """Of the words the visitor denies, those a sentence (its `words`) holds without
    denying them too: « sans abonnement » against « Abonné : 0,90 € »."""
    return (denied & words) - denied_words(sentence) if denied & words else set()


def topic_words(question: str) -> set[str]:
    """The meaning words of a question minus its intent words (unless nothing is left)."""
    words = content_words(question)
    return (words - _INTENT) or words


# Intent words that name what is asked and that the answering sentence itself tends to
# use ("le délai de fabrication est de 3 semaines"); prices and hours have kind hints.
_ASKED_NAMES = {_key(w) for w in ("delai", "delais", "duree", "adresse", "telephone", "numero")}


def asked_terms(question: str) -> set[str]:
    """The words of a question naming what is asked, which an answer repeats."""
    return content_words(question) & _ASKED_NAMES


PREFIX = 5  # letters two words share to count as the same word ("construire"/"construction")


def prefixes(words: Iterable[str]) -> set[str]:
    """The words cut to `PREFIX` letters, to be compared as the same word."""
    return {w[:PREFIX] for w in words}


def weight(words: set[str]) -> float:
    """A visitor's own figures ("mon fils a 10 ans") say less about the topic than words."""
    return sum(0.2 if w.isdigit() or w in ("an", "ans", "mois") else 1.0 for w in words)


_NUM = r"(\d+(?:[ \u00a0\u202f]\d{3})*(?:[.,]\d+)?)"
_RANGES = (  # (pattern, low group, high group); None = open end
    (re.compile(rf"\b(?:de|entre)\s+{_NUM}[^\d;]{{0,12}}?\s+(?:a|et)\s+{_NUM}"), 1, 2),
    (re.compile(rf"{_NUM}\s*(?:a|-)\s*{_NUM}\s*(?:ans|€|m|mois|jours)"), 1, 2),
    (re.compile(rf"\b(?:jusqu'a|moins de|inferieur a|au plus|maximum)\s+{_NUM}"), None, 1),
    (re.compile(rf"\b(?:plus de|a partir de|au-dela de|superieur a|au moins|des)\s+{_NUM}"),
     1, None),
    # « 70 ans et plus », « 3 ans ou moins »
    (re.compile(rf"{_NUM}\s*(?:ans|€|m|mois|jours)?\s+(?:et|ou)\s+plus\b"), 1, None),
    (re.compile(rf"{_NUM}\s*(?:ans|€|m|mois|jours)?\s+(?:et|ou)\s+moins\b"), None, 1),
)


def _value(raw: str) -> float:
    return float(re.sub(r"[ \u00a0\u202f]", "", raw).replace(",", "."))


def numbers_in(text: str) -> list[float]:
    return [_value(n) for n in re.findall(_NUM, fold(text))]


def range_spans(text: str) -> list[tuple[int, int]]:
    """Where ``text`` (folded) states a range ("de 15 a 17 ans", "moins de 15 ans")."""
    return [m.span() for pattern, _, _ in _RANGES for m in pattern.finditer(text)]


def in_a_range(numbers: list[float], sentence: str) -> bool:
    """True when one of the numbers falls in a range the sentence states ("de 701 € à
    1 000 €", "moins de 15 ans"): how a table row answers "avec un quotient de 800"."""
    return bool(held_in_ranges(numbers, sentence))


def held_in_ranges(numbers: list[float], sentence: str) -> set[float]:
    """The numbers that fall in a range the sentence states."""
    text = fold(sentence)
    held: set[float] = set()
    for pattern, lo_group, hi_group in _RANGES:
        for m in pattern.finditer(text):
            lo = _value(m.group(lo_group)) if lo_group else float("-inf")
            hi = _value(m.group(hi_group)) if hi_group else float("inf")
            held |= {n for n in numbers if lo <= n <= hi}
    return held


# Month names: a closed class of general French.
MONTHS = ("janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout",
          "septembre", "octobre", "novembre", "decembre")
_MONTH = "(" + "|".join(MONTHS) + ")"
_DAY = r"(?:(\d{1,2})(?:er)?\s+)?"
# « du 1er novembre au 31 mars », or as a table header writes it, « 1er avril - 31 octobre ».
_PERIOD = re.compile(rf"\b(?:du|de|d')\s*{_DAY}{_MONTH}\s+(?:au|a|jusqu'au)\s+{_DAY}{_MONTH}"
                     rf"|\b{_DAY}{_MONTH}\s*[-\u2013]\s*{_DAY}{_MONTH}")


# A person's age as French says it (« il a 14 ans », « ma fille de 16 ans », « j'ai eu
# 18 ans »): a figure in years after another word is a duration (« valable 10 ans »), and
# « il y a 2 ans » a time ago.
_AGE = re.compile(r"(?<!\by )\b(?:a|ai|as|avons|avez|ont|eu|avoir|de|agee?s? de)"
                  r"\s+(\d{1,3}) ?ans\b")


def ages_in(text: str) -> list[float]:
    """The ages of people a text states (« mon fils a 14 ans » -> [14.0])."""
    return [float(n) for n in _AGE.findall(fold(text))]


def _day_of_year(month: str, day: str | None, end: bool) -> int:
    """A day as month * 31 + day: enough to order days within a year."""
    m = MONTHS.index(month)
    return m * 31 + (int(day) if day else (31 if end else 1))


# The seasons, a closed class of general French, as their months (the meteorological
# seasons: a town's « horaires d'hiver » run from October or November to March, and
# December to February falls in any of them). « été » only after a determiner: « a été »
# is the verb.
_SEASONS = {"hiver": ("decembre", "janvier", "fevrier"), "printemps": ("mars", "avril", "mai"),
            "ete": ("juin", "juillet", "aout"),
            "automne": ("septembre", "octobre", "novembre")}
_SEASON = re.compile(r"\b(?:en|cet|l'|d'|au)\s*(hiver|printemps|ete|automne)\b")


def asked_days(question: str) -> list[int]:
    """The days a visitor names by their month ("en décembre", "le 3 juin") or season
    ("l'hiver"): every day of a month named alone."""
    folded = fold(question)
    out: list[int] = []
    for m in _SEASON.finditer(folded):
        for month in _SEASONS[m.group(1)]:
            out.extend(_whole_month(month))
    for m in re.finditer(rf"(?:\b(\d{{1,2}})(?:er)?\s+)?\b{_MONTH}\b", folded):
        if m.group(1):
            out.append(_day_of_year(m.group(2), m.group(1), False))
        else:
            out.extend(_whole_month(m.group(2)))
    return out


def _whole_month(month: str) -> range:
    start = _day_of_year(month, None, False)
    return range(start, start + 31)


def period_start(text: str) -> int | None:
    """Where the text's first stated period starts (« du 1er novembre … »), or None."""
    m = _PERIOD.search(fold(text))
    return m.start() if m else None


def in_a_period(days: list[int], text: str) -> bool | None:
    """Whether one of the visitor's days falls in a period the text states ("du 1er
    novembre au 31 mars", across the new year too); None when it states none."""
    periods = list(_PERIOD.finditer(fold(text)))
    if not days or not periods:
        return None
    for m in periods:
        d1, m1, d2, m2 = m.groups()[:4] if m.group(2) else m.groups()[4:]
        lo = _day_of_year(m1, d1, False)
        hi = _day_of_year(m2, d2, True)
        if any(lo <= d <= hi if lo <= hi else (d >= lo or d <= hi) for d in days):
            return True
    return False


# Weekdays: a closed class of general French.
DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
WEEKDAY = "(" + "|".join(DAYS) + ")s?"  # a weekday, its plural too (« les lundis »)
_WEEKDAY_RANGE = re.compile(rf"\bdu {WEEKDAY} au {WEEKDAY}\b")
# The week's two halves as French names them: « le week-end » is Saturday and Sunday,
# « en semaine » (« journée en semaine », « jours de semaine ») Monday to Friday. Not
# « semaine » alone: « deux semaines », « la semaine prochaine » name no weekday.
_WEEK_PARTS = ((re.compile(r"\bweek[- ]?ends?\b"), DAYS[5:]),
               (re.compile(r"(?<!fin )\b(?:en|de) semaine\b"),
                DAYS[:5]))


def weekdays_in(text: str) -> set[str]:
    """The weekdays a text names, ranges (« du mardi au samedi ») and the week's halves
    (« le week-end ») spelled out."""
    text = fold(text)
    days = {m.group(1) for m in re.finditer(rf"\b{WEEKDAY}\b", text)}
    for pattern, half in _WEEK_PARTS:
        if pattern.search(text):
            days |= set(half)
    for m in _WEEKDAY_RANGE.finditer(text):
        a, b = DAYS.index(m.group(1)), DAYS.index(m.group(2))
        days |= set(DAYS[a:b + 1] if a <= b else DAYS[a:] + DAYS[:b + 1])
    return days
