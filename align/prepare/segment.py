"""Segment stage: lines -> units (paragraphs or pre-segmented lines), each with its 1-based line span."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import replace
from typing import Literal, Sequence

from ..data import Document, Segment
from ..text.script import has_word

Units = Literal["paragraphs", "lines"]


def paragraphs(lines: Sequence[str]) -> list[Segment]:
    """Blocks of non-blank lines separated by one or more blank lines; lines joined with a space."""
    out: list[Segment] = []
    block: list[str] = []
    first = 0
    for k, line in enumerate(list(lines) + [""], start=1):
        if line.strip():
            if not block:
                first = k
            block.append(" ".join(line.split()))
        elif block:
            out.append(Segment(len(out), " ".join(block), (first, k - 1)))
            block = []
    return out


def line_units(lines: Sequence[str]) -> list[Segment]:
    """Every non-blank line is one unit (the input format of Vecalign and Bertalign); a line without a
    word is marked ``furniture``: it carries no translation of its own, so it is paired only with another
    such line (a number with its number) or with content on clear evidence, and never joined to a bead
    by the passes after the DP."""
    out: list[Segment] = []
    for k, line in enumerate(lines, start=1):
        if line.strip():
            text = " ".join(line.split())
            out.append(Segment(len(out), text, (k, k), "content" if has_word(text) else "furniture"))
    return out


def _line_starts(par: Segment, lines: Sequence[str]) -> list[tuple[int, int]]:
    """``(character offset in the paragraph text, line number)`` of each input line of a paragraph.

    Lines the paragraph does not contain verbatim (a page number dropped by reflow, a word joined
    across a hyphen) are passed over; the offsets stay monotone.
    """
    out: list[tuple[int, int]] = []
    pos = 0
    text = par.text
    for k in range(par.lines[0], par.lines[1] + 1):
        line = " ".join(lines[k - 1].split()) if k - 1 < len(lines) else ""
        if not line:
            continue
        at = text.find(line[:40], pos)
        if at < 0 or (out and at > pos + 2):
            continue
        out.append((at, k))
        pos = at + len(line)
    return out or [(0, par.lines[0])]


def sentence_units(pars: Sequence[Segment], lines: Sequence[str], lang: str) -> list[Segment]:
    """The sentences of the paragraphs, each with its paragraph (``parent``) and its own line span."""
    from .sentences import split_sentences

    out: list[Segment] = []
    for par in pars:
        starts = _line_starts(par, lines)
        offsets = [a for a, _ in starts]

        def line_at(c: int) -> int:
            return starts[max(0, bisect_right(offsets, c) - 1)][1]

        for a, b in split_sentences(par.text, lang):
            raw = par.text[a:b]
            text = raw.strip()
            if not text:
                continue
            a += len(raw) - len(raw.lstrip())
            b = a + len(text)
            out.append(Segment(len(out), text, (line_at(a), line_at(b - 1)), par.kind, par.index))
    return out


def sentence_offsets(par: Segment, sents: Sequence[Segment]) -> list[int]:
    """Character offsets of the sentences of ``par`` in its text (they are substrings, in order)."""
    out, pos = [], 0
    for s in sents:
        at = par.text.find(s.text, pos)
        if at < 0:
            at = pos
        out.append(at)
        pos = at + len(s.text)
    return out


def with_sentence_cuts(doc: Document) -> Document:
    """``doc`` with the sentence starts of its paragraphs that have cuts added to their cuts."""
    if not any(s.cuts for s in doc.segments):
        return doc
    by_par: dict[int, list[Segment]] = {}
    for s in doc.sentences:
        by_par.setdefault(s.parent, []).append(s)
    segs = []
    for par in doc.segments:
        sents = by_par.get(par.index, [])
        if par.cuts and len(sents) > 1:
            extra = [(at, s.lines[0]) for at, s in zip(sentence_offsets(par, sents), sents)][1:]
            par = replace(par, cuts=tuple(sorted(dict(list(par.cuts) + extra).items())))
        segs.append(par)
    return replace(doc, segments=tuple(segs))
