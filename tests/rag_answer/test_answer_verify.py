"""Which model sentences may be spoken (rag/verify.py), on hand-made passages."""

from __future__ import annotations

from answer_fakes import CHUNKS

from rag.extractive import Scored
from rag.types import Chunk
from rag.verify import Check, Verifier

CEMETERY = Chunk("cim-1", "Tarifs des concessions\nCase de columbarium : 430 € pour 15 ans.",
                 "tarifs-municipaux.pdf", "Tarifs municipaux", "Cimetière")


def test_the_first_sentence_speaks_of_what_the_source_named_says() -> None:
    # The passport page holds the best unit (« 42 € pour un mineur de 15 à 17 ans »), the
    # cemetery's tariff is also in the context: a sentence pricing a columbarium with
    # the passport's figure must not follow « D'après la page Carte d'identité… ».
    passport = CHUNKS[0]
    ranked = [Scored("Le passeport est payant : timbre fiscal de 86 € pour un adulte, de "
                     "42 € pour un mineur de 15 à 17 ans.", 0, 2, 0.9),
              Scored("Case de columbarium : 430 € pour 15 ans.", 1, 1, 0.5)]
    question = "une case au columbarium pour 15 ans c'est combien"
    verifier = Verifier(question, ranked, [passport, CEMETERY], [passport, CEMETERY])
    assert verifier.check("Une case au columbarium pour 15 ans coûte 42 €.") is Check.FAILED
    verifier = Verifier(question, ranked[::-1], [passport, CEMETERY], [passport, CEMETERY])
    assert verifier.check("Une case de columbarium pour 15 ans coûte 430 €.") is Check.KEPT


def test_an_hour_asked_must_be_the_hours_the_best_units_give() -> None:
    # The best unit says « le jeudi après-midi » (no hour: « après-midi » is no « midi »);
    # the next, a timetable row, gives the hours: « jusqu'à 14 heures » is half of them,
    # taken from « 14 rue du Moulin-Neuf ».
    page = Chunk("u", "Le service urbanisme vous reçoit au 14 rue du Moulin-Neuf, sur "
                 "rendez-vous le jeudi après-midi.", "urbanisme.html", "Urbanisme")
    grid = Chunk("h", "service : Service urbanisme ; lundi : fermé ; jeudi : 14 h - 19 h sur "
                 "rendez-vous", "horaires.csv", "Horaires")
    ranked = [Scored(page.text, 0, 0, 0.9), Scored(grid.text, 1, 0, 0.8)]
    question = "le service de l'urbanisme le jeudi il reçoit jusqu'à quelle heure"
    verifier = Verifier(question, ranked, [page, grid], [page, grid])
    assert verifier.check("Le service urbanisme reçoit jusqu'à 14 heures.") is Check.FAILED
    verifier = Verifier(question, ranked, [page, grid], [page, grid])
    assert verifier.check("Le jeudi, le service urbanisme reçoit de 14 h à 19 h."
                          ) is Check.KEPT


def test_a_follow_up_answer_must_say_what_the_follow_up_changed() -> None:
    grid = Chunk("t", "Tranche : Tranche 1 ; Repas : 0,90 € ; Accueil du matin : 0,60 €",
                 "tarifs.pdf", "Tarifs enfance : cantine, périscolaire")
    ranked = [Scored(grid.text, 0, 0, 0.9)]
    query = "le repas à la cantine pour la tranche 1 c'est combien, la garderie du matin"
    verifier = Verifier(query, ranked, [grid], [grid], focus="et la garderie du matin")
    assert verifier.check("Pour la tranche 1, le repas à la cantine est à 0,90 €."
                          ) is Check.FAILED
    verifier = Verifier(query, ranked, [grid], [grid], focus="et la garderie du matin")
    assert verifier.check("Pour la tranche 1, l'accueil du matin est à 0,60 €.") is Check.KEPT


def test_a_figure_is_said_of_what_its_source_says_it_of() -> None:
    # The TVA is named on the page but not priced there; 35 € is the subscription's: each
    # figure is in the sources, the sentence is false. Said of the subscription, it passes.
    water = Chunk("e", "L'abonnement annuel coûte 35 €. S'ajoutent les redevances de "
                  "l'agence de l'eau et la TVA.", "eau.pdf", "Eau et assainissement",
                  "Prix au 1er janvier")
    ranked = [Scored("L'abonnement annuel coûte 35 €.", 0, 0, 0.9),
              Scored("S'ajoutent les redevances de l'agence de l'eau et la TVA.", 0, 1, 0.8)]
    query = "l'eau c'est combien l'abonnement, la tva c'est combien"
    verifier = Verifier(query, ranked, [water], [water], focus="et la tva c'est combien")
    assert verifier.check("La TVA c'est 35 €.") is Check.FAILED
    verifier = Verifier(query, ranked, [water], [water])
    assert verifier.check("L'abonnement annuel coûte 35 €.") is Check.KEPT
