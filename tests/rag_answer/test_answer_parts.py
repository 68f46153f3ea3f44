"""The other parts of a run-on question (rag/extractive.py's part_answers) and what an
agenda event's answer always carries (rag/sources.py)."""

from __future__ import annotations

from rag import extractive as ex
from rag import sources as src
from rag.types import Chunk


def test_a_part_whose_best_unit_was_said_gets_the_next_one_with_the_figure_asked() -> None:
    said = "Les rendez-vous ont lieu du lundi au vendredi."
    units = [ex.Scored(said, 0, 0, 1.0),
             ex.Scored("Le service est au rez-de-chaussée, à gauche de l'accueil.", 0, 1, 0.9),
             ex.Scored("L'accueil reçoit de 8 h 30 à 11 h 30 et de 14 h à 17 h.", 0, 2, 0.8)]
    question = "c'est quels jours et à quelle heure les rendez-vous ?"
    # the second unit holds no hour: the third, with the hours asked, answers the part
    assert list(ex.part_answers(question, said, lambda q: units)) == [units[2].sentence]


def test_a_part_answer_whose_figures_were_all_said_is_not_read() -> None:
    said = "Le vide-grenier a lieu le dimanche 10 mai 2026 de 7 h à 18 h."
    again = ex.Scored("Grand vide-grenier le dimanche 10 mai 2026 de 7 h à 18 h.", 0, 0, 1.0)
    question = "le vide-grenier c'est quand et ça finit à quelle heure ?"
    assert list(ex.part_answers(question, said, lambda q: [again])) == []


def test_an_agenda_event_gives_its_date_line_and_its_place_line() -> None:
    event = Chunk("e", "Agenda 2026 — Vide-grenier\nVide-grenier : dimanche 10 mai 2026 de 7 h "
                  "à 18 h.\nLieu : Quai des Mariniers.\nBuvette sur place.", "agenda-2026.ics",
                  "Agenda 2026")
    assert src.event_when(event) == "Vide-grenier : dimanche 10 mai 2026 de 7 h à 18 h."
    assert src.event_where(event) == "Lieu : Quai des Mariniers."
    page = Chunk("p", "Titre\nLieu : salle des fêtes, le 10 mai 2026.", "fetes.html", "Fêtes")
    assert src.event_when(page) == "" and src.event_where(page) == ""


def test_a_part_keeps_to_the_season_the_answer_said() -> None:
    winter = ex.Scored("Horaires d'hiver (du 1er octobre au 31 mars) : du lundi au samedi, de "
                       "9 h à 17 h.", 0, 0, 1.0)
    summer = ex.Scored("Horaires d'été (du 1er avril au 30 septembre) : du lundi au samedi, de "
                       "9 h à 18 h.", 0, 1, 0.9)
    question = "en hiver elle ouvre quels jours, et elle ferme à quelle heure le soir ?"
    assert list(ex.part_answers(question, winter.sentence, lambda q: [winter, summer])) == []
    # asked in July, the summer hours are the answer
    said = "Elle ouvre du lundi au samedi."
    july = "en juillet elle ouvre quels jours, et elle ferme à quelle heure le soir ?"
    assert list(ex.part_answers(july, said, lambda q: [winter, summer])) == [summer.sentence]
