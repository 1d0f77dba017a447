"""Align stage: score candidate beads from embeddings and find the best path with :mod:`align.dp`.

The value of a bead with both sides is ``q - threshold - merge_penalty * (n + m - 2)`` where

* ``q = margin - length_weight * (delta / sigma) ** 2`` (:meth:`BeadScorer.quality`);
* ``margin`` is the cosine of the two sides' embeddings minus the mean of the two sides' cosines to
  their k nearest neighbours on the other side: a "hub" unit that is close to everything gains nothing
  from it (margin scoring, Artetxe & Schwenk 2019);
* ``delta`` is the log ratio of the target's length to the source's, corrected by the document pair's own
  length ratio, and ``sigma`` the spread of that log ratio, both learned from the pair's confident
  (mutual nearest neighbour) matches;
* ``threshold`` is set per document pair between the typical quality of an arbitrary pair and of a
  unit's best match, so the cost of leaving a unit unaligned adapts to the model, language pair and
  domain. Leaving a unit unaligned is worth 0.

A side of several units is first scored with the length-weighted mean of its units' embeddings; the
concatenated text is embedded for real only for the blocks around beads the first search was not sure of
(:meth:`BeadScorer.refine`), so a document costs little more than one embedding per unit.

Everything is computed inside a band ``lo[i] <= j <= hi[i]`` (the whole matrix for ordinary documents; a
corridor from a coarse pass or from the paragraph alignment for long ones), in time and memory linear
in the number of units times the band's width.

Bead scores in [0, 1] are ``sigmoid(sharpness * (q - threshold) / spread)``: 0.5 on the threshold.
"""

from __future__ import annotations

from typing import Callable, Sequence

import numpy as np

from . import anchors, dp
from .config import AlignConfig
from .vectors import Band, Embed, flag_sums, normalise, sigmoid, windows_of_columns

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


class BeadScorer:
    """Embeddings, statistics and bead values for two documents of ``N`` and ``M`` units."""

    def __init__(self, src_texts: Sequence[str], tgt_texts: Sequence[str], embed: Embed,
                 config: AlignConfig, band: Band | None = None,
                 src_vecs: np.ndarray | None = None, tgt_vecs: np.ndarray | None = None,
                 inside: tuple[np.ndarray, np.ndarray] | None = None,
                 furniture: tuple[Sequence[bool], Sequence[bool]] | None = None,
                 follows: tuple[Sequence[bool], Sequence[bool]] | None = None) -> None:
        self.embed = embed
        self.src_texts, self.tgt_texts = list(src_texts), list(tgt_texts)
        self.N, self.M = N, M = len(src_texts), len(tgt_texts)
        # too few pairs of units to learn what an arbitrary pair and a translation look like: plain
        # cosines, placed by the model's cosines on reference sentences instead (_thresholds)
        self.tiny = N * M < config.tiny_cells
        self.config = c = config.with_(knn=0) if self.tiny else config
        # pieces of one paragraph cut at soft boundaries (align.split) count as one unit towards
        # max_bead: a bead may join up to soft_extra more units where they are such pieces
        self.fol_s = np.asarray(follows[0] if follows else np.zeros(N), dtype=np.int64)
        self.fol_t = np.asarray(follows[1] if follows else np.zeros(M), dtype=np.int64)
        self.soft = bool(self.fol_s.any() or self.fol_t.any())
        largest = c.max_bead + (c.soft_extra if self.soft else 0)
        self.types = [(n, m) for n, m in dp.bead_types(largest) if n <= N and m <= M]
        lo, hi = band if band is not None else dp.full_band(N, M)
        self.lo, self.hi = np.asarray(lo, dtype=np.int64), np.asarray(hi, dtype=np.int64)
        self.Es = src_vecs if src_vecs is not None else embed(self.src_texts)
        self.Et = tgt_vecs if tgt_vecs is not None else embed(self.tgt_texts)
        ls = np.array([len(t) for t in self.src_texts], dtype=np.float64)
        lt = np.array([len(t) for t in self.tgt_texts], dtype=np.float64)
        self.cs = np.concatenate([[0.0], np.cumsum(ls + 1)])
        self.ct = np.concatenate([[0.0], np.cumsum(lt + 1)])
        sizes_s = sorted({n for n, _ in self.types if n})
        sizes_t = sorted({m for _, m in self.types if m})
        # blocks of several units start as the length-weighted mean of their units' embeddings
        self.S = {n: self._mean_blocks(self.Es, ls, n) for n in sizes_s}
        self.T = {m: self._mean_blocks(self.Et, lt, m) for m in sizes_t}
        self.exact: set[tuple[str, int, int]] = set()
        self.As, self.At = {}, {}
        if c.anchor_weight:
            a_s, a_t = anchors.anchor_counts(self.src_texts, self.tgt_texts)
            self.As = {n: anchors.block_sums(a_s, n) for n in sizes_s}
            self.At = {m: anchors.block_sums(a_t, m) for m in sizes_t}
        # windows of the hub correction: the band, widened
        w = c.hub_window
        self.row_win = (np.maximum(self.lo - w, 0), np.minimum(self.hi + w, M))
        first, last = windows_of_columns(self.lo, self.hi, M)
        self.col_win = (np.maximum(first - w, 0), np.minimum(last + w, N))
        self.hub_s = {n: self._hub(E, self.Et, self._block_win(self.row_win, n, N)) for n, E in self.S.items()}
        self.hub_t = {m: self._hub(E, self.Es, self._block_win(self.col_win, m, M)) for m, E in self.T.items()}
        self.ratio, self.len_sigma = self._length_stats(ls, lt)
        self._thresholds()
        # value of leaving a unit unaligned: 0, or less inside a translated paragraph
        self.skip_s, self.skip_t = np.zeros(N), np.zeros(M)
        if inside is not None:
            self.skip_s = -c.inner_skip * self.spread * np.asarray(inside[0], dtype=np.float64)
            self.skip_t = -c.inner_skip * self.spread * np.asarray(inside[1], dtype=np.float64)
        # page furniture (headers, bylines, footers): paired with content only on clear evidence (a
        # score of furniture_pair), left out of the gap pass and of absorption
        fs = np.asarray(furniture[0] if furniture else np.zeros(N), dtype=np.float64)
        ft = np.asarray(furniture[1] if furniture else np.zeros(M), dtype=np.float64)
        self.furn_s, self.furn_t = set(np.flatnonzero(fs).tolist()), set(np.flatnonzero(ft).tolist())
        self.Fs = {n: flag_sums(fs, n) for n in sizes_s} if self.furn_s else {}
        self.Ft = {m: flag_sums(ft, m) for m in sizes_t} if self.furn_t else {}
        logit = float(np.log(c.furniture_pair / (1 - c.furniture_pair)))
        self.q_furniture = self.threshold + self.spread * logit / c.sharpness  # score(q_furniture) = furniture_pair
        # links inside a block: its pieces that follow a piece of the same paragraph
        self.Ks = {n: flag_sums(self.fol_s, n) - self.fol_s[:N - n + 1] for n in sizes_s} if self.soft else {}
        self.Kt = {m: flag_sums(self.fol_t, m) - self.fol_t[:M - m + 1] for m in sizes_t} if self.soft else {}

    def _fits(self, n, m, ks, kt):
        """Whether beads of ``n`` and ``m`` units holding ``ks`` and ``kt`` links are within max_bead."""
        side, n, m = self.config.max_bead - 1, n - ks, m - kt
        return (n <= side) & (m <= side) & (n + m <= self.config.max_bead)

    # ---- embeddings of blocks ----
    @staticmethod
    def _mean_blocks(E: np.ndarray, lengths: np.ndarray, n: int) -> np.ndarray:
        if n == 1:
            return E
        w = np.sqrt(lengths + 1.0)[:, None] * E
        csum = np.concatenate([np.zeros((1, E.shape[1])), np.cumsum(w, axis=0)])
        return normalise(csum[n:] - csum[:-n]).astype(np.float32)

    @staticmethod
    def _block_win(win: tuple[np.ndarray, np.ndarray], n: int, count: int):
        a, b = win
        starts = np.arange(count - n + 1)
        return a[starts], b[np.minimum(starts + n, count)]

    def _hub(self, E: np.ndarray, F: np.ndarray, win: tuple[np.ndarray, np.ndarray],
             rows: np.ndarray | None = None) -> np.ndarray:
        """Mean of the k largest cosines of each row of ``E`` to ``F[win_lo:win_hi]``."""
        k = self.config.knn
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

    def refine(self, beads: Sequence[tuple[tuple[int, ...], tuple[int, ...], float]]) -> int:
        """Embed the real concatenations of the blocks near uncertain beads; returns how many."""
        want_s: set[tuple[int, int]] = set()
        want_t: set[tuple[int, int]] = set()
        for s, t, score in beads:
            if score >= self.config.refine_below and len(s) == 1 and len(t) == 1:
                continue
            for idx, want, count, sizes in ((s, want_s, self.N, self.S), (t, want_t, self.M, self.T)):
                if not idx:
                    continue
                if len(idx) > 1:  # the bead itself
                    want.add((idx[0], len(idx)))
                for n in sizes:
                    if n == 1 or n > 3:  # neighbouring blocks: small merges only
                        continue
                    for i in range(idx[0] - n + 1, idx[-1] + 1):
                        if 0 <= i <= count - n:
                            want.add((i, n))
        todo_s = sorted(b for b in want_s if ("s", *b) not in self.exact)
        todo_t = sorted(b for b in want_t if ("t", *b) not in self.exact)
        texts = [" ".join(self.src_texts[i:i + n]) for i, n in todo_s]
        texts += [" ".join(self.tgt_texts[j:j + m]) for j, m in todo_t]
        if not texts:
            return 0
        vecs = self.embed(texts)
        for k, (i, n) in enumerate(todo_s):
            self.S[n][i] = vecs[k]
            self.exact.add(("s", i, n))
        for k, (j, m) in enumerate(todo_t):
            self.T[m][j] = vecs[len(todo_s) + k]
            self.exact.add(("t", j, m))
        for _tag, todo, blocks, hub, other, win, count in (
            ("s", todo_s, self.S, self.hub_s, self.Et, self.row_win, self.N),
            ("t", todo_t, self.T, self.hub_t, self.Es, self.col_win, self.M),
        ):
            for n in {b[1] for b in todo}:
                rows = np.array([i for i, size in todo if size == n])
                hub[n][rows] = self._hub(blocks[n], other, self._block_win(win, n, count), rows)
        return len(texts)

    # ---- statistics of the document pair ----
    def _strip(self, fn: Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray]):
        """Row and column maxima (and their positions) of ``fn`` over the band's 1-1 cells."""
        N, M = self.N, self.M
        row_best = np.full(N, -np.inf)
        row_arg = np.zeros(N, dtype=np.int64)
        col_best = np.full(M, -np.inf)
        col_arg = np.zeros(M, dtype=np.int64)
        lo, hi = self.lo[:N], np.minimum(self.hi[1:N + 1], M)  # unit i sits between rows i and i+1
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

    def _cos11(self, i, j, _):
        return np.einsum("...d,...d->...", self.Es[i], self.Et[j])

    def _length_stats(self, ls: np.ndarray, lt: np.ndarray) -> tuple[float, float]:
        """Length ratio and spread of the log ratio, learned from mutual nearest neighbours."""
        _, fwd, _, bwd = self._strip(self._cos11)
        mutual = np.array([i for i in range(self.N) if bwd[fwd[i]] == i], dtype=np.int64)
        if len(mutual) < 3:
            return float((lt.sum() + 1) / (ls.sum() + 1)), 0.5
        d = np.log((lt[fwd[mutual]] + 20.0) / (ls[mutual] + 20.0))
        med = float(np.median(d))
        mad = float(np.median(np.abs(d - med))) * 1.4826
        return float(np.exp(med)), max(mad, self.config.min_length_sigma)

    def _thresholds(self) -> None:
        q = lambda i, j, _: self.quality(1, 1, i, j)  # noqa: E731
        self.best_src, _, self.best_tgt, _ = self._strip(q)
        if self.tiny:
            self.typical_any, self.typical_best = reference_cosines(self.embed)
        else:
            rng = np.random.default_rng(0)
            k = min(20000, self.N * self.M)
            any_q = self.quality(1, 1, rng.integers(0, self.N, k), rng.integers(0, self.M, k))
            best = np.concatenate([self.best_src, self.best_tgt])
            best = best[np.isfinite(best)]
            self.typical_best = float(np.median(best)) if len(best) else 0.0
            self.typical_any = float(np.median(any_q))
        self.spread = max(self.typical_best - self.typical_any, 1e-3)
        self.threshold = self.typical_any + self.config.threshold * self.spread

    # ---- bead values ----
    def quality(self, n: int, m: int, i0, j0) -> np.ndarray:
        """``q`` of beads (source i0..i0+n-1, target j0..j0+m-1); i0 and j0 broadcast."""
        i0 = np.asarray(i0)
        j0 = np.asarray(j0)
        cos = np.einsum("...d,...d->...", self.S[n][i0], self.T[m][j0])
        return self._combine(n, m, i0, j0, cos, j0)

    def quality_row(self, n: int, m: int, i0: int, j0s: np.ndarray) -> np.ndarray:
        """:meth:`quality` of one source block and a run of target starts (one DP row): contiguous starts
        (always, inside a band) are a slice, and the cosines a matrix-vector product instead of a gather
        of ``len(j0s)`` embedding rows."""
        j0s = np.asarray(j0s)
        j = slice(int(j0s[0]), int(j0s[-1]) + 1) if len(j0s) and j0s[-1] - j0s[0] + 1 == len(j0s) else j0s
        return self._combine(n, m, i0, j0s, self.T[m][j] @ self.S[n][i0], j)

    def _combine(self, n: int, m: int, i0, j0, cos: np.ndarray, j) -> np.ndarray:
        """``q`` from the cosines: margin, length and signal terms (``j`` indexes the target rows)."""
        margin = cos - 0.5 * (self.hub_s[n][i0] + self.hub_t[m][j])
        ls = self.cs[i0 + n] - self.cs[i0]
        lt = self.ct[j0 + m] - self.ct[j0]
        delta = np.log((lt + 20.0) / (self.ratio * ls + 20.0)) / self.len_sigma
        q = margin - self.config.length_weight * delta ** 2
        if self.As:
            q = q + self.config.anchor_weight * anchors.mismatch(self.As[n][i0], self.At[m][j])
        return q

    def value_fn(self, threshold: float, i_off: int = 0, j_off: int = 0) -> dp.ValueFn:
        pen = self.config.merge_penalty

        def value(n: int, m: int, i0: int, j0s: np.ndarray) -> np.ndarray:
            q = self.quality_row(n, m, i0 + i_off, j0s + j_off)
            if self.Fs or self.Ft:
                q = self._furniture_cap(n, m, i0 + i_off, j0s + j_off, q)
            if self.soft:
                ks, kt = self.Ks[n][i0 + i_off], self.Kt[m][j0s + j_off]
                q = np.where(self._fits(n, m, ks, kt), q, -np.inf)
            return q - threshold - pen * (n + m - 2)

        return value

    def _furniture_cap(self, n: int, m: int, i0: int, j0s: np.ndarray, q: np.ndarray) -> np.ndarray:
        """``q`` of beads pairing furniture only with content only, below ``furniture_pair``: barred."""
        fs = self.Fs[n][i0] if self.Fs else 0.0
        ft = self.Ft[m][j0s] if self.Ft else np.zeros(len(j0s))
        mixed = (ft == m) if fs == 0 else (ft == 0) if fs == n else np.zeros(len(j0s), dtype=bool)
        return np.where(mixed & (q < self.q_furniture), -np.inf, q)

    def score(self, q) -> np.ndarray:
        return sigmoid(self.config.sharpness * (np.asarray(q) - self.threshold) / self.spread)

    def bead_score(self, s: tuple[int, ...], t: tuple[int, ...]) -> float:
        """Score of a two-sided bead; of a one-sided bead out of context (see :meth:`path_scores`)."""
        if s and t:
            return float(self.score(self.quality(len(s), len(t), s[0], t[0])))
        best = self.best_src[s[0]] if s else self.best_tgt[t[0]]
        best = best if np.isfinite(best) else self.typical_any
        return float(self.score(2 * self.threshold - best))

    def _q(self, s: tuple[int, ...], t: tuple[int, ...]) -> float:
        if not s or not t or not self._fits_bead(s, t):
            return -np.inf
        return float(self.quality(len(s), len(t), s[0], t[0])) - self.config.merge_penalty * (len(s) + len(t) - 2)

    def _fits_bead(self, s: tuple[int, ...], t: tuple[int, ...]) -> bool:
        if len(s) + len(t) > self.config.max_bead + (self.config.soft_extra if self.soft else 0):
            return False
        return bool(self._fits(len(s), len(t), sum(self.fol_s[i] for i in s[1:]), sum(self.fol_t[j] for j in t[1:])))

    def _skip(self, s: tuple[int, ...], t: tuple[int, ...]) -> float:
        return float(sum(self.skip_s[i] for i in s) + sum(self.skip_t[j] for j in t))

    def path_scores(self, path) -> list[float]:
        """Bead scores along a path. A one-sided bead is scored by how much better leaving it alone is
        than its best local alternative: pairing it with a unit of the other side left over in the same
        gap, or joining it to the bead before or after it."""
        out = []
        for k, (s, t) in enumerate(path):
            if s and t:
                out.append(self.bead_score(s, t))
                continue
            losses = []
            for nb in (k - 1, k + 1):
                if 0 <= nb < len(path) and path[nb][0] and path[nb][1]:
                    ns, nt = path[nb]
                    joined = self._q(tuple(sorted(ns + s)), tuple(sorted(nt + t)))
                    losses.append(self._q(ns, nt) - joined + self._skip(s, t))
            lo, hi = k, k
            while lo > 0 and not (path[lo - 1][0] and path[lo - 1][1]):
                lo -= 1
            while hi + 1 < len(path) and not (path[hi + 1][0] and path[hi + 1][1]):
                hi += 1
            others = [u for b in path[lo:hi + 1] for u in (b[1] if s else b[0])]
            for u in others:
                q = self._q(s, (u,)) if s else self._q((u,), t)
                losses.append(self.threshold - q + self._skip(s, t) + (self.skip_t[u] if s else self.skip_s[u]))
            if not losses:
                out.append(self.bead_score(s, t))
                continue
            out.append(float(sigmoid(self.config.sharpness * min(losses) / self.spread)))
        return out

    # ---- search ----
    def search(self) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
        path = dp.best_path(self.N, self.M, self.types, self.value_fn(self.threshold),
                            self.skip_s, self.skip_t, band=(self.lo, self.hi))
        return self._shed(self._absorb(self._fill_gaps(path)))

    def _exact_blocks(self, keys) -> None:
        """Embed, in one model call, the real concatenations of the blocks ``(side, start, size)`` that
        are not exact yet (one call per block costs ~20x more per text: the model's per-call overhead)."""
        todo = sorted({key for key in keys if key[2] > 1 and key not in self.exact})
        if not todo:
            return
        texts = [" ".join((self.src_texts if side == "s" else self.tgt_texts)[i:i + n]) for side, i, n in todo]
        for (side, i, n), vec in zip(todo, self.embed(texts)):
            (self.S if side == "s" else self.T)[n][i] = vec
            self.exact.add((side, i, n))

    def _cos(self, s: tuple[int, ...], t: tuple[int, ...]) -> float:
        key_s, key_t = ("s", s[0], len(s)), ("t", t[0], len(t))
        for key in (key_s, key_t):
            if key[2] > 1 and key not in self.exact:
                texts = self.src_texts if key[0] == "s" else self.tgt_texts
                vec = self.embed([" ".join(texts[key[1]:key[1] + key[2]])])[0]
                (self.S if key[0] == "s" else self.T)[key[2]][key[1]] = vec
                self.exact.add(key)
        return float(self.S[len(s)][s[0]] @ self.T[len(t)][t[0]])

    def _shed(self, path):
        """Leave out the first or last unit of a bead when it alone is further from the other side than
        an arbitrary pair is (by ``shed_below`` spreads), and the bead without it is closer than with
        it: a sentence left out of the translation, joined to a neighbour because leaving a unit out of
        a translated paragraph costs (``inner_skip``). Only inside translated paragraphs, where such
        joins are made."""
        inside = (self.skip_s < 0).any() or (self.skip_t < 0).any()
        if not self.config.refine or not inside:
            return path
        out = []
        for s, t in path:
            if not (s and t) or (len(s) < 2 and len(t) < 2):
                out.append((s, t))
                continue
            done = False
            for side, units, other in ((0, s, t), (1, t, s)):
                if len(units) < 2 or done:
                    continue
                for edge, rest, first in ((units[0], units[1:], True), (units[-1], units[:-1], False)):
                    pair_e = ((edge,), other) if side == 0 else (other, (edge,))
                    pair_r = (rest, other) if side == 0 else (other, rest)
                    n, m = len(pair_e[0]), len(pair_e[1])
                    q_edge = float(self.quality(n, m, pair_e[0][0], pair_e[1][0]))
                    if q_edge >= self.typical_any - self.config.shed_below * self.spread:
                        continue
                    if self._cos(*pair_r) <= self._cos(s, t):
                        continue
                    alone = ((edge,), ()) if side == 0 else ((), (edge,))
                    out += [alone, pair_r] if first else [pair_r, alone]
                    done = True
                    break
            if not done:
                out.append((s, t))
        return out

    def _absorb(self, path):
        """Join a unit left unaligned to a neighbouring bead when the joined text is clearly closer.

        The margin of a long block is depressed by its own hub term, so a paragraph that the other
        side runs together with its neighbour can be left out; when adding it raises the raw cosine of
        the bead by ``absorb_gain`` or more, it is part of that bead's translation.
        """
        gain = self.config.absorb_gain
        if gain <= 0 or not self.config.refine:
            return path
        path = list(path)
        keys = []  # the blocks the loop below will compare first, embedded in one batch
        for k, (s, t) in enumerate(path):
            if s and t:
                continue
            for nb in (k - 1, k + 1):
                if 0 <= nb < len(path) and path[nb][0] and path[nb][1]:
                    ns, nt = path[nb]
                    js, jt = tuple(sorted(ns + s)), tuple(sorted(nt + t))
                    if self._fits_bead(js, jt):
                        keys += [("s", js[0], len(js)), ("t", jt[0], len(jt)),
                                 ("s", ns[0], len(ns)), ("t", nt[0], len(nt))]
        self._exact_blocks(keys)
        k = 0
        while k < len(path):
            s, t = path[k]
            if (s and t) or (set(s) <= self.furn_s and set(t) <= self.furn_t):  # furniture is not absorbed
                k += 1
                continue
            best = None
            for nb in (k - 1, k + 1):
                if not 0 <= nb < len(path) or not (path[nb][0] and path[nb][1]):
                    continue
                ns, nt = path[nb]
                js = tuple(sorted(ns + s))
                jt = tuple(sorted(nt + t))
                if not self._fits_bead(js, jt):
                    continue
                up = self._cos(js, jt) - self._cos(ns, nt)
                if up >= gain and (best is None or up > best[0]):
                    best = (up, nb, (js, jt))
            if best is None:
                k += 1
                continue
            _, nb, joined = best
            path[nb] = joined
            del path[k]
            k = max(0, min(k, nb) - 1)
        return path

    def _fill_gaps(self, path):
        """Re-align each run of unaligned units that holds units of both sides, with a lower threshold.

        A source unit and a target unit left over at the same place between two aligned beads are far
        more often a loose translation of each other than an omission next to an addition, so inside
        such a gap a weaker match is accepted (``AlignConfig.gap_threshold``). Page furniture at the
        edges of a gap is no loose translation of anything and stays out of it.
        """
        thr = self.typical_any + self.config.gap_threshold * self.spread
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
            head, tail = [], []
            for units, furn, alone in ((src, self.furn_s, lambda i: ((i,), ())),
                                       (tgt, self.furn_t, lambda j: ((), (j,)))):
                while units and units[0] in furn:
                    head.append(alone(units.pop(0)))
                while units and units[-1] in furn:
                    tail.insert(0, alone(units.pop()))
            if src and tgt:
                i0, j0 = min(src), min(tgt)
                types = [(n, m) for n, m in self.types if n <= len(src) and m <= len(tgt)]
                sub = dp.best_path(len(src), len(tgt), types, self.value_fn(thr, i0, j0),
                                   self.skip_s[i0:i0 + len(src)], self.skip_t[j0:j0 + len(tgt)])
                out += head + [(tuple(i + i0 for i in s), tuple(j + j0 for j in t)) for s, t in sub] + tail
            else:
                out.extend(run)
            k = end
        return out


