"""Repair: straight double quotes on the wrong side of their word, in Arabic that was in visual order.

An extractor that writes Arabic in visual order leaves a straight quote ``"`` where it is painted, and
the quote looks the same opening and closing, so once the words are back in reading order
(:func:`~align.prepare.repair.repair_arabic_order`) a quote may stand at the wrong end of its word.
Seen in the seed pair's Arabic::

    أن هذا" الحدث ... المشاركة".          for   أن "هذا الحدث ... المشاركة".
    ما يسمى الإسلام" "السياسي بشكل         for   ما يسمى "الإسلام السياسي" بشكل

Quotes open and close in turn.  A quote at the start of a word opens, one at the end of a word closes.
Reading the document's Arabic lines in order, a quote is on the wrong side of its word when the quotes
on both sides of it take its role too: a closing quote between two closing ones (the start of the
document counts as one) opens, an opening quote between two opening ones (the end counts as one)
closes.  And a closing quote followed by an opening one across a single space, both glued to bare
words, after a closing quote (``الإسلام" "السياسي``), are a pair facing out: both are turned round.
A quote alone between spaces or inside a word, a word quoted alone (``"كلمة"``) and curly or angle quotes
(which an author may mix with straight ones, ``شركة” طيران نيوجيني"``) are left as they stand, and no
quote next to them is judged by them; correct text, whose quotes alternate, is never changed.  A
document is repaired only where a quarter of its quotes at least are found on the wrong side: authors
leave odd quotes too (a quotation never closed, ``قائلًا" ليس``), never that many.
"""

from __future__ import annotations

import re
from typing import NamedTuple, Sequence

from .repair import is_rtl_line

__all__ = ["move_quotes"]

_QUOTE = '"'
_TOKEN_RE = re.compile(r'\S+')
_OTHER_QUOTES = re.compile("[“”„«»]")
_ANY_QUOTE = re.compile('["“”„«»]')
# a quote glued to the start of a word (after any opening bracket), or to its end (before any marks but a
# colon: after a colon a quote opens, ``قال:" ...``)
_OPENS = re.compile(r'^[(\[«]*"(?=\w)')
_CLOSES = re.compile(r'\w[.,!?؟،؛…]*"[^\w"]*$')


class _Quote(NamedTuple):
    line: int
    start: int  # the token's offset in its line
    token: str
    role: str  # "open", "close" or "unknown"


def _quotes(lines: Sequence[str]) -> list[_Quote]:
    found: list[_Quote] = []
    for k, line in enumerate(lines):
        if not _ANY_QUOTE.search(line) or not is_rtl_line(line):
            continue
        for m in _TOKEN_RE.finditer(line):
            tok = m.group(0)
            n = tok.count(_QUOTE)
            if _OTHER_QUOTES.search(tok) or (n == 2 and _OPENS.search(tok) and _CLOSES.search(tok)):
                found.append(_Quote(k, m.start(), tok, "unknown"))  # “ ” « » or a word quoted alone
            elif n == 1 and _OPENS.search(tok):
                found.append(_Quote(k, m.start(), tok, "open"))
            elif n == 1 and _CLOSES.search(tok):
                found.append(_Quote(k, m.start(), tok, "close"))
            elif n:  # a quote alone or inside a word
                found.append(_Quote(k, m.start(), tok, "unknown"))
    return found


def _turn(tok: str) -> str:
    """The token with its quote at the word's other end (brackets and marks stay where they are)."""
    if _OPENS.search(tok):
        m = re.match(r'^([(\[«]*)"(\w[^"]*?)([^\w]*)$', tok)
        return f"{m.group(1)}{m.group(2)}{_QUOTE}{m.group(3)}" if m else tok
    m = re.match(r'^([^\w"]*)(\w.*?)"([^\w"]*)$', tok)
    return f'{m.group(1)}"{m.group(2)}{m.group(3)}' if m else tok


# the document is repaired only when this share of its quotes (of known role) is on the wrong side at
# least: the seed pair's Arabic has 4 of 6; an author's own odd quotes are fewer (the Arabic of the 36
# dev pairs written in visual order: at most 2 of 35)
_DAMAGED_SHARE = 0.25
_BARE_CLOSE = re.compile(r'^\w+"$')
_BARE_OPEN = re.compile(r'^"\w+$')


def move_quotes(lines: Sequence[str]) -> list[str]:
    """``lines`` (Arabic in reading order) with every quote that its neighbouring quotes show to be on
    the wrong side of its word moved to the other side."""
    quotes = _quotes(lines)
    roles = [q.role for q in quotes]
    fix: list[int] = []
    for i, q in enumerate(quotes):
        before = roles[i - 1] if i else "close"
        after = roles[i + 1] if i + 1 < len(quotes) else "open"
        if q.role == "unknown":
            continue
        if before == q.role == after:
            fix.append(i)
            roles[i] = "open" if q.role == "close" else "close"
        elif (before == q.role == "close" and after == "open" and i + 1 < len(quotes)
              and _BARE_CLOSE.match(q.token) and _BARE_OPEN.match(quotes[i + 1].token)
              and quotes[i + 1].line == q.line and quotes[i + 1].start == q.start + len(q.token) + 1):
            fix += [i, i + 1]  # الإسلام" "السياسي: a pair facing out across one space
            roles[i], roles[i + 1] = "open", "close"
    known = sum(r != "unknown" for r in roles)
    if len(set(fix)) < _DAMAGED_SHARE * known:
        return list(lines)  # an author's odd quote here and there, not a document of turned quotes
    out = list(lines)
    for q in sorted((quotes[i] for i in set(fix)), key=lambda q: (q.line, -q.start)):  # right to left
        s = out[q.line]
        out[q.line] = s[:q.start] + _turn(q.token) + s[q.start + len(q.token):]
    return out
