"""A run-on question's parts each get their sentence, and a second unit as close in
meaning is said too (rag/parts.py)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from rag import extractive as ex
from rag import parts
from rag.types import Chunk

PASSPORT = ("Le passeport est payant : timbre fiscal de 86 € pour un adulte, de 42 € pour un "
            "mineur de 15 à 17 ans et de 17 € pour un mineur de moins de 15 ans.")


def said_for(question: str, said: str, units: list[ex.Scored], **kw: Any) -> list[str]:
    """The sentences part_answers adds to `said`, every part ranked as `units`."""
    return [t for t, _ in parts.part_answers(question, said, lambda q, part: units, **kw)]


def test_a_second_part_does_not_read_again_the_case_already_read() -> None:
    question = "mon fils a 14 ans il lui faut un passeport, et le timbre c'est combien"
    unit = ex.Scored(PASSPORT, 0, 0, 1.0)
    said = ex.read_aloud(question, unit)
    assert "42 €" not in said
    assert said_for(question, said, [unit]) == []


def in_order(*sentences: str) -> list[ex.Scored]:
    """Units of one chunk, ranked in the order given."""
    return [ex.Scored(s, 0, i, 1.0 - i / 10) for i, s in enumerate(sentences)]


def test_a_part_asking_where_gets_the_unit_that_says_where() -> None:
    """« c'est quand et c'est où ? »: the place, not the date said again in other words."""
    units = in_order("Grand vide-grenier le dimanche 10 mai de 7 h à 18 h.",
                     "Vide-grenier du comité des fêtes : dimanche 10 mai.",
                     "Buvette et restauration sur place.",
                     "Lieu : quai des Mariniers.")
    said = "Le vide-grenier a lieu le dimanche 10 mai de 7 h à 18 h."
    question = "le vide grenier c'est quand et c'est où"
    assert said_for(question, said, units) == [
        "Lieu : quai des Mariniers."]
    # No unit gives a price: the date again in other words would add nothing.
    question = "le vide grenier c'est quand et c'est combien l'entrée"
    assert said_for(question, said, units) == []


def test_a_part_asking_combien_with_no_price_gets_the_unit_holding_its_words() -> None:
    """« on a droit à combien dans l'année ? » asks a count: no unit states a price, the
    one about what the part names answers it."""
    units = in_order("Autorisation demandée au moins 15 jours avant la manifestation.",
                     "Buvette et restauration sur place.",
                     "Une association a droit à cinq autorisations par an au maximum.")
    said = "Autorisation demandée au moins 15 jours avant la manifestation."
    question = "la buvette faut demander combien de temps avant et on a droit à combien par an"
    assert said_for(question, said, units) == [
        "Une association a droit à cinq autorisations par an au maximum."]


def test_an_age_in_the_answer_is_no_duration_a_part_asks() -> None:
    """« ça coûte combien et il est bon pour combien d'années ? »: the price sentence ranks
    first for both parts; the answer said it in the model's words, with « 15 à 17 ans »,
    an age, not how long the passport is valid."""
    units = in_order("Le passeport est payant : timbre fiscal de 86 € pour un adulte, 42 € "
                     "pour un mineur de 15 à 17 ans.",
                     "Le passeport est valable 10 ans pour un adulte.",
                     "La carte d'identité est gratuite.")
    said = "Le passeport coûte 86 € pour un adulte et 42 € pour un mineur de 15 à 17 ans."
    question = "je veux faire un passeport ça coûte combien et il est bon pour combien d'années"
    assert said_for(question, said, units) == [
        "Le passeport est valable 10 ans pour un adulte."]
    said += " Il est valable 10 ans pour un adulte."
    assert said_for(question, said, units) == []


def test_another_documents_sentence_completes_an_answer_only_on_the_same_subject() -> None:
    """« le passeport pour un enfant c'est gratuit ? » is not completed with a storytime's
    « gratuit » from the library's page; a sentence of another page naming the
    question's subject is read (after that page's name, rag/answer_run.py)."""
    units = in_order("- L'Heure du conte : le mercredi, pour les 3-6 ans, gratuit.")
    said = "La carte d'identité est valable 10 ans pour un mineur."
    question = "le passeport pour un enfant c'est gratuit"

    library = Chunk("m", units[0].sentence, "mediatheque.html", "Médiathèque", "Animations")
    passports = replace(library, title="Passeport : tarifs et gratuité")
    assert said_for(question, said, units, chunks=[library],
                    named="Carte et passeport") == []
    assert said_for(question, said, units, chunks=[passports],
                    named="Carte et passeport") == [
        "L'Heure du conte : le mercredi, pour les 3-6 ans, gratuit."]


def test_a_first_part_the_answer_left_out_gets_its_sentence_too() -> None:
    """« c'est quel jour et ça coûte combien ? » answered with the price alone."""
    units = in_order("Formule : Séance d'aquagym ; Habitants : 8,50 €",
                     "- Aquagym : le mardi à 19 h et le jeudi à 12 h 15.")
    said = "D'après la page de la mairie, formule Séance d'aquagym, habitants 8,50 €."
    question = "l'aquagym c'est quel jour et ça coûte combien la séance"
    assert said_for(question, said, units) == [
        "Aquagym : le mardi à 19 h et le jeudi à 12 h 15."]
    said += " Le mardi à 19 h et le jeudi à 12 h 15."
    assert said_for(question, said, units) == []


def test_a_part_is_answered_when_it_adds_an_hour_not_when_it_repeats_the_figures() -> None:
    units = [ex.Scored("Le 13 juillet, bal à 21 h et feu d'artifice à 23 h.", 0, 0, 1.0)]
    question = "la fête du 13 juillet c'est quand et le feu d'artifice à quelle heure"
    said = "La fête nationale a lieu du 13 juillet à 21 h au 14 juillet à 1 h."
    assert said_for(question, said, units) == [
        units[0].sentence]
    said = "La fête nationale a lieu le 13 juillet : bal à 21 h, feu d'artifice à 23 h."
    assert said_for(question, said, units) == []


ONE = [Chunk("c0", "…", "doc.html", "T")]  # the chunk units of ranked_by_meaning are of


def ranked_by_meaning(*units: tuple[str, float]) -> list[ex.Scored]:
    """Units of one chunk as rag/meaning.py ranks them, with their cosines."""
    return [ex.Scored(s, 0, i, 1.0 - i / 10, meaning=m) for i, (s, m) in enumerate(units)]


def test_the_second_unit_is_said_when_it_is_as_close_in_meaning() -> None:
    question = "si on me l'a volé ça prend combien de temps"
    said = "Pour un renouvellement, comptez de 2 à 3 semaines."
    units = ranked_by_meaning(
        ("Pour un renouvellement, comptez de 2 à 3 semaines.", 0.900),
        ("En cas de perte ou de vol, le délai est celui d'une première demande.", 0.893))
    assert parts.runner_up(question, said, units, ONE) == units[1].sentence
    # Far less close: the best unit alone.
    units[1] = replace(units[1], meaning=0.860)
    assert parts.runner_up(question, said, units, ONE) == ""
    # Said already, or a neighbouring row of a table: nothing more.
    units[1] = replace(units[1], meaning=0.899)
    assert parts.runner_up(question, f"{said} {units[1].sentence}", units, ONE) == ""
    rows = ranked_by_meaning(("Titre : Entrée adulte ; Prix : 4,20 €", 0.9),
                             ("Titre : Carte de 10 entrées adulte ; Prix : 36 €", 0.9))
    assert parts.runner_up("l'entrée adulte c'est combien", "", rows, ONE) == ""
    prose = ranked_by_meaning(("L'entrée adulte coûte 4,20 €.", 0.9),
                              ("La carte de 10 entrées adulte coûte 36 €.", 0.9))
    assert parts.runner_up("l'entrée adulte c'est combien", "", prose, ONE) == prose[1].sentence
    # A unit whose only news is a day (its hour said already) adds that day.
    booking = ranked_by_meaning(("Réservez au 02 54 31 20 55, du lundi au vendredi de 9 h à 12 h.",
                                 0.893),
                                ("Pour le vendredi, appeler le jeudi avant 12 h.", 0.891))
    assert parts.runner_up("le bus du vendredi je téléphone quand", booking[0].sentence,
                           booking, ONE) == booking[1].sentence
    # Another document's: it would be spoken under the first one's name.
    two = [*ONE, Chunk("c1", "…", "other.html", "T")]
    assert parts.runner_up("l'entrée adulte c'est combien", "",
                           [prose[0], replace(prose[1], rank=1)], two) == ""


def test_no_second_unit_without_meaning_scores_or_for_a_two_part_question() -> None:
    units = [ex.Scored("Le marché a lieu le mercredi matin.", 0, 0, 1.0),
             ex.Scored("Il se tient place de l'Église.", 0, 1, 0.9)]
    assert parts.runner_up("le marché c'est quand", "", units, ONE) == ""  # words alone
    units = ranked_by_meaning(("Le marché a lieu le mercredi matin.", 0.9),
                              ("Il se tient place de l'Église.", 0.9))
    assert parts.runner_up("le marché c'est quand et c'est où", "", units, ONE) == ""
    assert parts.runner_up("le marché c'est quand", "", units, ONE) == units[1].sentence
    units = ranked_by_meaning(("Le marché a lieu le mercredi matin.", 0.9),
                              ("Horaires du marché selon la saison :", 0.9))
    assert parts.runner_up("le marché c'est quand", "", units, ONE) == ""  # it says nothing
