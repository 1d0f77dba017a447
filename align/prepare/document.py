"""Prepare stage, end to end: the lines of one file -> a :class:`~align.data.Document` of paragraphs (with
their sentences and soft boundaries) or of line units; and the order of a pair (English side first)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal, Sequence

from ..data import Document
from ..errors import AlignError
from ..read import read_any
from ..text import lang as _lang
from .columns import reading_order
from .extraction import repair_extraction
from .reflow import reflow
from .segment import Units, line_units, sentence_units, with_sentence_cuts

ArabicOrder = Literal["auto", "logical", "visual"]


def document_from_lines(lines: Sequence[str], units: Units = "paragraphs", *, lang: str | None = None,
                        path: str | None = None, arabic_order: ArabicOrder = "auto") -> Document:
    """Repair and segment the lines of one file (line ``k`` of the file is ``lines[k-1]``)."""
    name = path or "input"
    if units == "lines":
        lines = repair_extraction(lines, arabic_order)
        segs = line_units(lines)
        if not segs:
            raise AlignError(f"{name}: no text to align")
        return Document(tuple(segs), lang or _lang.detect(lines), "line", path)
    columns = reading_order(lines)  # two columns side by side: the pieces in reading order
    sources = None if columns is None else [k for k, _ in columns]
    pieces = repair_extraction(lines if columns is None else [t for _, t in columns], arabic_order)
    code = lang or _lang.detect(pieces)
    segs = reflow(pieces, code, sources)
    if not segs:
        raise AlignError(f"{name}: no text to align")
    if sources is None:
        by_line = pieces
    else:  # each input line as its pieces, for the line spans of the sentences
        by_line = [""] * len(lines)
        for k, piece in zip(sources, pieces):
            by_line[k] = f"{by_line[k]} {piece}".strip()
    return with_sentence_cuts(Document(tuple(segs), code, "paragraph", path,
                                       tuple(sentence_units(segs, by_line, code))))


def read_document(path: str | Path, units: Units = "paragraphs", *, lang: str | None = None,
                  arabic_order: ArabicOrder = "auto") -> Document:
    """Read a file (plain text, HTML, PDF or DOCX, told apart by content) into a :class:`Document` of
    paragraphs and their sentences (or of lines with ``units="lines"``)."""
    return document_from_lines(read_any(path), units, lang=lang, path=str(path), arabic_order=arabic_order)


def order_pair(a: Document, b: Document, *, allow_same: bool = False) -> tuple[Document, Document]:
    """Put the English (non-Arabic) side first; two documents in one language is an error."""
    if a.lang == b.lang and not allow_same:
        raise AlignError(
            f"both inputs look like the same language ({a.lang}); give one English and one Arabic file"
            " (or pass --force to align them anyway)"
        )
    if a.lang == "ar" and b.lang != "ar":
        return b, a
    return a, b
