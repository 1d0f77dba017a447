"""Reflow: rebuild the paragraphs of a file whose line structure was damaged by extraction.

:func:`reflow` turns the lines of a file into paragraphs (:class:`~align.model.Segment`) with the
exact 1-based span of input lines each one came from.  It undoes what PDF and web extraction do to
paragraphs:

* **hard wraps.**  (a) A blank line after every line (PDF text: blank lines no longer separate
  paragraphs, except a gap wider than the usual one), or (b) single newlines inside paragraphs
  (a block of consecutive lines that looks wrapped, with or without blank lines between
  paragraphs).  Wrapped text is recognised by its lines: most are *full* (the first word of the
  next line would not have fitted on the line, at the width of the lines around it), most full
  lines do not end a sentence, and sentences visibly run on from line to line (lines ending on a
  comma or on ``the`` / ``في``, next lines starting in lower case).  In wrapped text a paragraph
  ends after a line that ends a sentence (``. ! ? ؟ : …`` and any closing quotes or brackets
  after it) and leaves room for the next word, or before a list item, or after a line that is
  clearly short without a final mark (a heading, or verse text without punctuation); never after
  a line ending on a comma or ``the`` / ``في``, nor (English) before a line starting in lower case.
  Where first-line indents mark the paragraphs (``pdftotext -layout``), an indented line starts one,
  and a clearly short line still ends one (the first paragraphs after a title are not indented).
  A block of three lines or more that is not wrapped, whose lines are longer than titles or three
  quarters of them end a sentence or start a list item, is one paragraph per line (plain text as a
  word processor saves it).
  (c) Wrapped text whose blank lines fall inside sentences about as often as between paragraphs
  (poppler's ``pdftotext`` on justified PDF text): the blank lines are ignored and the lines decide,
  as in (b) for a file without blank lines.
* **page breaks.**  A block that ends without a final mark is continued by the next block (one
  paragraph, across a page number or running header between them) when that block starts in lower
  case (English), or when the first ends on a word such as ``the`` / ``of`` / ``في`` / ``التي``;
  after a page number or running header also when the first ends on a comma, or is a long line of
  prose in a document whose sentences end with final marks and the second ends with one.
* **page numbers and running headers** (a line that is only a number, ``Page 3``, ``3 / 12``,
  ``- 3 -``, also with its words out of order; a short line repeated three times or more, a few
  lines apart at least, or twice with a page number as the nearest line beside one of them (a
  two-page text), or next to a page number; a short line in capitals or with a ``|`` between the
  halves of a paragraph cut by a page break) are dropped: they belong to no paragraph (a span may
  still cover them).  A number among the words of a justified line given one word per line, after a
  word that ends no sentence, is a word of that line (``call`` / ``101`` / ``or``), not a page number.
* **page furniture** (site and section names, bylines, dates, menus, link lists, URLs, copyright
  lines, "Leave a comment", "back to top", "Share this", "Read more", "Related articles"...) is kept
  as its own paragraph with ``kind="furniture"`` (:func:`is_furniture`, plus short blocks before
  the first and after the last real paragraph of the document, and menus: blocks of several very
  short lines).

Clean input (paragraphs separated by blank lines, no hard wraps) gives exactly what
:func:`align.segment.paragraphs` gives, apart from ``kind``: the texts and spans are the same.

Arabic in visual order (PDF extraction, see :mod:`align.repair`) is analysed in its repaired
logical order when :mod:`align.repair` is available; the returned texts are always the input lines
(whitespace collapsed), so repair the lines first to get logical text.  Line widths count an
honorific that the extractor spelled out (PDFium's ``(صلى الله عليه وسلم (`` in English for ``(ﷺ)``) as
the one glyph it was printed as.  A paragraph boundary that
falls in the middle of a line (it happens in PDF Arabic) is not found: the line stays with the
paragraph it starts.  Where breaks are not marked (a blank line after every line; or single newlines,
in a wrapped block that the widths and marks cut into several paragraphs or that is the whole file),
each paragraph keeps its inner line starts as soft boundaries (:attr:`align.model.Segment.cuts`): the
aligner cuts there when the other side's paragraphs show a break (:mod:`align.split`).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from typing import Sequence

from ..data import Segment
from ..text.script import CLOSERS as _CLOSERS
from ..text.script import DIGIT_CLASS, has_word, is_arabic_char, is_arabic_lang
from ..text.script import FINAL_MARKS as _FINAL_MARKS
from ..text.script import OPENERS as _OPENERS

__all__ = ["reflow", "is_furniture", "is_page_number"]

# ----------------------------------------------------------------------------------------------
# characters and small predicates

_FINAL_RE = re.compile("[" + re.escape(_FINAL_MARKS) + "][" + re.escape(_CLOSERS) + "]*$")
_MARK_START_RE = re.compile("^[" + re.escape(_CLOSERS + _OPENERS) + "]*[" + re.escape(_FINAL_MARKS) + "]")

# Tolerances of the fit test, as shares of the estimated line width: a line ending a sentence ends
# the paragraph when the next word fits on it within the estimated width (no tolerance: the width is
# the longest of the lines around, so it is never too wide; chosen on hard-wrapped bench-dev and
# seeds/003, confirmed on hard-wrapped bench-dev-b and the extractors' text of both sets printed to
# PDF, bench/reflow.py and bench/pdf.py); a line without a final mark needs ``_SHORT_MARGIN`` to spare
# (``_SHORT_MARGIN_VERSE`` in text without final marks).
_SHORT_MARGIN = 0.12
_SHORT_MARGIN_VERSE = 0.08  # in a document without final marks: the short line is the only cue
_LONG_LINE = 120  # lines of a block longer than this (median) are no titles and no wrapped lines
_TIGHT_SHARE = 0.5  # Arabic lines without other clues are wrapped text when this share is of one width
_DETECT_MARGIN = 0.1  # tolerance of the fit test when deciding whether text is wrapped at all
# lines before and after a line used to estimate its wrap width (more before: a paragraph's last
# line, the one in question, has its paragraph above it)
_WINDOW_BEFORE = 4
_WINDOW_AFTER = 2


def _ws(s: str) -> str:
    return " ".join(s.split())


def _ends_final(s: str) -> bool:
    """Whether ``s`` ends with sentence-final punctuation (and any closing quotes after it)."""
    return bool(_FINAL_RE.search(s.rstrip()))


def _n_words(s: str) -> int:
    return len(s.split())


def _first_alpha(s: str) -> str:
    for c in s:
        if c.isalpha():
            return c
        if c.isdigit():
            return ""
    return ""


def _starts_lower(s: str) -> bool:
    """The first letter is a lower-case letter of a cased script (never true for Arabic)."""
    c = _first_alpha(s.lstrip(_OPENERS + " "))
    return bool(c) and c.islower()


def _latin_share(s: str) -> float:
    letters = [c for c in s if c.isalpha()]
    if not letters:
        return 0.0
    return sum(not is_arabic_char(c) for c in letters) / len(letters)


# ----------------------------------------------------------------------------------------------
# page numbers and running headers

_DIGITS = DIGIT_CLASS
_PAGE_RE = re.compile(
    rf"""^(?:
        [{_DIGITS}]{{1,3}}                                            # 3
      | [-–—~|·•*\[(]\s*[{_DIGITS}]{{1,4}}\s*[-–—~|·•*\])]            # - 3 -  [3]  (3)
      | (?:page|p\.|pg\.?|seite|página|الصفحة|صفحة|ص\.?)\s*[{_DIGITS}]{{1,4}}
            (?:\s*(?:of|/|من|de|von)\s*[{_DIGITS}]{{1,4}})?             # Page 3, Page 3 of 12
      | [{_DIGITS}]{{1,4}}\s*(?:/|of|من)\s*[{_DIGITS}]{{1,4}}         # 3 / 12, 3 of 12
    )$""",
    re.IGNORECASE | re.VERBOSE,
)


_PAGE_WORDS = frozenset("page p. pg pg. seite página الصفحة صفحة".split())
_PAGE_JOINERS = frozenset("of / من de von".split())
_NUMBER_RE = re.compile(rf"^[{_DIGITS}]{{1,4}}$")
_DIGIT_GLUE_RE = re.compile(rf"(?<=[{_DIGITS}])(?=[^\W\d_])|(?<=[^\W\d_])(?=[{_DIGITS}])")


def is_page_number(text: str) -> bool:
    """A page-number line: ``3``, ``- 3 -``, ``Page 3``, ``Page 3 of 12``, ``3 / 12``, ``صفحة 3``, also
    with its words out of order (an extractor's right-to-left line given in display order:
    ``٢ ٢ من صفحة``)."""
    text = _ws(text)
    if _PAGE_RE.match(text):
        return True
    words = _DIGIT_GLUE_RE.sub(" ", text).casefold().split()  # pypdf: ``٢ من ١صفحة``
    return (0 < len(words) <= 4 and any(w in _PAGE_WORDS for w in words)
            and 1 <= sum(bool(_NUMBER_RE.match(w)) for w in words) <= 2
            and all(w in _PAGE_WORDS or w in _PAGE_JOINERS or _NUMBER_RE.match(w) for w in words))


_HEADER_REPEATS = 3
_HEADER_SPACING = 4


def _header_key(s: str) -> str:
    return re.sub(f"[{_DIGITS}]+", "#", _ws(s).casefold())


def _is_short_line(s: str) -> bool:
    return 0 < len(s) <= 80 and _n_words(s) <= 10


def _dropped_lines(norm: list[str]) -> set[int]:
    """0-based indices of page-number and running-header lines.

    A running header (or footer) is a short line with a letter and without a final mark that comes
    back ``_HEADER_REPEATS`` times or more, never closer than ``_HEADER_SPACING`` non-blank lines
    unless a page number stands between (a refrain repeated every few verses is text; a page of a
    title alone is not), or twice, so spaced, with a page number as the nearest non-blank line before
    or after one of them (lines without a word and other repeated header-like lines passed: a header
    given in pieces) or one of them the document's first line (two pages read column by column;
    not its last: a refrain may end a text); or a header-like line next to a page number
    (unless the nearest line on the number's other side, blank lines passed, is a running header or the
    document's first or last line).
    """
    drop = {i for i, s in enumerate(norm) if s and is_page_number(s)}
    stretched = _stretched_words(norm)
    # a number among the words of a justified line given one word per line, inside a sentence, is a
    # word of that line (``call`` / ``101`` / ``or``), not a page number
    for i in sorted(drop):
        near = [next((j for j in (i + d, i + 2 * d) if 0 <= j < len(norm) and norm[j]), None) for d in (-1, 1)]
        if (norm[i].isdigit() and near[0] in stretched and near[1] in stretched
                and not _ends_final(norm[near[0]])):
            drop.discard(i)
    numbers = frozenset(drop)
    seen: dict[str, list[int]] = {}
    rank = 0  # position among non-blank lines
    for i, s in enumerate(norm):
        if not s:
            continue
        rank += 1
        if i not in drop and i not in stretched and _is_header_like(s) and any(c.isalpha() for c in s):
            seen.setdefault(_header_key(s), []).append((rank, i))
    inked = [i for i, s in enumerate(norm) if s]

    repeated = {i for occ in seen.values() if len(occ) >= 2 for _, i in occ}

    def by_page_number(i: int) -> bool:
        """The nearest non-blank line before or after is a page number, passing lines without a word and
        other repeated header-like lines (a header given in pieces: ``|`` / ``موقع التفسير`` / ``سور مختارة``)."""
        k = bisect_left(inked, i)
        for step in (-1, 1):
            j = k + step
            while 0 <= j < len(inked) and inked[j] not in numbers and (
                    inked[j] in repeated or not has_word(norm[inked[j]])):
                j += step
            if 0 <= j < len(inked) and inked[j] in numbers:
                return True
        return False

    number_list = sorted(numbers)

    def page_between(a: int, b: int) -> bool:  # a page number between lines a and b: another page
        k = bisect_left(number_list, a)
        return k < len(number_list) and number_list[k] < b

    top = inked[0] if inked else -1
    for occ in seen.values():
        spaced = all(b[0] - a[0] >= _HEADER_SPACING or page_between(a[1], b[1]) for a, b in zip(occ, occ[1:]))
        if spaced and (len(occ) >= _HEADER_REPEATS
                       or (len(occ) >= 2 and any(by_page_number(i) or i == top for _, i in occ))):
            drop.update(i for _, i in occ)
    # a header-like line beside a page number is in its block, unless the line on the number's other
    # side is the block's furniture (a running header, or the page's first or last line): then the
    # number stands at the edge of its block and this line is text (the first verse of a page)
    edges = {inked[0], inked[-1]} if inked else set()
    furniture = frozenset(drop) | {i for i in edges if _is_header_like(norm[i])}
    for i in sorted(numbers):
        k = bisect_left(inked, i)
        before, after = (inked[k - 1] if k else None), (inked[k + 1] if k + 1 < len(inked) else None)
        for j, other in ((i - 1, after), (i + 1, before)):  # other: the nearest line on the far side
            if 0 <= j < len(norm) and norm[j] and _is_header_like(norm[j]) and other not in furniture:
                drop.add(j)
    return drop


def _stretched_words(norm: list[str]) -> set[int]:
    """0-based indices of one-word lines in a run of ``_STRETCHED_MIN_WORDS`` or more (at most one blank
    line apart): the words of a justified line given one per line (see :func:`_rejoin_stretched_lines`),
    never a running header, however often a word such as ``of`` or ``من`` comes back so."""
    def a_word(s: str) -> bool:  # (a number too: ``call`` / ``101`` / ``or``)
        return _n_words(s) == 1 and any(c.isalnum() for c in s)

    out: set[int] = set()
    run: list[int] = []
    for i, s in enumerate(norm + [""] * 2):
        if a_word(s) and (not run or i - run[-1] <= 2):
            run.append(i)
            continue
        if not s and (not run or i - run[-1] <= 1):
            continue  # one blank line within a run
        if len(run) >= _STRETCHED_MIN_WORDS:
            out.update(run)
        run = [i] if a_word(s) else []
    return out


def _is_header_like(s: str) -> bool:
    """A line that can be a running header: short, no final mark, not a sentence continuation."""
    return _is_short_line(s) and _n_words(s) <= 8 and not _ends_final(s) and not _starts_lower(s)


# ----------------------------------------------------------------------------------------------
# furniture

_PHRASES = {
    # English
    "leave a comment", "leave a reply", "post a comment", "add a comment", "add comment", "comments",
    "no comments", "comment", "back to top", "go to top", "scroll to top", "top", "back", "share",
    "share this", "share this article", "share this post", "share on facebook", "share on twitter",
    "tweet", "print", "email", "e-mail", "print this page", "read more", "continue reading",
    "read the full article", "related", "related articles", "related posts", "related stories",
    "you may also like", "more from", "most read", "most popular", "tags", "categories",
    "site categories", "main menu", "menu", "skip to content", "skip to main content", "home",
    "search", "subscribe", "sign up", "log in", "login", "register", "previous", "next",
    "previous post", "next post", "previous article", "next article", "newer posts", "older posts",
    "advertisement", "sponsored", "download", "download pdf", "download ipfs", "follow us",
    "contact us", "about us", "privacy policy", "terms of use", "cookie policy", "newsletter",
    "show more", "load more", "view all", "see all", "click here", "open in app",
    # Arabic
    "اترك تعليقا", "اترك تعليقاً", "أضف تعليق", "أضف تعليقا", "التعليقات", "تعليقات", "العودة إلى الأعلى",
    "العودة للأعلى", "إلى الأعلى", "للأعلى", "شارك", "شارك المقال", "مشاركة", "طباعة", "اقرأ المزيد",
    "اقرأ أيضا", "اقرأ أيضاً", "مقالات ذات صلة", "أخبار ذات صلة", "ذات صلة", "الرئيسية", "القائمة الرئيسية",
    "بحث", "اشترك", "تحميل", "التالي", "السابق", "أقسام الموقع", "تابعنا",
}
_CHROME_LABELS = frozenset({
    "share", "share this", "share this article", "share this post", "share on", "tags", "tag", "categories",
    "category", "related", "related articles", "related posts", "follow us", "like this", "print", "email",
    "شارك", "شارك المقال", "الوسوم", "التصنيفات", "مواضيع ذات صلة", "تابعنا",
})
_PREFIX_RE = re.compile(
    r"^[-–—•·|>\s]*(?:tags?|categories|category|filed under|posted in|posted on|published on|published|"
    r"updated|last updated|share this|time now|source|photo|image|credit|credits|"
    r"الوسوم|التصنيفات|التصنيف|نشر في|تاريخ النشر|المصدر)\s*:",
    re.IGNORECASE,
)
_BOILERPLATE_RE = re.compile(
    r"required information|html code is not allowed|your email address will not be published|"
    r"required fields are marked|all rights reserved|^copyright\b|copyright\s*(?:©|\(c\)|\d{4})|©|\(c\)\s*\d{4}|"
    r"جميع الحقوق محفوظة|"
    r"حقوق النشر|this entry was posted|cookies? (?:policy|settings)|we use cookies",
    re.IGNORECASE,
)
_BYLINE_RE = re.compile(
    r"^(?:written by|written for|posted by|reported by|words by|story by|authors?\s*:|"
    r"كتبه|كتبته|بقلم|(?:إعداد|تأليف|الكاتب|المحرر)\s*:)",
    re.IGNORECASE,
)
# "By John Smith", "By Jane Doe and Ali Khan | 3 May 2024", "BY STAFF REPORTER": a name after "By"
_BY_NAME_RE = re.compile(
    r"^(?:[Bb]y|BY)\s+(?:(?:[A-Z][\w.'’-]*|and|&|de|al|bin|ibn|van|von)\s*,?\s*){1,6}(?:$|[|–—\-•·,(])"
)
_URL_RE = re.compile(r"^(?:https?://|www\.)\S+$|^\S+@\S+\.\w+$|^\S+\.(?:com|org|net|info|gov|edu|io)(?:/\S*)?$",
                     re.IGNORECASE)

_MONTHS = (
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec "
    "muharram safar rabi rabi' rabi` al-awwal al-awal al-thani al-akhir al-akhirah al-akhira al-ula "
    "al-oula jumada jumadi jumad rajab sha'ban shaban sha`ban ramadan ramadhan shawwal shawal "
    "dhu dhul al-qi'dah al-qadah al-qidah al-hijjah al-hijja qi'dah hijjah "
    "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun "
    "ah ce ad bc bce h am pm gmt utc mmt today yesterday updated published posted on at "
    "يناير فبراير مارس أبريل إبريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر كانون الثاني شباط "
    "آذار نيسان أيار حزيران تموز آب أيلول تشرين الأول محرم صفر ربيع الآخر الأول جمادى الأولى الآخرة "
    "رجب شعبان رمضان شوال ذو القعدة الحجة الأحد الاثنين الإثنين الثلاثاء الأربعاء الخميس الجمعة السبت "
    "هـ م ه ميلادي هجري هجرية ميلادية الموافق"
).split()
_DATE_WORDS = frozenset(_MONTHS)
_DATE_TOKEN_RE = re.compile(
    rf"^[{_DIGITS}]+(?:st|nd|rd|th)?$|^[{_DIGITS}]+(?:[/.:\-][{_DIGITS}]+)+$|^[{_DIGITS}]+(?:هـ|ه|م)$", re.IGNORECASE
)


def _is_date(text: str) -> bool:
    """Only a date (and/or a time): ``July 27, 2025``, ``Sunday, 19 Jumada al-awwal 1445 | 2023/12/03``."""
    toks = [t.strip(",.;:|()[]–—-/").casefold() for t in text.split()]
    toks = [t for t in toks if t]
    if not toks or len(toks) > 14:
        return False
    n_num = n_date = 0
    for t in toks:
        if _DATE_TOKEN_RE.match(t):
            n_num += 1
        elif t in _DATE_WORDS:
            n_date += 1
        else:
            return False
    return n_num >= 1 and (n_date >= 1 or any("/" in t or "-" in t for t in text.split()))


def _phrase_key(text: str) -> str:
    s = unicodedata.normalize("NFKC", text).casefold()
    s = re.sub(r"[^\w\s'&-]", " ", s)
    return _ws(s)


def _is_link_list(text: str) -> bool:
    parts = [p.strip() for p in re.split(r"\s+[|•·]\s+|\s*\|\s*", text) if p.strip()]
    if len(parts) < 3:
        return False
    return all(_n_words(p) <= 6 for p in parts) and not any(_ends_final(p) and p[-1] != ":" for p in parts[:-1])


def is_furniture(text: str, lang: str = "en") -> bool:
    """Whether a paragraph is page furniture by its text alone.

    Site chrome (``Leave a comment``, ``back to top``, ``Share this``, ``Read more``, ``Related
    articles``, ``Main menu``...; Arabic equivalents), comment-form and copyright boilerplate,
    bylines (``By John Smith``, ``Written by ...``, ``Written for ... by ...``, ``بقلم ...``), lines
    that are only a date or time, only URLs, link lists (``A | B | C``), ``Categories: ...`` /
    ``Tags: ...`` lines, and short names with ``&`` or ``|`` (``News & Comment``, a running header
    ``The Daily Ledger | World News``: five words at most, the separators not counted).  A label ending
    with a colon (``News:``, ``Comment:``, ``الخبر:``) is content: translations carry it.
    ``lang`` is accepted for symmetry with :func:`reflow`; the rules cover English and Arabic.
    """
    s = _ws(text)
    if not s:
        return False
    if not has_word(s):
        return True  # separators ("***", "—", "|"), the noise of a scanned page ("24 a !"), a glyph alone ("ﷺ")
    words = _n_words(s)
    if is_page_number(s):
        return True
    key = _phrase_key(s)
    if s.endswith(":") and words <= 3:
        return key in _CHROME_LABELS  # "News:", "Comment:", "الخبر:" are content; "Share this:" is not
    if key in _PHRASES:
        return True
    if words <= 40 and _BOILERPLATE_RE.search(s):
        return True
    if _PREFIX_RE.match(s) and words <= 25:
        return True
    if (_BYLINE_RE.match(s) or _BY_NAME_RE.match(s)) and words <= 30 and not re.search(r"[.!?؟]\s", s):
        return True
    if all(_URL_RE.match(t.strip("<>()[],;")) for t in s.replace("|", " ").split()):
        return True
    if _is_date(s):
        return True
    if _is_link_list(s):
        return True
    named = sum(any(c.isalnum() for c in t) for t in s.split())  # words, the separators not counted
    if named <= 5 and not _ends_final(s) and re.search(r"\s&\s|\s\|\s", s):
        return True  # "News & Comment", "Defence & Security", "The Daily Ledger | World News"
    return False


# ----------------------------------------------------------------------------------------------
# analysis view: Arabic in visual order is judged on its repaired logical order


# honorifics printed as one glyph that an extractor gives spelled out (PDFium: ``(صلى الله عليه وسلم (``
# for ``(ﷺ)``): inside text of another language, a line's width counts them as the glyph they were
_SPELLED_LIGATURES = {unicodedata.normalize("NFKC", c): c for c in ("\ufdfa", "\ufdfb")}


def _respell_ligatures(s: str) -> str:
    for spelled, glyph in _SPELLED_LIGATURES.items():
        if spelled in s:
            s = s.replace(spelled, glyph)
    return s


def _analysis_view(norm: list[str], lang: str) -> list[str]:
    if not is_arabic_lang(lang):
        return [_respell_ligatures(s) for s in norm]
    try:
        from .repair import repair_arabic_order
    except ImportError:  # pragma: no cover - the repair module is part of the package
        return _flip_if_visual(norm)
    return [_ws(s) for s in repair_arabic_order(norm, "auto")]


def _flip_if_visual(norm: list[str]) -> list[str]:
    """Fallback without :mod:`align.repair`: reverse the word order of lines when most Arabic lines
    start with a final mark and few end with one (visual order)."""
    arabic = [s for s in norm if s and _latin_share(s) < 0.5]
    start = sum(bool(_MARK_START_RE.match(s)) and not _ends_final(s) for s in arabic)
    end = sum(_ends_final(s) and not _MARK_START_RE.match(s) for s in arabic)
    if start >= 2 and start > 2 * end:
        return [" ".join(reversed(s.split())) if s and _latin_share(s) < 0.5 else s for s in norm]
    return norm


# ----------------------------------------------------------------------------------------------
# the line sequence


@dataclass
class _Item:
    k: int  # 0-based index of the line in the input
    text: str  # whitespace-normalised input line
    view: str  # the same line in logical order, for the decisions
    gap: int = 0  # blank or dropped lines between this item and the next
    dropped: bool = False  # a dropped line (page number, running header) sits before the next item
    indent: int = 0  # leading whitespace of the input line (a tab counts 4)
    last: int = -1  # 0-based index of the item's last input line, when it joins several (else ``k``)

    @property
    def end(self) -> int:
        return max(self.k, self.last)


def _indent(line: str) -> int:
    stripped = line.lstrip()
    return len(line[: len(line) - len(stripped)].expandtabs(4))


def _items(lines: Sequence[str], norm: list[str], view: list[str], drop: set[int]) -> list[_Item]:
    items: list[_Item] = []
    gap, dropped = 0, False
    for k, s in enumerate(norm):
        if not s or k in drop:
            gap += 1
            dropped = dropped or k in drop
            continue
        if items:
            items[-1].gap, items[-1].dropped = gap, dropped
        items.append(_Item(k, s, view[k] or s, indent=_indent(lines[k])))
        gap, dropped = 0, False
    return _rejoin_stretched_lines(items)


# a justified line given one word per line: this many one-word lines in a row at least
_STRETCHED_MIN_WORDS = 3


def _rejoin_stretched_lines(items: list[_Item]) -> list[_Item]:
    """Join back a justified line that the extractor gave one word per line.

    The stretched spaces of a justified line of short words are wider than the gap at which poppler's
    ``pdftotext`` or PyMuPDF cut a line into blocks, so the line comes out as one word per line, often
    with a blank line after each: ``and`` / ``embattled`` / ``figure,`` / ``already`` ...  Three such
    lines or more in a row (at most one blank line apart, words of two letters or more for the most
    part), between two lines at most one blank line away, the one before of four words or more or ending
    a sentence (the run then opens a paragraph: ``enemy behind you.`` / ``Narrated`` / ``AbuHurayrah:``
    ...) and the one after of four words or more, become one line when a sentence runs into them (the
    line before ends without a final mark) or runs through them (a word in lower case, or one ending on
    a comma or colon): a menu of single words (``Home`` / ``News``) after a paragraph has neither."""
    def one_word(it: _Item) -> bool:
        return _n_words(it.text) == 1 and not it.dropped

    def letters(it: _Item) -> int:
        return sum(c.isalpha() for c in it.text)

    out: list[_Item] = []
    i, n = 0, len(items)
    while i < n:
        j = i
        while j < n and one_word(items[j]) and (j == i or items[j - 1].gap <= 1):
            j += 1
        run = items[i:j]
        if (len(run) >= _STRETCHED_MIN_WORDS and out and j < n
                and (_n_words(out[-1].text) >= 4 or _ends_final(out[-1].view))
                and out[-1].gap <= 1 and not out[-1].dropped
                and run[-1].gap <= 1 and _n_words(items[j].text) >= 4
                and 3 * sum(letters(it) >= 2 for it in run) >= 2 * len(run)
                and (not _ends_final(out[-1].view) or any(
                    _starts_lower(it.text) or it.text[-1] in ",;:،؛" for it in run[:-1]))):
            out.append(_Item(run[0].k, " ".join(it.text for it in run), " ".join(it.view for it in run),
                             run[-1].gap, run[-1].dropped, run[0].indent, run[-1].k))
            i = j
            continue
        out.append(items[i])
        i += 1
    return out


def _first_word(s: str) -> str:
    parts = s.split(maxsplit=1)
    return parts[0] if parts else ""


def _quantile(values: Sequence[float], q: float) -> float:
    if not values:
        return 0.0
    v = sorted(values)
    return float(v[min(len(v) - 1, int(q * len(v)))])


def _is_punctuated(text: str) -> bool:
    """Whether sentences of ``text`` end with final marks (verse text such as the Quran has none):
    one mark per 50 words or more."""
    marks = len(re.findall(r"[.!?؟…](?=[" + re.escape(_CLOSERS) + r"]*(?:\s|$))", text))
    return marks * 50 >= _n_words(text)


def _width_cap(lengths: Sequence[int]) -> float:
    """Lines longer than this are not wrapped lines (a block quotation, a line left unwrapped)."""
    return 1.15 * _quantile(lengths, 0.9)


def _local_width(lengths: Sequence[int], i: int, lo: int, hi: int, cap: float) -> float:
    """Estimated wrap width at line ``i``: the longest line not longer than ``cap`` among
    ``_WINDOW_BEFORE`` lines before it, itself and ``_WINDOW_AFTER`` lines after it, in ``[lo, hi)``."""
    a, b = max(lo, i - _WINDOW_BEFORE), min(hi, i + _WINDOW_AFTER + 1)
    near = [x for x in lengths[a:b] if x <= cap]
    return max(near) if near else cap


def _need(cur: str, nxt: str) -> int:
    """Characters line ``cur`` would have with the first word of ``nxt`` added."""
    return len(cur) + 1 + len(_first_word(nxt))


_LIST_MARKER_RE = re.compile(rf"^(?:[{_DIGITS}]{{1,2}}|[a-zA-Z])\s?[-.)–]\s|^[•·▪●◦*–—-]\s")


def _wrap_boundary(cur: str, nxt: str, width: float, english: bool, punctuated: bool) -> bool:
    """Whether a paragraph ends after the wrapped line ``cur`` (followed by ``nxt``).

    Yes when ``cur`` ends a sentence and the next word would have fitted on it, or a list item
    starts after it; or when ``cur`` is clearly short without a final mark (a heading; verse).
    In English a next line starting in lower case always continues the paragraph.
    """
    if english and _starts_lower(nxt):
        return False
    need = _need(cur, nxt)
    if _ends_final(cur):
        return need <= width or bool(_LIST_MARKER_RE.match(nxt))
    return _clearly_short(cur, need, width, english, punctuated)


def _clearly_short(cur: str, need: float, width: float, english: bool, punctuated: bool) -> bool:
    """Whether the wrapped line ``cur`` is clearly short: the next word (``need``: the line with it) would
    have fitted with room to spare, and the line does not end inside a sentence for sure."""
    if _open_end(cur, english):
        return False  # "... of the" or "...," never ends a paragraph
    margin = _SHORT_MARGIN if punctuated else _SHORT_MARGIN_VERSE
    return need <= width * (1 - margin)


def _open_end(cur: str, english: bool) -> bool:
    """``cur`` ends inside a sentence for sure: on a comma or semicolon or a word such as ``the``."""
    return cur[-1:] in ",;،؛" or _last_word(cur) in (_EN_OPEN_WORDS if english else _AR_OPEN_WORDS)


def _runs_on(cur: str, nxt: str, english: bool) -> bool:
    """The sentence visibly runs on from line ``cur`` into line ``nxt``: ``cur`` ends on a comma or a word
    such as ``the``, or (English) ``nxt`` starts in lower case."""
    return _open_end(cur, english) or (english and _starts_lower(nxt))


def _looks_wrapped(views: Sequence[str], english: bool) -> bool:
    """Whether consecutive lines ``views`` are hard-wrapped text.

    Most lines are full (the first word of the next line would not have fitted, at the local
    width with ``_DETECT_MARGIN`` of tolerance), most of the full lines do not end a sentence, the
    width is one a person or a PDF wraps at (25-250 characters), and sentences visibly run on
    from line to line: lines ending on a comma or a word such as ``the`` / ``في``, next lines
    starting in lower case (English: a quarter of the lines; Arabic, without case: 4%, twice at
    least; or else, half the lines within 15% of the local width).  A list of titles or
    short items separated by blank lines has none of that.
    """
    n = len(views)
    if n < 3:
        return False
    lengths = [len(v) for v in views]
    if not 25 <= _quantile(lengths, 0.9) <= 250:
        return False
    cap = _width_cap(lengths)
    full = [i for i in range(n - 1)
            if _need(views[i], views[i + 1]) > _local_width(lengths, i, 0, n, cap) * (1 - _DETECT_MARGIN)]
    open_ = [i for i in full if not _ends_final(views[i])]
    if not (len(full) >= 0.5 * (n - 1) and len(open_) >= 0.5 * len(full) and len(open_) >= 2):
        return False
    runs_on = sum(_runs_on(views[i], views[i + 1], english) for i in range(n - 1))
    if english:
        return runs_on >= 2 and runs_on >= 0.25 * (n - 1)
    if runs_on >= 2 and runs_on >= 0.04 * (n - 1):
        return True
    # no case and few clues (verse without punctuation): half the lines at least must be of one width
    # (short verse paragraphs end on a short line every two or three lines)
    tight = sum(lengths[i] >= 0.85 * _local_width(lengths, i, 0, n, cap) for i in range(n - 1))
    return tight >= _TIGHT_SHARE * (n - 1)


def _one_paragraph_per_line(views: Sequence[str]) -> bool:
    """Whether a block of three lines or more that is not wrapped text holds one paragraph per line: its
    lines are longer than titles and wrapped lines (a median over ``_LONG_LINE`` characters), or three
    quarters of them end a sentence, not on a colon (a wrapped paragraph's lines end one by chance, and
    on a colon before a quotation often; titles have no marks), or start a list item."""
    if len(views) < 3:
        return False
    inner = views[:-1]
    ends = sum(_ends_final(v) and not v.rstrip(_CLOSERS).endswith(":") for v in inner)  # a colon opens a quotation
    items = sum(bool(_LIST_MARKER_RE.match(v)) for v in views[1:])  # a list: its items after the first
    return _quantile([len(v) for v in views], 0.5) > _LONG_LINE or 4 * max(ends, items) >= 3 * len(inner)


def _blank_lines_at_random(items: list[_Item], separated: list[int], views: Sequence[str],
                           lengths: Sequence[int], english: bool) -> bool:
    """Blank lines that are not every other line and fall inside sentences (after a full line without a
    final mark, five and :data:`_RANDOM_BLANKS` of them at least, :data:`_RANDOM_BLANKS_VERSE` in text
    without final marks, whose paragraphs may end anywhere) in text that is wrapped as a whole."""
    n = len(items)
    if not separated or len(separated) >= 0.8 * (n - 1):
        return False
    typical = _quantile(lengths, 0.5)
    inside = [i for i in separated if not items[i].dropped and not _ends_final(views[i])
              and lengths[i] >= 0.8 * typical]
    share = _RANDOM_BLANKS if _is_punctuated(" ".join(views)) else _RANDOM_BLANKS_VERSE
    return len(inside) >= 5 and len(inside) >= share * len(separated) and _looks_wrapped(views, english)


# shares of blank lines inside sentences: 0.60-0.75 in pdftotext output of pdf-dev, up to 0.31 in
# hard-wrapped bench-dev with blank lines between paragraphs (bench/reflow.py, ``blocks``)
_RANDOM_BLANKS = 0.45
_RANDOM_BLANKS_VERSE = 0.6


def _indented_starts(items: list[_Item], wrapped: list[bool]) -> set[int]:
    """Items of wrapped text indented by two spaces or more beyond the usual indentation of the
    wrapped lines (a first-line indent starts a paragraph; a one-line paragraph, a heading, is
    indented too, but not the inner lines of an indented block).  Not used for Arabic, whose PDF
    extraction leaves stray spaces at the start of lines."""
    idx = sorted({j for i, w in enumerate(wrapped) if w for j in (i, i + 1)})
    if len(idx) < 3:
        return set()
    counts = Counter(items[j].indent for j in idx)
    top = max(counts.values())
    base = min(k for k, c in counts.items() if c == top)  # the usual indentation (a tie: the smaller)
    n = len(items)

    def deeper(j: int, than: int) -> bool:
        return 0 <= j < n and items[j].indent >= than

    # an indented line starts a paragraph unless both neighbours are as deep (inside an indented block)
    return {j for j in idx if j > 0 and items[j].indent >= base + 2
            and not (deeper(j - 1, items[j].indent) and deeper(j + 1, items[j].indent))}


# ----------------------------------------------------------------------------------------------
# main entry point


def reflow(lines: Sequence[str], lang: str = "en", sources: Sequence[int] | None = None) -> list[Segment]:
    """Paragraphs of a file given as its lines, each with its 1-based inclusive line span.

    ``sources`` gives the 0-based input line of each of ``lines`` when they are pieces of the input
    lines in reading order (two columns, :mod:`align.prepare.columns`); a span is then the first and
    last input line any of its pieces came from.

    See the module docstring for what is undone.  ``lang`` is an ISO 639 code (``en``, ``ar``...):
    Arabic has no letter case, so only punctuation and line width decide there.  A paragraph's
    span is the first and last non-blank input line it uses; dropped lines (page numbers, running
    headers) belong to no paragraph.  Furniture paragraphs have ``kind="furniture"``.
    """
    english = not is_arabic_lang(lang)
    lines = list(lines)
    src = list(sources) if sources is not None else list(range(len(lines)))
    norm = [_ws(s) for s in lines]
    view = _analysis_view(norm, lang)
    items = _items(lines, norm, view, _dropped_lines(view))
    if not items:
        return []
    n = len(items)
    views = [it.view for it in items]
    lengths = [len(v) for v in views]
    punctuated = _is_punctuated(" ".join(views))

    # boundary[i]: a paragraph ends after items[i]; wrapped[i]: the pair is inside wrapped text
    boundary = [items[i].gap > 0 for i in range(n - 1)]
    wrapped = [False] * (n - 1)
    width = [0.0] * (n - 1)
    blocks: list[tuple[int, int]] = []  # (b): runs of lines with no blank line between them
    separated = [i for i in range(n - 1) if items[i].gap > 0]
    if _blank_lines_at_random(items, separated, views, lengths, english):
        # (c) wrapped text whose blank lines fall anywhere, mid-sentence as often as not (poppler's
        # pdftotext on justified PDF text): they say nothing; lines decide, as in one wrapped block.  But
        # a line that is furniture by its text (a site's name and section, ``موقع التفسير | سور مختارة``)
        # keeps the blank lines around it: it belongs to no sentence
        furniture = {i for i, it in enumerate(items)
                     if has_word(it.view) and not is_page_number(it.view) and is_furniture(it.view, lang)}
        for i, it in enumerate(items):
            if i not in furniture and i + 1 not in furniture:
                it.gap = 0
        separated = [i for i in range(n - 1) if items[i].gap > 0]
    if len(separated) >= 0.8 * (n - 1) and _looks_wrapped(views, english):
        # (a) a blank line after every line: blank lines say nothing, except a wider gap than usual
        typical_gap = Counter(items[i].gap for i in separated).most_common(1)[0][0]
        cap = _width_cap(lengths)
        for i in range(n - 1):
            if items[i].gap > typical_gap and not items[i].dropped:
                continue
            wrapped[i], width[i] = True, _local_width(lengths, i, 0, n, cap)
        blank_lines_mean_paragraphs = False
    else:
        # (b) blank lines separate paragraphs; a block that looks wrapped is cut where its lines say
        a = 0
        for b in range(1, n + 1):
            if b < n and items[b - 1].gap == 0:
                continue
            blocks.append((a, b))
            if _looks_wrapped(views[a:b], english):
                cap = _width_cap(lengths[a:b])
                for i in range(a, b - 1):
                    wrapped[i], width[i] = True, _local_width(lengths, i, a, b, cap)
            elif _one_paragraph_per_line(views[a:b]):
                # one paragraph per line, as a word processor saves plain text: each line is a paragraph
                # unless it visibly runs on into the next (a list item never continues a line)
                for i in range(a, b - 1):
                    cur, nxt = views[i], views[i + 1]
                    boundary[i] = bool(_LIST_MARKER_RE.match(nxt)) or not _runs_on(cur, nxt, english)
            a = b
        blank_lines_mean_paragraphs = True
    # first-line indents, when the text has them (a start every 15 wrapped lines at least), mark
    # the paragraphs by themselves
    indented = _indented_starts(items, wrapped) if english else set()
    by_indent = len(indented) >= max(2, sum(wrapped) / 15)
    for i in range(n - 1):
        if not wrapped[i]:
            continue
        if by_indent:  # a paragraph not indented (the first after a heading) still ends on a clearly short line
            ends = not _starts_lower(views[i + 1]) and _clearly_short(
                views[i], _need(views[i], views[i + 1]), width[i], english, punctuated)
        else:
            ends = _wrap_boundary(views[i], views[i + 1], width[i], english, punctuated)
        boundary[i] = i + 1 in indented or ends
    joined = [w and not b for w, b in zip(wrapped, boundary)]  # joins of wrapped lines (hyphens glue)
    # paragraph breaks not marked: everywhere in (a); in (b), inside a wrapped block that the line widths
    # and final marks cut into several paragraphs, or that is the whole file (single newlines only:
    # the breaks found there are guesses too)
    unmarked = {items[i].k for a, b in blocks if any(wrapped[a:b - 1]) and (
        any(boundary[a:b - 1]) or len(blocks) == 1) for i in range(a, b)}
    if blank_lines_mean_paragraphs:
        keep = _rejoin_page_breaks(items, boundary, joined, english, punctuated)
        if len(keep) < n:
            items = [items[j] for j in keep]
            boundary = [boundary[j] for j in keep[:-1]]
            joined = [joined[j] for j in keep[:-1]]

    paras: list[list[_Item]] = [[items[0]]]
    glue: list[list[bool]] = [[]]
    for i, it in enumerate(items[1:]):
        if boundary[i]:
            paras.append([it])
            glue.append([])
        else:
            paras[-1].append(it)
            glue[-1].append(joined[i])
    kinds = _furniture_kinds(paras, [not any(g) for g in glue], lang)
    out = []
    for p, (group, g, kd) in enumerate(zip(paras, glue, kinds)):
        text, starts = _join(group, g)
        # soft boundaries: inner line starts of wrapped text whose paragraph breaks are unmarked
        soft = kd == "content" and (not blank_lines_mean_paragraphs or group[0].k in unmarked)
        cuts = () if not soft else tuple(
            (at, src[it.k] + 1) for at, it, glued in zip(starts[1:], group[1:], g) if glued)
        span = [src[k] + 1 for it in group for k in (it.k, it.end)]
        out.append(Segment(p, text, (min(span), max(span)), kind=kd, cuts=cuts))
    return out


# Words that do not end a sentence: a block ending with one continues after the page break.
_EN_OPEN_WORDS = frozenset(
    """a an the of to and or nor their its our your my into onto between among because although if
    whether than unless whose ibn bin bint""".split()
)
_AR_OPEN_WORDS = frozenset(
    """في من على إلى الى عن مع أن ان إن لأن بأن أو ثم بين التي الذي الذين اللذين اللتين اللاتي لم لن
    عند منذ خلال ضد نحو لدى لكن بل وفي ومن وعلى وإلى وعن ومع وأن و ف""".split()
)


def _last_word(s: str) -> str:
    parts = s.rsplit(maxsplit=1)
    return parts[-1].strip(_CLOSERS + _OPENERS + ",;").casefold() if parts else ""


def _continues(a: _Item, b: _Item, b_end: _Item, english: bool, punctuated: bool, page_break: bool) -> bool:
    """Whether the block ending with ``a`` and the block ``b`` .. ``b_end`` are one paragraph cut
    by a page break.

    ``a`` must end without a final mark, on a word, a comma or a closing quote or bracket.  Then
    ``b`` continues it when it starts in lower case (English) or ``a`` ends with a word that does
    not end sentences (``the``, ``of``, ``and``; ``في``, ``من``, ``التي``).  Otherwise a page break
    (``page_break``: a page number or running header between them) is needed, and ``a`` must end
    with a comma or semicolon, or (in a document whose sentences end with final marks) be a long
    line ending on a word before a ``b`` that ends with a final mark.
    """
    text = a.view
    if not text or _ends_final(text) or not (text[-1].isalnum() or text[-1] in ",;،؛-–—\"'”’»)]"):
        return False
    if is_furniture(text) or is_furniture(b.view):
        return False
    if english and _starts_lower(b.view):
        return True
    if text[-1].isalnum() and _last_word(text) in (_EN_OPEN_WORDS if english else _AR_OPEN_WORDS):
        return True
    if not page_break:
        return False
    if text[-1] in ",;،؛":
        return True
    return (punctuated and text[-1].isalnum() and _n_words(text) >= 12 and _n_words(b.view) >= 3
            and _ends_final(b_end.view))


def _is_running_header(items: list[_Item], j: int) -> bool:
    """An unrecognised running header: header-like, and furniture, in capitals, with a ``|``, or
    seen twice in the document."""
    s = items[j].view
    if not _is_header_like(s):
        return False
    letters = [c for c in s if c.isalpha()]
    if is_furniture(s) or "|" in s or (letters and all(c.isupper() for c in letters if c.isascii())
                                        and any(c.isascii() for c in letters)):
        return True
    key = _header_key(s)
    return sum(_header_key(it.view) == key for it in items) >= 2


def _rejoin_page_breaks(items: list[_Item], boundary: list[bool], joined: list[bool], english: bool,
                        punctuated: bool) -> list[int]:
    """Undo blank-line boundaries that a page break put inside a paragraph (in place).

    Returns the indices of the items to keep: an unrecognised running header (one short line)
    between the two halves of an English paragraph is dropped.
    """
    n = len(items)
    block_end = list(range(n))
    for j in range(n - 2, -1, -1):
        if items[j].gap == 0:
            block_end[j] = block_end[j + 1]
    removed: set[int] = set()
    for i in range(n - 1):
        if items[i].gap == 0 or not boundary[i] or i in removed:
            continue
        a, j = items[i], i + 1
        if _continues(a, items[j], items[block_end[j]], english, punctuated, a.dropped):
            boundary[i], joined[i] = False, True
            continue
        k = block_end[j] + 1
        if block_end[j] == j and k < n and _is_running_header(items, j) \
                and _continues(a, items[k], items[block_end[k]], english, punctuated, True):
            removed.add(j)  # "... the end of a page" / "RUNNING HEADER" / "continued on the next"
            boundary[i], joined[i] = False, True
    return [j for j in range(n) if j not in removed]


def _join(group: list[_Item], glue: list[bool]) -> tuple[str, list[int]]:
    """The paragraph's text and the character offset where each of its lines starts."""
    out = group[0].text
    starts = [0]
    for it, g in zip(group[1:], glue):
        if g and re.search(r"[^\W_]-$", out) and it.text[:1].isalnum():
            starts.append(len(out))
            out += it.text  # "post-" + "Afghanistan"
        else:
            starts.append(len(out) + 1)
            out += " " + it.text
    return out, starts


# ----------------------------------------------------------------------------------------------
# furniture marking with context


def _substantial(text: str) -> bool:
    """A real paragraph: 15 words or more with a sentence end, or 25 words or more."""
    w = _n_words(text)
    return (w >= 15 and re.search(r"[.!?؟](?:[" + re.escape(_CLOSERS) + r"]*)(?:\s|$)", text) is not None) or w >= 25


def _furniture_kinds(paras: list[list[_Item]], unwrapped: list[bool], lang: str) -> list[str]:
    """``kind`` of every paragraph: :func:`is_furniture` on its text, or, for a block of lines that
    are not wrapped text, on each of its lines (a footer block: links, "Leave a comment", "back to
    top"; a menu: lines of at most four words, none ending a sentence), or a short block (three
    words or fewer, not a label ending with a colon) before the first or after the last
    substantial paragraph."""
    texts = [" ".join(it.view for it in g) for g in paras]
    kinds = []
    for g, t, unw in zip(paras, texts, unwrapped):
        furniture = is_furniture(t, lang)
        if not furniture and unw and len(g) >= 2:
            furniture = all(is_furniture(it.view, lang) or (_n_words(it.view) <= 4 and not _ends_final(it.view))
                            for it in g)
        kinds.append("furniture" if furniture else "content")
    real = [p for p, t in enumerate(texts) if kinds[p] == "content" and _substantial(t)]
    if not real:
        return kinds  # no article text to find the edges of
    first, last = real[0], real[-1]
    for p, t in enumerate(texts):
        if kinds[p] == "content" and (p < first or p > last) and _n_words(t) <= 3 and not t.endswith(":"):
            kinds[p] = "furniture"  # site name, tagline, section name, menu item before or after the text
    return kinds
