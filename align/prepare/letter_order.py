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

PDFium (pypdfium2) gives most words reversed but not all (``انثدح ملسم نب ميهاربإ ... أم``), in reading
order, with their punctuation after them (:func:`words_in_reading_order`: ``المجاشعية،``, where a line in
display order has ``،ةيعشاجملا``).  There each word is judged alone by the word list
(:func:`reverse_words_by_list`), and the line is left in its order.  So are documents with a few such
words only (:func:`some_words_reversed`: 5% of their words unknown to the list as written and known
reversed).  Which words PDFium reverses follows their shape (those whose last letter is joined to the one
before, :func:`follows_shape_rule`); where a document's words show that rule, it decides the words the
list cannot (``كبر`` and ``ربك`` are both words), and it tells bare verses, which have no punctuation to
show their words in reading order, from a line in display order.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Callable, Sequence

from .lexicon import word_frequency

__all__ = ["MIN_EVIDENCE", "follows_shape_rule", "is_reversed", "reverse_letters", "reverse_words_by_list",
           "some_words_reversed", "words_in_reading_order"]

_WORD_RE = re.compile("[\u0621-\u064a\u064b-\u0652\u0670\u0671-\u06d3]+")
_MARK = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670"
MIN_EVIDENCE = 5


def _counts(lines: Sequence[str]) -> tuple[int, int]:
    """(reading-order evidence, reversed evidence) over the Arabic words of ``lines``."""
    fwd = rev = 0
    for s in lines:
        for w in _WORD_RE.findall(s):
            w = _bare(w)
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


# words given reversed one by one (PDFium's text: ``انثدح ملسم نب ميهاربإ`` for ``حدثنا مسلم بن إبراهيم``,
# most words reversed, some not): a word the list does not hold whose reversal it knows at Zipf 3 or
# more is such a word; correct text holds none (0 in the 36 clean documents of both dev sets)
_KNOWN = 3.0
_MIN_SHARE = 0.05  # of the Arabic words of 3 letters or more, before a document is repaired
_MARGIN = 0.5  # Zipf: a word is turned where its reversal is this much more frequent
_SURE = 2.0  # Zipf: one reading this much more frequent (and known) decides, whatever the shape says
# the shape rule (:func:`_shape_says`): trusted where it and the word list agree on this share of the
# words both decide, at least this many; letters that never join the letter after them (a word's last
# letter after one of them stands alone)
_SHAPE_MIN = 20
_SHAPE_AGREEMENT = 0.95
_NON_JOINING = frozenset("اأإآٱدذرزوؤةءى")
# a word's tanween and alef, which PDFium leaves in place when it reverses the word: ``قفوًا``
_TANWEEN_END = re.compile("(?:\u064b\u0627|\u0627\u064b)$")


def _bare(word: str) -> str:
    return "".join(c for c in word if c not in _MARK)


def _reversed_unknown(lines: Sequence[str], freq: Callable[[str], float]) -> tuple[int, int]:
    """(Arabic words of 3 letters or more, those unknown to the list as written and known reversed)."""
    words = Counter(w for s in lines for w in _WORD_RE.findall(s) if len(w) >= 3)
    bad = sum(k for w, k in words.items()
              if freq(_bare(w)) == 0 and freq(_bare(_reverse_word(_WORD_RE.fullmatch(w)))) >= _KNOWN)
    return sum(words.values()), bad


def some_words_reversed(lines: Sequence[str], freq: Callable[[str], float] | None = None) -> bool:
    """Whether many words of ``lines`` (:data:`MIN_EVIDENCE`, and :data:`_MIN_SHARE` of them) are unknown
    to the word list as written and known reversed; without the word list, False."""
    freq = freq or word_frequency()
    if freq is None:
        return False
    n, bad = _reversed_unknown(lines, freq)
    return bad >= MIN_EVIDENCE and bad >= _MIN_SHARE * n


def _readings(lines: Sequence[str], freq: Callable[[str], float]) -> dict[str, tuple[str, float, float]]:
    """Every Arabic word of two letters or more of ``lines``: (its reversal, the word list's frequency of
    the word as written, of its reversal)."""
    def readings(w: str) -> tuple[str, float, float]:
        r = _reverse_word(_WORD_RE.fullmatch(w))
        end = _TANWEEN_END.search(w)
        if end:  # PDFium leaves a word's tanween and alef where they are: ``قفوًا`` for ``وفقًا``
            stem = _reverse_word(_WORD_RE.match(w[:end.start()])) if end.start() else ""
            r = max((r, stem + end.group(0)), key=lambda v: freq(_bare(v)))
        return r, freq(_bare(w)), freq(_bare(r))

    return {w: readings(w) for w in {w for s in lines for w in _WORD_RE.findall(s) if len(w) >= 2}}


def _sure(fw: float, fr: float) -> bool:
    """Whether the word list alone decides between a word as written and reversed."""
    return abs(fw - fr) >= _SURE and max(fw, fr) >= _KNOWN


def _follows_shape(read: dict[str, tuple[str, float, float]]) -> bool:
    """Whether the word list and the shape rule (:func:`_shape_says`) agree on :data:`_SHAPE_AGREEMENT` of
    the words (at least :data:`_SHAPE_MIN`) where both decide."""
    told = [said == (fr > fw) for w, (r, fw, fr) in read.items()
            if _sure(fw, fr) and (said := _shape_says(w, r)) is not None]
    return len(told) >= _SHAPE_MIN and sum(told) >= _SHAPE_AGREEMENT * len(told)


def follows_shape_rule(lines: Sequence[str], freq: Callable[[str], float] | None = None) -> bool:
    """Whether the words of ``lines`` are reversed one by one by their shape, as PDFium gives them (see
    :func:`_shape_says`); text in display order has every word reversed, whatever its shape.  Without
    the word list, False."""
    freq = freq or word_frequency()
    return freq is not None and _follows_shape(_readings(lines, freq))


def reverse_words_by_list(lines: Sequence[str], mostly: bool = False,
                          freq: Callable[[str], float] | None = None) -> list[str]:
    """``lines`` with each Arabic word the word list reads better reversed turned (``ميهاربإ`` ->
    ``إبراهيم``): where its reversal is :data:`_MARGIN` more frequent, or, where ``mostly`` (most words of
    the document are reversed), unless the word as written is :data:`_MARGIN` more frequent (``قال``
    stays where most are reversed: ``لاق`` is far rarer).  A word neither reading of which the list holds
    is turned where it starts with ``ة`` (no word does).

    Where the document's words follow the shape rule (:func:`follows_shape_rule`), the rule decides
    every word it tells apart where the word list knows a reading but is not sure (:data:`_SURE`):
    ``كبر`` / ``ربك``.  (A word it knows neither way is left to the later repairs: PDFium gives ``اهلل``
    for ``الله``, whose ``لله`` is one glyph.)"""
    freq = freq or word_frequency()
    if freq is None:
        return list(lines)
    read = _readings(lines, freq)
    by_shape = _follows_shape(read)

    def fix(m: re.Match) -> str:
        w = m.group(0)
        if len(w) < 2:
            return w
        r, fw, fr = read[w]
        said = _shape_says(w, r) if by_shape else None
        if said is not None and 0 < max(fw, fr) and not _sure(fw, fr):
            return r if said else w
        if fw == fr == 0:
            return r if w.startswith("ة") else w
        return r if (fw < fr + _MARGIN if mostly else fr >= fw + _MARGIN) else w

    return [_WORD_RE.sub(fix, s) for s in lines]


def _ends_joined(word: str) -> bool | None:
    """Whether a word's last letter is joined to the one before it; ``None`` for a lam-alef ending (one
    glyph in some fonts, two in others) and for one letter."""
    b = _bare(word)
    if len(b) < 2 or (b[-2] == "ل" and b[-1] in "اأإآ"):
        return None
    return b[-2] not in _NON_JOINING


def _shape_says(w: str, r: str) -> bool | None:
    """Whether the word written ``w`` was reversed (its reading ``r``), by the shape rule of PDFium's text
    of Chromium's PDFs: a word whose last letter is joined to the one before comes out reversed
    (``ملسم`` for ``مسلم``), one whose last letter stands alone comes out as it is (``كان``, ``الشيطان``).
    ``None`` where the rule does not tell the two readings apart."""
    as_written, as_turned = _ends_joined(w), _ends_joined(r)
    if as_written is None or as_turned is None or as_written == (not as_turned):
        return None
    return as_turned


_MARK_AFTER = re.compile("[\u0621-\u064a][،؛؟.:](?=\\s|$)")
_MARK_BEFORE = re.compile("(?:^|(?<=\\s))[،؛؟.:][\u0621-\u064a]")


def words_in_reading_order(lines: Sequence[str]) -> bool:
    """Whether the punctuation of ``lines`` follows its words (``المجاشعية،``) far more often than it
    precedes them (``،ةيعشاجملا``, a line in display order): then the words are in reading order even
    where their letters are reversed (PDFium), and only the letters need turning."""
    after = sum(len(_MARK_AFTER.findall(s)) for s in lines)
    before = sum(len(_MARK_BEFORE.findall(s)) for s in lines)
    return after >= MIN_EVIDENCE and after > 2 * before
