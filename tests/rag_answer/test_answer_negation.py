"""A « non » read off a sentence that denies what a yes/no question asks (rag/negation.py)."""

from __future__ import annotations

import pytest

from rag.extractive import rank_sentences
from rag.negation import asks_whether, denies, first_denial
from rag.types import Chunk
from rag.yesno import settle


@pytest.mark.parametrize(("question", "whether"), [
    ("mon mari il peut se baigner avec son short de bain", True),
    ("faut un bonnet de bain pour la piscine ou pas", True),  # « ou pas » is a tag
    ("est-ce que la mairie fait les procurations ?", True),
    ("la carte d'électeur c'est obligatoire ?", True),
    ("combien coûte la carte", False),  # asks how much
    ("c'est où le bureau de vote", False),  # asks where
    ("faut prendre rendez-vous ou je peux venir comme ça", False),  # an alternative
    ("on peut y aller sans réserver", False),  # its own negation: whose yes?
    ("je voudrais des renseignements sur la piscine", False),  # not asking whether
])
def test_which_questions_ask_whether(question: str, whether: bool) -> None:
    assert asks_whether(question) is whether


@pytest.mark.parametrize(("question", "sentence", "denied"), [
    ("il peut se baigner avec son short de bain",
     "Bonnet de bain obligatoire ; shorts et bermudas de bain interdits.", True),
    ("je peux faire ma procuration à la mairie",
     "La mairie n'établit pas les procurations.", True),
    ("faut inscrire les enfants pour l'heure du conte",
     "L'heure du conte : le mercredi à 10 h 30, sans inscription.", True),
    ("je peux apporter mes plaques d'amiante à la déchetterie",
     "Déchets refusés à la déchetterie : ordures ménagères, amiante, gaz.", True),
    ("le gymnase il est accessible en fauteuil roulant ?",
     "Équipement : gymnase ; Accessible en fauteuil roulant : non", True),
    # A table row is one unit: its « aucune » bears on the thing its first cell names.
    ("pour un abri de jardin de 3 m² faut demander une autorisation",
     "Travaux : Abri de jardin de moins de 5 m² ; Autorisation : aucune", True),
    # Asked whether it is required, « seulement conseillée » says no; asked anything
    # else, it denies nothing.
    ("faut absolument la carte d'électeur pour aller voter",
     "Une pièce d'identité est obligatoire, la carte électorale est seulement conseillée.",
     True),
    ("je peux venir avec ma carte d'électeur",
     "Une pièce d'identité est obligatoire, la carte électorale est seulement conseillée.",
     False),
    # The clause most about the question affirms: no denial.
    ("faut un bonnet de bain obligatoire",
     "Bonnet de bain obligatoire ; shorts et bermudas de bain interdits.", False),
    # « sans » denies the words right after it only.
    ("je peux m'inscrire en ligne", "L'inscription se fait en ligne, sans frais.", False),
    # « non couverte » negates an adjective, one shared word is a coincidence.
    ("pour ma piscine faut une déclaration", "Une piscine non couverte de 10 à 100 m².", False),
    ("je peux mettre mes journaux dans le conteneur",
     "Remarque : conteneurs enterrés, dépôt du verre interdit de 22 h à 7 h.", False),
])
def test_a_sentence_denies_what_is_asked_near_two_shared_words(question: str, sentence: str,
                                                                denied: bool) -> None:
    assert denies(question, sentence) is denied


def test_a_denial_among_the_best_units_answers_non_and_a_mere_rule_answers_nothing() -> None:
    chunks = [Chunk("p-1", "Règlement : les shorts de bain sont interdits dans les bassins. "
                    "Le bonnet de bain est obligatoire.", "piscine.html", "Piscine", "")]
    question = "mon fils peut nager en short de bain dans les bassins ?"
    rank, text, _ = settle(question, chunks, rank_sentences(question, chunks))
    assert (rank, text) == (0, "Non. Règlement : les shorts de bain sont interdits dans les "
                               "bassins.")
    question = "le bonnet de bain est obligatoire dans les bassins ?"
    assert settle(question, chunks, rank_sentences(question, chunks)) is None


def test_the_best_unit_denies_with_one_word_shared_and_others_need_two() -> None:
    # « marier » and « mariage » are different words to a prefix match: only « dimanche »
    # is shared, which the best-ranked unit may rely on, and a lower one not.
    question = "est-ce qu'on peut se marier un dimanche à la mairie"
    denial = "Aucun mariage n'est célébré le dimanche ni les jours fériés."
    times = "Les célébrations ont lieu le vendredi et le samedi."
    assert first_denial(question, [denial, times]) == 0
    assert first_denial(question, [times, denial]) is None


def test_a_heading_that_is_a_sentence_is_not_read_as_a_label() -> None:
    chunks = [Chunk("f-1", "Je serai absent le jour du vote.\nLa mairie n'établit pas les "
                    "procurations.", "faq.md", "Élections : vos questions",
                    "Je serai absent le jour du vote.")]
    question = "je peux faire ma procuration ici à la mairie"
    _rank, text, _ = settle(question, chunks, rank_sentences(question, chunks))
    assert text == "Non. La mairie n'établit pas les procurations."
