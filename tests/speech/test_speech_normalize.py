"""French normalisation before synthesis: a table of what the robot must say aloud."""

from __future__ import annotations

import pytest

from speech.normalize_fr import normalize_fr
from speech.numbers_fr import cardinal, ordinal
from speech.textclean import clean, prepare, split_sentences
from speech.wer import wer

TABLE = [
    # times
    ("à 8h30", "à huit heures trente"),
    ("à 8h", "à huit heures"),
    ("à 14h05", "à quatorze heures cinq"),
    ("à 1h", "à une heure"),
    ("à 21h", "à vingt et une heures"),
    ("de 8 h 30 à 12 h", "de huit heures trente à douze heures"),
    ("de 9h-12h", "de neuf heures à douze heures"),
    ("à 08:30", "à huit heures trente"),
    ("ouvert 24h/24 et 7j/7", "ouvert vingt-quatre heures sur vingt-quatre et sept jours sur sept"),
    # prices
    ("25 €", "vingt-cinq euros"),
    ("12,50 €", "douze euros cinquante"),
    ("1 €", "un euro"),
    ("0,50 €", "cinquante centimes"),
    ("1 250 €", "mille deux cent cinquante euros"),
    ("86€", "quatre-vingt-six euros"),
    ("2 000 000 €", "deux millions d'euros"),
    # dates
    ("le 12/03/2026", "le douze mars deux mille vingt-six"),
    ("le 01/01/2027", "le premier janvier deux mille vingt-sept"),
    ("le 2026-07-14", "le quatorze juillet deux mille vingt-six"),
    ("le 24/12", "le vingt-quatre décembre"),
    # ordinals
    ("le 1er étage", "le premier étage"),
    ("la 1re fois", "la première fois"),
    ("la 1ère fois", "la première fois"),
    ("la 2e porte", "la deuxième porte"),
    ("le 3ème", "le troisième"),
    ("le 21e siècle", "le vingt et unième siècle"),
    ("le XIXe siècle", "le dix-neuvième siècle"),
    ("les 2nds", "les seconds"),
    # abbreviations
    ("M. Dupont", "monsieur Dupont"),
    ("Mme Martin", "madame Martin"),
    ("MM. Durand", "messieurs Durand"),
    ("bureau n°3", "bureau numéro trois"),
    ("N° 12", "numéro douze"),
    ("prendre rdv", "prendre rendez-vous"),
    ("un RDV", "un rendez-vous"),
    ("Tél. 3939", "téléphone trois mille neuf cent trente-neuf"),
    ("à 2 km", "à deux kilomètres"),
    ("15 min", "quinze minutes"),
    # phone numbers, read in pairs
    ("01 23 45 67 89", "zéro un, vingt-trois, quarante-cinq, soixante-sept, quatre-vingt-neuf"),
    ("01.23.45.67.89", "zéro un, vingt-trois, quarante-cinq, soixante-sept, quatre-vingt-neuf"),
    ("0247000000", "zéro deux, quarante-sept, zéro zéro, zéro zéro, zéro zéro"),
    ("+33 1 23 45 67 89",
     "plus trente-trois, un, vingt-trois, quarante-cinq, soixante-sept, quatre-vingt-neuf"),
    # numbers
    ("2026", "deux mille vingt-six"),
    ("1990", "mille neuf cent quatre-vingt-dix"),
    ("71 ans", "soixante et onze ans"),
    ("80 ans", "quatre-vingts ans"),
    ("91 ans", "quatre-vingt-onze ans"),
    ("200 000 habitants", "deux cent mille habitants"),
    ("3,5 km", "trois virgule cinq kilomètres"),
    ("1,05", "un virgule zéro cinq"),
    ("bâtiment B2", "bâtiment B deux"),
    # addresses
    ("accueil@mairie-exemple.fr", "accueil arobase mairie-exemple point fr"),
    ("https://www.service-public.fr/particuliers/vosdroits.",
     "service-public point fr slash particuliers slash vosdroits."),
    ("ants.gouv.fr", "ants point gouv point fr"),
]


@pytest.mark.parametrize(("text", "spoken"), TABLE)
def test_normalize_fr(text: str, spoken: str) -> None:
    assert normalize_fr(text) == spoken


@pytest.mark.parametrize(("n", "words"), [
    (0, "zéro"), (1, "un"), (16, "seize"), (17, "dix-sept"), (21, "vingt et un"),
    (70, "soixante-dix"), (77, "soixante-dix-sept"), (81, "quatre-vingt-un"),
    (99, "quatre-vingt-dix-neuf"), (100, "cent"), (101, "cent un"), (200, "deux cents"),
    (201, "deux cent un"), (1000, "mille"), (80000, "quatre-vingt mille"),
    (1_000_000, "un million"), (2_500_000, "deux millions cinq cent mille"),
    (1_000_000_000, "un milliard"),
])
def test_cardinal(n: int, words: str) -> None:
    assert cardinal(n) == words


@pytest.mark.parametrize(("n", "words"), [
    (1, "premier"), (2, "deuxième"), (4, "quatrième"), (5, "cinquième"), (9, "neuvième"),
    (11, "onzième"), (80, "quatre-vingtième"), (100, "centième"), (1000, "millième"),
])
def test_ordinal(n: int, words: str) -> None:
    assert ordinal(n) == words


@pytest.mark.parametrize("text", [
    "Bonjour 😀👍🏽 !", "🇫🇷🇫🇷", "→ ★ ♥ ✓ ∑ ∞", "\x00\x07 contrôle", "‍️", "", "   ", "…",
    "<b>gras</b> *etc*", "€€€ %%% @@@", "١٢٣ 一二三", "👨‍👩‍👧 famille",
])
def test_symbols_and_emojis_never_crash(text: str) -> None:
    for language in ("fr", "en", "ko"):
        for sentence in prepare(text, language):
            assert sentence.strip()
            assert not any(ord(c) >= 0x1F000 for c in sentence)


def test_emojis_are_dropped_and_symbols_spoken() -> None:
    assert clean("Merci 😀 ! 50 % & plus", "fr") == "Merci! 50 pour cent et plus"
    assert prepare("Bienvenue 👋. Ouvert à 9h.", "fr") == ["Bienvenue.", "Ouvert à neuf heures."]


def test_sentences_split_for_streaming() -> None:
    assert split_sentences("Bonjour. Comment allez-vous ? Très bien ! Merci") == [
        "Bonjour.", "Comment allez-vous ?", "Très bien !", "Merci"]
    assert prepare("Rendez-vous avec M. Dupont. Il est au 2e étage.", "fr") == [
        "Rendez-vous avec monsieur Dupont.", "Il est au deuxième étage."]


def test_wer() -> None:
    assert wer("Comment renouveler ma carte d'identité ?",
               "comment renouveler ma carte d'identité") == 0
    assert wer("a b c d", "a x c") == pytest.approx(0.5)
    assert wer("", "") == 0 and wer("", "bruit") == 1
