"""Repair: a letter of an Arabic word given at its other end, or a word given in two, in text that an
extractor wrote in visual order.

Such an extractor cuts a word into runs where its letters do not join: a proclitic ``و`` or ``ب``
before its word, a suffix ``ه`` after it, the ``لأ`` of ``لأمريكا``.  When the words of the line are
put back in reading order (:func:`~align.prepare.repair.repair_arabic_order`), the piece stays on the
wrong side of its word or apart from it.  Seen in the seed pair's Arabic::

    الاستقرارو  روسياب  وزيرب  علىو  هفي  لأ مريكا
    for  والاستقرار  بروسيا  بوزير  وعلى  فيه  لأمريكا

The word list (:func:`~align.prepare.lexicon.word_frequency`) judges: a word it holds rarely or not at
all (Zipf :data:`RARE` or less) is given the reading with its first letter moved to its end, or its last
letter to its front, where the list holds that reading well (:data:`COMMON` or more); two neighbouring
words, one of them rare (:data:`JOIN_RARE`), are joined where the list holds the joined word well.  A
name the list holds rarely comes out so too: where it holds neither piece at all (as written or after a
one-letter proclitic), two pieces are one word where the list holds the joined word at all, also with
the first piece's end letter moved (``يوأوزب كستان`` -> ``وأوزبيكستان``, the seed pair), and so is a
long word it does not hold whose two pieces came glued the wrong way round (``كستانيوأوزب``).
A proclitic given after the word Allah written as one glyph (``ﷲو`` for ``وﷲ``, pdfminer.six) is put
before it; no word follows that glyph.  Only the documents whose Arabic was in visual order are
repaired; without the word list only that glyph's proclitic is.
"""

from __future__ import annotations

import re
from typing import Callable, Sequence

from ..text.script import arabic_edges
from .lexicon import word_frequency

__all__ = ["COMMON", "JOIN_RARE", "RARE", "move_stray_letters"]

# Zipf frequency at or below which a word may be a damaged one: correct rare words often make another word
# with one letter moved (in the clean Arabic of the 36 dev pairs, 11 words at 2.0 or below, all but one of
# Zipf 1.5-1.9: كونس -> سكون, حالفت -> تحالف; 1 at 1.4 or below), two correct words rarely make one when
# joined (none at 2.0)
RARE = 1.4
JOIN_RARE = 2.0
COMMON = 3.0  # ... and at or above which the repaired reading is taken
_PROCLITICS = "وفبل"
_MIN_SWAPPED = 8  # letters of a word at least before its pieces are tried the other way round
_LETTERS = re.compile("^[\u0621-\u063a\u0641-\u064a]{2,}$")  # Arabic letters, no marks or tatweel


def _moved(word: str, freq: Callable[[str], float]) -> str | None:
    """The reading of a rare ``word`` with one letter moved from one end to the other, if common."""
    if not _LETTERS.match(word) or len(word) < 3 or freq(word) > RARE:
        return None
    best = max((freq(r), r) for r in (word[-1] + word[:-1], word[1:] + word[0]))
    return best[1] if best[0] >= COMMON else None


def _known(word: str, freq: Callable[[str], float]) -> float:
    """Zipf frequency of ``word``, or of its stem after a one-letter proclitic (``وأوزبيكستان``)."""
    f = freq(word)
    if not f and len(word) > 3 and word[0] in _PROCLITICS:
        f = freq(word[1:])
    return f


def _joined(a: str, b: str, freq: Callable[[str], float]) -> str | None:
    """The one word that the words ``a`` and ``b`` are, cut in two: ``a + b`` where one of them is rare and
    the list holds the joined word well; where the list holds neither at all (and ``a`` has three
    letters or more), also with the letter at either end of ``a`` moved to its other end
    (``يوأوزب كستان``), where the list holds the word at all."""
    if not (_LETTERS.match(a) and _LETTERS.match(b)):
        return None
    if min(freq(a), freq(b)) <= JOIN_RARE and freq(a + b) >= COMMON:
        return a + b
    if _known(a, freq) or _known(b, freq) or len(a) < 3:
        return None
    return next((w for w in (a + b, a[1:] + a[0] + b, a[-1] + a[:-1] + b) if _known(w, freq)), None)


def _swapped(word: str, freq: Callable[[str], float]) -> str | None:
    """A word the list does not hold at all, given as its two pieces the wrong way round (``كستانيوأوزب``):
    the word the pieces make in the other order (with the letter moved as in :func:`_joined`), if the
    list holds it at all."""
    if not _LETTERS.match(word) or len(word) < _MIN_SWAPPED or _known(word, freq):
        return None
    for k in range(2, len(word) - 1):
        a, b = word[k:], word[:k]
        if not (_known(a, freq) or _known(b, freq)):
            fixed = _joined(a, b, freq)
            if fixed:
                return fixed
    return None


def _repair_line(line: str, freq: Callable[[str], float]) -> str:
    parts = re.split(r"(\s+)", line)
    toks, seps = parts[0::2], parts[1::2]
    edges = [arabic_edges(t) for t in toks]
    out: list[str] = []
    k = 0
    while k < len(toks):
        lead, core, trail = edges[k]
        joined = None
        if k + 1 < len(toks) and not trail and not edges[k + 1][0]:
            joined = _joined(core, edges[k + 1][1], freq)
        if joined:
            out += [lead + joined + edges[k + 1][2]] + ([seps[k + 1]] if k + 1 < len(seps) else [])
            k += 2
            continue
        fixed = _moved(core, freq) or _swapped(core, freq)
        out += [lead + (fixed or core) + trail] + ([seps[k]] if k < len(seps) else [])
        k += 1
    return "".join(out)


# a proclitic after the word Allah written as its one glyph (U+FDF2, kept as a word): ``ﷲو`` for ``وﷲ``
_AFTER_ALLAH = re.compile("(?<!\\w)\ufdf2([وفبكل])(?!\\w)")


def move_stray_letters(lines: Sequence[str], freq: Callable[[str], float] | None = None) -> list[str]:
    """``lines`` (in reading order) with stray letters put back on their words (see the module docstring)."""
    lines = [_AFTER_ALLAH.sub("\\1\ufdf2", s) if "\ufdf2" in s else s for s in lines]
    freq = freq or word_frequency()
    if freq is None:
        return list(lines)
    return [_repair_line(s, freq) for s in lines]
