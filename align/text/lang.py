"""Language detection: script counts first (robust to quotations in another script), py3langid after."""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Iterable


def _is_arabic(ch: str) -> bool:
    o = ord(ch)
    return 0x0600 <= o <= 0x06FF or 0x0750 <= o <= 0x077F or 0x08A0 <= o <= 0x08FF or 0xFB50 <= o <= 0xFDFF or 0xFE70 <= o <= 0xFEFF


def arabic_share(text: str) -> float:
    """Share of letters in ``text`` that are Arabic script."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(map(_is_arabic, letters)) / len(letters)


@lru_cache(maxsize=1)
def _identifier():
    import py3langid

    return py3langid


def detect(texts: Iterable[str]) -> str:
    """ISO 639-1 code of the language of a document given as its units' texts.

    Arabic is decided by script (more than half of the letters), so an Arabic quotation inside an
    English paragraph does not make the paragraph Arabic; other languages by py3langid on the
    non-Arabic letters.
    """
    texts = list(texts)
    joined = " ".join(texts)
    if arabic_share(joined) > 0.5:
        return "ar"
    latin = "".join(c if not _is_arabic(c) else " " for c in joined[:20000])
    latin = unicodedata.normalize("NFC", latin)
    if not any(c.isalpha() for c in latin):
        return "und"
    code, _ = _identifier().classify(latin)
    return code
