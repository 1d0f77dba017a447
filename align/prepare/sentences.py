"""Sentence splitting for English, Arabic and other languages, with character offsets.

``split_sentences(text, lang)`` returns the ``(start, end)`` character offsets of the sentences
of ``text``. The spans are contiguous: the first starts at 0, each ends where the next starts and
the last ends at ``len(text)``, so they cover the text in order without overlap, and
``text[start:end].strip()`` is the sentence (the whitespace after a sentence belongs to its
span). Whitespace-only text has no sentence. ``sentences(text, lang)`` returns the stripped
sentences.

* English: the ``syntok`` library, chosen by measurement against ``pysbd``, ``sentencex`` and
  ``blingfire`` (``bench/sentences.py``), then a few corrections of what the libraries get
  wrong: closing quotes after the final mark stay with the sentence they close, a final mark
  followed by closing quotes and a capitalised word ends a sentence, no sentence starts with a
  lowercase word or a comma, a title abbreviation (``Gen.``, ``Rep.``, ``Ms.``) or ``No.`` before a
  number never ends one, nor does a quotation followed by a short reporting clause
  (``"...!" Hammel added.``).
* Other languages (``de``, ``fr``, ``es``...): ``sentencex`` with the language's code (it has
  abbreviation lists for most languages and falls back to English rules for the others; syntok
  has no per-language rules), with the same corrections.
* Arabic: rules. A sentence ends at ``.``, ``!``, ``?``, ``؟``, ``…`` or a run of them, followed
  by any closing quotes or brackets and whitespace; not at a period inside a number (``3.5``,
  ``٣.٥``), after a Latin abbreviation followed by Latin text (``U.S. Army``, ``Mr. Smith``), after
  a one-letter Arabic abbreviation (``د.``), at an ellipsis, before a comma, nor before a short
  clause reporting a quotation (``"...؟" تساءلت.``). The Arabic semicolon ``؛`` and comma ``،``
  are not boundaries: on the benchmark no reference sentence ends at either, and splitting long
  comma chains only adds false boundaries (``bench/sentences.py`` measures both variants).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import pairwise

from ..text.script import ARABIC_CODES, has_word, is_arabic_letter, primary_code
from ..text.script import SENTENCE_CLOSERS as _CLOSERS
from ..text.script import SENTENCE_OPENERS as _OPENERS

Span = tuple[int, int]

# --------------------------------------------------------------------------------------------
# characters

_QUOTES = "\"'"  # straight quotes: opening or closing, decided by the spacing around them


def _is_latin_letter(ch: str) -> bool:
    return ch.isalpha() and ord(ch) < 0x0250


# --------------------------------------------------------------------------------------------
# abbreviations (compared without their final period)

# Titles before a name and a few Latin abbreviations: never the end of a sentence.
_ALWAYS_GLUE = frozenset(
    """Mr Mrs Ms Mx Messrs Mmes Dr Drs Prof Rev Revd Fr Hon Rep Reps Sen Sens Gov Govs Gen Lt Col
    Maj Capt Cpt Cmdr Cdr Adm Brig Sgt Cpl Pvt Pte Spc Insp Supt Det Cllr Pres Amb Atty Msgr
    vs Vs cf Cf viz e.g E.g i.e I.e M Mme Mlle MM Hr Frau Sr Sra Srta Sres Sig Dott Ing Avv""".split()
)
# Before a number these never end a sentence ("No. 5", "pp. 3-4", "Sept. 30"); lowercased.
_GLUE_BEFORE_NUMBER = frozenset(
    """no nos nr num núm vol art fig figs eq pp ch sec jan feb mar apr jun jul aug sep sept oct nov
    dec st approx ca""".split()
)
# Other Latin abbreviations that, inside Arabic text, continue the sentence when Latin text follows.
_LATIN_ABBREVIATIONS = _ALWAYS_GLUE | frozenset(
    """St Ste Mt Ft Jr Inc Ltd Co Corp Bros No Nos Vol Art Fig Jan Feb Mar Apr Jun Jul Aug Sep Sept
    Oct Nov Dec etc al""".split()
)
_LATIN_DOTTED = re.compile(r"(?:[A-Za-z]\.){2,}$")  # U.S. e.g. a.m.

# --------------------------------------------------------------------------------------------
# reporting clauses after a quotation ('"...!" Hammel added.', '"...؟" تساءلت.')

_EN_REPORTING = re.compile(
    r"(?:[A-Z][\w'.-]*\s+){1,3}(?:said|says|added|adds|asked|asks|told|wrote|writes|explained|noted|"
    r"recalled|continued|replied|tweeted|wondered|insisted|stated|declared|exclaimed|shouted|yelled)"
    r"(?=[\s.,;:!?]|$)[^.!?]{0,60}[.!?]"
)
# Arabic has no case to tell a new sentence from the continuation, so: a bare reporting verb
# (the و-prefixed "وقال" starts a new sentence) or a participle, in a short clause without a
# complement ("قالت ساندرز إن ..." is a new sentence).
_AR_REPORTING = re.compile(
    r"(?:قال|قالت|قالوا|تقول|يقول|أضاف|أضافت|اضاف|اضافت|تساءل|تساءلت|يتساءل|سأل|سألت|"
    r"قائلا|قائلًا|قائلاً|قائلة|مضيفا|مضيفًا|مضيفاً|مضيفة|"
    r"كما\s+(?:قال|قالت|أضاف|أضافت|اضاف|ذكر|ذكرت|أفاد|أفادت|أوضح|أوضحت|أكد|أكدت)|"
    r"حسبما|بحسب|وفقًا|وفقا|وفقاً|على\s+حد)(?=\s|$|[،,:.])"
)
_AR_PARTICIPLES = ("قائل", "مضيف")
_AR_REPORTING_MAX_WORDS = 6
_AR_COMPLEMENT = re.compile(r"(?:^|\s)(?:إن|أن|بأن|إنه|أنه|بأنه|إنها|أنها|بأنها)(?=\s|$)")

# --------------------------------------------------------------------------------------------
# helpers


def _spans(text: str, starts: list[int]) -> list[Span]:
    """Contiguous spans from sentence starts (each the first character of a sentence)."""
    first = len(text) - len(text.lstrip())
    last = len(text.rstrip())
    if first >= last:
        return []
    cuts = [0] + sorted({s for s in starts if first < s < last}) + [len(text)]
    return list(pairwise(cuts))


def _skip_space(text: str, i: int) -> int:
    n = len(text)
    while i < n and text[i].isspace():
        i += 1
    return i


def _prev_end(text: str, s: int) -> int:
    """Index just after the last non-space character before ``s``."""
    while s > 0 and text[s - 1].isspace():
        s -= 1
    return s


def _token_before(text: str, end: int) -> str:
    """The whitespace-delimited token ending at ``end`` (exclusive), opening quotes stripped."""
    i = end
    while i > 0 and not text[i - 1].isspace():
        i -= 1
    return text[i:end].lstrip(_OPENERS)


def _next_word_start(text: str, i: int) -> int:
    """First character at or after ``i`` that is neither whitespace nor an opening quote/bracket."""
    n = len(text)
    while i < n and (text[i].isspace() or text[i] in _OPENERS):
        i += 1
    return i


def _closing_run(text: str, i: int) -> int:
    """Index after the closing quotes/brackets that follow a final mark ending at ``i``.

    A closer right after the mark belongs to the sentence (``."``, ``?)``), and so does a curly
    quote used as a closer (``."“ Next``) when whitespace follows it. A straight quote standing
    alone between spaces (``. " Next``) closes the sentence when a quotation is open before it (an
    odd number of the same quote precede it); otherwise it is a stray opening quote of the next.
    """
    n = len(text)
    while i < n:
        ch = text[i]
        if ch in _CLOSERS and ch not in _QUOTES:
            i += 1
            continue
        if ch in _QUOTES + "“‘" and (i + 1 >= n or not text[i + 1].isalnum()):
            i += 1
            continue
        j = _skip_space(text, i)
        if i < j < n and (j + 1 >= n or text[j + 1].isspace()):
            c = text[j]
            if c in "”’»)]}" or (c in _QUOTES and text.count(c, 0, j) % 2 == 1):
                i = j + 1
                continue
        return i
    return i


# --------------------------------------------------------------------------------------------
# libraries: each returns sentence start offsets


def _starts_syntok(text: str, lang: str) -> list[int]:
    from syntok import segmenter

    return [sent[0].offset for para in segmenter.analyze(text) for sent in para if sent]


def _starts_sentencex(text: str, lang: str) -> list[int]:
    import sentencex

    return [d["start_index"] for d in sentencex.get_sentence_boundaries(lang, text)]


# The libraries the package uses (its dependencies); bench/sentences.py compares others through
# split_with's backend argument.
Backend = Callable[[str, str], list[int]]
BACKENDS: dict[str, Backend] = {
    "syntok": _starts_syntok,
    "sentencex": _starts_sentencex,
}
ENGLISH_BACKEND = "syntok"
OTHER_BACKEND = "sentencex"


def _library_starts(text: str, lang: str, backend: str | Backend) -> list[int]:
    starts = BACKENDS[backend] if isinstance(backend, str) else backend
    try:
        return starts(text, lang)
    except (ValueError, KeyError, AssertionError):  # a language code the library does not know
        return starts(text, "en")


# --------------------------------------------------------------------------------------------
# corrections of library boundaries (Latin script)

# A final mark followed by closing quotes, then an opening quote or a capital: libraries miss
# some of these ('... the Seven Dwarfs."" Because ...').
_QUOTED_END = re.compile(r"[.!?][\"'”’“»)\]]+\s+(?=[\"“‘'«„(\[]?[A-Z])")


def _glued_abbreviation(text: str, end: int, nxt: int) -> bool:
    """Whether the period ending at ``end`` closes an abbreviation that continues the sentence."""
    if end == 0 or text[end - 1] != ".":
        return False
    word = _token_before(text, end)[:-1]
    if word in _ALWAYS_GLUE:
        return True
    following = text[nxt] if nxt < len(text) else ""
    # "No. 5", "Sept. 30", "p. 12"
    return following.isdigit() and (word.lower() in _GLUE_BEFORE_NUMBER or (len(word) == 1 and word.isalpha()))


_LATIN_FINAL = ".!?…"  # marks that end a sentence in Latin-script text


def _fix_latin(text: str, starts: list[int]) -> list[int]:
    n = len(text)
    candidates = {_skip_space(text, s) for s in starts}
    candidates.update(m.end() for m in _QUOTED_END.finditer(text))
    out: set[int] = set()
    for s in sorted(candidates):
        if s <= 0 or s >= n:
            continue
        if text[s] in _LATIN_FINAL:  # the library cut before the mark that ends the sentence ("(Tawbah, 9: 33).")
            e = s
            while e < n and text[e] in _LATIN_FINAL:
                e += 1
            s = _skip_space(text, _closing_run(text, e))
            if s >= n:
                continue
        if text[s] in _CLOSERS:  # the library cut before the quotes closing the sentence
            e = _closing_run(text, s)
            if e > s:
                s = _skip_space(text, e)
                if s >= n:
                    continue
        end = _prev_end(text, s)
        if end == s and text[s - 1] in ".,:" and s >= 2 and text[s - 2].isdigit() and text[s].isdigit():
            continue  # inside a number
        w = _next_word_start(text, s)
        first = text[w] if w < n else ""
        if first and (first.islower() or first in ",;:%)]}"):
            continue  # a lowercase word or a comma does not start a sentence
        if _glued_abbreviation(text, end, w):
            continue
        if text[end - 1] in _CLOSERS and _EN_REPORTING.match(text, s):
            continue
        out.add(s)
    return sorted(out)


# --------------------------------------------------------------------------------------------
# Arabic rules

_AR_MARK_RUN = re.compile(r"[.!?؟…‼⁇⁈⁉۔](?:\s?[.!?؟…‼⁇⁈⁉۔])*")
_AR_ANY_MARK = re.compile(r"[.!?؟…]")


def _is_reporting_clause(text: str, s: int) -> bool:
    """Whether ``text[s:]`` opens a short clause reporting the quotation before it."""
    m = _AR_REPORTING.match(text, s)
    if not m:
        return False
    if m.group().startswith(_AR_PARTICIPLES):
        return True
    stop = _AR_ANY_MARK.search(text, s)
    clause = text[s: stop.start() if stop else len(text)]
    return len(clause.split()) <= _AR_REPORTING_MAX_WORDS and not _AR_COMPLEMENT.search(clause)


def _latin_abbreviation(text: str, m_start: int, m_end: int) -> bool:
    """Whether the period at ``m_start`` closes a Latin abbreviation continued by Latin text."""
    token = _token_before(text, m_start)
    if not token or not (_is_latin_letter(token[-1]) or token[-1] == "."):
        return False
    word = token.rstrip(".")
    if word in _ALWAYS_GLUE:
        return True
    w = _next_word_start(text, _skip_space(text, m_end))
    after = text[w] if w < len(text) else ""
    if not (after and _is_latin_letter(after)):
        return False  # "... grade A. <Arabic>": the end of the sentence
    return word in _LATIN_ABBREVIATIONS or len(word) == 1 or bool(_LATIN_DOTTED.search(token + "."))


def _arabic_boundary_after(text: str, m_start: int, m_end: int) -> int | None:
    """Start of the next sentence if the run of final marks ``text[m_start:m_end]`` ends one."""
    n = len(text)
    run = text[m_start:m_end]
    if run == ".":
        prev = text[m_start - 1] if m_start > 0 else ""
        if prev.isdigit() and m_end < n and text[m_end].isdigit():
            return None  # 3.5, ٣.٥, 7.55
        bare = _token_before(text, m_start).rstrip("ـ")
        if len(bare) == 1 and is_arabic_letter(bare):
            return None  # د. (doctor), أ. (professor), م. (AD), هـ. (AH), ص. (page)
        if _latin_abbreviation(text, m_start, m_end):
            return None
    marks = run.replace(" ", "")
    if marks == "…" or (len(marks) >= 3 and set(marks) == {"."}):
        return None  # an ellipsis inside the sentence
    e = _closing_run(text, m_end)
    if e < n and not text[e].isspace():
        return None  # glued to the next word (a.b, an URL, a number)
    s = _skip_space(text, e)
    if s >= n:
        return None
    w = _next_word_start(text, s)
    first = text[w] if w < n else ""
    if not first or first in "،,؛;:)]}%" or (first.isalpha() and first.islower()):
        return None  # a comma or a lowercase Latin word continues the sentence
    if e > m_end and text[e - 1] in "\"'”’»“" and _is_reporting_clause(text, s):
        return None  # '"...؟" تساءلت.': the mark ends the quotation, not the sentence
    return s


def _arabic_starts(text: str, *, semicolon: bool = False, comma_min_words: int = 0) -> list[int]:
    """Sentence starts by the Arabic rules.

    ``semicolon`` also cuts after ``؛``/``;``; ``comma_min_words`` > 0 also cuts after a ``،``
    when the pieces on both sides (up to the neighbouring boundaries) have at least that many
    words. Both are off by default: they only lower F1 on the benchmark.
    """
    starts = []
    for m in _AR_MARK_RUN.finditer(text):
        s = _arabic_boundary_after(text, m.start(), m.end())
        if s is not None:
            starts.append(s)
    if semicolon:
        starts += [m.end() + 1 for m in re.finditer(r"[؛;](?=\s\S)", text)]
    if comma_min_words:
        starts = sorted(set(starts))
        cuts = [0] + starts + [len(text)]
        extra = []
        for a, b in pairwise(cuts):
            last = a
            for m in re.finditer(r"،(?=\s\S)", text[a:b]):
                c = a + m.end() + 1
                if len(text[last:c].split()) >= comma_min_words and len(text[c:b].split()) >= comma_min_words:
                    extra.append(c)
                    last = c
        starts += extra
    return sorted(set(starts))


# --------------------------------------------------------------------------------------------
# public API



def _lang_code(lang: str) -> str:
    return primary_code(lang, "en")


def _paragraph_breaks(text: str) -> list[int]:
    return [m.end() for m in re.finditer(r"\n[ \t\r\f\v]*\n\s*", text)]


def split_sentences(text: str, lang: str) -> list[Span]:
    """Character spans ``(start, end)`` of the sentences of ``text`` in language ``lang``.

    ``lang`` is an ISO 639 code (``en``, ``ar``, ``de``, ``fr``...; a region suffix such as
    ``ar-EG`` is ignored). The spans are contiguous and cover ``text`` in order;
    ``text[start:end].strip()`` is a sentence. A blank line always ends a sentence.
    """
    if not text or not text.strip():
        return []
    code = _lang_code(lang)
    if code in ARABIC_CODES:
        starts = _arabic_starts(text)
    else:
        backend = ENGLISH_BACKEND if code == "en" else OTHER_BACKEND
        starts = _fix_latin(text, _library_starts(text, code, backend))
    breaks = _paragraph_breaks(text)
    return _join_wordless(text, _spans(text, starts + breaks), set(breaks))


def _join_wordless(text: str, spans: list[Span], breaks: set[int]) -> list[Span]:
    """``spans`` with a sentence that holds no word (a lone ``.`` after a closing bracket, ``...``) joined
    to the sentence before it, unless a blank line parts them: it is no sentence a translation has."""
    out: list[Span] = []
    for a, b in spans:
        if out and a not in breaks and not has_word(text[a:b]):
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def sentences(text: str, lang: str) -> list[str]:
    """The sentences of ``text`` (stripped), see ``split_sentences``."""
    return [text[a:b].strip() for a, b in split_sentences(text, lang)]


# --------------------------------------------------------------------------------------------
# variants, for measurement (bench/sentences.py)


def split_with(text: str, lang: str, backend: str | Backend, *, fix: bool = True) -> list[Span]:
    """Latin-script splitting with a chosen library (a name in :data:`BACKENDS`, or a function giving
    sentence start offsets), with or without the corrections."""
    if not text.strip():
        return []
    starts = _library_starts(text, _lang_code(lang), backend)
    starts = _fix_latin(text, starts) if fix else [_skip_space(text, s) for s in starts]
    return _spans(text, starts)


def split_arabic_with(text: str, *, semicolon: bool = False, comma_min_words: int = 0) -> list[Span]:
    """The Arabic rules with the semicolon and comma variants."""
    if not text.strip():
        return []
    return _spans(text, _arabic_starts(text, semicolon=semicolon, comma_min_words=comma_min_words))
