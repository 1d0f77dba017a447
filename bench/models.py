"""Model comparison: every bench set with every model, from one command.

    python -m bench.models [--models use-m3,embeddinggemma-300m] [--sets bench-dev,bench-dev-b,...]
                           [--cache DIR] [--json FILE] [--from-json FILE]

For each model (a short name, hub id or local directory, see ``align.embed.families``) and each set --
``bench-dev`` / ``bench-dev-b`` (paragraph level), ``bench-dev-sent`` / ``bench-dev-b-sent`` (one unit
per line) and ``textberg`` (German-French lines) -- it aligns every pair and records strict and lax F1,
no-counterpart ("unaligned") P/R, embedding wall time and the process CPU time of the set. A model that
cannot be loaded (EmbeddingGemma without its local copy and offline: ``python -m bench.gemma`` assembles
it) is skipped with one line saying why. The table replaces the ``## Models`` section of
bench/RESULTS.md.

``--cache DIR`` keeps the vectors on disk (keyed by model and prompt), so a second run only aligns:
its embedding times are then those of the cache, and the table keeps the times of the run that
embedded (``--json`` records every pair as it finishes; ``--from-json`` goes on from such a record:
pairs in it are not aligned again). ``--record-only`` publishes the record as it is, a set with pairs
missing marked as such.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from align import Aligner, AlignError, load_beads, read_document, score
from bench import results as results_md
from bench.run import HERE, fmt, textberg

SETS = {  # name -> (folder under --shared, units)
    "bench-dev": ("bench-dev", "paragraphs"),
    "bench-dev-b": ("bench-dev-b", "paragraphs"),
    "bench-dev-sent": ("bench-dev", "lines"),
    "bench-dev-b-sent": ("bench-dev-b", "lines"),
    "textberg": ("textberg-dev", "lines"),
}
DEFAULT_MODELS = "use-m3,embeddinggemma-300m"


def _pairs(root: Path, units: str) -> list[Path]:
    gold = "gold.json" if units == "paragraphs" else "gold.sent.json"
    return sorted(p for p in root.iterdir() if (p / gold).is_file())


def measure_pair(aligner: Aligner, pair: Path, units: str) -> dict:
    """Align one pair; its prediction and times (kept so that a set can be scored from its pairs)."""
    names = ("en.txt", "ar.txt") if units == "paragraphs" else ("en.sent.txt", "ar.sent.txt")
    calls0 = aligner.embedder.calls
    c0 = time.process_time()
    al = aligner.align(read_document(pair / names[0], units), read_document(pair / names[1], units))
    return {"pred": [[list(b.src), list(b.tgt)] for b in al.beads], "embed_s": round(al.timings["embed_s"], 2),
            "align_s": round(al.timings["align_s"], 3), "cpu_s": round(time.process_time() - c0, 1),
            "embedded": aligner.embedder.calls - calls0}


def summary(shared: Path, name: str, rec: dict) -> dict:
    """Scores and summed times of a set from the pairs recorded in ``rec['pairs']``."""
    folder, units = SETS[name]
    gold_name = "gold.json" if units == "paragraphs" else "gold.sent.json"
    done = [p for p in _pairs(shared / folder, units) if p.name in rec["pairs"]]
    sc = score([load_beads(p / gold_name) for p in done], [rec["pairs"][p.name]["pred"] for p in done])
    tot = {k: round(sum(rec["pairs"][p.name][k] for p in done), 2) for k in ("embed_s", "align_s", "cpu_s", "embedded")}
    return sc.as_dict() | tot | {"n_pairs": len(done), "of_pairs": len(_pairs(shared / folder, units))}


def measure(aligner: Aligner, shared: Path, name: str, rec: dict, save) -> dict:
    """Measure set ``name`` into ``rec`` (pairs already in it are kept), saving after every pair."""
    folder, units = SETS[name]
    if name == "textberg":
        calls0 = aligner.embedder.calls
        c0 = time.process_time()
        sc, emb_t, dp_t = textberg(aligner, shared / folder)
        rec.update(sc.as_dict() | {"embed_s": round(emb_t, 2), "align_s": round(dp_t, 3),
                                   "cpu_s": round(time.process_time() - c0, 1),
                                   "embedded": aligner.embedder.calls - calls0, "n_pairs": 1, "of_pairs": 1})
        return rec
    pairs = rec.setdefault("pairs", {})
    for pair in _pairs(shared / folder, units):
        if pair.name not in pairs:
            pairs[pair.name] = measure_pair(aligner, pair, units)
            rec.update(summary(shared, name, rec))
            save()
    rec.update(summary(shared, name, rec))
    return rec


def complete(rec: dict | None) -> bool:
    return bool(rec) and ("skipped" in rec or rec.get("n_pairs") == rec.get("of_pairs"))


def table(record: dict, models: list[str], sets: list[str]) -> list[str]:
    lines = ["| set | model | strict F1 | lax F1 | unaligned P | unaligned R | embed s | CPU s | texts embedded |",
             "|---|---|---|---|---|---|---|---|---|"]
    for s in sets:
        for m in models:
            r = record.get(m, {}).get(s)
            if r is None:
                continue
            if "skipped" in r:
                lines.append(f"| {s} | `{m}` | skipped: {r['skipped']} | | | | | | |")
                continue
            part = "" if r["n_pairs"] == r["of_pairs"] else f" ({r['n_pairs']} of {r['of_pairs']} pairs)"
            lines.append(f"| {s}{part} | `{m}` | {fmt(r['strict_f1'])} | {fmt(r['lax_f1'])} | {fmt(r['unaligned_p'])} "
                         f"| {fmt(r['unaligned_r'])} | {r['embed_s']:.1f} | {r['cpu_s']:.0f} | {r['embedded']} |")
    return lines


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--models", default=DEFAULT_MODELS, help="comma-separated model names")
    ap.add_argument("--sets", default="bench-dev,bench-dev-sent,bench-dev-b,bench-dev-b-sent,textberg",
                    help="comma-separated: " + ", ".join(SETS))
    ap.add_argument("--shared", default=str(HERE.parent.parent / "shared"))
    ap.add_argument("--cache", help="on-disk embedding cache folder (keyed by model and prompt)")
    ap.add_argument("--json", help="write the record of every measured set here as it finishes")
    ap.add_argument("--from-json", help="start from this record (sets in it are not measured again)")
    ap.add_argument("--record-only", action="store_true", help="measure nothing: publish the --from-json record")
    ap.add_argument("--threads", type=int, help="CPU threads of the model (default: the library's)")
    results_md.add_arguments(ap)
    args = ap.parse_args()
    models = [m for m in args.models.split(",") if m]
    sets = [s for s in args.sets.split(",") if s]
    unknown = [s for s in sets if s not in SETS]
    if unknown:
        ap.error(f"unknown sets: {', '.join(unknown)}")
    shared = Path(args.shared)
    record: dict = json.loads(Path(args.from_json).read_text()) if args.from_json else {}

    def save() -> None:
        if args.json:
            Path(args.json).write_text(json.dumps(record, indent=1))

    for m in ([] if args.record_only else models):
        todo = [s for s in sets if not complete(record.get(m, {}).get(s))]
        if not todo:
            continue
        try:
            if args.threads:
                os.environ["ALIGN_THREADS"] = str(args.threads)  # read once when the model loads
            aligner = Aligner(m, progress=False)
            if args.cache:
                aligner.embedder.attach_cache(args.cache)
            aligner.embedder(["warm-up"])
        except AlignError as exc:
            why = str(exc).split(";")[0]
            print(f"bench.models: {m} skipped: {why}", file=sys.stderr)
            record.setdefault(m, {}).update({s: {"skipped": why[:120]} for s in todo})
            continue
        for s in todo:
            r = measure(aligner, shared, s, record.setdefault(m, {}).setdefault(s, {}), save)
            print(f"{m} {s}: {json.dumps({k: v for k, v in r.items() if k != 'pairs'})}", file=sys.stderr, flush=True)
            save()
    for m in models:  # the figures of every set from its recorded pairs
        for s, rec in record.get(m, {}).items():
            if s in SETS and rec.get("pairs"):
                rec.update(summary(shared, s, rec))
    save()
    lines = ["## Models (`python -m bench.models`)", "",
             "Every set with each model, the same aligner and settings. Strict / lax F1 over beads; unaligned "
             "P/R: units with no counterpart; embed s: wall-clock seconds in the model (texts not in the "
             "cache); CPU s: process CPU seconds of the whole set (embedding and alignment).", "",
             *table(record, models, sets), ""]
    results_md.publish(lines, args)


if __name__ == "__main__":
    main()
