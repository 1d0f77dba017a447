"""Benchmark: sentence pairs from raw text (the tool splits the sentences itself) against the gold pairs.

    python -m bench.raw_sentences [--model use-m3] [--shared ../shared]

For every pair of ``../shared/bench-dev``, ``en.txt`` / ``ar.txt`` are read as a user's files would be
(paragraphs, then sentences split by :mod:`align.prepare.sentences`) and aligned with ``level="sentence"``
(sentences inside paragraph beads). The gold units are the lines of ``*.sent.txt`` (sentences for
NTREX, verses for the Quran, hadiths), whose beads ``gold.sent.json`` gives. Each predicted sentence is
mapped through its character span in its paragraph onto the gold units it overlaps (``meta.json`` maps
each gold line to its paragraph, and a paragraph's lines joined with a space are its text); the
predicted beads are then projected onto gold units exactly as the messy benchmark does (beads sharing a
gold unit merged) and scored with Vecalign's strict / lax F1. A sentence the splitter did not cut where
the gold has a boundary costs a strict error; a cut the gold does not have costs nothing once its halves
land in one bead.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Sequence

from align import Aligner, Document, load_beads, read_document, score
from align.read import read_lines
from bench import results
from bench.messy_run import default_shared, project

HERE = Path(__file__).resolve().parent


def unit_spans(lines: Sequence[str], line_par: Sequence[int]) -> dict[int, list[tuple[int, int, int]]]:
    """Per paragraph, ``(start, end, gold line)`` of each gold unit in the paragraph's text."""
    out: dict[int, list[tuple[int, int, int]]] = {}
    for k, (text, p) in enumerate(zip(lines, line_par)):
        spans = out.setdefault(p, [])
        start = spans[-1][1] + 1 if spans else 0
        spans.append((start, start + len(text), k))
    return out


def gold_units(sentences: Document, paragraphs: Document,
               spans: dict[int, list[tuple[int, int, int]]]) -> list[frozenset[int]]:
    """Per sentence, the gold units its characters overlap in its paragraph."""
    out = []
    pos: dict[int, int] = {}
    for s in sentences.segments:
        text = paragraphs[s.parent].text
        at = text.find(s.text, pos.get(s.parent, 0))
        if at < 0:
            raise ValueError(f"sentence not found in its paragraph: {s.text[:60]!r}")
        pos[s.parent] = at + len(s.text)
        out.append(frozenset(k for a, b, k in spans[s.parent] if a < at + len(s.text) and at < b))
    return out


def run_pair(pair: Path, aligner: Aligner):
    meta = json.loads((pair / "meta.json").read_text(encoding="utf-8"))
    src, tgt = read_document(pair / "en.txt"), read_document(pair / "ar.txt")
    par, al = aligner.align_both(src, tgt)
    en_lines = [x for x in read_lines(pair / "en.sent.txt") if x.strip()]
    ar_lines = [x for x in read_lines(pair / "ar.sent.txt") if x.strip()]
    s_sets = gold_units(al.src, par.src, unit_spans(en_lines, meta["en_line_paragraph"]))
    t_sets = gold_units(al.tgt, par.tgt, unit_spans(ar_lines, meta["ar_line_paragraph"]))
    pred = [(list(b.src), list(b.tgt)) for b in al.beads]
    proj, _ = project(pred, s_sets, t_sets, len(en_lines), len(ar_lines))
    gold = load_beads(pair / "gold.sent.json")
    under = sum(len(g) > 1 for g in s_sets) + sum(len(g) > 1 for g in t_sets)
    return gold, proj, len(al.src), len(al.tgt), len(en_lines), len(ar_lines), under


def raw_section(shared: Path, aligner: Aligner) -> list[str]:
    t0 = time.perf_counter()
    rows, golds, preds = [], [], []
    for pair in sorted(p for p in (shared / "bench-dev").iterdir() if (p / "gold.sent.json").is_file()):
        gold, proj, n, m, gn, gm, under = run_pair(pair, aligner)
        rows.append((pair.name, n, m, gn, gm, under, score([gold], [proj])))
        golds.append(gold)
        preds.append(proj)
    tot = score(golds, preds)
    out = ["## bench-dev, sentences split from raw text (`python -m bench.raw_sentences`)", "",
           "`en.txt` / `ar.txt` read as they are, sentences split by the tool, aligned with `--level sentence`; "
           "predicted sentences mapped onto the gold units (`*.sent.txt` lines) through their character spans, "
           "beads sharing a gold unit merged, scored against `gold.sent.json`.", "",
           "| pair | EN sentences (gold units) | AR sentences (gold units) | sentences over 2+ gold units | strict F1 | lax F1 |",
           "|---|---|---|---|---|---|"]
    for name, n, m, gn, gm, under, sc in rows:
        out.append(f"| {name} | {n} ({gn}) | {m} ({gm}) | {under} | {sc.strict_f1:.3f} | {sc.lax_f1:.3f} |")
    out.append(f"| **all** | | | {sum(r[5] for r in rows)} | **{tot.strict_f1:.3f}** | **{tot.lax_f1:.3f}** |")
    out += ["", f"Strict P/R {tot.strict_p:.3f}/{tot.strict_r:.3f}; unaligned units P/R {tot.unaligned_p:.3f}/"
            f"{tot.unaligned_r:.3f} ({time.perf_counter() - t0:.1f}s wall, model loading excluded).", ""]
    return out


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default="use-m3")
    ap.add_argument("--shared", default=None, help="directory holding bench-dev (default: ../shared)")
    results.add_arguments(ap)
    args = ap.parse_args(argv)
    shared = Path(args.shared) if args.shared else default_shared()
    results.publish(raw_section(shared, Aligner(args.model, progress=False)), args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
