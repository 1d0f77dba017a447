"""Which beads go into an exported corpus: score floor, one-sided beads, duplicates."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Sequence

from ..data import Alignment
from ..errors import AlignError

PathLike = str | Path | None
#: One filtered row with the alignment it comes from.
Item = tuple[Alignment, dict]


@dataclass(frozen=True)
class CorpusFilter:
    """Which beads go into an exported corpus (the default keeps every bead).

    ``min_score``
        drop two-sided beads whose score (as written, rounded to 4 places) is below this.  It does
        *not* apply to one-sided beads: their score is the confidence that the unit really has no
        counterpart, not a translation-quality score; use ``drop_unaligned`` to remove them.
    ``drop_unaligned``
        drop 1-0 / 0-1 beads (TMX and Moses always drop them).
    ``dedupe``
        drop a bead whose (whitespace-normalised source text, target text) pair was already written
        earlier in the same output, across documents in :func:`write_many`.
    """

    min_score: float = 0.0
    drop_unaligned: bool = False
    dedupe: bool = False

    def __post_init__(self) -> None:
        ms = self.min_score
        if isinstance(ms, bool) or not isinstance(ms, (int, float)) or math.isnan(ms) or not 0.0 <= ms <= 1.0:
            raise AlignError(f"min_score must be a number between 0 and 1, got {ms!r}")

    def keep(self, row: dict, pairs_only: bool = False, seen: set[tuple[str, str]] | None = None) -> bool:
        """Whether a row (:meth:`Alignment.rows` schema) goes in; ``seen`` collects the text pairs
        written so far when de-duplicating (the row is added to it when kept)."""
        two_sided = bool(row["src"]) and bool(row["tgt"])
        if not two_sided and (pairs_only or self.drop_unaligned):
            return False
        if two_sided and row["score"] < self.min_score:
            return False
        if seen is not None:
            key = (clean(row["src_text"]), clean(row["tgt_text"]))
            if key in seen:
                return False
            seen.add(key)
        return True


NO_FILTER = CorpusFilter()


def clean(text: str) -> str:
    """Collapse every run of whitespace (tabs, newlines, U+2028 ...) to one space."""
    return " ".join(text.split())


def _rows(al: Alignment, flt: CorpusFilter, seen: set[tuple[str, str]] | None,
          pairs_only: bool = False) -> Iterator[dict]:
    for bead, row in zip(al.beads, al.rows(), strict=True):  # rows() is one dict per bead, in order
        if flt.keep(row, pairs_only, seen):
            row["bead"] = bead.kind
            yield row


def filter_rows(al: Alignment, flt: CorpusFilter | None = None) -> list[dict]:
    """The rows of ``al`` (as :meth:`Alignment.rows` gives them, plus ``"bead"``: ``"1-2"``) that pass
    ``flt``, in document order."""
    flt = flt or NO_FILTER
    return list(_rows(al, flt, set() if flt.dedupe else None))


def corpus_rows(alignments: Sequence[Alignment], flt: CorpusFilter, pairs_only: bool) -> Iterator[Item]:
    """Filtered rows of several alignments in turn; ``dedupe`` works across all of them."""
    seen: set[tuple[str, str]] | None = set() if flt.dedupe else None
    for al in alignments:
        for row in _rows(al, flt, seen, pairs_only):
            yield al, row
