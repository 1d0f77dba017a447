"""Soft paragraph boundaries: cut a paragraph where the other side's paragraphs show a break the input hid.

Hard-wrapped text whose paragraph breaks are not marked (PDF Arabic: a blank line after every line, or
single newlines with no blank line between paragraphs) is reflowed from line widths and final marks
alone, so a paragraph that ends on a full line, or without a final mark, runs into the next one.
:func:`align.prepare.reflow.reflow` keeps every inner line start of such a paragraph as a *cut*
(:attr:`align.data.Segment.cuts`), and :func:`with_sentence_cuts` adds its sentence starts (a break
can fall mid-line). :func:`align_soft` then

1. cuts the paragraphs after every line that ends a sentence (:func:`sentence_final_line_cuts`) and
   aligns;
2. looks at each bead that joins one such piece to several paragraphs of the other side (with the
   unaligned paragraphs right beside it, :func:`propose_splits`): cuts the piece into as many parts at
   the cuts that best match those paragraphs in order, and keeps the split only when every part is
   clearly closer to its own paragraph than to the others and vice versa (else the paragraph whose
   part is least its own gets none, and the search is made again); aligns again (a few rounds);
   in the same rounds, moves the tail of a bead's last paragraph to the next bead, or the head of a
   bead's first paragraph to the bead before, where that clearly improves both (a headline without a
   final mark run into the next paragraph, :func:`propose_moves`), or, where the other side's breaks
   are all marked, where each sentence moved and a sentence of the bead it moves to are each other's
   best match (a break mid-line that the extraction hid, :func:`_sentences_confirm`);
3. joins again the pieces of one paragraph that ended in one bead, so a paragraph is cut only where
   the alignment puts its pieces in different beads (:func:`_join_pieces`).

Cuts are kept in the coordinates of the original paragraphs throughout; :func:`resegment` builds the
documents for any set of cuts, with line spans and sentences.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace
from typing import Callable, Iterable, Mapping, NamedTuple

import numpy as np

from ..data import Alignment, Bead, Document, Segment
from ..prepare.segment import sentence_offsets
from .config import AlignConfig
from .vectors import Embed, normalise


def _line_at(par: Segment, offset: int) -> int:
    offs = [a for a, _ in par.cuts]
    k = bisect_right(offs, offset) - 1
    return par.cuts[k][1] if k >= 0 else par.lines[0]


def _piece(par: Segment, a: int, b: int) -> Segment:
    raw = par.text[a:b]
    text = raw.strip()
    a += len(raw) - len(raw.lstrip())
    b = a + len(text)
    cuts = tuple((o - a, line) for o, line in par.cuts if a < o < b)
    return Segment(0, text, (_line_at(par, a), _line_at(par, max(a, b - 1))), par.kind, cuts=cuts)


def _pieces(par: Segment, offsets) -> list[tuple[int, int]]:
    """``(start, end)`` of the non-blank pieces of ``par`` cut at ``offsets``."""
    bounds = [0, *sorted(set(offsets)), len(par.text)]
    return [(a, b) for a, b in zip(bounds, bounds[1:]) if par.text[a:b].strip()]


def resegment(doc: Document, splits: Mapping[int, Iterable[int]]) -> Document:
    """``doc`` with paragraph ``p`` cut at the character offsets ``splits[p]``; paragraphs and
    sentences renumbered, a sentence that straddles a cut cut there too."""
    if not splits:
        return doc
    by_par: dict[int, list[Segment]] = {}
    for s in doc.sentences:
        by_par.setdefault(-1 if s.parent is None else s.parent, []).append(s)
    pars: list[Segment] = []
    sents: list[Segment] = []
    for par in doc.segments:
        pieces = _pieces(par, splits.get(par.index, ()))
        own = by_par.get(par.index, [])
        if len(pieces) == 1:
            pars.append(replace(par, index=len(pars)))
            sents += [replace(s, index=len(sents), parent=len(pars) - 1) for s in own]
            continue
        starts = sentence_offsets(par, own)
        for k, (a, b) in enumerate(pieces):
            pars.append(replace(_piece(par, a, b), index=len(pars), follows=k > 0))
            for s, at in zip(own, starts):
                lo, hi = max(at, a), min(at + len(s.text), b)
                if lo >= hi or not par.text[lo:hi].strip():
                    continue
                if (lo, hi) == (at, at + len(s.text)):
                    sents.append(replace(s, index=len(sents), parent=len(pars) - 1))
                else:
                    cut = _piece(par, lo, hi)
                    sents.append(Segment(len(sents), cut.text, cut.lines, s.kind, len(pars) - 1))
    return replace(doc, segments=tuple(pars), sentences=tuple(sents))


def _atoms(par: Segment) -> list[tuple[int, int]]:
    """``(start, end)`` of the pieces of ``par`` between its soft boundaries."""
    return _pieces(par, [o for o, _ in par.cuts])


def _atom_texts(par: Segment) -> list[str]:
    return [par.text[a:b].strip() for a, b in _atoms(par)]


def _weight(n_chars):
    """Weight of a text of ``n_chars`` characters in a length-weighted mean of embeddings."""
    return np.sqrt(np.asarray(n_chars, dtype=np.float64) + 1.0)


def _best_cuts(par: Segment, units: np.ndarray, embed: Embed, config: AlignConfig) -> list[int] | None:
    """Offsets cutting ``par`` into pieces that match ``units`` in order best (a unit may get no piece:
    a paragraph left untranslated next to the hidden break), or None when fewer than two units get a
    piece or the pieces do not clearly belong to their own unit each. When they do not, the unit whose
    piece is least its own is left without a piece and the search is made again."""
    atoms = _atoms(par)
    if len(atoms) < 2 or len(atoms) > config.soft_max_atoms:
        return None
    E = embed(_atom_texts(par))
    allowed = np.ones(len(units), dtype=bool)
    while allowed.sum() >= 2:
        pieces = _search_pieces(atoms, E, units, allowed, config.soft_skip)
        if len(pieces) < 2:
            return None
        own = units[[i for i, _ in pieces]]
        starts = sorted(atoms[a][0] for _, a in pieces[1:])
        cuts = _refine(par.text, [a for a, _ in atoms], starts, own, embed)
        bounds = [0, *cuts, len(par.text)]
        C = own @ embed([par.text[a:b].strip() for a, b in zip(bounds, bounds[1:])]).T
        # each piece against its unit, less the best crossed pairing of either
        margins = [C[i, i] - np.concatenate([np.delete(C[i], i), np.delete(C[:, i], i)]).max()
                   for i in range(len(pieces))]
        worst = int(np.argmin(margins))
        if margins[worst] >= config.soft_margin:
            return cuts
        allowed[pieces[worst][0]] = False
    return None


def _search_pieces(atoms: list[tuple[int, int]], E: np.ndarray, units: np.ndarray,
                   allowed: np.ndarray, skip: float) -> list[tuple[int, int]]:
    """``(unit, first atom)`` of the pieces, in order, that match the ``allowed`` units best: a dynamic
    programme over the atoms (the length-weighted mean of a piece's atoms stands in for its embedding)."""
    k, r = len(units), len(atoms)
    w = _weight([b - a for a, b in atoms])[:, None] * E
    csum = np.concatenate([np.zeros((1, E.shape[1])), np.cumsum(w, axis=0)])
    best = np.full((k + 1, r + 1), -np.inf)
    back = np.zeros((k + 1, r + 1), dtype=np.int64)  # start atom of unit i's piece; -1: no piece
    best[0, 0] = 0.0
    for b in range(0, r + 1):
        starts = np.arange(b)
        sims = units @ normalise(csum[b] - csum[starts]).T if b else np.zeros((k, 0))  # (k, b)
        for i in range(1, k + 1):
            best[i, b], back[i, b] = best[i - 1, b] + skip, -1  # unit i has no piece (untranslated)
            if b and allowed[i - 1]:
                cand = best[i - 1, starts] + sims[i - 1]
                a = int(np.argmax(cand))
                if cand[a] > best[i, b]:
                    best[i, b], back[i, b] = cand[a], a
    pieces, b = [], r
    for i in range(k, 0, -1):
        a = int(back[i, b])
        if a >= 0:
            pieces.append((i - 1, a))
            b = a
    return pieces[::-1]


def _refine(text: str, starts: list[int], cuts: list[int], units: np.ndarray, embed: Embed) -> list[int]:
    """Move each cut, one at a time, to the atom start between its neighbours that gives the two
    pieces beside it the best cosines with their units, on real embeddings of the pieces."""
    cuts = list(cuts)
    for _ in range(2):
        moved = False
        for c in range(len(cuts)):
            lo = cuts[c - 1] if c else 0
            hi = cuts[c + 1] if c + 1 < len(cuts) else len(text)
            options = [o for o in starts if lo < o < hi]
            if len(options) < 2:
                continue
            both = embed([text[lo:o].strip() for o in options] + [text[o:hi].strip() for o in options])
            left, right = both[:len(options)], both[len(options):]
            value = left @ units[c] + right @ units[c + 1]
            best = options[int(np.argmax(value))]
            moved |= best != cuts[c]
            cuts[c] = best
        if not moved:
            break
    return cuts


def propose_splits(al: Alignment, embed: Embed, config: AlignConfig) -> tuple[dict[int, list[int]], dict[int, list[int]]]:
    """Cuts to make in source and target paragraphs: for each bead joining one paragraph with cuts to
    several paragraphs of the other side (plus the unaligned paragraphs of that side beside it)."""
    beads = list(al.beads)
    tasks = []  # (side, paragraph with cuts, candidate groups of the other side's paragraphs)
    for n, bead in enumerate(beads):
        for side in (0, 1):
            one, many = (bead.src, bead.tgt) if side == 0 else (bead.tgt, bead.src)
            doc_one, doc_many = (al.src, al.tgt) if side == 0 else (al.tgt, al.src)
            many = tuple(i for i in many if doc_many[i].kind == "content")
            if len(one) != 1 or not many or not doc_one[one[0]].cuts:
                continue

            def beside(order) -> list[int]:
                """Unaligned content paragraphs of the other side next to the bead, nearest first."""
                found = []
                for m in order:
                    mine, other = (beads[m].src, beads[m].tgt) if side == 0 else (beads[m].tgt, beads[m].src)
                    if mine or not other or any(doc_many[i].kind != "content" for i in other):
                        break
                    found += list(reversed(other)) if order.step < 0 else list(other)
                return found

            before = beside(range(n - 1, -1, -1))[::-1]
            after = beside(range(n + 1, len(beads)))
            groups = sorted({tuple(before[len(before) - a:] + list(many) + after[:b])
                             for a in range(len(before) + 1) for b in range(len(after) + 1)},
                            key=lambda g: (-len(g), g))
            groups = [g for g in groups if 2 <= len(g) <= config.soft_max_group]
            if groups and len(doc_one[one[0]].cuts) < config.soft_max_atoms:
                tasks.append((side, doc_one[one[0]], doc_many, groups))
    # the model is called once for the pieces of all candidate paragraphs (the embedder caches them)
    embed([t for _, par, _, _ in tasks for t in _atom_texts(par)])
    out: tuple[dict[int, list[int]], dict[int, list[int]]] = ({}, {})
    for side, par, doc_many, groups in tasks:
        idx = sorted({i for g in groups for i in g})
        vec = dict(zip(idx, normalise(embed([doc_many[i].text for i in idx]))))
        for group in groups:
            cuts = _best_cuts(par, np.stack([vec[i] for i in group]), embed, config)
            if cuts:
                out[side][par.index] = cuts
                break
    return out




class _Move(NamedTuple):
    """A paragraph at the meeting of two beads whose head (or tail) may move to the other bead."""
    side: int  # 0: a source paragraph, 1: a target paragraph
    par: Segment
    atoms: list[tuple[int, int]]
    before: list[str]  # texts of the paragraphs of its side before it in the two beads' first bead
    after: list[str]  # ... and after it in the second bead
    forward: bool  # the paragraph is the first bead's last (its tail may move on), else the second's first
    over_a: str  # the other side of the first bead, and of the second
    over_b: str
    beads: tuple[tuple[tuple[int, ...], tuple[int, ...]], ...]  # the two beads: (this side, other side) each

    def now(self) -> tuple[str, str]:
        """The two beads' texts on this side as they are."""
        text = [self.par.text]
        return " ".join(self.before + text * self.forward), " ".join(text * (not self.forward) + self.after)

    def moved(self, k: int) -> tuple[str, str]:
        """The two beads' texts on this side with the paragraph cut before atom ``k``."""
        at = self.atoms[k][0]
        return (" ".join(self.before + [self.par.text[:at].strip()]),
                " ".join([self.par.text[at:].strip()] + self.after))


def propose_moves(al: Alignment, embed: Embed, config: AlignConfig,
                  marked: tuple[bool, bool] = (False, False)) -> tuple[dict[int, list[int]], dict[int, list[int]]]:
    """Cuts that move the tail of a bead's last paragraph to the next bead, or the head of a bead's
    first paragraph to the bead before: a paragraph that ends without a final mark on a full line (a
    headline) runs into the next one, which the other side then translates in two beads. A bead of
    several paragraphs on both sides is also tried as two beads, parted in every way. A cut is
    proposed where the two beads' cosines, summed, rise by ``config.move_gain`` or more."""
    beads = [b for b in al.beads if b.src and b.tgt]
    pairs = [((a.src, a.tgt), (b.src, b.tgt)) for a, b in zip(beads, beads[1:])]
    # a bead of several paragraphs on both sides may be two beads where the cut is moved: try each
    # way of parting it in two
    pairs += [((b.src[:i], b.tgt[:j]), (b.src[i:], b.tgt[j:]))
              for b in beads for i in range(1, len(b.src)) for j in range(1, len(b.tgt))]
    docs = (al.src, al.tgt)
    tasks: list[_Move] = []
    for a, b in pairs:
        for side in (0, 1):
            doc, xa, xb = docs[side], a[side], b[side]
            if xb[0] != xa[-1] + 1:
                continue  # something unaligned between the two beads
            over_a = " ".join(docs[1 - side][i].text for i in a[1 - side])
            over_b = " ".join(docs[1 - side][i].text for i in b[1 - side])
            for forward, par in ((True, doc[xa[-1]]), (False, doc[xb[0]])):
                atoms = _atoms(par)
                if par.kind != "content" or not 2 <= len(atoms) <= config.soft_max_atoms:
                    continue
                before = [doc[i].text for i in (xa[:-1] if forward else xa)]
                after = [doc[i].text for i in (xb if forward else xb[1:])]
                tasks.append(_Move(side, par, atoms, before, after, forward, over_a, over_b,
                                   ((xa, a[1 - side]), (xb, b[1 - side]))))
    out: tuple[dict[int, list[int]], dict[int, list[int]]] = ({}, {})
    if not tasks:
        return out
    # first, on embeddings of the atoms: the length-weighted mean of the atoms (and of the rest of the
    # bead) stands in for each moved text; only the best candidates are embedded for real
    first = [t for m in tasks for t in (m.over_a, m.over_b, *m.now(), *_atom_texts(m.par),
                                          " ".join(m.before), " ".join(m.after)) if t]
    first = list(dict.fromkeys(first))
    vec = dict(zip(first, normalise(embed(first))))
    vec[""] = np.zeros(len(vec[first[0]]))
    candidates = []
    for m in tasks:
        texts = _atom_texts(m.par)
        w = _weight([len(t) for t in texts])[:, None] * np.stack([vec[t] for t in texts])
        ra, rb = " ".join(m.before), " ".join(m.after)
        heads = normalise(np.cumsum(w, axis=0)[:-1] + _weight(len(ra)) * bool(ra) * vec[ra])
        tails = normalise(np.cumsum(w[::-1], axis=0)[::-1][1:] + _weight(len(rb)) * bool(rb) * vec[rb])
        rough = heads @ vec[m.over_a] + tails @ vec[m.over_b]
        candidates.append(np.argsort(-rough)[:config.top_moves] + 1)  # atom k starts the moved part
    texts = [t for m, ks in zip(tasks, candidates) for k in ks for t in m.moved(k)]
    vec.update(zip(texts, normalise(embed(texts))))
    best: dict[tuple[int, int], float] = {}
    pending = []  # short of the gain: (task, its candidate cuts, their gains), for the sentences to decide
    for m, ks in zip(tasks, candidates):
        oa, ob = vec[m.over_a], vec[m.over_b]
        ta, tb = m.now()
        gains = [vec[ha] @ oa + vec[hb] @ ob - (vec[ta] @ oa + vec[tb] @ ob) for ha, hb in map(m.moved, ks)]
        k = int(np.argmax(gains))
        if gains[k] >= config.move_gain:
            _keep(out, best, m, m.atoms[ks[k]][0], gains[k])
        elif gains[k] > 0 and marked[1 - m.side]:
            pending.append((m, ks, gains))
    if pending:
        # where the other side's paragraph breaks are all marked (the break between the two beads is sure
        # there), the sentences may show a move short of the gain: each sentence moved is the mutual best
        # match of a sentence of the bead it moves to (:func:`_sentences_confirm`)
        by_par: tuple[dict, dict] = ({}, {})
        for side, doc in enumerate((al.src, al.tgt)):
            for x in doc.sentences:
                by_par[side].setdefault(x.parent, []).append(x)
        needed = sorted({x.text for m, _, _ in pending for side, bead in ((m.side, 0), (1 - m.side, 1))
                         for pair in m.beads for i in pair[bead] for x in by_par[side].get(i, [])})
        svec = dict(zip(needed, normalise(embed(needed))))
        for m, ks, gains in pending:
            mine, other = by_par[m.side], by_par[1 - m.side]
            for i in np.argsort(gains)[::-1]:
                if gains[i] > 0 and _sentences_confirm(m, m.atoms[ks[i]][0], mine, other, svec):
                    _keep(out, best, m, m.atoms[ks[i]][0], gains[i])
                    break
    return out


def _keep(out: tuple[dict[int, list[int]], dict[int, list[int]]], best: dict[tuple[int, int], float],
          m: _Move, cut: int, gain: float) -> None:
    """Keep the cut of ``m.par`` at ``cut`` unless a cut of that paragraph with a larger gain is kept."""
    if gain > best.get((m.side, m.par.index), -np.inf):
        out[m.side][m.par.index] = [cut]
        best[(m.side, m.par.index)] = gain


def _sentences_confirm(m: _Move, cut: int, mine: Mapping[int | None, list[Segment]],
                       other: Mapping[int | None, list[Segment]], vec: Mapping[str, np.ndarray]) -> bool:
    """Whether the sentences of the two beads show the move of ``m.par``'s text beyond ``cut`` (its tail,
    or its head before it) to the other bead: ``cut`` is a sentence start, each sentence moved and the
    sentence of the other bead it matches best (cosines among the two beads' sentences) are each other's
    best match, in order, the last (first) of them at the meeting of the two beads, and the sentence beside
    the cut that stays has its best match in its own bead. ``mine`` and ``other`` are the sentences of each
    paragraph of this side and of the other, ``vec`` their embeddings. Cosines are only compared, so the
    test holds on any model's scale."""
    sents = mine.get(m.par.index, [])
    starts = sentence_offsets(m.par, sents)
    if cut not in starts[1:]:
        return False
    k = starts.index(cut)
    moved, kept = (sents[k:], sents[k - 1]) if m.forward else (sents[:k], sents[k])
    (mine_a, over_a), (mine_b, over_b) = m.beads
    own = [x for i in (*mine_a, *mine_b) for x in mine.get(i, [])]
    overs = [[x for i in idx for x in other.get(i, [])] for idx in (over_a, over_b)]
    to = 1 if m.forward else 0  # the bead the moved sentences go to
    if not all(overs) or len(moved) > len(overs[to]):
        return False
    C = np.stack([vec[x.text] for x in own]) @ np.stack([vec[x.text] for x in overs[0] + overs[1]]).T
    split = len(overs[0])
    where = {id(x): i for i, x in enumerate(own)}
    matches = []
    for x in moved:
        i = where[id(x)]
        j = int(np.argmax(C[i]))
        if (j >= split) != bool(to) or int(np.argmax(C[:, j])) != i:
            return False
        matches.append(j)
    # in order, and at the meeting of the two beads: a head moved back ends on the first bead's last
    # sentence, a tail moved on starts on the second bead's first
    if matches != sorted(set(matches)) or (matches[0] != split if m.forward else matches[-1] != split - 1):
        return False
    return (int(np.argmax(C[where[id(kept)]])) >= split) != bool(to)


# ----------------------------------------------------------------------------------------------
# the soft-boundary alignment: cuts kept in the coordinates of the original paragraphs

Cuts = dict[int, set[int]]  # original paragraph -> character offsets in its text
_FINAL_END = re.compile(r"[.!?؟…:][\"'”’»›)\]}]*\s*$")


def sentence_final_line_cuts(doc: Document) -> Cuts:
    """The line starts of soft paragraphs that follow a line ending a sentence: in hard-wrapped
    text a paragraph break hides there whenever the line was full, so the paragraph is cut there
    first (:func:`align_soft` joins the pieces again when they align together)."""
    out: Cuts = {}
    for par in doc.segments:
        first: dict[int, int] = {}
        for o, line in par.cuts:  # the first cut of each line is its start (sentence starts follow)
            if line != par.lines[0]:
                first.setdefault(line, o)
        offs = {o for o in first.values() if _FINAL_END.search(par.text[:o])}
        if offs:
            out[par.index] = offs
    return out


def _origins(doc: Document, cuts: Cuts) -> list[tuple[int, int]]:
    """``(original paragraph, start offset in its text)`` of each paragraph of ``resegment(doc, cuts)``."""
    return [(par.index, a) for par in doc.segments for a, _ in _pieces(par, cuts.get(par.index, ()))]


def _add_local(doc: Document, cuts: Cuts, local: dict[int, list[int]]) -> Cuts:
    """``cuts`` plus ``local`` cuts given in the coordinates of the pieces of ``resegment(doc, cuts)``."""
    out = {p: set(v) for p, v in cuts.items()}
    origins = _origins(doc, cuts)
    for q, offs in local.items():
        p, a = origins[q]
        a += len(doc[p].text[a:]) - len(doc[p].text[a:].lstrip())  # a piece's text is stripped
        out.setdefault(p, set()).update(a + o for o in offs)
    return out


def align_soft(src: Document, tgt: Document, align: Callable[[Document, Document], Alignment],
               embed: Embed, config: AlignConfig) -> Alignment:
    """Align paragraphs whose breaks may hide at soft boundaries.

    Soft paragraphs are cut after every line that ends a sentence (:func:`sentence_final_line_cuts`)
    and aligned; then, up to ``config.split_passes`` times, the paragraphs that the other side's paragraphs show to
    hold a hidden break are cut (:func:`propose_splits`), and those whose head or tail belongs to the
    neighbouring bead (:func:`propose_moves`), and the documents aligned again. Last, the
    pieces of one paragraph that ended in one bead are joined again: a paragraph is cut only where the
    alignment puts its pieces in different beads."""
    cs, ct = sentence_final_line_cuts(src), sentence_final_line_cuts(tgt)
    al = align(resegment(src, cs), resegment(tgt, ct))
    marked = (not any(p.cuts for p in src.segments), not any(p.cuts for p in tgt.segments))
    for _ in range(config.split_passes):
        new_s, new_t = propose_splits(al, embed, config)
        moves = propose_moves(al, embed, config, marked)
        for new, extra in ((new_s, moves[0]), (new_t, moves[1])):
            for p, offs in extra.items():
                new.setdefault(p, offs)
        if not new_s and not new_t:
            break
        cs, ct = _add_local(src, cs, new_s), _add_local(tgt, ct, new_t)
        again = align(resegment(src, cs), resegment(tgt, ct))
        for key in ("embed_s", "align_s"):
            again.timings[key] += al.timings.get(key, 0.0)
        al = again
    return _join_pieces(al, src, tgt, cs, ct)


def _join_pieces(al: Alignment, src: Document, tgt: Document, cs: Cuts, ct: Cuts) -> Alignment:
    """``al`` over the original documents cut only between pieces that are in different beads."""
    sides = []
    for doc, cuts, index in ((src, cs, lambda b: b.src), (tgt, ct, lambda b: b.tgt)):
        origins = _origins(doc, cuts)
        bead_of = {j: k for k, b in enumerate(al.beads) for j in index(b)}
        final: Cuts = {}
        for j in range(1, len(origins)):
            (p, a), (q, _) = origins[j], origins[j - 1]
            if p == q and bead_of[j] != bead_of[j - 1]:
                final.setdefault(p, set()).add(a)
        new_doc = resegment(doc, final)
        new_of = _origins(doc, final)
        # piece j of the working document lies in the last final piece of its paragraph starting at or before it
        mapping, k = [], 0
        for p, a in origins:
            while k + 1 < len(new_of) and new_of[k + 1][0] == p and new_of[k + 1][1] <= a:
                k += 1
            while new_of[k][0] < p:
                k += 1
            mapping.append(k)
        sides.append((new_doc, mapping))
    (sd, sm), (td, tm) = sides
    beads = tuple(Bead(tuple(sorted({sm[i] for i in b.src})), tuple(sorted({tm[j] for j in b.tgt})), b.score)
                  for b in al.beads)
    return Alignment(sd, td, beads, al.model, al.timings)
