"""Columns: text laid out in two columns side by side (``pdftotext -layout`` on a two-column page) put
back in reading order.

Such text gives each line as a piece of the left column, a run of spaces (the gutter) and a piece of
the right column; a paragraph break of one column is a line where that column is blank.  On a page
(lines between form feeds) with a character position where nearly every line has a space or has ended
(:data:`MAX_INKED`), text on either side on a third of the lines, and :data:`MIN_LINES` lines at least
cut there by a gutter of :data:`GUTTER` spaces or starting right after it (a line of the right column
alone, where the two columns' lines are not level), every line is cut there: the left pieces in order and
the right pieces in order become the two columns, read left column first in left-to-right text and
right column first in right-to-left text.  A line that runs across the gutter
(a headline or a paragraph over the full width) ends the columns above it and is read in its place;
the lines of such a run are read together between blank lines, with the line right after it that has
text on the reading side of the gutter alone (the short last line of a paragraph across both columns).
Other text, single-column text with wide justified spaces included (their runs of spaces fall
anywhere), is left as it is.

:func:`reading_order` returns the pieces with the 0-based index of the input line each came from, so
every paragraph keeps the span of the input lines it was read from.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from typing import Sequence

__all__ = ["reading_order"]

GUTTER = 3  # spaces between the columns at least
TOLERANCE = 3  # characters a line of a column may reach into the gutter
MIN_LINES = 8  # lines of a page cut by the gutter at least
MIN_SHARE = 1 / 3  # ... and this share of the page's non-blank lines
MAX_INKED = 0.1  # share of a page's lines that may have a character in the gutter, at most

_RUN_RE = re.compile(rf"(?<=\S) {{{GUTTER},}}(?=\S)")

Pieces = list[tuple[int, str]]


def _pages(lines: Sequence[str]) -> list[range]:
    starts = [0] + [k for k in range(1, len(lines)) if "\f" in lines[k]]
    return [range(a, b) for a, b in zip(starts, starts[1:] + [len(lines)])]


def _visible(line: str) -> tuple[str, list[int]]:
    """``line`` without form feeds and format characters (the bidi controls of poppler's Arabic, which
    take no place on the page), and the index in ``line`` of each of its characters (and of its end)."""
    keep = [i for i, c in enumerate(line) if c != "\f" and unicodedata.category(c) != "Cf"]
    return "".join(line[i] for i in keep), keep + [len(line)]


def _gutter(lines: Sequence[str], page: range) -> int | None:
    """The character position of the gutter on ``page``, or None (one column): a position where
    nearly every line has a space or has ended, with many lines of text on either side of it (the
    middle of the widest such band)."""
    text = [v for v in (_visible(lines[k])[0].rstrip() for k in page) if v.strip()]
    if not text:
        return None
    first = [len(v) - len(v.lstrip()) for v in text]  # where each line's text starts and ends
    width = max(len(v) for v in text)
    if sum(bool(_RUN_RE.search(v)) or a >= width // 4 for v, a in zip(text, first)) < MIN_LINES:
        return None  # no gutter on enough lines (all one-column text but wide justified spaces)
    gap = " " * GUTTER
    good = []
    for x in range(width // 4, 3 * width // 4):
        inked = sum(x < len(v) and v[x] != " " for v in text)
        left = sum(a < x for a in first)
        right = sum(len(v) > x for v in text)  # (the lines end on a character)
        # lines of both columns with the gutter between them, and lines of the right column alone that
        # start right after the gutter (where the two columns' lines are not level with each other)
        cut = sum((a < x and len(v) > x + GUTTER - 1 and v[x - 1:x + GUTTER - 1] == gap)
                  or x < a <= x + GUTTER + TOLERANCE for v, a in zip(text, first))
        if (inked <= MAX_INKED * len(text) and min(left, right) >= max(MIN_LINES, MIN_SHARE * len(text))
                and cut >= MIN_LINES):
            good.append(x)
    if not good:
        return None
    bands: list[list[int]] = [[good[0]]]
    for x in good[1:]:
        if x == bands[-1][-1] + 1:
            bands[-1].append(x)
        else:
            bands.append([x])
    band = max(bands, key=len)
    return band[len(band) // 2]


def _split(raw: str, gutter: int) -> tuple[str, str] | None:
    """``(left, right)`` pieces of a line of a two-column page, or None for a line across the gutter."""
    raw = raw.replace("\f", "")
    line, at = _visible(raw)
    if not line.strip():
        return "", ""
    x = gutter
    # a space there between words (fewer than GUTTER spaces) is inside a line, as a letter is: a long
    # line of a column that reaches into the gutter, or a line across it (a centred running header)
    inside = x < len(line) and line[x] == " " and bool(line[:x].strip()) and bool(line[x:].strip()) and (
        len(line) - len(line[x:].lstrip()) - len(line[:x].rstrip()) < GUTTER)
    if x < len(line) and (line[x] != " " or inside):
        near = [m for m in _RUN_RE.finditer(line) if m.start() - TOLERANCE <= gutter <= m.end() + TOLERANCE]
        if not near:
            return None
        x = near[0].start()
    x = min(x, len(line))
    return raw[: at[x]].rstrip(), raw[at[x]:].strip()


def _page_order(lines: Sequence[str], page: range, gutter: int, rtl: bool) -> Pieces:
    out: Pieces = []
    left_col: Pieces = []
    right_col: Pieces = []

    def flush() -> None:
        first, second = (right_col, left_col) if rtl else (left_col, right_col)
        if any(t.strip() for _, t in first) and any(t.strip() for _, t in second):
            out.extend(first + [(second[0][0], "")] + second)  # a column ends: a blank line between
        else:
            out.extend(first + second if any(t.strip() for _, t in first) else second)
        left_col.clear()
        right_col.clear()

    across = False  # in a run of lines across both columns
    for k in page:
        parts = _split(lines[k], gutter)
        line = lines[k].replace("\f", "")
        if parts is None:  # a line across both columns: the lines of such a run between blank lines
            if not across:
                flush()
                out.append((k, ""))
            out.append((k, line))
            across = True
            continue
        if across:
            first, second = (parts[1], parts[0]) if rtl else parts
            if first.strip() and not second.strip():  # the short last line of a paragraph across both
                out.append((k, line))
                parts = ("", "")
            out.append((k, ""))
            across = False
        left_col.append((k, parts[0]))
        right_col.append((k, parts[1]))
    if across:
        out.append((page[-1], ""))
    flush()
    return out


def _right_to_left(lines: Sequence[str]) -> bool:
    """Most strong letters of the text are of a right-to-left script (Arabic, Hebrew)."""
    kinds = Counter(unicodedata.bidirectional(c) for line in lines for c in line if c.isalpha())
    return kinds["R"] + kinds["AL"] > kinds["L"]


def reading_order(lines: Sequence[str]) -> Pieces | None:
    """The lines of a text as ``(input line index, text)`` pieces in reading order, with the pages laid
    out in two columns read column by column; None when no page is (the lines are read as they are)."""
    pages = _pages(lines)
    rtl = _right_to_left(lines)
    gutters = [_gutter(lines, p) for p in pages]
    if all(g is None for g in gutters):
        return None
    out: Pieces = []
    for page, gutter in zip(pages, gutters):
        if gutter is None:
            out.extend((k, lines[k]) for k in page)
        else:
            out.extend(_page_order(lines, page, gutter, rtl))
    return out
