"""Repair: Arabic words split into fragments around their diacritics.

poppler and PyMuPDF give a letter that carries a mark (shadda, tanween, damma, ...) back with the
mark *before* the letter and a space after it, PyMuPDF often a space before it too::

    وفًق ا      (pdftotext)     وف ًق ا   (PyMuPDF)      for   وفقًا
    قّل ل                       ق ّل ل                   for   قلّل

Correct text never starts a word with a mark, puts tanween before a letter other than a final alef
or alef maksura, or leaves that alef alone (pdfminer.six: ``وفقً ا``), so a document that does either (:data:`MIN_EVIDENCE` times) is repaired:
neighbouring fragments where one side of the space holds a mark are joined where the tokenizer's
language model (:mod:`.lexicon`) finds the joined word more likely than its two pieces
(``وفقا`` against ``وفق`` + ``ا``; never ``حزبي`` + ``المحلي``; a piece that opens on tanween never
starts a word, since tanween ends one, and one that opens on a shadda costs a join: ``تار ًك ا`` is
``تاركًا``, not ``تار كًا``; nor does a last letter with its tanween, PyMuPDF's lam-alef ``قائ لًا``;
a piece of a letter or two that ends on a mark may open a word, pdfminer.six's ``سيُ جرى``; and a
letter with its mark is never a word alone, pdftotext's ``ُت عزز``, nor a letter whose mark went to
another run, pdftotext's ``ق بض`` and ``ي ستخدم``: never onto one of the most common words such as
``من``, an alef only onto the word before it and the conjunction و only onto the word after it), unless the word list holds pieces of
two letters or more and not the word they would make (``تسلّل مخترق``), and in a joined word a mark
given back before its letter is put after it; punctuation and digits may stand at the word's outer
edges (``خطرً ا.``).  Other text and other documents are left as they are; without the language model nothing is
joined.
"""

from __future__ import annotations

import re
from typing import Callable, Sequence

from ..text.script import ARABIC_LETTER_CLASS, HARAKAT_CLASS, arabic_edges
from .lexicon import word_frequency, word_scorer

__all__ = ["MIN_EVIDENCE", "is_damaged", "join_fragments"]

_MARKS = HARAKAT_CLASS
_MARK = re.compile(f"[{_MARKS}]")
_LETTER = ARABIC_LETTER_CLASS
# a mark opening a word, tanween before a letter that cannot follow it, or the alef of tanween alone
_BAD_RE = re.compile(f"(?<![{_LETTER}{_MARKS}])[{_MARKS}]|[\u064b-\u064d](?=[\u0621-\u0626\u0628-\u0648\u064a])"
                     f"|[\u064b-\u064d] +ا(?![{_LETTER}{_MARKS}])")
_ARABIC_TOKEN = re.compile(f"^[{_LETTER}{_MARKS}]+$")
_TANWEEN_START = re.compile("^[\u064b-\u064d]")
_LONE_LETTER = re.compile(f"^[{_MARKS}]*[{_LETTER}][{_MARKS}]+$|^[{_MARKS}]+[{_LETTER}]$")
# a letter alone without its mark, which went to another run (pdftotext's ``ق بض`` for ``قُبض``); an alef
# joins only the word before it, being the alef of a tanween (pdfminer.six's ``مجدد ا``; never the word
# after: ``وفقً ا لاستطلاع`` is not ``وفق الاستطلاع``), the conjunction و only the word after it
# (PyMuPDF's ``و الستحداد``)
_BARE_LETTER = re.compile("^[\u0621-\u063a\u0641-\u064a]$")
_LONE_RE = re.compile("(?<!\\S)[\u0621-\u063a\u0641-\u064a](?!\\S)")  # a line that holds one
_FUNCTION_WORD = 6.0  # Zipf frequency of the most common words (من, في, على, ما, كان)
_ALONE_COST = 50.0  # what a lone letter costs as a word: more than any join
# a word's last letter with its tanween (and alef) alone: ``لًا`` of ``قائ لًا`` (PyMuPDF's lam-alef)
_TANWEEN_END = re.compile(f"^[{_LETTER}][\u064b-\u064d][اى]?$")
MIN_EVIDENCE = 5
JOIN_MARGIN = 2.0
_MAX_PIECES = 4


def is_damaged(lines: Sequence[str]) -> bool:
    return sum(len(_BAD_RE.findall(s)) for s in lines) >= MIN_EVIDENCE


def _plain_space(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` are Arabic pieces with nothing but the space between them: punctuation or
    digits may stand before ``a`` and after ``b`` (``خطرً ا.``), not at the space."""
    (_, a, a_trail), (b_lead, b, _) = arabic_edges(a), arabic_edges(b)
    return not (a_trail or b_lead) and bool(_ARABIC_TOKEN.match(a) and _ARABIC_TOKEN.match(b))


def _candidate(a: str, b: str) -> bool:
    """Can the space between ``a`` and ``b`` be one an extractor put inside a word, around a mark?"""
    if not _plain_space(a, b):
        return False
    a, b = arabic_edges(a)[1], arabic_edges(b)[1]
    if _MARK.match(b) or _TANWEEN_END.match(b):
        return True
    if a[-1] in "\u064e\u064f\u0650\u0651\u0652" and len(_MARK.sub("", a)) <= 2:
        return True  # a piece of a letter or two given up to its mark (pdfminer.six: ``سيُ جرى``)
    if b == "ا" and a[-1] in "\u064b\u064c\u064d":  # the alef of tanween alone (pdfminer.six)
        return True
    # a letter given back after its mark (``وفًق``), not a word ending in tanween and alef (``وزيرًا``)
    return bool(_MARK.match(a[-2:-1])) and not (a[-2] in "\u064b\u064c\u064d" and a[-1] in "اى")


def _link_bare_letters(toks: list[str], cores: list[str], can: list[bool],
                       freq: Callable[[str], float] | None) -> None:
    """Let a bare letter alone, in no chain of pieces around marks, join either neighbour (``can``, in
    place), unless that is one of the most common words (``من ح الت``: not ``منح``); an alef joins only
    the word before it, the conjunction و only the word after it."""
    n = len(toks)
    for k, core in enumerate(cores):
        if not _BARE_LETTER.match(core) or (k > 0 and can[k - 1]) or (k < n - 1 and can[k]):
            continue
        for a, other in ((k - 1, k - 1), (k, k + 1)):
            if a < 0 or a + 1 >= n or (core == "و" and other < k) or (core == "ا" and other > k):
                continue
            common = core not in "وا" and freq is not None and freq(_MARK.sub("", cores[other])) >= _FUNCTION_WORD
            can[a] = _plain_space(toks[a], toks[a + 1]) and not common


def _join_line(line: str, lm: Callable[[str], float], freq: Callable[[str], float] | None = None) -> str:
    """Join the fragments of one line: of all ways to close the spaces that may lie inside a word
    (:func:`_candidate`), the one whose words are most likely together, each closed space costing
    :data:`JOIN_MARGIN`."""
    parts = re.split(r"( +)", line)
    toks = parts[0::2]
    seps = parts[1::2]
    n = len(toks)
    can = [_candidate(toks[k], toks[k + 1]) for k in range(n - 1)]
    cores = [arabic_edges(t)[1] for t in toks]
    _link_bare_letters(toks, cores, can, freq)

    def word(k: int) -> float:
        bare = _MARK.sub("", cores[k])
        return lm(bare) if bare and _ARABIC_TOKEN.match(cores[k]) else 0.0

    def odd_start(k: int) -> float:
        """What a word starting with piece ``k`` costs for its first mark: tanween never starts a word,
        a shadda seldom does (an extractor may move it a letter off: ``ّمرشَّح``), it costs a join."""
        if k == 0 or not can[k - 1]:
            return 0.0
        if _TANWEEN_START.match(cores[k]) or _TANWEEN_END.match(cores[k]):
            return float("inf")
        return JOIN_MARGIN if cores[k][0] == "\u0651" else 0.0

    def alone(k: int) -> float:  # a letter (with its mark or without) is no word: it joins a neighbour it may join
        lone = bool(_LONE_LETTER.match(cores[k]) or _BARE_LETTER.match(cores[k])) and (
            (k > 0 and can[k - 1]) or (k < n - 1 and can[k]))
        return _ALONE_COST if lone else 0.0

    best = [0.0] + [float("-inf")] * n
    back = [0] * (n + 1)
    for i in range(1, n + 1):
        best[i], back[i] = best[i - 1] + word(i - 1) - odd_start(i - 1) - alone(i - 1), i - 1
        j = i - 1
        while j > 0 and can[j - 1] and i - j < _MAX_PIECES:
            j -= 1
            joined = _MARK.sub("", "".join(cores[j:i]))
            if freq is not None and not freq(joined) and any(
                    freq(_MARK.sub("", c)) for c in cores[j:i] if len(_MARK.sub("", c)) > 1):
                continue  # known words that join into no word the list holds (``تسلّل مخترق``)
            sc = best[j] + lm(joined) - JOIN_MARGIN * (i - j - 1) - odd_start(j)
            if sc > best[i]:
                best[i], back[i] = sc, j
    groups = []
    i = n
    while i > 0:
        groups.append((back[i], i))
        i = back[i]
    out: list[str] = []
    for j, i in reversed(groups):
        if out:
            out.append(seps[j - 1])
        if i - j == 1:
            out.append(toks[j])
        else:
            lead, trail = arabic_edges(toks[j])[0], arabic_edges(toks[i - 1])[2]
            out.append(lead + "".join(_mark_after(t) for t in cores[j:i]) + trail)
    return "".join(out)


_LEADING_MARKS = re.compile(f"^([{_MARKS}]+)([{_LETTER}])")
_TRAILING_MARKS = re.compile(f"([{_MARKS}]+)([{_LETTER}])$")


def _mark_after(piece: str) -> str:
    """A fragment of a split word with its mark put back after its letter (``ًق`` ``وفًق`` -> ``قً`` ``وفقً``)."""
    piece = _LEADING_MARKS.sub(r"\2\1", piece)
    return _TRAILING_MARKS.sub(r"\2\1", piece)


def join_fragments(lines: Sequence[str], lm: Callable[[str], float] | None = None,
                   freq: Callable[[str], float] | None = None) -> list[str]:
    """``lines`` with the fragments of split words joined (see the module docstring)."""
    lm = lm or word_scorer()
    if lm is None:
        return list(lines)
    freq = word_frequency() if freq is None else freq
    return [_join_line(s, lm, freq) if _MARK.search(s) or _LONE_RE.search(s) else s for s in lines]
