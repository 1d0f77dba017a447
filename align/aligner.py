"""Align stage: score candidate beads from embeddings and find the best path with :mod:`align.dp`.

The value of a bead with both sides is ``q - threshold - merge_penalty * (n + m - 2)`` where

* ``q = margin - length_weight * delta**2`` (see :func:`bead_quality`),
* ``margin`` is the cosine of the two sides' embeddings (a side of several units is embedded as the
  concatenation of their texts) minus the mean of the two sides' k-nearest-neighbour cosines: a
  "hub" unit that is close to everything gains nothing from it (margin scoring, Artetxe & Schwenk 2019);
* ``delta`` is the log ratio of the target's length to the source's, corrected by the document's own
  length ratio;
* ``threshold`` is set per document pair, between the typical quality of a unit's best match and of
  an arbitrary pair, so the cost of leaving a unit unaligned adapts to the model, language pair and
  domain.  Leaving a unit unaligned is worth 0.

Bead scores in [0, 1] are ``sigmoid(sharpness * (q - threshold) / spread)``: 0.5 on the threshold.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable

import numpy as np

from . import dp
from .model import Alignment, Bead, Document

Embed = Callable[[list[str]], np.ndarray]


@dataclass(frozen=True)
class AlignConfig:
    """Knobs of the aligner; the defaults are tuned on the development sets (see bench/RESULTS.md)."""

    max_bead: int = 4            # largest bead with both sides: n + m <= max_bead
    knn: int = 4                 # neighbours in the margin (hub) correction
    length_weight: float = 0.03  # weight of the squared, spread-normalised log length ratio
    threshold: float = 0.45      # position of the skip threshold between arbitrary and best pairs
    merge_penalty: float = 0.0   # cost of each unit beyond the first on either side of a bead
    sharpness: float = 4.0       # slope of the score sigmoid, in units of the document's spread
    min_length_sigma: float = 0.3  # floor of the learned spread of log length ratios
    gap_threshold: float = -0.3  # threshold inside a gap holding units of both sides (_fill_gaps)

    def with_(self, **kw) -> "AlignConfig":
        return replace(self, **kw)


def _blocks(doc: Document, size: int) -> list[str]:
    texts = doc.texts
    return [" ".join(texts[i:i + size]) for i in range(len(texts) - size + 1)]


def _knn_mean(sim: np.ndarray, k: int) -> np.ndarray:
    """Mean of the k largest values of each row."""
    k = max(1, min(k, sim.shape[1]))
    part = np.partition(sim, sim.shape[1] - k, axis=1)[:, -k:]
    return part.mean(axis=1)


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


class BeadScorer:
    """Embeds the candidate blocks of two documents and scores beads between them."""

    def __init__(self, src: Document, tgt: Document, embed: Embed, config: AlignConfig,
                 src_texts: list[str] | None = None, tgt_texts: list[str] | None = None) -> None:
        self.config = c = config
        side = c.max_bead - 1
        self.types = dp.bead_types(c.max_bead)
        sizes_s = sorted({n for n, m in self.types if n})
        sizes_t = sorted({m for n, m in self.types if m})
        src_doc = _with_texts(src, src_texts)
        tgt_doc = _with_texts(tgt, tgt_texts)
        self.S = {n: embed(_blocks(src_doc, n)) for n in sizes_s if n <= min(side, len(src))}
        self.T = {m: embed(_blocks(tgt_doc, m)) for m in sizes_t if m <= min(side, len(tgt))}
        self.types = [(n, m) for n, m in self.types
                      if (n == 0 or n in self.S) and (m == 0 or m in self.T)]
        # character lengths of blocks, from prefix sums
        ls = np.array([len(t) for t in src_doc.texts], dtype=np.float64)
        lt = np.array([len(t) for t in tgt_doc.texts], dtype=np.float64)
        self.cs = np.concatenate([[0.0], np.cumsum(ls + 1)])
        self.ct = np.concatenate([[0.0], np.cumsum(lt + 1)])
        self.ratio, self.len_sigma = self._length_stats(ls, lt)
        # hub correction: each block's mean cosine to its k nearest units on the other side
        self.hub_s = {n: _knn_mean(E @ self.T[1].T, c.knn) for n, E in self.S.items()}
        self.hub_t = {m: _knn_mean(E @ self.S[1].T, c.knn) for m, E in self.T.items()}
        q11 = self.quality(1, 1, np.arange(len(src))[:, None], np.arange(len(tgt))[None, :])
        self.q11 = q11
        best = np.concatenate([q11.max(axis=1), q11.max(axis=0)])
        self.typical_best = float(np.median(best))
        self.typical_any = float(np.median(q11))
        self.spread = max(self.typical_best - self.typical_any, 1e-3)
        self.threshold = self.typical_any + c.threshold * self.spread

    def quality(self, n: int, m: int, i0, j0) -> np.ndarray:
        """``q`` of beads (source i0..i0+n-1, target j0..j0+m-1); i0 and j0 broadcast."""
        i0 = np.asarray(i0)
        j0 = np.asarray(j0)
        cos = np.einsum("...d,...d->...", self.S[n][i0], self.T[m][j0])
        margin = cos - 0.5 * (self.hub_s[n][i0] + self.hub_t[m][j0])
        ls = self.cs[i0 + n] - self.cs[i0]
        lt = self.ct[j0 + m] - self.ct[j0]
        delta = np.log((lt + 20.0) / (self.ratio * ls + 20.0)) / self.len_sigma
        return margin - self.config.length_weight * delta ** 2

    def _length_stats(self, ls: np.ndarray, lt: np.ndarray) -> tuple[float, float]:
        """Length ratio and spread of the log ratio, learned from the document's confident pairs.

        Confident pairs are mutual nearest neighbours by cosine; with fewer than 3 of them the whole
        documents' length ratio and a broad spread are used.
        """
        cos = self.S[1] @ self.T[1].T
        fwd, bwd = cos.argmax(axis=1), cos.argmax(axis=0)
        mutual = [(i, j) for i, j in enumerate(fwd) if bwd[j] == i]
        if len(mutual) < 3:
            return float((lt.sum() + 1) / (ls.sum() + 1)), 0.5
        d = np.array([np.log((lt[j] + 20.0) / (ls[i] + 20.0)) for i, j in mutual])
        med = float(np.median(d))
        mad = float(np.median(np.abs(d - med))) * 1.4826
        return float(np.exp(med)), max(mad, self.config.min_length_sigma)

    def value(self, n: int, m: int, i0: int, j0s: np.ndarray) -> np.ndarray:
        q = self.quality(n, m, i0, j0s)
        return q - self.threshold - self.config.merge_penalty * (n + m - 2)

    def gap_value(self, i_off: int, j_off: int, n_src: int, n_tgt: int) -> dp.ValueFn:
        """Bead values inside a gap (source i_off.., target j_off..) with the lower gap threshold."""
        thr = self.typical_any + self.config.gap_threshold * self.spread

        def value(n: int, m: int, i0: int, j0s: np.ndarray) -> np.ndarray:
            q = self.quality(n, m, i0 + i_off, j0s + j_off)
            return q - thr - self.config.merge_penalty * (n + m - 2)

        return value

    def score(self, q) -> np.ndarray:
        return _sigmoid(self.config.sharpness * (np.asarray(q) - self.threshold) / self.spread)


def _with_texts(doc: Document, texts: list[str] | None) -> Document:
    if texts is None:
        return doc
    segs = tuple(replace(s, text=t) for s, t in zip(doc.segments, texts))
    return replace(doc, segments=segs)


def _fill_gaps(path, scorer: BeadScorer):
    """Re-align each run of unaligned units that holds units of both sides, with a lower threshold.

    A source paragraph and a target paragraph left over at the same place between two aligned beads
    are far more often a loose translation of each other than an omission next to an addition, so
    inside such a gap a weaker match is accepted (``AlignConfig.gap_threshold``).
    """
    out: list = []
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
        if src and tgt:
            i0, j0 = min(src), min(tgt)
            types = [(n, m) for n, m in scorer.types if n <= len(src) and m <= len(tgt)]
            sub = dp.best_path(len(src), len(tgt), types, scorer.gap_value(i0, j0, len(src), len(tgt)))
            out.extend((tuple(i + i0 for i in s), tuple(j + j0 for j in t)) for s, t in sub)
        else:
            out.extend(run)
        k = end
    return out


def align_documents(src: Document, tgt: Document, embed: Embed, config: AlignConfig = AlignConfig(),
                    *, match_text: Callable[[str], str] | None = None, model: str = "") -> Alignment:
    """Align two documents of units; ``match_text`` maps a unit's text to the text that is embedded."""
    import time

    spent = [0.0]

    def timed_embed(texts: list[str]) -> np.ndarray:
        t = time.perf_counter()
        out = embed(texts)
        spent[0] += time.perf_counter() - t
        return out

    t0 = time.perf_counter()
    mt = match_text or (lambda t: t)
    scorer = BeadScorer(src, tgt, timed_embed, config,
                        [mt(t) for t in src.texts], [mt(t) for t in tgt.texts])
    path = _fill_gaps(dp.best_path(len(src), len(tgt), scorer.types, scorer.value), scorer)
    beads = []
    for s, t in path:
        if s and t:
            score = float(scorer.score(scorer.quality(len(s), len(t), s[0], t[0])))
        else:  # how far below the threshold the unit's best 1-1 match is
            best = scorer.q11[s[0]].max() if s else scorer.q11[:, t[0]].max()
            score = float(scorer.score(2 * scorer.threshold - best))
        beads.append(Bead(s, t, score))
    total = time.perf_counter() - t0
    return Alignment(src, tgt, tuple(beads), model, {"embed_s": spent[0], "align_s": total - spent[0]})
