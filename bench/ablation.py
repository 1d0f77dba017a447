"""Ablation: each rule and each piece of evidence of the aligner switched off in turn, on every dev set.

    python -m bench.ablation [--model use-m3] [--sets dev-a,dev-b,macdev,parice,textberg] [--no-coverage]

Every variant runs :func:`bench.generalize.evaluate_all` (ours only, embeddings from the on-disk cache) on
the EN-AR dev sets (paragraphs, sentence lines and, unless ``--no-coverage``, ``align coverage`` findings)
and on the sentence-level sets of other languages (MAC-dev, ParIce, Text+Berg dev). A rule earns its
place when switching it off costs more than 0.002 on some set; the table says where each one helps and
where it hurts, so that a rule that helps only the set it was tuned on shows as such.
"""

from __future__ import annotations

import argparse
import sys

from align import AlignConfig, ReportConfig
from bench import results
from bench.generalize import DEFAULT_SETS, evaluate_all, open_aligner, resolve_sets, summary

# label -> AlignConfig fields that switch one rule (or piece of evidence) off
VARIANTS: dict[str, dict] = {
    "default": {},
    "threshold at a fixed 0.40 of the spread (no likelihood prior)": {"null_prior": 0.0, "sentence_null_prior": 0.0},
    "one-sided scores from local alternatives (no posterior)": {"posterior_sharpness": 0.0},
    "sentences: length ratio from mutual neighbours (not the totals)": {"sentence_ratio_from_totals": False},
    "sentences: no bead prior (each bead costs the skip threshold)": {"sentence_bead_prior": 0.0},
    "no anchors (numbers, names)": {"anchor_weight": 0.0},
    "no length term": {"length_weight": 0.0},
    "no hub correction (plain cosine)": {"knn": 0},
    "no exact concatenations (means only)": {"refine": False},
    "no gap re-alignment": {"gap_threshold": 99.0},
    "no absorb pass": {"absorb": False},
    "no soft paragraph boundaries": {"split_passes": 0},
    "furniture paired like content": {"furniture_pair": 1e-6},
    "no sentence check of paragraph beads (member_min)": {"member_min": 0.0},
    "left-out sentences scored without the scores' noise (inside_posterior_noise 0)": {"inside_posterior_noise": 0.0},
    "sentence beads up to n + m <= 5 (not 6)": {"sentence_max_bead": 5},
}

# (column, key of bench.generalize.summary) for EN-AR sets, then for each other set
EN_AR_COLUMNS = (("par", "par/strict_f1"), ("no-cp P", "par/unaligned_p"), ("no-cp R", "par/unaligned_r"),
                 ("findings P", "findings/p"), ("findings R", "findings/r"), ("partial P", "partial/p"),
                 ("partial R", "partial/r"), ("lines", "lines/strict_f1"))


def _cell(x) -> str:
    return "-" if x is None else f"{x:.3f}"


def ablation_section(model: str = "use-m3", sets=DEFAULT_SETS, coverage: bool = True) -> list[str]:
    aligner = open_aligner(model)
    names = resolve_sets(sets)
    columns: list[tuple[str, str]] = []
    for name in names:
        if name in ("dev-a", "dev-b"):
            columns += [(f"{name} {label}", f"{name}/{key}") for label, key in EN_AR_COLUMNS
                        if coverage or not key.startswith(("findings", "partial"))]
        else:
            columns.append((name, f"{name}/strict_f1"))
    lines = ["## Ablation on every set (`python -m bench.ablation`)", "",
             f"Model `{model}`. Strict F1 of paragraphs (*par*), of sentence lines (*lines*) and of each "
             "sentence-level set; no-counterpart P/R of paragraphs; `align coverage` findings (untranslated + "
             "added) P/R and partial omissions (left-out sentences) P/R at the default report settings. Each row "
             "switches one rule off; a cell in **bold** differs from the default by more than 0.002.", "",
             "| variant | " + " | ".join(c for c, _ in columns) + " |", "|---|" + "---|" * len(columns)]
    base = None
    for label, kw in VARIANTS.items():
        config = AlignConfig(**kw)
        figs = summary(evaluate_all(aligner, sets=names, config=config, sentence_config=config.for_sentences(),
                                    report_config=ReportConfig() if coverage else None, peers=()))
        base = base or figs
        cells = []
        for _, key in columns:
            x, b = figs.get(key), base.get(key)
            bold = label != "default" and x is not None and b is not None and abs(x - b) > 0.002
            cells.append(f"**{_cell(x)}**" if bold else _cell(x))
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
        print(lines[-1], file=sys.stderr, flush=True)
    return lines + [""]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default="use-m3")
    ap.add_argument("--sets", default=",".join(DEFAULT_SETS))
    ap.add_argument("--no-coverage", action="store_true", help="skip align coverage (the slow part)")
    results.add_arguments(ap)
    args = ap.parse_args()
    results.publish(ablation_section(args.model, args.sets.split(","), not args.no_coverage), args)


if __name__ == "__main__":
    main()
