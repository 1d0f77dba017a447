"""Moses: two line-aligned plain-text files ``PREFIX.<srclang>`` and ``PREFIX.<tgtlang>``."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable, Sequence, TextIO

from ..data import Alignment
from ..errors import AlignError
from .filters import NO_FILTER, CorpusFilter, Item, PathLike, clean, corpus_rows

_LANG_SUFFIX = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")


def _moses_langs(alignments: Sequence[Alignment]) -> tuple[str, str]:
    pairs = {(al.src.lang, al.tgt.lang) for al in alignments}
    if not pairs:
        raise AlignError("moses format: no alignments to write")
    if len(pairs) > 1:
        raise AlignError("moses format: all documents must have the same language pair, got "
                         + ", ".join(f"{s}-{t}" for s, t in sorted(pairs)))
    (src, tgt), = pairs
    for lang in (src, tgt):
        if not _LANG_SUFFIX.fullmatch(lang or ""):
            raise AlignError(f"moses format: language {lang!r} cannot be used as a file suffix")
    if src == tgt:
        raise AlignError(f"moses format: both sides are {src!r}; the two files would have the same name")
    return src, tgt


def output_paths(path: PathLike, alignments: Sequence[Alignment]) -> list[PathLike]:
    if path is None or str(path) == "-":
        raise AlignError("moses format writes two files; give -o PREFIX")
    src, tgt = _moses_langs(alignments)
    return [Path(f"{path}.{src}"), Path(f"{path}.{tgt}")]


def write_items(alignments: Sequence[Alignment], items: Iterable[Item], outs: Sequence[TextIO]) -> None:
    src_out, tgt_out = outs
    for _, row in items:  # _clean removes every line break str.splitlines knows: counts stay equal
        src_out.write(clean(row["src_text"]) + "\n")
        tgt_out.write(clean(row["tgt_text"]) + "\n")


def write_moses(alignments: Alignment | Iterable[Alignment], src_out: TextIO, tgt_out: TextIO,
                flt: CorpusFilter | None = None) -> None:
    """Write one or several alignments as two line-aligned plain-text streams."""
    als = [alignments] if isinstance(alignments, Alignment) else list(alignments)
    write_items(als, corpus_rows(als, flt or NO_FILTER, True), [src_out, tgt_out])
