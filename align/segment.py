"""Segment stage: lines -> units (paragraphs or pre-segmented lines), each with its 1-based line span."""

from __future__ import annotations

from typing import Literal, Sequence

from .model import Segment

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
    """Every non-blank line is one unit (the input format of Vecalign and Bertalign)."""
    out: list[Segment] = []
    for k, line in enumerate(lines, start=1):
        if line.strip():
            out.append(Segment(len(out), " ".join(line.split()), (k, k)))
    return out


def segment(lines: Sequence[str], units: Units = "paragraphs") -> list[Segment]:
    if units == "lines":
        return line_units(lines)
    return paragraphs(lines)
