"""The Python API: read -> segment -> embed -> align, as plain functions over the data model.

>>> from align import read_document, Aligner
>>> aligner = Aligner()                           # embedded default model, offline
>>> al = aligner.align(read_document("en.txt"), read_document("ar.txt"))
>>> al.rows()[0]["score"]
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Sequence

from . import lang as _lang
from .aligner import AlignConfig, align_documents
from .embed import DEFAULT_MODEL, Embedder
from .errors import AlignError
from .model import Alignment, Document
from .formats import read_any
from .segment import Units, segment


def document_from_lines(lines: Sequence[str], units: Units = "paragraphs", *, lang: str | None = None,
                        path: str | None = None) -> Document:
    segs = segment(lines, units)
    name = path or "input"
    if not segs:
        raise AlignError(f"{name}: no text to align")
    level = "line" if units == "lines" else "paragraph"
    return Document(tuple(segs), lang or _lang.detect(s.text for s in segs), level, path)


def read_document(path: str | Path, units: Units = "paragraphs", *, lang: str | None = None) -> Document:
    """Read a file (plain text, HTML, PDF or DOCX, told apart by content) into a :class:`Document` of
    paragraphs (or of lines with ``units="lines"``)."""
    return document_from_lines(read_any(path), units, lang=lang, path=str(path))


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


class Aligner:
    """Holds one model and its embedding cache; aligns any number of document pairs."""

    def __init__(self, model=DEFAULT_MODEL, *, device: str = "auto", config: AlignConfig | None = None,
                 progress: bool | None = None) -> None:
        self.embedder = Embedder(model, device=device, progress=progress)
        self.config = config or AlignConfig()

    def align(self, src: Document, tgt: Document) -> Alignment:
        t0 = time.perf_counter()
        calls0 = self.embedder.calls
        al = align_documents(src, tgt, self.embedder, self.config, model=self.embedder.name)
        al.timings["total_s"] = time.perf_counter() - t0
        al.timings["embedded_texts"] = self.embedder.calls - calls0
        return al


def align_files(src: str | Path, tgt: str | Path, *, model=DEFAULT_MODEL, units: Units = "paragraphs",
                device: str = "auto", config: AlignConfig | None = None, force: bool = False,
                progress: bool | None = None) -> Alignment:
    """Read two files (English and Arabic, either order) and align them."""
    a, b = read_document(src, units), read_document(tgt, units)
    s, t = order_pair(a, b, allow_same=force)
    return Aligner(model, device=device, config=config, progress=progress).align(s, t)
