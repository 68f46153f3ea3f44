"""A « non » read off a sentence that denies what a yes/no question asks (rag/negation.py)."""

from __future__ import annotations

import pytest

from rag.extractive import rank_sentences
from rag.negation import affirms, asks_whether, denies, first_denial
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
    ("qu'est-ce qu'il faut apporter pour la carte ?", False),  # asks what
    # A relative « qui », a subordinating « quand »: no question words; a cleft to the desk.
    ("c'est vous à la mairie qui faites les procurations", True),
    ("le bus il peut m'emmener quand j'ai un rendez-vous ?", True),
    ("je fais la demande à qui ?", False),  # asks who
    ("c'est jusqu'à quand on peut s'inscrire ?", False),  # asks when
    ("on l'inscrit quand à la mairie", False),  # asks when
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


@pytest.mark.parametrize(("question", "sentence", "affirmed"), [
    ("pour la carte d'identité faut prendre rendez-vous",
     "La carte d'identité se demande uniquement sur rendez-vous.", True),
    ("les habitants peuvent assister au conseil municipal ?",
     "Les habitants peuvent assister au conseil municipal.", True),
    # what it names is not all there: the list may leave it out
    ("je peux payer en espèces ?", "Le paiement est possible par chèque ou carte.", False),
    # the same modality, denied
    ("les chiens sont acceptés au cimetière ?", "Les chiens ne sont pas acceptés au "
     "cimetière.", False),
    # another modality: open is no answer to « faut »
    ("faut réserver le court de tennis ?", "Le court de tennis est ouvert tous les jours.",
     False),
    # « conseillée » is no « obligatoire »
    ("faut la carte d'électeur pour voter ?", "Pour voter, la carte d'électeur est "
     "conseillée.", False),
    # a question asking what is no yes/no question
    ("qu'est-ce qu'il faut apporter pour la carte d'identité ?",
     "Il faut apporter la carte d'identité et le livret de famille.", False),
])
def test_a_sentence_affirms_only_what_it_says_outright(question: str, sentence: str,
                                                       affirmed: bool) -> None:
    assert affirms(question, sentence) is affirmed


def test_a_yes_is_read_off_the_best_unit_saying_it_outright() -> None:
    chunks = [Chunk("t-1", "Le dépôt de la demande se fait uniquement sur rendez-vous. "
                    "Un rendez-vous dure 15 minutes.", "titres.html", "Carte d'identité", "")]
    question = "pour la demande faut prendre un rendez-vous ?"
    _rank, text, _ = settle(question, chunks, rank_sentences(question, chunks))
    assert text == "Oui. Le dépôt de la demande se fait uniquement sur rendez-vous."
