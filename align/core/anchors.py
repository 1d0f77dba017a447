"""Cheap language-independent evidence beside the embeddings: shared anchors.

* **anchors** -- numbers (Arabic-Indic digits read as Latin ones) and Latin-script names and codes
  ("CASA-1000", "ISPR", "Kurilla"): a token counts only if it occurs in *both* documents, so an
  English name that the Arabic spells in Arabic script costs nothing, and in same-script pairs the
  common capitalised words of one language do not count against the other.

Each unit gets a vector of counts; a block of units is the sum of its units' vectors (prefix sums), and
a bead's signal is ``-|a - b|^2 / (|a|^2 + |b|^2 + 1)``: 0 when the two sides carry the same anchors
(or none), towards -1 when they differ.
"""

from __future__ import annotations

import re
import zlib
from typing import Sequence

import numpy as np

from ..text.script import ARABIC_DIGITS

_NUMBER = re.compile(r"\d+(?:[.,٫]\d+)*")
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-'][A-Za-z0-9]+)*")
DIM = 128


def _numbers(text: str) -> list[str]:
    return [re.sub(r"[.,٫]", ".", n) for n in _NUMBER.findall(text.translate(ARABIC_DIGITS))]


def _names(text: str) -> list[str]:
    return [w for w in _LATIN.findall(text) if len(w) > 1 and (w[0].isupper() or any(c.isdigit() for c in w))]


def anchor_tokens(text: str) -> list[str]:
    """Numbers and Latin-script names or codes of a text."""
    return _numbers(text) + _names(text)


def anchor_counts(src: Sequence[str], tgt: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Per-unit hashed counts of the anchors that occur in both documents, ``(N, DIM)`` and ``(M, DIM)``."""
    s_tok = [anchor_tokens(t) for t in src]
    t_tok = [anchor_tokens(t) for t in tgt]
    shared = {w for toks in s_tok for w in toks} & {w for toks in t_tok for w in toks}

    def counts(toks: list[list[str]]) -> np.ndarray:
        out = np.zeros((len(toks), DIM), dtype=np.float32)
        for i, ws in enumerate(toks):
            for w in ws:
                if w in shared:
                    out[i, zlib.crc32(w.encode()) % DIM] += 1
        return out

    return counts(s_tok), counts(t_tok)


def block_sums(x: np.ndarray, n: int) -> np.ndarray:
    """Sums of ``n`` consecutive rows."""
    c = np.concatenate([np.zeros((1, x.shape[1]), dtype=x.dtype), np.cumsum(x, axis=0)])
    return c[n:] - c[:-n]


def mismatch(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``-|a - b|^2 / (|a|^2 + |b|^2 + 1)`` over the last axis (0: same counts, towards -1: disjoint)."""
    # |a - b|^2 expanded: a - b would materialise the broadcast (rows, cols, dim) array
    na = np.einsum("...d,...d->...", a, a)
    nb = np.einsum("...d,...d->...", b, b)
    ab = np.einsum("...d,...d->...", a, b)
    return -np.maximum(na + nb - 2.0 * ab, 0.0) / (na + nb + 1.0)
