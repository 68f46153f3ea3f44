"""A PDF page's layout text read back into tables, rows and sentences (pure: no file)."""

from __future__ import annotations

from rag.ingest.pdf_layout import page_sections


def test_pdf_table_with_padded_rows_and_a_header_wrapped_on_two_lines() -> None:
    # pypdf's layout text of a table whose cells are padded (a blank line between rows)
    # and whose header cells wrap (« Concession simple (2 » / « m²) », « … sans » / « repas »).
    page = (
        "Les tarifs des concessions.\n\n"
        "Durée         Concession simple (2     Case de          Demi-journée sans\n"
        "              m²)                      columbarium      repas\n"
        "\n"
        "15 ans        180 €                    430 €            2,00 €\n"
        "\n"
        "30 ans        390 €                    790 €            3,50 €\n"
        "\n"
        "Suite du texte après le tableau.\n"
    )
    [(_, text)] = page_sections(page)
    assert ("Durée : 30 ans ; Concession simple (2 m²) : 390 € ; Case de columbarium : "
            "790 € ; Demi-journée sans repas : 3,50 €") in text
    assert "Durée : 15 ans" in text
    assert "Suite du texte après le tableau." in text


def test_scanned_table_whose_columns_drift_is_read_row_by_row() -> None:
    # Tesseract's text of a ruled table: a « | » for the ruling, each row's second cell
    # somewhere else, a blank line between rows.
    page = (
        "Les travaux sont autorisés aux horaires suivants :\n\n"
        "Jours                             Horaires autorisés                        |\n"
        "Du lundi au vendredi               8h30-12h et 14h-19h30\n"
        "\n"
        "Samedi               9h-12h et 15h-19h\n"
        "\n"
        "Dimanche et jours fériés            10h-12h uniquement\n"
        "\n"
        "Article 2 - Les chantiers sont interdits la nuit.\n"
    )
    [(_, text)] = page_sections(page)
    assert "Jours : Samedi ; Horaires autorisés : 9h-12h et 15h-19h" in text
    assert "Jours : Dimanche et jours fériés ; Horaires autorisés : 10h-12h uniquement" in text
    assert "|" not in text


def test_pdf_line_ending_on_a_preposition_runs_on_whatever_the_next_opens_with() -> None:
    # A sentence wrapped before a date: the winter hours must stay one sentence.
    page = (
        "Ouvert tous les jours : du 1er avril au 31 octobre de 8 h à 19 h ; du 1er novembre au\n"
        "31 mars de 8 h 30 à 17 h 30. Les véhicules ne sont admis qu'avec une autorisation.\n"
        "Accueil au centre technique, chemin des\n"
        "Varennes.\n"
        "Tarifs 2026\n"
    )
    [(_, text)] = page_sections(page)
    assert "du 1er novembre au 31 mars de 8 h 30 à 17 h 30." in text
    assert "chemin des Varennes." in text
    assert "\nTarifs 2026" in text  # a line after a complete one stays apart


def test_numbered_heading_starts_a_section_named_without_its_number() -> None:
    # « 1. Cimetière … » with its text on the very next line, as pypdf lays it out; a
    # numbered list (each item followed by the next) stays text.
    page = (
        "Tarifs votés le 11 décembre.\n\n"
        "1. Cimetière des Ormeaux\n"
        "Ouvert tous les jours de 8 h 30 à 17 h 30 du 1er novembre au 31 mars.\n\n"
        "2. Marché du mercredi\n\n"
        "Abonné : 0,90 € le mètre.\n\n"
        "1. Apportez une pièce d'identité\n"
        "2. Apportez un justificatif de domicile\n\n"
        "12 Place de la Mairie\n"
        "Tél. 02 47 00 00 00\n"
    )
    sections = page_sections(page)
    assert [name for name, _ in sections] == ["", "Cimetière des Ormeaux", "Marché du mercredi"]
    assert sections[1][1].startswith("Ouvert tous les jours")
    assert "1. Apportez une pièce d'identité" in sections[2][1]
    assert "12 Place de la Mairie" in sections[2][1]  # an address, no section number
