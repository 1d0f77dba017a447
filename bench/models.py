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
embedded (``--json`` records every set as it finishes; ``--from-json`` publishes from such a record,
the figures of sets missing from it are measured).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from align import Aligner, AlignError
from bench import results as results_md
from bench.run import HERE, bench_dev, fmt, textberg

SETS = {  # name -> (folder under --shared, units)
    "bench-dev": ("bench-dev", "paragraphs"),
    "bench-dev-b": ("bench-dev-b", "paragraphs"),
    "bench-dev-sent": ("bench-dev", "lines"),
    "bench-dev-b-sent": ("bench-dev-b", "lines"),
    "textberg": ("textberg-dev", "lines"),
}
DEFAULT_MODELS = "use-m3,embeddinggemma-300m"


def measure(aligner: Aligner, shared: Path, name: str) -> dict:
    folder, units = SETS[name]
    calls0, hits0 = aligner.embedder.calls, aligner.embedder.disk_hits
    c0, t0 = time.process_time(), time.perf_counter()
    if name == "textberg":
        sc, emb_t, dp_t = textberg(aligner, shared / folder)
    else:
        _rows, sc, emb_t, dp_t = bench_dev(aligner, shared / folder, units)
    return sc.as_dict() | {"embed_s": round(emb_t, 2), "align_s": round(dp_t, 3),
                           "cpu_s": round(time.process_time() - c0, 1),
                           "wall_s": round(time.perf_counter() - t0, 1),
                           "embedded": aligner.embedder.calls - calls0,
                           "cache_hits": aligner.embedder.disk_hits - hits0}


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
            lines.append(f"| {s} | `{m}` | {fmt(r['strict_f1'])} | {fmt(r['lax_f1'])} | {fmt(r['unaligned_p'])} "
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

    for m in models:
        todo = [s for s in sets if s not in record.get(m, {})]
        if not todo:
            continue
        try:
            aligner = Aligner(m, progress=False)
            if args.threads:
                from align.embed.embedder import set_threads

                set_threads(args.threads)
            if args.cache:
                aligner.embedder.attach_cache(args.cache)
            aligner.embedder(["warm-up"])
        except AlignError as exc:
            why = str(exc).split(";")[0]
            print(f"bench.models: {m} skipped: {why}", file=sys.stderr)
            record.setdefault(m, {}).update({s: {"skipped": why[:120]} for s in todo})
            continue
        for s in todo:
            r = measure(aligner, shared, s)
            record.setdefault(m, {})[s] = r
            print(f"{m} {s}: {json.dumps(r)}", file=sys.stderr, flush=True)
            save()
    save()
    lines = ["## Models (`python -m bench.models`)", "",
             "Every set with each model, the same aligner and settings. Strict / lax F1 over beads; unaligned "
             "P/R: units with no counterpart; embed s: wall-clock seconds in the model (texts not in the "
             "cache); CPU s: process CPU seconds of the whole set (embedding and alignment).", "",
             *table(record, models, sets), ""]
    results_md.publish(lines, args)


if __name__ == "__main__":
    main()
