"""Damage generator: make clean documents look like text extracted from real-world PDFs / web pages.

Pure, deterministic functions (``seed`` picks the randomness), importable by the benchmark:

* :func:`to_visual` turns a clean logical Arabic line into the visual order a PDF extractor
  produces: the line is reordered by the Unicode Bidirectional Algorithm for a right-to-left
  paragraph (word order reversed, left-to-right runs such as numbers and Latin names kept in order
  and moved as blocks, punctuation that ends a word put on its left side, mirrored brackets
  swapped), then every Arabic word is given back in logical letter order, as extractors do.
  It is written independently of :mod:`align.prepare.repair` (character-level UAX #9 rules L2/L4 instead
  of unit reversal) so that ``to_logical(to_visual(x)) == x`` is a real check.
* :func:`hard_wrap_visual` lays out Arabic paragraphs as a PDF extractor gives them back: hard
  wrapped at ~80 characters, every line in visual order, a blank line after every line, paragraph
  boundaries not marked.
* :func:`messy_english` dresses English paragraphs as a web page / PDF print: header, byline,
  page breaks inside paragraphs (page number and running header lines in the middle of a
  sentence), footer lines.

Run ``python -m bench.messy`` to print, on the Arabic of ``../shared/bench-dev`` (beside the repo),
the share of visual-damaged lines that :func:`align.prepare.repair.to_logical` restores exactly and the
number of false repairs :func:`align.prepare.repair.repair_arabic_order` makes on the clean files.
"""

from __future__ import annotations

import random
import sys
import textwrap
import unicodedata
from pathlib import Path
from typing import Sequence

__all__ = [
    "hard_wrap_visual", "hard_wrap_visual_mapped", "messy_english", "messy_english_mapped", "to_visual",
    "bench_dev_dir", "bench_dev_arabic_files", "measure",
]

_MIRRORED = dict(zip("()[]{}<>«»‹›≤≥⁅⁆〈〉⟨⟩", ")(][}{><»«›‹≥≤⁆⁅〉〈⟩⟨"))  # the pairs align.prepare.repair mirrors back
_NEUTRAL_CLASSES = {"LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI", "BN", "B", "S", "", "WS", "ON"}


# ----------------------------------------------------------------------------------------------
# visual order


def _classes(line: str) -> list[str]:
    """Bidi class per character after W1..W7 (paragraph level 1, so sos = eos = R)."""
    cls: list[str] = []
    for ch in line:
        c = unicodedata.bidirectional(ch)
        if c == "NSM":  # W1
            c = cls[-1] if cls else "R"
        cls.append("N" if c in _NEUTRAL_CLASSES else c)
    strong = "R"
    for i, c in enumerate(cls):  # W2, W3
        if c in ("L", "R", "AL"):
            strong = c
            if c == "AL":
                cls[i] = "R"
        elif c == "EN" and strong == "AL":
            cls[i] = "AN"
    for i in range(1, len(cls) - 1):  # W4
        a, m, b = cls[i - 1], cls[i], cls[i + 1]
        if a == b == "EN" and m in ("ES", "CS"):
            cls[i] = "EN"
        elif a == b == "AN" and m == "CS":
            cls[i] = "AN"
    for i, c in enumerate(cls):  # W5, forwards then backwards
        if c == "ET" and i and cls[i - 1] == "EN":
            cls[i] = "EN"
    for i in range(len(cls) - 1, -1, -1):
        if cls[i] == "ET" and i + 1 < len(cls) and cls[i + 1] == "EN":
            cls[i] = "EN"
    cls = ["N" if c in ("ES", "ET", "CS") else c for c in cls]  # W6
    strong = "R"
    for i, c in enumerate(cls):  # W7
        if c in ("L", "R"):
            strong = c
        elif c == "EN" and strong == "L":
            cls[i] = "L"
    return cls


def _levels(line: str) -> list[int]:
    cls = _classes(line)
    n = len(cls)
    # N1/N2: a neutral run between two L is L, anything else in a level-1 paragraph is R.
    side = ["L" if c == "L" else ("R" if c != "N" else "") for c in cls]
    prev = ["R"] * n
    nxt = ["R"] * n
    last = "R"
    for i in range(n):
        prev[i] = last
        if side[i]:
            last = side[i]
    last = "R"
    for i in range(n - 1, -1, -1):
        nxt[i] = last
        if side[i]:
            last = side[i]
    levels = []
    for i, c in enumerate(cls):
        if c == "N":
            levels.append(2 if prev[i] == nxt[i] == "L" else 1)
        else:
            levels.append(1 if c == "R" else 2)
    i = n  # L1: trailing whitespace to paragraph level
    while i and line[i - 1].isspace():
        i -= 1
        levels[i] = 1
    return levels


def _is_arabic_word_char(ch: str) -> bool:
    return (unicodedata.bidirectional(ch) in ("AL", "R") and unicodedata.category(ch)[0] in "LM") or \
        unicodedata.category(ch) in ("Mn", "Me") or ch in "\u200c\u200d"


def to_visual(line: str) -> str:
    """Clean logical Arabic line -> the visual order a PDF text extractor produces.

    UAX #9 for a right-to-left paragraph: levels from rules W1-W7, N1-N2, I1-I2, L1; L2 reverses
    every run at level >= 2, then the whole line; L4 mirrors brackets at level 1.  Then each run of
    Arabic letters (with their marks), which L2 reversed, is put back in logical letter order, as
    extractors emit whole words.

    >>> to_visual("من خلال باكستان.")
    '.باكستان خلال من'
    >>> to_visual("قال الجنرال Micheal E. Kurilla في 2025")
    '2025 في Micheal E. Kurilla الجنرال قال'
    """
    if not line:
        return line
    levels = _levels(line)
    chars = list(line)
    n = len(chars)
    for lvl in (2, 1):  # L2
        i = 0
        while i < n:
            if levels[i] >= lvl:
                j = i
                while j < n and levels[j] >= lvl:
                    j += 1
                chars[i:j] = chars[i:j][::-1]
                levels[i:j] = levels[i:j][::-1]
                i = j
            else:
                i += 1
    chars = [_MIRRORED.get(c, c) if lv == 1 else c for c, lv in zip(chars, levels)]  # L4
    out: list[str] = []
    i = 0
    while i < n:  # extractor: Arabic words in logical letter order
        if levels[i] == 1 and _is_arabic_word_char(chars[i]):
            j = i
            while j < n and levels[j] == 1 and _is_arabic_word_char(chars[j]):
                j += 1
            out.extend(chars[i:j][::-1])
            i = j
        else:
            out.append(chars[i])
            i += 1
    return "".join(out)


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(" ".join(text.split()), width=width, break_long_words=False, break_on_hyphens=False)


def hard_wrap_visual_mapped(paragraphs: Sequence[str], width: int = 80, seed: int = 0,
                            noise: bool = True, blank_lines: bool = True) -> tuple[list[str], list[int | None]]:
    """:func:`hard_wrap_visual` plus, for every output line, the index of its paragraph (None for blanks).
    Without ``blank_lines``, no blank line at all (single newlines everywhere)."""
    rng = random.Random(seed)
    lines: list[str] = []
    where: list[int | None] = []
    for p, para in enumerate(paragraphs):
        w = max(20, width + rng.randint(-6, 6))
        for piece in _wrap(para, w):
            vis = to_visual(piece)
            if noise:
                words = vis.split(" ")
                vis = "".join(wd + (("  " if rng.random() < 0.15 else " ") if k < len(words) - 1 else "")
                              for k, wd in enumerate(words))
                vis = " " + vis  # extractors often indent every line by a space
            lines.append(vis)
            where.append(p)
            if blank_lines:
                lines.append("")
                where.append(None)
    return lines, where


def hard_wrap_visual(paragraphs: Sequence[str], width: int = 80, seed: int = 0, noise: bool = True) -> list[str]:
    """Arabic paragraphs as a PDF extractor gives them back.

    Each paragraph is hard-wrapped at about ``width`` characters (the width varies by a few
    characters per paragraph, drawn from ``seed``), every line is turned into visual order by
    :func:`to_visual`, and a blank line follows every line, so paragraph boundaries are not marked.
    With ``noise`` (default) lines get a leading space and some word gaps a double space, as in
    real extractions.  Deterministic for a given ``seed``.
    """
    return hard_wrap_visual_mapped(paragraphs, width, seed, noise)[0]


_HEADERS = ["NEWS & COMMENT", "Central Media Office", "WORLD NEWS", "Analysis", "Press Release"]
_NAMES = ["Muhammad Seljuk", "Sarah Ahmed", "John Carter", "Amina Yusuf", "Omar Haddad", "Emily Stone"]
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"]
_FOOTERS = [
    ["Website | Twitter | Facebook | YouTube", "Leave a comment", "back to top"],
    ["Share this: https://example.org/article", "Leave a comment", "Back to top"],
    ["Official Website | Media Office Website | Newsletter", "© All rights reserved", "back to top"],
]


def _cut_point(words: list[str], target: int) -> int | None:
    """Index k (cut before words[k]) near ``target`` characters, not after a sentence end."""
    best, best_d = None, None
    pos = 0
    for k in range(1, len(words)):
        pos += len(words[k - 1]) + 1
        if k < 3 or len(words) - k < 3 or words[k - 1].endswith((".", "!", "?", ":", ";")):
            continue
        d = abs(pos - target)
        if best_d is None or d < best_d:
            best, best_d = k, d
    return best


def messy_english_mapped(paragraphs: Sequence[str], seed: int = 0) -> tuple[list[str], list[int | None]]:
    """:func:`messy_english` plus, for every output line, the index of the paragraph it carries
    text of (None for blank, header, byline, page-number, running-header and footer lines)."""
    rng = random.Random(seed)
    site = rng.choice(_HEADERS)
    running = f"{site.upper()} | {rng.choice(['www.example.org', 'Issue ' + str(rng.randint(10, 99))])}"
    lines: list[str] = [site, ""]
    where: list[int | None] = [None, None]
    byline = f"By {rng.choice(_NAMES)} | {rng.randint(1, 28)} {rng.choice(_MONTHS)} {rng.randint(2015, 2025)}"
    lines += [byline, ""]
    where += [None, None]
    page = 1
    page_len = rng.randint(1800, 3200)
    used = len(site) + len(byline)
    paras = [" ".join(p.split()) for p in paragraphs]
    breaks = 0

    def page_break() -> None:
        """Blank line, page number, running header, blank line; a new page starts."""
        nonlocal page, page_len, used
        page += 1
        style = rng.randrange(3)
        num = str(page) if style == 0 else (f"- {page} -" if style == 1 else f"Page {page}")
        lines.extend(["", num, running, ""])
        where.extend([None, None, None, None])
        page_len = rng.randint(1800, 3200)
        used = 0

    # force one mid-paragraph break in short documents
    forced = None
    total = sum(len(p) for p in paras)
    if total < 2000:
        long_ones = [i for i, p in enumerate(paras) if len(p.split()) >= 8]
        if long_ones:
            forced = rng.choice(long_ones)
    for i, para in enumerate(paras):
        words = para.split()
        left = page_len - used
        cut = None
        if i == forced or len(para) > left:
            target = len(para) // 2 if i == forced else left
            cut = _cut_point(words, target)
        if cut is not None:
            lines.append(" ".join(words[:cut]))
            where.append(i)
            page_break()
            breaks += 1
            lines.append(" ".join(words[cut:]))
            where.append(i)
            used += len(lines[-1])
        else:
            if len(para) > left and used > 0:
                page_break()
            lines.append(para)
            where.append(i)
            used += len(para)
        lines.append("")
        where.append(None)
    for f in rng.choice(_FOOTERS):
        lines.append(f)
        where.append(None)
    return lines, where


def messy_english(paragraphs: Sequence[str], seed: int = 0) -> list[str]:
    """English paragraphs dressed as a web page / PDF print (one paragraph per line, blank lines between).

    Adds a header line (site or section name) and a byline (``By NAME | DATE``) at the top, page
    breaks every ~1,800-3,200 characters that cut a paragraph in two mid-sentence with a blank
    line, a page-number line and a running-header line in between (at least one such cut when a
    paragraph has 8 words or more), and footer lines (links, ``Leave a comment``, ``back to top``)
    at the end.  Deterministic for a given ``seed``.
    """
    return messy_english_mapped(paragraphs, seed)[0]


# ----------------------------------------------------------------------------------------------
# measurement


def bench_dev_dir() -> Path:
    """``../shared/bench-dev`` beside the repository (may not exist)."""
    return Path(__file__).resolve().parents[1].parent / "shared" / "bench-dev"


def bench_dev_arabic_files(root: Path | None = None) -> list[Path]:
    """All ``ar.txt`` and ``ar.sent.txt`` of the bench-dev pairs (clean logical Arabic)."""
    root = root or bench_dev_dir()
    if not root.is_dir():
        return []
    return sorted(p for p in root.glob("*/ar*.txt") if p.name in ("ar.txt", "ar.sent.txt"))


def ws(s: str) -> str:
    """Whitespace runs collapsed, ends stripped."""
    return " ".join(s.split())


def ws_punct(s: str) -> str:
    """Whitespace normalisation that also drops spaces before sentence punctuation."""
    out = ws(s)
    for p in ".:!?،؛؟":
        out = out.replace(" " + p, p)
    return out


def measure(files: Sequence[Path] | None = None) -> dict:
    """Restoration rate of ``to_logical(to_visual(x))`` and false repairs on clean files.

    Returns a dict with ``lines`` (distinct non-empty Arabic lines), ``restored`` and ``rate``
    (exact after whitespace normalisation, ``tidy=True``, spaces before sentence punctuation
    ignored), ``restored_strict``/``rate_strict`` (``tidy=False``, whitespace runs collapsed only),
    ``failures`` (a few failing lines), ``files`` and ``false_repairs`` (lines changed by
    ``repair_arabic_order(..., "auto")`` over all clean files).
    """
    from align.prepare.repair import repair_arabic_order, to_logical

    files = list(files) if files is not None else bench_dev_arabic_files()
    seen: set[str] = set()
    uniq: list[str] = []
    false_repairs = 0
    for f in files:
        lines = f.read_text(encoding="utf-8").split("\n")
        fixed = repair_arabic_order(lines, "auto")
        false_repairs += sum(a != b for a, b in zip(lines, fixed))
        for s in lines:
            if s.strip() and s not in seen:
                seen.add(s)
                uniq.append(s)
    ok = ok_strict = 0
    failures = []
    for s in uniq:
        v = to_visual(s)
        if ws_punct(to_logical(v)) == ws_punct(s):
            ok += 1
        elif len(failures) < 10:
            failures.append((s, to_logical(v)))
        if ws(to_logical(v, tidy=False)) == ws(s):
            ok_strict += 1
    n = len(uniq)
    return {"files": len(files), "lines": n, "restored": ok, "rate": ok / n if n else 0.0,
            "restored_strict": ok_strict, "rate_strict": ok_strict / n if n else 0.0,
            "false_repairs": false_repairs, "failures": failures}


def main() -> int:
    """Print the restoration rate and false-repair count on bench-dev Arabic."""
    files = bench_dev_arabic_files()
    if not files:
        print(f"bench-dev not found at {bench_dev_dir()}", file=sys.stderr)
        return 1
    m = measure(files)
    print(f"bench-dev Arabic: {m['files']} files, {m['lines']} distinct non-empty lines")
    print(f"restoration rate (to_logical(to_visual(x)) == x, whitespace-normalised): "
          f"{m['restored']}/{m['lines']} = {m['rate']:.2%}")
    print(f"strict inverse (tidy=False, whitespace runs collapsed only): "
          f"{m['restored_strict']}/{m['lines']} = {m['rate_strict']:.2%}")
    print(f"false repairs on clean logical files (auto mode): {m['false_repairs']}")
    for src, got in m["failures"]:
        print(f"  FAIL  {src!r}\n     -> {got!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
