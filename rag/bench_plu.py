"""A synthetic plan local d'urbanisme (PLU) of any length, for `robot bench rag`.

A town hall's largest document is usually its PLU: hundreds of dense pages of articles.
Its text is built from a few regulatory sentence patterns with varying zones, articles and
figures, so no two passages are alike (no de-duplication shortcut) and every page holds
about as much text as a real one (~3,500 characters).
"""

from __future__ import annotations

import random
import textwrap

from rag.pdfwrite import Line, make_pdf

ZONES = ("UA", "UB", "UC", "UD", "UE", "UX", "1AU", "2AU", "A", "N", "Nh", "Nj")
SUBJECTS = ("constructions", "annexes", "extensions", "abris de jardin", "piscines",
            "clôtures", "toitures", "façades", "aires de stationnement", "équipements publics")
RULES = (
    "Les {s} doivent être implantées avec un recul minimum de {n} mètres par rapport à "
    "l'alignement des voies publiques et des emprises publiques existantes ou projetées.",
    "La hauteur maximale des {s} est fixée à {n} mètres au faîtage, mesurée à partir du "
    "terrain naturel avant travaux, ouvrages techniques et cheminées exclus.",
    "L'emprise au sol des {s} ne peut excéder {p} % de la superficie totale de l'unité "
    "foncière, sauf pour les équipements d'intérêt collectif et services publics.",
    "Les {s} situées en limite séparative ne peuvent dépasser {n} mètres de longueur cumulée "
    "sur une même limite ; à défaut, un retrait d'au moins {m} mètres est exigé.",
    "Pour les {s}, il est exigé au minimum {m} places de stationnement par tranche de {q} m² "
    "de surface de plancher, dont une au moins couverte et accessible.",
    "Les {s} respectent une pente comprise entre {m}0 et {n}0 degrés ; les matériaux "
    "d'aspect brillant ou réfléchissant sont interdits, sauf dispositifs solaires intégrés.",
    "Au moins {p} % de la surface du terrain est traitée en espace de pleine terre planté, "
    "à raison d'un arbre de haute tige par tranche de {q} m² d'espace libre.",
    "Les eaux pluviales des {s} sont gérées à la parcelle par infiltration ou stockage ; le "
    "débit de fuite vers le réseau public est limité à {m} litres par seconde et par hectare.",
)


def plu_pages(pages: int, seed: int = 7) -> list[list[Line]]:
    """`pages` A4 pages of PLU articles: ~46 lines of ~80 characters each."""
    rng = random.Random(seed)
    out: list[list[Line]] = []
    article = 0
    for page in range(1, pages + 1):
        zone = ZONES[(page * len(ZONES)) // (pages + 1)]
        lines: list[str] = [f"Plan local d'urbanisme - Règlement écrit - Zone {zone}"]
        while len(lines) < 46:
            article += 1
            lines.append(f"Article {zone} {article} - Dispositions applicables")
            paragraph = " ".join(
                rng.choice(RULES).format(
                    s=rng.choice(SUBJECTS), n=rng.randint(3, 15), m=rng.randint(1, 6),
                    p=rng.choice((20, 30, 40, 50, 60)), q=rng.choice((40, 60, 80, 100)))
                for _ in range(rng.randint(2, 4))
            )
            lines += textwrap.wrap(paragraph, 95)
        lines = [*lines[:46], f"PLU de la commune - page {page}"]
        out.append([(50.0, 800.0 - 16.5 * i, text) for i, text in enumerate(lines)])
    return out


def plu_pdf(pages: int) -> bytes:
    return make_pdf(plu_pages(pages), title="Plan local d'urbanisme - Règlement écrit",
                    font_size=9)
