"""Benchmark: what messy input costs the alignment of bench-dev (paragraph level).

    python -m bench.messy_run [--model use-m3] [--shared ../shared] [--seed 0] [--stages] [--other-seeds 1,2]
                              [--single-newlines]

The figures in bench/RESULTS.md are those of ``--stages --other-seeds 1,2 --single-newlines`` (written
there by that run).

For every pair of ``../shared/bench-dev`` (beside the repository):

* **clean**: ``en.txt`` / ``ar.txt`` read as they are (:func:`align.read_document`);
* **messy**: the same paragraphs damaged by ``bench/messy.py`` with fixed seeds: the English through
  :func:`messy_english_mapped` (header, byline, page breaks inside paragraphs with page numbers and
  running headers, footer lines), the Arabic through :func:`hard_wrap_visual_mapped` (visual word
  order, hard wrapped at ~80 characters, a blank line after every line, paragraph boundaries not
  marked); both then go through :func:`align.document_from_lines` (language detected, Arabic order
  repaired, text reflowed) and are aligned.

The messy prediction is scored against the gold by projecting it back onto the gold paragraphs
(:func:`project`): a predicted paragraph stands for the gold paragraphs of the input lines it spans
(the generators map every line to its paragraph, or to ``None`` for blank lines and boilerplate); a
predicted bead stands for the union over its paragraphs; beads that share a gold paragraph on either
side are merged (union-find; the merged bead takes the place of its first member), so each gold
paragraph is in exactly one projected bead; beads of boilerplate only are dropped (and counted
apart), and gold paragraphs in no predicted paragraph (lost) are added as unaligned 1-0 / 0-1 beads.
Clean and messy runs are then scored with :func:`align.evaluate.score` (strict / lax F1, unaligned
P/R, Vecalign definitions), per pair and micro-averaged over all pairs.

Boilerplate (predicted paragraphs made only of lines the generator added) should come out marked
``kind="furniture"`` and unaligned; the section counts how many do.
"""

from __future__ import annotations

import argparse
import sys
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from align import (
    Aligner,
    Document,
    Segment,
    document_from_lines,
    load_beads,
    read_document,
    score,
)
from align.evaluate import Scores
from align.prepare.repair import repair_arabic_order
from align.prepare.segment import paragraphs
from align.read import read_lines
from bench import results as results_md

HERE = Path(__file__).resolve().parent

Beads = list[tuple[list[int], list[int]]]
TARGET = 0.02  # messy strict F1 should be within this of clean


def default_shared() -> Path:
    """``../shared`` beside the repository."""
    return Path(__file__).resolve().parents[1].parent / "shared"


def load_messy():
    """``bench/messy.py``, the damage generator."""
    from bench import messy

    return messy


def pair_seed(name: str, seed: int = 0) -> int:
    """Fixed seed of a pair: from its name, so adding pairs does not change the others' damage."""
    return (zlib.crc32(name.encode("utf-8")) + seed) % 1_000_003


# ----------------------------------------------------------------------------------------------
# projection of a prediction on damaged input back onto the gold paragraphs


def gold_sets(doc: Document, where: Sequence[int | None]) -> list[frozenset[int]]:
    """Per predicted paragraph, the gold paragraphs of the input lines its 1-based span covers."""
    out = []
    for seg in doc.segments:
        a, b = seg.lines
        out.append(frozenset(p for p in where[a - 1:b] if p is not None))
    return out


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.up = list(range(n))

    def find(self, i: int) -> int:
        while self.up[i] != i:
            self.up[i] = self.up[self.up[i]]
            i = self.up[i]
        return i

    def union(self, a: int, b: int) -> None:
        a, b = self.find(a), self.find(b)
        if a != b:
            self.up[max(a, b)] = min(a, b)  # the root is the first bead in document order


def project(beads: Sequence[tuple[Sequence[int], Sequence[int]]], src_sets: Sequence[frozenset[int]],
            tgt_sets: Sequence[frozenset[int]], n_src: int, n_tgt: int) -> tuple[Beads, int]:
    """Predicted beads over damaged-input paragraphs -> beads over gold paragraph indices.

    ``src_sets[i]`` / ``tgt_sets[j]``: gold paragraphs of predicted paragraph ``i`` / ``j``;
    ``n_src`` / ``n_tgt``: number of gold paragraphs.  Returns the projected beads (every gold
    paragraph exactly once, in document order) and the number of dropped boilerplate-only beads.
    """
    sides = [(set().union(*(src_sets[i] for i in s)), set().union(*(tgt_sets[j] for j in t))) for s, t in beads]
    uf = _UnionFind(len(sides))
    owner_s: dict[int, int] = {}
    owner_t: dict[int, int] = {}
    for k, (gs, gt) in enumerate(sides):
        for g in gs:
            uf.union(owner_s.setdefault(g, k), k)
        for g in gt:
            uf.union(owner_t.setdefault(g, k), k)
    groups: dict[int, tuple[set[int], set[int]]] = {}
    dropped = 0
    for k, (gs, gt) in enumerate(sides):
        if not gs and not gt:
            dropped += 1
            continue
        r = uf.find(k)
        g = groups.setdefault(r, (set(), set()))
        g[0].update(gs)
        g[1].update(gt)
    # (position, tie-break, src, tgt); lost gold paragraphs go right after the bead holding the
    # nearest earlier paragraph of their side
    out: list[tuple[float, int, list[int], list[int]]] = [(float(r), 0, sorted(s), sorted(t))
                                                           for r, (s, t) in groups.items()]
    pos_s = {g: float(r) for r, (s, _) in groups.items() for g in s}
    pos_t = {g: float(r) for r, (_, t) in groups.items() for g in t}
    for n, pos, side in ((n_src, pos_s, 0), (n_tgt, pos_t, 1)):
        last = -1.0
        for g in range(n):
            if g in pos:
                last = pos[g]
                continue
            out.append((last + 0.5, g + 1, [g] if side == 0 else [], [] if side == 0 else [g]))
    out.sort(key=lambda x: (x[0], x[1]))
    return [(s, t) for _, _, s, t in out], dropped


# ----------------------------------------------------------------------------------------------
# one pair


@dataclass
class PairResult:
    name: str
    n_en: int
    n_ar: int
    clean: Scores
    messy: Scores
    clean_pred: Beads
    messy_proj: Beads
    gold: Beads
    messy_en_segments: int = 0
    messy_ar_segments: int = 0
    langs: tuple[str, str] = ("", "")
    # reflow diagnostics per side: predicted content paragraphs holding more than one gold paragraph,
    # gold paragraphs spread over several predicted paragraphs, lost gold paragraphs, gold content in
    # furniture paragraphs, predicted paragraphs with exactly one gold paragraph's text
    diag: dict[str, dict[str, int]] = field(default_factory=dict)
    boiler: dict[str, int] = field(default_factory=dict)
    boiler_examples: list[str] = field(default_factory=list)
    seconds: float = 0.0
    stages: dict[str, Beads] = field(default_factory=dict)  # stage attribution runs (projected beads)


def _same_text(a: str, b: str) -> bool:
    """Equal up to whitespace and spaces before sentence punctuation (the Arabic order repair attaches
    stand-alone punctuation to its word)."""
    ws_punct = load_messy().ws_punct
    return ws_punct(a) == ws_punct(b)


def _side_diag(doc: Document, sets: list[frozenset[int]], gold_texts: Sequence[str]) -> dict[str, int]:
    n = len(gold_texts)
    count: dict[int, int] = {}
    for s in sets:
        for g in s:
            count[g] = count.get(g, 0) + 1
    d = {
        "segments": len(doc),
        "merged": sum(len(s) > 1 for s in sets),
        "split": sum(c > 1 for c in count.values()),
        "lost": sum(g not in count for g in range(n)),
        "content_as_furniture": sum(bool(s) and seg.kind == "furniture" for seg, s in zip(doc.segments, sets)),
        "exact_text": sum(len(s) == 1 and count[next(iter(s))] == 1
                          and _same_text(seg.text, gold_texts[next(iter(s))])
                          for seg, s in zip(doc.segments, sets)),
        "gold": n,
    }
    return d


def _boilerplate(beads, src: Document, tgt: Document, src_sets, tgt_sets) -> tuple[dict[str, int], list[str]]:
    """How the boilerplate paragraphs (no gold paragraph in their lines) were handled."""
    c = {"total": 0, "unaligned": 0, "aligned": 0, "furniture": 0, "content_kind": 0}
    examples: list[str] = []
    for s, t in beads:
        for side, idx, other, doc, sets in (("en", s, t, src, src_sets), ("ar", t, s, tgt, tgt_sets)):
            for i in idx:
                if sets[i]:
                    continue
                seg = doc.segments[i]
                c["total"] += 1
                c["furniture" if seg.kind == "furniture" else "content_kind"] += 1
                if other:
                    c["aligned"] += 1
                else:
                    c["unaligned"] += 1
                if other or seg.kind != "furniture":
                    other_doc = tgt if side == "en" else src
                    what = "aligned to " + repr(other_doc.join(tuple(other))[:60]) if other else "unaligned"
                    examples.append(f"{side} {seg.kind} {seg.text[:60]!r}: {what}")
    return c, examples


def _clean_where(doc: Document, n_lines: int) -> list[int | None]:
    """Line -> paragraph map of a clean file (its paragraphs are the gold paragraphs)."""
    where: list[int | None] = [None] * n_lines
    for seg in doc.segments:
        for k in range(seg.lines[0], seg.lines[1] + 1):
            where[k - 1] = seg.index
    return where


def _gold_breaks_doc(lines: Sequence[str], where: Sequence[int | None], lang: str) -> Document:
    """The damaged lines with the Arabic order repaired but the gold paragraph breaks (no reflow)."""
    rep = repair_arabic_order(lines, "auto")
    groups: dict[int, list[int]] = {}
    for k, p in enumerate(where, start=1):
        if p is not None and rep[k - 1].strip():
            groups.setdefault(p, []).append(k)
    segs = tuple(Segment(n, " ".join(load_messy().ws(rep[k - 1]) for k in ks), (ks[0], ks[-1]))
                 for n, (_, ks) in enumerate(sorted(groups.items())))
    return Document(segs, lang, "paragraph")


STAGES = {
    "en_messy": "EN messy, AR clean",
    "ar_messy": "EN clean, AR messy",
    "ar_gold_breaks": "EN clean, AR messy with the gold paragraph breaks (order repair only, no reflow)",
}


def run_pair(pair: Path, aligner: Aligner, seed: int = 0, stages: bool = False,
             blank_lines: bool = True, clean_pred: Beads | None = None) -> PairResult:
    """Clean and messy runs of one bench-dev pair, both scored against its gold (``clean_pred``: the
    clean prediction of an earlier run, not aligned again)."""
    t0 = time.perf_counter()
    messy = load_messy()
    gold = load_beads(pair / "gold.json")
    en_raw, ar_raw = read_lines(pair / "en.txt"), read_lines(pair / "ar.txt")
    en_paras = [s.text for s in paragraphs(en_raw)]
    ar_paras = [s.text for s in paragraphs(ar_raw)]

    # clean
    if clean_pred is None or stages:
        src, tgt = read_document(pair / "en.txt"), read_document(pair / "ar.txt")
    if clean_pred is None:
        clean_pred = [(list(b.src), list(b.tgt)) for b in aligner.align(src, tgt).beads]

    # messy
    s = pair_seed(pair.name, seed)
    en_lines, en_where = messy.messy_english_mapped(en_paras, seed=s)
    ar_lines, ar_where = messy.hard_wrap_visual_mapped(ar_paras, seed=s, blank_lines=blank_lines)
    msrc = document_from_lines(en_lines, lang=None, path=f"{pair.name}/en (messy)")
    mtgt = document_from_lines(ar_lines, lang=None, path=f"{pair.name}/ar (messy)")
    mal = aligner.align(msrc, mtgt)
    msrc, mtgt = mal.src, mal.tgt  # the paragraphs as the alignment cut them (align.core.soft)
    src_sets, tgt_sets = gold_sets(msrc, en_where), gold_sets(mtgt, ar_where)
    raw = [(list(b.src), list(b.tgt)) for b in mal.beads]
    proj, _ = project(raw, src_sets, tgt_sets, len(en_paras), len(ar_paras))
    boiler, examples = _boilerplate(raw, msrc, mtgt, src_sets, tgt_sets)

    res = PairResult(pair.name, len(en_paras), len(ar_paras), score([gold], [clean_pred]), score([gold], [proj]),
                     clean_pred, proj, gold, len(msrc), len(mtgt), (msrc.lang, mtgt.lang))
    res.diag = {"en": _side_diag(msrc, src_sets, en_paras), "ar": _side_diag(mtgt, tgt_sets, ar_paras)}
    res.boiler, res.boiler_examples = boiler, examples
    if stages:  # which damage costs what: one side damaged at a time, and the Arabic without reflow
        cw_en = _clean_where(src, len(en_raw))
        cw_ar = _clean_where(tgt, len(ar_raw))
        runs = {"en_messy": (msrc, en_where, tgt, cw_ar), "ar_messy": (src, cw_en, mtgt, ar_where),
                "ar_gold_breaks": (src, cw_en, _gold_breaks_doc(ar_lines, ar_where, "ar"), ar_where)}
        for key, (a, aw, b, bw) in runs.items():
            x = aligner.align(a, b)
            res.stages[key] = project([(list(bd.src), list(bd.tgt)) for bd in x.beads], gold_sets(x.src, aw),
                                      gold_sets(x.tgt, bw), len(en_paras), len(ar_paras))[0]
    res.seconds = time.perf_counter() - t0
    return res


def bench_pairs(root: Path) -> list[Path]:
    return sorted(p for p in root.iterdir() if (p / "gold.json").is_file()) if root.is_dir() else []


# ----------------------------------------------------------------------------------------------
# report


def _f(x: float) -> str:
    return f"{x:.3f}"


def _d(x: float) -> str:
    return f"{x:+.3f}"


def messy_section(shared: Path, aligner, *, seed: int = 0, stages: bool = False,
                  results: list[PairResult] | None = None, other_seeds: Sequence[int] = (),
                  single_newlines: bool = False) -> list[str]:
    """Markdown lines: per-pair and overall clean-vs-messy scores, reflow and boilerplate counts.

    ``stages`` adds an attribution table (three more alignments per pair: only the English damaged,
    only the Arabic damaged, the Arabic damaged but cut at the gold paragraph breaks).  ``results``,
    when a list, receives the :class:`PairResult` of every pair (for diagnosis).
    """
    root = Path(shared) / "bench-dev"
    pairs = bench_pairs(root)
    if not pairs:
        return ["## bench-dev, clean vs messy input", "", f"bench-dev not found under `{Path(shared).name}`.", ""]
    t0 = time.perf_counter()
    rows = [run_pair(p, aligner, seed, stages) for p in pairs]
    if results is not None:
        results.extend(rows)
    wall = time.perf_counter() - t0
    clean = score([r.gold for r in rows], [r.clean_pred for r in rows])
    messy = score([r.gold for r in rows], [r.messy_proj for r in rows])

    out = ["## bench-dev, clean vs messy input (paragraph level)", "",
           "Messy = English through `messy_english_mapped` (header, byline, page breaks with page numbers and "
           "running headers inside paragraphs, footer), Arabic through `hard_wrap_visual_mapped` (visual order, "
           "hard wrapped, a blank line after every line), seed per pair = crc32(pair name)"
           + (f" + {seed}" if seed else "") + "; then `document_from_lines` (language detected, Arabic order "
           "repaired, reflowed) and `Aligner.align`. The messy prediction is projected onto the gold paragraphs "
           "through the generators' line maps (beads sharing a gold paragraph merged, boilerplate-only beads "
           "dropped, lost gold paragraphs unaligned).", "",
           "| pair | EN gold/messy | AR gold/messy | strict F1 clean | strict F1 messy | diff | lax F1 clean "
           "| lax F1 messy | unal. P/R clean | unal. P/R messy |",
           "|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        c, m = r.clean, r.messy
        out.append(f"| {r.name} | {r.n_en}/{r.messy_en_segments} | {r.n_ar}/{r.messy_ar_segments} "
                   f"| {_f(c.strict_f1)} | {_f(m.strict_f1)} | {_d(m.strict_f1 - c.strict_f1)} "
                   f"| {_f(c.lax_f1)} | {_f(m.lax_f1)} | {_f(c.unaligned_p)}/{_f(c.unaligned_r)} "
                   f"| {_f(m.unaligned_p)}/{_f(m.unaligned_r)} |")
    out += ["", "| all pairs | strict P | strict R | strict F1 | lax F1 | unaligned P | unaligned R |",
            "|---|---|---|---|---|---|---|"]
    for label, sc in (("clean", clean), ("messy", messy)):
        out.append(f"| {label} | {_f(sc.strict_p)} | {_f(sc.strict_r)} | {_f(sc.strict_f1)} | {_f(sc.lax_f1)} "
                   f"| {_f(sc.unaligned_p)} | {_f(sc.unaligned_r)} |")
    out.append(f"| messy - clean | {_d(messy.strict_p - clean.strict_p)} | {_d(messy.strict_r - clean.strict_r)} "
               f"| **{_d(messy.strict_f1 - clean.strict_f1)}** | {_d(messy.lax_f1 - clean.lax_f1)} "
               f"| {_d(messy.unaligned_p - clean.unaligned_p)} | {_d(messy.unaligned_r - clean.unaligned_r)} |")
    gap = clean.strict_f1 - messy.strict_f1
    out += ["", f"Target (messy strict F1 within {TARGET} of clean): "
            f"**{'met' if gap <= TARGET else 'missed'}** (gap {gap:.3f}). Unaligned units: "
            f"{clean.n_gold_unaligned} gold; predicted {clean.n_pred_unaligned} clean, {messy.n_pred_unaligned} messy.",
            ""]

    if stages:
        out += ["Where the loss comes from (all pairs, same damage, projected the same way):", "",
                "| run | strict F1 | lax F1 | unaligned P | unaligned R | strict F1 - clean |", "|---|---|---|---|---|---|"]
        for key, label in [("clean", "clean"), *STAGES.items(), ("messy", "EN messy, AR messy")]:
            if key in ("clean", "messy"):
                sc = clean if key == "clean" else messy
            else:
                sc = score([r.gold for r in rows], [r.stages[key] for r in rows])
            out.append(f"| {label} | {_f(sc.strict_f1)} | {_f(sc.lax_f1)} | {_f(sc.unaligned_p)} | {_f(sc.unaligned_r)} "
                       f"| {_d(sc.strict_f1 - clean.strict_f1)} |")
        out.append("")

    # reflow / repair diagnostics
    out += ["Paragraph recovery on the messy input (per side, all pairs): predicted paragraphs; predicted "
            "paragraphs holding several gold paragraphs (missed boundary); gold paragraphs cut over several "
            "predicted paragraphs (spurious boundary); gold paragraphs lost; predicted paragraphs with gold "
            "text marked furniture; gold paragraphs recovered with exactly their text, spaces before "
            "punctuation ignored (order repair and reflow both right).", "",
            "| side | gold paragraphs | predicted | missed boundary | spurious boundary | lost | content as furniture "
            "| exact text |", "|---|---|---|---|---|---|---|---|"]
    for side in ("en", "ar"):
        tot = {k: sum(r.diag[side][k] for r in rows) for k in rows[0].diag[side]}
        out.append(f"| {side} | {tot['gold']} | {tot['segments']} | {tot['merged']} | {tot['split']} | {tot['lost']} "
                   f"| {tot['content_as_furniture']} | {tot['exact_text']} |")
    wrong_lang = [f"{r.name} ({r.langs[0]}/{r.langs[1]})" for r in rows if r.langs != ("en", "ar")]
    if wrong_lang:
        out += ["", "Language detected wrongly on messy input: " + ", ".join(wrong_lang) + "."]

    b = {k: sum(r.boiler.get(k, 0) for r in rows) for k in ("total", "unaligned", "aligned", "furniture",
                                                              "content_kind")}
    out += ["", "Boilerplate paragraphs (predicted paragraphs made only of added lines: header, byline, "
            "footer, page furniture not dropped):", "",
            "| boilerplate paragraphs | left unaligned | aligned to something | marked furniture | marked content |",
            "|---|---|---|---|---|",
            f"| {b['total']} | {b['unaligned']} | {b['aligned']} | {b['furniture']} | {b['content_kind']} |"]
    examples = [f"{r.name}: {e}" for r in rows for e in r.boiler_examples]
    if examples:
        out += ["", "Boilerplate not handled as expected (aligned, or not marked furniture):", ""]
        out += [f"* {e}" for e in examples[:20]]
        if len(examples) > 20:
            out.append(f"* ... and {len(examples) - 20} more")
    out += ["", f"({wall:.1f}s wall for {len(rows)} pairs, all runs, model loading excluded.)", ""]
    if other_seeds:
        figs = []
        for other in other_seeds:
            more = [run_pair(p, aligner, other, clean_pred=r.clean_pred) for p, r in zip(pairs, rows)]
            figs.append(f"`--seed {other}` {score([r.gold for r in more], [r.messy_proj for r in more]).strict_f1:.3f}")
        out += [f"Other damage seeds, messy strict F1: {', '.join(figs)} (clean {clean.strict_f1:.3f}).", ""]
    if single_newlines:
        more = [run_pair(p, aligner, seed, blank_lines=False, clean_pred=r.clean_pred)
                for p, r in zip(pairs, rows)]
        f1 = score([r.gold for r in more], [r.messy_proj for r in more]).strict_f1
        out += [f"The same Arabic with single newlines (no blank line at all, as some PDF extractors give it): "
                f"messy strict F1 {f1:.3f}.", ""]
    return out


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default="use-m3")
    ap.add_argument("--shared", default=None, help="directory holding bench-dev (default: ../shared)")
    ap.add_argument("--seed", type=int, default=0, help="added to every pair's damage seed")
    ap.add_argument("--stages", action="store_true",
                    help="also attribute the loss: one side damaged at a time, Arabic without reflow")
    ap.add_argument("--other-seeds", default="", help="comma-separated seeds also run (overall figure only)")
    ap.add_argument("--single-newlines", action="store_true",
                    help="also run the Arabic wrapped with single newlines (no blank lines; overall figure only)")
    results_md.add_arguments(ap)
    args = ap.parse_args(argv)
    shared = Path(args.shared) if args.shared else default_shared()
    if not (shared / "bench-dev").is_dir():
        print(f"bench-dev not found in {shared}", file=sys.stderr)
        return 1
    aligner = Aligner(args.model, progress=False)
    others = [int(x) for x in args.other_seeds.split(",") if x]
    lines = messy_section(shared, aligner, seed=args.seed, stages=args.stages, other_seeds=others,
                          single_newlines=args.single_newlines)
    published = args.seed == 0 and args.stages and others == [1, 2] and args.single_newlines
    results_md.publish(lines, args, not_written="" if published else "the published run is --stages "
                       "--other-seeds 1,2 --single-newlines with seed 0")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
