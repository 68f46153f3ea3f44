"""Answers read for the visitor's case: a list of cases cut to theirs (rag/cases.py), a
month in a stated period, another season's hours left out (rag/extractive.py)."""

from __future__ import annotations

import pytest

from rag import extractive as ex
from rag.cases import case_clause, closed_days
from rag.cells import for_status, row_cells, row_field
from rag.memory import Turn, ages_told
from rag.types import Chunk
from rag.unsaid import unsaid_first
from rag.words import asked_days, in_a_period

PASSPORT = ("Le passeport est payant : timbre fiscal de 86 € pour un adulte, de 42 € pour un "
            "mineur de 15 à 17 ans et de 17 € pour un mineur de moins de 15 ans.")


@pytest.mark.parametrize(("question", "spoken"), [
    ("mon fils a 14 ans, le timbre c'est combien ?",
     "Le passeport est payant : timbre fiscal de 17 € pour un mineur de moins de 15 ans."),
    ("et pour ma fille de 16 ans ?",
     "Le passeport est payant : timbre fiscal de 42 € pour un mineur de 15 à 17 ans."),
    ("c'est combien pour un adulte ?", PASSPORT),  # no figure of the visitor's: every case
    ("il a 30 ans", "Le passeport est payant : timbre fiscal de 86 € pour un adulte."),
    ("notre quotient est de 800", PASSPORT),  # a figure but no age, in no range: every case
])
def test_a_list_of_cases_is_read_for_the_visitors_case(question: str, spoken: str) -> None:
    assert case_clause(question, PASSPORT) == spoken


VALID = ("La carte d'identité et le passeport sont valables 10 ans pour un adulte et 5 ans pour "
         "un mineur.")


@pytest.mark.parametrize(("question", "spoken"), [
    # a minor is under 18 (French law): the age read from an earlier turn kept in the query
    ("ma fille a 11 ans, sa carte, elle va durer combien de temps",
     "La carte d'identité et le passeport sont valables 5 ans pour un mineur."),
    ("j'ai 40 ans, c'est valable combien de temps",
     "La carte d'identité et le passeport sont valables 10 ans pour un adulte."),
    ("c'est valable combien de temps", VALID),  # no age given: every case
    ("il me faut 2 photos ?", VALID),  # a figure that is no age
])
def test_minors_and_adults_are_told_apart_by_the_age_given(question: str, spoken: str) -> None:
    # the opening « La carte d'identité et le passeport sont valables » is no case of its own
    assert case_clause(question, VALID) == spoken


MAIRIE = ("Du lundi au vendredi de 8 h 30 à 12 h et de 13 h 30 à 17 h 30, "
          "le samedi de 9 h à 12 h.")


@pytest.mark.parametrize(("question", "spoken"), [
    ("et le samedi ?", "Le samedi de 9 h à 12 h."),
    ("le mardi c'est ouvert à quelle heure ?",  # the afternoon belongs to its weekdays
     "Du lundi au vendredi de 8 h 30 à 12 h et de 13 h 30 à 17 h 30."),
    ("et le dimanche ?", MAIRIE),  # in no case: every case
    ("c'est ouvert quand ?", MAIRIE),
])
def test_a_timetable_is_read_for_the_weekday_asked(question: str, spoken: str) -> None:
    assert case_clause(question, MAIRIE) == spoken


def test_a_range_is_not_cut_and_a_single_range_is_no_list_of_cases() -> None:
    pool = "Un bassin de 10 à 100 m² demande une déclaration, au-delà de 100 m² un permis."
    assert case_clause("pour 50 m2", pool) == "Un bassin de 10 à 100 m² demande une déclaration."
    rule = "Les enfants de moins de 10 ans viennent accompagnés, l'entrée coûte 2 €."
    assert case_clause("mon fils a 8 ans c'est combien", rule) == rule


ALARM = ("L'abonnement coûte 8 € par mois pour les habitants de 75 ans et plus, et 13 € par "
         "mois pour les autres abonnés.")


@pytest.mark.parametrize(("question", "spoken"), [
    ("mon père a 72 ans, l'alarme c'est combien par mois",
     "L'abonnement coûte 13 € par mois pour les autres abonnés."),
    ("ma mère a 80 ans, c'est combien", "L'abonnement coûte 8 € par mois pour les habitants "
                                        "de 75 ans et plus."),
    ("l'alarme c'est combien par mois", ALARM),  # no age given: every case
])
def test_the_others_case_holds_an_age_no_stated_case_holds(question: str, spoken: str) -> None:
    assert case_clause(question, ALARM) == spoken


@pytest.mark.parametrize(("question", "text", "inside"), [
    ("le cimetière en décembre ?", "Du 1er novembre au 31 mars : de 8 h 30 à 17 h 30.", True),
    ("le cimetière en décembre ?", "Du 1er avril au 31 octobre : de 8 h à 19 h.", False),
    ("le 3 juin", "Ouvert de juin à septembre.", True),
    ("le 31 mai", "Ouvert de juin à septembre.", False),
    ("en décembre", "Ouvert tous les jours.", None),  # no period stated
    ("tous les jours ?", "Du 1er avril au 31 octobre.", None),  # no month asked
    ("le cimetière l'hiver ?", "Du 1er novembre au 31 mars : de 8 h 30 à 17 h 30.", True),
    ("et en été ?", "Hiver (1er novembre - 31 mars) : 9 h - 17 h 30", False),
    ("il a été fermé ?", "Du 1er avril au 31 octobre.", None),  # « a été »: the verb
])
def test_a_visitors_month_falls_in_a_stated_period(question: str, text: str,
                                                   inside: bool | None) -> None:
    assert in_a_period(asked_days(question), text) is inside


def test_a_sentence_of_two_periods_is_read_for_the_season_asked() -> None:
    hours = ("Ouvert tous les jours : du 1er avril au 31 octobre de 8 h à 19 h ; du 1er "
             "novembre au 31 mars de 8 h 30 à 17 h 30.")
    assert case_clause("le cimetière l'hiver il ferme à quelle heure ?", hours) == (
        "Ouvert tous les jours : du 1er novembre au 31 mars de 8 h 30 à 17 h 30.")
    assert case_clause("et en juillet ?", hours) == (
        "Ouvert tous les jours : du 1er avril au 31 octobre de 8 h à 19 h.")
    assert case_clause("il ferme à quelle heure ?", hours) == hours  # no season: both


def test_a_short_answer_does_not_take_another_seasons_hours_along() -> None:
    chunk = Chunk("c1", "Du 1er novembre au 31 mars : le cimetière ouvre de 8 h 30 à 17 h 30. "
                  "Du 1er avril au 31 octobre : le cimetière ouvre de 8 h à 19 h.",
                  "cimetiere.md", "Cimetière communal", "Horaires")
    _, text, _ = ex.extract_answer("le cimetière en décembre il ferme à quelle heure ?", [chunk])
    assert "17 h 30" in text and "19 h" not in text


@pytest.mark.parametrize(("said", "ages"), [
    ("ma fille elle a onze ans", [11.0]),
    ("mon père âgé de 80 ans", [80.0]),
    ("il y a deux ans j'ai fait ma carte", []),  # a time ago, not an age
    ("la carte est valable 10 ans", []),
])
def test_ages_told_in_the_visit_are_kept(said: str, ages: list[float]) -> None:
    assert ages_told([Turn(said, said, "", False)]) == ages


WINTER = ("Horaires d'hiver : lundi, mercredi, vendredi et samedi, de 9 h à 12 h et de 14 h "
          "à 17 h.")


@pytest.mark.parametrize(("question", "sentence", "spoken"), [
    ("elle est fermée quels jours ?", WINTER,
     "Jours de fermeture : le mardi, le jeudi et le dimanche."),
    ("c'est quoi les jours de fermeture", "Du mardi au dimanche de 10 h à 18 h.",
     "Jours de fermeture : le lundi."),
    ("elle ouvre quels jours ?", WINTER, ""),  # open days asked: the timetable says them
    ("fermée quels jours ?", "Le samedi de 9 h à 12 h.", ""),  # may go on in the next one
    ("fermée quels jours ?", "Ouvert tous les jours de 8 h à 20 h.", ""),
    ("fermée quels jours ?", "Fermée le lundi ; du mardi au samedi de 9 h à 18 h.", ""),
])
def test_closed_days_are_the_weekdays_a_timetable_leaves_out(question: str, sentence: str,
                                                             spoken: str) -> None:
    assert closed_days(question, sentence) == spoken


def test_a_timetable_read_to_who_asks_the_closed_days_ends_with_them() -> None:
    pool = Chunk("d", f"Déchetterie des Grèves. {WINTER}", "dechetterie.txt", "Déchetterie")
    _, text, _ = ex.extract_answer("la déchetterie elle est fermée quels jours en hiver ?", [pool])
    assert text.endswith("de 14 h à 17 h. Jours de fermeture : le mardi, le jeudi et le dimanche.")


ROOM = ("Salle : Salle de la Loire ; Capacité : 40 personnes ; Tarif habitant : 90 € ; "
        "Tarif extérieur : 180 €")


@pytest.mark.parametrize(("question", "read"), [
    ("on peut être combien et ça coûte combien pour quelqu'un de la commune ?",
     "Salle : Salle de la Loire ; Capacité : 40 personnes ; Tarif habitant : 90 €"),
    ("je suis de Tours, pas d'ici, c'est quoi le prix ?",
     "Salle : Salle de la Loire ; Capacité : 40 personnes ; Tarif extérieur : 180 €"),
    ("je n'habite pas la commune, combien ?",
     "Salle : Salle de la Loire ; Tarif extérieur : 180 €"),
    ("j'habite à Saint-Loup pas à Valmorin, ça coûte combien ?",
     "Salle : Salle de la Loire ; Tarif extérieur : 180 €"),
    ("c'est quoi le prix de la salle ?", ROOM),  # status not said: both prices
])
def test_a_table_row_is_read_for_a_resident_or_not(question: str, read: str) -> None:
    assert row_cells(question, ROOM) == read


def test_the_one_cell_stating_what_is_asked_is_read_with_the_named_ones() -> None:
    # « combien de monde » names no header, yet the capacity cell is what it asks.
    assert row_cells("on peut mettre combien de monde, c'est quoi le tarif habitant ?",
                     ROOM) == "Salle : Salle de la Loire ; Capacité : 40 personnes ; " \
                              "Tarif habitant : 90 €"


def test_the_answering_fields_leave_out_the_other_status_price() -> None:
    # What the model's sentence is checked against: its figure must be among these.
    fields = ROOM.split(";")
    assert for_status("c'est combien, je suis pas d'ici ?", ROOM) == fields[:2] + fields[3:]
    assert for_status("on est de la commune, combien ?", ROOM) == fields[:3]
    assert for_status("c'est combien ?", ROOM) == fields
    assert "Tarif habitant" in row_field("le tarif, on habite la commune", ROOM)
    assert "Tarif extérieur" in row_field("le tarif pour nous, pas d'ici", ROOM)


def test_a_duration_in_years_is_no_age() -> None:
    # « valable 10 ans ? » asks about the validity, not a ten-year-old's card
    assert case_clause("la carte, c'est valable 10 ans ?", VALID) == VALID


SLOTS = ("Créneaux proposés : du lundi au vendredi de 9 h à 11 h 45 et de 14 h à 17 h, le "
         "jeudi jusqu'à 18 h 30, ainsi que le 1er et le 3e samedi du mois de 9 h à 11 h 30.")


def test_a_case_opens_on_its_day_not_on_a_day_its_value_names() -> None:
    booking = ("Au plus tard la veille avant 12 h : pour le mardi, appeler le lundi avant "
               "midi ; pour le vendredi, appeler le jeudi avant midi.")
    assert case_clause("le bus du vendredi, je téléphone quand ?", booking) == (
        "Au plus tard la veille avant 12 h : pour le vendredi, appeler le jeudi avant midi.")
    closed = "Ouvert du mardi au samedi de 9 h à 18 h, fermé le lundi."
    assert case_clause("et le lundi ?", closed) == closed  # one case: the sentence whole


def test_ordinals_coordinated_stay_with_the_day_they_share() -> None:
    # « le 1er et le 3e samedi » is one case, read without the « ainsi que » tying it back
    assert case_clause("et le rendez-vous le samedi ?", SLOTS) == (
        "Créneaux proposés : le 1er et le 3e samedi du mois de 9 h à 11 h 30.")
    assert case_clause("et le dimanche, c'est ouvert ?", SLOTS) == SLOTS  # no such case


def _said_units(sentences: list[str], files: list[str]) -> tuple[list[ex.Scored], list[Chunk]]:
    chunks = [Chunk(f"c{i}", s, f, "T") for i, (s, f) in enumerate(zip(sentences, files,
                                                                        strict=True))]
    return [ex.Scored(s, i, 0, 1.0 - i / 10) for i, s in enumerate(sentences)], chunks


def test_a_follow_up_is_not_told_again_what_it_did_not_ask() -> None:
    hours = "La déchetterie ouvre le samedi de 9 h à 17 h 30."
    access = "L'accès se fait sur présentation de la carte de déchetterie."
    other = "La piscine ouvre le samedi de 10 h à 19 h."
    ranked, chunks = _said_units([hours, other, access], ["d.html", "p.html", "d.html"])
    last = f"D'après la page « Déchets », {hours[0].lower()}{hours[1:]}"
    # asked something else: the same document's next unit, not another document's
    first = unsaid_first("et il faut quoi pour rentrer", ranked, chunks, last,
                            "il faut quoi pour rentrer")[0]
    assert first.sentence == access
    # a unit said that holds what the follow-up asks is its answer again
    for focus in ("et ça ferme à quelle heure ?", "et le samedi alors"):
        assert unsaid_first(focus, ranked, chunks, last, focus)[0].sentence == hours
    # nothing said yet: the order stands
    assert unsaid_first("il faut quoi", ranked, chunks, "", "il faut quoi") == ranked


SATURDAY = ("Déchetterie : jour Samedi ; été (1er avril - 31 octobre) : 9 h - 18 h 30 ; "
            "hiver (1er novembre - 31 mars) : 9 h - 17 h 30")


def test_a_month_reads_the_column_of_its_season() -> None:
    assert in_a_period(asked_days("en juillet"), "été (1er avril - 31 octobre)") is True
    assert in_a_period(asked_days("en juillet"), "hiver (1er novembre - 31 mars)") is False
    assert row_cells("le samedi au mois de juillet", SATURDAY) == (
        "Déchetterie : jour Samedi ; été (1er avril - 31 octobre) : 9 h - 18 h 30")
    assert row_cells("et en décembre ?", SATURDAY).endswith("hiver (1er novembre - 31 mars) "
                                                           ": 9 h - 17 h 30")
    assert row_cells("le samedi", SATURDAY) == SATURDAY  # no month: every season
