"""A hand-made coverage report for the review tests (no model): four paragraphs a side, the tool's
paragraph alignment one sentence off, and what the reviewer should make of it."""

from __future__ import annotations

from align.data import Alignment, Bead, Document, Segment
from align.report import ReportConfig, build_report

# (paragraph lines, sentences) per side
EN = [((1, 1), ["The minister arrived in Cairo on Monday."]),
      ((3, 4), ["He met the president.", "They discussed trade & <water>."]),
      ((6, 6), ["A paragraph the translator left out."]),
      ((8, 8), ["The talks will continue in May."])]
AR = [((1, 1), ["وصل الوزير إلى القاهرة يوم الاثنين."]),
      ((3, 3), ["التقى بالرئيس."]),
      ((5, 5), ["وناقشا التجارة و<المياه>."]),
      ((7, 7), ["وستستمر المحادثات في مايو."]),
      ((9, 9), ["فقرة أضافها المترجم."])]
# the tool's paragraph beads: Arabic paragraph 2 (the second English sentence) paired with the untranslated
# one (a weak pair), and an added paragraph at the end
PARAGRAPH_BEADS = [((0,), (0,), 0.95), ((1,), (1,), 0.7), ((2,), (2,), 0.4), ((3,), (3,), 0.9), ((), (4,), 0.85)]
SENTENCE_BEADS = [((0,), (0,), 0.9), ((1,), (1,), 0.8), ((2,), (), 0.8), ((3,), (2,), 0.4), ((4,), (3,), 0.9), ((), (4,), 0.85)]
# the rows the tool starts the review with (sentence units) and the ones the reviewer makes of them
FIRST_ROWS = [([0], [0]), ([1, 2], [1]), ([3], [2]), ([4], [3]), ([], [4])]
CORRECTED_ROWS = [([0], [0]), ([1], [1]), ([2], [2]), ([3], []), ([4], [3]), ([], [4])]
CORRECTED_SCORES = [0.95, 1.0, 1.0, 1.0, 0.9, 0.85]


def document(spec, lang: str, path: str) -> Document:
    pars, sents = [], []
    for p, (lines, sentences) in enumerate(spec):
        pars.append(Segment(p, " ".join(sentences), lines))
        for k, text in enumerate(sentences):
            sents.append(Segment(len(sents), text, (lines[0] + k, lines[0] + k) if len(sentences) > 1 else lines,
                                 "content", p))
    return Document(tuple(pars), lang, "paragraph", path, tuple(sents))


def report(src_path: str = "en.txt", tgt_path: str = "ar.txt"):
    src, tgt = document(EN, "en", src_path), document(AR, "ar", tgt_path)
    par = Alignment(src, tgt, tuple(Bead(s, t, c) for s, t, c in PARAGRAPH_BEADS), model="hand-made")
    sent = Alignment(src.sentence_level(), tgt.sentence_level(), tuple(Bead(s, t, c) for s, t, c in SENTENCE_BEADS),
                     model="hand-made")
    return build_report(par, sent, ReportConfig())


def expected_alignment(state) -> Alignment:
    """The corrected alignment the review should give, built without the review code."""
    beads = tuple(Bead(tuple(s), tuple(t), c) for (s, t), c in zip(CORRECTED_ROWS, CORRECTED_SCORES))
    return Alignment(state.corrected().src, state.corrected().tgt, beads, model="hand-made")
