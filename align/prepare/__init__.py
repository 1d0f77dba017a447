"""Prepare stage: text lines -> a :class:`~align.data.Document` (Arabic order repair, reflow of hard-wrapped
and page-broken text, page furniture, sentences, units with their line spans)."""

from .document import ArabicOrder, document_from_lines, order_pair, read_document
from .segment import Units

__all__ = ["ArabicOrder", "Units", "document_from_lines", "order_pair", "read_document"]
