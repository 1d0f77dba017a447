"""Repair: Arabic words whose letters come out reversed (the whole line in display order).

pdfminer.six gives an Arabic line exactly as it is painted, left to right, character by character:
``ةفيحص`` for ``صحيفة``, ``ملاعلا رابخأ`` for ``أخبار العالم``; numbers and Latin runs keep their own
order.  The letters of every Arabic word are put back in reading order here (marks stay on their
letter); the words are then in visual order, and :func:`~align.prepare.extraction.repair_extraction`
puts every right-to-left line in reading order once the other repairs are done: the line was in display
order, whatever evidence of word order it has (bare Quran verses have none).

Detection (:func:`is_reversed`): in Arabic the article opens words (``ال...``) and ``ة`` only ends them;
reversed text shows ``...لا`` at word ends and ``ة`` at word starts instead.  A document is repaired
when that evidence is clear (:data:`MIN_EVIDENCE` words, twice the evidence of reading order), so
correct text, where those shapes are rare, is never touched.
"""

from __future__ import annotations

import re
from typing import Sequence

__all__ = ["MIN_EVIDENCE", "is_reversed", "reverse_letters"]

_WORD_RE = re.compile("[\u0621-\u064a\u064b-\u0652\u0670\u0671-\u06d3]+")
_MARK = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670"
MIN_EVIDENCE = 5


def _counts(lines: Sequence[str]) -> tuple[int, int]:
    """(reading-order evidence, reversed evidence) over the Arabic words of ``lines``."""
    fwd = rev = 0
    for s in lines:
        for w in _WORD_RE.findall(s):
            w = "".join(c for c in w if c not in _MARK)
            if len(w) < 3:
                continue
            fwd += w.startswith("ال") + w.endswith("ة")
            rev += w.endswith("لا") + w.startswith("ة")
    return fwd, rev


def is_reversed(lines: Sequence[str]) -> bool:
    fwd, rev = _counts(lines)
    return rev >= MIN_EVIDENCE and rev > 2 * fwd


def _reverse_word(m: re.Match) -> str:
    w = m.group(0)
    # reverse letter clusters: a mark written before its letter in display order goes after it again
    clusters: list[str] = []
    pending = ""
    for c in w[::-1]:
        if c in _MARK:
            if clusters:
                clusters[-1] += c
            else:
                pending += c
        else:
            clusters.append(c + pending)
            pending = ""
    return "".join(clusters) + pending


def reverse_letters(lines: Sequence[str]) -> list[str]:
    """``lines`` with the letters of every Arabic word in reverse order (see the module docstring)."""
    return [_WORD_RE.sub(_reverse_word, s) for s in lines]
