"""Repair: the final punctuation of a right-to-left line given at its start.

pypdf and PyMuPDF give the words of an Arabic line in reading order but its last punctuation mark
first, where it is painted (at the left end)::

    .الجاسوسالساخرة          for   الجاسوسالساخرة.
    ،يبدو حسه الفكاهي بأنه قليل القيمة   for   يبدو حسه الفكاهي بأنه قليل القيمة،

so the paragraph and sentence splitters see no line ending a sentence.  In text in reading order a
line never starts with a period, comma, colon or question mark, so on such a document (after the
visual-order repair: text that was in visual order has its marks put right there) each Arabic line
that starts with those marks and does not end with one has them moved to its end.  Other lines are
left as they are.
"""

from __future__ import annotations

import re
from typing import Sequence

from .repair import is_arabic_dominant

__all__ = ["leads_with_final_mark", "move_leading_punctuation"]

_LEAD_RE = re.compile(r"^(\s*)([.:!?،؛؟]+)(\s*)(?=\S)")
_END_RE = re.compile(r"[.:!?،؛؟…][\"'»”)\]]*\s*$")


def leads_with_final_mark(line: str) -> bool:
    """An Arabic line that starts with a final mark and does not end with one (never so in reading order)."""
    return (_LEAD_RE.match(line) is not None and not line.lstrip().startswith("..") and not _END_RE.search(line)
            and is_arabic_dominant(line))


def _fix(line: str) -> str:
    m = _LEAD_RE.match(line)
    if m is None or not leads_with_final_mark(line):
        return line
    return m.group(1) + line[m.end():].rstrip() + m.group(2)[::-1]


def move_leading_punctuation(lines: Sequence[str]) -> list[str]:
    """``lines`` (in reading order) with the leading final marks of Arabic lines moved to their end."""
    return [_fix(s) for s in lines]
