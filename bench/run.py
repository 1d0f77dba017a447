"""Benchmark: align every pair of bench-dev (paragraph level) and Text+Berg (one unit per line),
print strict/lax F1, unaligned-unit P/R, embedding and alignment time, and update bench/RESULTS.md (the
sections measured in this run are replaced, the others kept: see bench/results.py).

    python -m bench.run [--model use-m3] [--shared ../shared] [--out bench/RESULTS.md]
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

from align import Aligner, load_beads, read_document, score
from bench import results as results_md

HERE = Path(__file__).resolve().parent


def bench_dev(aligner: Aligner, root: Path, units: str = "paragraphs"):
    rows, golds, preds = [], [], []
    emb_t = dp_t = 0.0
    gold_name = "gold.json" if units == "paragraphs" else "gold.sent.json"
    names = ("en.txt", "ar.txt") if units == "paragraphs" else ("en.sent.txt", "ar.sent.txt")
    for pair in sorted(p for p in root.iterdir() if (p / gold_name).is_file()):
        src = read_document(pair / names[0], units)
        tgt = read_document(pair / names[1], units)
        al = aligner.align(src, tgt)
        pred = [(list(b.src), list(b.tgt)) for b in al.beads]
        gold = load_beads(pair / gold_name)
        sc = score([gold], [pred])
        rows.append((pair.name, len(src), len(tgt), sc, al.timings))
        golds.append(gold)
        preds.append(pred)
        emb_t += al.timings["embed_s"]
        dp_t += al.timings["align_s"]
    return rows, score(golds, preds), emb_t, dp_t


def bench_dev_both(aligner: Aligner, root: Path):
    """Paragraph scores of ``Aligner.align_both`` (paragraphs revised by the sentence alignment)."""
    golds, preds = [], []
    for pair in sorted(p for p in root.iterdir() if (p / "gold.json").is_file()):
        par, _ = aligner.align_both(read_document(pair / "en.txt"), read_document(pair / "ar.txt"))
        golds.append(load_beads(pair / "gold.json"))
        preds.append([(list(b.src), list(b.tgt)) for b in par.beads])
    return score(golds, preds)


def textberg(aligner: Aligner, root: Path):
    src = read_document(root / "dev.de", "lines", lang="de")
    tgt = read_document(root / "dev.fr", "lines", lang="fr")
    al = aligner.align(src, tgt)
    pred = [(list(b.src), list(b.tgt)) for b in al.beads]
    return score([load_beads(root / "dev.defr")], [pred]), al.timings["embed_s"], al.timings["align_s"]


def fmt(x: float) -> str:
    return f"{x:.3f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default="use-m3",
                    help="short name (use-m3, e5-small, embeddinggemma-300m, ...), hub id or local directory")
    ap.add_argument("--cache", help="also keep the vectors in this on-disk cache folder (keyed by model and "
                                    "prompt; embedding times then count only the texts not in it)")
    ap.add_argument("--shared", default=str(HERE.parent.parent / "shared"))
    results_md.add_arguments(ap)
    ap.add_argument("--sets", default="bench-dev,bench-dev-sent,bench-dev-raw,textberg,coverage,messy,peers",
                    help="comma-separated: bench-dev, bench-dev-sent, bench-dev-raw, textberg, coverage, messy, peers, "
                         "long (book-length, slow)")
    args = ap.parse_args()
    shared = Path(args.shared)
    aligner = Aligner(args.model, progress=False)
    if args.cache:
        aligner.embedder.attach_cache(args.cache)

    head = [f"# Benchmark results (`python -m bench.run --model {args.model}`)", "",
            f"Machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}, "
            f"CPU only. Model: `{args.model}`. Times are wall-clock seconds on this machine."]
    lines: list[str] = []

    sets = set(args.sets.split(","))
    t_load = time.perf_counter()
    aligner.embedder(["warm-up"])  # load lazily-loaded weights outside the timings
    head += ["", f"Model load + warm-up: {time.perf_counter() - t_load:.1f}s.", ""]
    results = {}
    if "bench-dev" in sets:
        bench_dev_section(aligner, shared, lines, results)
    if "bench-dev-sent" in sets:
        bench_dev_sent_section(aligner, shared, lines, results)
    if "bench-dev-raw" in sets:
        from bench.raw_sentences import raw_section

        lines += raw_section(shared, aligner)
    if "textberg" in sets:
        textberg_section(aligner, shared, lines, results)
    if "coverage" in sets:
        from bench.coverage import coverage_section

        lines += coverage_section(shared, aligner)
    if "messy" in sets:
        from bench.messy_run import messy_section

        lines += messy_section(shared, aligner, stages=True, other_seeds=(1, 2), single_newlines=True)
    if "peers" in sets:
        from bench.peers import peer_table

        lines += peer_table(shared, aligner)
    if "long" in sets:
        from bench.long import long_doc_section

        lines += long_doc_section(shared, 20000, args.model)
    print(json.dumps(results), file=sys.stderr)
    results_md.publish(lines, args, head=head)


def bench_dev_section(aligner, shared, lines, results):
    t0 = time.perf_counter()
    rows, tot, emb_t, dp_t = bench_dev(aligner, shared / "bench-dev")
    wall = time.perf_counter() - t0
    lines += ["## bench-dev, paragraph level", "",
              "| pair | EN | AR | strict F1 | lax F1 | unaligned P | unaligned R | embed s | align s |",
              "|---|---|---|---|---|---|---|---|---|"]
    for name, n, m, sc, tm in rows:
        lines.append(f"| {name} | {n} | {m} | {fmt(sc.strict_f1)} | {fmt(sc.lax_f1)} | {fmt(sc.unaligned_p)} "
                     f"| {fmt(sc.unaligned_r)} | {tm['embed_s']:.2f} | {tm['align_s']:.3f} |")
    lines.append(f"| **all** | | | **{fmt(tot.strict_f1)}** | **{fmt(tot.lax_f1)}** | **{fmt(tot.unaligned_p)}** "
                 f"| **{fmt(tot.unaligned_r)}** | {emb_t:.2f} | {dp_t:.3f} |")
    share = dp_t / max(emb_t + dp_t, 1e-9)
    lines += ["", f"Strict P/R {fmt(tot.strict_p)}/{fmt(tot.strict_r)}; unaligned units: {tot.n_gold_unaligned} gold, "
              f"{tot.n_pred_unaligned} predicted. Alignment (DP and scoring) time is {100 * share:.1f}% of "
              f"embedding + alignment ({wall:.1f}s wall in all, model loading excluded).", ""]

    both = bench_dev_both(aligner, shared / "bench-dev")
    lines += [f"With `--level both` (and in `align coverage`), where the sentence alignment can take a paragraph "
              f"out of a bead that joins it to others: strict F1 {fmt(both.strict_f1)}, unaligned P/R "
              f"{fmt(both.unaligned_p)}/{fmt(both.unaligned_r)}.", ""]
    results["bench_dev"] = tot.as_dict() | {"embed_s": round(emb_t, 2), "align_s": round(dp_t, 3)}
    results["bench_dev_both"] = both.as_dict()


def bench_dev_sent_section(aligner, shared, lines, results):
    rows, tot, emb_t, dp_t = bench_dev(aligner, shared / "bench-dev", "lines")
    n_units = sum(n + m for _, n, m, _, _ in rows)
    blocks = sum(tm.get("embedded_blocks", 0) for *_, tm in rows)
    lines += ["## bench-dev, sentence variant (`*.sent.txt`, one unit per line)", "",
              "| pair | EN | AR | strict F1 | lax F1 | unaligned P | unaligned R |", "|---|---|---|---|---|---|---|"]
    for name, n, m, sc, _tm in rows:
        lines.append(f"| {name} | {n} | {m} | {fmt(sc.strict_f1)} | {fmt(sc.lax_f1)} | {fmt(sc.unaligned_p)} "
                     f"| {fmt(sc.unaligned_r)} |")
    lines.append(f"| **all** | | | **{fmt(tot.strict_f1)}** | **{fmt(tot.lax_f1)}** | **{fmt(tot.unaligned_p)}** "
                 f"| **{fmt(tot.unaligned_r)}** |")
    lines += ["", f"Embedding {emb_t:.1f}s, alignment {dp_t:.2f}s; embedding calls per unit "
              f"{(n_units + blocks) / max(n_units, 1):.2f} (one per unit plus {blocks} concatenations).", ""]
    results["bench_dev_sent"] = tot.as_dict()


def textberg_section(aligner, shared, lines, results):
    tb, tb_emb, tb_dp = textberg(aligner, shared / "textberg-dev")
    lines += ["## Text+Berg dev (German-French, one sentence per line)", "",
              "| set | strict P | strict R | strict F1 | lax F1 | unaligned P | unaligned R | embed s | align s |",
              "|---|---|---|---|---|---|---|---|---|",
              f"| textberg-dev | {fmt(tb.strict_p)} | {fmt(tb.strict_r)} | {fmt(tb.strict_f1)} | {fmt(tb.lax_f1)} "
              f"| {fmt(tb.unaligned_p)} | {fmt(tb.unaligned_r)} | {tb_emb:.2f} | {tb_dp:.3f} |", ""]
    results["textberg"] = tb.as_dict() | {"embed_s": round(tb_emb, 2), "align_s": round(tb_dp, 3)}


if __name__ == "__main__":
    main()
