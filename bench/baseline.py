"""A plain margin-scored banded DP: the baseline that ours must beat on the same embeddings.

Every unit vector is L2-normalised; a block of consecutive units is the normalised sum of its vectors (no
extra embedding). A bead of source block ``S`` and target block ``T`` is worth

    cos(S, T) - (knn_src(S) + knn_tgt(T)) / 2 - LENGTH_WEIGHT * ((log(len T / len S) - mu) / SIGMA) ** 2

where ``knn_src(S)`` is the mean over the units of ``S`` of the mean cosine of each unit with its
``K`` nearest target units (and the other way round: the ratio margin of Artetxe & Schwenk as a
difference), ``len`` is characters and ``mu`` the log length ratio of the whole documents. Leaving a unit
without a counterpart is worth ``-SKIP`` (a fixed cost). Beads up to ``n + m <= MAX_BEAD`` plus 1-0 / 0-1,
the best monotone path by :func:`align.core.dp.best_path` inside a diagonal band of half-width
``max(BAND_MIN, BAND_SHARE * max(N, M))`` units. The constants are fixed by hand (not tuned on any set).
"""

from __future__ import annotations

import math
from typing import Sequence

import numpy as np

from align.core.dp import bead_types, best_path

K = 4
LENGTH_WEIGHT = 0.02
SIGMA = 0.3
SKIP = 0.1
MAX_BEAD = 4
BAND_MIN = 60
BAND_SHARE = 0.1

Beads = list[tuple[list[int], list[int]]]


def _normalise(x: np.ndarray) -> np.ndarray:
    return x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-12)


def knn_means(a: np.ndarray, b: np.ndarray, k: int = K, chunk: int = 1024) -> np.ndarray:
    """For each row of ``a``, the mean cosine with its ``k`` nearest rows of ``b`` (all rows when fewer)."""
    k = min(k, len(b))
    out = np.empty(len(a))
    for s in range(0, len(a), chunk):
        sims = a[s:s + chunk] @ b.T
        top = np.partition(sims, len(b) - k, axis=1)[:, len(b) - k:] if k < len(b) else sims
        out[s:s + chunk] = top.mean(axis=1)
    return out


def diagonal_band(n: int, m: int, half: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """``lo[i] <= j <= hi[i]`` around the straight line from (0, 0) to (n, m)."""
    half = half if half is not None else max(BAND_MIN, int(BAND_SHARE * max(n, m)))
    centre = np.round(np.arange(n + 1) * (m / max(n, 1))).astype(np.int64)
    lo = np.clip(centre - half, 0, m)
    hi = np.clip(centre + half, 0, m)
    lo[0], hi[n] = 0, m
    return np.minimum.accumulate(lo[::-1])[::-1], np.maximum.accumulate(hi)


def align_vectors(es: np.ndarray, et: np.ndarray, src_len: Sequence[int], tgt_len: Sequence[int], *,
                  k: int = K, skip: float = SKIP, length_weight: float = LENGTH_WEIGHT, sigma: float = SIGMA,
                  max_bead: int = MAX_BEAD, band_half: int | None = None) -> Beads:
    """Beads ``(src indices, tgt indices)`` covering all units in order, from unit vectors and lengths."""
    n, m = len(es), len(et)
    if n == 0 or m == 0:
        return [([i], []) for i in range(n)] + [([], [j]) for j in range(m)]
    es = _normalise(np.asarray(es, dtype=np.float64))
    et = _normalise(np.asarray(et, dtype=np.float64))
    ks, kt = knn_means(es, et, k), knn_means(et, es, k)
    ls = np.asarray(src_len, dtype=np.float64) + 1.0
    lt = np.asarray(tgt_len, dtype=np.float64) + 1.0
    mu = math.log(lt.sum() / ls.sum())
    types = bead_types(max_bead)
    sizes = sorted({t[0] for t in types if t[0]} | {t[1] for t in types if t[1]})

    def blocks(e: np.ndarray, kn: np.ndarray, ln: np.ndarray):
        out = {}
        for w in sizes:
            if w > len(e):
                continue
            cs = np.concatenate([np.zeros((1, e.shape[1])), np.cumsum(e, axis=0)])
            ck = np.concatenate([[0.0], np.cumsum(kn)])
            cl = np.concatenate([[0.0], np.cumsum(ln)])
            out[w] = (_normalise(cs[w:] - cs[:-w]), (ck[w:] - ck[:-w]) / w, np.log(cl[w:] - cl[:-w]))
        return out

    bs, bt = blocks(es, ks, ls), blocks(et, kt, lt)

    def value(nn: int, mm: int, i0: int, j0s: np.ndarray) -> np.ndarray:
        if nn not in bs or mm not in bt:
            return np.full(len(j0s), -np.inf)
        vs, kns, lns = bs[nn]
        vt, knt, lnt = bt[mm]
        ok = j0s <= len(vt) - 1
        out = np.full(len(j0s), -np.inf)
        j = j0s[ok]
        cos = vt[j] @ vs[i0]
        d = (lnt[j] - lns[i0] - mu) / sigma
        out[ok] = cos - (kns[i0] + knt[j]) / 2 - length_weight * d * d
        return out

    band = diagonal_band(n, m, band_half)
    path = best_path(n, m, types, value, skip_src=np.full(n, -skip), skip_tgt=np.full(m, -skip), band=band)
    return [(list(s), list(t)) for s, t in path]


def align_texts(src: Sequence[str], tgt: Sequence[str], embed, **kw) -> Beads:
    """:func:`align_vectors` on ``embed(texts)`` (an :class:`align.Embedder` or any callable)."""
    return align_vectors(embed(list(src)), embed(list(tgt)), [len(t) for t in src], [len(t) for t in tgt], **kw)
