"""What kind of answer a French question asks for, and the figures that give it (pure).

"Combien ça coûte ?" wants a price, "À quelle heure ?" an hour, "Quel jour ?" a day:
a sentence holding such a figure answers better, and a spoken answer to such a
question must state one. Figures are read in a comparable form ("8h30" == "8 h 30").
"""

from __future__ import annotations

import re
from functools import lru_cache

from rag.words import content_words, digits, fold

# « payer (la cantine) par carte, en espèces, avec des chèques » asks how one pays, not
# how much; « en » before a verb is a pronoun (« payer pour en ravoir une »).
HOW_PAID = r"(?: [\w'-]+){0,3} (?:avec|par|en(?! \w+(?:er|ir|oir|re)\b))\b"
# Question words hint at the kind of sentence that answers them.
WANTS = {
    # "c'est combien", "ça coûte combien" ask a price; "combien de livres" a quantity.
    "price": re.compile(rf"\b(prix|tarifs?|cout\w*|payer(?!{HOW_PAID})"
                        r"|payant\w*|gratuit\w*|montant|fait combien"
                        r"|combien(?! de| d'))\b"),
    "number": re.compile(r"\b(combien|age|nombre|capacite)\b"),
    # How many people a room or a service takes (« on peut mettre combien de monde ? »).
    "people": re.compile(r"\b(combien de (monde|personnes|gens|places|participants|invites"
                         r"|convives)|capacite)\b"),
    "measure": re.compile(r"\b(hauteur|haut|taille|surface|distance|largeur|longueur"
                          r"|combien de metres)\b"),
    # « combien de jours pour déclarer » asks a duration as « combien de temps » does.
    "duration": re.compile(r"\b(combien d(?:e |')(temps|jours|semaines|mois|ans|annees|heures"
                           r"|minutes)|long|longtemps|delai|duree|attendre)\b"),
    # Opening and closing ask an hour, unless the question asks which day (« c'est quel
    # jour qu'elle est fermée ? »).
    "time": re.compile(r"\b(a quelle heure|heures?|horaires?)\b"
                       r"|^(?!.*\bquels? jours?\b).*\b(ouvert\w*|ouvre\w*|ferm\w*)\b"),
    "day": re.compile(r"\b(quand(?! meme)|quels? jours?|date|quel mois)\b"),
    "age": re.compile(r"\b(quel age|age minimum|age maximum|age limite)\b"),
    # The verbs in any person (« j'appelle où ? », « on téléphone à qui ? »).
    "contact": re.compile(r"\b(telephon\w*|numero|appel(?:er|le|les|lez|ons|ent)|mail|courriel"
                          r"|contact\w*|joindre)\b"),
    "place": re.compile(r"\b(ou|adresse|lieu|trouve|aller|situe\w*)\b"),
    "howto": re.compile(r"\b(comment|que faire|faire quoi|demarches?|proceder)\b"),
}
_MONTHS = "janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre"
HAS = {
    # A share of a price answers « combien » too (« un acompte de 30 % », « 50 % du tarif »).
    "price": re.compile(r"\d\s*(€|euros?\b|%|pour ?cent\b)|gratuit"),
    "number": re.compile(r"\d"),
    "people": re.compile(r"\d\s*(personnes|places|convives|participants|invites)\b"),
    "measure": re.compile(r"\d\s*(m|metres?|m²|m2|cm|km)\b"),
    "duration": re.compile(r"\d+\s*(jours?|semaines?|mois|ans?|heures?)\b|\bdelai"),
    "time": re.compile(r"\d\s*h\b|\d\s*h\s*\d|(?<!apres-)\bmidi\b"),  # not « après-midi »
    "day": re.compile(rf"\b(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|{_MONTHS})s?\b"),
    # An age: « dès 10 semaines », « âgés de 70 ans », not « fermé trois semaines ».
    "age": re.compile(r"\b(de|des|a|moins de|plus de)\s+\d+\s*(ans|mois|semaines)\b"),
    "contact": re.compile(r"\d{2}[ .]?\d{2}[ .]?\d{2}|@"),
    # Where: a place (not « avoir lieu », « sur place »), a building's parts, and the
    # general French kinds of street (the address standard's: allée, impasse, quai…).
    "place": re.compile(r"\b((?<!a )(?<!ont )(?<!aura )(?<!avoir )lieu|adresse|rue"
                        r"|(?<!sur )place|avenue|boulevard|allee|impasse|quai|square|chemin"
                        r"|route|parvis|salle|etage|batiment|guichet|bureau|accueil"
                        r"|rez-de-chaussee|parking)\b"),
    "howto": re.compile(r"\b(il faut|inscri\w*|rendez-vous|demande\w*|formulaire|en ligne"
                        r"|appeler|s'adresser|declaration|autorisation)\b|\b0\d(?: \d\d){4}"),
}
HINT = {"price": 0.35, "number": 0.15, "people": 0.3, "measure": 0.3, "duration": 0.3,
        "time": 0.25, "day": 0.25, "age": 0.3, "contact": 0.25, "place": 0.15, "howto": 0.2}
# Kinds an answer must then state, and how to read their figures (a number and its unit).
FIGURES = ("price", "people", "measure", "duration", "time", "day", "contact")
_N = r"(\d+(?:[ \u00a0\u202f]\d{3})*(?:[.,]\d+)?)"
_FIGURE = {
    "price": re.compile(_N + r"\s*(?:€|euros?\b|%|pour ?cent\b)"),
    "people": re.compile(_N + r"\s*(?:personnes|places|convives|participants|invites)\b"),
    "measure": re.compile(_N + r"\s*(?:m|metres?|m²|m2|cm|km)\b"),
    "duration": re.compile(_N + r"\s*(?:jours?|semaines?|mois|ans?|heures?)\b"),
    "time": re.compile(r"\b(\d{1,2}\s*(?:h|heures?|:)\s*(?:\d{2})?)(?!\w)"),
    "contact": re.compile(r"((?:\+33\s?|\b0)\d(?:[\s.-]?\d{2}){4})\b"),
    "day": re.compile(rf"\b(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|{_MONTHS})\b"),
}

# A visitor putting a claim to confirm (« …, c'est ça ? », « c'est vrai que… », « on m'a
# dit que… », « il paraît que… », « …, hein ? »): general French ways of asking a yes.
_CLAIM = re.compile(r"\b(c'est (bien )?(ca|vrai)|c'est toujours|hein|on m'a dit|on me dit"
                    r"|il para[iî]t|j'ai lu|j'ai entendu|dis[- ]moi oui)\b")


@lru_cache(maxsize=1024)
def claimed_kinds(question: str) -> frozenset[str]:
    """The kinds of figure a claim put to confirm states (« ils le font en deux jours,
    c'est ça ? »: a duration): the answer confirms or corrects it with the documents'
    figure of that kind, which the question asks as « combien de temps » would. Cached:
    every unit of the passages is scored against the same question."""
    if _CLAIM.search(fold(question)) is None:
        return frozenset()
    return frozenset(k for k in FIGURES if has_kind(k, question))


# « un », « une », « deux » before a unit, which text2num leaves in words (« au bout
# d'une semaine »).
_SMALL = re.compile(r"\b(une?|deux)(?=\s+(jours?|semaines?|mois|ans?|heures?)\b)")


# « qui » and « quand » also relate and subordinate: « c'est vous à la mairie qui faites
# les procurations ? », « c'est gratuit quand c'est un enfant ? » ask whether, not who or
# when. A « qui » after a determiner and its noun (a preposition is no noun: « la demande
# à qui ? » asks) or after « c'est vous »; a « quand » inside the question before a
# subject pronoun, not after « à », « depuis », « jusqu'à », « c'est » or « et » (« c'est
# jusqu'à quand on peut s'inscrire ? » asks): French grammar, no sample's wording.
_RELATING = re.compile(
    r"\b(?:(?:le|la|les|l'|un|une|des|du|au|aux|ce|cet|cette|ces|mon|ma|mes|ton|ta|tes|son"
    r"|sa|ses|notre|nos|votre|vos|leur|leurs)\s*[\w-]+"
    r"(?:\s+(?!(?:a|de|d|pour|avec|chez|par|aupres|vers|sur)\b)[\w-]+)?"
    r"|c'est (?:vous|moi|toi|lui|elle|eux|nous))\s+(qui)\b"
    r"|(?<!\ba )(?<!depuis )(?<!jusqu'a )(?<!c'est )(?<!\bet )(?<=\w )(quand)\s+"
    r"(?=(?:c'est|c'etait|ce sera|il|elle|on|j'|je|tu|vous|nous|ils|elles|y a|y'a)\b)")


def asking_words(folded: str) -> str:
    """The folded question with its relative « qui » and subordinating « quand » blanked:
    what is left of them asks who or when. Read to tell a yes/no question (rag/negation.py);
    the kinds of figure wanted still take any « quand » for a date (measured on 7 December:
    reading it there too let a follow-up's model sentence with half the hours through)."""
    def blank(m: re.Match[str]) -> str:
        g = 1 if m.group(1) else 2
        start, end = m.start(g) - m.start(), m.end(g) - m.start()
        return m.group(0)[:start] + " " * (end - start) + m.group(0)[end:]
    return _RELATING.sub(blank, folded)


def wanted_kinds(question: str) -> set[str]:
    """Kinds of figure the question asks for (a price, an hour, a day, a phone...)."""
    fq = fold(question)
    return {k for k, wants in WANTS.items() if k in FIGURES and wants.search(fq)}


@lru_cache(maxsize=4096)
def _as_figures(text: str) -> str:
    """Folded, numbers said in words written in digits (« dans les cinq jours », « un an
    et un jour », which text2num leaves in words): the same text is read for several
    kinds, for the question and each unit."""
    return _small(fold(digits(text)))


def _small(folded: str) -> str:
    return _SMALL.sub(lambda m: "2" if m.group(1) == "deux" else "1", folded)


def figures(kind: str, text: str) -> set[str]:
    """The figures of one kind in a text, in a comparable form ("8h30" == "8 h 30",
    "3,80 €" == "3.8 €", "12 h 00" == "12 h", "cinq jours" == "5 jours")."""
    out = set()
    for m in _FIGURE[kind].finditer(_as_figures(text)):
        value = re.sub(r"[\s\u00a0\u202f.-]|heures?", "", m.group(1))
        if kind == "time":
            hour, minutes = re.match(r"(\d+)[h:]?(\d{2})?", value).groups()  # type: ignore[union-attr]
            value = f"{int(hour)}:{minutes or '00'}"
        elif "," in value:
            value = value.replace(",", ".").rstrip("0").rstrip(".")
        out.add(value)
    return out


def has_kind(kind: str, sentence: str) -> bool:
    return HAS[kind].search(_as_figures(sentence)) is not None


# Words that open a question in French (general grammar, not any town's wording).
_ASKING = re.compile(
    r"\b(combien|quand(?! meme)|ou|quels?|quelles?|comment|qui|pourquoi|est-ce|a quelle heure"
    r"|c'est quoi|quoi|jusqu'a quand|faut-il|peut-on|on peut|je peux|il faut|faut|ca coute"
    r"|c'est payant|c'est gratuit|c'est ouvert|c'est ferme)\b")
_JOINS = re.compile(r"\s*[,;?]\s*(?:et|puis|mais)?\s*|\s+(?:et|puis)\s+(?:aussi\s+)?")


def question_parts(question: str) -> list[str]:
    """The questions a visitor asked in one breath ("ça coûte combien et il est bon pour
    combien d'années ?"): split where a conjunction or a comma is followed by another
    question word; a piece without one belongs to the piece before."""
    q = fold(question).replace("’", "'")
    pieces = [p for p in _JOINS.split(q) if p and p.strip()]
    parts: list[str] = []
    for piece in pieces:
        if parts and _ASKING.search(piece) and _ASKING.search(parts[-1]):
            parts.append(piece.strip())
        elif parts:
            parts[-1] = f"{parts[-1]} {piece.strip()}"
        else:
            parts.append(piece.strip())
    return parts


# A visitor who asks the robot to pass something on (« …, dis-le à ma voisine », « tu
# peux le dire aux parents », « confirme-le aux gens ») or to say yes (« dis-moi oui »)
# asks nothing of the documents in that clause: the verbs of telling with someone else
# as their object, in the imperative or after « tu peux » (general French). « Dites-moi
# le prix » asks. What is left, the claim, is what the documents must confirm or correct.
_TELLING = r"(dis|dites|dire|confirme|confirmez|confirmer|annonce|annoncez|annoncer|repete" \
           r"|repetez|repeter|previens|prevenez|prevenir|accorde|accordez|accorder)"
_OTHERS = r"(?:le|la|les|leur|lui)"
_REQUEST = re.compile(
    r"(?:[,;.!?]|\bet\b|\balors\b|\bdonc\b)\s*(?:(?:tu|vous) (?:peux|pouvez|pourrais|pourriez"
    rf"|dois|devez) |peux-tu |pouvez-vous )?(?:(?:{_OTHERS} |l'){_TELLING}\b|{_TELLING}"
    rf"(?:[\s-]{_OTHERS}\b|\s+aux?\s|[\s-](?:moi |nous )?(?:que )?(?:oui|accorde)\b)).*$")


# The same request opening the claim: « dis à tout le monde que la crèche c'est gratuit ».
_OPENING_REQUEST = re.compile(
    rf"^\s*(?:(?:tu|vous) (?:peux|pouvez|dois|devez) )?{_TELLING}\s+"
    r"(?:(?:a|aux?)\s+[^,;]{1,30}?\s+)?qu(?:e\s+|')")


# Question words and modal verbs (general French); not « qui » nor « ou », which also
# relate (« mon frère qui habite à Tours ») and join (« la salle ou le gymnase »).
_ASKS = re.compile(r"\b(combien|quand(?! meme)|comment|pourquoi|quel|quelle|quels|quelles"
                   r"|quoi|est-ce|faut|peut|peux|pouvez|doit|dois|besoin|possible|droit)\b")


# Read before folding: « où » and « ou » fold alike. Unaccented, « ou » ending the
# question is « où » all the same: the conjunction never ends a clause (« et c'est ou »).
_WHERE = re.compile(r"(?<!\w)où(?!\w)|(?<!\w)ou\s*\??\s*$")


def asks_where(question: str) -> bool:
    return _WHERE.search(question.lower()) is not None


def asks_itself(question: str) -> bool:
    """The question says what it asks (a question word, a kind of figure, a modal verb),
    as « et l'inscription, elle est payante ? » does and « et le jeudi ? » does not."""
    return bool(wanted_kinds(question) or _ASKS.search(fold(question))
                or asks_where(question))


def subject(question: str) -> str:
    """What a question is about, without what it asks (« la médiathèque le samedi elle
    ouvre de quelle heure » -> « la mediatheque le samedi elle de »): its question words
    and the words asking a kind of answer removed, the rest (« pas » too) as said."""
    asking = (*WANTS.values(), _ASKING)
    kept = [w for w in fold(question).split()
            if not any(p.search(w.strip("?,.;:!")) for p in asking)]
    return " ".join(kept) if content_words(" ".join(kept)) else question


def without_requests(question: str) -> str:
    """The question without a request to tell someone, closing it (« la cantine est
    gratuite maintenant, dis-le aux parents » -> « la cantine est gratuite maintenant »)
    or opening it (« dis à tout le monde que la crèche c'est gratuit » -> « la crèche
    c'est gratuit »); as it was when nothing else would be left."""
    q = question.replace("’", "'")
    folded = fold(q)
    kept = q if len(q) == len(folded) else folded  # a ligature unfolded shifts offsets
    opening = _OPENING_REQUEST.match(folded)
    if opening and len(content_words(folded[opening.end():])) >= 2:
        return without_requests(kept[opening.end():])
    m = _REQUEST.search(folded)
    if m is None or len(content_words(folded[:m.start()])) < 2:
        return question
    return kept[:m.start()].rstrip(" ,;")
