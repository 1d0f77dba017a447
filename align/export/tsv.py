"""TSV: ``src_text<TAB>tgt_text<TAB>score`` per bead, whitespace collapsed."""

from __future__ import annotations

from typing import Iterable, Sequence, TextIO

from ..data import Alignment
from .filters import NO_FILTER, CorpusFilter, Item, clean, corpus_rows


def write_items(alignments: Sequence[Alignment], items: Iterable[Item], outs: Sequence[TextIO]) -> None:
    out = outs[0]
    for _, row in items:
        out.write(f"{clean(row['src_text'])}\t{clean(row['tgt_text'])}\t{row['score']:.4f}\n")


def write_tsv(al: Alignment, out: TextIO, flt: CorpusFilter | None = None) -> None:
    """Write ``al`` as ``src<TAB>tgt<TAB>score`` lines to the open stream ``out``."""
    flt = flt or NO_FILTER
    write_items([al], corpus_rows([al], flt, False), [out])
