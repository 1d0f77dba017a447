"""Every knob of the align stage, with its meaning, unit and default, in one place.

``AlignConfig`` is passed down from :class:`align.Aligner` to the scorer, the passes after the DP, the soft
paragraph boundaries and the sentence hierarchy; change any of them from the Python API with
``Aligner(config=AlignConfig(...))`` or ``config.with_(name=value)``. The defaults were chosen on the
development sets (see ``bench/RESULTS.md``). Scores and cosines are in the model's cosine scale unless a
knob says "spreads" (the document pair's own spread of qualities, see :mod:`align.core.scorer`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class AlignConfig:
    """Knobs of the aligner; the defaults are tuned on the development sets (see bench/RESULTS.md)."""

    # -- beads and the DP
    max_bead: int = 4            # largest bead with both sides: n + m <= max_bead (a paragraph's pieces: one)
    sentence_max_bead: int = 6   # the same for sentences and lines aligned over whole documents (up to 1-5, 5-1)
    soft_extra: int = 2          # a bead may hold this many units beyond max_bead where they are pieces of one paragraph
    knn: int = 4                 # neighbours in the margin (hub) correction; 0 switches it off
    hub_window: int = 30         # the hub correction looks this many units beyond the band
    length_weight: float = 0.03  # weight of the squared, spread-normalised log length ratio
    ratio_from_totals: bool = False  # length ratio: False from the mutual nearest neighbours (paragraphs),
    #                              True from the documents' total lengths (sentences and lines, below)
    sentence_ratio_from_totals: bool = True
    min_length_sigma: float = 0.3  # floor of the learned spread of log length ratios
    anchor_weight: float = 0.1   # weight of shared numbers / Latin names (align.core.anchors)
    null_prior: float = 0.4      # prior share of units with no counterpart: places the skip threshold where a
    #                              bead's quality is as likely under translations as under arbitrary pairs,
    #                              weighed by this prior (align.core.scorer); 0: at ``threshold`` of the spread
    sentence_null_prior: float = 0.05  # the same for sentences and lines aligned over whole documents (inside
    #                              paragraph beads the fixed threshold holds)
    bead_prior: float = 0.0      # the cost of each bead, placed as the threshold of this prior (0: the skip
    #                              threshold); above null_prior, a skip costs the difference
    #                              (align.core.scorer), so fewer units are left out and merges are not
    #                              split into finer beads for want of a bead cost
    sentence_bead_prior: float = 0.08  # the same for sentences and lines over whole documents
    threshold: float = 0.40      # skip threshold between arbitrary and best pairs (0..1) when null_prior is 0,
    #                              and for documents too small to learn the two distributions from
    merge_penalty: float = 0.0   # cost of each unit beyond the first on either side of a bead
    sharpness: float = 4.0       # slope of the score sigmoid, in units of the document's spread
    posterior_sharpness: float = 10.0  # one-sided beads are scored by the probability over all paths weighted
    #                              by exp(this * value / spread) that the unit is unaligned (0: by the
    #                              best local alternative to leaving it alone)
    posterior_noise: float = 0.0  # when > 0, the temperature of those weights is this many times the robust
    #                              spread of arbitrary pairs' qualities (the scores' own noise) instead of
    #                              spread / posterior_sharpness
    inside_posterior_noise: float = 0.35  # posterior_noise of sentences aligned inside paragraph beads (the
    #                              left-out sentences of `align coverage`): where the model tells a sentence's
    #                              translation from its neighbours badly (hadith), a sentence merged into a
    #                              neighbour's translation is not a sure omission
    tiny_cells: int = 12         # documents with fewer unit pairs (N * M) are scored against reference sentences
    full_search_cells: int = 4_000_000  # above N*M cells, search a corridor around a coarse path
    refine: bool = True          # embed the real concatenations near uncertain beads (else means only)
    refine_below: float = 0.0    # 1-1 beads scored below this count as uncertain too
    # -- passes after the DP (align.core.passes)
    gap_threshold: float = -0.3  # threshold inside a gap holding units of both sides (fill_gaps)
    absorb: bool = True          # join an unaligned unit to a neighbour bead where that raises the bead's
    #                              quality without the hub term (cosine, length, anchors) (align.core.passes.absorb)
    furniture_pair: float = 0.95  # furniture is paired with content only at this score or above (a byline the
    #                              other side did not mark as furniture); below it both stand alone (at 0.8
    #                              a footer menu took a short verse's place at 0.9: its cosine -0.08)
    # -- sentences inside paragraph beads (align.core.aligner)
    max_sentence_bead: int = 12  # n + m of the largest sentence bead inside a paragraph bead
    member_min: float = 0.7      # a paragraph joined to others in a bead needs a sentence pair scoring this
    # -- soft paragraph boundaries (align.core.soft)
    split_passes: int = 3        # rounds of cutting paragraphs at soft boundaries
    soft_margin: float = 0.03    # a piece's cosine with its paragraph must beat every crossed pairing by this
    soft_skip: float = 0.3       # value (a cosine) of leaving a paragraph of the other side without a piece
    soft_max_atoms: int = 48     # paragraphs with more cuts than this are not searched
    soft_max_group: int = 8      # at most this many paragraphs of the other side share one split paragraph
    move_gain: float = 0.15      # a piece moves to the neighbouring bead when the two beads' cosines gain this
    #                              (or any gain where its sentences match that bead's: align.core.soft)
    top_moves: int = 2           # cut places per paragraph whose moved texts are embedded

    def with_(self, **kw) -> AlignConfig:
        return replace(self, **kw)

    def for_sentences(self, max_bead: int | None = None) -> AlignConfig:
        """The config of sentence and line alignment derived from this one: beads up to ``max_bead`` (at
        least ``sentence_max_bead`` by default), the sentence priors (of no counterpart, of a bead) and the
        sentence length ratio."""
        return replace(self, max_bead=max_bead or max(self.max_bead, self.sentence_max_bead),
                       null_prior=self.sentence_null_prior,
                       bead_prior=self.sentence_bead_prior, ratio_from_totals=self.sentence_ratio_from_totals)
