"""Scoring an alignment against a gold bead list (the definitions of Vecalign's ``score.py``).

* **strict**: a predicted bead is a true positive when the identical bead (same source and target
  indices) is in the gold; precision over predicted beads, recall over gold beads (recall is the
  precision of the gold against the prediction). Null beads (1-0, 0-1) count as beads.
* **lax**: a predicted bead with both sides also counts when some source unit of it is linked in the
  gold to some target unit of it; a null bead counts only when it is an exact match.
* **unaligned P/R**: over the units that are left without a counterpart, each side apart
  (``("src", i)`` for a ``[[i], []]`` bead, ``("tgt", j)`` for ``[[], [j]]``).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Iterable, Sequence

from .errors import AlignError

Beads = Sequence[tuple[Sequence[int], Sequence[int]]]


@dataclass(frozen=True)
class Scores:
    strict_p: float
    strict_r: float
    strict_f1: float
    lax_p: float
    lax_r: float
    lax_f1: float
    unaligned_p: float
    unaligned_r: float
    unaligned_f1: float
    n_gold_unaligned: int
    n_pred_unaligned: int

    def as_dict(self) -> dict:
        return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in asdict(self).items()}


def _norm(beads: Beads) -> set[tuple[tuple[int, ...], tuple[int, ...]]]:
    return {(tuple(s), tuple(t)) for s, t in beads if len(s) or len(t)}


def _counts(gold: Beads, test: Beads) -> tuple[int, int, int, int]:
    gold_set, test_set = _norm(gold), _norm(test)
    links = defaultdict(set)
    for gs, gt in gold_set:
        for s in gs:
            links[s].update(gt)
    tp_s = fp_s = tp_l = fp_l = 0
    for ts, tt in test_set:
        if (ts, tt) in gold_set:
            tp_s += 1
            tp_l += 1
            continue
        fp_s += 1
        linked = set().union(*(links[s] for s in ts)) if ts else set()
        if linked & set(tt):
            tp_l += 1
        else:
            fp_l += 1
    return tp_s, fp_s, tp_l, fp_l


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _unaligned(beads: Beads) -> set[tuple[str, int]]:
    out: set[tuple[str, int]] = set()
    for s, t in beads:
        if s and not t:
            out.update(("src", i) for i in s)
        elif t and not s:
            out.update(("tgt", j) for j in t)
    return out


def score(gold_docs: Iterable[Beads], test_docs: Iterable[Beads]) -> Scores:
    """Micro-averaged scores over one or more documents (gold and test in the same order)."""
    p = [0, 0, 0, 0]
    r = [0, 0, 0, 0]
    ug = up = uc = 0
    for gold, test in zip(gold_docs, test_docs, strict=True):
        p = [a + b for a, b in zip(p, _counts(gold, test))]
        r = [a + b for a, b in zip(r, _counts(test, gold))]
        g, t = _unaligned(gold), _unaligned(test)
        ug, up, uc = ug + len(g), up + len(t), uc + len(g & t)
    sp, sr = _ratio(p[0], p[0] + p[1]), _ratio(r[0], r[0] + r[1])
    lp, lr = _ratio(p[2], p[2] + p[3]), _ratio(r[2], r[2] + r[3])
    # no unaligned units on either side is a perfect detection, not a 0
    upr = _ratio(uc, up) if up else (1.0 if not ug else 0.0)
    urc = _ratio(uc, ug) if ug else (1.0 if not up else 0.0)
    return Scores(sp, sr, _f1(sp, sr), lp, lr, _f1(lp, lr), upr, urc, _f1(upr, urc), ug, up)


def load_beads(path: str | Path) -> list[tuple[list[int], list[int]]]:
    """Beads from a gold JSON list ``[[[src], [tgt]], ...]``, a prediction JSONL (``src``/``tgt`` keys)
    or Vecalign's text format (``[0, 1]:[2]`` one bead a line)."""
    p = Path(path)
    if not p.is_file():
        raise AlignError(f"{p}: no such file")
    text = p.read_text(encoding="utf-8-sig").strip()
    if not text:
        raise AlignError(f"{p}: file is empty")
    try:
        if text.startswith("[["):
            data = json.loads(text)
            return [(list(s), list(t)) for s, t in data]
        if text.startswith("{"):
            rows = [json.loads(line) for line in text.splitlines() if line.strip()]
            return [(list(r["src"]), list(r["tgt"])) for r in rows]
        beads = []
        for line in text.splitlines():
            if line.strip():
                a, b = line.split(":")
                beads.append((json.loads(a), json.loads(b)))
        return beads
    except (ValueError, KeyError, TypeError) as exc:
        raise AlignError(f"{p}: not a bead list (JSON gold, JSONL prediction or 'src:tgt' lines): {exc}") from None
