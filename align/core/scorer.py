"""Align stage: score candidate beads from embeddings and find the best path with :mod:`align.core.dp`.

The value of a bead with both sides is ``q - bead_cost - merge_penalty * (n + m - 2)`` where

* ``q = margin - length_weight * (delta / sigma) ** 2`` (:meth:`BeadScorer.quality`);
* ``margin`` is the cosine of the two sides' embeddings minus the mean of the two sides' cosines to
  their k nearest neighbours on the other side: a "hub" unit that is close to everything gains nothing
  from it (margin scoring, Artetxe & Schwenk 2019);
* ``delta`` is the log ratio of the target's length to the source's, corrected by the document pair's own
  length ratio, and ``sigma`` the spread of that log ratio, both learned from the pair's confident
  (mutual nearest neighbour) matches;
* ``threshold`` is set per document pair between the typical quality of an arbitrary pair and of a
  unit's best match, so the cost of leaving a unit unaligned adapts to the model, language pair and
  domain: where a bead's quality is as likely under translations as under arbitrary pairs, weighed
  by the prior odds of no counterpart (``AlignConfig.null_prior``);
* ``bead_cost`` is the same point for the prior ``AlignConfig.bead_prior`` (0: the threshold itself),
  and leaving a unit unaligned is worth ``(threshold - bead_cost) / 2``: a 1-1 bead still beats leaving
  both units alone exactly above the threshold, while the cost of each bead decides between one bead
  and two finer ones (a higher ``bead_cost`` favours the coarser bead where sentence boundaries cross).

A side of several units is first scored with the length-weighted mean of its units' embeddings; the
concatenated text is embedded for real only for the blocks around beads the first search was not sure of
(:meth:`BeadScorer.refine`), so a document costs little more than one embedding per unit.

Everything is computed inside a band ``lo[i] <= j <= hi[i]`` (the whole matrix for ordinary documents; a
corridor from a coarse pass or from the paragraph alignment for long ones), in time and memory linear
in the number of units times the band's width.

Bead scores in [0, 1] are ``sigmoid(sharpness * (q - threshold) / spread)``: 0.5 on the threshold.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Sequence

import numpy as np

from . import anchors, dp
from .config import AlignConfig
from .vectors import Band, Embed, flag_sums, normalise, sigmoid, windows_of_columns

Block = tuple[str, int, int]  # (side "s" or "t", first unit, number of units)
Path = list[tuple[tuple[int, ...], tuple[int, ...]]]

# Reference translations (English, Arabic): a model's cosines between them and between mismatched ones
# stand for "a translation" and "an arbitrary pair" when a document has too few units to tell.
REFERENCE_PAIRS = (
    ("The meeting will start at nine in the morning.", "سيبدأ الاجتماع في الساعة التاسعة صباحا."),
    ("Food prices rose sharply last year.", "ارتفعت أسعار الغذاء بشكل حاد في العام الماضي."),
    ("The children played football in the park.", "لعب الأطفال كرة القدم في الحديقة."),
    ("The government announced a new plan to build schools.", "أعلنت الحكومة عن خطة جديدة لبناء المدارس."),
    ("Heavy rain caused flooding in several villages.", "تسببت الأمطار الغزيرة في فيضانات في عدة قرى."),
    ("She wrote a long letter to her brother.", "كتبت رسالة طويلة إلى أخيها."),
    ("The hospital needs more doctors and nurses.", "يحتاج المستشفى إلى مزيد من الأطباء والممرضين."),
    ("The company opened a new factory near the city.", "افتتحت الشركة مصنعا جديدا بالقرب من المدينة."),
    ("Scientists discovered a new species of fish.", "اكتشف العلماء نوعا جديدا من الأسماك."),
    ("The train was delayed for two hours.", "تأخر القطار لمدة ساعتين."),
    ("Farmers are worried about the lack of water.", "يشعر المزارعون بالقلق من نقص المياه."),
    ("The museum is closed on Mondays.", "المتحف مغلق أيام الاثنين."),
)


def reference_cosines(embed: Embed) -> tuple[float, float]:
    """Median cosine of mismatched and of matching :data:`REFERENCE_PAIRS` under ``embed``'s model."""
    E = normalise(np.asarray(embed([e for e, _ in REFERENCE_PAIRS] + [a for _, a in REFERENCE_PAIRS])))
    n = len(REFERENCE_PAIRS)
    C = E[:n] @ E[n:].T
    return float(np.median(C[~np.eye(n, dtype=bool)])), float(np.median(np.diag(C)))


def mean_blocks(E: np.ndarray, lengths: np.ndarray, n: int) -> np.ndarray:
    """Embeddings of the blocks of ``n`` units: the length-weighted mean of their units' embeddings."""
    if n == 1:
        return E
    w = np.sqrt(lengths + 1.0)[:, None] * E
    csum = np.concatenate([np.zeros((1, E.shape[1])), np.cumsum(w, axis=0)])
    return normalise(csum[n:] - csum[:-n]).astype(np.float32)


def hub_means(E: np.ndarray, F: np.ndarray, win: Band, k: int, rows: np.ndarray | None = None) -> np.ndarray:
    """Mean of the ``k`` largest cosines of each row of ``E`` to ``F[win_lo:win_hi]`` (0 when ``k`` is 0)."""
    w_lo, w_hi = win
    rows = np.arange(len(E)) if rows is None else rows
    out = np.zeros(len(rows))
    if k <= 0:  # no hub correction: plain cosines
        return out
    a = 0
    while a < len(rows):
        # at most 256 rows whose windows together span at most 1,024 columns: the scattered rows of
        # refine() must not turn one chunk into a product with the whole other document
        b = min(a + 256, len(rows))
        while b - a > 1 and int(w_hi[rows[a:b]].max()) - int(w_lo[rows[a:b]].min()) > 1024:
            b = a + (b - a) // 2
        r = rows[a:b]
        c0, c1 = int(w_lo[r].min()), int(w_hi[r].max())
        if c1 > c0:
            sim = E[r] @ F[c0:c1].T
            cols = np.arange(c0, c1)
            sim[(cols[None, :] < w_lo[r, None]) | (cols[None, :] >= w_hi[r, None])] = -np.inf
            kk = min(k, c1 - c0)
            part = -np.partition(-sim, kk - 1, axis=1)[:, :kk]  # the k largest, in any order
            part[~np.isfinite(part)] = np.nan
            with np.errstate(all="ignore"):
                out[a:b] = np.nan_to_num(np.nanmean(part, axis=1))
        a = b
    return out


def band_maxima(fn: Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray], lo: np.ndarray, hi: np.ndarray,
                N: int, M: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Row and column maxima (and their positions) of ``fn(i, j, _)`` over the band's 1-1 cells."""
    row_best = np.full(N, -np.inf)
    row_arg = np.zeros(N, dtype=np.int64)
    col_best = np.full(M, -np.inf)
    col_arg = np.zeros(M, dtype=np.int64)
    lo, hi = lo[:N], np.minimum(hi[1:N + 1], M)  # unit i sits between rows i and i+1
    lo = np.minimum(lo, np.maximum(hi - 1, 0))
    for a in range(0, N, 256):
        r = np.arange(a, min(N, a + 256))
        c0, c1 = int(lo[r].min()), int(hi[r].max())
        cols = np.arange(c0, c1)
        vals = fn(r[:, None], cols[None, :], np.zeros(1))
        vals = np.where((cols[None, :] < lo[r, None]) | (cols[None, :] >= hi[r, None]), -np.inf, vals)
        row_best[r] = vals.max(axis=1)
        row_arg[r] = c0 + vals.argmax(axis=1)
        cm, ca = vals.max(axis=0), r[0] + vals.argmax(axis=0)
        better = cm > col_best[c0:c1]
        col_best[c0:c1][better] = cm[better]
        col_arg[c0:c1][better] = ca[better]
    return row_best, row_arg, col_best, col_arg


@dataclass
class Side:
    """One document's units as the scorer sees them (the source or the target side of the pair).

    Per-size tables are keyed by the number of units of a block and hold one row per first unit."""

    name: str                  # "s" (source) or "t" (target)
    texts: list[str]
    vecs: np.ndarray           # (units, dim) unit embeddings
    lengths: np.ndarray        # characters per unit
    follows: np.ndarray        # 1 where a unit is a piece following a piece of the same paragraph
    furniture: set[int]        # units that are page furniture
    window: Band               # per unit: the other side's units its hub correction looks at
    skip: np.ndarray = field(default_factory=lambda: np.zeros(0))  # value of leaving each unit unaligned
    blocks: dict[int, np.ndarray] = field(default_factory=dict)     # block embeddings
    exact: set[tuple[int, int]] = field(default_factory=set)       # (first, size) embedded for real
    hubs: dict[int, np.ndarray] = field(default_factory=dict)       # mean cosine to the k nearest others
    anchors: dict[int, np.ndarray] = field(default_factory=dict)    # anchor counts (empty: not used)
    furn_sums: dict[int, np.ndarray] = field(default_factory=dict)  # furniture units (empty: none)
    links: dict[int, np.ndarray] = field(default_factory=dict)      # pieces following a piece inside
    best: np.ndarray = field(default_factory=lambda: np.zeros(0))   # best 1-1 quality of each unit

    def __post_init__(self) -> None:
        self.cum = np.concatenate([[0.0], np.cumsum(self.lengths + 1)])  # characters before each unit

    def __len__(self) -> int:
        return len(self.texts)

    def text(self, i: int, n: int) -> str:
        return " ".join(self.texts[i:i + n])

    def chars(self, i0, n: int):
        return self.cum[i0 + n] - self.cum[i0]

    def block_window(self, n: int) -> Band:
        a, b = self.window
        starts = np.arange(len(self) - n + 1)
        return a[starts], b[np.minimum(starts + n, len(self))]

    def prepare(self, sizes: Sequence[int], config: AlignConfig, anchor_counts: np.ndarray | None,
                furniture: np.ndarray, soft: bool) -> None:
        """The per-size tables that do not depend on the other side's blocks."""
        self.blocks = {n: mean_blocks(self.vecs, self.lengths, n) for n in sizes}
        if anchor_counts is not None:
            self.anchors = {n: anchors.block_sums(anchor_counts, n) for n in sizes}
        if self.furniture:
            self.furn_sums = {n: flag_sums(furniture, n) for n in sizes}
        if soft:
            self.links = {n: flag_sums(self.follows, n) - self.follows[:len(self) - n + 1] for n in sizes}


def _side(name: str, texts: Sequence[str], vecs: np.ndarray, follows, furniture) -> tuple[Side, np.ndarray]:
    n = len(texts)
    flags = np.asarray(furniture if furniture is not None else np.zeros(n), dtype=np.float64)
    side = Side(name, list(texts), vecs, np.array([len(t) for t in texts], dtype=np.float64),
                np.asarray(follows if follows is not None else np.zeros(n), dtype=np.int64),
                set(np.flatnonzero(flags).tolist()), (np.zeros(0, np.int64), np.zeros(0, np.int64)))
    return side, flags


class BeadScorer:
    """Embeddings, statistics and bead values for two documents of ``N`` and ``M`` units."""

    def __init__(self, src_texts: Sequence[str], tgt_texts: Sequence[str], embed: Embed,
                 config: AlignConfig, band: Band | None = None,
                 src_vecs: np.ndarray | None = None, tgt_vecs: np.ndarray | None = None,
                 furniture: tuple[Sequence[bool], Sequence[bool]] | None = None,
                 follows: tuple[Sequence[bool], Sequence[bool]] | None = None) -> None:
        self.embed = embed
        self.N, self.M = N, M = len(src_texts), len(tgt_texts)
        # too few pairs of units to learn what an arbitrary pair and a translation look like: plain
        # cosines, placed by the model's cosines on reference sentences instead (_thresholds)
        # (one side of one or two units: its partner's best matches are no best matches, only pairings)
        self.tiny = N * M < config.tiny_cells or min(N, M) < 3
        self.config = c = config.with_(knn=0) if self.tiny else config
        lo, hi = band if band is not None else dp.full_band(N, M)
        self.lo, self.hi = np.asarray(lo, dtype=np.int64), np.asarray(hi, dtype=np.int64)
        es = src_vecs if src_vecs is not None else embed(list(src_texts))
        et = tgt_vecs if tgt_vecs is not None else embed(list(tgt_texts))
        self.src, f_s = _side("s", src_texts, es, follows[0] if follows else None, furniture[0] if furniture else None)
        self.tgt, f_t = _side("t", tgt_texts, et, follows[1] if follows else None, furniture[1] if furniture else None)
        s, t = self.src, self.tgt
        # pieces of one paragraph cut at soft boundaries (align.core.soft) count as one unit towards
        # max_bead: a bead may join up to soft_extra more units where they are such pieces
        self.soft = bool(s.follows.any() or t.follows.any())
        largest = c.max_bead + (c.soft_extra if self.soft else 0)
        self.types = [(n, m) for n, m in dp.bead_types(largest) if n <= N and m <= M]
        a_s, a_t = anchors.anchor_counts(s.texts, t.texts) if c.anchor_weight else (None, None)
        s.prepare(sorted({n for n, _ in self.types if n}), c, a_s, f_s, self.soft)
        t.prepare(sorted({m for _, m in self.types if m}), c, a_t, f_t, self.soft)
        # windows of the hub correction: the band, widened
        w = c.hub_window
        s.window = (np.maximum(self.lo - w, 0), np.minimum(self.hi + w, M))
        first, last = windows_of_columns(self.lo, self.hi, M)
        t.window = (np.maximum(first - w, 0), np.minimum(last + w, N))
        for side, other in ((s, t), (t, s)):
            side.hubs = {n: hub_means(E, other.vecs, side.block_window(n), c.knn) for n, E in side.blocks.items()}
        self.ratio, self.len_sigma = self._length_stats()
        self._thresholds()
        # value of leaving a unit unaligned: a 1-1 bead beats leaving both its units alone exactly where
        # its quality is above the threshold, whatever each bead costs
        s.skip = np.full(N, (self.threshold - self.bead_cost) / 2)
        t.skip = np.full(M, (self.threshold - self.bead_cost) / 2)
        self._posteriors: tuple[np.ndarray, np.ndarray] | None = None
        # page furniture (headers, bylines, footers) is paired with content only on clear evidence (a
        # score of furniture_pair), and left out of the gap pass and of absorption
        logit = float(np.log(c.furniture_pair / (1 - c.furniture_pair)))
        self.q_furniture = self.threshold + self.spread * logit / c.sharpness  # score(q_furniture) = furniture_pair

    # ---- embeddings of blocks ----
    def embed_blocks(self, keys) -> list[Block]:
        """Embed, in one model call, the real concatenations of the blocks ``(side, first, size)`` of
        several units that are not exact yet (one call per block costs ~20x more per text: the model's
        per-call overhead); returns the blocks embedded.

        Their hub terms are left as they are (those of their units' mean): :meth:`refine` recomputes
        those of the blocks it embeds. The blocks the absorb pass embeds around units left out keep
        theirs into the second search, a lower bar to joining such a unit to its neighbour; on the
        development sets this is what the pass brings the default model (``bench/RESULTS.md``,
        Generalize note 12)."""
        sides = {"s": self.src, "t": self.tgt}
        todo = sorted({key for key in keys if key[2] > 1 and key[1:] not in sides[key[0]].exact})
        if not todo:
            return []
        for (name, i, n), vec in zip(todo, self.embed([sides[name].text(i, n) for name, i, n in todo])):
            sides[name].blocks[n][i] = vec
            sides[name].exact.add((i, n))
        return todo

    def refine(self, beads: Sequence[tuple[tuple[int, ...], tuple[int, ...], float]]) -> int:
        """Embed the real concatenations of the blocks near uncertain beads (and update their hub
        terms); returns how many."""
        want: list[Block] = []
        for s, t, score in beads:
            if score >= self.config.refine_below and len(s) == 1 and len(t) == 1:
                continue
            for idx, side in ((s, self.src), (t, self.tgt)):
                if not idx:
                    continue
                if len(idx) > 1:  # the bead itself
                    want.append((side.name, idx[0], len(idx)))
                for n in side.blocks:
                    if n == 1 or n > 3:  # neighbouring blocks: small merges only
                        continue
                    want += [(side.name, i, n) for i in range(idx[0] - n + 1, idx[-1] + 1) if 0 <= i <= len(side) - n]
        done = self.embed_blocks(want)
        for side, other in ((self.src, self.tgt), (self.tgt, self.src)):
            mine = [(i, n) for name, i, n in done if name == side.name]
            for n in {size for _, size in mine}:
                rows = np.array([i for i, size in mine if size == n])
                side.hubs[n][rows] = hub_means(side.blocks[n], other.vecs, side.block_window(n), self.config.knn, rows)
        return len(done)

    def cos(self, s: tuple[int, ...], t: tuple[int, ...]) -> float:
        """Cosine of the real (embedded) texts of a bead's two sides."""
        for key in (("s", s[0], len(s)), ("t", t[0], len(t))):
            self.embed_blocks([key])
        return float(self.src.blocks[len(s)][s[0]] @ self.tgt.blocks[len(t)][t[0]])

    def unhubbed_q(self, s: tuple[int, ...], t: tuple[int, ...]) -> float:
        """``q`` of a two-sided bead from the real texts without the hub correction: the cosine with the
        length and anchor terms (a long block is close to everything, so its hub term depresses it)."""
        self.cos(s, t)  # the real texts embedded
        return float(self.quality(len(s), len(t), s[0], t[0], hub=False))

    @property
    def exact_blocks(self) -> int:
        return len(self.src.exact) + len(self.tgt.exact)

    # ---- statistics of the document pair ----
    def _length_stats(self) -> tuple[float, float]:
        """Length ratio (from the mutual nearest neighbours or the totals, ``ratio_from_totals``) and the
        spread of the log ratio around it, learned from the mutual nearest neighbours."""
        s, t = self.src, self.tgt
        cos11 = lambda i, j, _: np.einsum("...d,...d->...", s.vecs[i], t.vecs[j])  # noqa: E731
        _, fwd, _, bwd = band_maxima(cos11, self.lo, self.hi, self.N, self.M)
        mutual = np.array([i for i in range(self.N) if bwd[fwd[i]] == i], dtype=np.int64)
        totals = float((t.lengths.sum() + 1) / (s.lengths.sum() + 1))
        if len(mutual) < 3:
            # too few confident pairs: the two documents' total lengths, unless one side is only a unit or
            # two (a headline against a whole article: no evidence of the ratio at all)
            return (1.0 if self.tiny else totals), 0.5
        lt, ls = t.lengths[fwd[mutual]], s.lengths[mutual]
        if self.config.ratio_from_totals:
            # the ratio of the two documents' total lengths, the spread from the confident pairs around it:
            # the confident pairs are mostly 1-1, and where merges are common (free translation, a script
            # as dense as Chinese) their own ratio is biased against the merges
            ratio = totals
            d = np.log((lt + 20.0) / (ratio * ls + 20.0))
            mad = float(np.median(np.abs(d - np.median(d)))) * 1.4826
            return ratio, max(mad, self.config.min_length_sigma)
        d = np.log((lt + 20.0) / (ls + 20.0))
        med = float(np.median(d))
        mad = float(np.median(np.abs(d - med))) * 1.4826
        return float(np.exp(med)), max(mad, self.config.min_length_sigma)

    def _thresholds(self) -> None:
        q = lambda i, j, _: self.quality(1, 1, i, j)  # noqa: E731
        self.src.best, _, self.tgt.best, _ = band_maxima(q, self.lo, self.hi, self.N, self.M)
        if self.tiny:
            self.typical_any, self.typical_best = reference_cosines(self.embed)
        else:
            rng = np.random.default_rng(0)
            k = min(20000, self.N * self.M)
            any_q = self.quality(1, 1, rng.integers(0, self.N, k), rng.integers(0, self.M, k))
            best = np.concatenate([self.src.best, self.tgt.best])
            best = best[np.isfinite(best)]
            self.typical_best = float(np.median(best)) if len(best) else 0.0
            self.typical_any = float(np.median(any_q))
            self.any_sigma = float(np.median(np.abs(any_q - self.typical_any))) * 1.4826  # robust sd
        self.spread = max(self.typical_best - self.typical_any, 1e-3)
        self.threshold = self.typical_any + self.config.threshold * self.spread
        self.bead_cost = self.threshold
        c = self.config
        if 0 < c.null_prior < 1 and not self.tiny:
            self.threshold = self._prior_threshold(c.null_prior)
            self.bead_cost = self._prior_threshold(c.bead_prior) if 0 < c.bead_prior < 1 else self.threshold

    def _prior_threshold(self, p: float) -> float:
        """The quality at which a bead is as likely a translation as an arbitrary pair, weighed by the
        prior odds ``p / (1 - p)``.

        Qualities of translations ~ N(typical_best, s), of arbitrary pairs ~ N(typical_any, s), with s the
        arbitrary pairs' own spread: the log likelihood ratio of a bead of quality q is
        spread * (q - midpoint) / s**2. A model that tells translations from arbitrary pairs well (s small
        against the spread) puts the threshold near the midpoint; a weak one (a language or genre the
        model barely knows) lowers it, so that a weak match is not called an omission on the model's
        word alone."""
        frac = 0.5 + np.log(p / (1 - p)) * (self.any_sigma / self.spread) ** 2
        return float(self.typical_any + frac * self.spread)

    # ---- bead values ----
    def quality(self, n: int, m: int, i0, j0, hub: bool = True) -> np.ndarray:
        """``q`` of beads (source i0..i0+n-1, target j0..j0+m-1); i0 and j0 broadcast. ``hub=False``: the
        cosine without the hub correction, with the other terms."""
        i0 = np.asarray(i0)
        j0 = np.asarray(j0)
        cos = np.einsum("...d,...d->...", self.src.blocks[n][i0], self.tgt.blocks[m][j0])
        return self._combine(n, m, i0, j0, cos, j0, hub)

    def quality_row(self, n: int, m: int, i0: int, j0s: np.ndarray) -> np.ndarray:
        """:meth:`quality` of one source block and a run of target starts (one DP row): contiguous starts
        (always, inside a band) are a slice, and the cosines a matrix-vector product instead of a gather
        of ``len(j0s)`` embedding rows."""
        j0s = np.asarray(j0s)
        j = slice(int(j0s[0]), int(j0s[-1]) + 1) if len(j0s) and j0s[-1] - j0s[0] + 1 == len(j0s) else j0s
        return self._combine(n, m, i0, j0s, self.tgt.blocks[m][j] @ self.src.blocks[n][i0], j)

    def _combine(self, n: int, m: int, i0, j0, cos: np.ndarray, j, hub: bool = True) -> np.ndarray:
        """``q`` from the cosines: margin, length and signal terms (``j`` indexes the target rows)."""
        s, t = self.src, self.tgt
        margin = cos - 0.5 * (s.hubs[n][i0] + t.hubs[m][j]) if hub else cos
        delta = np.log((t.chars(j0, m) + 20.0) / (self.ratio * s.chars(i0, n) + 20.0)) / self.len_sigma
        q = margin - self.config.length_weight * delta ** 2
        if s.anchors:
            q = q + self.config.anchor_weight * anchors.mismatch(s.anchors[n][i0], t.anchors[m][j])
        return q

    def _within_max_bead(self, n, m, ks, kt):
        """Whether beads of ``n`` and ``m`` units holding ``ks`` and ``kt`` links are within max_bead."""
        side, n, m = self.config.max_bead - 1, n - ks, m - kt
        return (n <= side) & (m <= side) & (n + m <= self.config.max_bead)

    def value_fn(self, threshold: float, i_off: int = 0, j_off: int = 0) -> dp.ValueFn:
        """The DP's value of beads (``q`` above ``threshold``) in a sub-problem starting at the offsets."""
        pen = self.config.merge_penalty
        s, t = self.src, self.tgt

        def value(n: int, m: int, i0: int, j0s: np.ndarray) -> np.ndarray:
            q = self.quality_row(n, m, i0 + i_off, j0s + j_off)
            if s.furn_sums or t.furn_sums:
                q = self._furniture_cap(n, m, i0 + i_off, j0s + j_off, q)
            if self.soft:
                ks, kt = s.links[n][i0 + i_off], t.links[m][j0s + j_off]
                q = np.where(self._within_max_bead(n, m, ks, kt), q, -np.inf)
            return q - threshold - pen * (n + m - 2)

        return value

    def _furniture_cap(self, n: int, m: int, i0: int, j0s: np.ndarray, q: np.ndarray) -> np.ndarray:
        """``q`` of beads pairing furniture only with content only, below ``furniture_pair``: barred."""
        fs = self.src.furn_sums[n][i0] if self.src.furn_sums else 0.0
        ft = self.tgt.furn_sums[m][j0s] if self.tgt.furn_sums else np.zeros(len(j0s))
        mixed = (ft == m) if fs == 0 else (ft == 0) if fs == n else np.zeros(len(j0s), dtype=bool)
        return np.where(mixed & (q < self.q_furniture), -np.inf, q)

    def fits(self, s: tuple[int, ...], t: tuple[int, ...]) -> bool:
        """Whether the bead ``(s, t)`` is within max_bead (a paragraph's pieces counting as one)."""
        if len(s) + len(t) > self.config.max_bead + (self.config.soft_extra if self.soft else 0):
            return False
        ks, kt = sum(self.src.follows[i] for i in s[1:]), sum(self.tgt.follows[j] for j in t[1:])
        return bool(self._within_max_bead(len(s), len(t), ks, kt))

    def pair_q(self, s: tuple[int, ...], t: tuple[int, ...]) -> float:
        """``q`` of a two-sided bead less its merge penalty; ``-inf`` when it is not a bead."""
        if not s or not t or not self.fits(s, t):
            return -np.inf
        return float(self.quality(len(s), len(t), s[0], t[0])) - self.config.merge_penalty * (len(s) + len(t) - 2)

    # ---- scores ----
    def score(self, q) -> np.ndarray:
        return sigmoid(self.config.sharpness * (np.asarray(q) - self.threshold) / self.spread)

    def bead_score(self, s: tuple[int, ...], t: tuple[int, ...]) -> float:
        """Score of a two-sided bead; of a one-sided bead out of context (see :meth:`path_scores`)."""
        if s and t:
            return float(self.score(self.quality(len(s), len(t), s[0], t[0])))
        best = self.src.best[s[0]] if s else self.tgt.best[t[0]]
        best = best if np.isfinite(best) else self.typical_any
        return float(self.score(2 * self.threshold - best))

    def skip_posteriors(self) -> tuple[np.ndarray, np.ndarray]:
        """Probability that each source / target unit is left unaligned, over all paths of the DP's values
        weighted by ``exp(posterior_sharpness * value / spread)``, or by ``exp(value / (posterior_noise *
        s))`` with ``s`` the arbitrary pairs' robust spread (:func:`align.core.dp.posteriors`)."""
        if self._posteriors is None:
            c = self.config
            noisy = c.posterior_noise > 0 and not self.tiny and self.any_sigma > 0
            temperature = c.posterior_noise * self.any_sigma if noisy else self.spread / c.posterior_sharpness
            self._posteriors = dp.posteriors(self.N, self.M, self.types, self.value_fn(self.bead_cost),
                                             self.src.skip, self.tgt.skip, (self.lo, self.hi), temperature)
        return self._posteriors

    def path_scores(self, path: Path) -> list[float]:
        """Bead scores along a path. A one-sided bead is scored by the probability over all paths that
        its unit is left alone (:meth:`skip_posteriors`), or, with ``posterior_sharpness`` 0, by how much
        better leaving it alone is than its best local alternative (:meth:`_local_skip_score`)."""
        out = []
        for k, (s, t) in enumerate(path):
            if s and t:
                out.append(self.bead_score(s, t))
            elif self.config.posterior_sharpness > 0:
                p_s, p_t = self.skip_posteriors()
                out.append(float(p_s[s[0]] if s else p_t[t[0]]))
            else:
                out.append(self._local_skip_score(path, k))
        return out

    def _local_skip_score(self, path: Path, k: int) -> float:
        """Score of the one-sided bead ``path[k]`` from its best local alternative: pairing it with a unit
        of the other side left over in the same gap, or joining it to the bead before or after it."""
        s, t = path[k]
        losses = []
        for nb in (k - 1, k + 1):
            if 0 <= nb < len(path) and path[nb][0] and path[nb][1]:
                ns, nt = path[nb]
                losses.append(self.pair_q(ns, nt) - self.pair_q(tuple(sorted(ns + s)), tuple(sorted(nt + t))))
        lo, hi = k, k
        while lo > 0 and not (path[lo - 1][0] and path[lo - 1][1]):
            lo -= 1
        while hi + 1 < len(path) and not (path[hi + 1][0] and path[hi + 1][1]):
            hi += 1
        for u in [u for b in path[lo:hi + 1] for u in (b[1] if s else b[0])]:
            losses.append(self.threshold - (self.pair_q(s, (u,)) if s else self.pair_q((u,), t)))
        if not losses:
            return self.bead_score(s, t)
        return float(sigmoid(self.config.sharpness * min(losses) / self.spread))
