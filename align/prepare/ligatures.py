"""Repair: Arabic ligatures whose letters an extractor gave back in reverse order.

Arabic fonts draw lam + alef (``لا`` ``لأ`` ``لإ`` ``لآ``), lam + alef maksura (``لى``) and the word
Allah (``لله``) as one glyph.  poppler and PyMuPDF, on Chromium-printed PDFs in several Noto fonts,
give such a glyph's letters back in reverse order: ``إعالنات`` for ``إعلانات``, ``األموال`` for
``الأموال``, ``عىل`` for ``على``, ``اهلل`` (``هللا`` in Noto Kufi Arabic) for ``الله``; some fonts only for the joined form (after a
letter that connects to it: ``أفالم`` for ``أفلام`` but ``الاتحاد`` intact).

The reversed letters are often a possible spelling too (``قال`` is a word, and also ``قلا`` damaged),
so every way of putting a word's suspect pairs back is judged (:mod:`.lexicon`): by the word list
where it holds the word or one of its readings (the best reading must be :data:`FREQ_MARGIN` more
frequent, in Zipf units), else by the tokenizer's language model (:data:`MARGIN` more likely).  A
document is repaired only where many of its words are so judged (:func:`is_damaged`): correct text
almost never reads better reversed.  Inside a document found damaged, where the font reversed every
such glyph, a word written ``ال`` is as likely either reading in proportion to how common each is, so
the margin there is smaller (:data:`REPAIR_MARGIN`: ``ثالث`` -> ``ثلاث``, 4.6 against 5.4), except where the
reading would take away the article of a word (:data:`FREQ_ARTICLE_MARGIN`; a proclitic and ``ال`` with no
word after them, ``بال``, ``كال``, hold none: ``بلا``, ``كلا``).  Without
either only the readings that correct text cannot hold are repaired: ``ى`` inside a word and an alef
doubled (``إال``, ``األ``).
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from typing import Callable, Sequence

from ..text.script import HARAKAT_CLASS
from .lexicon import word_frequency, word_scorer

__all__ = ["ARTICLE_MARGIN", "FREQ_ARTICLE_MARGIN", "FREQ_MARGIN", "MARGIN", "REPAIR_MARGIN", "is_damaged",
           "repair_ligatures", "restore_alef_before_lam_alef", "restore_lost_alef"]

_MARKS = HARAKAT_CLASS
_WORD_RE = re.compile(f"[\u0621-\u064a{_MARKS}]+")
_MARK_RE = re.compile(f"[{_MARKS}]")
# a reversed ligature: alef / alef maksura (with its marks) then lam; or heh lam lam (Allah), with
# its alef where the font draws the whole word as one glyph (``هللا``: Noto Kufi Arabic)
_SITE_RE = re.compile(f"[اأإآى][{_MARKS}]*ل|هللا|هلل")
# readings correct Arabic cannot hold: alef maksura inside a word, two alefs in a row
# (the second alef of ``اال`` ``األ`` ``إال``; not the Quranic ``أإله``), Allah with its heh first
_IMPOSSIBLE_RE = re.compile(f"ى[{_MARKS}]*ل(?=[\u0621-\u064a])|(?<=ا)[{_MARKS}]*[اأإآ][{_MARKS}]*ل"
                            f"|(?<=[أإآ])[{_MARKS}]*ا[{_MARKS}]*ل|(?<=ا)هلل|^هلل$|هللا(?![\u0621-\u064a])"
                            # tanween inside the pair: ``رجاًل`` ``رجًال`` for ``رجلًا``
                            f"|ا[\u064b-\u064d]ل|(?<=[\u064b-\u064d])ال(?![\u0621-\u064a])")
MARGIN = 5.0  # log-probability by which a reading must beat the word as written
# ... and where it would take away a word's article (``الحظ`` -> ``لاحظ``: both words)
ARTICLE_MARGIN = 10.0
# the same in the word list's Zipf frequencies (log10 of the count per billion words; a word the list does
# not hold counts 0), for finding a document damaged: ``بال`` 4.5 and ``بلا`` 5.4 are both words, no damage
FREQ_MARGIN = 1.0
REPAIR_MARGIN = 0.5  # ... and in a document found damaged, where every such glyph is reversed
FREQ_ARTICLE_MARGIN = 2.0
# the lam-alef glyph with tanween misread, each a reading correct text cannot hold: as its lam alone
# (``أولً`` for ``أولًا``: correct text puts a word's fathatan on its final alef, or teh marbuta, hamza,
# alef maksura, never on a lam); as two alefs and the tanween after a word's piece, its lam after them or
# lost (PyMuPDF, Noto Kufi Arabic: ``عمي اا ًل``, ``قائ اا ً``); as an alef and the tanween alone, its lam
# lost (Noto Sans Arabic: ``قلي اً``; a word's own tanween and alef split from it come the other way
# round, ``بدل ًا``)
_LAM_ALEF_TANWEEN_RE = re.compile("لً(?![\u0621-\u064a])"
                                  "|(?<=[\u0621-\u064a]) (?:اا ?\u064bل?|ا\u064b)(?![\u0621-\u064a\u064b-\u0652])")
_NOT_WORDS = frozenset({"ال", "وال", "فال"})
_ARTICLE_RE = re.compile("^(?:[وفبكل]|وب|فب|وك|فك|ول|فل)?ال")
_MAX_SITES = 5
_MIN_WORDS = 3  # words with a reading correct text cannot hold, in a document before it is repaired
_MIN_LM_WORDS = 5  # or words (types) the language model judges damaged
_MIN_SHARE = 0.025  # ... and their share of the document's words (tokens) with a suspect pair


def _variants(word: str) -> list[str]:
    sites = [m.span() for m in _SITE_RE.finditer(word)][:_MAX_SITES]
    out = []
    for mask in itertools.product((False, True), repeat=len(sites)):
        if not any(mask):
            continue
        s, last = [], 0
        for (a, b), flip in zip(sites, mask):
            if flip:
                s.append(word[last:a])
                s.append(word[a:b][::-1])
                last = b
        s.append(word[last:])
        out.append("".join(s))
    return out


def _best(word: str, lm: Callable[[str], float] | None, freq: Callable[[str], float] | None = None,
          margin: float = FREQ_MARGIN) -> str | None:
    """The reading of ``word`` the word list (``freq``), or else the language model (``lm``), prefers by
    its margin (:data:`FREQ_MARGIN`, :data:`MARGIN`), or None."""
    fixed = _fix_impossible(word)
    if fixed != word:
        return _best(fixed, lm, freq, margin) or fixed
    bare = _MARK_RE.sub("", word)
    if len(bare) < 2:
        return None
    if bare in _NOT_WORDS:  # never a word: the particle لا (ولا, فلا)
        return word[:-2] + word[-2:][::-1] if word.endswith("ال") else None
    at = _ARTICLE_RE.match(bare)
    article = bool(at) and at.end() < len(bare)  # an article has its word after it: ``بال`` is none
    variants = [(v, _MARK_RE.sub("", v)) for v in _variants(word)]
    if not variants:
        return None
    if freq is not None:
        written = freq(bare)
        f, v, vb = max((freq(vb), v, vb) for v, vb in variants)
        if f > 0 or written > 0:  # the list knows a reading: it decides
            loses_article = article and not _ARTICLE_RE.match(vb)
            return v if f >= written + (FREQ_ARTICLE_MARGIN if loses_article else margin) else None
    if lm is None:
        return None
    base = lm(bare)
    best, best_score = None, float("-inf")
    for v, vb in variants:
        sc = lm(vb)
        need = ARTICLE_MARGIN if article and not _ARTICLE_RE.match(vb) else MARGIN
        if sc >= base + need and sc > best_score:
            best, best_score = v, sc
    return best


def _fix_impossible(word: str) -> str:
    return _IMPOSSIBLE_RE.sub(lambda m: m.group(0)[::-1], word)


def is_damaged(lines: Sequence[str], lm: Callable[[str], float] | None = None,
               freq: Callable[[str], float] | None = None) -> bool:
    """Do enough words of ``lines`` read far better with their suspect pairs put back?"""
    words = Counter(w for s in lines for w in _WORD_RE.findall(s) if _SITE_RE.search(w))
    if not words:
        return False
    if sum(n for w, n in words.items() if _IMPOSSIBLE_RE.search(w)) >= _MIN_WORDS:
        return True
    lm = lm or word_scorer()  # loaded only for a document with Arabic words to judge
    freq = freq or word_frequency()
    if lm is None and freq is None:
        return False
    bad = [n for w, n in words.items() if _best(w, lm, freq) is not None]
    return len(bad) >= _MIN_LM_WORDS and sum(bad) >= _MIN_SHARE * sum(words.values())


def repair_ligatures(lines: Sequence[str], lm: Callable[[str], float] | None = None,
                     freq: Callable[[str], float] | None = None) -> list[str]:
    """``lines`` with the reversed ligatures of every word put back (see the module docstring)."""
    lm = lm or word_scorer()
    freq = freq or word_frequency()
    cache: dict[str, str] = {}

    def fix(m: re.Match) -> str:
        w = m.group(0)
        if w not in cache:
            if not _SITE_RE.search(w):
                cache[w] = w
            elif lm is None and freq is None:
                cache[w] = _fix_impossible(w)
            else:
                cache[w] = _best(w, lm, freq, REPAIR_MARGIN) or w
        return cache[w]

    return [_WORD_RE.sub(fix, s) for s in lines]


def restore_lost_alef(lines: Sequence[str]) -> list[str]:
    """``lines`` with the alef of a lam-alef glyph read as its lam alone put back (``أولً`` -> ``أولًا``),
    and the glyph with its tanween read as two alefs and the tanween, the lam after them or lost, or as
    an alef and the tanween alone (PyMuPDF: ``عمي اا ًل``, ``قائ اا ً``, ``قلي اً`` -> ``عميلًا``,
    ``قائلًا``, ``قليلًا``); readings correct text cannot hold, so no document needs to be found damaged
    first."""
    return [_LAM_ALEF_TANWEEN_RE.sub("لًا", s) for s in lines]


# the alef lost before a lam-alef glyph (PyMuPDF, Noto Sans Arabic), the glyph's letters reversed too: the
# article's (``الاستعانة`` given as ``الستعانة``, or ``لاستعانة``; after a clitic و ف ب ك or none), one inside
# a word (``حالات`` as ``حالت``), and one after a letter that then stands alone (``قالا`` as ``ق ال``, which
# the ligature repair makes ``ق لا``)
_ARTICLE_SITE_RE = re.compile("^([وفبك]?)(ال|لا)(?=[\u0621-\u064a]{2})")
_INNER_SITE_RE = re.compile("(?<=[\u0621-\u064a])ال")
# a letter that joins the next one, alone before ``لا``: the glyph of the alef between them is lost
_ALONE_SITE_RE = re.compile("(?<![\u0621-\u064a])([بتثجحخسشصضطظعغفقكلمنهي]) لا(?![\u0621-\u064a])")
_KNOWN = 3.0  # Zipf frequency of a restored word at least
_MIN_ARTICLE_WORDS = 3  # distinct words written with ``ال`` far rarer than with ``الا``, before a document is repaired


def restore_alef_before_lam_alef(lines: Sequence[str], freq: Callable[[str], float] | None = None) -> list[str]:
    """``lines`` with the alef lost before a lam-alef glyph put back.

    After a letter left alone (``ق لا`` -> ``قالا``, Zipf 3.2) wherever the word it makes is known: a
    letter that joins the next one never stands alone before ``لا`` in correct text (none in the 36
    clean documents of the dev sets). The article's alef and one inside a word only in a document that
    lost it: there, :data:`_MIN_ARTICLE_WORDS` words or more are known with the article's ``الا`` and,
    as written with ``ال``, :data:`FREQ_ARTICLE_MARGIN` less frequent or unknown (``الستعانة`` 0 ->
    ``الاستعانة`` 3.9); in such a document a word is restored where the reading with the alef is known
    and :data:`REPAIR_MARGIN` more frequent (``لاعتقال`` 3.1 -> ``الاعتقال`` 4.3, ``حالت`` 3.3 ->
    ``حالات`` 5.0; correct text holds ``حالت`` too). Without the word list nothing changes."""
    freq = freq or word_frequency()
    if freq is None:
        return list(lines)
    words = {w for s in lines for w in _WORD_RE.findall(s) if not _MARK_RE.search(w)}
    fixes: dict[str, str] = {}
    evidence = 0
    for w in words:
        m = _ARTICLE_SITE_RE.match(w)
        if m is None:
            continue
        restored, written = m.group(1) + "الا" + w[m.end():], freq(w)
        known = freq(restored)
        if known < _KNOWN:
            continue
        evidence += m.group(2) == "ال" and known >= written + FREQ_ARTICLE_MARGIN
        if known >= written + REPAIR_MARGIN:
            fixes[w] = restored
    out = list(lines)
    if evidence >= _MIN_ARTICLE_WORDS:
        for w in words - fixes.keys():  # the alef inside a word
            best = max((w[:k.end()] + "ا" + w[k.end():] for k in _INNER_SITE_RE.finditer(w)), key=freq, default=None)
            if best is not None and freq(best) >= max(_KNOWN, freq(w) + REPAIR_MARGIN):
                fixes[w] = best
        out = [_WORD_RE.sub(lambda m: fixes.get(m.group(0), m.group(0)), s) for s in out]

    def alone(m: re.Match) -> str:
        word = m.group(1) + "الا"
        return word if freq(word) >= _KNOWN else m.group(0)

    return [_ALONE_SITE_RE.sub(alone, s) if " لا" in s else s for s in out]
