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


def evaluate(shared: Path, aligner: Aligner, config: ReportConfig = ReportConfig()):
    counts = {k: [0, 0, 0, 0] for k in ("untranslated", "added", "partial")}  # tp_p, n_pred, tp_r, n_gold
    rows = []
    for pair in sorted(p for p in (shared / "bench-dev").iterdir() if (p / "gold.json").is_file()):
        src, tgt = read_document(pair / "en.txt"), read_document(pair / "ar.txt")
        rep = coverage(aligner, src, tgt, config)
        gold = json.loads((pair / "gold.json").read_text())
        g_untr = {s[0] for s, t in gold if s and not t}
        g_add = {t[0] for s, t in gold if t and not s}
        p_untr = {f.index for f in rep.findings if f.kind == "untranslated"}
        p_add = {f.index for f in rep.findings if f.kind == "added" and f.unit == "paragraph"}
        for key, g, p in (("untranslated", g_untr, p_untr), ("added", g_add, p_add)):
            c = counts[key]
            c[0] += len(g & p)
            c[1] += len(p)
            c[2] += len(g & p)
            c[3] += len(g)
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
        p_part = [f.text for f in rep.findings if f.kind == "partial"]
        c = counts["partial"]
        c[0] += sum(any(_overlap(f, g) for g in g_part) for f in p_part)
        c[1] += len(p_part)
        c[2] += sum(any(_overlap(f, g) for f in p_part) for g in g_part)
        c[3] += len(g_part)
        rows.append((pair.name, rep.coverage["source"]["sentences"], len(g_untr), len(p_untr & g_untr),
                     len(p_untr - g_untr), len(g_part), len(p_part)))
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
