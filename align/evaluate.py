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


_SHAPE = "[[source indices], [target indices]]"


def _bead(item, where: str) -> tuple[list[int], list[int]]:
    """One bead, checked: two lists of non-negative integers."""
    if not isinstance(item, (list, tuple)) or len(item) != 2:
        raise AlignError(f"{where} is not a bead {_SHAPE}: {_short(item)}")
    out = []
    for side in item:
        if not isinstance(side, (list, tuple)) or not all(
                isinstance(i, int) and not isinstance(i, bool) and i >= 0 for i in side):
            raise AlignError(f"{where} is not a bead {_SHAPE} of non-negative integers: {_short(item)}")
        out.append(list(side))
    return out[0], out[1]


def _short(v) -> str:
    text = json.dumps(v, ensure_ascii=False) if not isinstance(v, str) else repr(v)
    return text if len(text) <= 60 else text[:57] + "..."


def load_beads(path: str | Path, level: str | None = None, doc: str | None = None) -> list[tuple[list[int], list[int]]]:
    """Beads from a gold JSON list ``[[[src], [tgt]], ...]``, a prediction JSONL (``src``/``tgt`` keys),
    a saved review state (its corrected rows) or Vecalign's text format (``[0, 1]:[2]`` one bead a line).  Every bead is checked (two lists of
    non-negative integers); a JSONL file holding several levels (``--level both``) or several documents
    (a corpus file) needs ``level`` / ``doc`` to say which rows to read."""
    p = Path(path)
    if not p.is_file():
        raise AlignError(f"{p}: no such file")
    try:
        text = p.read_text(encoding="utf-8-sig").strip()
    except UnicodeDecodeError:
        raise AlignError(f"{p}: not a UTF-8 text file") from None
    except OSError as exc:
        raise AlignError(f"{p}: cannot read ({exc.strerror})") from None
    if not text:
        raise AlignError(f"{p}: file is empty")
    state = _review_state(p, text)
    if state is not None:
        return _plain(state.corrected())
    if text.startswith("{"):
        return _jsonl_beads(p, text, level, doc)
    if level is not None or doc is not None:
        raise AlignError(f"{p}: a bead list has no levels or documents to choose from (--level / --doc are for "
                         "JSONL from align pair or align corpus)")
    if text.startswith("[[") or (text.startswith("[") and ":" not in text.splitlines()[0]):
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise AlignError(f"{p}: not valid JSON ({exc})") from None
        if not isinstance(data, list):
            raise AlignError(f"{p}: not a bead list {_SHAPE}, ...")
        return [_bead(b, f"{p}: bead {k + 1}") for k, b in enumerate(data)]
    beads = []
    for n, line in enumerate(text.splitlines(), 1):
        if line.strip():
            a, colon, b = line.partition(":")
            try:
                item = [json.loads(a), json.loads(b)] if colon else None
            except ValueError:
                item = None
            if item is None:
                raise AlignError(f"{p}: line {n} is not a bead (JSON gold, JSONL prediction or Vecalign "
                                 f"'[src]:[tgt]' lines): {_short(line.strip())}")
            beads.append(_bead(item, f"{p}: line {n}"))
    return beads


def _review_state(p: Path, text: str):
    """The review state in ``text`` (a saved review page state), else None."""
    from .review import is_state, parse_state

    if not text.startswith("{"):
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None  # JSONL: one object a line
    return parse_state(data, str(p)) if is_state(data) else None


def _plain(al) -> list[tuple[list[int], list[int]]]:
    return [(list(b.src), list(b.tgt)) for b in al.beads]


def review_beads(path: str | Path) -> tuple[list[tuple[list[int], list[int]]], list[tuple[list[int], list[int]]]]:
    """The tool's first alignment and the reviewer's corrected one, from a saved review state."""
    from .review import load_state

    state = load_state(path)
    return _plain(state.first_alignment()), _plain(state.corrected())


def _jsonl_beads(p: Path, text: str, level: str | None, doc: str | None) -> list[tuple[list[int], list[int]]]:
    rows: list[tuple[int, dict]] = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError as exc:
            raise AlignError(f"{p}: line {n} is not JSON ({exc})") from None
        if not isinstance(row, dict) or "src" not in row or "tgt" not in row:
            raise AlignError(f"{p}: line {n} is not a bead row with 'src' and 'tgt' keys: {_short(line.strip())}")
        rows.append((n, row))
    docs = list(dict.fromkeys(str(r["doc"]) for _, r in rows if "doc" in r))
    if doc is not None:
        if doc not in docs:
            raise AlignError(f"{p}: no rows of document {doc!r}" + (f" (it has {_few(docs)})" if docs else ""))
        rows = [(n, r) for n, r in rows if str(r.get("doc")) == doc]
    elif len(docs) > 1:
        raise AlignError(f"{p}: holds the rows of {len(docs)} documents ({_few(docs)}); eval scores one document "
                         "pair: choose one with --doc")
    levels = list(dict.fromkeys(str(r["level"]) for _, r in rows if "level" in r))
    if level is not None:
        if level not in levels and not (level == "paragraph" and not levels):
            raise AlignError(f"{p}: no {level} rows" + (f" (it has {_few(levels)})" if levels else ""))
        rows = [(n, r) for n, r in rows if r.get("level", "paragraph") == level]
    elif len(levels) > 1:
        raise AlignError(f"{p}: holds {' and '.join(levels)} rows (--level both); choose one with --level")
    return [_bead([r["src"], r["tgt"]], f"{p}: line {n}") for n, r in rows]


def _few(names: Sequence[str], k: int = 3) -> str:
    return ", ".join(names[:k]) + (f" and {len(names) - k} more" if len(names) > k else "")


def _units(beads: Beads, side: int) -> dict[int, int]:
    """unit index -> bead number (1-based) on one side; a unit in two beads is an error for the caller."""
    seen: dict[int, int] = {}
    for k, b in enumerate(beads, 1):
        for i in b[side]:
            if i in seen:
                raise ValueError(f"{('source', 'target')[side]} unit {i} is in beads {seen[i]} and {k}")
            seen[i] = k
    return seen


def check_pair(gold: Beads, pred: Beads, gold_name: str = "gold", pred_name: str = "prediction") -> None:
    """Refuse to score two bead lists that cannot be of the same two documents at the same level: a unit
    in two beads, or different units on a side (out of range, another document's gold, sentence gold
    against a paragraph alignment)."""
    for side, label in ((0, "source"), (1, "target")):
        units = []
        for beads, name in ((gold, gold_name), (pred, pred_name)):
            try:
                units.append(set(_units(beads, side)))
            except ValueError as exc:
                raise AlignError(f"{name}: {exc}") from None
        g, t = units
        if g == t:
            continue
        n_g, n_t = len(g), len(t)
        outside = sorted(g - t)
        if outside and t and outside[-1] > max(t):
            raise AlignError(
                f"{gold_name}: refers to {label} unit {outside[-1]}, but {pred_name} has {label} units "
                f"{_range(t)}: another document's gold, or gold of another level (sentences against "
                "paragraphs)?")
        raise AlignError(
            f"{gold_name} has {n_g} {label} units ({_range(g)}), {pred_name} {n_t} ({_range(t)}): not the same "
            "documents or not the same level")


def _range(units: set[int]) -> str:
    if not units:
        return "none"
    lo, hi = min(units), max(units)
    gaps = hi - lo + 1 - len(units)
    return f"{lo}-{hi}" + (f" with {gaps} missing" if gaps else "")
