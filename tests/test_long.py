"""Long documents: the coarse-to-fine corridor search of ``align_units`` (kept small for CI).

* a ~1,500 x 1,500-unit pair concatenated from bench-dev sentence documents, aligned with the real
  embedded model with ``full_search_cells`` lowered so that the corridor path runs;
* synthetic unit-norm embeddings with a known alignment (no model): the corridor holds the gold path and
  the alignment is exact; the corridor's cells grow linearly with the length of the documents.

The full-size figures (20,000 x 20,000 units) come from ``python -m bench.long``.
"""

from __future__ import annotations

import numpy as np
import pytest
from conftest import BENCH_DEV, bench_module, need_bench_dev

from align.core import AlignConfig, align_units
from align.core.band import coarse_band
from align.evaluate import score
from align.prepare.repair import normalize_for_matching

bench_long = bench_module("long")

# ---- helpers ----


def covers_once_in_order(beads, n_src: int, n_tgt: int) -> bool:
    return ([i for s, _ in beads for i in s] == list(range(n_src))
            and [j for _, t in beads for j in t] == list(range(n_tgt)))


def band_cells(band) -> int:
    lo, hi = band
    return int(np.sum(np.asarray(hi) - np.asarray(lo) + 1))


def path_inside(beads, band) -> bool:
    """Every corner (i, j) of the path lies in the band."""
    lo, hi = band
    i = j = 0
    for s, t in beads:
        i, j = i + len(s), j + len(t)
        if not lo[i] <= j <= hi[i]:
            return False
    return True


# ---- a long pair with the real model ----

# NTREX news (sentence units, with omissions, splits, merges and line merges) and one hadith pair (long,
# non-literal units). The Quran pairs are left out on purpose: a Quran window's Arabic/English length
# ratio (0.35-0.61) is far from the news' (0.70-1.28), and one pair learns one length ratio, so a
# concatenation that mixes them measures that mix, not the corridor (bench/long.py reports the full mix).
# Few distinct texts keep the model time of the test low (the documents repeat, cached); the document
# order is reshuffled on every repetition, so the same documents meet different neighbours.
CI_DOCS = ("ntrex_02", "ntrex_05", "ntrex_06", "hadith_02")
CI_UNITS = 1500
CI_CONFIG = AlignConfig(full_search_cells=100_000)  # 1,500 x 1,400 cells is far above: corridor search


def ci_pair():
    pair = bench_long.build_long_pair(BENCH_DEV, CI_UNITS, seed=0, names=CI_DOCS)
    return pair.src, pair.tgt, pair.gold


@pytest.fixture(scope="module")
def long_run(embedder):
    need_bench_dev()
    src, tgt, gold = ci_pair()
    assert covers_once_in_order(gold, len(src), len(tgt))
    path, scores, timings = align_units([normalize_for_matching(t) for t in src],
                                        [normalize_for_matching(t) for t in tgt], embedder, CI_CONFIG)
    return src, tgt, gold, path, scores, timings


@pytest.mark.model
def test_long_pair_covers_every_unit_once(long_run):
    src, tgt, _, path, scores, _ = long_run
    assert len(src) >= CI_UNITS and len(tgt) >= 0.9 * CI_UNITS
    assert covers_once_in_order(path, len(src), len(tgt))
    assert len(scores) == len(path) and all(0.0 <= s <= 1.0 for s in scores)


@pytest.mark.model
def test_long_pair_strict_f1(long_run):
    _, _, gold, path, _, _ = long_run
    sc = score([gold], [[(list(s), list(t)) for s, t in path]])
    assert sc.strict_f1 >= 0.95, sc


@pytest.mark.model
def test_long_pair_searches_a_narrow_corridor(long_run):
    src, tgt, _, _, _, timings = long_run
    n, m = len(src), len(tgt)
    assert n * m > CI_CONFIG.full_search_cells  # the corridor path ran
    assert timings["band_cells"] < 0.15 * (n + 1) * (m + 1), timings


def test_bench_long_pair_gold_is_exact():
    """The bench's concatenation keeps the gold exact (offsets, coverage) at any size."""
    need_bench_dev()
    pair = bench_long.build_long_pair(BENCH_DEV, 2000, seed=1)
    assert len(pair.src) >= 2000
    assert covers_once_in_order(pair.gold, len(pair.src), len(pair.tgt))
    # each document keeps its own gold, shifted by its offsets
    first = {p[0]: p for p in bench_long.load_sentence_pairs(BENCH_DEV)}[pair.docs[0]]
    assert pair.src[:len(first[1])] == first[1] and pair.gold[:len(first[3])] == first[3]


# ---- synthetic embeddings: no model ----

DIM = 64


def _name(prefix: str, i: int) -> str:
    """A token without digits or capitals, so the anchor signals (numbers, Latin names) stay silent."""
    letters = []
    for _ in range(4):
        i, r = divmod(i, 26)
        letters.append(chr(97 + r))
    return prefix + "".join(letters)


class FakeEmbed:
    """Each unit text is one token with a fixed random unit vector; a concatenation ("a b") is the
    normalised sum of its tokens' vectors, like a real model's embedding of the joined text."""

    def __init__(self, vecs: dict[str, np.ndarray]) -> None:
        self.vecs = vecs
        self.calls = 0

    def __call__(self, texts):
        texts = list(texts)
        self.calls += len(texts)
        out = np.stack([np.sum([self.vecs[w] for w in t.split()], axis=0) for t in texts]) if texts else \
            np.zeros((0, DIM))
        return (out / np.linalg.norm(out, axis=1, keepdims=True)).astype(np.float32)


def _unit(v: np.ndarray) -> np.ndarray:
    return v / np.linalg.norm(v)


def synthetic_pair(n: int, seed: int = 0, noise: float = 0.6):
    """``n`` source units and their translation: mostly 1-1, with 2-1 merges, 1-2 splits, omissions
    and additions; a target unit is its source's vector plus Gaussian noise (cosine ~0.85)."""
    rng = np.random.default_rng(seed)
    vecs: dict[str, np.ndarray] = {}
    src = [_name("s", i) for i in range(n)]
    tgt: list[str] = []
    gold: list = []

    def noisy(v):
        return _unit(_unit(v) + noise * rng.normal(size=DIM) / np.sqrt(DIM))

    def new_tgt(v) -> int:
        tgt.append(_name("t", len(tgt)))
        vecs[tgt[-1]] = noisy(v)
        return len(tgt) - 1

    i = 0
    while i < n:
        r = rng.random()
        if r < 0.03 and i + 1 < n:  # 2-1
            vecs[src[i]], vecs[src[i + 1]] = _unit(rng.normal(size=DIM)), _unit(rng.normal(size=DIM))
            gold.append(([i, i + 1], [new_tgt(vecs[src[i]] + vecs[src[i + 1]])]))
            i += 2
            continue
        if r < 0.06:  # 1-2: the source is the sum of two parts, each translated by one target unit
            a, b = _unit(rng.normal(size=DIM)), _unit(rng.normal(size=DIM))
            vecs[src[i]] = _unit(a + b)
            gold.append(([i], [new_tgt(a), new_tgt(b)]))
        elif r < 0.08:  # omitted in the translation
            vecs[src[i]] = _unit(rng.normal(size=DIM))
            gold.append(([i], []))
        else:  # 1-1
            vecs[src[i]] = _unit(rng.normal(size=DIM))
            gold.append(([i], [new_tgt(vecs[src[i]])]))
        if rng.random() < 0.01:  # an addition of the translation
            gold.append(([], [new_tgt(rng.normal(size=DIM))]))
        i += 1
    return src, tgt, gold, FakeEmbed(vecs)


SYN_CONFIG = AlignConfig(full_search_cells=160_000)  # coarse pass over ~10,000 chunk cells


def test_synthetic_gold_is_consistent():
    src, tgt, gold, _ = synthetic_pair(500)
    assert covers_once_in_order(gold, len(src), len(tgt))


def test_synthetic_long_alignment_is_exact():
    src, tgt, gold, embed = synthetic_pair(2000, seed=1)
    assert len(src) * len(tgt) > SYN_CONFIG.full_search_cells
    path, scores, timings = align_units(src, tgt, embed, SYN_CONFIG)
    assert covers_once_in_order(path, len(src), len(tgt))
    sc = score([gold], [[(list(s), list(t)) for s, t in path]])
    assert sc.strict_f1 >= 0.97, sc
    assert timings["band_cells"] < 0.15 * len(src) * len(tgt)
    # a book costs about one embedding per unit: the refinement embeds few concatenations
    assert embed.calls <= 1.5 * (len(src) + len(tgt))


SIZES = (2000, 4000, 8000)


@pytest.fixture(scope="module")
def synthetic_bands():
    out = {}
    for n in SIZES:
        src, tgt, gold, embed = synthetic_pair(n, seed=n)
        band = coarse_band(embed(src), embed(tgt), SYN_CONFIG.full_search_cells // 16)
        out[n] = (len(src), len(tgt), gold, band)
    return out


def test_corridor_holds_the_gold_path(synthetic_bands):
    for n, (n_src, n_tgt, gold, band) in synthetic_bands.items():
        assert path_inside(gold, band), n
        assert band_cells(band) < 0.15 * (n_src + 1) * (n_tgt + 1), (n, band_cells(band))


def test_corridor_cells_grow_linearly(synthetic_bands):
    cells = {n: band_cells(b[3]) / (b[0] + 1) for n, b in synthetic_bands.items()}  # mean width per row
    small, large = cells[SIZES[0]], cells[SIZES[-1]]
    # linear cells = constant mean width; allow 50% drift over a 4x longer document (quadratic: 4x)
    assert large <= 1.5 * small, cells
