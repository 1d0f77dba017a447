"""Repair: Arabic presentation forms (the contextual glyph codes U+FB50-FDFF, U+FE70-FEFF) -> letters.

Some PDFs map their glyphs to presentation forms (``ﺣﺪﺛﻨﺎ`` for ``حدثنا``: initial, medial and final
forms of each letter), and pypdf hands them on.  They look right but are other characters: words do not
match, sentence splitting and script detection see unknown letters.  :func:`base_letters` applies NFKC
to those characters only (``ﻻ`` -> ``لا``), so nothing else in the text changes; whole-word ligatures
(U+FDF0-FDFB: ``ﷲ``, ``ﷺ``) are words written that way on purpose and are kept.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Sequence

__all__ = ["PRESENTATION_RE", "base_letters", "has_presentation_forms"]

PRESENTATION_RE = re.compile("[\ufb50-\ufdcf\ufdfc-\ufdff\ufe70-\ufefc]")
_DOCUMENT_MIN = 1  # one presentation form is enough: correct text never holds them


def has_presentation_forms(lines: Sequence[str]) -> bool:
    return sum(len(PRESENTATION_RE.findall(s)) for s in lines) >= _DOCUMENT_MIN


def _sub(m: re.Match) -> str:
    c = m.group(0)
    return unicodedata.normalize("NFKC", c).strip() or c


def base_letters(lines: Sequence[str]) -> list[str]:
    """``lines`` with every presentation form replaced by its letters (NFKC of that character)."""
    return [PRESENTATION_RE.sub(_sub, s) if PRESENTATION_RE.search(s) else s for s in lines]
