"""A table row read for the visitor's case: the cells whose header they name, the
weekdays they name, the household they live in (rag/cells.py)."""

from __future__ import annotations

import pytest

from rag.cells import row_cells
from rag.words import weekdays_in

MUSIC = ("Tranche : B - QF de 501 à 900 € ; Cursus (instrument et formation musicale) : 210 € ; "
         "Pratique collective : 80 € ; Jardin musical (3-5 ans) : 95 €")


def test_a_cell_holding_the_visitors_age_competes_with_the_cells_they_name() -> None:
    # « musical » names both the course (« formation musicale ») and the jardin; the
    # jardin, which also holds the age given, is named better: the course is not read.
    assert row_cells("il a 4 ans, le jardin musical c'est combien en tranche B ?",
                     MUSIC) == "Tranche : B - QF de 501 à 900 € ; Jardin musical (3-5 ans) : 95 €"


def test_a_cell_whose_value_holds_the_visitors_figure_names_no_column() -> None:
    # « quotient familial » names the band's cell, which only says which row this is:
    # the row's prices are still read.
    row = ("Tranche : B ; Quotient familial : de 401 € à 700 € ; Repas : 2,10 € ; "
           "Accueil du soir : 1,90 €")
    assert row_cells("la cantine c'est combien avec un quotient familial de 500", row) == row


def test_a_header_the_visitor_names_with_a_word_that_says_when_is_read_alone() -> None:
    # « matin » is no topic word (it says when), yet it names the column asked; the
    # topic word « garderie » names none.
    row = ("Tranche : A ; Quotient familial : jusqu'à 400 € ; Repas : 1,00 € ; "
           "Accueil du matin : 0,80 € ; Accueil du soir : 1,20 €")
    assert row_cells("la garderie du matin avec un quotient de 350 c'est combien", row) == (
        "Tranche : A ; Quotient familial : jusqu'à 400 € ; Accueil du matin : 0,80 €")


HALL = ("Salle : Salle du Lavoir ; Capacité : 80 personnes ; Week-end, habitant : 180 € ; "
        "Week-end, extérieur : 330 € ; Journée en semaine : 75 € ; Caution : 400 €")


@pytest.mark.parametrize(("question", "read"), [
    ("on n'habite pas la commune, la salle du lavoir un samedi et dimanche c'est combien",
     "Salle : Salle du Lavoir ; Week-end, extérieur : 330 €"),
    ("la salle du lavoir un mardi ça coûte combien",
     "Salle : Salle du Lavoir ; Journée en semaine : 75 €"),
    # no day said: every price but the other status's
    ("je suis pas d'ici, la salle du lavoir c'est combien",
     "Salle : Salle du Lavoir ; Capacité : 80 personnes ; Week-end, extérieur : 330 € ; "
     "Journée en semaine : 75 € ; Caution : 400 €"),
])
def test_a_header_naming_weekdays_answers_a_visitor_naming_a_day(question: str,
                                                                 read: str) -> None:
    assert row_cells(question, HALL) == read


@pytest.mark.parametrize(("text", "days"), [
    ("le week-end", {"samedi", "dimanche"}),
    ("journée en semaine", {"lundi", "mardi", "mercredi", "jeudi", "vendredi"}),
    ("les jours de semaine", {"lundi", "mardi", "mercredi", "jeudi", "vendredi"}),
    ("en fin de semaine", set()),
    ("dans deux semaines", set()),
    ("les semaines paires", set()),
])
def test_the_weeks_halves_name_their_weekdays(text: str, days: set[str]) -> None:
    assert weekdays_in(text) == days


MEALS = ("Revenus mensuels : de 900 € à 1 400 € ; Personne seule : 6,90 € ; "
         "Couple : 6,10 € par personne")


@pytest.mark.parametrize(("question", "read"), [
    ("on touche 1200 euros à deux avec mon mari, le repas c'est combien",
     "Revenus mensuels : de 900 € à 1 400 € ; Couple : 6,10 € par personne"),
    ("je suis veuve, j'ai 1200 euros par mois, le repas coûte combien",
     "Revenus mensuels : de 900 € à 1 400 € ; Personne seule : 6,90 €"),
    ("avec 1200 euros par mois, le repas coûte combien", MEALS),  # household not said
])
def test_a_row_is_read_for_the_household_the_visitor_said(question: str, read: str) -> None:
    assert row_cells(question, MEALS) == read
