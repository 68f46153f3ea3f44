"""Yes/no questions about a day, settled from timetable sentences (rag/yesno.py)."""

from __future__ import annotations

import pytest

from rag.extractive import Scored, rank_sentences
from rag.types import Chunk
from rag.yesno import (
    Asked,
    Status,
    asked_day,
    asked_price,
    day_status,
    price_status,
    searched,
    settle,
    verdict,
)


@pytest.mark.parametrize(("question", "asked"), [
    ("la médiathèque est ouverte le jeudi ?", Asked("jeudi", False)),
    ("le marché c'est fermé le dimanche ou pas", Asked("dimanche", True)),
    ("Est-ce que le musée ouvre les mardis ?", Asked("mardi", False)),
    ("à quelle heure ouvre la poste le samedi", None),  # asks a time
    ("quels jours c'est ouvert", None),  # asks which days
    ("c'est ouvert le lundi et le mardi ?", None),  # two days: not one yes or no
    ("le stade le samedi, on peut venir ?", None),  # not about opening
])
def test_which_questions_ask_whether_a_day_is_open(question: str, asked: Asked | None) -> None:
    assert asked_day(question) == asked


@pytest.mark.parametrize(("sentence", "day", "status"), [
    ("Le musée est fermé le mardi.", "mardi", (Status.CLOSED, True)),
    ("Fermeture hebdomadaire : le lundi.", "lundi", (Status.CLOSED, True)),
    ("Ouvert tous les jours de 9 h à 17 h, sauf le mardi.", "mardi", (Status.CLOSED, True)),
    ("Ouvert tous les jours de 9 h à 17 h, sauf le mardi.", "jeudi", (Status.OPEN, True)),
    ("Accueil du mercredi au dimanche, de 10 h à 18 h.", "vendredi", (Status.OPEN, True)),
    ("Accueil du vendredi au lundi, de 10 h à 18 h.", "dimanche", (Status.OPEN, True)),
    # A timetable of several days that leaves one out: closed, less surely.
    ("Accueil du mercredi au dimanche, de 10 h à 18 h.", "lundi", (Status.CLOSED, False)),
    ("Permanence lundi, mercredi et vendredi de 9 h à 12 h.", "jeudi", (Status.CLOSED, False)),
    ("Permanence le mercredi de 9 h à 12 h.", "jeudi", None),  # one day named: says nothing
    ("Le marché a lieu le samedi matin.", "samedi", None),  # no hours: not a timetable
    # A table row's timetable cell is the row's whole week, however few days it lists.
    ("Structure : Halte-garderie ; Jours et horaires : mardi et jeudi, 8 h 30 - 12 h",
     "mercredi", (Status.CLOSED, False)),
    # A row per group of days: the one naming the day says closed outright.
    ("Jour : Lundi, jeudi, dimanche ; Toute l'année : fermée", "jeudi", (Status.CLOSED, True)),
    ("Jour : Lundi, jeudi, dimanche ; Toute l'année : fermée", "mardi", None),
])
def test_what_a_sentence_says_of_a_day(sentence: str, day: str,
                                       status: tuple[Status, bool] | None) -> None:
    assert day_status(sentence, day) == status


def test_a_sentence_saying_it_outright_wins_over_a_timetable_leaving_the_day_out() -> None:
    units = ["Horaires : du mardi au samedi, de 9 h à 18 h.",
             "Le bassin est fermé le lundi pour l'entretien."]

    def monday(text: str) -> tuple[Status, bool] | None:
        return day_status(text, "lundi")

    v = verdict(Status.OPEN, monday, units)  # « ouvert le lundi ? »
    assert v is not None and (v.yes, v.index) == (False, 1)
    v = verdict(Status.CLOSED, monday, units)  # « c'est fermé le lundi ? » -> oui
    assert v is not None and v.yes
    # The timetable alone says no less surely, and only among the first units.
    v = verdict(Status.OPEN, monday, units[:1])
    assert v is not None and (v.yes, v.index) == (False, 0)
    assert verdict(Status.OPEN, monday, ["Rien.", "Rien.", "Rien.", units[0]]) is None


@pytest.mark.parametrize(("question", "yes_if"), [
    ("le concert c'est payant pour rentrer", Status.PAID),
    ("la carte de bibliothèque elle est gratuite ?", Status.FREE),
    ("est-ce qu'il faut payer pour la déchetterie", Status.PAID),
    ("le pacs à la mairie ça coûte des sous", Status.PAID),
    ("ça coûte combien la carte", None),  # asks a price
    ("combien c'est payant", None),  # asks a price
    ("où est-ce qu'on peut payer la cantine ?", None),  # asks a place
    ("la piscine ouvre le lundi ?", None),
    ("le passeport c'est gratuit quand c'est un enfant", Status.FREE),  # « quand »: if
    ("on peut payer la cantine avec des chèques ?", None),  # asks how one pays
    ("faut payer quelque chose pour en ravoir une", Status.PAID),  # « en »: a pronoun
])
def test_which_questions_ask_whether_something_is_paid(question: str,
                                                       yes_if: Status | None) -> None:
    assert asked_price(question) == yes_if


@pytest.mark.parametrize(("sentence", "status"), [
    ("Entrée gratuite, dans la limite des places disponibles.", Status.FREE),
    ("Entrée libre.", Status.FREE),
    ("La séance coûte 6,50 €.", Status.PAID),
    ("Gratuit pour les habitants, 12 € pour les autres.", Status.BOTH),
    ("La salle accueille 80 personnes.", None),
])
def test_what_a_sentence_says_of_paying(sentence: str, status: Status | None) -> None:
    found = price_status(sentence)
    assert (found[0] if found else None) == status


def _units(question: str, chunks: list[Chunk]) -> list[Scored]:
    return rank_sentences(question, chunks)


def test_the_answer_starts_with_no_and_reads_the_sentence_that_settles_it() -> None:
    chunks = [Chunk("m-1", "Le musée est ouvert du mercredi au dimanche, de 10 h à 18 h. "
                    "Il est fermé le mardi.", "musee.html", "Musée du Lin", "Horaires")]
    question = "le musée c'est ouvert le mardi ou pas"
    rank, text, _ = settle(question, chunks, _units(question, chunks))
    assert (rank, text) == (0, "Non. Horaires : il est fermé le mardi.")
    question = "le musée est ouvert le jeudi ?"
    assert settle(question, chunks, _units(question, chunks))[1].startswith("Oui. ")


def test_a_document_saying_both_gets_both_sentences_with_their_sections() -> None:
    chunks = [
        Chunk("s-1", "Horaires pendant les vacances\nDu lundi au vendredi de 10 h à 19 h.",
              "stade.html", "Stade nautique", "Horaires pendant les vacances"),
        Chunk("s-2", "Horaires en période scolaire\n- Lundi : fermé (nettoyage)\n"
              "- Mardi : 12 h à 14 h", "stade.html", "Stade nautique",
              "Horaires en période scolaire"),
        Chunk("m-1", "Le marché est fermé le lundi.", "marche.html", "Marché", ""),
    ]
    question = "le stade nautique est ouvert le lundi ?"
    rank, text, _ = settle(question, chunks, _units(question, chunks))
    assert rank == 1  # the source named is the page of the closed day
    assert "Non" not in text and "Oui" not in text
    assert "période scolaire : lundi : fermé (nettoyage)." in text
    assert "vacances : du lundi au vendredi de 10 h à 19 h." in text
    assert "marché" not in text.lower()  # another document: another source


def test_questions_about_anything_else_are_left_to_the_answering_stage() -> None:
    chunks = [Chunk("m-1", "Le musée est fermé le mardi.", "musee.html", "Musée", "")]
    for question in ("à quelle heure ferme le musée le mardi", "combien coûte le musée"):
        assert settle(question, chunks, _units(question, chunks)) is None


def test_free_or_paid_is_answered_from_the_unit_asked_about() -> None:
    chunks = [Chunk("c-1", "Concert de la chorale le samedi 6 juin à 20 h. Entrée gratuite, "
                    "dans la limite des places disponibles.", "agenda.ics", "Agenda", ""),
              Chunk("b-1", "L'inscription est gratuite pour les habitants, 15 € par an pour "
                    "les autres.", "biblio.html", "Bibliothèque", "S'inscrire")]
    question = "le concert de la chorale c'est payant ?"
    rank, text, _ = settle(question, chunks, _units(question, chunks))
    assert (rank, text) == (0, "Non. Entrée gratuite, dans la limite des places disponibles.")
    question = "l'inscription à la bibliothèque c'est payant ?"
    _rank, text, _ = settle(question, chunks, _units(question, chunks))
    assert text == ("S'inscrire : l'inscription est gratuite pour les habitants, 15 € par an "
                    "pour les autres.")  # both: read, no yes or no


def test_free_or_paid_is_read_from_units_about_what_is_named_and_for_the_visitor() -> None:
    chunks = [Chunk("p-1", "Relais petite enfance : le relais est gratuit pour les familles.",
                    "petite-enfance.docx", "Petite enfance : crèche et relais", "")]
    question = "la crèche c'est gratuit ?"
    assert settle(question, chunks, _units(question, chunks)) is None  # the relais is
    pool = [Chunk("n-1", "Formule : Enfant de moins de 4 ans ; Habitants : gratuit\n"
                  "Stages de natation pour les 6-12 ans : 5 séances pour 60 €.",
                  "piscine.html", "Piscine", "Tarifs")]
    question = "la piscine c'est gratuit pour mon petit il a 3 ans"
    _rank, text, _ = settle(question, pool, _units(question, pool))
    assert text.startswith("Oui.") and "60 €" not in text


def test_a_row_naming_another_structure_does_not_settle_the_one_asked_about() -> None:
    table = ("Petite enfance : crèche, halte-garderie et relais — Les modes d'accueil\n"
             "Structure : Relais petite enfance ; Jours et horaires : lundi 13 h 30 - 17 h, "
             "mercredi 9 h - 12 h\n"
             "Structure : Halte-garderie La Ribambelle ; Jours et horaires : mardi et jeudi, "
             "8 h 30 - 12 h")
    chunks = [Chunk("e-1", table, "enfance.docx", "Petite enfance : crèche, halte-garderie "
                    "et relais", "Les modes d'accueil")]
    question = "la halte-garderie elle est ouverte le mercredi matin"
    _rank, text, _ = settle(question, chunks, _units(question, chunks))
    assert text.startswith("Non.") and "Ribambelle" in text and "Relais" not in text
    question = "le relais est ouvert le mercredi ?"
    _rank, text, _ = settle(question, chunks, _units(question, chunks))
    assert text.startswith("Oui.") and "Relais" in text


def test_whether_something_is_free_is_searched_as_its_tariff() -> None:
    # « gratuit » would find whatever else is free before the cantine's price list.
    assert searched("la cantine c'est gratuit maintenant") == "la cantine c'est tarif maintenant"
    assert searched("le concert c'est payant ?") == "le concert c'est tarif ?"
    for question in ("ça coûte combien la cantine", "la piscine ouvre le lundi ?",
                     "les amendes on peut les payer en liquide c'est bien ça"):
        assert searched(question) == question  # a price or anything else: as asked


def test_which_days_it_is_closed_is_read_from_a_table_s_closed_rows() -> None:
    rows = ("Jour : Lundi ; Été : 14 h - 18 h 30\nJour : Mardi ; Été : fermée\n"
            "Jour : Mercredi ; Été : 9 h - 12 h / 14 h - 18 h 30\n"
            "Jour : Dimanche et jours fériés ; Été : fermée")
    chunks = [Chunk("d-1", rows, "dechets.html", "Déchets", "Déchetterie des Varennes")]
    question = "la déchetterie c'est quel jour de la semaine qu'elle est fermée"
    _rank, text, _ = settle(question, chunks, _units(question, chunks))
    assert text == ("Déchetterie des Varennes : jour Mardi, été fermée. Jour Dimanche et jours "
                    "fériés, été fermée.")
    # Asking an hour, the closed rows say nothing of it.
    assert settle("la déchetterie ferme à quelle heure le lundi", chunks,
                  _units("la déchetterie ferme à quelle heure le lundi", chunks)) is None


def test_a_no_is_followed_by_what_is_the_case_instead() -> None:
    # The rule stated before its exception, in the passage before (the chunk's first
    # sentence is its title line).
    rule = Chunk("m1", "État civil — Mariage. Les célébrations ont lieu le vendredi et le "
                 "samedi.", "etat-civil.html", "État civil", "Mariage")
    exception = Chunk("m2", "État civil — Mariage. Aucun mariage n'est célébré le dimanche.",
                      "etat-civil.html", "État civil", "Mariage")
    q = "est-ce qu'on peut se marier un dimanche ?"
    ranked = rank_sentences(q, [exception])
    found = settle(q, [exception], ranked, lambda c: rule if c is exception else None)
    assert found is not None
    assert found[1] == ("Non. Aucun mariage n'est célébré le dimanche. "
                        "Les célébrations ont lieu le vendredi et le samedi.")
    # Without the passage before, the « non » and its sentence alone.
    alone = settle(q, [exception], ranked)
    assert alone is not None and "vendredi" not in alone[1]


def test_a_follow_up_s_own_words_say_what_it_asks() -> None:
    """« et l'inscription, elle est payante ? » after the Saturday hours: merged with the
    topic, the question also asks an hour; the visitor's own words ask a price."""
    chunks = [Chunk("m-1", "Horaires : le samedi de 10 h à 17 h. L'inscription est gratuite "
                    "pour tous les lecteurs.", "mediatheque.html", "Médiathèque", "")]
    merged = "la médiathèque le samedi elle ouvre à quelle heure, l'inscription elle est payante"
    ranked = rank_sentences(merged, chunks)
    assert settle(merged, chunks, ranked) is None
    settled = settle(merged, chunks, ranked, focus="et l'inscription elle est payante")
    assert settled is not None
    assert settled[1] == "Non. L'inscription est gratuite pour tous les lecteurs."
