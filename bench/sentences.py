"""Sentence-boundary precision/recall/F1 of align.prepare.sentences against bench-dev.

Gold: in each pair, every paragraph of ``en.txt``/``ar.txt`` (blocks separated by a blank line)
is the concatenation, joined by one space, of consecutive lines of ``en.sent.txt``/``ar.sent.txt``;
the places where one line ends and the next begins are the gold boundaries inside that paragraph
(paragraph ends are not counted). A predicted boundary is the start of a predicted sentence
other than the first; it is right when it falls exactly on a gold boundary.

Only the NTREX pairs have sentence units: Quran units are verses (no punctuation at all in the
Arabic, so no boundary is recoverable from the text) and hadith units are whole hadiths (many
sentences each), so those figures are for information. Some lines hold two units ("line merges",
listed as 1-2 / 2-1 beads in ``gold.sent.json``); the strict figures count a boundary found
inside such a line as a false positive, the "merge-aware" F1 counts one boundary inside a merged
line as right (and a merged line with no boundary found as a miss).

    python -m bench.sentences [--bench ../shared/bench-dev] [--compare]

``--compare`` adds the library comparison for English (raw and with the corrections) and the
Arabic variants (splitting at ``؛`` and at ``،`` in long comma chains, libraries on Arabic).
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from align.prepare import sentences as S

HERE = Path(__file__).resolve().parent

DEFAULT_BENCH = HERE.parent.parent / "shared" / "bench-dev"
SOURCES = ("ntrex", "quran", "hadith")

Splitter = Callable[[str, str], list[tuple[int, int]]]


@dataclass
class Paragraph:
    pair: str
    source: str
    text: str
    gold: set[int]  # offsets where a gold sentence (line) starts, the first excluded
    merged: list[tuple[int, int]] = field(default_factory=list)  # (start, end) of merged lines



@functools.cache
def _pysbd_segmenter(lang: str):
    import pysbd

    return pysbd.Segmenter(language=lang, clean=False, char_span=True)


def _starts_pysbd(text: str, lang: str) -> list[int]:
    return [s.start for s in _pysbd_segmenter(lang).segment(text)]


def _starts_blingfire(text: str, lang: str) -> list[int]:
    import blingfire

    return [int(a) for a, _ in blingfire.text_to_sentences_and_offsets(text)[1]]


# the package's libraries and two more, compared here only (pip install pysbd blingfire)
LIBRARIES: dict[str, S.Backend] = {**S.BACKENDS, "pysbd": _starts_pysbd, "blingfire": _starts_blingfire}

def _blocks(text: str) -> list[str]:
    out, block = [], []
    for line in text.split("\n") + [""]:
        if line.strip():
            block.append(line)
        elif block:
            out.append(" ".join(block))
            block = []
    return out


def _merged_lines(pair_dir: Path, lang: str) -> set[int]:
    """Line indices of ``lang`` that hold two units (the single line of a 1-2 or 2-1 bead)."""
    gold = pair_dir / "gold.sent.json"
    if not gold.is_file():
        return set()
    side, other = (0, 1) if lang == "en" else (1, 0)
    return {b[side][0] for b in json.loads(gold.read_text(encoding="utf-8"))
            if len(b[side]) == 1 and len(b[other]) == 2}


def load(lang: str, root: Path = DEFAULT_BENCH) -> list[Paragraph]:
    """Every paragraph of every pair of ``root`` in ``lang`` with its gold boundaries."""
    out: list[Paragraph] = []
    for pair in sorted(p for p in root.iterdir() if (p / f"{lang}.sent.txt").is_file()):
        source = pair.name.split("_")[0]
        paragraphs = _blocks((pair / f"{lang}.txt").read_text(encoding="utf-8"))
        lines = [ln for ln in (pair / f"{lang}.sent.txt").read_text(encoding="utf-8").split("\n") if ln.strip()]
        merged = _merged_lines(pair, lang)
        i = 0
        for text in paragraphs:
            pos, gold, spans = 0, set(), []
            while True:
                if pos:
                    gold.add(pos)
                if i >= len(lines):
                    raise ValueError(f"{pair.name}/{lang}: paragraph is not a join of lines: {text[:60]!r}")
                if i in merged:
                    spans.append((pos, pos + len(lines[i])))
                pos += len(lines[i])
                i += 1
                if pos >= len(text):
                    break
                pos += 1
            joined = " ".join(lines[i - len(gold) - 1: i])
            if joined != text:
                raise ValueError(f"{pair.name}/{lang}: paragraph is not a join of lines: {text[:60]!r}")
            out.append(Paragraph(pair.name, source, text, gold, spans))
        if i != len(lines):
            raise ValueError(f"{pair.name}/{lang}: {len(lines) - i} lines left after the paragraphs")
    return out


_FINAL_MARKS = ".!?؟…۔"
_CLOSING = "\"'”’»“)]}"


def punctuated(par: Paragraph) -> set[int]:
    """Gold boundaries preceded by a final mark (possibly followed by closing quotes/brackets).

    The others (a headline or bullet with no full stop, an Arabic sentence whose translator left
    the period out) cannot be found from punctuation; their share bounds the recall.
    """
    out = set()
    for x in par.gold:
        before = par.text[:x].rstrip().rstrip(_CLOSING)
        if before and before[-1] in _FINAL_MARKS:
            out.add(x)
    return out


def predicted(text: str, spans: Iterable[tuple[int, int]]) -> set[int]:
    """Predicted boundaries: the first non-space character of every sentence but the first."""
    out = set()
    for k, (a, b) in enumerate(spans):
        seg = text[a:b]
        start = a + len(seg) - len(seg.lstrip())
        if k and 0 < start < len(text):
            out.add(start)
    return out


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def p(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def r(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        return 2 * self.p * self.r / (self.p + self.r) if self.p + self.r else 0.0


def score_paragraph(par: Paragraph, pred: set[int], merge_aware: bool = False) -> Counts:
    tp = len(pred & par.gold)
    c = Counts(tp, len(pred) - tp, len(par.gold) - tp)
    if merge_aware:
        for a, b in par.merged:
            inside = [x for x in pred if a < x < b]
            if inside:
                c.tp += 1
                c.fp -= 1
            else:
                c.fn += 1
    return c


def evaluate(split: Splitter, lang: str, paragraphs: list[Paragraph], merge_aware: bool = False,
             errors: list | None = None) -> dict[str, Counts]:
    """Counts per source and for ``all``; ``errors`` collects (kind, pair, context) on NTREX."""
    out = {s: Counts() for s in (*SOURCES, "all")}
    for par in paragraphs:
        pred = predicted(par.text, split(par.text, lang))
        c = score_paragraph(par, pred, merge_aware)
        out.setdefault(par.source, Counts()).add(c)
        out["all"].add(c)
        if errors is not None and par.source == "ntrex":
            for kind, xs in (("FP", pred - par.gold), ("FN", par.gold - pred)):
                for x in sorted(xs):
                    errors.append((kind, par.pair, par.text[max(0, x - 60):x] + " || " + par.text[x:x + 40]))
    return out


def _row(*cells) -> str:
    return "  ".join(f"{c:<{w}}" if isinstance(c, str) else f"{c:>{w}.3f}" if isinstance(c, float) else f"{c:>{w}}"
                     for c, w in cells)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bench", type=Path, default=DEFAULT_BENCH)
    ap.add_argument("--compare", action="store_true", help="also compare libraries and Arabic variants")
    ap.add_argument("--errors", action="store_true", help="print the NTREX errors of split_sentences")
    args = ap.parse_args(argv)
    if not args.bench.is_dir():
        print(f"bench-dev not found at {args.bench}", file=sys.stderr)
        return 1
    data = {lang: load(lang, args.bench) for lang in ("en", "ar")}

    print("split_sentences, sentence-boundary P/R/F1 per language and source (strict = line gold)")
    print("marked = gold boundaries after a final mark; R marked = recall on those")
    print(_row(("lang", 4), ("source", 6), ("gold", 5), ("marked", 6), ("P", 6), ("R", 6), ("F1", 6),
               ("merge-aware F1", 14), ("R marked", 8)))
    for lang, pars in data.items():
        errs: list = []
        strict = evaluate(S.split_sentences, lang, pars, errors=errs)
        aware = evaluate(S.split_sentences, lang, pars, merge_aware=True)
        for src in (*SOURCES, "all"):
            sel = [p for p in pars if src in ("all", p.source)]
            marked = [punctuated(p) for p in sel]
            hit = sum(len(m & predicted(p.text, S.split_sentences(p.text, lang))) for p, m in zip(sel, marked))
            n_marked = sum(map(len, marked))
            c = strict[src]
            print(_row((lang, 4), (src, 6), (c.tp + c.fn, 5), (n_marked, 6), (c.p, 6), (c.r, 6), (c.f1, 6),
                       (aware[src].f1, 14), (hit / n_marked if n_marked else "-", 8)))
        if args.errors:
            for e in errs:
                print("   ", *e)

    if args.compare:
        print("\nEnglish: libraries raw and with the corrections of align.prepare.sentences (F1; time for all pairs)")
        print(_row(("library", 10), ("ntrex raw", 9), ("ntrex fixed", 11), ("all raw", 7), ("all fixed", 9),
                   ("seconds", 7)))
        for name, backend in LIBRARIES.items():
            try:
                S.split_with("A test. Another one.", "en", backend)
            except ImportError:
                print(_row((name, 10)) + "  not installed")
                continue
            t = time.perf_counter()
            raw = evaluate(lambda x, l, b=backend: S.split_with(x, l, b, fix=False), "en", data["en"])
            dt = time.perf_counter() - t
            fixed = evaluate(lambda x, l, b=backend: S.split_with(x, l, b, fix=True), "en", data["en"])
            print(_row((name, 10), (raw["ntrex"].f1, 9), (fixed["ntrex"].f1, 11), (raw["all"].f1, 7),
                       (fixed["all"].f1, 9), (dt, 7)))

        print("\nArabic: variants of the rules and libraries used on Arabic (P/R/F1 on NTREX, F1 on all)")
        print(_row(("variant", 24), ("P", 6), ("R", 6), ("F1", 6), ("all F1", 6)))
        variants: list[tuple[str, Splitter]] = [("rules (split_sentences)", S.split_sentences),
                                                ("rules + split at ؛", lambda x, l: S.split_arabic_with(x, semicolon=True))]
        for k in (6, 10, 15, 20, 30):
            variants.append((f"rules + ، if both >={k} w", lambda x, l, k=k: S.split_arabic_with(x, comma_min_words=k)))
        for name, backend in LIBRARIES.items():
            try:
                S.split_with("A test. Another one.", "en", backend)
            except ImportError:
                continue
            variants.append((f"{name} (raw)", lambda x, l, b=backend: S.split_with(x, "ar", b, fix=False)))
        for label, split in variants:
            r = evaluate(split, "ar", data["ar"])
            c = r["ntrex"]
            print(_row((label, 24), (c.p, 6), (c.r, 6), (c.f1, 6), (r["all"].f1, 6)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
