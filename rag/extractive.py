"""Pick the source sentences that answer a question (pure).

Used twice: to choose what little context the LLM sees (prompt processing is the
first-token cost), and to answer without the LLM when its sentence fails the grounding
check. A list item comes with the line that introduces it; a table row is read aloud
as "repas 3,20 €, accueil du soir 2,60 €" rather than with its separators.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from rag.asks import HINT, WANTS, claimed_kinds, figures, has_kind
from rag.cases import case_clause, closed_days
from rag.cells import for_status, is_row, row_cells, row_field
from rag.grounding import fold
from rag.types import Chunk
from rag.words import (
    asked_days,
    asked_terms,
    content_words,
    denied_words,
    held_against,
    in_a_period,
    in_a_range,
    numbers_in,
    topic_words,
    weight,
)
from robot.core.sentences import split_sentences

_BULLET = re.compile(r"^\s*[-•–*]\s*")
# A web page's "Mis à jour le 12 janvier 2026" ("Document mis à jour le …", "Page mise à
# jour : …") dates the page; it answers nothing.
_STAMP = re.compile(r"^\s*(\w+ )?(mis|mise|derniere mise) a jour\b.{0,40}$")
# A sentence that opens by pointing back at the one before (« Passé ce délai, il est
# détruit », « En dehors de ces horaires, appelez le 17 », « Celle-ci … ») says nothing
# alone, and after another sentence says something false. General French: a demonstrative
# in its first words (not « ce qui / ce que », nor « cette année », which point at no
# sentence), folded.
_POINTS_BACK = re.compile(
    r"^(?:[\w'-]+,? ){0,3}?(?:ce|cet|cette|ces) (?!qu|dont\b|(?:annee|semaine|mois|jour|soir"
    r"|matin|week-end|ete|hiver|printemps|automne)\b)\w|^(?:celui|celle|ceux|celles)-ci\b"
    r"|^(?:ce dernier|cette derniere)\b")
# A visitor's figure in a range matters when a figure is asked for (a price for QF 800),
# not when it is only said in passing ("mon fils a 10 ans, doit-il venir ?").
_ASKS_FIGURE = re.compile(r"\b(combien|prix|tarifs?|cout\w*|quel montant|quelle heure)\b")
RANGE_BONUS = 0.5  # the visitor's figure falls in the range a table row states
RANK_PENALTY = 0.08  # per place of the passage in the retrieval results
HEADING_SHARE = 0.8  # a section titled "Pièces à fournir" speaks for each of its lines
CONTEXT_FLOOR = 0.6  # context sentences score at least this share of the best one
SHORT = 100  # a best sentence shorter than this may take its neighbour along
# A sentence using the question's own intent word ("délai" for "combien de temps",
# expanded) over one that only holds the right kind of figure ("valable 10 ans").
ECHO_BONUS = 0.3
DENIED_SHARE = 2.0  # a word the visitor denies (« sans abonnement ») counts against, not for


@dataclass(frozen=True)
class Scored:
    sentence: str  # as in the passage
    rank: int  # of its passage in the retrieval results
    position: int  # in its passage
    score: float
    lead: str = ""  # the line introducing a list item ("... notamment :")
    meaning: float = 0.0  # cosine to the question, when rag/meaning.py reranked


def expected_clause(question: str, ranked: list[Scored], kinds: set[str], top: int = 3,
                    focus: str = "") -> tuple[set[str], str]:
    """(kinds the best sentences can answer, the clause that answers): the figure a
    correct answer gives is in it. ``focus``: a follow-up as said, whose own words
    choose the clause when they name one (« et la garderie du matin ? »)."""
    for cand in ranked[:top]:
        text = unit_text(cand)
        held = {k for k in kinds if has_kind(k, text)}
        if held:
            named = best_clause(focus, text) if focus else ""
            named_words = content_words(named) & content_words(focus)
            clause = named if named_words and any(figures(k, named) for k in held) else (
                best_clause(question, text))
            if not any(figures(k, clause) for k in held):
                # The part most about the question states none (a row's « Service »
                # cell): the part that states one, of those most about the question.
                pieces = [p for p in for_status(question, text)
                          if any(figures(k, p) for k in held)]
                if pieces:
                    words = topic_words(question)
                    clause = max(pieces, key=lambda p: score_sentence(question, p, words))
            return held, clause
    return set(), ""


def best_clause(question: str, sentence: str) -> str:
    """The part of a sentence that answers: "de 42 € pour un mineur de 15 à 17 ans" out of
    a price list, when the visitor's daughter is 16; in a table row, the field asked
    for ("Repas : 2,10 €", not the quotient range that selected the row)."""
    if is_row(sentence):
        return row_field(question, sentence)
    clauses = [c for c in re.split(r";|,\s|\bet\b|\bou\b", sentence) if re.search(r"\d", c)]
    if len(clauses) < 2:
        return sentence
    q_words = topic_words(question)
    return max(clauses, key=lambda c: score_sentence(question, c, q_words))


def score_sentence(question: str, sentence: str, q_words: set[str] | None = None,
                   heading: str = "") -> float:
    """How well one sentence answers a question: shared topic words, plus kind hints."""
    q_words = topic_words(question) if q_words is None else q_words
    if not q_words:
        return 0.0
    s_words = content_words(sentence)
    score = weight(q_words & s_words) / weight(q_words)
    if heading:  # the passage's title and section say what the sentence is about
        score += HEADING_SHARE * weight(q_words & (content_words(heading) - s_words)) / weight(
            q_words)
    fq = fold(question)
    claimed = claimed_kinds(question)
    for kind, wants in WANTS.items():
        if (wants.search(fq) or kind in claimed) and has_kind(kind, sentence):
            score += HINT[kind]
    if asked_terms(question) & s_words:
        score += ECHO_BONUS
    # « sans abonnement »: the subscribers' row is the one not asked, unless it denies too.
    against = held_against(denied_words(question), s_words, sentence)
    if against:
        score -= DENIED_SHARE * weight(against) / weight(q_words)
    asked = numbers_in(question)
    if asked and _ASKS_FIGURE.search(fq) and in_a_range(asked, sentence):
        score += RANGE_BONUS
    if len(sentence) < 25 and not re.search(r"\d", sentence):  # headings, labels
        score -= 0.2
    return score


def chunk_units(chunk: Chunk) -> Iterator[tuple[int, str, str]]:
    """(position, sentence, the line introducing it when it is a list item, or the
    sentence it points back at) for each sentence of a chunk worth answering with: the
    title line the chunker puts first is a label, not an answer."""
    folded_heading = fold(f"{chunk.title} — {chunk.section}")
    lead = before = ""
    for pos, sentence in enumerate(split_sentences(chunk.text)):
        if fold(sentence).strip(" .") in folded_heading or _STAMP.match(fold(sentence)):
            before = ""
            continue
        listed = bool(_BULLET.match(sentence))
        item_lead = lead if listed else ""
        if not listed:
            lead = sentence if sentence.rstrip().endswith(":") else ""
            if said_with_previous(sentence, before):
                item_lead = before
        before = sentence
        yield pos, sentence, item_lead


def said_with_previous(sentence: str, before: str) -> bool:
    """The sentence is said with the one before it: it opens by pointing back at it, and
    that one is a sentence (not a title line, a table row or a list's introduction).
    (rag/memory.points_back is the question's twin: a pronoun standing for the last turn.)"""
    return (before.rstrip().endswith(".") and not is_row(before) and not is_row(sentence)
            and bool(_POINTS_BACK.match(fold(sentence).strip())))


CAPTION_CHARS = 200  # a table's caption: the sentences just before its rows, at most this


def caption_at(chunk: Chunk, position: int) -> str:
    """The sentences introducing the table a row belongs to (« Tarifs 2026 pour un
    week-end. Le tarif habitant s'applique aux… »): a row's cells alone do not say what
    they price or for when."""
    sentences = split_sentences(chunk.text)
    if not 0 <= position < len(sentences) or not is_row(sentences[position]):
        return ""
    i = position
    while i > 0 and is_row(sentences[i - 1]):
        i -= 1
    heading = fold(f"{chunk.title} — {chunk.section}")
    caption: list[str] = []
    for sentence in reversed(sentences[max(0, i - 2):i]):
        if fold(sentence).strip(" .") in heading or _STAMP.match(fold(sentence)):
            break
        if sum(len(c) for c in caption) + len(sentence) > CAPTION_CHARS:
            break
        caption.insert(0, sentence.strip())
    return " ".join(caption)


def meaning_text(chunk: Chunk, position: int, sentence: str, lead: str) -> str:
    """What a unit means, for the embedder: its title and section say what a bare table
    row or list item ("Samedi : 14 h à 18 h") is about, and so does a row's caption."""
    unit = unit_text(Scored(sentence, 0, position, 0.0, lead))
    caption = caption_at(chunk, position)
    if caption:
        unit = f"{caption} {unit}"
    section = section_at(chunk, position) or chunk.section
    return f"{chunk.title} — {section} : {unit}" if section else f"{chunk.title} : {unit}"


def rank_sentences(question: str, chunks: list[Chunk]) -> list[Scored]:
    """Every sentence of the chunks, best first; earlier passages win ties."""
    q_words = topic_words(question)
    out = []
    seen: set[str] = set()  # a printable copy repeats its page word for word
    for rank, chunk in enumerate(chunks):
        heading = f"{chunk.title} {chunk.section}"
        for pos, sentence, item_lead in chunk_units(chunk):
            key = fold(sentence).strip(" .")
            if key in seen:
                continue
            seen.add(key)
            scored_text = f"{item_lead} {sentence}" if item_lead else sentence
            s = score_sentence(question, scored_text, q_words, heading) - RANK_PENALTY * rank
            out.append(Scored(sentence, rank, pos, s, item_lead))
    out.sort(key=lambda c: (-c.score, c.rank, c.position))
    return out


def select_context(question: str, chunks: list[Chunk], budget: int,
                   ranked: list[Scored] | None = None) -> list[Chunk]:
    """The chunks cut down to their best sentences, in reading order, within `budget` chars.

    At most two passages (a weak model mixes up figures from many), and only sentences
    that score near the best one: filler costs first-token time and misleads.
    """
    ranked = rank_sentences(question, chunks) if ranked is None else ranked
    if not ranked:
        return []
    floor = max(0.2, CONTEXT_FLOOR * ranked[0].score)
    picked: dict[int, list[Scored]] = {}
    used = 0
    for cand in ranked:
        if cand.score < floor:
            break
        if cand.rank not in picked and len(picked) >= 2:
            continue
        text = unit_text(cand)
        cost = len(text) + 1 + (len(chunks[cand.rank].title) + 10
                                if cand.rank not in picked else 0)
        if used + cost > budget:
            if used == 0:  # one very long sentence: cut it rather than send nothing
                picked[cand.rank] = [replace(cand, sentence=text[: budget - 40], lead="")]
                used = budget
            continue
        picked.setdefault(cand.rank, []).append(cand)
        used += cost
    return [
        replace(chunks[rank], text="\n".join(
            unit_text(c) for c in sorted(picked[rank], key=lambda c: c.position)))
        for rank in sorted(picked)
    ]


def unit_text(cand: Scored) -> str:
    """A sentence as it can stand alone: a list item after its introduction, a sentence
    pointing back after the one it points at."""
    if not cand.lead:
        return cand.sentence
    item = _BULLET.sub("", cand.sentence).rstrip()
    if item.endswith(("?", "!")):  # « Celle-ci est-elle payante ? » keeps its own end
        return f"{cand.lead.rstrip()} {item}"
    return f"{cand.lead.rstrip()} {item.rstrip(' ;,.')}."


def read_aloud(question: str, cand: Scored, focus: str = "") -> str:
    """A unit as spoken: a table row cut to the cells asked for (``focus``: see
    `row_cells`), a list of cases to the visitor's case, then made speakable."""
    text = unit_text(cand)
    if is_row(cand.sentence):
        return speakable(row_cells(question, text, focus))
    closed = closed_days(question, text)  # « fermé quels jours ? »: the days it is not open
    return speakable(case_clause(question, text)) + (f" {closed}" if closed else "")


def unbulleted(text: str) -> str:
    """A list item without its bullet (« - Aquagym : le mardi… » -> « Aquagym : … »)."""
    return _BULLET.sub("", text)


def speakable(text: str) -> str:
    """Table rows and labels read aloud: "Repas : 3,20 € ; Accueil : 1,40 €" ->
    "repas 3,20 €, accueil 1,40 €"."""
    if is_row(text):
        fields = [f.strip() for f in text.split(";") if f.strip()]
        parts = []
        for i, f in enumerate(fields):
            header, _, value = f.partition(":")
            if fold(value.strip()).startswith(fold(header.strip())):
                f = value  # « Service : Service urbanisme » says « Service urbanisme »
            f = re.sub(r"\s*:\s*", " ", f.strip(), count=1)
            parts.append(f if i == 0 else f[:1].lower() + f[1:])
        text = ", ".join(parts)
    text = re.sub(r"\s+", " ", text).strip().rstrip(" ;,")  # a list item's « ; » ends it
    return text if re.search(r"[.!?…]$", text) else text + "."


def extract_answer(
    question: str, chunks: list[Chunk], max_chars: int = 280,
    ranked: list[Scored] | None = None, focus: str = "",
) -> tuple[int, str, float]:
    """(chunk index, one or two best sentences, score): the answer without any model.

    `ranked`: `rank_sentences(question, chunks)` when the caller has it already;
    `focus`: a follow-up as said (see `row_cells`)."""
    ranked = rank_sentences(question, chunks) if ranked is None else ranked
    ranked = [c for c in ranked
              if len(c.sentence) >= 25 or re.search(r"\d", c.sentence) or _BULLET.match(c.sentence)]
    if not ranked:
        return 0, "", 0.0
    best = ranked[0]
    chunk = chunks[best.rank]
    if _BULLET.match(best.sentence):
        return best.rank, _list_answer(question, best, chunk, max_chars), best.score
    chosen = [best]
    # A short best sentence often needs its neighbour from the same passage, one that is
    # about the question by its own words (not a footer lifted by the page's title).
    own, days = topic_words(question), asked_days(question)
    for cand in ranked[1:4] if len(best.sentence) < SHORT and not is_row(best.sentence) else []:
        if (cand.rank == best.rank and cand.score > 0.2 and not _BULLET.match(cand.sentence)
                and content_words(cand.sentence) & own
                and in_a_period(days, cand.sentence) is not False  # not another season's
                and not is_row(cand.sentence)
                and abs(cand.position - best.position) == 1
                and sum(len(c.sentence) for c in chosen) + len(cand.sentence) < max_chars):
            chosen.append(cand)
            break
    chosen.sort(key=lambda c: c.position)
    text = " ".join(read_aloud(question, c, focus) for c in chosen)
    return best.rank, with_section(text, chunk, best.position), best.score


def section_at(chunk: Chunk, position: int) -> str:
    """The section a sentence of the chunk is under: a chunk spanning "Demande pour un
    mineur, Durée de validité" holds both heading lines; the last one before it wins."""
    names = [n.strip() for n in chunk.section.split(",") if n.strip()]
    if len(names) < 2:
        return names[0] if names else ""
    folded = {fold(n).strip(" .:"): n for n in names}
    current = ""
    for sentence in split_sentences(chunk.text)[:position]:
        current = folded.get(fold(sentence).strip(" .:"), current)
    return current


def is_label(section: str) -> bool:
    """A heading to read before what it covers: not a question nor a sentence (a FAQ's
    « Je serai absent le jour du vote. »)."""
    return bool(section) and not section.endswith(("?", ".", "!"))


def with_section(text: str, chunk: Chunk, position: int) -> str:
    """Figures under a section heading are read with it: "Horaires pendant les vacances
    scolaires : du lundi au samedi de 10 h à 19 h" (not the term-time hours)."""
    section = section_at(chunk, position)
    if (not is_label(section) or not re.search(r"\d", text)
            or not content_words(section) - content_words(f"{text} {chunk.title}")):
        return text
    return f"{section} : {text[:1].lower()}{text[1:]}"


def _list_answer(question: str, best: Scored, chunk: Chunk, max_chars: int) -> str:
    """A list item that matches by itself is read alone ("Samedi : 14 h à 18 h"), with its
    introduction or section; a list that matches by its heading is read in full."""
    lead = best.lead.rstrip(" :") or chunk.section.split(",")[-1].strip() or chunk.title
    item = _BULLET.sub("", best.sentence).rstrip(" ;,.")
    heading = content_words(f"{chunk.title} {chunk.section} {best.lead}")
    if (content_words(item) & topic_words(question)) - heading:  # "samedi", not "carte"
        return f"{lead} : {speakable(item)}"
    sentences = split_sentences(chunk.text)
    start = best.position
    while start > 0 and _BULLET.match(sentences[start - 1]):
        start -= 1
    items: list[str] = []
    for sentence in sentences[start:]:
        if not _BULLET.match(sentence):
            break
        item = _BULLET.sub("", sentence).rstrip(" ;,.")
        if items and sum(len(i) + 2 for i in items) + len(item) > max_chars:
            break
        items.append(item)
    return f"{lead} : {', '.join(items)}."
