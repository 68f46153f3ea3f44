"""Pure parts of retrieval: French lexical matching, fusion, duplicates, newest version."""

from __future__ import annotations

from datetime import date

from rag.lexical import BM25, fold, stem, tokens
from rag.ranking import (
    Ranked,
    collapse_duplicates,
    disagree,
    features,
    fuse,
    near_duplicate,
    newer_version,
    prefer_newest,
    same_topic,
)
from rag.retrieval import with_closest, with_table_rest
from rag.syncplan import plan_sync
from rag.types import Chunk


def chunk(i: int, text: str, file: str, title: str = "", when: date | None = None) -> Chunk:
    return Chunk(id=str(i), text=text, source_file=file, title=title or file, doc_date=when)


def test_folding_and_light_stemming() -> None:
    assert fold("Carte d’Identité ŒUVRE") == "carte d’identite oeuvre"
    assert tokens("carte d identite") == tokens("Carte d'identité") == ["cart", "identit"]
    assert stem("tarifs") == stem("tarif")
    assert stem("journaux") == stem("journal")
    assert stem("inscrites") == stem("inscrit")
    assert tokens("Où est la mairie ?") == ["mairi"]


def test_bm25_matches_without_accents_or_apostrophes() -> None:
    texts = [
        "La carte d'identité est gratuite, sauf en cas de perte.",
        "Le marché a lieu le samedi matin place de l'Église.",
        "Tarifs de la piscine municipale : entrée adulte 4,20 €.",
    ]
    bm25 = BM25(texts)
    assert bm25.top("carte d identite", 3)[0][0] == 0
    assert bm25.top("eglise marche", 3)[0][0] == 1
    assert bm25.top("TARIF PISCINE", 3)[0][0] == 2
    assert bm25.top("le la de", 3) == []  # stop words alone match nothing


def test_rank_fusion_rewards_agreement() -> None:
    scores = fuse(dense=[1, 2, 3], lexical=[2, 4])
    assert max(scores, key=lambda i: scores[i]) == 2  # second in dense, first in lexical
    assert fuse([7], [7])[7] == 1.0


PAGE = (
    "La carte nationale d'identité est délivrée en mairie sur rendez-vous, du lundi au "
    "vendredi. Le délai de fabrication est d'environ 3 semaines. En cas de perte, le "
    "timbre fiscal coûte 25 €."
)


def duplicates_of(chunks: list[Chunk]):
    feats = [features(c) for c in chunks]
    return lambda i, j: near_duplicate(feats[i], feats[j])


def test_near_duplicates_collapse_into_the_web_page_in_the_best_place() -> None:
    chunks = [
        chunk(0, "Carte d'identité\n" + PAGE, "carte.html"),
        chunk(1, "Version imprimable\n" + PAGE + " Mairie de Testville.", "carte-imprimable.txt"),
        chunk(2, "La piscine ouvre le mardi à 12 h.", "piscine.html"),
    ]
    ranked = [Ranked(1, 0.9, 0.9, 1.0), Ranked(0, 0.8, 0.9, 1.0), Ranked(2, 0.5, 0.8, 0.0)]
    kept = collapse_duplicates(ranked, chunks, duplicates_of(chunks))
    assert [(r.index, r.score) for r in kept] == [(0, 0.9), (2, 0.5)]


def test_of_two_copies_that_are_not_web_pages_the_best_ranked_stays() -> None:
    chunks = [
        chunk(0, "Carte d'identité\n" + PAGE, "carte.pdf"),
        chunk(1, "Version imprimable\n" + PAGE + " Mairie de Testville.", "carte-imprimable.txt"),
    ]
    ranked = [Ranked(1, 0.9, 0.9, 1.0), Ranked(0, 0.8, 0.9, 1.0)]
    kept = collapse_duplicates(ranked, chunks, duplicates_of(chunks))
    assert [r.index for r in kept] == [1]


def test_different_figures_are_versions_not_duplicates() -> None:
    a = chunk(0, "Entrée adulte : 3,90 €. Entrée enfant : 2,40 €.", "tarifs-2025.pdf")
    b = chunk(1, "Entrée adulte : 4,20 €. Entrée enfant : 2,60 €.", "piscine.html")
    ranked = [Ranked(0, 1.0, 0.9, 1.0), Ranked(1, 0.9, 0.9, 1.0)]
    kept = collapse_duplicates(ranked, [a, b], duplicates_of([a, b]))
    assert len(kept) == 2


def test_newest_version_wins_unless_the_question_names_the_year() -> None:
    chunks = [
        chunk(
            0,
            "Piscine : entrée adulte 3,90 €, entrée enfant 2,40 €.",
            "tarifs-piscine-2025.pdf",
            "Piscine municipale - tarifs 2025",
            date(2025, 1, 1),
        ),
        chunk(
            1,
            "Piscine : entrée adulte 4,20 €, entrée enfant 2,60 €.",
            "piscine.html",
            "Piscine municipale : horaires et tarifs 2026",
            date(2026, 1, 5),
        ),
        chunk(2, "Le marché a lieu le samedi.", "agenda.ics", "Agenda 2024", date(2024, 1, 1)),
    ]
    feats = [features(c) for c in chunks]

    def related(i: int, j: int) -> bool:
        return same_topic(feats[i], feats[j])

    ranked = [Ranked(0, 1.0, 0.9, 5.0), Ranked(1, 0.95, 0.9, 4.0), Ranked(2, 0.6, 0.8, 0.0)]
    out = prefer_newest(ranked, chunks, related, "prix de la piscine")
    assert [r.index for r in out][:2] == [1, 2]  # the 2025 grid falls below other results
    assert out[-1].index == 0 and out[-1].superseded
    asked = prefer_newest(ranked, chunks, related, "prix de la piscine en 2025")
    assert asked[0].index == 0 and not asked[0].superseded


def test_an_older_text_is_outdated_only_where_a_newer_one_says_otherwise() -> None:
    grid = features(chunk(0, "Cantine, tranche 1 : repas 0,90 € ; tranche 2 : repas 2,10 €.",
                          "tarifs-enfance-2025-2026.pdf", "Tarifs enfance : cantine"))
    enrol = features(chunk(1, "L'inscription à l'école ne vaut pas inscription à la cantine.",
                           "inscriptions.html", "Inscriptions : cantine"))
    newer_grid = features(chunk(2, "Cantine, tranche 1 : repas 1,00 € ; tranche 2 : 2,20 €.",
                                "tarifs-2026.pdf", "Tarifs : cantine"))
    title_page = features(chunk(3, "Tarifs enfance : cantine", "tarifs-2024.pdf"))
    assert not disagree(grid, enrol)  # the newer page prices nothing: the grid stands
    assert disagree(grid, newer_grid)  # other prices for the same meals
    assert disagree(title_page, enrol)  # a title page says nothing to keep


def test_sync_plan_modes() -> None:
    indexed = {"a.pdf": "1", "b.pdf": "2", "c.pdf": "3"}
    found = {"a.pdf": "1", "b.pdf": "9", "d.pdf": "4"}
    plan = plan_sync(indexed, found, set(found), "replace")
    assert (plan.add, plan.update, plan.remove, plan.unchanged) == (
        ["d.pdf"],
        ["b.pdf"],
        ["c.pdf"],
        ["a.pdf"],
    )
    update = plan_sync(indexed, found, set(found), "update", remove=["a.pdf"])
    assert (update.add, update.update, update.remove, update.unchanged) == (
        ["d.pdf"],
        ["b.pdf"],
        ["a.pdf"],
        [],
    )
    # a present but unreadable file is not removed in replace mode
    kept = plan_sync(indexed, {}, {"a.pdf", "b.pdf", "c.pdf"}, "replace")
    assert kept.remove == []


def test_a_broader_newer_heading_is_no_new_version_of_a_narrower_topic() -> None:
    page = features(chunk(0, "Cursus adulte : 425 € par an, à payer avant le 15 octobre.",
                          "conservatoire.html", "Conservatoire municipal — Tarifs annuels"))
    general = features(chunk(1, "Tarifs applicables du 1er janvier au 31 décembre 2026.",
                             "tarifs-2026.pdf", "Tarifs municipaux"))
    newer_page = features(chunk(2, "Cursus adulte : 440 € par an, à payer avant le 15 octobre.",
                                "conservatoire-2026.html",
                                "Conservatoire municipal — Tarifs annuels 2026"))
    assert same_topic(page, general) and disagree(page, general)  # headings alone agree
    assert not newer_version(page, general)
    assert newer_version(page, newer_page)
    old_guide = features(chunk(3, "Carte d'identité : délai de 3 semaines.", "guide-2024.pdf",
                               "Carte d'identité"))
    assert newer_version(old_guide, features(chunk(
        4, "Comptez 6 semaines.", "cni.html", "Carte d'identité — Délais")))


def test_the_passage_holding_the_closest_sentence_is_read_after_the_k_best() -> None:
    ranked = [Ranked(i, 1.0 - i / 10, 0.8, 1.0) for i in range(6)]
    assert [r.index for r in with_closest(ranked, [5], 4)] == [0, 1, 2, 3, 5]
    assert [r.index for r in with_closest(ranked, [2], 4)] == [0, 1, 2, 3]  # already in
    assert [r.index for r in with_closest(ranked, [], 4)] == [0, 1, 2, 3]
    old = [*ranked[:5], Ranked(5, 0.1, 0.8, 1.0, superseded=True)]
    assert [r.index for r in with_closest(old, [5], 4)] == [0, 1, 2, 3]  # an outdated one


def test_the_rest_of_a_table_cut_between_passages_is_read_too() -> None:
    def part(i: int, text: str, section: str = "Déchetterie") -> Chunk:
        return Chunk(id=str(i), text=f"Déchets — {section}\n{text}", source_file="dechets.html",
                     title="Déchets", section=section)
    chunks = [
        part(0, "Chemin des Varennes.\nJour : Lundi ; Horaires : 14 h - 17 h 30\n"
                "Jour : Mardi ; Horaires : fermée"),
        part(1, "Jour : Samedi ; Horaires : 9 h - 18 h\nJour : Dimanche ; Horaires : fermée\n"
                "Accès avec la carte de déchetterie."),
        part(2, "Jour : Lundi ; Horaires : 8 h - 12 h", section="Piscine"),
    ]
    def scores(i: int) -> tuple[float, float]:
        return 0.5, 0.0
    found = with_table_rest([Ranked(1, 1.0, 0.9, 3.0)], chunks, scores)
    assert [(r.index, r.dense) for r in found] == [(1, 0.9), (0, 0.5)]  # the Monday row
    # The table goes on in the next passage: its Saturday rows.
    assert [r.index for r in with_table_rest([Ranked(0, 1.0, 0.9, 3.0)], chunks, scores)] == [0, 1]
    # Another section's table, after a passage ending on a sentence: nothing more.
    assert [r.index for r in with_table_rest([Ranked(2, 1.0, 0.9, 3.0)], chunks, scores)] == [2]
