"""Ingestion of every format: small synthetic files for exact assertions, then the corpus."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import docx
import pytest
from rag_testlib import BAD_FILES, CORPUS

from rag.ingest import ingest_file, reason_to_skip
from rag.ingest.ics import Event, describe
from rag.lexical import searched
from rag.pdfwrite import make_pdf
from rag.types import Chunk
from robot.core.errors import IngestError

MIB = 1024 * 1024


def ingest(path: Path, chunk_chars: int = 700, overlap: int = 100) -> list[Chunk]:
    return ingest_file(
        path,
        path.name,
        "hash-1",
        chunk_chars=chunk_chars,
        overlap_chars=overlap,
        max_bytes=50 * MIB,
    )


def joined(chunks: list[Chunk]) -> str:
    return "\n".join(c.text for c in chunks)


# ---- PDF -------------------------------------------------------------------------------


def _tariff_page(n: int) -> list[tuple[float, float, str]]:
    return [
        (72, 800, "VILLE DE TESTVILLE"),
        (72, 760, "Tarifs de la cantine"),
        (72, 730, "Les tarifs dépendent du quotient familial."),
        (72, 700, "Tranche"),
        (200, 700, "Repas"),
        (320, 700, "Goûter"),
        (72, 685, "A"),
        (200, 685, f"{n},00 €"),
        (320, 685, "0,50 €"),
        (72, 670, "B"),
        (200, 670, f"{n},10 €"),
        (320, 670, "0,80 €"),
        (72, 40, "Mairie de Testville - tarifs 2026"),
        (450, 40, f"Page {n} sur 2"),
    ]


def test_pdf_pages_tables_row_by_row_and_running_footers_removed(docs: Path) -> None:
    path = docs / "tarifs-cantine.pdf"
    path.write_bytes(make_pdf([_tariff_page(1), _tariff_page(2)], title="Tarifs cantine 2026"))
    chunks = ingest(path)
    assert [c.page for c in chunks] == [1, 2]
    assert all(c.title == "Tarifs cantine 2026" and c.doc_date == date(2026, 1, 1) for c in chunks)
    # each row on its own line, every cell under its column header, on both pages
    assert "Tranche : A ; Repas : 1,00 € ; Goûter : 0,50 €" in chunks[0].text
    assert "Tranche : B ; Repas : 2,10 € ; Goûter : 0,80 €" in chunks[1].text
    text = joined(chunks)
    assert "Page 1 sur 2" not in text and "Page 2 sur 2" not in text
    assert text.count("VILLE DE TESTVILLE") == 1  # letterhead kept once, not on every page
    assert "Mairie de Testville - tarifs 2026" not in text  # a running title: never an answer
    assert all(c.source_file == "tarifs-cantine.pdf" and c.content_hash == "hash-1" for c in chunks)


def test_pdf_from_the_corpus_keeps_tables_and_pages() -> None:
    chunks = ingest(CORPUS / "tarifs-cantine-periscolaire-2026.pdf")
    assert {c.page for c in chunks} == {1, 2, 3}
    text = joined(chunks)
    assert (
        "Tranche : B ; Quotient familial : de 401 € à 700 € ; Repas : 2,10 € ; "
        "Accueil du matin : 1,10 € ; Accueil du soir : 1,90 €"
    ) in text
    assert "Page 2 sur 3" not in text
    assert chunks[0].doc_date == date(2026, 1, 1)
    old = ingest(CORPUS / "tarifs-piscine-2025.pdf")
    assert "Prestation : Entrée adulte ; Tarif 2025 : 3,90 €" in joined(old)
    assert old[0].doc_date == date(2025, 1, 1)


# ---- HTML ------------------------------------------------------------------------------

PAGE = """<!doctype html><html><head><title>Carte d'identité - Mairie de Testville</title>
<meta name="dcterms.modified" content="2025-05-01"><script>var tracker = 1;</script>
<style>body { color: red }</style></head><body>
<header class="site-header"><nav><a href="/">Accueil</a><a href="/d">Démarches</a></nav></header>
<div id="cookie-banner">Ce site utilise des cookies. <button>Accepter</button></div>
<nav class="breadcrumb">Accueil &gt; Démarches</nav>
<main><h1>Carte d'identité</h1><p>Mis à jour le 3 janvier 2026</p>
<h2>Pièces à fournir</h2><ul><li>Une photo d'identité récente.</li>
<li>Un justificatif de domicile.</li></ul>
<h2>Tarifs</h2><table><thead><tr><th>Cas</th><th>Prix</th></tr></thead>
<tbody><tr><td>Première demande</td><td>Gratuit</td></tr><tr><td>Perte</td><td>25 €</td></tr>
</tbody></table></main>
<aside>En un clic : piscine, cantine</aside>
<footer>Mairie de Testville, 1 place de la Mairie. Tous droits réservés.</footer></body></html>
"""


def test_html_keeps_main_content_sections_and_table_rows(docs: Path) -> None:
    path = docs / "carte.html"
    path.write_text(PAGE, encoding="utf-8")
    chunks = ingest(path)
    text = joined(chunks)
    for junk in (
        "cookies",
        "Accepter",
        "tracker",
        "color",
        "En un clic",
        "Tous droits",
        "Accueil >",
        "Démarches",
    ):
        assert junk not in text
    assert chunks[0].title == "Carte d'identité"
    assert "Pièces à fournir" in chunks[0].section and "Tarifs" in chunks[0].section
    assert "- Une photo d'identité récente.\n- Un justificatif de domicile." in text
    assert "Cas : Perte ; Prix : 25 €" in text
    assert chunks[0].doc_date == date(2026, 1, 3)  # the visible label beats the metadata


def test_html_small_chunks_split_by_section(docs: Path) -> None:
    path = docs / "carte.html"
    path.write_text(PAGE, encoding="utf-8")
    chunks = ingest(path, chunk_chars=100, overlap=0)
    sections = [c.section for c in chunks]
    assert "Pièces à fournir" in sections and "Tarifs" in sections
    tarifs = chunks[sections.index("Tarifs")]
    assert tarifs.text.startswith("Carte d'identité — Tarifs\n")


def test_html_corpus_page_strips_boilerplate() -> None:
    chunks = ingest(CORPUS / "carte-identite-passeport.html")
    text = joined(chunks)
    assert "cookie" not in text.lower() and "En un clic" not in text
    assert chunks[0].doc_date == date(2026, 1, 12)
    assert "timbre fiscal de 86 €" in text


# ---- DOCX ------------------------------------------------------------------------------


def test_docx_headings_become_sections_and_tables_keep_headers(docs: Path) -> None:
    d = docx.Document()
    d.core_properties.title = "Location des salles"
    d.add_paragraph("Mis à jour le 15 janvier 2026. La commune loue ses salles.")
    d.add_heading("Les salles et leurs tarifs", level=1)
    d.add_paragraph("Tarifs pour un week-end.")
    table = d.add_table(rows=3, cols=3)
    for r, row in enumerate(
        [
            ("Salle", "Habitant", "Extérieur"),
            ("Salle des fêtes", "350 €", "600 €"),
            ("Salle du Port", "150 €", "250 €"),
        ]
    ):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    d.add_heading("Réserver", level=2)
    d.add_paragraph("Les réservations se font à la mairie.")
    path = docs / "salles.docx"
    d.save(str(path))
    chunks = ingest(path, chunk_chars=200, overlap=0)
    assert {c.title for c in chunks} == {"Location des salles"}
    assert [c.section for c in chunks] == ["", "Les salles et leurs tarifs", "Réserver"]
    assert "Salle : Salle des fêtes ; Habitant : 350 € ; Extérieur : 600 €" in chunks[1].text
    assert chunks[0].doc_date == date(2026, 1, 15)


# ---- TXT and Markdown ------------------------------------------------------------------


def test_markdown_sections_tables_and_soft_wraps(docs: Path) -> None:
    path = docs / "faq.md"
    path.write_text(
        "# Citoyenneté\n\nMise à jour le 10 janvier 2026\n\n"
        "## Comment m'inscrire ?\n\nEn ligne sur **service-public.fr** ou\nà la "
        "[mairie](https://example.org). **La mairie n'établit pas\nles procurations.**\n\n"
        "## Bureaux de vote\n\n| Bureau | Lieu |\n|---|---|\n| 1 | Mairie |\n| 2 | École |\n",
        encoding="utf-8",
    )
    chunks = ingest(path, chunk_chars=200, overlap=0)
    assert {c.title for c in chunks} == {"Citoyenneté"}
    text = joined(chunks)
    assert "En ligne sur service-public.fr ou à la mairie." in text  # markup gone, unwrapped
    assert "La mairie n'établit pas les procurations." in text  # bold across the wrap
    assert "*" not in text
    assert "Bureau : 2 ; Lieu : École" in text
    assert "Bureaux de vote" in chunks[-1].section  # small sections travel together
    assert chunks[0].doc_date == date(2026, 1, 10)


def test_text_capital_headings_and_windows_encoding(docs: Path) -> None:
    path = docs / "dechetterie.txt"
    path.write_bytes(
        "DÉCHETTERIE DES GRÈVES\nDocument mis à jour le 15 janvier 2026\n\nHORAIRES\n\n"
        "Ouverte le lundi, le mercredi et le samedi, de\n9 h à 12 h. Le bac jaune des déchets\n"
        "(emballages et papiers) est collecté le jeudi.\n".encode("cp1252")
    )
    chunks = ingest(path, chunk_chars=200, overlap=0)
    assert chunks[0].title == "Déchetterie des grèves"
    horaires = next(c for c in chunks if c.section == "Horaires")
    assert "le samedi, de 9 h à 12 h." in horaires.text  # wrapped line joined again
    assert "Le bac jaune des déchets (emballages et papiers) est collecté" in horaires.text
    assert chunks[0].doc_date == date(2026, 1, 15)


# ---- iCalendar -------------------------------------------------------------------------

ICS = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//test//\r
X-WR-CALNAME:Agenda de Testville\r
BEGIN:VEVENT\r
UID:1\r
DTSTAMP:20260101T000000Z\r
DTSTART;TZID=Europe/Paris:20260107T080000\r
DTEND;TZID=Europe/Paris:20260107T130000\r
RRULE:FREQ=WEEKLY;BYDAY=WE;UNTIL=20260630T220000Z\r
SUMMARY:Marché\r
LOCATION:Place de l'Église\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:2\r
DTSTAMP:20260101T000000Z\r
DTSTART:20260621T183000Z\r
SUMMARY:Concert de la fête de la musique\r
DESCRIPTION:Scène ouverte.\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:3\r
DTSTAMP:20260101T000000Z\r
DTSTART;VALUE=DATE:20260714\r
DTEND;VALUE=DATE:20260715\r
SUMMARY:Fête nationale\r
END:VEVENT\r
END:VCALENDAR\r
"""


def test_ics_one_chunk_per_event_spelled_in_french(docs: Path) -> None:
    path = docs / "agenda.ics"
    path.write_text(ICS, encoding="utf-8")
    chunks = ingest(path)
    assert len(chunks) == 3
    by_section = {c.section: c.text for c in chunks}
    assert (
        "Marché : tous les mercredis de 8 h à 13 h, à partir du mercredi 7 janvier 2026, "
        "jusqu'au mercredi 24 juin 2026."
    ) in by_section["Marché"]
    assert "Lieu : Place de l'Église." in by_section["Marché"]
    # 18:30 UTC is 20 h 30 in Paris in June
    assert (
        "Concert de la fête de la musique : dimanche 21 juin 2026 à 20 h 30."
        in by_section["Concert de la fête de la musique"]
    )
    assert (
        "Fête nationale : mardi 14 juillet 2026 (toute la journée)." in by_section["Fête nationale"]
    )
    assert {c.title for c in chunks} == {"Agenda de Testville"}


def test_ics_recurrence_phrases() -> None:
    from datetime import datetime

    start = datetime(2026, 1, 3, 10, 0)
    first_saturday = Event(
        "Permanence du maire",
        start,
        datetime(2026, 1, 3, 12, 0),
        rrule={"FREQ": ["MONTHLY"], "BYDAY": ["1SA"]},
    )
    assert describe(first_saturday).startswith(
        "Permanence du maire : le premier samedi de chaque mois de 10 h à 12 h, "
        "à partir du samedi 3 janvier 2026"
    )
    fortnight = Event("Collecte", start, rrule={"FREQ": ["WEEKLY"], "INTERVAL": [2]})
    assert "un samedi sur deux à 10 h" in describe(fortnight)
    yearly = Event("Fête", datetime(2026, 7, 1, 20, 0).date(), rrule={"FREQ": ["YEARLY"]})
    assert "chaque année le 1er juillet" in describe(yearly)


# ---- CSV -------------------------------------------------------------------------------


@pytest.mark.parametrize("sep", [";", ","])
def test_csv_one_chunk_per_row_with_headers(docs: Path, sep: str) -> None:
    path = docs / "horaires-services.csv"
    rows = [
        ["service", "jours", "téléphone"],
        ["Accueil", "du lundi au vendredi", "02 47 00 00 00"],
        ["Urbanisme", "mardi, jeudi", "02 47 00 00 03"],
    ]
    path.write_text(
        "\n".join(sep.join(f'"{c}"' if sep in c else c for c in r) for r in rows), encoding="utf-8"
    )
    chunks = ingest(path)
    assert [c.section for c in chunks] == ["Accueil", "Urbanisme"]
    assert chunks[1].text == (
        "Horaires services — Urbanisme\nservice : Urbanisme ; "
        "jours : mardi, jeudi ; téléphone : 02 47 00 00 03"
    )


# ---- bad files -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("corrompu.pdf", "PDF endommagé"),
        ("chiffre.pdf", "mot de passe"),
        ("scan-sans-texte.pdf", "PDF sans texte"),
        ("vide.txt", "fichier vide"),
        ("notes.xyz", "type de fichier non pris en charge (.xyz)"),
        ("casse.docx", "DOCX endommagé"),
        ("zip-pas-docx.docx", "DOCX endommagé"),
        ("agenda-casse.ics", "iCalendar invalide"),
    ],
)
def test_bad_files_are_refused_with_a_reason(name: str, reason: str) -> None:
    with pytest.raises(IngestError) as err:
        ingest(BAD_FILES / name)
    assert reason in err.value.message


def test_oversized_file_refused_before_reading(docs: Path) -> None:
    big = docs / "enorme.pdf"
    with open(big, "wb") as f:
        f.truncate(200 * MIB)  # sparse: no disk used, never read
    assert reason_to_skip(big, big.stat().st_size, 50 * MIB) == (
        "fichier trop volumineux (200 Mo > 50 Mo)"
    )
    with pytest.raises(IngestError, match="trop volumineux"):
        ingest(big)


@pytest.mark.parametrize("path", sorted(CORPUS.iterdir()), ids=lambda p: p.name)
def test_every_corpus_file_yields_titled_dated_chunks(path: Path) -> None:
    chunks = ingest(path)
    assert chunks, path
    assert all(c.title and c.text.strip() and c.content_hash == "hash-1" for c in chunks)
    assert all(len(c.text) <= 700 + 200 for c in chunks if "—" not in c.title)
    if path.suffix not in (".csv",):
        assert chunks[0].doc_date is not None, path.name


def test_a_file_name_lends_retrieval_the_words_its_text_lacks() -> None:
    page = Chunk("p1", "Centre aquatique Les Nymphéas — Horaires\nLundi : fermé.",
                 "sport/piscine-les-nympheas_2026.html", "Centre aquatique Les Nymphéas")
    assert searched(page) == f"{page.text}\n(piscine)"  # accents, digits, known words aside
    said = Chunk("p2", "Piscine : horaires.", "piscine.html", "Piscine")
    assert searched(said) == said.text
