"""Soft paragraph boundaries (align/split.py): hard-wrapped Arabic whose paragraph breaks are not marked
is cut where the English paragraphs show a break the line widths hid."""

from __future__ import annotations

import pytest
from conftest import BENCH_DEV, bench_module

from align import Aligner, document_from_lines, read_document
from align.core import AlignConfig
from align.core.soft import _best_cuts, resegment
from align.core.vectors import normalise as _normalise
from align.prepare.segment import paragraphs
from align.read import read_lines


def _messy():
    return bench_module("messy")


WRAPPED = [
    "The council met on Monday and agreed to build a new bridge over the river before the end of",
    "",
    "the year. The mayor said the work would start in the spring and cost less than planned.",
    "",
    "Residents welcomed the decision, which ends a long debate about traffic in the old town and",
    "",
    "its narrow streets. Shops expect more visitors once the bridge opens to cars and buses.",
    "",
]


def test_wrapped_paragraph_keeps_line_and_sentence_cuts():
    doc = document_from_lines(WRAPPED, lang="en")
    assert len(doc) == 1  # no width or mark shows the break after line 3
    par = doc[0]
    assert [line for _, line in par.cuts] == [3, 3, 5, 7, 7]  # line starts and sentence starts
    assert all(par.text[at - 1] == " " for at, _ in par.cuts)


def test_resegment_cuts_paragraph_and_its_sentences():
    doc = document_from_lines(WRAPPED, lang="en")
    at = next(a for a, line in doc[0].cuts if line == 5)
    mid = next(a for a, line in doc[0].cuts if line == 3 and not doc[0].text[a:].startswith("The"))
    out = resegment(doc, {0: [mid, at]})
    assert [s.lines for s in out.segments] == [(1, 1), (3, 3), (5, 7)]
    assert out[2].text.startswith("Residents welcomed")
    assert "".join(s.text for s in out.segments).replace(" ", "") == doc[0].text.replace(" ", "")
    # every sentence sits in one paragraph; the sentence across the cut after line 1 is cut there
    assert [s.parent for s in out.sentences] == [0, 1, 1, 2, 2]
    assert out.sentences[0].text.endswith("before the end of") and out.sentences[1].text == "the year."
    assert [s.index for s in out.sentences] == list(range(len(out.sentences)))
    assert resegment(doc, {}) is doc


@pytest.mark.model
def test_hidden_arabic_breaks_are_cut_where_the_english_shows_them(embedder):
    pair = BENCH_DEV / "ntrex_02"
    if not pair.is_dir():
        pytest.skip("bench-dev not found")
    en = [s.text for s in paragraphs(read_lines(pair / "en.txt"))][:4]
    ar = [s.text for s in paragraphs(read_lines(pair / "ar.txt"))][:4]  # gold: 1-1 for these four
    lines, where = _messy().hard_wrap_visual_mapped(ar, seed=1557613)  # visual order, breaks hidden
    tgt = document_from_lines(lines)
    merged = [{where[k - 1] for k in range(s.lines[0], s.lines[1] + 1)} - {None} for s in tgt.segments]
    assert any(len(m) > 1 for m in merged), "the wrap should hide a break for this test to mean anything"
    src = document_from_lines([line for p in en for line in (p, "")])
    al = Aligner(embedder.model, progress=False).align(src, tgt)
    got = []
    for b in al.beads:
        gold_ar = {where[k - 1] for j in b.tgt for k in range(al.tgt[j].lines[0], al.tgt[j].lines[1] + 1)}
        got.append((list(b.src), sorted(gold_ar - {None})))
    assert got == [([i], [i]) for i in range(4)]
    # cut where the breaks hid, and nowhere else: pieces that align together are one paragraph again
    assert len(al.tgt) == 4
    assert [s.parent for s in al.tgt.sentences] == sorted(s.parent for s in al.tgt.sentences)
    assert {s.parent for s in al.tgt.sentences} == {0, 1, 2, 3}


@pytest.mark.model
def test_a_paragraph_with_no_piece_does_not_block_the_cut(embedder):
    """English 8, 9, 10 against Arabic 8 + 9 run together: English 9 is untranslated (gold), and the
    first search gives it a piece that is not clearly its own; left without one, the cut is found."""
    pair = BENCH_DEV / "quran_02"
    if not pair.is_dir():
        pytest.skip("bench-dev not found")
    en = [s.text for s in paragraphs(read_lines(pair / "en.txt"))]
    ar = [s.text for s in paragraphs(read_lines(pair / "ar.txt"))]
    lines, where = _messy().hard_wrap_visual_mapped(ar, seed=185178)  # the seed bench/messy_run.py uses
    tgt = document_from_lines(lines)
    par = next(s for s in tgt.segments if {where[k - 1] for k in range(s.lines[0], s.lines[1] + 1)} == {8, 9, None})
    embed = Aligner(embedder.model, progress=False)._embed
    units = _normalise(embed([en[8], en[9], en[10]]))
    cuts = _best_cuts(par, units, embed, AlignConfig())
    assert cuts is not None and len(cuts) == 1
    line = dict(par.cuts)[cuts[0]]
    assert where[line - 1] == 9 and where[line - 3] == 8  # at the first line of Arabic 9


def test_single_newline_wrapped_text_keeps_cuts_too():
    """Wrapped text with no blank line at all hides its paragraph breaks as well; a wrapped block
    between blank lines (its breaks marked) gets none."""
    single = [line for line in WRAPPED if line]
    doc = document_from_lines(single, lang="en")
    assert len(doc) == 1 and [line for _, line in doc[0].cuts] == [2, 2, 3, 4, 4]
    blocks = single[:2] + [""] + single[2:]
    assert all(not s.cuts for s in document_from_lines(blocks, lang="en").segments)


def _gold_targets(al, where) -> dict[int, list[int]]:
    """English paragraph -> the gold Arabic paragraphs of the input lines of its bead."""
    got = {}
    for b in al.beads:
        for i in b.src:
            got[i] = sorted({where[k - 1] for j in b.tgt for k in range(al.tgt[j].lines[0], al.tgt[j].lines[1] + 1)}
                            - {None})
    return got


@pytest.mark.model
def test_a_headline_run_into_the_next_paragraph_is_cut_off(embedder):
    """Arabic 8 is a headline without a final mark that ends on a full line: the wrap runs it into
    Arabic 9, and the English puts the two in different beads (English 7 = Arabic 8, English 8 =
    Arabic 9 + 10). The tail of the bead's paragraph moves to the next bead, where it belongs."""
    pair = BENCH_DEV / "ntrex_04"
    if not pair.is_dir():
        pytest.skip("bench-dev not found")
    ar = [s.text for s in paragraphs(read_lines(pair / "ar.txt"))]
    lines, where = _messy().hard_wrap_visual_mapped(ar, seed=100814)  # bench/messy_run.py's seed
    tgt = document_from_lines(lines)
    assert any({where[k - 1] for k in range(s.lines[0], s.lines[1] + 1)} - {None} == {8, 9} for s in tgt.segments)
    al = Aligner(embedder.model, progress=False).align(read_document(pair / "en.txt"), tgt)
    got = _gold_targets(al, where)
    assert got[7] == [8] and got[8] == [9, 10]


@pytest.mark.model
def test_pieces_of_one_paragraph_count_as_one_unit_in_a_bead(embedder):
    """English 3 translates Arabic 3 (one sentence) and 4. The wrap leaves no mark between them and
    cuts Arabic 4 into three pieces after its sentence-final lines, so the right bead holds one English
    paragraph and four Arabic pieces: beyond ``max_bead`` = 4 if the pieces counted as paragraphs, and
    Arabic 3 was left alone."""
    pair = BENCH_DEV / "ntrex_01"
    if not pair.is_dir():
        pytest.skip("bench-dev not found")
    ar = [s.text for s in paragraphs(read_lines(pair / "ar.txt"))]
    lines, where = _messy().hard_wrap_visual_mapped(ar, seed=777884)  # bench/messy_run.py's seed 1
    tgt = document_from_lines(lines)
    al = Aligner(embedder.model, progress=False).align(read_document(pair / "en.txt"), tgt)
    got = _gold_targets(al, where)
    assert got[3] == [3, 4]
