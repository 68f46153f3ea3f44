"""Cut parsed documents into chunks on paragraph, line and sentence boundaries, with overlap.

Pure: no I/O. Each chunk starts with its document title and section so that a chunk read
alone (by BM25, by the embedder, by the answering model) still says what it is about.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from rag.ingest.model import Block, ParsedDoc
from rag.types import Chunk

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[\"«(A-ZÀ-ÖØ-Ý0-9])")
_SPACES = re.compile(r"[ \t\u00a0\u202f]+")


@dataclass(frozen=True)
class _Unit:
    text: str
    joiner: str  # what goes before it when it follows another unit


# « 12 EUR », as plain-text documents write it: the sign every reader of prices expects.
_EUR = re.compile(r"(?<=\d) ?EUR\b")


def clean(text: str) -> str:
    """Collapse runs of spaces, trim lines, keep at most one blank line between paragraphs;
    « 12 EUR » becomes « 12 € »."""
    lines = [_EUR.sub(" €", _SPACES.sub(" ", line)).strip()
             for line in text.replace("\r", "").split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


def _units(text: str, limit: int) -> list[_Unit]:
    """Sentences, each knowing whether it opened a paragraph, a line or just followed."""
    units: list[_Unit] = []
    for p_index, paragraph in enumerate(text.split("\n\n")):
        for l_index, line in enumerate(paragraph.split("\n")):
            for s_index, sentence in enumerate(_SENTENCE_END.split(line.strip())):
                if not sentence:
                    continue
                if s_index:
                    joiner = " "
                elif l_index:
                    joiner = "\n"
                else:
                    joiner = "\n\n" if p_index else "\n"
                units.extend(
                    _Unit(piece, joiner if i == 0 else " ")
                    for i, piece in enumerate(_hard_split(sentence, limit))
                )
    return units


def _hard_split(sentence: str, limit: int) -> list[str]:
    """A sentence longer than a chunk is cut between words (tables without punctuation)."""
    if len(sentence) <= limit:
        return [sentence]
    pieces, current = [], ""
    for word in sentence.split(" "):
        if current and len(current) + 1 + len(word) > limit:
            pieces.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current:
        pieces.append(current)
    return pieces


def _join(units: list[_Unit]) -> str:
    return "".join((u.joiner if i else "") + u.text for i, u in enumerate(units)).strip()


def split_text(text: str, chunk_chars: int, overlap_chars: int) -> list[str]:
    """Greedy packing of whole sentences; the next chunk repeats the last ones up to overlap."""
    units = _units(clean(text), chunk_chars)
    chunks: list[str] = []
    current: list[_Unit] = []
    size = 0
    for unit in units:
        if current and size + len(unit.joiner) + len(unit.text) > chunk_chars:
            chunks.append(_join(current))
            tail: list[_Unit] = []
            tail_size = 0
            for prev in reversed(current):
                if tail_size + len(prev.text) + 1 > overlap_chars:
                    break
                tail.insert(0, prev)
                tail_size += len(prev.text) + 1
            if tail_size + len(unit.text) > chunk_chars:
                tail, tail_size = [], 0
            current, size = tail, tail_size
        current.append(unit)
        size += len(unit.joiner) + len(unit.text)
    if current:
        last = _join(current)
        # A last sliver made only of the overlap adds nothing new.
        if not chunks or not chunks[-1].endswith(last):
            chunks.append(last)
    return chunks


def _header(title: str, section: str) -> str:
    if section and section.casefold() != title.casefold():
        return f"{title} — {section}"
    return title


def chunk_id(source_file: str, index: int) -> str:
    digest = hashlib.sha1(source_file.encode("utf-8")).hexdigest()[:16]
    return f"{digest}-{index:04d}"


def _groups(blocks: tuple[Block, ...], chunk_chars: int) -> list[list[Block]]:
    """Sections stay apart, except a thin one, which joins its neighbour on the same page.

    One section per chunk keeps chunks on one topic (the answering model reads only a few
    hundred characters); a two-line section ("Mis à jour le ...", "Contact : ...") alone
    would be too thin to answer from. Atomic blocks (events, rows) always stay alone.
    """
    thin = chunk_chars // 4
    groups: list[list[Block]] = []
    size = 0
    for block in blocks:
        length = len(block.text) + len(block.section) + 2
        last = groups[-1] if groups else None
        if (
            last is not None
            and not block.atomic
            and not last[-1].atomic
            and last[-1].page == block.page
            and (size < thin or length < thin)
            and size + length <= chunk_chars
        ):
            last.append(block)
            size += length
        else:
            groups.append([block])
            size = length
    return groups


def _merge(group: list[Block]) -> Block:
    if len(group) == 1:
        return group[0]
    parts = [f"{b.section}\n{b.text}" if b.section else b.text for b in group]
    sections = [b.section for b in group if b.section]
    return Block(text="\n\n".join(parts), section=", ".join(sections), page=group[0].page)


def chunk_document(
    doc: ParsedDoc,
    source_file: str,
    content_hash: str,
    chunk_chars: int,
    overlap_chars: int,
) -> list[Chunk]:
    """Every chunk of a document, in reading order, with its place and the file's hash."""
    chunks: list[Chunk] = []

    def add(block: Block, body: str, merged: bool) -> None:
        # Merged sections name themselves inside the text; the header is then the title.
        header = doc.title if merged else _header(doc.title, block.section)
        text = f"{header}\n{body}" if header and not body.startswith(header) else body
        chunks.append(
            Chunk(
                id=chunk_id(source_file, len(chunks)),
                text=text,
                source_file=source_file,
                title=doc.title,
                section=block.section,
                page=block.page,
                doc_date=doc.doc_date,
                content_hash=content_hash,
            )
        )

    cleaned = tuple(
        Block(body, b.section, b.page, b.atomic) for b in doc.blocks if (body := clean(b.text))
    )
    for group in _groups(cleaned, chunk_chars):
        block = _merge(group)
        if block.atomic:
            add(block, block.text, False)
            continue
        for piece in split_text(block.text, chunk_chars, overlap_chars):
            add(block, piece, len(group) > 1)
    return chunks
