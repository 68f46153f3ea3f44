"""Pure text pieces of answering: sentences, extraction, source names, kinds."""

from __future__ import annotations

from datetime import date

import pytest

from rag import extractive as ex
from rag import sources as src
from rag.asks import figures, has_kind, wanted_kinds
from rag.cells import row_cells
from rag.types import Chunk
from rag.words import as_written, digits, in_a_range
from robot.core.sentences import SentenceSplitter, split_sentences


def test_splitter_emits_each_sentence_as_soon_as_it_ends() -> None:
    s = SentenceSplitter()
    assert s.feed("La carte") == []
    assert s.feed(" coûte 25 €.") == []  # the end is only sure when more text comes
    assert s.feed(" Voyez M. Dupont") == ["La carte coûte 25 €."]
    assert s.feed(" à l'accueil. Merci") == ["Voyez M. Dupont à l'accueil."]
    assert s.flush() == ["Merci"]


def test_split_sentences_keeps_decimals_and_abbreviations() -> None:
    text = "Le repas coûte 3,80 €. Voir art. 3 du règlement. Ouvert de 8 h 30 à 12 h.\nFin"
    assert split_sentences(text) == [
        "Le repas coûte 3,80 €.", "Voir art. 3 du règlement.", "Ouvert de 8 h 30 à 12 h.", "Fin"
    ]


CHUNKS = [
    Chunk("a", "La carte d'identité est gratuite. Le passeport est payant : timbre fiscal de 86 € "
          "pour un adulte et de 17 € pour un mineur de moins de 15 ans.",
          "carte-identite-passeport.html", "Carte d'identité et passeport",
          doc_date=date(2026, 1, 12)),
    Chunk("b", "Les rendez-vous ont lieu le mardi et le jeudi. Le délai est d'environ 6 semaines.",
          "guide-demarches-2024.pdf", "Guide des démarches 2024", doc_date=date(2024, 3, 1)),
]


def test_extractive_answer_picks_the_sentence_about_the_topic() -> None:
    index, text, score = ex.extract_answer("Combien coûte un passeport ?", CHUNKS)
    assert index == 0 and "86 €" in text and score > 0.5


def test_context_is_cut_to_budget_and_keeps_reading_order() -> None:
    ctx = ex.select_context("Combien coûte un passeport ?", CHUNKS, 200)
    assert sum(len(c.text) for c in ctx) <= 200
    assert "86 €" in ctx[0].text


@pytest.mark.parametrize(
    ("chunk", "with_date", "phrase"),
    [
        (CHUNKS[0], False,
         "D'après la page « Carte d'identité et passeport » du site de la mairie, "),
        (CHUNKS[0], True, "D'après la page « Carte d'identité et passeport » du site de la "
                          "mairie, mise à jour le 12 janvier 2026, "),
        (CHUNKS[1], True, "D'après le document « Guide des démarches 2024 », "),
        (Chunk("c", "x", "tarifs.pdf", "Tarifs de la cantine", doc_date=date(2026, 1, 1)), True,
         "D'après le document « Tarifs de la cantine » du 1er janvier 2026, "),
        (Chunk("d", "x", "agenda-2026.ics", "Agenda 2026"), False,
         "D'après l'agenda « Agenda 2026 », "),
    ],
)
def test_source_phrase(chunk: Chunk, with_date: bool, phrase: str) -> None:
    assert src.source_phrase(chunk, with_date) == phrase


def test_sentence_after_the_source_phrase_loses_its_capital_unless_a_name() -> None:
    text = "La carte est gratuite. Voir avec Karim Benali."
    assert src.join_after_phrase("D'après X, ", "La carte est gratuite.", text) == (
        "D'après X, la carte est gratuite.")
    assert src.join_after_phrase("D'après X, ", "Karim Benali signe.", text).endswith(
        "Karim Benali signe.")
    assert src.join_after_phrase("D'après X, ", "CNI gratuite.", text).endswith("CNI gratuite.")


def test_versions_that_disagree_are_detected_by_title() -> None:
    old = Chunk("o", "x", "tarifs-piscine-2025.pdf", "Tarifs de la piscine 2025",
                doc_date=date(2025, 1, 1))
    new = Chunk("n", "x", "piscine.html", "Tarifs de la piscine 2026", doc_date=date(2026, 1, 1))
    assert src.versions_differ([new, old], 0)
    assert not src.versions_differ([new, CHUNKS[1]], 0)


@pytest.mark.parametrize(
    ("numbers", "sentence", "inside"),
    [
        ([800], "Tranche : C ; Quotient familial : de 701 € à 1 000 € ; Repas : 3,20 €", True),
        ([800], "Tranche : D ; Quotient familial : de 1 001 € à 1 400 € ; Repas : 4,10 €", False),
        ([16], "de 42 € pour un mineur de 15 à 17 ans", True),
        ([12], "de 17 € pour un mineur de moins de 15 ans", True),
        ([20], "de 17 € pour un mineur de moins de 15 ans", False),
        ([1500], "Tranche : E ; Quotient familial : plus de 1 400 €", True),
    ],
)
def test_a_visitors_figure_falls_in_a_stated_range(numbers: list[float], sentence: str,
                                                    inside: bool) -> None:
    assert in_a_range(numbers, sentence) is inside


def test_table_row_is_found_by_range_and_read_aloud() -> None:
    rows = Chunk("t", "Tranche : A ; Quotient familial : jusqu'à 400 € ; Repas : 1,00 €\n"
                 "Tranche : B ; Quotient familial : de 401 € à 700 € ; Repas : 2,10 €\n"
                 "Tranche : C ; Quotient familial : de 701 € à 1 000 € ; Repas : 3,20 €",
                 "tarifs.pdf", "Tarifs de la cantine")
    _, text, _ = ex.extract_answer("Combien coûte le repas avec un quotient de 800 ?", [rows])
    assert text == "Tranche C, quotient familial de 701 € à 1 000 €, repas 3,20 €."


def test_a_cell_repeating_its_header_is_read_once() -> None:
    assert ex.speakable("Service : Service urbanisme ; Jeudi : 14 h - 19 h") == (
        "Service urbanisme, jeudi 14 h - 19 h.")
    assert ex.speakable("Tranche : Tranche 2 ; Repas : 2,10 €") == "Tranche 2, repas 2,10 €."


def test_a_list_item_ending_in_a_semicolon_ends_in_a_full_stop() -> None:
    assert ex.speakable("une photo d'identité récente ;") == "une photo d'identité récente."


def test_a_follow_up_reads_the_cell_it_names_not_the_topics() -> None:
    row = "Tranche : Tranche 1 ; Repas : 0,90 € ; Accueil du matin : 0,60 € ; Soir : 0,90 €"
    query = "le repas à la cantine pour la tranche 1 c'est combien, la garderie du matin"
    assert row_cells(query, row) == "Tranche : Tranche 1 ; Repas : 0,90 €"
    assert row_cells(query, row, focus="et la garderie du matin") == (
        "Tranche : Tranche 1 ; Accueil du matin : 0,60 €")


def test_list_item_is_answered_with_its_list() -> None:
    chunk = Chunk("l", "Carte d'identité — Pièces à fournir\n- une photo d'identité ;\n"
                  "- un justificatif de domicile ;\n- l'ancienne carte.",
                  "cni.txt", "Carte d'identité", "Pièces à fournir")
    _, text, _ = ex.extract_answer("Quelles pièces faut-il fournir pour la carte ?", [chunk])
    assert text == ("Pièces à fournir : une photo d'identité, un justificatif de domicile, "
                    "l'ancienne carte.")


def test_a_sentence_is_read_under_its_own_section() -> None:
    page = Chunk("c", "Carte d'identité\nDemande pour un mineur\nL'enfant de 12 ans ou plus "
                 "doit être présent.\nDurée de validité\nValable 10 ans.", "c.html",
                 "Carte d'identité", section="Demande pour un mineur, Durée de validité")
    assert ex.section_at(page, 2) == "Demande pour un mineur"
    assert ex.section_at(page, 4) == "Durée de validité"


def test_a_sentence_pointing_back_is_said_with_the_one_before() -> None:
    chunk = Chunk("c", "Retrait\nLe titre se retire à l'accueil dans un délai de 3 mois. "
                  "Passé ce délai, il est détruit. Voici ce que vous devez apporter. "
                  "Cette année, la fête a lieu le 3 mai. Toutefois, ce service ferme le "
                  "dimanche.", "titres.html", "Titres", "Retrait")
    units = {s: lead for _pos, s, lead in ex.chunk_units(chunk)}
    said = ex.unit_text(ex.Scored("Passé ce délai, il est détruit.", 0, 2, 1.0,
                                  units["Passé ce délai, il est détruit."]))
    assert said == ("Le titre se retire à l'accueil dans un délai de 3 mois. Passé ce délai, "
                    "il est détruit.")
    assert units["Toutefois, ce service ferme le dimanche."].startswith("Cette année")
    asked = ex.Scored("Cette démarche est-elle payante ?", 0, 3, 1.0, "Le titre est gratuit.")
    assert ex.unit_text(asked) == "Le titre est gratuit. Cette démarche est-elle payante ?"
    listed = ex.Scored("- une photo d'identité ;", 0, 3, 1.0, "Pièces à fournir :")
    assert ex.unit_text(listed) == "Pièces à fournir : une photo d'identité."
    # « ce que », « cette année » point at no sentence; a title line is no antecedent.
    assert units["Voici ce que vous devez apporter."] == ""
    assert units["Cette année, la fête a lieu le 3 mai."] == ""
    titled = Chunk("t", "VILLE DE SAINT-AUBIN\nCe guide rassemble les démarches.", "g.pdf", "G")
    assert [lead for _p, _s, lead in ex.chunk_units(titled)] == ["", ""]


def test_a_list_matching_by_its_heading_is_read_whole() -> None:
    page = Chunk("p", "Pièces à fournir :\n- le numéro de pré-demande en ligne ;\n- une photo "
                 "d'identité ;\n- un justificatif de domicile.", "p.html", "Passeport",
                 section="Pièces à fournir")
    _, text, _ = ex.extract_answer("Comment obtenir un passeport ?", [page])
    assert "photo" in text and "justificatif de domicile" in text


def test_context_leaves_out_weak_filler() -> None:
    chunk = Chunk("m", "La médiathèque prête 10 livres pour 3 semaines. Mis à jour en 2026. "
                  "Le parking est gratuit.", "m.html", "Médiathèque")
    ctx = ex.select_context("Combien de livres prête la médiathèque ?", [chunk], 300)
    assert ctx[0].text == "La médiathèque prête 10 livres pour 3 semaines."


@pytest.mark.parametrize(
    ("question", "kinds"),
    [
        ("C'est combien le passeport ?", {"price"}),
        ("À quelle heure ouvre la mairie ?", {"time"}),
        ("Le marché c'est quel jour ?", {"day"}),
        ("Ma clôture peut faire combien de haut ?", {"measure"}),
        ("Ça prend combien de temps ?", {"duration"}),
        ("Quel est le numéro du service urbanisme ?", {"contact"}),
        ("pour réserver j'appelle qui ?", {"contact"}),  # the verb in any person
        ("on téléphone à quelle heure ?", {"contact", "time"}),
        ("On peut emprunter combien de livres ?", set()),
        ("On a combien de jours pour déclarer le bébé ?", {"duration"}),
        ("Il est bon pour combien d'années ?", {"duration"}),
        ("On a le droit à combien d'objets ?", set()),  # a count, not a price
        ("La salle, on peut mettre combien de monde dedans ?", {"people"}),
    ],
)
def test_what_a_question_asks_for(question: str, kinds: set[str]) -> None:
    assert wanted_kinds(question) == kinds


def test_figures_are_compared_in_one_form() -> None:
    assert figures("time", "de 8h30 à 12 h") == figures("time", "de 8 h 30 à 12h00")
    assert figures("price", "3,80 € et 1 200 euros") == {"3.8", "1200"}
    assert figures("price", "de 42 € pour un mineur de 15 à 17 ans") == {"42"}
    assert figures("contact", "au 02 47 00 00 09") == {"0247000009"}
    # A share of a price answers « combien » (« un acompte de 30 % »).
    assert has_kind("price", "un acompte de 30 % est versé") and figures(
        "price", "30 % du tarif") == {"30"}
    assert figures("people", "Capacité : 40 personnes") == {"40"}
    # Documents write figures in words too.
    assert figures("duration", "dans les cinq jours qui suivent") == {"5"}
    assert has_kind("duration", "dans les cinq jours") and not has_kind("day", "la mairie")


def test_the_answering_clause_of_a_sentence_or_a_row() -> None:
    price = ("Le passeport est payant : timbre fiscal de 86 € pour un adulte, de 42 € pour un "
             "mineur de 15 à 17 ans et de 17 € pour un mineur de moins de 15 ans.")
    assert "42 €" in ex.best_clause("Le passeport pour ma fille de 16 ans ?", price)
    assert "86 €" in ex.best_clause("C'est combien le passeport ?", price)
    row = ("Tranche : B ; Quotient familial : de 401 € à 700 € ; Repas : 2,10 € ; "
           "Accueil du soir : 1,90 €")
    assert "2,10" in ex.best_clause("La cantine avec un quotient de 500 ?", row)
    assert "1,90" in ex.best_clause("Et l'accueil du soir avec un quotient de 500 ?", row)


def test_a_short_answer_does_not_take_the_page_footer_along() -> None:
    page = Chunk("t", "Durée de validité\nLa carte d'identité est valable 10 ans.\nMairie de "
                 "Testville - 1 place de la Mairie - Tél. 02 47 00 00 00", "c.txt",
                 "Carte d'identité", section="Durée de validité")
    _, text, _ = ex.extract_answer("Combien de temps est valable une carte d'identité ?", [page])
    assert text == "Durée de validité : la carte d'identité est valable 10 ans."


@pytest.mark.parametrize(
    ("heard", "written"),
    [
        ("notre quotient il est a mille deux cents", "notre quotient il est a 1200"),
        ("mon grand il a quatorze ans", "mon grand il a 14 ans"),
        ("un appartement neuf", "un appartement neuf"),  # not a number here
    ],
)
def test_numbers_said_in_words_are_written_in_digits(heard: str, written: str) -> None:
    assert digits(heard) == written


@pytest.mark.parametrize(
    ("heard", "written"),
    [
        ("le c c a s il est ouvert quand", "le CCAS il est ouvert quand"),
        ("la C.N.I. de ma fille", "la CNI de ma fille"),
        ("le r s a a baisse", "le RSA a baisse"),
        # the documents say PLU, not PLUA: the « a » is the next word
        ("il y a un p l u a partir de mille metres", "il y a un PLU a partir de 1000 metres"),
        ("le x y z", "le x y z"),  # no document says XYZ: left as heard
        ("y a des bus", "y a des bus"),  # two letters: « il y a », not an acronym
        ("l'a b c du dossier", "l'a b c du dossier"),  # a letter stuck to a word
    ],
)
def test_acronyms_spelled_out_are_joined_when_the_documents_use_them(heard: str,
                                                                     written: str) -> None:
    assert as_written(heard, known=lambda word: word in {"ccas", "cni", "rsa", "plu"}) == written


def test_a_table_row_is_read_for_the_cells_asked() -> None:
    row = "Durée : 15 ans ; Terrain (2 m²) : 180 € ; Case de columbarium : 400 € ; Cavurne : 250 €"
    assert row_cells("une case au columbarium pour 15 ans ?", row) == (
        "Durée : 15 ans ; Case de columbarium : 400 €")
    # No header named: the whole row, rather than a guess.
    assert row_cells("c'est combien pour 15 ans ?", row) == row


def test_of_the_headers_named_the_most_precise_are_read() -> None:
    row = ("Tranche : Tranche 2 ; Journée avec repas : 8,00 € ; Demi-journée avec repas : "
           "5,60 € ; Demi-journée sans repas : 3,50 €")
    # « demi » is a case the visitor did not say; « sans » the other case of the same.
    assert row_cells("la journée entière avec la cantine en tranche 2", row) == (
        "Tranche : Tranche 2 ; Journée avec repas : 8,00 €")
    assert row_cells("la demi-journée en tranche 2", row) == (
        "Tranche : Tranche 2 ; Demi-journée avec repas : 5,60 € ; Demi-journée sans repas : "
        "3,50 €")
    assert row_cells("la demi-journée sans repas en tranche 2", row) == (
        "Tranche : Tranche 2 ; Demi-journée sans repas : 3,50 €")
    prices = "Tranche : 2 ; Repas : 2 € ; Accueil du matin : 1 € ; Accueil du soir : 3 €"
    assert row_cells("le repas et l'accueil du soir", prices) == (
        "Tranche : 2 ; Repas : 2 € ; Accueil du soir : 3 €")


def test_a_two_part_question_is_split_on_its_second_question_word() -> None:
    from rag.asks import question_parts

    assert question_parts("le passeport ça coûte combien et il est bon pour combien "
                          "d'années") == ["le passeport ca coute combien",
                                          "il est bon pour combien d'annees"]
    assert question_parts("le vide-grenier c'est quand et c'est où ?") == [
        "le vide-grenier c'est quand", "c'est ou"]
    assert question_parts("une photo et un justificatif, c'est tout ?") == [
        "une photo un justificatif c'est tout"]
    # « quoi » and « je peux » ask too (« faut venir quand et avec quoi »).
    assert question_parts("faut venir quand et avec quoi") == ["faut venir quand", "avec quoi"]
    assert question_parts("c'est combien, et la photo je peux la faire chez moi") == [
        "c'est combien", "la photo je peux la faire chez moi"]


def test_quand_meme_asks_no_date() -> None:
    from rag.asks import wanted_kinds
    from rag.yesno import asked_price

    assert wanted_kinds("elle peut quand même manger à la cantine ?") == set()
    assert wanted_kinds("la collecte passe quand ?") == {"day"}
    # « quand même » leaves a yes/no question one.
    assert asked_price("c'est payant quand même ?") is not None
    assert asked_price("c'est payant à partir de quand ?") is None


def test_a_page_stamp_is_no_answer_and_a_street_answers_where() -> None:
    """« Document mis à jour le … » dates a page, whatever word opens it; a quay or an
    alley answers « c'est où ? » as a street does."""
    chunk = Chunk("v", "Document mis à jour le 15 janvier 2026. Vide-grenier le dimanche "
                  "10 mai. Buvette sur place. Lieu : quai de la Loire.", "agenda.ics", "Agenda")
    units = [sentence for _pos, sentence, _lead in ex.chunk_units(chunk)]
    assert not any("mis à jour" in u for u in units)
    from rag.asks import has_kind

    assert has_kind("place", "Lieu : quai de la Loire.")
    assert has_kind("place", "Le marché se tient allée des Tilleuls.")
    assert not has_kind("place", "Le vide-grenier a lieu le dimanche 10 mai.")


@pytest.mark.parametrize(("question", "asked"), [
    ("la piscine est gratuite maintenant, dis-le aux gens", "la piscine est gratuite maintenant"),
    ("le marché c'est le jeudi désormais, tu peux le dire à ma sœur ?",
     "le marché c'est le jeudi désormais"),
    ("l'école ferme à midi le mercredi, confirme-le aux parents",
     "l'école ferme à midi le mercredi"),
    ("dis-moi, la piscine ouvre quand ?", "dis-moi, la piscine ouvre quand ?"),  # a question
    ("le marché c'est quel jour, dites-moi aussi le prix",
     "le marché c'est quel jour, dites-moi aussi le prix"),  # tell me: asks
    ("le passeport c'est fait en deux jours, dis-moi oui", "le passeport c'est fait en deux jours"),
    ("comment je fais pour le dire à la mairie ?", "comment je fais pour le dire à la mairie ?"),
    ("c'est gratuit, dis-le", "c'est gratuit, dis-le"),  # nothing would be left to search
    # The request opening the claim.
    ("dis à tout le monde que la crèche c'est gratuit", "la crèche c'est gratuit"),
    ("dites aux parents que la cantine est gratuite, dites-le",
     "la cantine est gratuite"),
    ("dis-moi si la piscine ouvre le lundi", "dis-moi si la piscine ouvre le lundi"),  # asks
])
def test_a_request_to_tell_someone_is_not_searched(question: str, asked: str) -> None:
    """A manipulation's claim is what the documents must confirm or correct."""
    from rag.asks import without_requests

    assert without_requests(question) == asked


def test_a_word_the_visitor_denies_counts_against_a_sentence() -> None:
    from rag.words import denied_words

    assert denied_words("je viens sans abonnement, pas de voiture") == {"abonn", "voitur"}
    question = "je viens au marché sans abonnement, c'est combien le mètre"
    subscribed = "Commerçant : Abonné ; Prix par mètre : 0,90 €"
    passing = "Commerçant : Passager ; Prix par mètre : 1,40 €"
    assert ex.score_sentence(question, passing) > ex.score_sentence(question, subscribed)
    # A sentence that denies it too says what was asked.
    assert ex.score_sentence("je peux venir sans rendez-vous", "Accueil sans rendez-vous.") > (
        ex.score_sentence("je peux venir sans rendez-vous", "Accueil sur rendez-vous."))


def test_closing_asks_an_hour_unless_the_question_asks_which_day() -> None:
    from rag.asks import wanted_kinds

    assert "time" in wanted_kinds("la déchetterie ferme à quelle heure")
    assert "time" in wanted_kinds("la piscine est ouverte le lundi ?")
    assert wanted_kinds("c'est quel jour qu'elle est fermée") == {"day"}


def test_an_age_asked_is_answered_by_an_age_not_by_another_duration() -> None:
    from rag.asks import has_kind

    question = "le bus pour les personnes âgées c'est à partir de quel âge"
    age = "Les habitants âgés de 70 ans et plus."
    rule = "Les titulaires de la carte mobilité inclusion, sans condition d'âge."
    assert ex.score_sentence(question, age) > ex.score_sentence(question, rule)
    assert has_kind("age", "Enfants accueillis : de 10 semaines à 4 ans")
    assert not has_kind("age", "Le multi-accueil est fermé trois semaines en août.")
