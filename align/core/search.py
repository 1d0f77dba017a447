"""The search over one document pair: embed the units, find the band, score beads, run the DP (twice when
uncertain blocks were embedded for real), and score the path; page furniture is then detached."""

from __future__ import annotations

import time
from typing import Callable, Sequence

import numpy as np

from ..data import Alignment, Bead, Document
from . import passes
from .band import coarse_band
from .config import AlignConfig
from .scorer import BeadScorer
from .vectors import Band, Embed


def align_units(src_texts: Sequence[str], tgt_texts: Sequence[str], embed: Embed,
                config: AlignConfig = AlignConfig(), band: Band | None = None,
                furniture: tuple[Sequence[bool], Sequence[bool]] | None = None,
                follows: tuple[Sequence[bool], Sequence[bool]] | None = None):
    """Align two lists of unit texts; returns ``(beads, scores, timings)``.

    Without a band, documents above ``config.full_search_cells`` cells are searched in a corridor
    around a coarse path (linear time and memory).
    """
    spent = [0.0]

    def timed_embed(texts: list[str]) -> np.ndarray:
        t = time.perf_counter()
        out = embed(texts)
        spent[0] += time.perf_counter() - t
        return out

    t0 = time.perf_counter()
    Es, Et = timed_embed(list(src_texts)), timed_embed(list(tgt_texts))
    if band is None and len(Es) * len(Et) > config.full_search_cells:
        band = coarse_band(Es, Et, config.full_search_cells // 16)
    scorer = BeadScorer(src_texts, tgt_texts, timed_embed, config, band, Es, Et, furniture, follows)
    path = passes.search(scorer)
    if config.refine and scorer.refine([(s, t, scorer.bead_score(s, t))
                                        for (s, t), near in zip(path, near_other_side(path)) if near]):
        path = passes.search(scorer)
    scores = scorer.path_scores(path)
    total = time.perf_counter() - t0
    band_cells = int(np.sum(scorer.hi - scorer.lo + 1))
    return path, scores, {"embed_s": spent[0], "align_s": total - spent[0], "band_cells": band_cells,
                          "embedded_blocks": scorer.exact_blocks}


REFINE_REACH = 5  # beads: the largest bead of the defaults; a unit further inside a one-sided run joins no bead


def near_other_side(path: Sequence[tuple[tuple[int, ...], tuple[int, ...]]],
                    reach: int = REFINE_REACH) -> list[bool]:
    """For each bead, whether a bead within ``reach`` of it holds units of the other side: a unit deep
    inside a long run left out on one side (a book against the article it quotes) is in no block that
    could join a bead, so its blocks are not embedded (the time of huge inputs stays one text a unit)."""
    kinds = [(bool(s), bool(t)) for s, t in path]
    out = []
    for k, kind in enumerate(kinds):
        if all(kind):
            out.append(True)
            continue
        window = kinds[max(0, k - reach):k + reach + 1]
        out.append(any(w != kind for w in window))
    return out


def align_documents(src: Document, tgt: Document, embed: Embed, config: AlignConfig = AlignConfig(),
                    *, match_text: Callable[[str], str] | None = None, model: str = "",
                    band: Band | None = None) -> Alignment:
    """Align two documents of units; ``match_text`` maps a unit's text to the text that is embedded."""
    mt = match_text or (lambda t: t)
    path, scores, timings = align_units([mt(t) for t in src.texts], [mt(t) for t in tgt.texts],
                                        embed, config, band,
                                        ([u.kind == "furniture" for u in src.segments],
                                         [u.kind == "furniture" for u in tgt.segments]),
                                        ([u.follows for u in src.segments], [u.follows for u in tgt.segments]))
    beads = tuple(Bead(s, t, sc) for (s, t), sc in zip(path, scores))
    return Alignment(src, tgt, detach_furniture(beads, src, tgt, config.furniture_pair), model, timings)


def detach_furniture(beads: Sequence[Bead], src: Document, tgt: Document,
                     furniture_pair: float) -> tuple[Bead, ...]:
    """Page furniture (a header, a byline) at the edge of a bead that also holds content on the same
    side is not part of that translation: it becomes a bead of its own with no counterpart; so does
    furniture paired with content below ``furniture_pair``, and, between paragraphs, furniture paired
    with furniture (a site's running header with its translation: not the article's text; lines
    without a word, such as list numbers, still pair with each other)."""
    out: list[Bead] = []
    for b in beads:
        if not (b.src and b.tgt):
            out.append(b)
            continue
        fs = all(src[i].kind == "furniture" for i in b.src)
        ft = all(tgt[j].kind == "furniture" for j in b.tgt)
        if (fs != ft and b.score < furniture_pair) or (fs and ft and src.level == "paragraph"):
            # furniture paired with content without clear evidence: the gap pass pairs leftovers on
            # the premise that they translate each other loosely, which is not furniture's case, and a
            # menu or footer can come close enough to a short line of content by chance; a running
            # header paired with its translation is no part of a parallel corpus of the articles
            out += [Bead((i,), (), 0.5) for i in b.src] + [Bead((), (j,), 0.5) for j in b.tgt]
            continue
        head: list[Bead] = []
        tail: list[Bead] = []
        s, t = list(b.src), list(b.tgt)
        for units, doc, one_sided in ((s, src, lambda i: Bead((i,), (), 0.5)),
                                      (t, tgt, lambda j: Bead((), (j,), 0.5))):
            if all(doc[i].kind == "furniture" for i in units):
                continue
            while doc[units[0]].kind == "furniture":
                head.append(one_sided(units.pop(0)))
            while doc[units[-1]].kind == "furniture":
                tail.insert(0, one_sided(units.pop()))
        out += head + [Bead(tuple(s), tuple(t), b.score)] + tail
    return tuple(out)
