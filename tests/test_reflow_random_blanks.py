"""Reflow of wrapped text whose blank lines fall anywhere (poppler's pdftotext on justified PDF text puts
them mid-sentence as often as between paragraphs): the lines decide, the blank lines are ignored."""

import random
import textwrap

from align.prepare.reflow import reflow

PARAS = [
    "The committee met on Tuesday to discuss the proposal for a new bridge across the river, and its members"
    " raised concerns about the cost of the works and about the schedule that the city had announced.",
    "Engineers said that the old bridge could carry traffic for another ten years if it were repaired, but"
    " the council wanted a decision before the end of the year, when the budget for the next term is set.",
    "Residents of the northern district, who cross the river every day to reach the centre of the town,"
    " asked for a temporary ferry while the works last, and for a footpath on the new bridge.",
    "The mayor promised an answer within a month and thanked the members of the committee for their work,"
    " adding that every opinion would be heard before the final vote of the council in December.",
] * 3


def _pdftotext_like(paras: list[str], seed: int) -> list[str]:
    rnd = random.Random(seed)
    lines: list[str] = []
    for p in paras:
        for line in textwrap.wrap(p, 70):
            lines.append(line)
            if rnd.random() < 0.5:
                lines.append("")  # a blank line inside the paragraph
        if rnd.random() < 0.3:
            lines.append("")  # a blank line between paragraphs, or none
    return lines


def test_blank_lines_inside_paragraphs_are_ignored():
    # the paragraphs are those of the same lines with no blank line at all (single newlines)
    for seed in range(3):
        lines = _pdftotext_like(PARAS, seed)
        single = [s.text for s in reflow([ln for ln in lines if ln], "en")]
        segs = [s.text for s in reflow(lines, "en")]
        assert segs == single, seed
        assert all(t.endswith(".") for t in segs)  # no paragraph cut inside a sentence
        assert " ".join(segs) == " ".join(PARAS)


def test_blank_lines_between_paragraphs_still_mean_paragraphs():
    lines = []
    for p in PARAS:
        lines += textwrap.wrap(p, 70) + [""]
    assert [s.text for s in reflow(lines, "en")] == PARAS
