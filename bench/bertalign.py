"""Bertalign's two-pass algorithm (Liu & Zhu 2022), written again here as a peer on our embeddings.

The published package needs Python 3.12, numba, faiss and an online language detector, so the bench carries
the algorithm itself, as its ``bertalign/corelib.py`` and ``aligner.py`` define it, with their defaults
(``max_align=5, top_k=3, win=5, skip=-0.1, margin=True, len_penalty=True``):

1. **First pass, 1-1 anchors.** Each source sentence's ``top_k`` most similar target sentences (cosine over
   the whole document); a DP over 1-1, 1-0 and 0-1 steps in a diagonal window of half-width
   ``max(250, 6% of the longer side)``, where a 1-1 step earns the cosine when the target is among the
   source's ``top_k`` and nothing otherwise, and a skip earns nothing. The 1-1 steps of the best path are
   the anchors.
2. **Second pass, n-m beads.** A corridor of ``win`` sentences around the anchors; a DP over beads up to
   ``n + m <= max_align`` whose value is ``(cos(S, T) - neighbours) * log2(1 + min(|S|, r|T|) / max(...))``
   with ``S`` and ``T`` the real embeddings of the concatenated blocks (every block of up to
   ``max_align - 1`` sentences is embedded), ``neighbours`` the mean of the cosines of each side's block
   with the sentences just before and after the other side's block, lengths in UTF-8 bytes and ``r`` the
   documents' byte ratio; a 1-0 or 0-1 bead is worth ``skip``.

The overlap texts are Bertalign's own (a unit stripped, ``BLANK_LINE`` for an empty one, blocks joined by
a space, front-padded with ``PAD``), the same texts Vecalign and sentweave embed, so the on-disk cache
serves all three.
"""

from __future__ import annotations

from typing import Callable, Sequence

import numpy as np

MAX_ALIGN = 5
TOP_K = 3
WIN = 5
SKIP = -0.1
FIRST_MIN_WIN = 250
FIRST_SHARE = 0.06

Beads = list[tuple[list[int], list[int]]]
Embed = Callable[[list[str]], np.ndarray]


def overlap_texts(units: Sequence[str], size: int) -> list[str]:
    """The blocks of ``size`` consecutive units ending at each unit (front-padded with ``PAD``)."""
    lines = [u.strip() or "BLANK_LINE" for u in units]
    pad = ["PAD"] * min(size - 1, len(lines))
    return pad + [" ".join(lines[i:i + size])[:10000] for i in range(len(lines) - size + 1)]


def all_overlap_texts(units: Sequence[str], sizes: int = MAX_ALIGN - 1) -> list[str]:
    """The blocks of 1 to ``sizes`` units ending at each unit, size by size: every text Bertalign embeds."""
    return [t for k in range(1, sizes + 1) for t in overlap_texts(units, k)]


def _overlaps(units: Sequence[str], embed: Embed, sizes: int) -> tuple[np.ndarray, np.ndarray]:
    """Vectors ``(sizes, n, dim)`` and UTF-8 lengths ``(sizes, n)`` of the blocks ending at each unit."""
    flat = all_overlap_texts(units, sizes)
    vecs = np.asarray(embed(flat), dtype=np.float64)
    vecs = vecs / np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-12)
    n = len(units)
    return vecs.reshape(sizes, n, -1), np.array([len(t.encode("utf-8")) for t in flat], dtype=np.float64).reshape(sizes, n)


def first_pass(src: np.ndarray, tgt: np.ndarray, top_k: int = TOP_K) -> list[tuple[int, int]]:
    """The 1-1 anchors ``(i, j)`` (1-based DP cells) of the first pass."""
    n, m = len(src), len(tgt)
    sims = src @ tgt.T
    k = min(top_k, m)
    top = np.argpartition(-sims, k - 1, axis=1)[:, :k]
    gain = np.zeros((n, m))
    rows = np.arange(n)[:, None]
    gain[rows, top] = sims[rows, top]
    win = max(FIRST_MIN_WIN, int(max(n, m) * FIRST_SHARE))
    centre = (np.arange(n + 1) * (m / n)).astype(np.int64)
    lo, hi = np.maximum(centre - win, 0), np.minimum(centre + win, m)
    prev = np.full(m + 1, -np.inf)
    prev[lo[0]:hi[0] + 1] = 0.0  # row 0: only 0-1 steps, worth nothing
    ptrs: list[np.ndarray] = [np.zeros(hi[0] - lo[0] + 1, dtype=np.int8)]
    for i in range(1, n + 1):
        js = np.arange(lo[i], hi[i] + 1)
        up = prev[js]                                   # 1-0 step
        diag = np.where(js > 0, prev[np.maximum(js - 1, 0)] + gain[i - 1, np.maximum(js - 1, 0)], -np.inf)
        base = np.where(diag > up, diag, up)
        arg = np.where(diag > up, 2, 1)
        cost = np.maximum.accumulate(base)              # 0-1 steps are worth nothing: a running maximum
        ptr = arg.astype(np.int8)
        ptr[1:][cost[:-1] >= base[1:]] = 0              # 0-1 comes first and wins ties
        if lo[i] == 0:
            ptr[0] = arg[0]
        row = np.full(m + 1, -np.inf)
        row[js] = cost
        prev = row
        ptrs.append(ptr)
    anchors = []
    i, j = n, m
    while i > 0 or j > 0:
        a = int(ptrs[i][j - lo[i]]) if lo[i] <= j <= hi[i] else 1
        if i == 0:
            a = 0
        if a == 2:
            anchors.append((i, j))
        i, j = (i, j - 1) if a == 0 else (i - 1, j) if a == 1 else (i - 1, j - 1)
    return anchors[::-1]


def second_path(anchors: list[tuple[int, int]], n: int, m: int, win: int = WIN) -> tuple[np.ndarray, np.ndarray]:
    """Per DP row ``0..n``, the target range ``[lo, hi]`` of the second pass around the anchors."""
    anchors = list(anchors)
    if not anchors:
        anchors = [(n, m)]
    elif anchors[-1][0] != n:
        if anchors[-1][1] == m:
            anchors.pop()
        anchors.append((n, m))
    elif anchors[-1][1] != m:
        anchors.pop()
        anchors.append((n, m))
    lo, hi = [], []
    ps, pt = 0, 0
    for s, t in anchors:
        for _ in range(ps + 1, s + 1):
            lo.append(max(0, pt - win))
            hi.append(min(m, t + win))
        ps, pt = s, t
    return np.array([lo[0]] + lo), np.array([hi[0]] + hi)


def bead_types(max_align: int = MAX_ALIGN) -> list[tuple[int, int]]:
    return [(0, 1), (1, 0)] + [(x, y) for x in range(1, max_align) for y in range(1, max_align) if x + y <= max_align]


def _neighbours(vec: np.ndarray, ends: np.ndarray, size: int, singles: np.ndarray) -> np.ndarray:
    """Mean cosine of ``vec`` (rows, or one vector) with the unit before and the unit after each block of
    ``size`` units ending at ``ends`` (1-based); a side that does not exist counts 0 and is not averaged."""
    count = len(singles)
    left, right = ends - size, ends + 1
    ls = np.where(left > 0, np.einsum("...d,...d->...", vec, singles[np.clip(left - 1, 0, count - 1)]), 0.0)
    rs = np.where(right <= count, np.einsum("...d,...d->...", vec, singles[np.clip(right - 1, 0, count - 1)]), 0.0)
    both = (ls != 0) & (rs != 0)
    return np.where(both, (ls + rs) / 2, ls + rs)


def second_pass(sv: np.ndarray, tv: np.ndarray, sl: np.ndarray, tl: np.ndarray, lo: np.ndarray, hi: np.ndarray,
                skip: float = SKIP, max_align: int = MAX_ALIGN) -> Beads:
    n, m = sv.shape[1], tv.shape[1]
    ratio = sl[0].sum() / max(tl[0].sum(), 1.0)
    types = bead_types(max_align)
    cost: list[np.ndarray] = []
    ptrs: list[np.ndarray] = []
    for i in range(n + 1):
        js = np.arange(lo[i], hi[i] + 1)
        best = np.full(len(js), -np.inf)
        arg = np.full(len(js), -1)
        if i == 0:
            best[js == 0] = 0.0
        for a, (x, y) in enumerate(types):
            if x == 0:
                continue  # 0-1 steps depend on this row: below
            pi, pj = i - x, js - y
            if pi < 0:
                continue
            ok = (pj >= lo[pi]) & (pj <= hi[pi])
            if not ok.any():
                continue
            prev = np.full(len(js), -np.inf)
            prev[ok] = cost[pi][pj[ok] - lo[pi]]
            if y == 0:
                val = np.full(len(js), skip)
            else:
                ends = np.clip(js, 1, m)
                svec = sv[x - 1, i - 1]
                tvecs = tv[y - 1, ends - 1]
                sim = tvecs @ svec
                sim = sim - (_neighbours(svec[None, :], ends, y, tv[0]) + _neighbours(tvecs, np.full(len(js), i), x, sv[0])) / 2
                s_len, t_len = sl[x - 1, i - 1], tl[y - 1, ends - 1] * ratio
                sim = sim * np.log2(1 + np.minimum(s_len, t_len) / np.maximum(np.maximum(s_len, t_len), 1e-9))
                val = np.where(js >= y, sim, -np.inf)
            total = prev + val
            better = total > best
            best = np.where(better, total, best)
            arg = np.where(better, a, arg)
        # 0-1 steps (type 0, tried first: it wins ties) within the row, left to right
        for k in range(1, len(js)):
            if best[k - 1] + skip >= best[k]:
                best[k], arg[k] = best[k - 1] + skip, 0
        cost.append(best)
        ptrs.append(arg)
    beads: Beads = []
    i, j = n, m
    while i > 0 or j > 0:
        x, y = types[int(ptrs[i][j - lo[i]])]
        beads.append((list(range(i - x, i)), list(range(j - y, j))))
        i, j = i - x, j - y
    return beads[::-1]


def align(src: Sequence[str], tgt: Sequence[str], embed: Embed, *, max_align: int = MAX_ALIGN,
          top_k: int = TOP_K, win: int = WIN, skip: float = SKIP) -> Beads:
    """Bertalign's alignment of two lists of units, on ``embed``'s vectors of its overlap texts."""
    if not src or not tgt:
        return [([i], []) for i in range(len(src))] + [([], [j]) for j in range(len(tgt))]
    sizes = max_align - 1
    sv, sl = _overlaps(src, embed, sizes)
    tv, tl = _overlaps(tgt, embed, sizes)
    anchors = first_pass(sv[0], tv[0], top_k)
    lo, hi = second_path(anchors, len(src), len(tgt), win)
    return second_pass(sv, tv, sl, tl, lo, hi, skip, max_align)
