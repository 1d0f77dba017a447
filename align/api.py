"""File-to-alignment in one call (the whole pipeline: read, prepare, embed, align)."""

from __future__ import annotations

from pathlib import Path

from .core import AlignConfig, Aligner, Level
from .data import Alignment
from .embed import DEFAULT_MODEL
from .prepare import Units, order_pair, read_document


def align_files(src: str | Path, tgt: str | Path, *, model=DEFAULT_MODEL, units: Units = "paragraphs",
                level: Level = "paragraph", device: str = "auto", config: AlignConfig | None = None,
                force: bool = False, progress: bool | None = None) -> Alignment:
    """Read two files (English and Arabic, either order) and align them."""
    a, b = read_document(src, units), read_document(tgt, units)
    s, t = order_pair(a, b, allow_same=force)
    return Aligner(model, device=device, config=config, progress=progress).align(s, t, level)
