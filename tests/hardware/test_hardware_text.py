"""Display text, pure: transliteration per charset, wrapping, pages, one-line fields, chunks."""

from __future__ import annotations

import random

import pytest

from hardware.protocol import Charset
from hardware.text import (
    can_draw,
    chunk_utf8,
    fit_line,
    page_durations,
    paginate,
    subtitle_pages,
    transliterate,
    wrap,
)

FRENCH = ("L’œuvre « Cœur de ville » coûte 12 € — c’est déjà l’été à Noël… "
          "Ça vaut le détour ; où êtes-vous ? 😀👍")


@pytest.mark.parametrize(
    ("charset", "expected"),
    [
        (Charset.UNICODE, "L’œuvre « Cœur de ville » coûte 12 € — c’est déjà l’été à Noël… "
                          "Ça vaut le détour ; où êtes-vous ? "),
        (Charset.CP1252, "L’œuvre « Cœur de ville » coûte 12 € — c’est déjà l’été à Noël… "
                         "Ça vaut le détour ; où êtes-vous ? "),
        (Charset.LATIN1, "L'oeuvre « Coeur de ville » coûte 12 EUR - c'est déjà l'été à "
                         "Noël... Ça vaut le détour ; où êtes-vous ? "),
        (Charset.ASCII, "L'oeuvre \" Coeur de ville \" coute 12 EUR - c'est deja l'ete a "
                        "Noel... Ca vaut le detour ; ou etes-vous ? "),
    ],
)
def test_transliterate_per_charset(charset: Charset, expected: str) -> None:
    assert transliterate(FRENCH, charset) == expected


def test_transliterated_text_is_always_drawable() -> None:
    rng = random.Random(8)
    alphabet = FRENCH + "ÆæßŸÿ½°©®™“”„‚•·\t\r\u202f\u2009\u00a0ĀŁ中文🙂\u200d\ufe0f\x07"
    for charset in Charset:
        for _ in range(200):
            text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 60)))
            out = transliterate(text, charset)
            assert all(can_draw(c, charset) or c in "\n\u00a0" for c in out), (charset, out)


def test_combining_accents_are_composed_first() -> None:
    assert transliterate("e\u0301te\u0301", Charset.LATIN1) == "été"
    assert transliterate("e\u0301te\u0301", Charset.ASCII) == "ete"


def test_wrap_respects_width_and_keeps_every_word() -> None:
    rng = random.Random(9)
    words = ["le", "la", "mairie", "carte", "d'identité", "passeport", "rendez-vous",
             "8\u00a0h\u00a030", "piscine"]
    for _ in range(300):
        cols = rng.randrange(8, 41)
        text = " ".join(rng.choice(words) for _ in range(rng.randrange(0, 40)))
        lines = wrap(text, cols)
        assert all(0 < len(line) <= cols for line in lines)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "").replace("\u00a0", "")
        if all(len(w) <= cols for w in words):
            assert " ".join(lines).split() == text.replace("\u00a0", " ").split()


def test_wrap_keeps_non_breaking_groups_together_and_cuts_long_words() -> None:
    assert wrap("ouvert de 8\u00a0h\u00a030 à 12\u00a0h", 12) == ["ouvert de", "8 h 30 à", "12 h"]
    assert wrap("voir https://www.service-public.fr/particuliers", 16) == [
        "voir", "https://www.serv", "ice-public.fr/pa", "rticuliers"]
    assert wrap("un\n\ndeux", 10) == ["un", "deux"]


def test_subtitle_pages_split_oversized_text() -> None:
    text = ("Pour renouveler votre carte d'identité, prenez rendez-vous en ligne, puis venez "
            "avec une photo récente, un justificatif de domicile et l'ancienne carte.")
    pages = subtitle_pages(text, 20, 2, Charset.CP1252)
    assert len(pages) > 3
    for page in pages:
        lines = page.split("\n")
        assert 1 <= len(lines) <= 2 and all(len(line) <= 20 for line in lines)
    assert " ".join(p.replace("\n", " ") for p in pages).split() == text.split()
    assert subtitle_pages("", 20, 2, Charset.ASCII) == [""]
    assert paginate(["a", "b", "c"], 2) == ["a\nb", "c"]


def test_fit_line_shortens_with_an_ellipsis() -> None:
    assert fit_line("Mairie", 10, Charset.CP1252) == "Mairie"
    assert fit_line("Service état civil — carte d'identité", 20, Charset.CP1252) == \
        "Service état civil…"
    assert fit_line("Service état civil — carte d'identité", 20, Charset.ASCII) == \
        "Service etat..."
    assert fit_line("x" * 30, 20, Charset.ASCII) == "x" * 17 + "..."
    assert len(fit_line("a\nb " * 40, 16, Charset.LATIN1)) <= 16
    assert "\n" not in fit_line("deux\nlignes", 30, Charset.LATIN1)


def test_chunks_never_cut_a_character() -> None:
    rng = random.Random(10)
    alphabet = "aé€😀\n œ"
    for _ in range(500):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 200)))
        size = rng.randrange(4, 40)
        chunks = chunk_utf8(text, size)
        assert all(len(c) <= size for c in chunks)
        assert "".join(c.decode("utf-8") for c in chunks) == text
    assert chunk_utf8("", 10) == [b""]
    with pytest.raises(ValueError):
        chunk_utf8("x", 3)


def test_page_durations() -> None:
    pages = ["a" * 30, "b" * 10]
    assert page_durations(pages, 4.0, 15) == pytest.approx([3.0, 1.0])
    assert page_durations(pages, None, 15) == pytest.approx([2.0, 1.5])
