"""Book-length alignment: time, memory and accuracy of ``align_units`` on ~20,000 x 20,000 units.

The long pair is built from the bench-dev sentence variants (``<pair>/en.sent.txt``, ``ar.sent.txt``,
``gold.sent.json``): the 12 documents are concatenated, in a new seeded random order on every
repetition, until the English side holds ``--units`` units; each document's gold beads are shifted by the
document's offsets, so the concatenated gold is exact (checked: it covers every unit of both sides once,
in order).

The units are embedded first (timed on its own: "embed s"); then ``align_units`` runs with the default
``AlignConfig`` (corridor search around a coarse path above ``full_search_cells``), on the texts as the
toolkit embeds them (``normalize_for_matching``). "align s" is everything ``align_units`` does besides
calling the model: coarse path, bead scoring statistics, the DP searches, gap filling, refinement
bookkeeping; the model time spent inside ``align_units`` (cache look-ups of the units, embeddings of the
concatenated blocks of refinement and absorption) is "model s in align".

Memory is the resident set size of this process read from the kernel, not tracemalloc (which would
slow the DP loop and miss the model's non-Python allocations):

* **peak RSS (process)**: ``resource.getrusage(RUSAGE_SELF).ru_maxrss``, the high-water mark of the whole
  run so far, model weights, torch, embedding and the embedding cache included (read before and after
  each reset below, since the reset also clears ``ru_maxrss`` on Linux);
* **peak RSS (align)**: on Linux the high-water mark is reset (``/proc/self/clear_refs`` <- ``5``) just
  before ``align_units`` and read (``VmHWM``) just after, so it is the peak during alignment alone; "RSS
  before" is the resident size at that moment (model + embeddings), so the difference is what the
  alignment itself added. Where the reset is refused this column repeats the process peak.

Embedding calls: the bench-dev documents repeat, and the ``Embedder`` cache sends each distinct text to
the model once, so ``embedder.calls / (N + M)`` (reported as "model calls/unit") is far below what a book
of distinct sentences would cost. "texts/unit" counts every text ``align_units`` asks to embed (cache
hits included: the N + M units and each refinement concatenation), i.e. the cost for a book with no
repeated sentence; the target is <= 1.5.

    python -m bench.long [--units 20000] [--model use-m3] [--sizes 2000,5000,10000] [--seed 0]

``--sizes`` adds a scaling table (one run per size, same model and cache) before the main run.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import random
import resource
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from align.core import AlignConfig, align_units, dp
from align.core import passes as PASSES
from align.core import scorer as A
from align.core import search as SEARCH
from align.embed import Embedder
from align.evaluate import score
from align.prepare.repair import normalize_for_matching

HERE = Path(__file__).resolve().parent

DEFAULT_SHARED = HERE.parent.parent / "shared"


def _code_version() -> str:
    """Short sha256 of the aligner's modules as imported, to tie a figure to the code that produced it."""
    return ", ".join(f"{Path(m.__file__).name} {hashlib.sha256(Path(m.__file__).read_bytes()).hexdigest()[:10]}"
                     for m in (A, dp))


CODE_VERSION = _code_version()  # read at import: the files may change while a long run goes on

Beads = list[tuple[list[int], list[int]]]


# ---- the long pair ----
@dataclass
class LongPair:
    src: list[str]
    tgt: list[str]
    gold: Beads
    docs: list[str]  # pair ids in concatenation order


def _lines(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def load_sentence_pairs(bench_dev: Path) -> list[tuple[str, list[str], list[str], Beads]]:
    """``(pair id, English units, Arabic units, gold beads)`` of every bench-dev pair, sorted by id."""
    out = []
    for d in sorted(p for p in bench_dev.iterdir() if (p / "gold.sent.json").is_file()):
        en, ar = _lines(d / "en.sent.txt"), _lines(d / "ar.sent.txt")
        gold = [(list(s), list(t)) for s, t in json.loads((d / "gold.sent.json").read_text(encoding="utf-8"))]
        check_cover(gold, len(en), len(ar))
        out.append((d.name, en, ar, gold))
    if not out:
        raise FileNotFoundError(f"no bench-dev pairs with gold.sent.json under {bench_dev}")
    return out


def check_cover(beads, n_src: int, n_tgt: int) -> None:
    """Every unit of each side in exactly one bead, in increasing order (a monotone alignment)."""
    src = [i for s, _ in beads for i in s]
    tgt = [j for _, t in beads for j in t]
    if src != list(range(n_src)) or tgt != list(range(n_tgt)):
        raise AssertionError("beads do not cover each unit once in order")


def build_long_pair(bench_dev: Path, n_units: int, seed: int = 0,
                    names: Sequence[str] | None = None) -> LongPair:
    """Concatenate the bench-dev sentence documents (a new seeded order each repetition) until the
    English side has at least ``n_units`` units (the last repetition may stop part way); ``names``
    picks the documents to use, in that order."""
    pairs = load_sentence_pairs(bench_dev)
    if names is not None:
        by_name = {p[0]: p for p in pairs}
        pairs = [by_name[n] for n in names]
    rng = random.Random(seed)
    src: list[str] = []
    tgt: list[str] = []
    gold: Beads = []
    docs: list[str] = []
    while len(src) < n_units:
        order = list(range(len(pairs)))
        rng.shuffle(order)
        for k in order:
            if len(src) >= n_units:
                break
            name, en, ar, g = pairs[k]
            i0, j0 = len(src), len(tgt)
            gold.extend(([i + i0 for i in s], [j + j0 for j in t]) for s, t in g)
            src.extend(en)
            tgt.extend(ar)
            docs.append(name)
    check_cover(gold, len(src), len(tgt))
    return LongPair(src, tgt, gold, docs)


# ---- measuring ----
class CountingEmbed:
    """Passes texts to an embedder; counts every text asked for (cache hits included) and model time."""

    def __init__(self, embedder) -> None:
        self.embedder = embedder
        self.requested = 0
        self.seconds = 0.0
        self.cpu_seconds = 0.0
        self.model_batches = 0  # invocations that sent at least one text to the model
        self.single_text_batches = 0  # ... exactly one text (no batching)

    def __call__(self, texts):
        texts = list(texts)
        self.requested += len(texts)
        before = getattr(self.embedder, "calls", 0)
        t, c = time.perf_counter(), time.process_time()
        out = self.embedder(texts)
        self.seconds += time.perf_counter() - t
        self.cpu_seconds += time.process_time() - c
        sent = getattr(self.embedder, "calls", 0) - before
        self.model_batches += sent > 0
        self.single_text_batches += sent == 1
        return out


class PhaseTimer:
    """Wall time of the stages of ``align_units``, by wrapping module functions for one run.

    Stages nest (``search`` holds a DP, gap filling and absorption), so they do not add up; the DP of
    the coarse pass is counted in "coarse band" only. Model time spent inside a stage is included.
    """

    def __init__(self) -> None:
        self.t: dict[str, float] = {}
        self.n: dict[str, int] = {}
        self._saved: list = []
        self._in_coarse = 0

    def _wrap(self, owner, attr: str, label: str, coarse: bool = False) -> None:
        fn = getattr(owner, attr)
        if fn is None:
            return

        def wrapped(*a, **kw):
            if self._in_coarse and not coarse:
                return fn(*a, **kw)
            self._in_coarse += coarse
            t = time.perf_counter()
            try:
                return fn(*a, **kw)
            finally:
                self.t[label] = self.t.get(label, 0.0) + time.perf_counter() - t
                self.n[label] = self.n.get(label, 0) + 1
                self._in_coarse -= coarse

        self._saved.append((owner, attr, fn))
        setattr(owner, attr, wrapped)

    def __enter__(self):
        self._wrap(SEARCH, "coarse_band", "coarse band", coarse=True)
        self._wrap(A.BeadScorer, "__init__", "scorer set-up")
        self._wrap(PASSES, "search", "search")
        self._wrap(dp, "best_path", "DP")
        self._wrap(PASSES, "fill_gaps", "gap fill")
        self._wrap(PASSES, "absorb", "absorb")
        self._wrap(A.BeadScorer, "refine", "refine")
        return self

    def __exit__(self, *exc) -> None:
        for owner, attr, fn in reversed(self._saved):
            setattr(owner, attr, fn)


def _rss_kb(field: str) -> int | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return None


def _reset_peak() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


_PEAK_MB = [0.0]  # process high-water mark seen so far (the reset of _reset_peak also resets ru_maxrss)


def _process_peak_mb() -> float:
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    mb = kb / (1024 * 1024) if sys.platform == "darwin" else kb / 1024  # bytes on macOS, KiB on Linux
    _PEAK_MB[0] = max(_PEAK_MB[0], mb)
    return _PEAK_MB[0]


def run_long(pair: LongPair, embedder, config: AlignConfig = AlignConfig()) -> dict:
    """Embed, align and score one long pair; returns the figures."""
    src = [normalize_for_matching(t) for t in pair.src]
    tgt = [normalize_for_matching(t) for t in pair.tgt]
    N, M = len(src), len(tgt)
    calls0 = embedder.calls
    t = time.perf_counter()
    embedder(src)
    embedder(tgt)
    embed_s = time.perf_counter() - t
    calls_units = embedder.calls - calls0

    counting = CountingEmbed(embedder)
    rss_before = _rss_kb("VmRSS")
    _process_peak_mb()  # the peak so far (model load, embedding), before the reset below
    reset = _reset_peak()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    with PhaseTimer() as phases:
        t, cpu = time.perf_counter(), time.process_time()
        path, scores, timings = align_units(src, tgt, counting, config)
        wall, cpu = time.perf_counter() - t, time.process_time() - cpu
    align_peak = _rss_kb("VmHWM") if reset else None
    check_cover(path, N, M)
    sc = score([pair.gold], [[(list(s), list(t)) for s, t in path]])
    refine_texts = counting.requested - N - M
    return {
        "N": N, "M": M, "docs": len(pair.docs),
        "embed_s": embed_s,
        "model_in_align_s": timings["embed_s"],
        "exact_blocks": timings.get("embedded_blocks"),
        "align_s": timings["align_s"], "align_wall_s": wall, "align_cpu_s": cpu - counting.cpu_seconds,
        "load_avg": load,
        "phases": {k: round(v, 3) for k, v in phases.t.items()},
        "band_cells": timings["band_cells"],
        "cells_share": timings["band_cells"] / ((N + 1) * (M + 1)),
        "mean_width": timings["band_cells"] / (N + 1),
        "texts_per_unit": counting.requested / (N + M),
        "refine_texts": refine_texts,
        "model_batches": counting.model_batches, "single_text_batches": counting.single_text_batches,
        "model_calls": embedder.calls - calls0,
        "model_calls_units": calls_units,
        "calls_per_unit": (embedder.calls - calls0) / (N + M),
        "rss_before_mb": rss_before / 1024 if rss_before else None,
        "align_peak_mb": align_peak / 1024 if align_peak else None,
        "process_peak_mb": _process_peak_mb(),
        "strict_p": sc.strict_p, "strict_r": sc.strict_r, "strict_f1": sc.strict_f1, "lax_f1": sc.lax_f1,
        "unaligned_f1": sc.unaligned_f1,
    }


# ---- report ----
TARGETS = "peak RSS < 2 GB, DP (align) time < 60 s on 2 cores with embedding excluded, texts per unit <= 1.5"


def _mb(x) -> str:
    return "n/a" if x is None else f"{x:.0f}"


def table(results: list[dict]) -> list[str]:
    lines = ["| EN x AR units | band cells | cells / (N*M) | mean width | embed s | align s | align CPU s "
             "| model s in align | RSS before MB | peak RSS align MB | peak RSS process MB | texts/unit "
             "| model calls/unit | strict F1 | lax F1 |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        lines.append(
            f"| {r['N']} x {r['M']} | {r['band_cells']:,} | {r['cells_share']:.4f} | {r['mean_width']:.0f} "
            f"| {r['embed_s']:.1f} | {r['align_s']:.1f} | {r['align_cpu_s']:.1f} | {r['model_in_align_s']:.1f} | {_mb(r['rss_before_mb'])} "
            f"| {_mb(r['align_peak_mb'])} | {_mb(r['process_peak_mb'])} | {r['texts_per_unit']:.3f} "
            f"| {r['calls_per_unit']:.3f} | {r['strict_f1']:.3f} | {r['lax_f1']:.3f} |")
    return lines


def phases_line(r: dict) -> str:
    parts = ", ".join(f"{k} {v:.1f}s" for k, v in r["phases"].items())
    return (f"Stages of `align_units` at {r['N']} x {r['M']} (wall seconds, nested stages inclusive, "
            f"model time inside a stage included): {parts}. Inside `align_units` the model was invoked "
            f"{r['model_batches']} times, {r['single_text_batches']} of them for a single text.")


def section(results: list[dict], model: str, seed: int, load_s: float) -> list[str]:
    main = results[-1]
    ok = [
        ("peak RSS (process) < 2 GB", main["process_peak_mb"] < 2048),
        ("align time < 60 s", main["align_s"] < 60),
        ("texts/unit <= 1.5", main["texts_per_unit"] <= 1.5),
    ]
    lines = [f"## Book-length alignment (`python -m bench.long --units {main['N']} --model {model}`)", "",
             f"Machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}, "
             f"CPU only. The bench-dev sentence documents (en.sent.txt / ar.sent.txt) concatenated "
             f"{main['docs']} times in all (document order reshuffled each repetition, seed {seed}) with "
             f"their gold beads shifted; default `AlignConfig` (corridor around a coarse path above "
             f"{AlignConfig().full_search_cells:,} cells). Model load + warm-up {load_s:.1f}s, not counted. "
             f"Code: {CODE_VERSION}. Load average at the start of the main alignment: "
             f"{main['load_avg'] if main['load_avg'] is None else round(main['load_avg'], 1)} (wall times "
             f"stretch when other processes share the 2 cores; *align CPU s* does not).", ""]
    lines += table(results)
    lines += ["", phases_line(main), "",
              "Targets (" + TARGETS + "): " + "; ".join(f"{name}: {'met' if good else 'NOT met'}"
                                                      for name, good in ok) + ".", "",
              "*embed s*: the units embedded before `align_units` (repeated texts are embedded once, so this "
              "is the cost of the distinct bench-dev sentences, not of a real book). *align s*: `align_units` "
              "minus model time; *align CPU s*: CPU time of the process over the same span (all threads). "
              "*texts/unit*: texts `align_units` asked to embed per unit, cache hits "
              "included (a book without repeats would send all of them to the model); *model calls/unit*: "
              "`embedder.calls / (N + M)`, tiny here because of the repeats. *peak RSS align*: high-water "
              "mark reset just before `align_units`; *RSS before*: resident size at that moment (model, "
              "embedding cache).", ""]
    return lines


def long_doc_section(shared: Path | str, n_units: int = 20000, model: str = "use-m3",
                     sizes: list[int] | tuple[int, ...] = (), seed: int = 0,
                     embedder=None) -> list[str]:
    """Markdown lines of the book-length section (for bench/RESULTS.md): one run per size in
    ``sizes`` then the main run at ``n_units``."""
    shared = Path(shared)
    t = time.perf_counter()
    embedder = embedder or Embedder(model, progress=False)
    embedder(["warm-up"])
    load_s = time.perf_counter() - t
    results = []
    for n in [*sizes, n_units]:
        pair = build_long_pair(shared / "bench-dev", n, seed)
        r = run_long(pair, embedder)
        print(json.dumps({k: (round(v, 4) if isinstance(v, float) else v) for k, v in r.items()}),
              file=sys.stderr, flush=True)
        results.append(r)
    return section(results, model, seed, load_s)


def main() -> None:
    from bench import results as results_md

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--units", type=int, default=20000, help="English units of the long pair (default 20000)")
    ap.add_argument("--model", default="use-m3")
    ap.add_argument("--sizes", default="", help="comma-separated smaller sizes to run first (scaling table)")
    ap.add_argument("--seed", type=int, default=0, help="seed of the document order")
    ap.add_argument("--shared", default=str(DEFAULT_SHARED))
    results_md.add_arguments(ap)
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    lines = long_doc_section(args.shared, args.units, args.model, sizes, args.seed)
    results_md.publish(lines, args)


if __name__ == "__main__":
    main()
