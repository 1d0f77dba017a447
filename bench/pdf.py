"""Benchmark on real PDFs: align every pair of ``pdf-dev`` as the clean text, as the text of each common
extractor, and read from the PDFs directly, and score the output by its content (no line map needed).

Scoring (:func:`score_pair`): the text of every output bead side is mapped to the gold paragraphs of its
side by word overlap (a paragraph goes to the bead side that covers the largest share of its words, at
least 30% of them or a side made mostly (>= 50%) of its words, decided greedily and exclusively, each
decision using up the words it counts, an exact tie to the first side; a bead side whose words left over
cover >= 30% of a paragraph owned by another bead, or are mostly that paragraph's words, also claims it,
and beads claiming a common paragraph merge: a piece of a paragraph that the input cut, paired or not,
belongs to its paragraph), giving beads over gold indices, scored against the gold by strict / lax F1
and no-counterpart P/R (:func:`align.score`). Arabic word fidelity compares the Arabic the tool outputs
(all beads' Arabic text) with the clean Arabic, both normalised (NFKC, no bidi controls, tatweel or
diacritics, one alef, yeh for alef maksura, heh for teh marbuta, ASCII digits): word-level F1 of the two
word multisets, and the share of clean Arabic words of 3+ letters (types) that never appear intact in
the output, with the most frequent broken words. Furniture: the page header / footer strings of
``furniture.json`` found inside two-sided beads beyond those the gold paragraphs hold.

Inputs: ``clean`` (en.txt / ar.txt), the five extractors' text files of pdf-dev (pdftotext, layout,
pypdf, pdfminer, pymupdf), ``pdfium`` (pypdfium2's text, made here from the PDFs; needs pypdfium2) and
``pdf`` (the PDFs read by ``align`` itself).

    python -m bench.pdf [--shared ../shared] [--sources clean,pdftotext,...,pdf] [--pairs a,b] [--no-write]
                        [--cache DIR]

Embeddings are kept in the on-disk cache of the bench (``bench/out/embed-cache``, ``--cache ''`` for
none), so a rerun embeds only the texts it has not seen.

``--set DIR`` scores another folder made by pdf-dev's recipe instead, e.g. bench-dev-b printed the same
way, a check of the PDF reader on pairs it was not tuned on (its own section of the results)::

    sh ../shared/pdf-dev/recipe/make.sh ../shared/bench-dev-b ../pdf-dev-b
    python -m bench.pdf --set ../pdf-dev-b --name bench-dev-b
"""

from __future__ import annotations

import argparse
import json
import re
import time
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path
from typing import Sequence

from align import Aligner, load_beads, order_pair, read_document, score
from align.prepare import document_from_lines
from bench import results as results_md
from bench.generalize import CACHE, open_aligner

HERE = Path(__file__).resolve().parent
EXTRACTORS = ("pdftotext", "layout", "pypdf", "pdfminer", "pymupdf")
SOURCES = ("clean", *EXTRACTORS, "pdfium", "pdf")  # pdfium: pypdfium2's text of the PDFs, made here

_DROP = dict.fromkeys([0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x061C, 0xFEFF, 0x00AD, 0x0640,
                       *range(0x202A, 0x202F), *range(0x2066, 0x206A), *range(0x0610, 0x061B),
                       *range(0x064B, 0x0660), 0x0670, *range(0x06D6, 0x06EE), *range(0x08D3, 0x0900)])
_DROP.update({0x0622: "ا", 0x0623: "ا", 0x0625: "ا", 0x0671: "ا", 0x0649: "ي", 0x0629: "ه"})
_DROP.update({0x0660 + k: str(k) for k in range(10)})
_DROP.update({0x06F0 + k: str(k) for k in range(10)})
_WORD = re.compile(r"[^\W_]+")
_AR = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF]")


def words(text: str) -> list[str]:
    """Normalised words (see the module docstring) of ``text``."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).translate(_DROP).translate(_DROP).lower())


def paragraphs(path: Path) -> list[str]:
    return [b for b in re.split(r"\n[ \t]*\n", path.read_text(encoding="utf-8").strip("\n")) if b.strip()]


def _overlap(pool: Counter, bag: Counter) -> int:
    return sum(min(pool[w], n) for w, n in bag.items() if pool[w])


def map_side(texts: Sequence[str], gold: Sequence[str], min_share: float = 0.3,
             merge_share: float = 0.3, piece_share: float = 0.5) -> list[set[int]]:
    """The gold paragraphs each bead side claims (see the module docstring)."""
    golds = [Counter(words(p)) for p in gold]
    sizes = [max(1, sum(c.values())) for c in golds]
    index = defaultdict(list)
    for g, c in enumerate(golds):
        for w in c:
            index[w].append(g)
    pools = [Counter(words(t)) for t in texts]
    bag_sizes = [max(1, sum(p.values())) for p in pools]
    cand = [{g for w in p for g in index.get(w, ())} for p in pools]
    done: set[int] = set()

    def row(b: int) -> dict[int, int]:
        return {g: _overlap(pools[b], golds[g]) for g in cand[b] if g not in done}

    x = [row(b) for b in range(len(pools))]
    owner: dict[int, int] = {}
    while True:
        best = None
        for b, r in enumerate(x):
            for g, v in r.items():
                if v and g not in done:
                    key = (v / sizes[g], v / bag_sizes[b])
                    if (key[0] >= min_share or key[1] >= piece_share) and (best is None or key > best[0]):
                        best = (key, b, g)
        if best is None:
            break
        _, b, g = best  # on an exact tie, the first bead side (the other may claim it below)
        done.add(g)
        owner[g] = b
        for w, n in golds[g].items():
            pools[b][w] = max(0, pools[b][w] - n)
        for r in x:
            r.pop(g, None)
        x[b] = row(b)
    claims: list[set[int]] = [set() for _ in pools]
    for g, b in owner.items():
        claims[b].add(g)
    for b in range(len(pools)):
        for g in sorted(cand[b] - claims[b], key=lambda g: -_overlap(pools[b], golds[g])):
            v = _overlap(pools[b], golds[g])
            for w, n in golds[g].items():
                pools[b][w] = max(0, pools[b][w] - n)
            if g in owner and (v / sizes[g] >= merge_share or v / bag_sizes[b] >= piece_share):
                claims[b].add(g)
    return claims


def project(pred: Sequence[tuple[str, str]], en: Sequence[str], ar: Sequence[str]):
    """Output beads (English text, Arabic text) -> beads over gold paragraph indices."""
    ce = map_side([p[0] for p in pred], en)
    ca = map_side([p[1] for p in pred], ar)
    parent = list(range(len(pred)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    seen: dict[tuple[str, int], int] = {}
    for b in range(len(pred)):
        for key in [("e", g) for g in ce[b]] + [("a", g) for g in ca[b]]:
            if key in seen:
                parent[find(b)] = find(seen[key])
            else:
                seen[key] = b
    groups: dict[int, tuple[set, set]] = defaultdict(lambda: (set(), set()))
    for b in range(len(pred)):
        groups[find(b)][0].update(ce[b])
        groups[find(b)][1].update(ca[b])
    beads = [(sorted(e), sorted(a)) for e, a in groups.values() if e or a]
    used_e = {i for e, _ in beads for i in e}
    used_a = {j for _, a in beads for j in a}
    beads += [([i], []) for i in range(len(en)) if i not in used_e]
    beads += [([], [j]) for j in range(len(ar)) if j not in used_a]
    return beads, ce, ca


def ar_fidelity(out_texts: Sequence[str], clean: str) -> dict:
    """Word-level counts of the Arabic the tool outputs against the clean Arabic."""
    out = Counter(w for t in out_texts for w in words(t) if _AR.search(w))
    gold = Counter(w for w in words(clean) if _AR.search(w))
    common = sum((out & gold).values())
    types = {w for w in gold if len(w) >= 3}
    broken = {w for w in types if w not in out}
    return {"out": sum(out.values()), "gold": sum(gold.values()), "common": common, "types": len(types),
            "broken_types": len(broken), "tokens": sum(gold[w] for w in types),
            "broken_tokens": sum(gold[w] for w in broken), "broken": Counter({w: gold[w] for w in broken})}


_FURN_WORD = re.compile(r"\d+|[^\W\d_]+")


def furn_words(text: str) -> list[str]:
    """Words for the furniture check: as :func:`words`, digits split from letters (``١من`` -> 1, من)."""
    return _FURN_WORD.findall(unicodedata.normalize("NFKC", text).translate(_DROP).translate(_DROP).lower())


def _furniture_items(furn: dict) -> list[tuple[str, ...]]:
    """Word tuples of one side's header / footer strings: each header, its ``|``-separated parts
    (extractors split and reorder them), each footer; longest first."""
    items = set()
    for h in furn.get("header", []):
        items.add(tuple(furn_words(h)))
        parts = [p for p in h.split("|") if furn_words(p)]
        if len(parts) > 1:
            items.update(tuple(furn_words(p)) for p in parts)
    for f in furn.get("footer", []):
        items.add(tuple(furn_words(f)))
    items.discard(())
    return sorted(items, key=lambda t: (-len(t), t))


def _count_items(toks: list[str], items: list[tuple[str, ...]]) -> Counter:
    """Non-overlapping windows holding exactly an item's words in any order, or with the letters of
    every word reversed (visual-order extraction); longer items first, matched words not reused."""
    used = [False] * len(toks)
    n: Counter = Counter()
    for it in items:
        k = len(it)
        targets = (Counter(it), Counter(w[::-1] for w in it))
        first = set(it) | {w[::-1] for w in it}
        i = 0
        while i + k <= len(toks):
            if toks[i] in first and not any(used[i:i + k]) and Counter(toks[i:i + k]) in targets:
                used[i:i + k] = [True] * k
                n[it] += 1
                i += k
            else:
                i += 1
    return n


def furniture_errors(pred, claims_en, claims_ar, en, ar, furn: dict) -> tuple[int, int]:
    """Header / footer occurrences inside two-sided beads beyond those of the gold paragraphs their text
    comes from (errors), and inside one-sided beads (not errors)."""
    err = one_sided = 0
    for side, claims, paras, key in ((0, claims_en, en, "en"), (1, claims_ar, ar, "ar")):
        items = _furniture_items(furn.get(key, {}))
        if not items:
            continue
        para_words = [set(furn_words(p)) for p in paras]
        for b, texts in enumerate(pred):
            toks = furn_words(texts[side])
            found = _count_items(toks, items)
            if not found:
                continue
            # the gold paragraphs the bead's text comes from: those it claims, and those holding half of
            # its words or more (a piece of a paragraph that another bead claims: its own "2pm", "$2",
            # "20.4" are text, not page numbers)
            own = set(toks)
            source = set(claims[b]) | {g for g, w in enumerate(para_words) if len(own & w) >= 0.5 * len(own)}
            expected = _count_items(furn_words(" ".join(paras[g] for g in sorted(source))), items)
            extra = sum(max(0, c - expected[it]) for it, c in found.items())
            if texts[0].strip() and texts[1].strip():
                err += extra
            else:
                one_sided += extra
    return err, one_sided


def score_pair(pair: Path, pred: Sequence[tuple[str, str]]) -> dict:
    """Content-based scores of output beads ``(English text, Arabic text)`` against one gold pair."""
    en, ar = paragraphs(pair / "en.txt"), paragraphs(pair / "ar.txt")
    beads, ce, ca = project(pred, en, ar)
    furn_path = pair / "furniture.json"
    furn = json.loads(furn_path.read_text(encoding="utf-8")) if furn_path.is_file() else {}
    err, one_sided = furniture_errors(pred, ce, ca, en, ar, furn)
    return {"gold": load_beads(pair / "gold.json"), "beads": beads,
            "fid": ar_fidelity([p[1] for p in pred], "\n\n".join(ar)),
            "furniture": err, "furniture_one_sided": one_sided}


def _inputs(pair: Path, source: str) -> tuple[Path, Path]:
    if source == "clean":
        return pair / "en.txt", pair / "ar.txt"
    if source == "pdf":
        return pair / "en.pdf", pair / "ar.pdf"
    return pair / f"en.{source}.txt", pair / f"ar.{source}.txt"


def pdfium_text(pdf: Path) -> str:
    """The text of a PDF by pypdfium2 (PDFium), pages joined by a newline, as the extractors' files."""
    import pypdfium2  # optional: only for the ``pdfium`` input

    doc = pypdfium2.PdfDocument(str(pdf))
    try:
        return "\n".join(doc[i].get_textpage().get_text_range().replace("\r\n", "\n") for i in range(len(doc)))
    finally:
        doc.close()


def predict(aligner: Aligner, pair: Path, source: str) -> list[tuple[str, str]]:
    """Align one pair read from ``source``: (English text, Arabic text) of every bead."""
    if source == "pdfium":
        docs = [document_from_lines(pdfium_text(pair / f"{side}.pdf").split("\n"), path=f"{side}.pdf")
                for side in ("en", "ar")]
    else:
        docs = [read_document(path) for path in _inputs(pair, source)]
    src, tgt = order_pair(*docs)
    al = aligner.align(src, tgt)
    return [(al.src.join(bd.src), al.tgt.join(bd.tgt)) for bd in al.beads]


def run_source(aligner: Aligner, pairs: Sequence[Path], source: str, save: Path | None = None) -> dict:
    golds, preds, furn, furn1 = [], [], 0, 0
    fid: Counter = Counter()
    broken: Counter = Counter()
    per_pair = {}
    t0 = time.perf_counter()
    for pair in pairs:
        pred = predict(aligner, pair, source)
        if save is not None:
            out = save / source
            out.mkdir(parents=True, exist_ok=True)
            with open(out / f"{pair.name}.jsonl", "w", encoding="utf-8") as f:
                for e, a in pred:
                    f.write(json.dumps({"src_text": e, "tgt_text": a}, ensure_ascii=False) + "\n")
        r = score_pair(pair, pred)
        golds.append(r["gold"])
        preds.append(r["beads"])
        furn += r["furniture"]
        furn1 += r["furniture_one_sided"]
        broken.update(r["fid"].pop("broken"))
        fid.update(r["fid"])
        per_pair[pair.name] = (score([r["gold"]], [r["beads"]]), r["furniture"],
                               r["fid"]["broken_types"] / max(1, r["fid"]["types"]))
    sc = score(golds, preds)
    p = fid["common"] / max(1, fid["out"])
    rc = fid["common"] / max(1, fid["gold"])
    return {"scores": sc, "ar_f1": 2 * p * rc / (p + rc) if p + rc else 0.0,
            "broken": fid["broken_types"] / max(1, fid["types"]),
            "broken_tokens": fid["broken_tokens"] / max(1, fid["tokens"]), "furniture": furn,
            "furniture_one_sided": furn1, "top": sorted(broken.items(), key=lambda kv: (-kv[1], kv[0]))[:6], "per_pair": per_pair,
            "seconds": time.perf_counter() - t0}


def _label(name: str) -> str:
    return {"clean": "clean en.txt / ar.txt", "pdf": "PDF read directly (`align pair en.pdf ar.pdf`)",
            "pdfium": "`pypdfium2` text"}.get(name, f"`{name}` text")


def table(results: dict[str, dict]) -> list[str]:
    out = ["| input | strict F1 | lax F1 | no-counterpart P / R | AR word F1 | broken AR words (types / tokens)"
           " | furniture in aligned beads (one-sided) |", "|---|---|---|---|---|---|---|"]
    for name, r in results.items():
        s = r["scores"]
        out.append(f"| {_label(name)} | {s.strict_f1:.3f} | {s.lax_f1:.3f} | {s.unaligned_p:.3f} / {s.unaligned_r:.3f}"
                   f" | {r['ar_f1']:.4f} | {100 * r['broken']:.2f}% / {100 * r['broken_tokens']:.2f}%"
                   f" | {r['furniture']} ({r['furniture_one_sided']}) |")
    return out


def broken_lines(results: dict[str, dict]) -> list[str]:
    """The most frequent broken Arabic words of each input (clean-text count in brackets)."""
    out = []
    for name, r in results.items():
        if r["top"]:
            out.append(f"* {_label(name)}: " + ", ".join(f"{w} ({n})" for w, n in r["top"]))
    return out


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default="use-m3")
    ap.add_argument("--shared", default=str(HERE.parent.parent / "shared"))
    ap.add_argument("--sources", default=",".join(SOURCES))
    ap.add_argument("--set", default="", help="a folder made by pdf-dev's recipe (default: SHARED/pdf-dev)")
    ap.add_argument("--name", default="", help="the bench set that --set was printed from (for the heading)")
    ap.add_argument("--pairs", default="", help="comma-separated pair names (default: all)")
    ap.add_argument("--per-pair", action="store_true", help="print strict F1, furniture and broken share per pair")
    ap.add_argument("--save", default="", help="write every prediction to SAVE/<source>/<pair>.jsonl")
    ap.add_argument("--cache", default=str(CACHE), help="on-disk embedding cache ('' for none)")
    results_md.add_arguments(ap)
    args = ap.parse_args(argv)
    root = Path(args.set) if args.set else Path(args.shared) / "pdf-dev"
    printed = args.name or ("bench-dev" if not args.set else root.name)
    pairs = sorted(p for p in root.iterdir() if (p / "gold.json").is_file())
    if args.pairs:
        keep = set(args.pairs.split(","))
        pairs = [p for p in pairs if p.name in keep]
    aligner = open_aligner(args.model, args.cache or None)  # a rerun embeds only texts it has not seen
    results = {}
    for source in args.sources.split(","):
        results[source] = r = run_source(aligner, pairs, source, Path(args.save) if args.save else None)
        print(table({source: r})[-1] + f" {r['seconds']:.0f}s", flush=True)
        print("  broken: " + ", ".join(f"{w} ({n})" for w, n in r["top"]), flush=True)
        if args.per_pair:
            for name, (sc, furn, brk) in r["per_pair"].items():
                print(f"  {name:10s} strict {sc.strict_f1:.3f} lax {sc.lax_f1:.3f} furniture {furn}"
                      f" broken {100 * brk:.2f}%", flush=True)
    heading = ("## Real PDFs (`python -m bench.pdf`)" if not args.set else
               f"## Real PDFs, {printed} printed the same way (`python -m bench.pdf --set DIR --name {printed}`)")
    lines = [heading, "",
             f"The {len(pairs)} pairs of {'pdf-dev' if not args.set else 'the set'} ({printed} printed to PDF"
             " by Chromium, read back by five extractors, and the PDFs read directly by `align`), aligned with the default model and scored"
             " by content against the clean gold (`bench/pdf.py`: every bead side mapped to gold paragraphs"
             " by word overlap). AR word F1: the Arabic of all beads against the clean Arabic, as multisets"
             " of normalised words; broken: clean Arabic words of 3+ letters (types / tokens) that never"
             " appear intact in the output; furniture: running headers and page numbers inside two-sided"
             " beads beyond those of their gold paragraphs (in one-sided beads in brackets, not errors).",
             "", *table(results), "", "Most frequent broken Arabic words (occurrences in the clean text):", "",
             *broken_lines(results)]
    not_written = "" if not args.pairs and args.sources == ",".join(SOURCES) else "a subset of pairs or inputs"
    results_md.publish(lines, args, not_written=not_written)


if __name__ == "__main__":
    main()
