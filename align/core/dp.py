"""The dynamic programme: a monotone path of n-m beads (with 1-0 / 0-1 skips) of maximum total value.

Pure numpy and independent of embeddings: the caller gives the value of every candidate bead through a
callback, so the same core serves paragraphs, sentences and hand-made matrices in the tests.

Rows are source positions ``i = 0..N``, columns target positions ``j = 0..M``; cell ``(i, j)`` is the best
value of aligning the first ``i`` source and ``j`` target units.  Each row is computed with vector
operations only: beads that consume source units read earlier rows, and the 0-1 skips inside a row are
a running maximum (``np.maximum.accumulate``).  A band ``lo[i] <= j <= hi[i]`` limits the search to a
corridor, so memory and time grow with ``N * width`` instead of ``N * M`` (coarse-to-fine search).
"""

from __future__ import annotations

from typing import Callable, Sequence

import numpy as np

BeadType = tuple[int, int]
# value(n, m, i0, j0s) -> values of the beads (source i0..i0+n-1, target j0..j0+m-1) for each j0 in j0s
ValueFn = Callable[[int, int, int, np.ndarray], np.ndarray]


def bead_types(max_bead: int = 4, max_side: int | None = None) -> list[BeadType]:
    """All n-m bead types with n, m >= 1 and n + m <= max_bead (1-1 first), plus 1-0 and 0-1 skips."""
    side = max_side or max_bead - 1
    types = [(n, m) for s in range(2, max_bead + 1) for n in range(1, s) for m in [s - n]
             if n <= side and m <= side]
    return types + [(1, 0), (0, 1)]


def full_band(n_src: int, n_tgt: int) -> tuple[np.ndarray, np.ndarray]:
    return np.zeros(n_src + 1, dtype=np.int64), np.full(n_src + 1, n_tgt, dtype=np.int64)


def best_path(
    n_src: int,
    n_tgt: int,
    types: Sequence[BeadType],
    value: ValueFn,
    skip_src: np.ndarray | None = None,
    skip_tgt: np.ndarray | None = None,
    band: tuple[np.ndarray, np.ndarray] | None = None,
) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """Return the beads ``(src indices, tgt indices)`` of the best monotone path, in order.

    ``skip_src[i]`` / ``skip_tgt[j]`` are the values of leaving unit i / j unaligned (default 0).
    """
    skip_src = np.zeros(n_src) if skip_src is None else np.asarray(skip_src, dtype=np.float64)
    skip_tgt = np.zeros(n_tgt) if skip_tgt is None else np.asarray(skip_tgt, dtype=np.float64)
    lo, hi = band if band is not None else full_band(n_src, n_tgt)
    lo = np.asarray(lo, dtype=np.int64)
    hi = np.asarray(hi, dtype=np.int64)
    if lo[0] != 0 or hi[n_src] != n_tgt:
        raise ValueError("band must contain (0, 0) and (N, M)")
    two_sided = [(b, n, m) for b, (n, m) in enumerate(types) if n >= 1 and m >= 1]
    src_skip = [b for b, t in enumerate(types) if t == (1, 0)]
    tgt_skip = any(t == (0, 1) for t in types)
    prefix = np.concatenate([[0.0], np.cumsum(skip_tgt)])  # value of skipping target units < j

    score_rows: list[np.ndarray] = []
    choice_rows: list[np.ndarray] = []
    start_rows: list[np.ndarray] = []  # column (relative) that the 0-1 run of skips started from
    for i in range(n_src + 1):
        cols = np.arange(lo[i], hi[i] + 1)
        width = len(cols)
        best = np.full(width, -np.inf)
        choice = np.full(width, -1, dtype=np.int16)
        if i == 0 and lo[0] == 0:
            best[0] = 0.0
        candidates = [(b, n, m) for b, n, m in two_sided if n <= i]
        if src_skip and i >= 1:
            candidates.append((src_skip[0], 1, 0))
        for b, n, m in candidates:
            prev_lo, prev_hi = lo[i - n], hi[i - n]
            prev_cols = cols - m
            ok = (prev_cols >= prev_lo) & (prev_cols <= prev_hi)
            if not ok.any():
                continue
            cand = np.full(width, -np.inf)
            pc = prev_cols[ok]
            cand[ok] = score_rows[i - n][pc - prev_lo]
            if m == 0:
                cand[ok] += skip_src[i - 1]
            else:
                cand[ok] += value(n, m, i - n, pc)
            better = cand > best
            best[better] = cand[better]
            choice[better] = b
        if tgt_skip:
            shifted = best - prefix[cols]
            run = np.maximum.accumulate(shifted)
            new_max = shifted >= run
            start = np.maximum.accumulate(np.where(new_max, np.arange(width), 0))
            best = run + prefix[cols]
        else:
            start = np.arange(width)
        score_rows.append(best)
        choice_rows.append(choice)
        start_rows.append(start)

    if not np.isfinite(score_rows[n_src][n_tgt - lo[n_src]]):
        raise ValueError("no monotone path inside the band")
    beads: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
    i, j = n_src, n_tgt
    while i > 0 or j > 0:
        c = j - lo[i]
        s = int(start_rows[i][c])
        if s != c:  # a run of 0-1 skips ends here
            for t in range(j - 1, lo[i] + s - 1, -1):
                beads.append(((), (t,)))
            j = lo[i] + s
            continue
        n, m = types[choice_rows[i][c]]
        beads.append((tuple(range(i - n, i)), tuple(range(j - m, j))))
        i, j = i - n, j - m
    beads.reverse()
    return beads


def align_scores(scores: dict[BeadType, np.ndarray], skip: float = 0.0,
                 types: Sequence[BeadType] | None = None):
    """Best path from explicit bead-value matrices: ``scores[(n, m)][i, j]`` is the value of aligning
    source ``i..i+n-1`` with target ``j..j+m-1``; leaving a unit unaligned is worth ``skip``."""
    s11 = scores[(1, 1)]
    n_src, n_tgt = s11.shape
    types = list(types) if types is not None else [t for t in scores] + [(1, 0), (0, 1)]

    def value(n: int, m: int, i0: int, j0s: np.ndarray) -> np.ndarray:
        return scores[(n, m)][i0, j0s]

    return best_path(n_src, n_tgt, types, value, np.full(n_src, skip), np.full(n_tgt, skip))


def posteriors(
    n_src: int,
    n_tgt: int,
    types: Sequence[BeadType],
    value: ValueFn,
    skip_src: np.ndarray,
    skip_tgt: np.ndarray,
    band: tuple[np.ndarray, np.ndarray],
    temperature: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Posterior probability that each source and each target unit is left unaligned, over all monotone
    paths inside the band weighted by ``exp(total value / temperature)`` (the forward-backward sums of
    :func:`best_path`'s maxima). A unit is sure to be untranslated only when every path that pairs it is
    much worse than the best one, not just the best path's own neighbours."""
    lo = np.asarray(band[0], dtype=np.int64)
    hi = np.asarray(band[1], dtype=np.int64)
    tau = float(temperature)
    s_src = np.asarray(skip_src, dtype=np.float64) / tau
    s_tgt = np.asarray(skip_tgt, dtype=np.float64) / tau
    prefix = np.concatenate([[0.0], np.cumsum(s_tgt)])
    two_sided = [(n, m) for n, m in types if n >= 1 and m >= 1]
    src_skip = (1, 0) in types
    tgt_skip = (0, 1) in types
    cols_of = [np.arange(lo[i], hi[i] + 1) for i in range(n_src + 1)]

    def row_of(rows: list, i: int, cols: np.ndarray) -> np.ndarray:
        """``rows[i]`` at absolute columns ``cols`` (-inf outside row i's band)."""
        out = np.full(len(cols), -np.inf)
        ok = (cols >= lo[i]) & (cols <= hi[i])
        out[ok] = rows[i][cols[ok] - lo[i]]
        return out

    fwd: list = [None] * (n_src + 1)
    for i in range(n_src + 1):
        cols = cols_of[i]
        acc = np.full(len(cols), -np.inf)
        if i == 0:
            acc[cols == 0] = 0.0
        for n, m in two_sided:
            if n > i:
                continue
            starts = cols - m
            prev = row_of(fwd, i - n, starts)
            ok = np.isfinite(prev)
            if ok.any():
                cand = np.full(len(cols), -np.inf)
                cand[ok] = prev[ok] + value(n, m, i - n, starts[ok]) / tau
                acc = np.logaddexp(acc, cand)
        if src_skip and i >= 1:
            acc = np.logaddexp(acc, row_of(fwd, i - 1, cols) + s_src[i - 1])
        if tgt_skip:
            acc = np.logaddexp.accumulate(acc - prefix[cols]) + prefix[cols]
        fwd[i] = acc
    total = fwd[n_src][n_tgt - lo[n_src]]
    if not np.isfinite(total):
        raise ValueError("no monotone path inside the band")

    bwd: list = [None] * (n_src + 1)
    p_src = np.zeros(n_src)
    p_tgt = np.zeros(n_tgt)
    for i in range(n_src, -1, -1):
        cols = cols_of[i]
        acc = np.full(len(cols), -np.inf)
        if i == n_src:
            acc[cols == n_tgt] = 0.0
        for n, m in two_sided:
            if i + n > n_src:
                continue
            nxt = row_of(bwd, i + n, cols + m)
            ok = np.isfinite(nxt) & (cols + m <= n_tgt)
            if ok.any():
                cand = np.full(len(cols), -np.inf)
                cand[ok] = nxt[ok] + value(n, m, i, cols[ok]) / tau
                acc = np.logaddexp(acc, cand)
        if src_skip and i < n_src:
            nxt = row_of(bwd, i + 1, cols) + s_src[i]
            acc = np.logaddexp(acc, nxt)
            with np.errstate(invalid="ignore"):
                p_src[i] = float(np.exp(np.logaddexp.reduce(fwd[i] + nxt) - total))
        if tgt_skip:
            acc = (np.logaddexp.accumulate((acc + prefix[cols])[::-1])[::-1]) - prefix[cols]
            # target unit j skipped inside row i: forward at (i, j) + skip + backward at (i, j + 1)
            if len(cols) > 1:
                terms = fwd[i][:-1] + s_tgt[cols[:-1]] + acc[1:] - total
                np.add.at(p_tgt, cols[:-1], np.exp(terms))
        bwd[i] = acc
    return np.clip(p_src, 0.0, 1.0), np.clip(p_tgt, 0.0, 1.0)
