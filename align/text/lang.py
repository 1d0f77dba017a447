"""Language detection: script counts first (robust to quotations in another script), py3langid after."""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Iterable

from .script import is_arabic_char


def arabic_share(text: str) -> float:
    """Share of letters in ``text`` that are Arabic script."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(map(is_arabic_char, letters)) / len(letters)


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
    latin = "".join(c if not is_arabic_char(c) else " " for c in joined[:20000])
    latin = unicodedata.normalize("NFC", latin)
    if not any(c.isalpha() for c in latin):
        return "und"
    code, _ = _identifier().classify(latin)
    return code
