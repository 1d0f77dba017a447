"""Repair: bidi control characters that PDF extractors write around runs of text.

poppler's ``pdftotext`` wraps every right-to-left line of a PDF in RLE ... PDF (U+202B, U+202C) and
every left-to-right run inside it (a number, a Latin name, a comma between two Arabic words) in
LRE ... PDF (U+202A, U+202C).  The words are in reading order, but inside such a left-to-right run
the neutral characters (spaces, punctuation, quotes) that *follow* the run in reading order are
written at its start, in display order::

    المذهب\u202a ،\u202cوهذا          (for  المذهب، وهذا)
    مراجعة فيلم "\u202a–"Johnny English Strikes Again\u202c   (for  ... "Johnny English Strikes Again"–)

:func:`remove_bidi_controls` puts those neutrals back after the run (reversed, brackets mirrored), then
drops every embedding, override and isolate control (U+202A-202E, U+2066-2069).  Lines without
controls are returned as they are; a left-to-right run that is not inside a right-to-left embedding is
never rearranged (only its controls are dropped).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Sequence

__all__ = ["BIDI_CONTROLS", "has_bidi_controls", "remove_bidi_controls"]

#: Embedding, override and isolate controls (the invisible marks U+200E/F and U+061C are kept).
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_CONTROL_RE = re.compile("[" + BIDI_CONTROLS + "]")
_LRE, _RLE, _PDF = "\u202a", "\u202b", "\u202c"
_MIRROR = str.maketrans("()[]{}<>«»", ")(][}{><»«")


def has_bidi_controls(lines: Sequence[str]) -> bool:
    return any(_CONTROL_RE.search(s) for s in lines)


def _is_neutral(c: str) -> bool:
    return not (c.isalnum() or unicodedata.category(c).startswith("M"))


def _ltr_run(run: str) -> str:
    """A left-to-right run inside a right-to-left line: leading neutrals moved to its end, reversed."""
    k = 0
    while k < len(run) and _is_neutral(run[k]):
        k += 1
    if k == 0:
        return run
    if k == len(run):  # neutrals only (a comma between two Arabic words): display order -> reading order
        return run[::-1].translate(_MIRROR)
    if _is_neutral(run[-1]):  # neutrals at both ends (a page number ``-1-``): as it stands
        return run
    return run[k:] + run[:k][::-1].translate(_MIRROR)


def _fix_line(line: str) -> str:
    out: list[str] = []
    stack: list[str] = []  # open embeddings
    run: list[str] | None = None  # the text of an LRE run inside an RLE embedding
    for c in line:
        if c == _LRE or c == _RLE or c in "\u202d\u202e":
            if c == _LRE and stack and stack[-1] == _RLE and run is None:
                run = []
            stack.append(c)
        elif c == _PDF:
            if stack and stack.pop() == _LRE and run is not None and (not stack or stack[-1] == _RLE):
                out.append(_ltr_run("".join(run)))
                run = None
        elif c in BIDI_CONTROLS:
            continue
        elif run is not None:
            run.append(c)
        else:
            out.append(c)
    if run is not None:  # unterminated run: keep its text as it is
        out.append("".join(run))
    return "".join(out)


def remove_bidi_controls(lines: Sequence[str]) -> list[str]:
    """``lines`` without bidi embedding controls, the neutrals of left-to-right runs put back in place."""
    return [_fix_line(s) if _CONTROL_RE.search(s) else s for s in lines]
