"""Report stage: translation coverage from a paragraph and a sentence alignment.

A :class:`Report` says how much of the source the target covers (and the reverse) and lists findings:

* ``untranslated`` -- a source content paragraph with no counterpart;
* ``partial``      -- a source sentence left out of an otherwise translated paragraph;
* ``added``        -- a target paragraph, or a target sentence inside a translated paragraph, with no
  source counterpart;
* ``weak``         -- a paragraph pair aligned with low confidence (a possible mistranslation, summary
  or wrong pairing);
* ``furniture``    -- page furniture (headers, bylines, menus, footers) without counterpart, reported
  apart so that it does not count as untranslated content.

Every finding has a ``confidence`` in [0, 1] (the bead score of the alignment, see the README) and the
1-based line span of its text in its input file. Findings below ``ReportConfig.min_confidence`` are not
listed (they still count in the coverage figures); the defaults are calibrated on the development set to
favour precision.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal

from ..core.aligner import sentences_per_paragraph, unsplit
from ..data import Alignment, Document

FindingKind = Literal["untranslated", "partial", "added", "weak", "furniture"]
SCHEMA_VERSION = 1


@dataclass(frozen=True)
class ReportConfig:
    min_confidence: float = 0.5    # list one-sided findings at or above this confidence
    min_partial: float = 0.75      # sentence-level findings need more evidence (calibrated on bench-dev)
    weak_below: float = 0.5        # paragraph pairs scored below this are "weak"


@dataclass(frozen=True)
class Finding:
    kind: FindingKind
    side: Literal["source", "target"]
    lines: tuple[int, int]
    text: str
    confidence: float
    unit: Literal["paragraph", "sentence"] = "paragraph"
    index: int = 0                                 # paragraph or sentence index on its side
    counterpart_lines: tuple[int, int] | None = None  # for "weak" and "partial": the other side's span

    def as_dict(self) -> dict:
        d = asdict(self)
        d["lines"] = list(self.lines)
        d["counterpart_lines"] = list(self.counterpart_lines) if self.counterpart_lines else None
        d["confidence"] = round(self.confidence, 4)
        return d


def _share(part: float, whole: float) -> float:
    return part / whole if whole else 1.0


@dataclass(frozen=True)
class Report:
    paragraphs: Alignment
    sentences: Alignment
    findings: tuple[Finding, ...]
    coverage: dict = field(default_factory=dict)

    @property
    def src(self) -> Document:
        return self.paragraphs.src

    @property
    def tgt(self) -> Document:
        return self.paragraphs.tgt

    def as_dict(self) -> dict:
        return {
            "schema": SCHEMA_VERSION,
            "source": {"path": self.src.path, "lang": self.src.lang},
            "target": {"path": self.tgt.path, "lang": self.tgt.lang},
            "model": self.paragraphs.model,
            "coverage": self.coverage,
            "findings": [f.as_dict() for f in self.findings],
        }


def _coverage(par: Alignment, sent: Alignment, findings: list[Finding]) -> dict:
    """Shares of content paragraphs, sentences and words that have a counterpart, for each side: a unit
    counts as missing when the report lists it (an untranslated or added paragraph, with all its
    sentences; a left-out or added sentence), so the figures agree with the findings and a unit the
    alignment leaves alone without confidence does not count against the translation."""
    gone: dict[tuple[str, str], set[int]] = {(side, unit): set() for side in ("source", "target")
                                             for unit in ("paragraph", "sentence")}
    for f in findings:
        if f.kind in ("untranslated", "added", "partial"):
            gone[(f.side, f.unit)].add(f.index)
    out = {}
    for side, pdoc, sdoc in (("source", par.src, sent.src), ("target", par.tgt, sent.tgt)):
        gone_p = gone[(side, "paragraph")]
        gone_s = gone[(side, "sentence")] | {s.index for s in sdoc.segments if s.parent in gone_p}
        content_p = [s for s in pdoc.segments if s.kind == "content"]
        content_s = [s for s in sdoc.segments if s.kind == "content"]
        words = sum(s.n_words for s in content_s)
        out[side] = {
            "paragraphs": round(_share(sum(s.index not in gone_p for s in content_p), len(content_p)), 4),
            "sentences": round(_share(sum(s.index not in gone_s for s in content_s), len(content_s)), 4),
            "words": round(_share(sum(s.n_words for s in content_s if s.index not in gone_s), words), 4),
            "n_paragraphs": len(content_p),
            "n_sentences": len(content_s),
            "n_words": words,
            "n_furniture": len(pdoc.segments) - len(content_p),
        }
    return out


def build_report(par: Alignment, sent: Alignment, config: ReportConfig = ReportConfig()) -> Report:
    """Findings and coverage from a paragraph alignment and the sentence alignment inside it."""
    src, tgt = par.src, par.tgt
    findings: list[Finding] = []
    src_par_bead = {i: b for b in par.beads for i in b.src}
    tgt_par_bead = {j: b for b in par.beads for j in b.tgt}
    for b in par.beads:
        if b.src and b.tgt:
            if b.score < config.weak_below:
                findings.append(Finding("weak", "source", src.span(b.src), src.join(b.src), 1 - b.score,
                                        "paragraph", b.src[0], tgt.span(b.tgt)))
            continue
        doc, side, idx = (src, "source", b.src) if b.src else (tgt, "target", b.tgt)
        for i in idx:
            seg = doc[i]
            if seg.kind == "furniture":
                kind: FindingKind = "furniture"
            else:
                kind = "untranslated" if side == "source" else "added"
                if b.score < config.min_confidence:
                    continue
            findings.append(Finding(kind, side, seg.lines, seg.text, b.score, "paragraph", i))
    ss, ts = sent.src, sent.tgt
    n_sents = (sentences_per_paragraph(ss), sentences_per_paragraph(ts))
    for b in sent.beads:
        if b.src and b.tgt or b.score < config.min_partial:
            continue
        doc, side, idx, par_of = ((ss, "source", b.src, src_par_bead) if b.src
                                  else (ts, "target", b.tgt, tgt_par_bead))
        for i in idx:
            seg = doc[i]
            pb = par_of.get(seg.parent)
            if pb is None or not (pb.src and pb.tgt) or seg.kind == "furniture":
                continue  # the whole paragraph is reported (or is furniture)
            if unsplit(pb.tgt if side == "source" else pb.src, pb.src if side == "source" else pb.tgt,
                        n_sents[1] if side == "source" else n_sents[0],
                        n_sents[0] if side == "source" else n_sents[1]):
                continue
            other = tgt.span(pb.tgt) if side == "source" else src.span(pb.src)
            findings.append(Finding("partial" if side == "source" else "added", side, seg.lines, seg.text,
                                    b.score, "sentence", i, other))
    order = {"source": 0, "target": 1}
    findings.sort(key=lambda f: (order[f.side], f.lines, f.unit != "paragraph"))
    return Report(par, sent, tuple(findings), _coverage(par, sent, findings))
