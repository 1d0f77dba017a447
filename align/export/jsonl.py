"""JSONL: one JSON object per bead, the schema of :meth:`align.data.Alignment.rows`."""

from __future__ import annotations

import json
from typing import Iterable, Sequence, TextIO

from ..data import Alignment
from .filters import NO_FILTER, CorpusFilter, Item, corpus_rows

ROW_KEYS = ("src", "tgt", "src_lines", "tgt_lines", "score", "src_text", "tgt_text")


def write_items(alignments: Sequence[Alignment], items: Iterable[Item], outs: Sequence[TextIO]) -> None:
    out = outs[0]
    mixed = len({a.src.level for a in alignments}) > 1  # --level both: say which level a row is
    for al, row in items:  # the schema of Alignment.rows(), without the "bead" key filter_rows adds
        obj = {k: row[k] for k in ROW_KEYS}
        if mixed:
            obj["level"] = al.src.level
        out.write(json.dumps(obj, ensure_ascii=False) + "\n")


def write_jsonl(al: Alignment, out: TextIO, flt: CorpusFilter | None = None) -> None:
    """Write ``al`` as JSONL to the open stream ``out``."""
    flt = flt or NO_FILTER
    write_items([al], corpus_rows([al], flt, False), [out])
