"""The data model: typed, immutable values that flow through the pipeline.

read -> repair -> segment gives a :class:`Document` of :class:`Segment` units; align gives an
:class:`Alignment` of :class:`Bead` s; report and export only read these values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["content", "furniture"]
Level = Literal["paragraph", "line", "sentence"]


@dataclass(frozen=True)
class Segment:
    """One alignable unit (a paragraph, a pre-segmented line or a sentence).

    ``lines`` is the 1-based inclusive span ``(first, last)`` of the unit in its input file, so every
    output row can be traced back to its source.  ``kind`` is ``"furniture"`` for page furniture
    (headers, bylines, menus, footers) that the input stage recognised; it is still aligned.
    ``parent`` is the index of the enclosing paragraph for a sentence, else ``None``.
    ``cuts`` are soft boundaries of a paragraph rebuilt from hard-wrapped text whose paragraph breaks
    the input does not mark: ``(character offset in text, line number there)`` of each inner line
    start and sentence start, where a boundary the line widths could not show may hide (the aligner
    cuts there when the other side's paragraphs say so, see :mod:`align.core.soft`). ``follows`` marks a
    piece cut at such a boundary from the same paragraph as the unit before it.
    """

    index: int
    text: str
    lines: tuple[int, int]
    kind: Kind = "content"
    parent: int | None = None
    cuts: tuple[tuple[int, int], ...] = field(default=(), compare=False, repr=False)
    follows: bool = field(default=False, compare=False, repr=False)

    @property
    def n_words(self) -> int:
        return len(self.text.split())


@dataclass(frozen=True)
class Document:
    """A text in one language, cut into units of one level."""

    segments: tuple[Segment, ...]
    lang: str
    level: Level = "paragraph"
    path: str | None = None
    sentences: tuple[Segment, ...] = ()  # the sentences of the paragraphs (``parent`` = paragraph)

    def __len__(self) -> int:
        return len(self.segments)

    def __getitem__(self, i: int) -> Segment:
        return self.segments[i]

    @property
    def texts(self) -> list[str]:
        return [s.text for s in self.segments]

    def span(self, indices: tuple[int, ...]) -> tuple[int, int] | None:
        """Line span covered by the units ``indices`` (``None`` when empty)."""
        if not indices:
            return None
        return (self.segments[indices[0]].lines[0], self.segments[indices[-1]].lines[1])

    def join(self, indices: tuple[int, ...]) -> str:
        return " ".join(self.segments[i].text for i in indices)

    @property
    def parents(self) -> list[int]:
        """The paragraph of each unit of a sentence-level document (-1 for a unit without one)."""
        return [-1 if s.parent is None else s.parent for s in self.segments]

    def sentence_level(self) -> Document:
        """The same text as a document of sentences (each knows its paragraph in ``parent``)."""
        if self.level != "paragraph":
            return self
        return Document(self.sentences, self.lang, "sentence", self.path)


@dataclass(frozen=True)
class Bead:
    """``src`` units aligned to ``tgt`` units (one side may be empty: an omission or an addition).

    ``score`` is in [0, 1]. For a bead with both sides it is the confidence that the two sides
    translate each other; for a one-sided bead it is the confidence that the unit really has no
    counterpart. 0.5 sits on the document's own decision threshold (see the README).
    """

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    score: float

    @property
    def kind(self) -> str:
        return f"{len(self.src)}-{len(self.tgt)}"


@dataclass(frozen=True)
class Alignment:
    """The beads that cover both documents exactly once, in order."""

    src: Document
    tgt: Document
    beads: tuple[Bead, ...]
    model: str = ""
    timings: dict[str, float] = field(default_factory=dict, compare=False, hash=False)

    def __iter__(self):
        return iter(self.beads)

    def __len__(self) -> int:
        return len(self.beads)

    def rows(self) -> list[dict]:
        """One plain dict per bead, in document order (the JSONL schema)."""
        return [
            {
                "src": list(b.src),
                "tgt": list(b.tgt),
                "src_lines": _span(self.src, b.src),
                "tgt_lines": _span(self.tgt, b.tgt),
                "score": round(b.score, 4),
                "src_text": self.src.join(b.src),
                "tgt_text": self.tgt.join(b.tgt),
            }
            for b in self.beads
        ]


def _span(doc: Document, idx: tuple[int, ...]) -> list[int] | None:
    s = doc.span(idx)
    return list(s) if s else None
