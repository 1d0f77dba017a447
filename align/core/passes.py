"""The search over a scored document pair and the passes after the DP.

:func:`search` runs the DP (:func:`align.core.dp.best_path`) with the scorer's values, then in turn

1. :func:`fill_gaps` re-aligns each run of unaligned units holding units of both sides, with a lower bar;
2. :func:`absorb` joins a unit left unaligned to a neighbouring bead whose real text it completes.

Each pass takes the scorer (:class:`align.core.scorer.BeadScorer`) and a path, and returns a new path.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import dp

if TYPE_CHECKING:
    from .scorer import BeadScorer, Path


def search(sc: BeadScorer) -> Path:
    """The best path of beads under the scorer's values, after the passes."""
    path = dp.best_path(sc.N, sc.M, sc.types, sc.value_fn(sc.bead_cost), sc.src.skip, sc.tgt.skip,
                        band=(sc.lo, sc.hi))
    return absorb(sc, fill_gaps(sc, path))


def fill_gaps(sc: BeadScorer, path: Path) -> Path:
    """Re-align each run of unaligned units that holds units of both sides, with a lower threshold.

    A source unit and a target unit left over at the same place between two aligned beads are far
    more often a loose translation of each other than an omission next to an addition, so inside
    such a gap a weaker match is accepted (``AlignConfig.gap_threshold``). Page furniture at the
    edges of a gap is no loose translation of anything and stays out of it.
    """
    thr = sc.typical_any + sc.config.gap_threshold * sc.spread
    out: Path = []
    k = 0
    while k < len(path):
        if path[k][0] and path[k][1]:
            out.append(path[k])
            k += 1
            continue
        end = k
        while end < len(path) and not (path[end][0] and path[end][1]):
            end += 1
        run = path[k:end]
        src = [i for s, _ in run for i in s]
        tgt = [j for _, t in run for j in t]
        head: Path = []
        tail: Path = []
        for units, furn, alone in ((src, sc.src.furniture, lambda i: ((i,), ())),
                                   (tgt, sc.tgt.furniture, lambda j: ((), (j,)))):
            while units and units[0] in furn:
                head.append(alone(units.pop(0)))
            while units and units[-1] in furn:
                tail.insert(0, alone(units.pop()))
        if src and tgt:
            i0, j0 = min(src), min(tgt)
            types = [(n, m) for n, m in sc.types if n <= len(src) and m <= len(tgt)]
            sub = dp.best_path(len(src), len(tgt), types, sc.value_fn(thr, i0, j0),
                               sc.src.skip[i0:i0 + len(src)], sc.tgt.skip[j0:j0 + len(tgt)])
            out += head + [(tuple(i + i0 for i in s), tuple(j + j0 for j in t)) for s, t in sub] + tail
        else:
            out.extend(run)
        k = end
    return out


def _joined(path: Path, k: int, nb: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The bead ``path[nb]`` with the one-sided bead ``path[k]`` joined to it."""
    (s, t), (ns, nt) = path[k], path[nb]
    return tuple(sorted(ns + s)), tuple(sorted(nt + t))


def _neighbours(path: Path, k: int) -> list[int]:
    """The two-sided beads right before and after ``path[k]``."""
    return [nb for nb in (k - 1, k + 1) if 0 <= nb < len(path) and path[nb][0] and path[nb][1]]


def absorb(sc: BeadScorer, path: Path) -> Path:
    """Join a unit left unaligned to a neighbouring bead when the joined text is closer.

    The margin of a long block is depressed by its own hub term, so a paragraph that the other
    side runs together with its neighbour can be left out, and so can a short piece of a sentence that the
    other side translates in one (a Chinese sentence of an English verse); when adding it raises the
    bead's quality without the hub term (:meth:`BeadScorer.unhubbed_q`: the cosine of the real texts with
    the length and anchor terms) at all, it is part of that bead's translation, provided the joined bead's
    quality is still above the skip threshold. A unit that is no part of it lowers it: its text pulls the
    cosine down and its length the length term. No margin is asked of the rise: one of 0.25 spread (before)
    left out pieces whose rise was smaller, and without it the pass joins no unit of the dev sets that has
    no counterpart (``bench/RESULTS.md``, Generalize note 14). The length term stays in: on the raw
    cosine alone, two hadiths were joined against one whose length matched one of them (the cosine rose
    by 0.106, the quality fell by 0.14).
    """
    if not sc.config.absorb or not sc.config.refine:
        return path
    path = list(path)
    keys = []  # the blocks the loop below will compare first, embedded in one batch
    for k, (s, t) in enumerate(path):
        if s and t:
            continue
        for nb in _neighbours(path, k):
            (ns, nt), (js, jt) = path[nb], _joined(path, k, nb)
            if sc.fits(js, jt):
                keys += [("s", js[0], len(js)), ("t", jt[0], len(jt)), ("s", ns[0], len(ns)), ("t", nt[0], len(nt))]
    sc.embed_blocks(keys)
    k = 0
    while k < len(path):
        s, t = path[k]
        if (s and t) or (set(s) <= sc.src.furniture and set(t) <= sc.tgt.furniture):  # furniture stays out
            k += 1
            continue
        best = None
        for nb in _neighbours(path, k):
            js, jt = _joined(path, k, nb)
            if not sc.fits(js, jt):
                continue
            up = sc.unhubbed_q(js, jt) - sc.unhubbed_q(*path[nb])
            # ... and the joined bead must be one the DP would take
            if up > 0 and (best is None or up > best[0]) and sc.pair_q(js, jt) >= sc.threshold:
                best = (up, nb, (js, jt))
        if best is None:
            k += 1
            continue
        _, nb, joined = best
        path[nb] = joined
        del path[k]
        k = max(0, min(k, nb) - 1)
    return path
