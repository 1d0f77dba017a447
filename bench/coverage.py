"""Coverage-report benchmark: precision and recall of the findings on bench-dev.

* untranslated paragraphs against gold ``[[i], []]`` beads of ``gold.json``;
* Arabic-only additions against gold ``[[], [j]]`` beads;
* partial omissions (a sentence left out of a kept paragraph) against gold ``[[k], []]`` beads of
  ``gold.sent.json`` whose paragraph bead is 1-1: a finding is right when its sentence overlaps the
  omitted unit's text by more than half of the shorter of the two.

    python -m bench.coverage [--model use-m3] [--min-confidence 0.5]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from align import Aligner, ReportConfig, coverage, read_document
from bench import results

HERE = Path(__file__).resolve().parent


def _overlap(a: str, b: str) -> bool:
    a, b = " ".join(a.split()), " ".join(b.split())
    short, long_ = sorted((a, b), key=len)
    if short in long_:
        return True
    sw = set(short.split())
    return len(sw & set(long_.split())) > 0.5 * len(sw)


def _pr(tp_p: int, n_pred: int, tp_r: int, n_gold: int) -> tuple[float, float]:
    p = tp_p / n_pred if n_pred else 1.0
    r = tp_r / n_gold if n_gold else 1.0
    return p, r


def judge_pair(pair: Path, rep) -> tuple[dict[str, tuple[list[tuple[float, bool]], int, int]], tuple]:
    """The findings of one bench-dev-style pair's coverage report judged against its gold.

    Returns ``({kind: (judged, n_gold, n_gold_found)}, row)`` for kinds ``untranslated``, ``added`` and
    ``partial``: ``judged`` is ``(confidence, right)`` of each reported finding, ``n_gold_found`` the gold
    instances some finding hits; ``row`` is the pair's line of the per-pair table."""
    gold = json.loads((pair / "gold.json").read_text())
    g_untr = {s[0] for s, t in gold if s and not t}
    g_add = {t[0] for s, t in gold if t and not s}
    p_untr = {f.index: f.confidence for f in rep.findings if f.kind == "untranslated"}
    p_add = {f.index: f.confidence for f in rep.findings if f.kind == "added" and f.unit == "paragraph"}
    out: dict[str, tuple[list[tuple[float, bool]], int, int]] = {}
    for key, g, p in (("untranslated", g_untr, p_untr), ("added", g_add, p_add)):
        out[key] = ([(conf, i in g) for i, conf in p.items()], len(g), len(g & set(p)))
    # partial omissions
    sent_gold = json.loads((pair / "gold.sent.json").read_text())
    meta = json.loads((pair / "meta.json").read_text())
    en_units = (pair / "en.sent.txt").read_text(encoding="utf-8").split("\n")
    partial_pars = {op["en_par"] for op in meta.get("perturbations", []) if op["op"] == "partial_omission_in_ar"}
    line_to_par = meta["en_line_paragraph"]
    g_part = []
    for s, t in sent_gold:
        if s and not t:
            k = s[0]
            par = line_to_par[k]
            if par in partial_pars:
                g_part.append(en_units[k])
    p_part = [f for f in rep.findings if f.kind == "partial"]
    out["partial"] = ([(f.confidence, any(_overlap(f.text, g) for g in g_part)) for f in p_part], len(g_part),
                      sum(any(_overlap(f.text, g) for f in p_part) for g in g_part))
    row = (pair.name, rep.coverage["source"]["sentences"], len(g_untr), len(set(p_untr) & g_untr),
           len(set(p_untr) - g_untr), len(g_part), len(p_part))
    return out, row


def add_counts(counts: dict[str, list[int]], judged: dict[str, tuple[list[tuple[float, bool]], int, int]]) -> None:
    """Add one pair's :func:`judge_pair` to ``counts`` (``{kind: [tp_p, n_pred, tp_r, n_gold]}``)."""
    for key, (preds, n_gold, found) in judged.items():
        c = counts.setdefault(key, [0, 0, 0, 0])
        c[0] += sum(right for _, right in preds)
        c[1] += len(preds)
        c[2] += found
        c[3] += n_gold


def evaluate(shared: Path, aligner: Aligner, config: ReportConfig = ReportConfig(), root: Path | None = None):
    """Finding counts ``{kind: [tp_p, n_pred, tp_r, n_gold]}`` and per-pair rows over ``root``
    (default: ``shared / "bench-dev"``)."""
    counts: dict[str, list[int]] = {k: [0, 0, 0, 0] for k in ("untranslated", "added", "partial")}
    rows = []
    root = root or shared / "bench-dev"
    for pair in sorted(p for p in root.iterdir() if (p / "gold.json").is_file()):
        src, tgt = read_document(pair / "en.txt"), read_document(pair / "ar.txt")
        rep = coverage(aligner, src, tgt, config)
        judged, row = judge_pair(pair, rep)
        add_counts(counts, judged)
        rows.append(row)
    return counts, rows


def coverage_section(shared: Path, aligner: Aligner, config: ReportConfig = ReportConfig()) -> list[str]:
    counts, rows = evaluate(shared, aligner, config)
    lines = ["## Coverage report on bench-dev (`python -m bench.coverage`)", "",
             "| finding | gold | reported | precision | recall |", "|---|---|---|---|---|"]
    for key, (tp_p, n_pred, tp_r, n_gold) in counts.items():
        p, r = _pr(tp_p, n_pred, tp_r, n_gold)
        lines.append(f"| {key} | {n_gold} | {n_pred} | {p:.3f} | {r:.3f} |")
    lines += ["", "| pair | source sentence coverage | gold untranslated | found | false alarms | gold partial | partial reported |",
              "|---|---|---|---|---|---|---|"]
    for name, cov, g, tp, fp, gp, pp in rows:
        lines.append(f"| {name} | {cov:.3f} | {g} | {tp} | {fp} | {gp} | {pp} |")
    return lines + [""]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default="use-m3")
    ap.add_argument("--shared", default=str(HERE.parent.parent / "shared"))
    ap.add_argument("--min-confidence", type=float, default=ReportConfig().min_confidence)
    ap.add_argument("--min-partial", type=float, default=ReportConfig().min_partial)
    results.add_arguments(ap)
    args = ap.parse_args()
    aligner = Aligner(args.model, progress=False)
    cfg = ReportConfig(min_confidence=args.min_confidence, min_partial=args.min_partial)
    results.publish(coverage_section(Path(args.shared), aligner, cfg), args,
                    not_written="" if cfg == ReportConfig() else "not the default thresholds")


if __name__ == "__main__":
    main()
