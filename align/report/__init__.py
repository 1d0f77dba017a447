"""Report stage: coverage findings from a paragraph alignment and the sentence alignment inside it; the
terminal table, JSON and the self-contained HTML page render them."""

from __future__ import annotations

from ..core.aligner import Aligner
from ..data import Document
from .findings import SCHEMA_VERSION, Finding, Report, ReportConfig, build_report

__all__ = ["SCHEMA_VERSION", "Finding", "Report", "ReportConfig", "build_report", "coverage"]


def coverage(aligner: Aligner, src: Document, tgt: Document, config: ReportConfig | None = None) -> Report:
    """Paragraph and sentence alignment of a pair, and the coverage report built from them."""
    par, sent = aligner.align_both(src, tgt)
    return build_report(par, sent, config or ReportConfig())
