"""Ablation: each piece of evidence and each pass of the aligner switched off in turn.

    python -m bench.ablation [--model use-m3]

Sets: bench-dev paragraphs, bench-dev sentence lines, Text+Berg lines; strict F1 (unaligned F1).
One embedder is shared by all runs, so each distinct text is embedded once.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from align import AlignConfig, Aligner, load_beads, read_document, score
from bench import results

HERE = Path(__file__).resolve().parent

VARIANTS = {
    "default": {},
    "no anchors (numbers, names)": {"anchor_weight": 0.0},
    "no length term": {"length_weight": 0.0},
    "no hub correction (plain cosine)": {"knn": 0},
    "no exact concatenations (means only)": {"refine": False},
    "no absorb pass": {"absorb_gain": 0.0},
    "no gap re-alignment": {"gap_threshold": 0.45},
}


def _sets(shared: Path):
    bd = shared / "bench-dev"
    pairs = sorted(p for p in bd.iterdir() if (p / "gold.json").is_file())
    yield "bench-dev paragraphs", [(p / "en.txt", p / "ar.txt", p / "gold.json", "paragraphs", None) for p in pairs]
    yield "bench-dev lines", [(p / "en.sent.txt", p / "ar.sent.txt", p / "gold.sent.json", "lines", None) for p in pairs]
    tb = shared / "textberg-dev"
    yield "Text+Berg lines", [(tb / "dev.de", tb / "dev.fr", tb / "dev.defr", "lines", ("de", "fr"))]


def ablation_section(shared: Path, model: str = "use-m3") -> list[str]:
    aligner = Aligner(model, progress=False)
    sets = list(_sets(shared))
    docs = {name: [(read_document(a, u, lang=lg[0] if lg else None), read_document(b, u, lang=lg[1] if lg else None),
                    load_beads(g)) for a, b, g, u, lg in items] for name, items in sets}
    lines = ["## Ablation (`python -m bench.ablation`)", "",
             "Strict F1 (unaligned-unit F1 in brackets) with one piece switched off.", "",
             "| variant | " + " | ".join(docs) + " |", "|---|" + "---|" * len(docs)]
    for label, kw in VARIANTS.items():
        cells = []
        for _name, items in docs.items():
            base = AlignConfig(**kw)
            aligner.config = base
            aligner.sentence_config = base.with_(max_bead=max(base.max_bead, 5))
            golds, preds = [], []
            for s, t, g in items:
                al = aligner.align(s, t)
                golds.append(g)
                preds.append([(b.src, b.tgt) for b in al.beads])
            sc = score(golds, preds)
            cells.append(f"{sc.strict_f1:.3f} ({sc.unaligned_f1:.3f})")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
        print(lines[-1], file=sys.stderr, flush=True)
    return lines + [""]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default="use-m3")
    ap.add_argument("--shared", default=str(HERE.parent.parent / "shared"))
    results.add_arguments(ap)
    args = ap.parse_args()
    results.publish(ablation_section(Path(args.shared), args.model), args)


if __name__ == "__main__":
    main()
