"""French text normalisation before synthesis: what a receptionist would say aloud. Pure.

Order matters: addresses and phone numbers are taken before dates, dates before times,
times and prices before ordinals, and plain numbers last, so no rule eats another's digits.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from speech.numbers_fr import cardinal, date, decimal, digits_in_pairs, ordinal

_SP = r"[ \u00a0\u202f]"  # a space, or the non-breaking spaces French typography uses
_INT = rf"\d{{1,3}}(?:{_SP}\d{{3}})+|\d{{1,3}}(?:\.\d{{3}})+(?![.,]?\d)|\d+"

_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_URL = re.compile(
    r"\b(?:https?://|www\.)[^\s]+|\b[\w-]+(?:\.[\w-]+)*\.(?:gouv\.fr|fr|com|org|net|eu|info)\b"
    r"(?:/[^\s]*)?"
)
_PHONE = re.compile(
    r"(?<![\d+])(?:(?:\+|00)33[ .-]?(?:\(0\)[ .-]?)?([1-9](?:[ .-]?\d{2}){4})"
    r"|(0[1-9](?:[ .\u00a0-]?\d{2}){4}))(?!\d)"
)
# With a year "/" or "."; without one only "/", so "3.5 km" stays a decimal.
_DATE = re.compile(r"\b(\d{1,2})([/.])(\d{1,2})\2(\d{4}|\d{2})\b|\b(\d{1,2})/(\d{1,2})\b(?![/.]\d)")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_ROUND_CLOCK = re.compile(r"\b24\s?h?\s?/\s?24\b|\b7\s?j?\s?/\s?7\b")
_TIME = re.compile(r"\b(\d{1,2})(?:\s?[hH](?:\s?(\d{2}))?|:(\d{2}))(?![\w:])")
_TIME_RANGE = re.compile(r"(\d{1,2}\s?[hH:](?:\s?\d{2})?)\s?[-–]\s?(?=\d{1,2}\s?[hH:])")
_PRICE = re.compile(rf"({_INT})(?:[,.](\d{{1,2}}))?{_SP}?(?:€|EUR\b|euros?\b)")
_ORDINAL = re.compile(r"\b(\d+)(ers?|res?|ères?|eres?|nde?s?|èmes?|emes?|es?)\b")
_ROMAN = re.compile(r"\b([IVXLC]{2,}|[VX])(er|e|ème)\b")
_LETTER_DIGIT = re.compile(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])")
_DECIMAL = re.compile(r"\b(\d+),(\d+)\b")
_NUMBER = re.compile(rf"\b(?:{_INT})\b")

_ABBREVIATIONS: list[tuple[str, str]] = [
    (r"\bIer\b", "premier"),
    (r"\bMM\.(?=\s)", "messieurs"),
    (r"\bM\.(?=\s)", "monsieur"),
    (r"\bMmes\b\.?", "mesdames"),
    (r"\bMme\b\.?", "madame"),
    (r"\bMlles?\b\.?", "mademoiselle"),
    (r"\bDr\b\.?(?=\s)", "docteur"),
    (r"(?i)\bn[°º]\s?", "numéro "),
    (r"(?i)\brdv\b", "rendez-vous"),
    (r"(?i)\bsvp\b", "s'il vous plaît"),
    (r"(?i)\betc\b", "et cetera"),  # its dot may end the sentence: left in place
    (r"(?i)\btél\b\.?", "téléphone"),
    (r"\bbd\b\.?", "boulevard"),
    (r"\bav\.(?=\s)", "avenue"),
    (r"\bSte\b(?=[\s-])", "Sainte"),
    (r"\bSt\b(?=[\s-])", "Saint"),
    (r"\benv\.(?=\s)", "environ"),
    (r"\bcf\.(?=\s)", "voir"),
    (r"(?<=\d)\s?km\b", " kilomètres"),
    (r"(?<=\d)\s?kg\b", " kilos"),
    (r"(?<=\d)\s?min\b", " minutes"),
    (r"(?<=\d)\s?m²", " mètres carrés"),
    (r"(?<=\d)\s?°C\b", " degrés"),
]
_ABBREV_RES = [(re.compile(p), word) for p, word in _ABBREVIATIONS]


def _address(text: str) -> str:
    """Spell an e-mail or a host name the way one dictates it ("-" is silent, as said)."""
    words = text.replace("@", " arobase ").replace(".", " point ").replace("_", " tiret bas ")
    return re.sub(r"\s+", " ", words).strip()


def _email(m: re.Match[str]) -> str:
    return _address(m.group(0))


def _url(m: re.Match[str]) -> str:
    """Host and path, no scheme, "www" or query string: what a visitor can type in."""
    whole = m.group(0)
    url = whole.rstrip(".,;:!?)")
    trail = whole[len(url):]  # sentence punctuation the pattern swallowed
    url = re.sub(r"^(?:https?://)?(?:www\.)?", "", url).split("?")[0].split("#")[0].rstrip("/")
    host, _, path = url.partition("/")
    segments = [s.replace("-", " ") for s in path.split("/") if s]
    return " slash ".join([_address(host), *segments]) + trail


def _phone(m: re.Match[str]) -> str:
    if m.group(1):  # international: +33 then the number without its leading 0
        return "plus trente-trois, " + digits_in_pairs("0" + re.sub(r"\D", "", m.group(1)))[5:]
    return digits_in_pairs(re.sub(r"\D", "", m.group(2)))


def _year(text: str | None) -> int | None:
    if text is None:
        return None
    return int(text) + 2000 if len(text) == 2 else int(text)


def _date(m: re.Match[str]) -> str:
    if m.group(1):
        day, month, year = int(m.group(1)), int(m.group(3)), _year(m.group(4))
    else:
        day, month, year = int(m.group(5)), int(m.group(6)), None
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return m.group(0)
    return date(day, month, year)


def _iso_date(m: re.Match[str]) -> str:
    year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return m.group(0)
    return date(day, month, year)


def _round_clock(m: re.Match[str]) -> str:
    if m.group(0).startswith("7"):
        return "sept jours sur sept"
    return "vingt-quatre heures sur vingt-quatre"


def _time(m: re.Match[str]) -> str:
    hours, minutes = int(m.group(1)), m.group(2) or m.group(3)
    if hours > 24 or (minutes is not None and int(minutes) > 59):
        return m.group(0)
    if m.group(3) is not None and hours > 23:
        return m.group(0)
    words = f"{cardinal(hours, feminine=True)} {'heure' if hours <= 1 else 'heures'}"
    if minutes and int(minutes):
        words += f" {cardinal(int(minutes), feminine=True)}"
    return words


def _int_value(text: str) -> int:
    return int(re.sub(r"\D", "", text))


def _price(m: re.Match[str]) -> str:
    euros, cents_text = _int_value(m.group(1)), m.group(2)
    cents = int(cents_text.ljust(2, "0")) if cents_text else 0
    if euros == 0 and cents:
        return f"{cardinal(cents)} centime{'s' if cents > 1 else ''}"
    words = f"{cardinal(euros)} euro{'s' if euros > 1 else ''}"
    if euros >= 10**6 and euros % 10**6 == 0:
        words = words.replace(" euros", " d'euros")  # "un million d'euros"
    return f"{words} {cardinal(cents)}" if cents else words


def _ordinal(m: re.Match[str]) -> str:
    n, suffix = int(m.group(1)), m.group(2).lower()
    plural = "s" if suffix.endswith("s") else ""
    if suffix.startswith("nd"):
        return ("seconde" if suffix.startswith("nde") else "second") + plural
    feminine = suffix.rstrip("s") in ("re", "ère", "ere")
    return ordinal(n, feminine=feminine) + plural


def _roman_value(text: str) -> int:
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    total = 0
    for i, ch in enumerate(text):
        v = values[ch]
        total += -v if i + 1 < len(text) and values[text[i + 1]] > v else v
    return total


def _roman(m: re.Match[str]) -> str:
    return ordinal(_roman_value(m.group(1)))


def _number(m: re.Match[str]) -> str:
    text = m.group(0)
    digits = re.sub(r"\D", "", text)
    if (len(digits) > 1 and digits.startswith("0")) or len(digits) > 15:
        return " ".join(cardinal(int(d)) for d in digits)  # codes and identifiers, digit by digit
    return cardinal(int(digits))


def _decimal(m: re.Match[str]) -> str:
    return decimal(m.group(1), m.group(2))


_RULES: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str] | str]] = [
    (_EMAIL, _email),
    (_URL, _url),
    (_PHONE, _phone),
    (_ROUND_CLOCK, _round_clock),
    (_ISO_DATE, _iso_date),
    (_DATE, _date),
    (_TIME_RANGE, r"\1 à "),
    (_TIME, _time),
    (_PRICE, _price),
    (_ORDINAL, _ordinal),
    (_ROMAN, _roman),
]


def normalize_fr(text: str) -> str:
    """Write out numbers, times, prices, dates, ordinals, abbreviations, addresses."""
    text = text.replace("’", "'")
    for pattern, repl in _RULES:
        text = pattern.sub(repl, text)
    for pattern, word in _ABBREV_RES:
        text = pattern.sub(word, text)
    text = _LETTER_DIGIT.sub(" ", text)  # "A4", "F1342": the letter, then the number
    text = _DECIMAL.sub(_decimal, text)
    return _NUMBER.sub(_number, text)
