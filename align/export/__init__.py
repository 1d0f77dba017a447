"""Export stage: writers per format, corpus filters, and atomic file output (no partial file on error).

Formats (the registry :data:`WRITERS` lists them in one place):

``jsonl``
    one JSON object per bead, the schema of :meth:`Alignment.rows` (unchanged by this module).
``tsv``
    ``src_text<TAB>tgt_text<TAB>score`` per bead, whitespace collapsed.
``tmx``
    a TMX 1.4b translation memory, one ``<tu>`` per bead with both sides.
``moses``
    two line-aligned plain-text files ``PREFIX.<srclang>`` and ``PREFIX.<tgtlang>``, one line per bead
    with both sides.
``xliff`` / ``xliff12``
    XLIFF 2.1 (line spans, score and bead shape in the Metadata module) or XLIFF 1.2 (the same in a
    context group), one unit per bead with both sides.

TMX, Moses and XLIFF hold translation pairs only, so they always leave out one-sided (1-0 / 0-1) beads; JSONL
and TSV keep them unless :attr:`CorpusFilter.drop_unaligned` is set.  Every output is written to
temporary files beside the target and renamed only when all of it is complete.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Sequence, TextIO

from ..data import Alignment, Document
from ..errors import AlignError
from . import jsonl, moses, tmx, tsv, xliff
from .atomic import atomic_output, atomic_outputs, check_output, check_outputs
from .filters import (
    NO_FILTER,
    CorpusFilter,
    Item,
    PathLike,
    clean,
    corpus_rows,
    filter_rows,
)
from .jsonl import ROW_KEYS, write_jsonl
from .moses import write_moses
from .tmx import span_label, write_tmx
from .tsv import write_tsv

__all__ = ["ROW_KEYS", "WRITERS", "CorpusFilter", "Writer", "atomic_output", "atomic_outputs", "check_output",
           "check_outputs", "clean", "filter_rows", "format_for", "span_label", "stub", "write", "write_jsonl",
           "write_many", "write_moses", "write_tmx", "write_tsv", "writer_for"]


def _single(path: PathLike, alignments: Sequence[Alignment]) -> list[PathLike]:
    return [path]


@dataclass(frozen=True)
class Writer:
    """One export format.

    ``outputs(path, alignments)`` gives the output paths (``None`` = stdout) or raises
    :class:`AlignError`; ``write(alignments, items, streams)`` writes the filtered ``(alignment, row)``
    items to one open stream per output; ``pairs_only`` formats never get one-sided beads.
    """

    write: Callable[[Sequence[Alignment], Iterable[Item], Sequence[TextIO]], None]
    outputs: Callable[[PathLike, Sequence[Alignment]], list[PathLike]] = _single
    pairs_only: bool = False
    help: str = ""
    suffixes: tuple[str, ...] = ()  # file name endings that ask for this format (format_for)

    def file_suffix(self, name: str) -> str:
        """How a file written in this format (named ``name``) ends when the toolkit names it (corpus mode)."""
        return self.suffixes[0] if self.suffixes else f".{name}"


WRITERS: dict[str, Writer] = {
    "jsonl": Writer(jsonl.write_items, help="one JSON object per bead", suffixes=(".jsonl", ".ndjson")),
    "tsv": Writer(tsv.write_items, help="src_text<TAB>tgt_text<TAB>score per bead", suffixes=(".tsv",)),
    "tmx": Writer(tmx.write_items, pairs_only=True, help="TMX 1.4b translation memory, one <tu> per translation pair",
                  suffixes=(".tmx",)),
    "moses": Writer(moses.write_items, moses.output_paths, pairs_only=True,
                    help="two line-aligned text files PREFIX.<srclang> and PREFIX.<tgtlang>"),
    "xliff": Writer(xliff.write_items2, pairs_only=True, help="XLIFF 2.1, one <unit> per translation pair",
                    suffixes=(".xlf", ".xliff")),
    "xliff12": Writer(xliff.write_items12, pairs_only=True, help="XLIFF 1.2, one <trans-unit> per translation pair",
                      suffixes=(".xliff12.xlf",)),
}


def format_for(path: PathLike, fmt: str | None = None) -> str:
    """The format to write ``path`` in: ``fmt`` when given, else the one its name ends with (``.jsonl``,
    ``.tsv``, ``.tmx``, ``.xlf``, ``.xliff12.xlf``), JSONL on stdout; a file name that says no format is an error (a TMX name
    holding JSONL would only surface when a CAT tool refuses it)."""
    if fmt:
        writer_for(fmt)  # an unknown name is an error here too
        return fmt
    if path is None or str(path) == "-":
        return "jsonl"
    file_name = Path(path).name.lower()
    endings = sorted(((s, name) for name, w in WRITERS.items() for s in w.suffixes), key=lambda e: -len(e[0]))
    for suffix, name in endings:  # the longest first: x.xliff12.xlf is XLIFF 1.2, x.xlf XLIFF 2.1
        if file_name.endswith(suffix):
            return name
    raise AlignError(f"cannot tell the output format from the name {Path(path).name!r}: pass --format "
                     f"({', '.join(WRITERS)})")


def stub(src: Document, tgt: Document) -> Alignment:
    """An alignment of ``src`` and ``tgt`` without beads: what :attr:`Writer.outputs` needs to name the
    output files (Moses names them by language) before the alignment is made."""
    return Alignment(src, tgt, ())


def writer_for(fmt: str) -> Writer:
    if fmt not in WRITERS:
        raise AlignError(f"unknown format {fmt!r}; choose one of: {', '.join(WRITERS)}")
    return WRITERS[fmt]


def write_many(alignments: Iterable[Alignment], path: PathLike, fmt: str = "jsonl",
               flt: CorpusFilter | None = None) -> None:
    """Write several alignments into one corpus (``dedupe`` works across them; TMX names each unit's
    documents).  ``path`` ``None`` or ``"-"`` is stdout; for ``moses`` it is the prefix of two files."""
    writer = writer_for(fmt)
    flt = flt or NO_FILTER
    if not isinstance(flt, CorpusFilter):
        raise TypeError(f"flt must be a CorpusFilter, not {type(flt).__name__}")
    als = list(alignments)
    for al in als:
        if not isinstance(al, Alignment):
            raise TypeError(f"expected Alignment objects, got {type(al).__name__}")
    paths = writer.outputs(path, als)
    with atomic_outputs(paths) as streams:
        writer.write(als, corpus_rows(als, flt, writer.pairs_only), streams)


def write(al: Alignment, path: PathLike, fmt: str = "jsonl", flt: CorpusFilter | None = None) -> None:
    """Write one alignment to ``path`` (``None`` or ``"-"``: stdout) in format ``fmt``."""
    write_many([al], path, fmt, flt)
