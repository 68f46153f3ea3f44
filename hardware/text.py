"""Display text, pure: transliterate to what the display can draw, wrap, paginate, chunk.

The host does all of this so the firmware only draws lines it is given (PROTOCOL.md §5).
"""

from __future__ import annotations

import re
import unicodedata

from hardware.protocol import Charset

NBSP = "\u00a0"
_CP1252_EXTRA = frozenset("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ")
# Used only for characters the display cannot draw; each result is checked again.
_TRANSLIT = {
    "œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss",
    "’": "'", "‘": "'", "‚": "'", "‛": "'", "′": "'", "ʼ": "'",
    "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "«": '"', "»": '"',
    "‹": "'", "›": "'",
    "…": "...", "–": "-", "—": "-", "―": "-", "‐": "-", "‑": "-", "−": "-",
    "€": "EUR", "£": "GBP", "•": "-", "·": ".", "™": "TM", "©": "(c)", "®": "(R)",
    "°": "o", "×": "x", "÷": "/", "½": "1/2", "¼": "1/4", "¾": "3/4", "¿": "?", "¡": "!",
    "\u202f": NBSP, "\u2009": " ", "\u2007": NBSP, "\u2002": " ", "\u2003": " ",
}
_SPACES = {"\t": " ", "\r": " ", "\u202f": NBSP, "\u2007": NBSP}
# Pictographs a character display never has, even with a wide font: dropped.
_EMOJI_BMP = ((0x2600, 0x27BF), (0x2B00, 0x2BFF), (0xFE00, 0xFE0F), (0x200D, 0x200D))


def can_draw(ch: str, charset: Charset) -> bool:
    """Whether one character is in the display's repertoire (PROTOCOL.md §5.1)."""
    o = ord(ch)
    if 0x20 <= o <= 0x7E:
        return True
    if charset == Charset.ASCII:
        return False
    if 0xA0 <= o <= 0xFF:
        return True
    if charset == Charset.LATIN1:
        return False
    if charset == Charset.CP1252:
        return ch in _CP1252_EXTRA
    if o > 0xFFFF or any(lo <= o <= hi for lo, hi in _EMOJI_BMP):
        return False
    return unicodedata.category(ch)[0] not in "CZ" or ch == NBSP


def _one(ch: str, charset: Charset) -> str:
    if can_draw(ch, charset):
        return ch
    if ch in _TRANSLIT:
        return "".join(_one(c, charset) for c in _TRANSLIT[ch])
    decomposed = unicodedata.normalize("NFKD", ch)
    if decomposed != ch:  # é -> e + combining accent: keep what can be drawn
        return "".join(c for c in decomposed if can_draw(c, charset))
    return ""  # emoji, CJK on a Latin display, control characters: dropped


def transliterate(text: str, charset: Charset, *, keep_newlines: bool = True) -> str:
    """Text -> the same text in the display's repertoire: "œ"->"oe", "’"->"'", emoji gone.

    Accents stay when the charset has them. Non-breaking spaces survive (as U+00A0)
    so the wrapper keeps "8 h 30" together; wrap() turns them into plain spaces.
    """
    out = []
    for ch in unicodedata.normalize("NFC", text):
        ch = _SPACES.get(ch, ch)
        if ch == "\n":
            out.append("\n" if keep_newlines else " ")
        elif ch == NBSP:
            out.append(NBSP)
        else:
            out.append(_one(ch, charset))
    return "".join(out)


def wrap(text: str, cols: int) -> list[str]:
    """Greedy word wrap to `cols` characters; over-long words are cut; blank lines dropped."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in re.split(r" +", paragraph.strip(" ")):
            while len(word) > cols:  # a URL or a long number: hard cut
                if line:
                    lines.append(line)
                    line = ""
                lines.append(word[:cols])
                word = word[cols:]
            if not word:
                continue
            if line and len(line) + 1 + len(word) <= cols:
                line += " " + word
            else:
                if line:
                    lines.append(line)
                line = word
        if line:
            lines.append(line)
    return [ln.replace(NBSP, " ") for ln in lines]


def paginate(lines: list[str], rows: int) -> list[str]:
    """Lines -> pages of at most `rows` lines, each page joined with "\\n"."""
    return ["\n".join(lines[i : i + rows]) for i in range(0, len(lines), max(rows, 1))]


def subtitle_pages(text: str, cols: int, rows: int, charset: Charset) -> list[str]:
    """A subtitle -> the pages the display shows one after the other (at least one)."""
    return paginate(wrap(transliterate(text, charset), cols), rows) or [""]


def fit_line(text: str, cols: int, charset: Charset) -> str:
    """A title or source -> one line of at most `cols` characters, shortened with an ellipsis."""
    line = " ".join(transliterate(text, charset, keep_newlines=False).split())
    line = line.replace(NBSP, " ")
    if len(line) <= cols:
        return line
    ellipsis = "…" if can_draw("…", charset) else "..."
    cut = line[: max(cols - len(ellipsis), 0)]
    space = cut.rfind(" ")
    if space >= len(cut) * 2 // 3:  # end on a word when that loses little
        cut = cut[:space]
    return (cut.rstrip() + ellipsis)[:cols]


def page_durations(pages: list[str], total_s: float | None, chars_per_s: float) -> list[float]:
    """How long each page stays up: shares of total_s by length, else a reading pace."""
    sizes = [max(len(p), 1) for p in pages]
    if total_s is not None and total_s > 0:
        whole = sum(sizes)
        return [total_s * s / whole for s in sizes]
    return [max(1.5, s / chars_per_s) for s in sizes]


def chunk_utf8(text: str, max_bytes: int) -> list[bytes]:
    """UTF-8 of text in pieces of at most max_bytes, never cutting inside a character."""
    if max_bytes < 4:
        raise ValueError("max_bytes must hold any UTF-8 character (4 bytes)")
    chunks: list[bytes] = []
    current = bytearray()
    for ch in text:
        enc = ch.encode("utf-8")
        if len(current) + len(enc) > max_bytes:
            chunks.append(bytes(current))
            current = bytearray()
        current += enc
    chunks.append(bytes(current))
    return chunks
