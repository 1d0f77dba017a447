"""Bands (corridors ``lo[i] <= j <= hi[i]`` of the DP): around a coarse alignment of chunks (coarse-to-fine
recursion for long documents) and around paragraph beads (sentences inside their paragraphs)."""

from __future__ import annotations

from typing import Sequence

import numpy as np

from . import dp
from .vectors import Band, normalise


def coarse_band(Es: np.ndarray, Et: np.ndarray, cells: int, pad: int | None = None,
                max_chunk: int = 16) -> Band:
    """A corridor around the path of a coarse alignment of chunks of units (linear-time search).

    Units are grouped into chunks of ``g`` so that the coarse problem has about ``cells`` cells, but at
    most ``max_chunk`` units: longer documents get a coarser pass of their own first (recursion), so the
    corridor keeps a bounded width and its cells grow linearly with the length. Chunk embeddings are the
    mean of their units' (no extra embedding); a 1-1 / 1-2 / 2-1 / skip DP over the chunks gives a path
    that is widened by ``pad`` units on each side.
    """
    N, M = len(Es), len(Et)
    g = max(1, min(max_chunk, int(np.ceil(np.sqrt(N * M / max(cells, 1))))))
    pad = pad if pad is not None else 2 * g + 8

    def chunks(E: np.ndarray) -> np.ndarray:
        n = int(np.ceil(len(E) / g))
        out = np.zeros((n, E.shape[1]), dtype=np.float64)
        np.add.at(out, np.arange(len(E)) // g, E)
        return normalise(out)

    Cs, Ct = chunks(Es), chunks(Et)
    if g > 1 and len(Cs) * len(Ct) > cells:
        band = coarse_band(Cs, Ct, cells, max_chunk=max_chunk)
    else:
        band = dp.full_band(len(Cs), len(Ct))
    sim_any = float(np.median(Cs[np.arange(0, len(Cs), max(1, len(Cs) // 200))] @ Ct.T))

    Bs = {1: Cs, 2: normalise(Cs[:-1] + Cs[1:])}  # blocks of one and two chunks (unit-norm rows)
    Bt = {1: Ct, 2: normalise(Ct[:-1] + Ct[1:])}

    def value(n: int, m: int, i0: int, j0s: np.ndarray) -> np.ndarray:
        return Bt[m][j0s] @ Bs[n][i0] - sim_any - 0.5 * (1 - 1 / (n + m - 1))

    path = dp.best_path(len(Cs), len(Ct), [(1, 1), (1, 2), (2, 1), (1, 0), (0, 1)], value, band=band)
    lo = np.full(N + 1, M, dtype=np.int64)
    hi = np.zeros(N + 1, dtype=np.int64)
    i = j = 0
    for s, t in path:
        i1, j1 = i + len(s), j + len(t)
        r0, r1 = i * g, min(i1 * g, N)
        c0, c1 = j * g, min(j1 * g, M)
        lo[r0:r1 + 1] = np.minimum(lo[r0:r1 + 1], max(c0 - pad, 0))
        hi[r0:r1 + 1] = np.maximum(hi[r0:r1 + 1], min(c1 + pad, M))
        i, j = i1, j1
    lo = np.minimum.accumulate(lo[::-1])[::-1]
    hi = np.maximum.accumulate(hi)
    lo[0], hi[N] = 0, M
    return lo, hi


def band_from_beads(beads: Sequence[tuple[Sequence[int], Sequence[int]]], src_of: Sequence[int],
                    tgt_of: Sequence[int], n_src_par: int, n_tgt_par: int) -> Band:
    """The corridor of a sentence alignment inside paragraph beads.

    ``src_of[k]`` is the paragraph of source sentence k (likewise ``tgt_of``); sentences may only be
    aligned with sentences of the paragraphs their paragraph is aligned with.
    """
    s_start = np.searchsorted(np.asarray(src_of), np.arange(n_src_par + 1))
    t_start = np.searchsorted(np.asarray(tgt_of), np.arange(n_tgt_par + 1))
    N, M = len(src_of), len(tgt_of)
    lo = np.full(N + 1, M, dtype=np.int64)
    hi = np.zeros(N + 1, dtype=np.int64)
    pi = pj = 0
    for s, t in beads:
        pi1, pj1 = pi + len(s), pj + len(t)
        a, b = s_start[pi], s_start[pi1]
        c, d = t_start[pj], t_start[pj1]
        lo[a:b + 1] = np.minimum(lo[a:b + 1], c)
        hi[a:b + 1] = np.maximum(hi[a:b + 1], d)
        pi, pj = pi1, pj1
    lo = np.minimum.accumulate(lo[::-1])[::-1]
    hi = np.maximum.accumulate(hi)
    lo[0], hi[N] = 0, M
    return lo, hi
