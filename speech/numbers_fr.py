"""French numbers in words: cardinals, ordinals, decimals. Pure, no I/O.

Traditional spelling ("vingt et un", "quatre-vingts", "deux cents", "mille"): the voice
only needs the words, and it is what a reader of the screen transcript expects.
"""

from __future__ import annotations

_UNITS = [
    "zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix",
    "onze", "douze", "treize", "quatorze", "quinze", "seize", "dix-sept", "dix-huit",
    "dix-neuf",
]
_TENS = {2: "vingt", 3: "trente", 4: "quarante", 5: "cinquante", 6: "soixante"}
_SCALES = [(10**12, "billion"), (10**9, "milliard"), (10**6, "million")]
MONTHS = [
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
    "octobre", "novembre", "décembre",
]


def _below_100(n: int) -> str:
    if n < 20:
        return _UNITS[n]
    tens, unit = divmod(n, 10)
    if tens in _TENS:
        if unit == 0:
            return _TENS[tens]
        return f"{_TENS[tens]} et un" if unit == 1 else f"{_TENS[tens]}-{_UNITS[unit]}"
    if tens == 7:  # soixante-dix .. soixante-dix-neuf
        return "soixante et onze" if unit == 1 else f"soixante-{_UNITS[10 + unit]}"
    if n == 80:
        return "quatre-vingts"
    return f"quatre-vingt-{_UNITS[n - 80]}"  # 81..99 (no "et")


def _below_1000(n: int, final: bool) -> str:
    """``final``: nothing follows, so "deux cents" takes its s (not "deux cent mille")."""
    hundreds, rest = divmod(n, 100)
    words = []
    if hundreds:
        head = "cent" if hundreds == 1 else f"{_UNITS[hundreds]} cent"
        if hundreds > 1 and rest == 0 and final:
            head += "s"
        words.append(head)
    if rest:
        text = _below_100(rest)
        if rest == 80 and not final:
            text = "quatre-vingt"
        words.append(text)
    return " ".join(words)


def cardinal(n: int, feminine: bool = False) -> str:
    """123 -> "cent vingt-trois"; ``feminine`` gives "une" ("vingt et une heures")."""
    if n < 0:
        return "moins " + cardinal(-n, feminine)
    if n == 0:
        return "zéro"
    words: list[str] = []
    rest = n
    for value, name in _SCALES:
        count, rest = divmod(rest, value)
        if count:
            plural = "s" if count > 1 else ""
            words.append(f"{cardinal(count)} {name}{plural}")
    thousands, rest = divmod(rest, 1000)
    if thousands:
        words.append("mille" if thousands == 1 else f"{_below_1000(thousands, False)} mille")
    if rest:
        words.append(_below_1000(rest, True))
    text = " ".join(words)
    if feminine and (text == "un" or text.endswith((" un", "-un"))):
        text = text[:-2] + "une"
    return text


def ordinal(n: int, feminine: bool = False) -> str:
    """1 -> "premier"/"première", 2 -> "deuxième", 21 -> "vingt et unième"."""
    if n == 1:
        return "première" if feminine else "premier"
    word = cardinal(n)
    if word.endswith("cinq"):
        return word + "uième"
    if word.endswith("neuf"):
        return word[:-1] + "vième"
    if word.endswith(("cents", "vingts")):
        word = word[:-1]
    if word.endswith("e"):
        word = word[:-1]
    return word + "ième"


def decimal(integer: str, fraction: str) -> str:
    """"3", "50" -> "trois virgule cinquante"; leading zeros are read ("zéro cinq")."""
    head = cardinal(int(integer or "0"))
    zeros = len(fraction) - len(fraction.lstrip("0"))
    tail = " ".join(["zéro"] * zeros)
    rest = fraction.lstrip("0")
    if rest:
        tail = f"{tail} {cardinal(int(rest))}".strip()
    return f"{head} virgule {tail or 'zéro'}"


def digits_in_pairs(digits: str) -> str:
    """"0123456789" -> "zéro un, vingt-trois, ...": how French phone numbers are read."""
    groups = []
    i = 0
    if len(digits) % 2:  # an odd count reads its first digit alone
        groups.append(_UNITS[int(digits[0])])
        i = 1
    for j in range(i, len(digits), 2):
        pair = digits[j:j + 2]
        groups.append(f"zéro {_UNITS[int(pair[1])]}" if pair[0] == "0" else cardinal(int(pair)))
    return ", ".join(groups)


def date(day: int, month: int, year: int | None) -> str:
    """12, 3, 2026 -> "douze mars deux mille vingt-six" (1 -> "premier")."""
    words = f"{'premier' if day == 1 else cardinal(day)} {MONTHS[month - 1]}"
    return f"{words} {cardinal(year)}" if year is not None else words
