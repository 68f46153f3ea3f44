"""Answer units by meaning (rag/meaning.py): vectors kept by text, reranking (pure parts)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from rag import extractive as ex
from rag.cells import names_a_header
from rag.meaning import UnitVectors, rerank, unit_texts
from rag.types import Chunk
from rag.unitsearch import UnitIndex


class AxisEmbedder:
    """A stand-in embedder for the bookkeeping only: one axis per keyword, counted calls."""

    model_id = "axes"
    dim = 3
    KEYS = ("piscine", "cantine", "mairie")

    def __init__(self) -> None:
        self.embedded: list[str] = []

    def _vec(self, text: str) -> np.ndarray:
        v = np.array([text.lower().count(k) for k in self.KEYS], dtype=np.float32) + 0.01
        return v / np.linalg.norm(v)

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        self.embedded += list(texts)
        return np.array([self._vec(t) for t in texts], dtype=np.float32).reshape(-1, self.dim)

    def query(self, text: str) -> np.ndarray:
        return self._vec(text)


def reranked(chunk: Chunk, question: str, emb: AxisEmbedder | None = None) -> list[ex.Scored]:
    """The chunk's units for the question, by words then meaning (an axis embedder)."""
    emb = emb or AxisEmbedder()
    return rerank(ex.rank_sentences(question, [chunk]), [chunk], emb.query(question),
                  UnitVectors(emb), question)


PAGE = Chunk("p1", "Piscine\nTarifs :\n- Entrée adulte : 4,20 €\n- Carte de 10 entrées : 36 €\n"
             "La cantine est au rez-de-chaussée.", "p.html", "Piscine", section="Tarifs")


def test_units_are_embedded_once_and_survive_a_save(tmp_path: Path) -> None:
    emb = AxisEmbedder()
    texts = unit_texts([PAGE])
    units = UnitVectors(emb)
    assert units.fill(texts) == len(set(texts)) > 0
    assert units.fill(texts) == 0  # nothing new: nothing embedded
    units.save(tmp_path, texts)
    again = UnitVectors.load(tmp_path, emb)
    before = len(emb.embedded)
    got = again.vectors(texts)
    assert len(emb.embedded) == before  # read from units.npz, not embedded again
    assert np.allclose(got, units.vectors(texts), atol=1e-3)


def test_a_missing_or_broken_file_means_vectors_on_demand(tmp_path: Path) -> None:
    emb = AxisEmbedder()
    (tmp_path / "units.npz").write_bytes(b"not a numpy file")
    units = UnitVectors.load(tmp_path, emb)
    assert units.table == {}
    assert units.vectors(["Piscine : Entrée adulte"]).shape == (1, 3)
    assert emb.embedded == ["Piscine : Entrée adulte"]


def test_rerank_keeps_every_unit_and_puts_the_one_about_the_question_first() -> None:
    emb = AxisEmbedder()
    chunk = Chunk("c", "Informations\nLa piscine ouvre à 9 h.\nLa cantine ouvre à 9 h.",
                  "c.txt", "Informations")
    question = "Elle ouvre à quelle heure, la piscine ?"
    ranked = ex.rank_sentences(question, [chunk])
    out = rerank(ranked, [chunk], emb.query(question), UnitVectors(emb), question)
    assert out[0].sentence == "La piscine ouvre à 9 h."
    assert {c.sentence for c in out} == {c.sentence for c in ranked}  # reordered, not lost
    assert out[0].meaning > out[-1].meaning


def test_a_follow_up_own_words_choose_among_the_topic_units() -> None:
    # « La piscine ouvre à quelle heure ? » then « Et la cantine ? »: the merged query
    # names both; what the visitor said last decides which unit answers.
    emb = AxisEmbedder()
    chunk = Chunk("c", "Informations\nLa piscine ouvre à 9 h.\nLa cantine ouvre à 11 h 30.",
                  "c.txt", "Informations")
    merged = "La piscine ouvre à quelle heure, et la cantine ?"
    ranked = ex.rank_sentences(merged, [chunk])
    topic_only = rerank(ranked, [chunk], emb.query(merged), UnitVectors(emb), merged)
    focused = rerank(ranked, [chunk], emb.query(merged), UnitVectors(emb), merged,
                     emb.query("Et la cantine ?"))
    assert topic_only[0].sentence == "La piscine ouvre à 9 h."
    assert focused[0].sentence == "La cantine ouvre à 11 h 30."
    assert {c.sentence for c in focused} == {c.sentence for c in ranked}


def test_a_table_row_means_what_its_caption_says() -> None:
    chunk = Chunk("s1", "Location des salles — Tarifs\nTarifs 2026 pour un week-end. Le tarif "
                  "habitant vaut pour les résidents.\n\nSalle : Tilleuls ; Capacité : 120 ; "
                  "Tarif : 220 €\nSalle : Loire ; Capacité : 40 ; Tarif : 90 €",
                  "salles.docx", "Location des salles", section="Tarifs")
    units = list(ex.chunk_units(chunk))
    row = next(u for u in units if "Loire" in u[1])
    assert ex.caption_at(chunk, row[0]) == ("Tarifs 2026 pour un week-end. Le tarif habitant "
                                            "vaut pour les résidents.")
    assert "week-end" in ex.meaning_text(chunk, *row)
    sentence = next(u for u in units if u[1].startswith("Tarifs 2026"))
    assert ex.caption_at(chunk, sentence[0]) == ""  # only rows have a caption


def test_a_visitor_from_elsewhere_gets_the_hors_commune_row_whatever_the_quotient() -> None:
    emb = AxisEmbedder()
    chunk = Chunk("c", "Tarifs\nCursus : Tranche C - QF de 1 001 à 1 400 € ; Enfant : 270 € ; "
                  "Adulte : 425 €\nCursus : Élèves hors commune ; Enfant : 510 € ; "
                  "Adulte : 640 €", "conservatoire.html", "Conservatoire")
    question = ("un adulte avec un quotient de 1200 ça coûte combien, et si on habite pas "
                "la commune")
    ranked = ex.rank_sentences(question, [chunk])
    out = rerank(ranked, [chunk], emb.query(question), UnitVectors(emb), question)
    assert "hors commune" in out[0].sentence
    resident = question.replace(", et si on habite pas la commune", "")
    out = rerank(ranked, [chunk], emb.query(resident), UnitVectors(emb), resident)
    assert "Tranche C" in out[0].sentence  # the quotient picks the row again


def test_the_row_holding_most_of_the_visitors_figures_is_the_one_asked() -> None:
    # « 5 ans » falls in every row's « (4-6 ans) »; « quotient de 800 » in one band only.
    chunk = Chunk("c", "Tarifs\nTranche : C - QF de 1 001 à 1 400 € ; Éveil (4-6 ans) : 120 € ; "
                  "Adulte : 425 €\nTranche : A - QF jusqu'à 600 € ; Éveil (4-6 ans) : 60 € ; "
                  "Adulte : 240 €\nTranche : B - QF de 601 à 1 000 € ; Éveil (4-6 ans) : 90 € ; "
                  "Adulte : 330 €", "conservatoire.html", "Conservatoire")
    question = "l'éveil pour ma fille de 5 ans avec un quotient de 800 ça coûte combien"
    assert "Tranche : B" in reranked(chunk, question)[0].sentence


def test_the_band_a_figure_falls_in_is_the_visitors_in_a_table_that_only_names_it() -> None:
    chunk = Chunk("c", "Cantine\nTranche : B ; Quotient : de 401 à 700 € ; Repas : 2,10 €\n"
                  "Tranche : C ; Quotient : de 701 à 1 000 € ; Repas : 3,20 €\n"
                  "Centre de loisirs, tarifs selon la tranche :\n"
                  "Tranche : B ; Journée avec repas : 8,50 €\n"
                  "Tranche : C ; Journée avec repas : 12,00 €", "tarifs.pdf", "Tarifs")
    question = "le centre de loisirs la journée avec repas, on a un quotient de 800"
    leisure = [c.sentence for c in reranked(chunk, question) if "Journée" in c.sentence]
    assert "Tranche : C" in leisure[0]


def test_the_unit_naming_what_the_visitor_denies_is_the_other_case() -> None:
    # The axis embedder reads « cantine » in both rows alike: only the words tell them apart.
    chunk = Chunk("m", "Marché\nCommerçant : Abonné cantine ; Prix du mètre : 0,90 €\n"
                  "Commerçant : Passager cantine ; Prix du mètre : 1,40 €", "tarifs.pdf",
                  "Tarifs")
    question = "la cantine du marché sans abonnement c'est combien le mètre"
    assert "Passager" in reranked(chunk, question)[0].sentence
    assert "Abonné" in reranked(chunk, "la cantine du marché pour un abonné le mètre")[0].sentence


def test_the_only_unit_about_what_is_asked_is_kept_though_it_names_the_denied_word() -> None:
    # « sans réserver »: the tennis row says which courts need booking; the others are
    # about other grounds, free to book or not, and answer nothing about tennis.
    chunk = Chunk("s", "Équipements\nÉquipement : Courts de tennis ; Accès : extérieurs "
                  "libres, couverts sur réservation\nÉquipement : Terrain multisports du "
                  "quartier des Varennes ; Accès : libre et gratuit, tous les jours de 9 h à "
                  "22 h\nLa piscine est fermée le lundi.", "sports.csv", "Équipements")
    question = "les terrains de tennis dehors on peut y aller sans réserver"
    # As e5 reads the question: about tennis.
    assert "tennis" in reranked(chunk, question, SportAxes())[0].sentence


class SportAxes(AxisEmbedder):
    KEYS = ("tennis", "multisports", "piscine")


def test_of_two_rows_naming_the_band_the_one_whose_headers_are_named_answers() -> None:
    chunk = Chunk("t", "Tarifs\nTranche : Tranche 2 ; Repas : 2,10 € (mairie) ; Accueil du "
                  "soir : 1,40 €\nTranche : Tranche 2 ; Journée avec repas : 8,00 € ; "
                  "Demi-journée : 5,60 €\nLa piscine est fermée le lundi.", "tarifs.pdf",
                  "Tarifs")
    question = "le mercredi la journée entière avec la cantine en tranche deux ça fait combien"
    assert names_a_header(question, "Tranche : Tranche 2 ; Journée avec repas : 8,00 €")
    assert not names_a_header(question, "Tranche : Tranche 2 ; Repas : 2,10 €")
    # The meaning leans to the canteen's row (as e5 reads « cantine » near « Repas »).
    emb = AxisEmbedder()
    ranked = ex.rank_sentences(question, [chunk])
    out = rerank(ranked, [chunk], emb.query("mairie"), UnitVectors(emb), question)
    assert "Journée avec repas" in out[0].sentence


def test_a_passage_is_found_by_its_closest_sentence_once_every_unit_has_a_vector() -> None:
    emb = AxisEmbedder()
    mixed = Chunk("m", "Tarifs\nLa cantine coûte 3 €. La cantine ouvre à 11 h 30. La cantine "
                  "sert un goûter. La piscine ouvre à 9 h.", "tarifs.pdf", "Tarifs")
    other = Chunk("o", "Mairie\nLa mairie ouvre à 8 h 30, la piscine aussi, la mairie ferme "
                  "à 17 h.", "mairie.html", "Mairie")
    units = UnitVectors(emb)
    index = UnitIndex([other, mixed], units)
    assert len(index) == 0  # no unit embedded yet: no ranking that favours some chunks
    units.fill(unit_texts([other, mixed]))
    index = UnitIndex([other, mixed], units)
    # The mixed passage's own vector leans to the canteen; its piscine sentence is closest.
    assert index.top(emb.query("piscine"), 2) == [1, 0]
    assert index.top(emb.query("mairie"), 1) == [0]


def test_a_follow_up_goes_on_with_the_document_its_topic_was_answered_from() -> None:
    # « l'entrée adulte à la piscine ? » then « et un gamin de 10 ans ? »: the passport's
    # page prices minors in words as close as the pool's child row
    emb = AxisEmbedder()
    pool = Chunk("a", "Tarifs\nTarif enfant de 4 à 17 ans : 2,30 €.\nTarif adulte : 3,80 €.",
                 "piscine.html", "Tarifs")
    passport = Chunk("b", "Tarifs\nTarif enfant de 4 à 17 ans : 17 €.\nTarif adulte : 86 €.",
                     "titres.html", "Tarifs")
    merged = "le tarif adulte c'est combien, un enfant de 10 ans"
    ranked = ex.rank_sentences(merged, [passport, pool])
    for source, price in (("piscine.html", "2,30 €"), ("titres.html", "17 €")):
        first = rerank(ranked, [passport, pool], emb.query(merged), UnitVectors(emb), merged,
                       topic_source=source)[0]
        assert [passport, pool][first.rank].source_file == source
        assert first.sentence.endswith(f"{price}.")
