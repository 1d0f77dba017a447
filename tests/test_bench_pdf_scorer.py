"""bench/pdf.py: output beads mapped to gold paragraphs by their words, pieces of a cut paragraph included."""

from __future__ import annotations

from conftest import bench_module

EN = ["The council met on Monday to discuss the new budget for schools and roads.",
      "Rain fell across the north for three days and flooded several villages near the river.",
      "Officials said repairs would begin next week."]
AR = ["اجتمع المجلس يوم الاثنين لمناقشة الميزانية الجديدة للمدارس والطرق.",
      "هطلت الأمطار على الشمال ثلاثة أيام وغمرت عدة قرى قرب النهر.",
      "وقال المسؤولون إن الإصلاحات ستبدأ الأسبوع المقبل."]


def _project(pred, en=EN):
    beads, _, _ = bench_module("pdf").project(pred, en, AR)
    return sorted((tuple(e), tuple(a)) for e, a in beads)


def test_a_paragraph_cut_in_two_and_paired_piece_by_piece_is_its_gold_bead():
    # EN 1 is translated by AR 1 and AR 2; the input cut EN 1 before its last sentence (a page break),
    # and each piece is paired with its own translation: at paragraph level the output is the 1-2 bead.
    en = [EN[0], EN[1] + " Officials said repairs would begin."]
    pred = [(EN[0], AR[0]),
            (EN[1], AR[1]),
            ("Officials said repairs would begin.", AR[2])]
    assert _project(pred, en) == [((0,), (0,)), ((1,), (1, 2))]


def test_a_piece_paired_with_the_wrong_paragraph_joins_their_beads():
    # The last words of EN 1 paired with AR 2 (an interleaved page), EN 2 left alone: the piece belongs to
    # EN 1, so the beads of EN 1 and AR 2 become one, and neither gold bead is predicted.
    pred = [(EN[0], AR[0]),
            ("Rain fell across the north for three days and flooded several", AR[1]),
            ("villages near the river.", AR[2]),
            (EN[2], "")]
    assert _project(pred) == [((0,), (0,)), ((1,), (1, 2)), ((2,), ())]


def test_a_paragraph_cut_into_two_equal_halves_is_claimed_by_both():
    # pypdf, pdf-dev ntrex_05: Arabic paragraph 13 cut into two pieces of exactly half its words each,
    # each paired with its English sentence: the tie between the two pieces gave the paragraph to
    # neither, and both beads counted as errors.
    en = [EN[0], "Rain fell for three days. The river flooded several villages."]
    ar = [AR[0], "هطلت الأمطار ثلاثة أيام. غمر النهر عدة قرى."]
    pred = [(EN[0], AR[0]), ("Rain fell for three days.", "هطلت الأمطار ثلاثة أيام."),
            ("The river flooded several villages.", "غمر النهر عدة قرى.")]
    beads, _, _ = bench_module("pdf").project(pred, en, ar)
    assert sorted((tuple(e), tuple(a)) for e, a in beads) == [((0,), (0,)), ((1,), (1,))]


def test_two_copies_of_a_paragraph_each_go_to_one_copy():
    # a saying repeated word for word (hadith collections): the two equal sides share the two copies
    en = [EN[0], EN[2], EN[2]]
    ar = [AR[0], AR[2], AR[2]]
    pred = [(EN[0], AR[0]), (EN[2], AR[2]), (EN[2], AR[2])]
    beads, _, _ = bench_module("pdf").project(pred, en, ar)
    assert sorted((tuple(e), tuple(a)) for e, a in beads) == [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]
