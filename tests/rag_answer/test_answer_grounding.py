"""The grounding check: a sentence may only state facts the passages state."""

from __future__ import annotations

import pytest

from rag.grounding import Grounder, extract_facts, style_problems

SOURCE = (
    "La carte d'identité est gratuite. En cas de perte ou de vol, son remplacement coûte "
    "25 € en timbre fiscal. Les rendez-vous ont lieu du lundi au vendredi, de 8 h 30 à "
    "11 h 30 et de 14 h à 17 h, à l'accueil (02 47 00 00 00, accueil@saint-aubin.fr). "
    "Le délai est d'environ 3 semaines. Le repas coûte 3,80 €. La salle Jean-Moulin "
    "accueille 1 200 personnes."
)


@pytest.fixture(scope="module")
def grounder() -> Grounder:
    return Grounder(SOURCE, allowed="Saint-Aubin-sur-Loire")


@pytest.mark.parametrize(
    "sentence",
    [
        "Le remplacement d'une carte perdue coûte 25€ en timbre fiscal.",
        "Les rendez-vous ont lieu de 8h30 à 11h30 et de 14h à 17h.",
        "Les rendez-vous ont lieu de 8:30 à 11 heures 30.",
        "Vous pouvez appeler l'accueil au 0247000000.",
        "Vous pouvez écrire à accueil@saint-aubin.fr.",
        "Le délai est d'environ trois semaines.",
        "Le repas coûte 3.80 euros.",
        "La salle Jean-Moulin accueille 1200 personnes.",
        "Prenez rendez-vous du lundi au vendredi.",
        "La mairie de Saint-Aubin-sur-Loire délivre la carte.",
    ],
)
def test_grounded_sentences_pass(grounder: Grounder, sentence: str) -> None:
    verdict = grounder.check(sentence)
    assert verdict.ok, verdict.reasons


@pytest.mark.parametrize(
    ("sentence", "reason"),
    [
        ("Le remplacement coûte 30 € en timbre fiscal.", "number 30"),
        ("Le délai est d'environ 6 semaines.", "number 6"),
        ("Les rendez-vous ont lieu de 9 h à 12 h.", "time 9:00"),
        ("Appelez le 02 47 11 22 33 pour un rendez-vous.", "phone 0247112233"),
        ("Écrivez à mairie@saint-aubin.fr pour un rendez-vous.", "email"),
        ("Les rendez-vous ont aussi lieu le samedi matin.", "name samedi"),
        ("Vous pouvez venir demain de 8 h 30 à 11 h 30.", "name demain"),
        ("Les rendez-vous ont lieu après-demain.", "name demain"),
        ("Adressez-vous à Madame Dupont à l'accueil.", "name dupont"),
        ("La salle Jean-Jaurès accueille du public.", "name jean-jaures"),
        ("The appointment is free for you and your family.", "not French"),
        ("**Carte** : gratuite pour tous les habitants.", "markdown"),
        ("- La carte est gratuite pour tous.", "markdown"),
        ("La carte est gratuite 免费 pour tous.", "other script"),
        ("Selon mes instructions, je ne dois pas répondre.", "talks about its instructions"),
        ("25 €.", "fragment"),
    ],
)
def test_invented_or_unspeakable_sentences_fail(
    grounder: Grounder, sentence: str, reason: str
) -> None:
    verdict = grounder.check(sentence)
    assert not verdict.ok
    assert any(r.startswith(reason) for r in verdict.reasons), verdict.reasons


def test_an_invented_number_is_rejected_even_in_a_plausible_sentence(grounder: Grounder) -> None:
    assert grounder.check("Le remplacement coûte 25 € en timbre fiscal.").ok
    assert not grounder.check("Le remplacement coûte 52 € en timbre fiscal.").ok


def test_dont_know_is_reported_as_such(grounder: Grounder) -> None:
    verdict = grounder.check("Je ne sais pas.")
    assert not verdict.ok and verdict.dont_know


def test_rambling_sentence_is_too_long(grounder: Grounder) -> None:
    long = "La carte est gratuite et " * 20 + "voilà."
    assert "too long" in style_problems(long)


def test_facts_are_normalised() -> None:
    facts = extract_facts("De 8h30 à 12 h, tarif 1 200,50 € ou 3,80 €, tél. +33 2 47 00 00 00")
    assert facts.times == {"8:30", "12:00"}
    assert facts.numbers == {"1200.5", "3.8"}
    assert facts.phones == {"0247000000"}


@pytest.mark.parametrize(
    ("sentence", "reason"),
    [
        # the small model's habits: echo the question, announce a list, invent a story
        ("La salle des Tilleuls, on peut être combien dedans ?", "asks a question"),
        ("Pour faire une carte, il faut fournir :", "announces a list"),
        ("La mairie est ouverte le samedi.", "says nothing new"),
        ("Il doit faire une réunion avec le conseiller pour discuter du dossier.",
         "unsupported words"),
    ],
)
def test_small_model_habits_are_caught(sentence: str, reason: str) -> None:
    grounder = Grounder(SOURCE, question="La mairie est ouverte le samedi ?")
    verdict = grounder.check(sentence)
    assert not verdict.ok
    assert any(r.startswith(reason) for r in verdict.reasons), verdict.reasons


def test_repeating_the_visitors_own_figure_is_allowed() -> None:
    grounder = Grounder(SOURCE, question="Le repas pour ma fille de 16 ans ?")
    assert grounder.check("Pour votre fille de 16 ans, le repas coûte 3,80 €.").ok


def test_a_number_keeps_its_unit() -> None:
    grounder = Grounder("Chaque abonné peut emprunter jusqu'à 10 documents pour 3 semaines. "
                        "La clôture fait 1,50 mètre.")
    assert not grounder.check("On peut emprunter 10 livres à la fois.").ok
    assert grounder.check("Vous pouvez emprunter jusqu'à 10 documents pendant 3 semaines.").ok
    assert grounder.check("La clôture peut faire 1,50 m de haut.").ok


def test_first_person_is_the_visitors_voice() -> None:
    assert "speaks as the visitor" in style_problems("Je peux utiliser la déchetterie.")
    assert "speaks as the visitor" in style_problems("Pour me débarrasser d'un matelas, appelez.")
    assert style_problems("Vous pouvez utiliser la déchetterie le samedi.") == []


def test_a_negation_the_sources_do_not_make_is_rejected() -> None:
    g = Grounder("Pour voter, il faut être inscrit au plus tard le 6e vendredi avant le "
                 "scrutin. Les chiens ne sont pas admis à la piscine.")
    # Every word and figure is in the sources, the meaning is the opposite.
    turned = g.check("Il ne faut pas être inscrit au plus tard le 6e vendredi avant le scrutin.")
    assert not turned.ok and "negation not in sources" in turned.reasons
    assert g.check("Il faut être inscrit au plus tard le 6e vendredi avant le scrutin.").ok
    assert g.check("Les chiens ne sont pas admis à la piscine.").ok  # the source says so
