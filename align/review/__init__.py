"""Review stage: the review page a reviewer corrects the alignment and signs off the findings in, its
saved state, and ``apply``: the corrected outputs from that state, without the model.

``align review SRC TGT -o review.html`` -> edit in the browser -> save ``review.state.json`` ->
``align apply review.state.json -o corrected.tmx``.
"""

from __future__ import annotations

from .page import render_review
from .state import FindingDecision, ReviewState, Row, from_report, is_state, load_state, parse_state

__all__ = ["FindingDecision", "ReviewState", "Row", "from_report", "is_state", "load_state", "parse_state",
           "render_review"]
