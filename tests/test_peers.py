"""Smoke tests of bench/peers.py: each available peer aligner returns beads that cover every unit exactly
once, in order, on a few real lines of bench-dev."""

import json
from pathlib import Path

import numpy as np
import pytest
from conftest import BENCH_DEV, bench_module, need_bench_dev

REPO = Path(__file__).resolve().parents[1]
PAIR = "quran_03"  # a control pair (its lines are aligned 1-1) of short verses: quick to embed
N_LINES = 8


peers = bench_module("peers")


def _tiny_example():
    """The first lines of a bench-dev pair (as our aligner embeds them) and the gold beads among them."""
    need_bench_dev()
    from align.prepare.repair import normalize_for_matching

    pair = BENCH_DEV / PAIR
    read = lambda name: [normalize_for_matching(x) for x in  # noqa: E731
                         (pair / name).read_text(encoding="utf-8").splitlines() if x.strip()]
    src, tgt = read("en.sent.txt")[:N_LINES], read("ar.sent.txt")[:N_LINES]
    gold = [(s, t) for s, t in json.loads((pair / "gold.sent.json").read_text(encoding="utf-8"))
            if all(i < N_LINES for i in s) and all(j < N_LINES for j in t)]
    return src, tgt, gold


def test_covers():
    assert peers.covers([([0], [0]), ([1, 2], []), ([], [1])], 3, 2)
    assert not peers.covers([([0], [0]), ([2], [1])], 3, 2)   # unit 1 missing
    assert not peers.covers([([1], [0]), ([0], [1])], 2, 2)   # out of order
    assert not peers.covers([([0], [0]), ([], []), ([1], [1])], 2, 2)  # empty bead


def test_unknown_peer_is_reported_not_replaced():
    errors = {}
    assert peers.run_peers(["a"], ["b"], lambda texts: None, errors=errors, peers=["nosuch"]) == {}
    assert "nosuch" in errors


def test_galechurch_covers_every_unit():
    pytest.importorskip("galechurch")
    src, tgt, gold = _tiny_example()
    errors = {}
    out = peers.run_peers(src, tgt, lambda texts: pytest.fail("Gale-Church needs no embeddings"),
                          errors=errors, peers=["galechurch"])
    assert not errors
    beads, seconds = out["galechurch"]
    assert peers.covers(beads, len(src), len(tgt))
    assert seconds >= 0


@pytest.mark.model
def test_sentweave_covers_every_unit_on_our_embeddings(embedder):
    pytest.importorskip("sentweave")
    src, tgt, gold = _tiny_example()
    errors = {}
    calls = []

    def embed(texts):
        calls.append(list(texts))
        return embedder(texts)

    out = peers.run_peers(src, tgt, embed, errors=errors, peers=["sentweave"])
    assert not errors
    beads, seconds = out["sentweave"]
    assert peers.covers(beads, len(src), len(tgt))
    assert seconds >= 0
    # it was fed our embeddings: every unit text went through our embed callable
    asked = {t for batch in calls for t in batch}
    assert set(src) <= asked and set(tgt) <= asked
    # and on the clean 1-1 control lines it finds most of the gold
    hits = {(tuple(s), tuple(t)) for s, t in beads} & {(tuple(s), tuple(t)) for s, t in gold}
    assert len(hits) >= len(gold) // 2


bertalign = bench_module("bertalign")


def test_bertalign_overlap_texts_are_vecalign_s():
    assert bertalign.overlap_texts(["a ", "", "c"], 1) == ["a", "BLANK_LINE", "c"]
    assert bertalign.overlap_texts(["a", "b", "c"], 2) == ["PAD", "a b", "b c"]
    assert bertalign.overlap_texts(["a"], 3) == ["PAD"]


def test_bertalign_finds_a_merge_and_an_omission_on_hand_made_vectors():
    """Orthogonal topics: source 1+2 say what target 1 says, source 3 has no counterpart."""
    topics = np.eye(6)
    src = ["s0", "s1", "s2", "s3", "s4"]
    tgt = ["t0", "t1", "t4"]
    # the vector of any text (or block of texts) is the normalised sum of its parts' topics
    part = {"s0": 0, "s1": 1, "s2": 1, "s3": 3, "s4": 4, "t0": 0, "t1": 1, "t4": 4, "PAD": 5, "BLANK_LINE": 5}

    def embed(texts):
        out = np.array([sum(topics[part[w]] for w in t.split()) for t in texts], dtype=float)
        return out / np.linalg.norm(out, axis=1, keepdims=True)

    beads = bertalign.align(src, tgt, embed)
    assert peers.covers(beads, len(src), len(tgt))
    assert ([1, 2], [1]) in beads and ([0], [0]) in beads and ([4], [2]) in beads and ([3], []) in beads


@pytest.mark.model
def test_bertalign_covers_every_unit_on_our_embeddings(embedder):
    src, tgt, gold = _tiny_example()
    errors = {}
    out = peers.run_peers(src, tgt, embedder, errors=errors, peers=["bertalign"])
    assert not errors
    beads, seconds = out["bertalign"]
    assert peers.covers(beads, len(src), len(tgt)) and seconds >= 0
    hits = {(tuple(s), tuple(t)) for s, t in beads} & {(tuple(s), tuple(t)) for s, t in gold}
    assert len(hits) >= len(gold) // 2
