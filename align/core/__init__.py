"""Align stage: bead scoring from embeddings, the dynamic programme with its band (coarse-to-fine for long
documents), the passes after the DP, soft paragraph boundaries and the sentence hierarchy.

Data in: two :class:`~align.data.Document`; data out: an :class:`~align.data.Alignment`. Every knob is in
:class:`~align.core.config.AlignConfig`.
"""

from .aligner import Aligner, Level
from .config import AlignConfig
from .search import align_documents, align_units

__all__ = ["AlignConfig", "Aligner", "Level", "align_documents", "align_units"]
