"""The aligner over documents: paragraphs first (with soft boundaries where breaks are hidden), then
sentences inside the paragraph beads, or over whole documents when the paragraphs cannot frame them.

>>> from align import read_document, Aligner
>>> aligner = Aligner()                           # embedded default model, offline
>>> al = aligner.align(read_document("en.txt"), read_document("ar.txt"))
>>> al.rows()[0]["score"]
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import replace
from typing import Literal, Sequence

import numpy as np

from ..data import Alignment, Bead, Document
from ..embed import DEFAULT_MODEL, Embedder
from ..errors import AlignError
from ..prepare.repair import normalize_for_matching
from .band import band_from_beads
from .config import AlignConfig
from .search import align_documents
from .soft import align_soft

Level = Literal["paragraph", "sentence"]


def paragraphs_reliable(al: Alignment) -> bool:
    """Whether a paragraph alignment can frame a sentence alignment: enough paragraphs on both sides
    and most of them confidently paired."""
    if len(al.src) < 3 or len(al.tgt) < 3:
        return False
    paired = sum(len(b.src) + len(b.tgt) for b in al.beads if b.src and b.tgt and b.score >= 0.5)
    return paired >= 0.6 * (len(al.src) + len(al.tgt))


class Aligner:
    """Holds one model and its embedding cache; aligns any number of document pairs."""

    def __init__(self, model=DEFAULT_MODEL, *, device: str = "auto", config: AlignConfig | None = None,
                 sentence_config: AlignConfig | None = None, max_bead: int | None = None,
                 progress: bool | None = None) -> None:
        """``max_bead`` (``--max-bead``) sets the largest bead of both paragraph and sentence alignment
        (default 4 for paragraphs, 6 for sentences and lines)."""
        self.embedder = Embedder(model, device=device, progress=progress)
        self.config = config or AlignConfig()
        if max_bead:
            self.config = self.config.with_(max_bead=max_bead)
        self.sentence_config = sentence_config or self.config.for_sentences(max_bead)

    def _align(self, src: Document, tgt: Document, config: AlignConfig, band=None) -> Alignment:
        return align_documents(src, tgt, self.embedder, config, match_text=normalize_for_matching,
                               model=self.embedder.name, band=band)

    def _embed(self, texts: list[str]) -> np.ndarray:
        return self.embedder([normalize_for_matching(t) for t in texts])

    def _align_paragraphs(self, src: Document, tgt: Document) -> Alignment:
        """Paragraphs; where paragraph breaks may hide at soft boundaries (hard-wrapped text whose
        breaks are not marked), cut where the other side's paragraphs show them (:mod:`align.core.soft`)."""
        if not any(s.cuts for s in src.segments) and not any(s.cuts for s in tgt.segments):
            return self._align(src, tgt, self.config)
        return align_soft(src, tgt, lambda s, t: self._align(s, t, self.config), self._embed, self.config)

    def align(self, src: Document, tgt: Document, level: Level = "paragraph") -> Alignment:
        """Align at ``level``. Sentences are aligned inside the paragraph beads when the paragraph
        alignment is reliable, else over the whole documents; line units are aligned as they are."""
        t0 = time.perf_counter()
        calls0 = self.embedder.calls
        if level == "paragraph" or src.level == "line" or tgt.level == "line":
            if src.level == "paragraph":
                al = self._align_paragraphs(src, tgt)
            else:
                al = self._align(src, tgt, self.sentence_config)
        else:
            al = self.align_sentences(src, tgt)
        al.timings["total_s"] = time.perf_counter() - t0
        al.timings["embedded_texts"] = self.embedder.calls - calls0
        return al

    def align_both(self, src: Document, tgt: Document) -> tuple[Alignment, Alignment]:
        """The paragraph alignment and the sentence alignment inside it (``--level both``, coverage)."""
        t0 = time.perf_counter()
        par = self.align(src, tgt, "paragraph")
        sent = self.align_sentences(par.src, par.tgt, par)  # the paragraphs as the alignment cut them
        revised = _detach_unconfirmed(par, sent, self.config.member_min)
        if revised is not par:  # the sentences said a paragraph is not part of its bead: align them again
            par = revised
            sent = self.align_sentences(par.src, par.tgt, par)
        sent.timings["total_s"] = time.perf_counter() - t0
        return par, sent

    def align_sentences(self, src: Document, tgt: Document, paragraph: Alignment | None = None) -> Alignment:
        """Sentences inside paragraph beads (hierarchical), or over the whole documents."""
        ss, ts = src.sentence_level(), tgt.sentence_level()
        if not ss.segments or not ts.segments:
            raise AlignError("no sentences to align")
        if paragraph is None:
            paragraph = self._align_paragraphs(src, tgt)
            src, tgt = paragraph.src, paragraph.tgt
            ss, ts = src.sentence_level(), tgt.sentence_level()
        band, config = None, self.sentence_config
        if paragraphs_reliable(paragraph):
            s_par, t_par = ss.parents, ts.parents
            band = band_from_beads([(b.src, b.tgt) for b in paragraph.beads], s_par, t_par, len(src), len(tgt))
            # inside a paragraph bead any n-m sentence bead may be needed (an unpunctuated Arabic verse
            # against five English sentences), up to the size of the largest paragraph bead
            biggest = max(sum(p in b.src for p in s_par) + sum(p in b.tgt for p in t_par)
                          for b in paragraph.beads)
            # inside paragraph beads the fixed threshold: a likelihood-placed one would move the meaning of
            # member_min and min_partial, which read sentence scores
            # and one-sided scores tempered by the scores' own noise (a sentence merged into its neighbour's
            # translation where the model tells neighbours apart badly is no sure omission)
            config = config.with_(max_bead=max(config.max_bead, min(biggest, config.max_sentence_bead)),
                                  null_prior=0.0, posterior_noise=config.inside_posterior_noise)
        al = self._align(ss, ts, config, band)
        if band is not None:
            al = _collapse_unsplittable(al, paragraph)
        al.timings["embed_s"] += paragraph.timings.get("embed_s", 0.0)
        al.timings["align_s"] += paragraph.timings.get("align_s", 0.0)
        al.timings["hierarchical"] = float(band is not None)
        return al


def _detach_unconfirmed(par: Alignment, sent: Alignment, member_min: float) -> Alignment:
    """The paragraph alignment without the paragraphs that the sentence alignment does not confirm.

    A paragraph at the edge of a bead that joins it to other paragraphs of its side, none of whose
    sentences is paired at ``member_min`` or above inside that bead, is not part of that translation
    (a short paragraph left untranslated and swallowed by its neighbour's bead, where the lengths fit):
    it becomes a bead of its own with no counterpart, scored ``0.5`` at ``member_min`` and rising to 1
    as its best sentence pair falls to 0. Beads where either side has no sentence structure against the
    other (:func:`align.core.aligner.unsplit`) are left alone: nothing to confirm by.
    """
    parents = (sent.src.parents, sent.tgt.parents)
    best: dict[tuple[int, int], float] = {}  # (side, paragraph) -> best two-sided sentence bead score
    for b in sent.beads:
        if b.src and b.tgt:
            for side, idx in ((0, b.src), (1, b.tgt)):
                for p in {parents[side][i] for i in idx}:
                    best[(side, p)] = max(best.get((side, p), 0.0), b.score)
    count = (sentences_per_paragraph(sent.src), sentences_per_paragraph(sent.tgt))
    beads: list[Bead] = []
    changed = False
    for b in par.beads:
        sides = [list(b.src), list(b.tgt)]
        head: list[Bead] = []
        tail: list[Bead] = []
        for side in (0, 1):
            mine, other = sides[side], sides[1 - side]
            if len(mine) < 2 or not other or unsplit(other, mine, count[1 - side], count[side]) \
                    or unsplit(mine, other, count[side], count[1 - side]):
                continue
            for at_start in (True, False):
                p = mine[0] if at_start else mine[-1]
                score = best.get((side, p), 0.0)
                if len(mine) < 2 or score >= member_min or (par.src, par.tgt)[side][p].kind != "content":
                    continue
                conf = 0.5 + (member_min - score) / (2 * member_min)
                alone = Bead((p,), (), conf) if side == 0 else Bead((), (p,), conf)
                if at_start:
                    head.append(alone)
                else:
                    tail.insert(0, alone)
                mine.remove(p)
        if head or tail:
            changed = True
            beads += head + [Bead(tuple(sides[0]), tuple(sides[1]), b.score)] + tail
        else:
            beads.append(b)
    return replace(par, beads=tuple(beads)) if changed else par


def _collapse_unsplittable(sent: Alignment, par: Alignment) -> Alignment:
    """Inside a paragraph bead whose one side is a single sentence (an unpunctuated verse, one long
    comma-chained sentence), the sentences of the other side cannot be told apart: the whole bead is one
    sentence bead with the paragraph bead's score."""
    s_of, t_of = sent.src.parents, sent.tgt.parents
    whole = {}
    for b in par.beads:
        if not (b.src and b.tgt):
            continue
        ss = tuple(i for i, p in enumerate(s_of) if p in b.src)
        ts = tuple(j for j, p in enumerate(t_of) if p in b.tgt)
        if ss and ts and (len(ss) == 1 or len(ts) == 1) and len(ss) + len(ts) > 2:
            whole[ss[0]] = Bead(ss, ts, b.score)
    if not whole:
        return sent
    owner: dict[tuple[str, int], Bead] = {}
    for whole_bead in whole.values():
        owner.update({("s", i): whole_bead for i in whole_bead.src})
        owner.update({("t", j): whole_bead for j in whole_bead.tgt})
    beads: list[Bead] = []
    done: set[int] = set()
    for b in sent.beads:
        w = next((owner[k] for k in [("s", i) for i in b.src] + [("t", j) for j in b.tgt] if k in owner), None)
        if w is None:
            beads.append(b)
        elif id(w) not in done:
            done.add(id(w))
            beads.append(w)
    return replace(sent, beads=tuple(beads))


def sentences_per_paragraph(sentences: Document) -> dict[int, int]:
    """How many sentences of a sentence-level document each paragraph (``parent``) holds."""
    return dict(Counter(sentences.parents))


def unsplit(other: Sequence[int], mine: Sequence[int], n_other: dict, n_mine: dict) -> bool:
    """Whether the other side of a paragraph bead has no sentence structure to tell this side's sentences
    by: one sentence per paragraph (text without sentence punctuation, such as Quran verses) against at
    least twice as many on this side. ``n_other`` / ``n_mine``: sentences per paragraph of each side."""
    o = sum(n_other.get(p, 0) for p in other)
    return o == len(other) and sum(n_mine.get(p, 0) for p in mine) >= 2 * o
