"""Shared helpers of the format readers: one-line errors, paragraph lines."""

from __future__ import annotations

from typing import Iterable

from ..errors import AlignError

EXTRAS = {"pdf": "PDF", "html": "HTML", "docx": "DOCX"}


def one_line(text: object, limit: int = 200) -> str:
    s = " ".join(str(text).split())
    return s if len(s) <= limit else s[: limit - 1] + "…"


def missing_extra(extra: str, name: str, exc: ImportError) -> AlignError:
    msg = f"{name}: reading {EXTRAS[extra]} needs the '{extra}' extra: pip install 'align[{extra}]'"
    # The library is there but one of *its* dependencies is not (e.g. trafilatura
    # with lxml >= 5.2 needs the separate lxml_html_clean package): say which.
    missing = getattr(exc, "name", None)
    if missing and missing.split(".")[0] not in {"pymupdf", "fitz", "trafilatura", "docx"}:
        msg += f" (import failed: {one_line(exc, 120)})"
    return AlignError(msg)


def paragraph_lines(paragraphs: Iterable[str]) -> list[str]:
    """Paragraph strings -> lines: one (whitespace-normalised) line each, blank line between."""
    out: list[str] = []
    for p in paragraphs:
        p = " ".join(p.split())
        if not p:
            continue
        if out:
            out.append("")
        out.append(p)
    return out


def no_text(name: str, what: str) -> AlignError:
    return AlignError(f"{name}: {what}")
