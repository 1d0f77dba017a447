"""Measure :func:`align.prepare.reflow.reflow` on the documents of ``../shared/bench-dev`` (beside the repo).

    python -m bench.reflow [--set DIR]    # default ../shared/bench-dev; confirm on ../shared/bench-dev-b

Prints, for English and Arabic:

* **identity** on the clean files (``en.txt``, ``ar.txt``): the share of files for which reflow gives
  exactly the paragraphs (texts and line spans) of :func:`align.prepare.segment.paragraphs`;
* **boundary F1** on hard-wrapped versions of the same files: every paragraph wrapped at about 80
  characters (the width drawn per paragraph in 74-86), paragraph boundaries not marked, in three
  layouts: ``double`` (a blank line after every line, as PDF text comes out), ``single`` (single
  newlines everywhere, no blank line at all) and ``blocks`` (single newlines inside paragraphs,
  blank lines between them), and ``double`` again with every paragraph at exactly 80 characters;
  a boundary is the last line of a paragraph (but the last one);
  ``spans`` is the share of paragraphs recovered with their exact line span;
* for Arabic also ``visual``: :func:`bench.messy.hard_wrap_visual` (PDF visual order, extractor
  noise) repaired by :func:`align.prepare.repair.repair_arabic_order` before reflow;
* for English also ``messy``: :func:`bench.messy.messy_english` (header, byline, page breaks inside
  paragraphs with page numbers and running headers, footer links): exact paragraph spans of the
  content, and the share of the added lines that end up dropped or in furniture paragraphs.
"""

from __future__ import annotations

import argparse
import random
import sys
import textwrap
import time
from pathlib import Path
from typing import Sequence

from align.prepare.reflow import reflow
from align.prepare.segment import paragraphs
from align.read import read_lines

HERE = Path(__file__).resolve().parent

LAYOUTS = ("double", "single", "blocks")


def bench_dev_dir() -> Path:
    return HERE.parent.parent / "shared" / "bench-dev"


def clean_files(root: Path | None = None) -> list[tuple[Path, str]]:
    """``(path, lang)`` of every ``en.txt`` / ``ar.txt`` of bench-dev (empty when it is missing)."""
    root = root or bench_dev_dir()
    if not root.is_dir():
        return []
    out = []
    for p in sorted(root.glob("*/*.txt")):
        if p.name in ("en.txt", "ar.txt"):
            out.append((p, p.name[:2]))
    return out


def wrap_layout(paras: Sequence[str], layout: str = "double", width: int = 80, seed: int = 0,
                jitter: int = 6) -> tuple[list[str], list[int | None]]:
    """Paragraphs hard-wrapped at ``width`` +- ``jitter`` characters (drawn per paragraph).

    Returns the lines and, for every line, the index of its paragraph (None for blank lines).
    ``layout``: ``double`` = a blank line after every line; ``single`` = no blank lines;
    ``blocks`` = a blank line after every paragraph.
    """
    rng = random.Random(seed)
    lines: list[str] = []
    where: list[int | None] = []
    for p, para in enumerate(paras):
        w = width + rng.randint(-jitter, jitter)
        for piece in textwrap.wrap(" ".join(para.split()), width=w, break_long_words=False):
            lines.append(piece)
            where.append(p)
            if layout == "double":
                lines.append("")
                where.append(None)
        if layout == "blocks":
            lines.append("")
            where.append(None)
    return lines, where


def gold_spans(where: Sequence[int | None], skip: set[int] | None = None) -> dict[int, tuple[int, int]]:
    """1-based ``(first, last)`` line of every paragraph index in ``where``."""
    spans: dict[int, list[int]] = {}
    for k, p in enumerate(where, start=1):
        if p is None or (skip and p in skip):
            continue
        s = spans.setdefault(p, [k, k])
        s[1] = k
    return {p: (a, b) for p, (a, b) in spans.items()}


def boundary_counts(pred: Sequence[tuple[int, int]], gold: Sequence[tuple[int, int]]) -> tuple[int, int, int, int]:
    """``tp, fp, fn, exact``: boundaries are the last lines of all paragraphs but the last;
    ``exact`` counts gold spans found exactly in ``pred``."""
    pb = {b for _, b in sorted(pred)[:-1]}
    gb = {b for _, b in sorted(gold)[:-1]}
    exact = len(set(pred) & set(gold))
    return len(pb & gb), len(pb - gb), len(gb - pb), exact


def f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def measure_identity(files: Sequence[tuple[Path, str]]) -> dict[str, tuple[int, int]]:
    """Per language: (files identical to paragraphs(), files)."""
    out: dict[str, list[int]] = {}
    for path, lang in files:
        lines = read_lines(path)
        got = [(s.text, s.lines) for s in reflow(lines, lang)]
        ref = [(s.text, s.lines) for s in paragraphs(lines)]
        o = out.setdefault(lang, [0, 0])
        o[0] += got == ref
        o[1] += 1
    return {k: (a, b) for k, (a, b) in out.items()}


def measure_wrapped(files: Sequence[tuple[Path, str]], layout: str, seeds: Sequence[int] = (0,),
                    jitter: int = 6) -> dict[str, dict]:
    """Per language: boundary precision/recall/F1 and exact-span rate on wrapped documents."""
    acc: dict[str, list[int]] = {}
    for path, lang in files:
        paras = [s.text for s in paragraphs(read_lines(path))]
        for seed in seeds:
            lines, where = wrap_layout(paras, layout, seed=seed, jitter=jitter)
            pred = [s.lines for s in reflow(lines, lang)]
            gold = list(gold_spans(where).values())
            tp, fp, fn, exact = boundary_counts(pred, gold)
            a = acc.setdefault(lang, [0, 0, 0, 0, 0])
            for i, v in enumerate((tp, fp, fn, exact, len(gold))):
                a[i] += v
    return {lang: _summary(*a) for lang, a in acc.items()}


def _summary(tp: int, fp: int, fn: int, exact: int, n: int) -> dict:
    p, r, f = f1(tp, fp, fn)
    return {"p": p, "r": r, "f1": f, "spans": exact / n if n else 0.0, "paragraphs": n, "tp": tp, "fp": fp, "fn": fn}


def load_messy():
    """``bench/messy.py``, the damage generator."""
    from bench import messy

    return messy


def measure_visual(files: Sequence[tuple[Path, str]], messy, seeds: Sequence[int] = (0,)) -> dict | None:
    """Arabic: hard_wrap_visual (visual order, noise) -> repair_arabic_order -> reflow."""
    from align.prepare.repair import repair_arabic_order

    a = [0, 0, 0, 0, 0]
    for lines, where in _damaged(files, "ar", seeds, messy.hard_wrap_visual_mapped):
        pred = [s.lines for s in reflow(repair_arabic_order(lines, "auto"), "ar")]
        gold = list(gold_spans(where).values())
        for i, v in enumerate((*boundary_counts(pred, gold), len(gold))):
            a[i] += v
    return _summary(*a) if a[4] else None


def _damaged(files: Sequence[tuple[Path, str]], lang: str, seeds: Sequence[int], damage):
    """``(lines, line -> paragraph map)`` of every ``lang`` file damaged by ``damage`` with each seed."""
    for path, code in files:
        if code != lang:
            continue
        paras = [s.text for s in paragraphs(read_lines(path))]
        for seed in seeds:
            yield damage(paras, seed=seed)


def measure_messy_english(files: Sequence[tuple[Path, str]], messy, seeds: Sequence[int] = (0,)) -> dict | None:
    """English dressed as a web page / PDF print (bench/messy.py): paragraph spans and furniture."""
    exact = n = added = handled = content_as_furniture = 0
    tp = fp = fn = 0
    for lines, where in _damaged(files, "en", seeds, messy.messy_english_mapped):
        segs = reflow(lines, "en")
        gold = list(gold_spans(where).values())
        content = [s.lines for s in segs if s.kind == "content"]
        n += len(gold)
        exact += len(set(content) & set(gold))
        c = boundary_counts(content, gold)
        tp, fp, fn = tp + c[0], fp + c[1], fn + c[2]
        furniture_lines = {k for s in segs if s.kind == "furniture" for k in range(s.lines[0], s.lines[1] + 1)}
        used = {k for s in segs for k in range(s.lines[0], s.lines[1] + 1)}
        for k, (line, p) in enumerate(zip(lines, where), start=1):
            if p is None and line.strip():
                added += 1
                # dropped (in no paragraph, or inside a rejoined paragraph's span) or furniture
                inside = any(a < k < b for a, b in content)
                handled += k in furniture_lines or k not in used or inside
        content_as_furniture += sum(1 for s in segs if s.kind == "furniture" and s.lines in set(gold))
    p_, r_, f_ = f1(tp, fp, fn)
    return {"spans": exact / n if n else 0.0, "paragraphs": n, "f1": f_, "added_lines": added,
            "added_handled": handled / added if added else 1.0, "content_as_furniture": content_as_furniture}


def _row(layout: str, lang: str, m: dict) -> str:
    return (f"  {layout:<8} {lang:<4} {m['p']:6.3f} {m['r']:6.3f} {m['f1']:6.3f} {m['spans']:6.3f} "
            f"{m['paragraphs']:6d}")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--set", type=Path, default=bench_dev_dir(),
                    help="a folder of pairs with en.txt / ar.txt (default: ../shared/bench-dev)")
    root = ap.parse_args(argv).set
    files = clean_files(root)
    if not files:
        print(f"no pairs found at {root}", file=sys.stderr)
        return 1
    t0 = time.perf_counter()
    seeds = (0, 1, 2)
    ident = measure_identity(files)
    print(f"{root.name}: {len(files)} files, wrapped layouts with seeds {list(seeds)}")
    for lang, (ok, tot) in sorted(ident.items()):
        print(f"  identity with paragraphs() on clean {lang}.txt: {ok}/{tot} = {ok / tot:.0%}")
    print(f"  {'layout':<8} {'lang':<4} {'P':>6} {'R':>6} {'F1':>6} {'spans':>6} {'paras':>6}")
    for layout, jitter in [(layout, 6) for layout in LAYOUTS] + [("double", 0)]:
        res = measure_wrapped(files, layout, seeds, jitter)
        for lang in sorted(res):
            m = res[lang]
            print(_row(layout, lang, m) + ("" if jitter else "   (width exactly 80, no per-paragraph jitter)"))
    messy = load_messy()
    if messy is not None:
        try:
            v = measure_visual(files, messy, seeds)
        except ImportError:  # align.prepare.repair missing
            v = None
        if v:
            print(_row("visual", "ar", v) + "   (hard_wrap_visual -> repair_arabic_order -> reflow)")
        m = measure_messy_english(files, messy, seeds)
        if m:
            print(f"  messy English (messy_english): content paragraphs with exact span {m['spans']:.3f} "
                  f"of {m['paragraphs']}, boundary F1 {m['f1']:.3f}; added lines dropped or furniture "
                  f"{m['added_handled']:.3f} of {m['added_lines']}; content paragraphs marked furniture "
                  f"{m['content_as_furniture']}")
    print(f"  ({time.perf_counter() - t0:.1f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
