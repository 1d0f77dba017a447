"""Repair: the runs of a right-to-left line given from left to right.

pypdf and PyMuPDF give each run of an Arabic line (its Arabic words, or what stands between them: a
number, Latin words, a quote, a hyphen, a bracket, a period next to a number) in reading order, but the
runs themselves in the order they are painted, from the left end of the line to its right end, so a
line's last run comes first::

     بفيلم2003  التي بدأ عرضها في عام-محاكاةساخرةللجاسوس        (PyMuPDF, pdf-dev ntrex_01)
     محاكاةساخرةللجاسوس- التي بدأ عرضها في عام 2003 بفيلم      the line

A document whose Arabic lines start with a final mark and do not end with one (:data:`MIN_EVIDENCE`
lines or more: in text in reading order a line never starts with a period, comma, colon or question
mark; the same damage seen where the run is a lone mark) has the runs of each of its Arabic lines put
back from right to left, and a space between Arabic letters and a digit or Latin letter (or a final
mark before them), or a final mark with its closing quote and the next word, that the reversal brings
together.  A mark that opens a line after white space (`` . فقال ... ما"  أوليس ... منك"``) stands
before the run after it, between two runs of the line (``منك " . فقال``).  Runs in another script keep
their own order (``Johnny English``); lines
that are not mostly Arabic are left as they are, and so is every line of other documents.
"""

from __future__ import annotations

import re
from typing import Sequence

from ..text.script import HARAKAT_CLASS
from .punctuation import leads_with_final_mark
from .repair import is_rtl_line

__all__ = ["MIN_EVIDENCE", "is_damaged", "reverse_runs"]

# Arabic script, its digits (left-to-right runs of their own) excepted
_AR = "\u0600-\u065f\u066a-\u06ef\u06fa-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc"
# an Arabic run: Arabic words and the spaces and sentence marks between them (``هارتس. ثم``); quotes,
# hyphens and brackets come in runs of their own (chosen on pdf-dev's pypdf and PyMuPDF text by the
# Arabic word pairs kept, confirmed on bench-dev-b printed).  A period or colon with a letter right on
# both sides parts two runs: PyMuPDF gives a line ``لكن.لمرات قليلة`` for ``لمرات قليلة. ... لكن``, the
# space after the mark lost (no clean Arabic of the dev sets has a letter on both sides of one)
_RUN_RE = re.compile(f"[{_AR}]+(?:(?:[ \t.,:!?]*[ \t][ \t.,:!?]*|[,!?]+)[{_AR}]+)*")
# a final mark after white space at the start of a line, before Arabic: the mark before the run that
# follows it, between two runs of the line (``منك " . فقال``, given `` . فقال ... ما"  أوليس ... منك"``);
# without the white space it is most often the line's last mark (``. شهرًا 18 لأكثر من``); chosen on the
# lines of pdf-dev's and bench-dev-b's pypdf and PyMuPDF text that hold either reading of the clean text
_LEAD_MARK_RE = re.compile(f"[ \t]+[.,:!?،؛؟]+[ \t]+(?=[{_AR}])")
# in the rest: words and numbers of another script with what joins them (``Johnny English``, ``7.55``),
# or one mark, each with the white space after it; a hyphen between two numbers parts them (a score
# ``10-6`` comes as ``6-10``)
_OTHER_RE = re.compile(r"\s*(?:\w+(?:(?:[ \t.,:'’/]|(?<=[^\W\d_])-|-(?=[^\W\d_]))+\w+)*|\S)\s*")
# an Arabic letter or mark against a digit or Latin letter, either way round
_LETTER = "\u0621-\u064a\u0671-\u06d3"
# ... and a sentence's end with its closing quote or bracket against the next word (``جدًا.”يُسمح``)
_GLUE_RE = re.compile(f"(?<=[{_LETTER}{HARAKAT_CLASS}])(?=[0-9A-Za-z])|(?<=[0-9A-Za-z.!?:،؛؟])(?=[{_LETTER}])"
                      f"|(?<=[.!?؟][\"”»)\\]])(?=[{_LETTER}{HARAKAT_CLASS}])")
# ... but a one-letter word (و ف ب ل ك) stays on its number: ``33 و34 و39``
_CLITIC_RE = re.compile(r"(?<!\S)([وفبلك]) (?=[0-9])")
MIN_EVIDENCE = 3


def is_damaged(lines: Sequence[str]) -> bool:
    """Whether the Arabic lines of a document are given with their runs from left to right."""
    return sum(map(leads_with_final_mark, lines)) >= MIN_EVIDENCE


def _runs(line: str) -> list[str]:
    """The line cut into runs, each with the white space around it: Arabic words, words and numbers
    in another script (``Johnny English``, ``7.55``), and single marks between them.  A mark that opens
    the line after white space opens the Arabic run after it (see :data:`_LEAD_MARK_RE`)."""
    runs: list[str] = []
    at = 0
    lead = _LEAD_MARK_RE.match(line)
    if lead:
        first = _RUN_RE.match(line, lead.end())
        if first:
            runs.append(line[:first.end()])
            at = first.end()
    for m in _RUN_RE.finditer(line, at):
        runs += _OTHER_RE.findall(line[at:m.start()])
        runs.append(m.group())
        at = m.end()
    runs += _OTHER_RE.findall(line[at:])
    return runs


def _reverse(line: str) -> str:
    if not is_rtl_line(line):
        return line
    runs = _runs(line)
    if sum(bool(r.strip()) for r in runs) < 2:
        return line
    lead = line[: len(line) - len(line.lstrip())]
    out = _CLITIC_RE.sub(r"\1", _GLUE_RE.sub(" ", "".join(_mirror_space(r) for r in reversed(runs))))
    return lead + re.sub(r"[ \t]{2,}", " ", out).strip()


def _mirror_space(piece: str) -> str:
    """A piece with its leading and trailing white space swapped (the space on a run's left end in
    painting order is after it in reading order)."""
    core = piece.strip()
    if not core:
        return piece
    head = piece[: len(piece) - len(piece.lstrip())]
    tail = piece[len(piece.rstrip()):]
    return tail + core + head


def reverse_runs(lines: Sequence[str]) -> list[str]:
    """``lines`` with the runs of each Arabic line put back in reading order (see the module docstring)."""
    return [_reverse(s) for s in lines]
