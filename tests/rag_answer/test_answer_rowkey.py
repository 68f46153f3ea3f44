from rag.rowkey import named_row

GRID = [
    "Tranche : Tranche 1 ; Quotient familial : jusqu'à 450 € ; Repas : 0,90 €",
    "Tranche : Tranche 2 ; Quotient familial : de 451 à 750 € ; Repas : 2,10 €",
    "Tranche : Tranche 3 ; Quotient familial : de 751 à 1 100 € ; Repas : 3,25 €",
]


def rows_named(question: str) -> list[int]:
    return [i for i, row in enumerate(GRID) if named_row(question, row)]


def test_a_row_is_named_by_its_label_in_digits_or_in_words() -> None:
    assert rows_named("le repas pour la tranche 3 c'est combien") == [2]
    assert rows_named("on est en tranche deux ça fait combien") == [1]
    assert rows_named("pour la tranche une") == [0]


def test_a_label_the_recogniser_cut_from_its_noun_with_punctuation_still_names_its_row() -> None:
    # Whisper base hearing « on est en tranche deux, ça fait combien » (Kokoro voice)
    assert rows_named("Avec la cantine, on est en tranche. Deux, ça fait combien ?") == [1]
    assert rows_named("on est en tranche, 3") == [2]
    row = "Tranche : Tranche A - QF jusqu'à 600 € ; Cursus enfant : 120 €"
    assert named_row("Le conservatoire, on est dans la tranche. A sa coupe combien ?", row)


def test_letters_label_rows_but_the_preposition_a_does_not() -> None:
    row = "Tranche : Tranche A - QF jusqu'à 600 € ; Cursus enfant : 120 €"
    assert named_row("on est dans la tranche a ça coûte combien", row)
    assert not named_row("le repas à la cantine c'est combien", row)
    # The label as the header's value, the noun only in the header.
    assert named_row("on est dans la tranche a", "Tranche : A - QF jusqu'à 600 € ; Cursus : 120 €")
    assert not named_row("on est dans la tranche a", "Tranche : C - QF de 1 001 à 1 400 €")


def test_a_figure_that_is_no_label_names_no_row() -> None:
    # « 3 ans » is an age and « 450 euros » an income: the ranges decide, not labels.
    assert rows_named("mon fils a 3 ans, on gagne 450 euros") == []


def test_a_row_is_named_by_its_first_cell_said_whole() -> None:
    week = ["Jour : Samedi ; Hiver : 9 h - 17 h 30", "Jour : Lundi ; Hiver : 14 h - 17 h 30",
            "Jour : Dimanche et jours fériés ; Hiver : fermée"]
    question = "la déchetterie le lundi elle ouvre à quelle heure"
    assert [named_row(question, row) for row in week] == [False, True, False]
    # Part of a cell is not the cell: « dimanche » alone names no « Dimanche et jours fériés ».
    assert not named_row("et le dimanche", week[2])
    # « c'est » names no « Tranche : C ».
    assert not named_row("la cantine c'est combien", "Tranche : C ; Repas : 3,20 €")


def test_a_row_is_named_by_every_word_of_its_first_cell_in_any_order() -> None:
    rows = ["Formule : Carte 10 entrées adulte ; Extérieurs : 45 €",
            "Formule : Entrée adulte ; Extérieurs : 5,10 €"]
    question = "l'entrée à la piscine pour un adulte qui habite pas ici c'est combien"
    assert [named_row(question, row) for row in rows] == [False, True]
