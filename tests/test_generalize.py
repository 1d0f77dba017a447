"""bench.baseline on a tiny synthetic case and bench.generalize's figures and report on a fake result
(no model)."""

import numpy as np

from bench.baseline import align_vectors, diagonal_band
from bench.generalize import bins, figures, report, summary


def test_baseline_finds_merge_and_skips():
    rng = np.random.default_rng(0)
    e = rng.normal(size=(8, 32))
    es = e
    et = np.stack([e[0], e[1] + e[2], e[3], e[5], e[6], e[7], rng.normal(size=32)])
    et = et + 0.05 * rng.normal(size=et.shape)
    beads = align_vectors(es, et, [10] * 8, [10, 20, 10, 10, 10, 10, 10])
    assert beads == [([0], [0]), ([1, 2], [1]), ([3], [2]), ([4], []), ([5], [3]), ([6], [4]), ([7], [5]),
                     ([], [6])]


def test_baseline_band_and_empty_side():
    lo, hi = diagonal_band(100, 50, half=5)
    assert lo[0] == 0 and hi[100] == 50 and (np.diff(lo) >= 0).all() and (np.diff(hi) >= 0).all()
    assert align_vectors(np.zeros((0, 4)), np.eye(2, 4), [], [3, 3]) == [([], [0]), ([], [1])]


def test_bins_edges():
    got = bins([(0.3, True), (0.5, True), (0.55, False), (0.95, True), (1.0, True)])
    assert [b["n"] for b in got] == [1, 2, 0, 0, 0, 2]
    assert got[1]["share"] == 0.5 and got[2]["share"] is None and got[-1]["bin"] == "[0.9,1.0]"


def _fake_pair(name, pred_par, lines_pred):
    gold_par = [([0], [0]), ([1], []), ([2], [1, 2])]
    gold_lines = [([0], [0]), ([1], [1])]
    cov = {"untranslated": ([(0.9, True)], 1, 1), "added": ([(0.6, False)], 0, 0), "partial": ([], 1, 0)}
    lines = {"name": name, "n": (2, 2), "gold": gold_lines, "preds": {"ours": [(s, t) for s, t, _ in lines_pred],
                                                                         "galechurch": None},
             "ours": lines_pred, "seconds": {"ours": 0.1}, "errors": {"galechurch": "boom"}, "embed_s": 0.2}
    return {"name": name, "n": (3, 3), "par_gold": gold_par, "par": pred_par, "coverage": cov,
            "source_coverage": 1.0, "gold_coverage": 0.9, "lines": lines,
            "times": {"embed_s": 0.1, "align_s": 0.01, "par_wall_s": 0.2, "coverage_s": 0.3}}


def test_figures_and_report_on_fake_result():
    good = [([0], [0], 0.95), ([1], [], 0.85), ([2], [1, 2], 0.75)]
    bad = [([0], [0], 0.95), ([1], [1], 0.4), ([2], [2], 0.7)]
    lines = [([0], [0], 0.9), ([1], [1], 0.9)]
    raw = {"en_ar": {"dev-a": [_fake_pair("p1", good, lines)], "dev-b": [_fake_pair("p2", bad, lines)]},
           "lines": {}, "wall_s": {"dev-a": 1.0, "dev-b": 2.0}}
    figs = figures(raw)
    a, b, pooled = figs["en_ar"]["dev-a"], figs["en_ar"]["dev-b"], figs["en_ar"]["pooled"]
    assert a["paragraphs"]["strict_f1"] == 1.0 and b["paragraphs"]["unaligned_r"] == 0.0
    assert pooled["pairs"] == 2 and pooled["coverage"]["findings"]["p"] == 0.5
    assert pooled["coverage"]["findings"]["r"] == 1.0 and pooled["coverage"]["partial"]["r"] == 0.0
    assert abs(pooled["coverage"]["sentence_coverage_mae"] - 0.1) < 1e-9
    one = {x["bin"]: x for x in a["calibration"]["paragraph one-sided beads"]}
    assert one["[0.8,0.9)"] == {"bin": "[0.8,0.9)", "n": 1, "share": 1.0}
    two = {x["bin"]: x for x in b["calibration"]["paragraph two-sided beads (exact)"]}
    assert two["<0.5"]["share"] == 0.0 and two["[0.9,1.0]"]["share"] == 1.0
    gc = figs["lines"]["dev-a lines"]["aligners"]["galechurch"]
    assert gc["docs_ok"] == 0 and gc["errors"] == {"p1": "boom"}
    text = "\n".join(report(figs))
    assert "## Generalize: EN-AR dev-a vs dev-b" in text and "| paragraph strict F1 | 1.000 |" in text
    assert "-0.333" in text or "−0.333" in text or "-0.667" in text
    assert "## Generalize: calibration" in text and "## Generalize: timings" in text
    assert "galechurch errors on EN-AR dev-a lines (p1): boom" in text
    flat = summary(figs)
    assert flat["dev-a/par/strict_f1"] == 1.0 and "pooled/findings/p" in flat
