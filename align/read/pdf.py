"""PDF -> paragraph lines with PyMuPDF: reading order, columns, paragraphs from line geometry, running
headers, hyphenation."""

from __future__ import annotations

import re
from typing import Sequence

from ..errors import AlignError
from ..text.script import ARABIC_DIACRITICS_RE as _MARKS
from ..text.script import LINE_END_MARKS as _TERMINAL
from ..text.script import RTL_CHAR_RE as _RTL_CHARS
from .common import missing_extra, no_text, one_line, paragraph_lines

_LATIN_CHARS = re.compile(r"[A-Za-z\u00c0-\u024f]")
_PAGE_NUMBER = re.compile(
    r"^[\s\-–—|.]*(?:(?:page|p\.|صفحة|الصفحة)\s*)?[\d٠-٩۰-۹]{1,4}(?:\s*(?:/|of|من)\s*[\d٠-٩۰-۹]{1,4})?[\s\-–—|.]*$",
    re.I,
)
_HYPHENS = ("-", "\u2010", "\u00ad")
_MARGIN = 0.1  # top/bottom fraction of a page where running headers and page numbers live
_MIN_GUTTER = 3.0  # points of empty space that separate two columns


def _import_pymupdf(name: str):
    try:
        import pymupdf  # PyMuPDF >= 1.24
    except ImportError as exc:
        try:
            import fitz as pymupdf  # older PyMuPDF
        except Exception:
            raise missing_extra("pdf", name, exc) from None
        if not hasattr(pymupdf, "open"):  # the unrelated PyPI package "fitz"
            raise missing_extra("pdf", name, exc) from None
    return pymupdf


def _join_lines(lines: Sequence[str]) -> str:
    """Lines of one paragraph -> one string: spaces between, hyphenated word breaks joined."""
    out = ""
    for line in lines:
        line = " ".join(line.split())
        if not line:
            continue
        if not out:
            out = line
        elif out.endswith("\u00ad"):
            out = out[:-1] + line
        elif out.endswith(_HYPHENS) and len(out) >= 2 and out[-2].isalpha():
            # "infor-" + "mation" -> "information"; "Franco-" + "German" keeps its hyphen
            out = (out[:-1] if line[0].islower() else out) + line
        else:
            out += " " + line
    return out.replace("\u00ad", "")


def _continues(prev: str, nxt: str) -> bool:
    """Does paragraph ``nxt`` look like the rest of ``prev`` (split by a column or page break)?"""
    if not prev or not nxt or not nxt[0].islower():
        return False
    return not prev.endswith(_TERMINAL)


def _same_visual_line(a: Sequence[float], b: Sequence[float]) -> bool:
    """Do two line boxes sit side by side on one baseline (pieces of one visual line)?"""
    overlap_y = min(a[3], b[3]) - max(a[1], b[1])
    overlap_x = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3] - a[1], b[3] - b[1])
    w = min(a[2] - a[0], b[2] - b[0])
    # side by side, overlapping little, and not across a column gutter
    return h > 0 and overlap_y >= 0.5 * h and -0.6 * h <= overlap_x <= 0.3 * max(w, 0.0) + 0.5


def _justified_gap(a: Sequence[float], b: Sequence[float], boxes: Sequence[Sequence[float]]) -> bool:
    """Are two line boxes on one baseline the words of one justified line, cut by MuPDF at spaces
    stretched wider than :func:`_same_visual_line` allows (the first line of a justified Arabic
    paragraph of short words: ``نظرًا`` ``لدعم`` ``العديد`` ... as lines of their own)?  Yes where
    another line of the block (``boxes``) runs across the gap: a column gutter is empty on every line."""
    h = min(a[3] - a[1], b[3] - b[1])
    lo, hi = min(a[2], b[2]), max(a[0], b[0])
    return (h > 0 and min(a[3], b[3]) - max(a[1], b[1]) >= 0.5 * h and hi > lo
            and any(box[0] < lo and box[2] > hi for box in boxes))


_ALEFS = "اأإآى"  # the letters that lam joins into one glyph with (lam-alef, lam-alef maksura)
_ZERO_WIDTH = 0.05  # points: a character drawn by its neighbour's glyph (a ligature's second letter, a mark)
_LIGATURE_VOTES = 3  # unambiguous ligatures of a font before its order decides the ambiguous ones


def _width(ch: dict) -> float:
    return float(ch["bbox"][2] - ch["bbox"][0])


def _is_mark(c: str) -> bool:
    return "\u064b" <= c <= "\u065f" or c == "\u0670"


def _ligatures_in_order(chars: list[dict], font: str, votes: dict) -> list[dict]:
    """The characters of one span with the letters of its ligature glyphs in reading order.

    A ligature glyph (lam-alef, lam-alef maksura, Allah) comes out of the PDF as its letters, one of them
    with the glyph's width and the others with none. Some fonts give the letters in reverse order
    (``قوال`` for ``قولا``, ``عىل`` for ``على``, ``اهلل`` for ``الله``), others in order: a zero-width
    alef after a lam is in order, one before a lam reversed, and so is a zero-width lam drawn inside the
    alef before it. Between two lams (``بلال`` in order,
    ``لألمة`` reversed, for ``للأمة``) the font's own order decides, from its unambiguous ligatures
    so far (``votes``: font -> [in order, reversed]), else the wider lam, which carries the glyph.
    """
    out = list(chars)
    tally = votes.setdefault(font, [0, 0])
    k = 0
    while k < len(out):
        c = out[k]["c"]
        end = k + 1  # a glyph of several words (``ﷺ``: صلى الله عليه وسلم) gives its letters in order
        while end < len(out) and _width(out[end]) < _ZERO_WIDTH and _near(out[end]["bbox"][0], out[k]["bbox"][2]):
            end += 1
        if _width(out[k]) >= _ZERO_WIDTH and any(ch["c"] == " " for ch in out[k + 1:end]):
            k = end
            continue
        if (c == "ه" and k + 2 < len(out) and _width(out[k]) < _ZERO_WIDTH and out[k + 1]["c"] == "ل"
                and _width(out[k + 1]) < _ZERO_WIDTH and out[k + 2]["c"] == "ل"):
            if (k + 3 < len(out) and _width(out[k + 2]) < _ZERO_WIDTH and out[k + 3]["c"] == "ا"
                    and _near(out[k + 3]["bbox"][2], out[k]["origin"][0])):  # the glyph's width on its alef
                out[k:k + 4] = [out[k + 3], out[k + 2], out[k + 1], out[k]]  # heh lam lam alef -> alef lam lam heh
                k += 4
            else:
                out[k:k + 3] = [out[k + 2], out[k + 1], out[k]]  # Allah: heh lam lam -> lam lam heh
                k += 3
            continue
        if (c in _ALEFS and k + 1 < len(out) and out[k + 1]["c"] == "ل" and _width(out[k + 1]) < _ZERO_WIDTH
                and out[k]["bbox"][0] < out[k + 1]["origin"][0] < out[k]["bbox"][2]):
            a = k  # the glyph's width on its alef, the lam drawn inside it: reversed (``رجًال``)
            while a > 0 and _is_mark(out[a - 1]["c"]) and _width(out[a - 1]) < _ZERO_WIDTH:
                a -= 1
            out[a:k + 2] = [out[k + 1], *out[a:k], out[k]]
            k += 2
            continue
        if c not in _ALEFS or _width(out[k]) >= _ZERO_WIDTH:
            k += 1
            continue
        a = k  # the marks drawn on the glyph come out before its zero-width alef
        while a > 0 and _is_mark(out[a - 1]["c"]) and _width(out[a - 1]) < _ZERO_WIDTH:
            a -= 1
        before = a > 0 and out[a - 1]["c"] == "ل"
        after = k + 1 < len(out) and out[k + 1]["c"] == "ل"
        if before and after:
            n_in, n_rev = tally
            if n_in + n_rev >= _LIGATURE_VOTES and max(n_in, n_rev) >= 0.9 * (n_in + n_rev):
                reversed_ = n_rev > n_in
            else:
                reversed_ = _width(out[k + 1]) > _width(out[a - 1])
        else:
            reversed_ = after
            if before or after:
                tally[int(after)] += 1
        if reversed_:  # [marks] alef lam -> lam [marks] alef
            out[a:k + 2] = [out[k + 1], *out[a:k], out[k]]
            k += 2
        else:
            k += 1
    return out


def _near(a: float, b: float) -> bool:
    return abs(a - b) < _ZERO_WIDTH


def _line_glyphs(ln: dict) -> list[dict]:
    """The characters of a ``rawdict`` line, each with its span's font; a ``dict`` line (no positions)
    gives its characters at the line's x, marked ``"bare"``."""
    out: list[dict] = []
    for span in ln.get("spans", []):
        font = str(span.get("font", ""))
        if span.get("chars") is None:
            out += [{"c": c, "origin": (ln["bbox"][0], 0.0), "font": font, "bare": True} for c in span.get("text", "")]
        else:
            out += [{**ch, "font": font} for ch in span["chars"]]
    return out


def _extent(chars: list[dict]) -> tuple[float, float]:
    """Left and right edge of the glyphs of ``chars``."""
    return min(ch["bbox"][0] for ch in chars), max(ch["bbox"][2] for ch in chars)


def _is_ltr(c: str) -> bool:
    return c.isdigit() or bool(_LATIN_CHARS.match(c))


def _runs_right_to_left(chars: list[dict]) -> list[dict]:
    """The characters of one right-to-left line with its runs in reading order.

    Where an Arabic line holds numbers (``بنتيجة 5 مقابل 4.``) MuPDF gives its runs from left to
    right, each in its own order (``. أظهر … خلال`` ``4`` ``␣مقابل`` ``5`` ``بريسون … بنتيجة``): a run
    ends where the next character is drawn further right than half the height of the line's glyphs
    (in Arabic each character lies left of the one before; digits and Latin letters move right by
    less than that). The line is then read from right to left: each Arabic run as it came, the digits
    and Latin letters of a run that moves right as one piece (``7.5``, ``380,000``, ``Hazeltine``), and
    every other character (spaces, quotes, full stops between the runs) on its own, by its position;
    Latin words with only spaces, punctuation or digits between them (``Johnny English``, ``COVID 19``)
    are one left-to-right group, as the bidi rules make them.
    """
    leap = 0.5 * max((ch["bbox"][3] - ch["bbox"][1] for ch in chars), default=0.0)
    runs: list[list[dict]] = [chars[:1]]
    for a, b in zip(chars, chars[1:]):
        if b["bbox"][2] > a["bbox"][2] + leap:
            runs.append([])
        runs[-1].append(b)
    if len(runs) == 1:
        return chars
    pieces: list[list[dict]] = []
    for run in runs:
        if run[-1]["bbox"][2] > run[0]["bbox"][2]:  # moves right: digits, Latin, what lies between them
            ltr = [k for k, ch in enumerate(run) if _is_ltr(ch["c"])]
            i, j = (ltr[0], ltr[-1] + 1) if ltr else (len(run), len(run))
        else:  # Arabic: its spaces at either end are placed on their own
            i, j = 0, len(run)
            while i < j and run[i]["c"] == " ":
                i += 1
            while j > i and run[j - 1]["c"] == " ":
                j -= 1
        pieces += [[ch] for ch in run[:i]] + ([run[i:j]] if i < j else []) + [[ch] for ch in run[j:]]

    def has_latin(piece: list[dict]) -> bool:
        return any(_LATIN_CHARS.match(ch["c"]) for ch in piece)

    pieces.sort(key=lambda piece: sum(_extent(piece)))  # by centre, from left to right
    groups: list[list[dict]] = []
    k = 0
    while k < len(pieces):
        last = k
        if has_latin(pieces[k]):
            m = k + 1
            while m < len(pieces) and not any(_RTL_CHARS.match(ch["c"]) for ch in pieces[m]):
                if any(_is_ltr(ch["c"]) for ch in pieces[m]):
                    last = m
                m += 1
        groups.append([ch for piece in pieces[k:last + 1] for ch in piece])
        k = last + 1
    return [ch for group in reversed(groups) for ch in group]


def _without_mark_spaces(chars: list[dict]) -> list[dict]:
    """The characters of one line without the spaces that stand for an Arabic mark's glyph.

    Where Chromium draws a mark as a glyph of its own after its letter (``حينئذٍ``, ``وقتِ``, ``لاً``),
    the glyph comes back as a space touching the letter, with the mark, of no width, at its left
    edge: ``ذ`` ``␣`` ``ٍ`` (``حينئذ ٍ سيكون``). A word space is never followed by a mark, so that
    space goes and the mark stays on its letter.
    """
    out: list[dict] = []
    for k, ch in enumerate(chars):
        nxt = chars[k + 1] if k + 1 < len(chars) else None
        if (ch["c"] == " " and out and nxt is not None and _MARKS.match(nxt["c"]) and _width(nxt) < _ZERO_WIDTH
                and _near(nxt["bbox"][0], ch["bbox"][0]) and _RTL_CHARS.match(out[-1]["c"])
                and _near(out[-1]["bbox"][0], ch["bbox"][2])):
            continue
        out.append(ch)
    return out


def _arabic_words_in_order(chars: list[dict]) -> list[dict]:
    """The characters of one left-to-right line with the words of each Arabic quotation in reading order.

    In an English line MuPDF gives the words of an Arabic phrase (``«الماء أساس الحياة»``, ``"لا إله
    إلا الله"``) from left to right, each word in its own order (``أساس الماء``); they are read from
    right to left. A phrase is the Arabic words between two Latin letters or digits, from its first
    Arabic letter to its last (the quotes and brackets around it stay where they are).
    """
    out: list[dict] = []
    k = 0
    while k < len(chars):
        if _is_ltr(chars[k]["c"]):
            out.append(chars[k])
            k += 1
            continue
        end = k
        while end < len(chars) and not _is_ltr(chars[end]["c"]):
            end += 1
        seg = chars[k:end]
        arabic = [j for j, ch in enumerate(seg) if _RTL_CHARS.match(ch["c"])]
        if arabic:
            a, b = arabic[0], arabic[-1] + 1
            words: list[list[dict]] = [[]]
            spaces: list[dict] = []
            for ch in seg[a:b]:
                if ch["c"] == " ":
                    if words[-1]:
                        words.append([])
                        spaces.append(ch)
                else:
                    words[-1].append(ch)
            words = [w for w in words if w]
            boxes = [_extent(w) for w in words]
            spread = sorted(boxes)
            if all(x1 - x0 >= _ZERO_WIDTH for x0, x1 in boxes) and all(
                    nxt[0] >= prev[1] - _ZERO_WIDTH for prev, nxt in zip(spread, spread[1:])):
                # words side by side (not the words of one glyph, ``ﷺ``): from right to left
                order = sorted(range(len(boxes)), key=lambda j: -boxes[j][1])
                core = [ch for n, j in enumerate(order) for ch in ([spaces[n - 1]] if n else []) + words[j]]
                seg = seg[:a] + core + seg[b:]
        out += seg
        k = end
    return out


def _in_reading_order(chars: list[dict], votes: dict, rtl: bool = False) -> list[dict]:
    """The characters of one visual line without the spaces that stand for marks
    (:func:`_without_mark_spaces`), with the runs of a right-to-left line in reading order
    (:func:`_runs_right_to_left`), the words of an Arabic phrase in a left-to-right line in reading
    order (:func:`_arabic_words_in_order`), and ligatures in reading order (:func:`_ligatures_in_order`, per run
    of one font)."""
    if any(ch.get("bare") for ch in chars):
        return chars
    chars = _without_mark_spaces(chars)
    chars = _runs_right_to_left(chars) if rtl else _arabic_words_in_order(chars)
    out: list[dict] = []
    k = 0
    while k < len(chars):
        end = k
        while end < len(chars) and chars[end]["font"] == chars[k]["font"]:
            end += 1
        out += _ligatures_in_order(chars[k:end], chars[k]["font"], votes)
        k = end
    return out


def _is_neutral(c: str) -> bool:
    return not (c.isalpha() or c.isdigit())


def _glue(prev: list[dict], nxt: list[dict], ltr: bool) -> list[dict]:
    """Join two pieces of one visual line (MuPDF emits them in logical order).

    In left-to-right text MuPDF hands the punctuation and spaces that follow an
    embedded right-to-left run (``«الماء أساس الحياة», which``) back reversed
    (``الحياة ,»which``); there they belong in left-to-right order, so they are
    put in the order of their positions on the line.
    """
    if ltr and prev and _RTL_CHARS.match(prev[-1]["c"]):
        k = 0
        while k < len(nxt) and _is_neutral(nxt[k]["c"]):
            k += 1
        nxt = sorted(nxt[:k], key=lambda ch: ch["origin"][0]) + nxt[k:]
    return prev + nxt


def _column_groups(lines: list) -> list[list]:
    """Split the lines of one block at vertical gutters (MuPDF sometimes puts lines of
    two columns into one block); each group keeps the block's line order."""
    if len(lines) <= 1:
        return [lines]
    gx, px = _gaps([ln[1] for ln in lines], 0, 2)
    if gx < _MIN_GUTTER:
        return [lines]
    left = [ln for ln in lines if ln[1][2] <= px]
    right = [ln for ln in lines if ln[1][2] > px]
    return _column_groups(left) + _column_groups(right)


Line = tuple[str, list[float], float]  # text, bbox, font size


def _block_lines(block: dict, votes: dict | None = None,
                 page_rtl: bool = True) -> list[tuple[list[float], list[Line]]]:
    """One PyMuPDF text block (``rawdict`` or ``dict`` output) -> (bbox, lines) of its columns;
    ``votes``: the ligature order of each font so far (:func:`_ligatures_in_order`); ``page_rtl``:
    the page is mostly right-to-left text. Its lines are read from right to left where the page is and
    the block is not clearly Latin (a one-line block ``"Johnny English" وتم إحياؤها في عام 2011 مع`` is
    read right to left, a lone ``(ﷺ).`` wrapped in English is not)."""
    glyphs = [(ln, _line_glyphs(ln)) for ln in block.get("lines", [])]
    text_all = "".join(ch["c"] for _, chars in glyphs for ch in chars)
    latin, arabic = len(_LATIN_CHARS.findall(text_all)), len(_RTL_CHARS.findall(text_all))
    ltr = latin >= arabic
    rtl_lines = page_rtl and latin <= 2 * arabic
    # MuPDF cuts a visual line where the direction changes (an Arabic quotation in
    # English text, an English name in Arabic text) and emits the pieces as lines
    # of their own, in logical order: glue the pieces of one visual line together.
    raw: list[tuple[list[dict], list[float], float]] = []
    boxes = [ln["bbox"] for ln, _ in glyphs]
    for ln, chars in glyphs:
        if not "".join(ch["c"] for ch in chars).strip():
            continue
        bbox = list(ln["bbox"])
        size = max((float(sp.get("size", 0.0)) for sp in ln.get("spans", [])), default=0.0)
        base = [sp["origin"][1] for sp in ln.get("spans", []) if sp.get("origin") and sp.get("size") == size]
        if base and size > 0:  # the box of the line's baseline and font size: tall glyphs do not move it
            bbox[1], bbox[3] = base[0] - size, base[0]
        if raw and (_same_visual_line(raw[-1][1], bbox) or _justified_gap(raw[-1][1], bbox, boxes)):
            prev, pbox, psize = raw[-1]
            gap = max(pbox[0], bbox[0]) - min(pbox[2], bbox[2])
            if not (prev[-1]["c"].isspace() or chars[0]["c"].isspace() or gap < 0.2 * (bbox[3] - bbox[1])):
                x = min(pbox[2], bbox[2])  # a word space between the pieces, touching no glyph
                chars = [{"c": " ", "origin": (x, 0.0), "bbox": (x, 0.0, x, 0.0), "font": "", "gap": True}] + chars
            union = [min(pbox[0], bbox[0]), min(pbox[1], bbox[1]), max(pbox[2], bbox[2]), max(pbox[3], bbox[3])]
            raw[-1] = (_glue(prev, chars, ltr), union, max(psize, size))
        else:
            raw.append((chars, bbox, size))
    lines = [(" ".join("".join(ch["c"] for ch in _in_reading_order(chars, {} if votes is None else votes, rtl_lines)).split()),
              bbox, size) for chars, bbox, size in raw]
    out: list[tuple[list[float], list[Line]]] = []
    for group in _column_groups(lines) if lines else []:
        box = [min(b[0] for _, b, _ in group), min(b[1] for _, b, _ in group),
               max(b[2] for _, b, _ in group), max(b[3] for _, b, _ in group)]
        out.append((box, [ln for ln in group if ln[0]]))
    return [o for o in out if o[1]]


def _median(xs: Sequence[float], default: float) -> float:
    xs = sorted(xs)
    return xs[len(xs) // 2] if xs else default


def _merge_pieces(lines: list[Line], rtl: bool) -> list[Line]:
    """Join the pieces of one visual line that MuPDF gives as lines of their own: on one baseline, one
    after the other across the column (the words of a justified line far apart: ``President`` ``Joko``
    ``Widodo made improving``)."""
    out: list[Line] = []
    for text, box, size in lines:
        if out:
            ptext, pbox, psize = out[-1]
            h = max(box[3] - box[1], pbox[3] - pbox[1], 1.0)
            same_base = abs(box[3] - pbox[3]) < 0.2 * h and abs(size - psize) < 0.1 * max(size, psize, 1.0)
            after = box[2] <= pbox[0] + 0.5 if rtl else box[0] >= pbox[2] - 0.5
            gap = (pbox[0] - box[2]) if rtl else (box[0] - pbox[2])
            if same_base and after and gap < 12 * h:
                union = [min(pbox[0], box[0]), min(pbox[1], box[1]), max(pbox[2], box[2]), max(pbox[3], box[3])]
                out[-1] = (f"{ptext} {text}", union, max(size, psize))
                continue
        out.append((text, box, size))
    return out


def _page_paragraphs(lines: list[Line], rtl: bool) -> list[tuple[list[str], bool, bool, float, float]]:
    """The lines of one page in reading order -> paragraphs, each (lines, starts at the top of a column,
    its last line is a full line without sentence end, font size of its first line, of its last).

    A paragraph ends where the next line does not follow right below (a new column), after clearly more
    space than between lines, where the font size changes, where the next line is indented (its start
    edge moved in from the column's), or, in justified text, after a short line.
    """
    if not lines:
        return []
    lines = _merge_pieces(lines, rtl)
    heights = [b[3] - b[1] for _, b, _ in lines]
    lh = _median(heights, 10.0)
    # line pitch in font sizes (a lead paragraph in a larger font has its lines further apart)
    pitches = [(b2[1] - b1[1]) / max(s1, 1.0) for (_, b1, s1), (_, b2, _) in zip(lines, lines[1:])
               if 0 < b2[1] - b1[1] < 3 * lh]
    pitch = _median(pitches, 1.5)

    def column(k: int) -> tuple[float, float]:
        x0, x1 = lines[k][1][0], lines[k][1][2]
        same = [b for _, b, _ in lines if min(b[2], x1) - max(b[0], x0) > 0.5 * min(b[2] - b[0], x1 - x0)]
        # not a line across two columns (a headline over both): far wider than the column's lines
        typical = _median([b[2] - b[0] for b in same], x1 - x0)
        same = [b for b in same if b[2] - b[0] <= 1.3 * typical] or same
        return min(b[0] for b in same), max(b[2] for b in same)

    cols = [column(k) for k in range(len(lines))]

    def short(k: int) -> float:
        left, right = cols[k]
        b = lines[k][1]
        return (b[0] - left) if rtl else (right - b[2])

    def indent(k: int) -> float:
        left, right = cols[k]
        b = lines[k][1]
        return (right - b[2]) if rtl else (b[0] - left)

    def ends_sentence(text: str) -> bool:
        # MuPDF gives a right-to-left line's final punctuation at the start of its text
        t = text.strip(" \"'”“«»()")
        return t.endswith(_TERMINAL) or (rtl and t.startswith(_TERMINAL))

    width = max(1.0, _median([r - l for l, r in cols], 1.0))
    full = [short(k) < 0.015 * width for k in range(len(lines))]  # justified lines end on the edge
    # justified text (most lines of a font size reach the column's end edge): a short line ends a paragraph
    by_size: dict[float, list[bool]] = {}
    for k, (_, _, size) in enumerate(lines):
        by_size.setdefault(round(size, 1), []).append(full[k])
    justified = {sz: sum(f) >= 0.6 * len(f) and len(f) >= 3 for sz, f in by_size.items()}
    paras: list[tuple[list[str], bool, bool, float, float]] = []
    cur: list[str] = []
    top = True
    first = lines[0][2]
    for k, (text, box, size) in enumerate(lines):
        if cur:
            _, pbox, psize = lines[k - 1]
            dy = box[1] - pbox[1]
            new_column = dy < 0.5 * lh
            brk = (
                new_column
                or dy > 1.2 * pitch * max(psize, 1.0)
                or abs(size - psize) > 0.1 * max(size, psize, 1.0)
                or indent(k) > max(0.8 * lh, 0.03 * width) and indent(k - 1) <= 0.5 * lh
                or (justified[round(psize, 1)] and not full[k - 1])
            )
            if brk:
                paras.append((cur, top, full[k - 1] and not ends_sentence(lines[k - 1][0]), first, psize))
                cur, top, first = [], new_column, size
        cur.append(text)
    paras.append((cur, top, full[-1] and not ends_sentence(lines[-1][0]), first, lines[-1][2]))
    return paras


def _gaps(items: Sequence[tuple], lo: int, hi: int) -> tuple[float, float]:
    """The widest gap (size, position) between the ``[lo, hi]`` intervals of ``items``."""
    spans = sorted((it[lo], it[hi]) for it in items)
    if not spans:
        return (0.0, 0.0)
    best = (0.0, 0.0)
    end = spans[0][1]
    for a, b in spans[1:]:
        if a > end and a - end > best[0]:
            best = (a - end, (a + end) / 2)
        end = max(end, b)
    return best


def _reading_order(items: list[tuple], rtl: bool) -> list[tuple]:
    """Order text blocks ``(x0, y0, x1, y1, index, ...)`` by a recursive XY cut.

    At each step the widest empty horizontal or vertical band splits the blocks
    (top before bottom; columns left to right, right to left on Arabic pages);
    blocks that cannot be separated keep the order of the PDF's content stream.
    """
    if len(items) <= 1:
        return items
    gx, px = _gaps(items, 0, 2)
    gy, py = _gaps(items, 1, 3)
    if gx < _MIN_GUTTER:  # columns need a real gutter
        gx = 0.0
    if gx <= 0 and gy <= 0:
        return sorted(items, key=lambda it: it[4])
    if gx > gy:
        first = [it for it in items if it[2] <= px]
        second = [it for it in items if it[2] > px]
        if rtl:
            first, second = second, first
    else:
        first = [it for it in items if it[3] <= py]
        second = [it for it in items if it[3] > py]
    return _reading_order(first, rtl) + _reading_order(second, rtl)


def _item_text(it: tuple) -> str:
    return " ".join(ln[0] for ln in it[5])


def _running_key(text: str) -> str:
    return re.sub(r"[\d٠-٩۰-۹]+", "#", " ".join(text.lower().split()))


def pdf_lines(data: bytes, name: str = "input") -> list[str]:
    """The text of a PDF as paragraph lines: text blocks per page in reading order.

    The lines of a page, in reading order, are cut into paragraphs by their geometry
    (:func:`_page_paragraphs`: extra space, an indented first line, a short last line
    in justified text, a change of font size) and joined with spaces (hyphenated line
    ends joined); page numbers, running headers/footers and short margin lines in a
    small font are dropped; a paragraph broken by a page or column break is joined
    when the page ended on a full line without sentence end, or its continuation
    starts in lower case, in the same font size (a headline ending a page is no
    paragraph's beginning).  Arabic is returned in the order the PDF stores it
    (visual-order PDFs stay reversed; the prepare stage repairs it).
    """
    pymupdf = _import_pymupdf(name)
    show = None  # keep MuPDF's own complaints about damaged files off stderr
    try:
        show = (pymupdf.TOOLS.mupdf_display_errors(), pymupdf.TOOLS.mupdf_display_warnings())
        pymupdf.TOOLS.mupdf_display_errors(False)
        pymupdf.TOOLS.mupdf_display_warnings(False)
    except Exception:  # pragma: no cover - older PyMuPDF
        pass
    try:
        try:
            doc = pymupdf.open(stream=data, filetype="pdf")
        except Exception as exc:
            raise AlignError(f"{name}: cannot read PDF, the file is damaged or not a PDF ({one_line(exc, 120)})") from None
        try:
            if doc.needs_pass and not doc.authenticate(""):
                raise AlignError(f"{name}: the PDF is password-protected; save an unprotected copy first")
            repaired = bool(getattr(doc, "is_repaired", False))
            # The glyphs themselves, not the PDF's ActualText: for a letter with a mark Chromium writes
            # the cluster's text (``لاً``, ``تُ``) over its glyphs, and MuPDF spreads it over them badly
            # (a space with the glyph's width, the letters with none, or the lam-alef dropped).
            flags = pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_MEDIABOX_CLIP | pymupdf.TEXT_IGNORE_ACTUALTEXT
            pages: list[tuple[float, list[tuple]]] = []  # (page height, blocks)
            votes: dict = {}  # font -> [ligatures in order, reversed] (_ligatures_in_order)
            for page in doc:
                blocks = [b for b in page.get_text("rawdict", flags=flags)["blocks"] if b.get("type", 0) == 0]
                letters = "".join(ch["c"] for b in blocks for ln in b.get("lines", []) for ch in _line_glyphs(ln))
                page_rtl = len(_RTL_CHARS.findall(letters)) > len(_LATIN_CHARS.findall(letters))
                items = []
                for k, b in enumerate(blocks):
                    for j, (box, lines) in enumerate(_block_lines(b, votes, page_rtl)):
                        items.append((*box, (k, j), lines))
                pages.append((page.rect.height, items))
        except AlignError:
            raise
        except Exception as exc:
            raise AlignError(f"{name}: cannot read PDF, the file is damaged ({one_line(exc, 120)})") from None
        finally:
            doc.close()
    finally:
        if show is not None:
            try:
                pymupdf.TOOLS.mupdf_display_errors(show[0])
                pymupdf.TOOLS.mupdf_display_warnings(show[1])
            except Exception:  # pragma: no cover
                pass

    def in_margin(it: tuple, height: float) -> bool:
        return it[3] <= height * _MARGIN or it[1] >= height * (1 - _MARGIN)

    # running headers / footers: the same margin text (digits ignored) on most pages
    counts: dict[str, int] = {}
    for height, items in pages:
        for key in {_running_key(_item_text(it)) for it in items if in_margin(it, height)}:
            counts[key] = counts.get(key, 0) + 1
    running = {k for k, c in counts.items() if len(pages) >= 2 and c >= min(3, len(pages)) and c * 2 >= len(pages)}

    # a short margin line in a font clearly smaller than the body's is furniture too (one-page documents)
    body = _median([ln[2] for _, items in pages for it in items for ln in it[5]], 0.0)

    def small_margin_text(it: tuple) -> bool:
        return bool(body) and max(ln[2] for ln in it[5]) < 0.85 * body and len(_item_text(it).split()) <= 8

    paras: list[str] = []
    open_end = False  # the last paragraph ended with a full line and no sentence end
    end_size = 0.0  # ... in this font size
    for height, items in pages:
        kept = []
        for it in items:
            text = _item_text(it)
            if in_margin(it, height) and (_PAGE_NUMBER.match(text) or _running_key(text) in running
                                          or small_margin_text(it)):
                continue
            kept.append(it)
        letters = " ".join(_item_text(it) for it in kept)
        rtl = len(_RTL_CHARS.findall(letters)) > len(_LATIN_CHARS.findall(letters))
        page_lines = [ln for it in _reading_order(kept, rtl) for ln in it[5]]
        for k, (ls, top, ends_open, size, last_size) in enumerate(_page_paragraphs(page_lines, rtl)):
            p = _join_lines(ls)
            same_font = abs(size - end_size) <= 0.1 * max(size, end_size, 1.0)  # not a headline's end
            if paras and (k == 0 or top) and same_font and (open_end or _continues(paras[-1], p)):
                paras[-1] = _join_lines([paras[-1], p])  # a paragraph broken by a page or column break
            else:
                paras.append(p)
            open_end, end_size = ends_open, last_size
    lines = paragraph_lines(paras)
    if not lines and repaired:
        raise AlignError(f"{name}: cannot read PDF, the file is damaged (no readable text in it)")
    if not lines:
        raise no_text(name, "the PDF has no text layer (scanned images?); run OCR on it first")
    return lines
