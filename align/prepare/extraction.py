"""Repairs of the damage real text extractors do, each detected per document and applied line by line
(the number of lines never changes, so every unit keeps its line span in the input).

One module per kind of damage, run in this order by :func:`repair_extraction`:

* :mod:`.bidi`: bidi embedding controls around runs (poppler's ``pdftotext``), and the neutrals they
  moved;
* :mod:`.forms`: Arabic presentation forms (pypdf on some PDFs) -> letters;
* :mod:`.letter_order`: Arabic words with their letters in display order (pdfminer.six), or reversed
  one by one in lines in reading order (PDFium);
* :mod:`.ligatures`: ligatures (lam-alef, Allah) given back with their letters reversed, or a lam-alef
  with tanween given back as its lam alone, or as two alefs or an alef alone (PyMuPDF);
* visual word order (:mod:`.repair`, :func:`~align.prepare.repair.repair_arabic_order`; every line of a
  document whose letters were in display order), or else :mod:`.span_order`: the runs of a line
  (Arabic words between numbers, Latin words or marks) given from left to right (pypdf, PyMuPDF), and
  :mod:`.punctuation`: a line's final punctuation given at its start;
* :mod:`.stray_letters`: in a document that was in visual order, a letter given at the wrong end of its
  word, or a word given in two (``الاستقرارو``, ``لأ مريكا``), and :mod:`.quotes`: straight quotes on the
  wrong side of their word (``هذا" الحدث``);
* :mod:`.fragments`: words split into fragments around their diacritics (on text in reading order);
* :mod:`.ligatures` again: the alef lost before a lam-alef glyph (PyMuPDF): the article's (``الستعانة``),
  one inside a word (``حالت``), one after a letter then left alone (``ق لا`` for ``قالا``).
"""

from __future__ import annotations

from typing import Sequence

from .bidi import has_bidi_controls, remove_bidi_controls
from .forms import base_letters, has_presentation_forms
from .fragments import is_damaged as fragments_damaged
from .fragments import join_fragments
from .letter_order import (
    follows_shape_rule,
    is_reversed,
    reverse_letters,
    reverse_words_by_list,
    some_words_reversed,
    words_in_reading_order,
)
from .ligatures import is_damaged as ligatures_damaged
from .ligatures import repair_ligatures, restore_alef_before_lam_alef, restore_lost_alef
from .punctuation import move_leading_punctuation
from .quotes import move_quotes
from .repair import detect_visual, repair_arabic_order
from .span_order import is_damaged as runs_reversed
from .span_order import reverse_runs
from .stray_letters import move_stray_letters

__all__ = ["repair_extraction"]


def repair_extraction(lines: Sequence[str], arabic_order: str = "auto") -> list[str]:
    """``lines`` with every kind of extraction damage found in them repaired (see the module docstring);
    ``arabic_order`` is the mode of :func:`~align.prepare.repair.repair_arabic_order`."""
    out = list(lines)
    if has_bidi_controls(out):
        out = remove_bidi_controls(out)
    if has_presentation_forms(out):
        out = base_letters(out)
    display_order = is_reversed(out)
    # words reversed one by one (most or some of them), in reading order otherwise (PDFium): told from a
    # line in display order by the punctuation after the words, or, in text without any (bare verses),
    # by which words are reversed (those of one shape only)
    words_turned = ((words_in_reading_order(out) or follows_shape_rule(out)) if display_order
                    else some_words_reversed(out))
    if words_turned:
        out = reverse_words_by_list(out, mostly=display_order)
        display_order = False
    elif display_order:
        out = reverse_letters(out)
    ligatures = ligatures_damaged(out)
    if ligatures:
        out = repair_ligatures(out)
    out = restore_lost_alef(out)
    # the words too: a document whose letters were in display order is in visual order
    mode = "visual" if display_order and arabic_order != "logical" else arabic_order
    if words_turned and mode == "auto":
        mode = "logical"
    visual = mode == "visual" or (mode == "auto" and detect_visual(out))
    out = repair_arabic_order(out, "visual" if visual else "logical")
    if visual:
        out = move_stray_letters(out)
        if not display_order:  # reversed letter by letter, a quote came back where it was painted
            out = move_quotes(out)
    else:
        if runs_reversed(out):
            out = reverse_runs(out)
        out = move_leading_punctuation(out)
    if fragments_damaged(out):
        out = join_fragments(out)
        if ligatures:  # ligatures in words that were in pieces
            out = repair_ligatures(out)
    return restore_alef_before_lam_alef(out)
