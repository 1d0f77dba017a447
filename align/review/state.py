"""The review state: what the review page shows and saves, and what ``align apply`` rebuilds outputs from.

Units are the *sentences* of both documents (lines with ``--units lines``): a paragraph-level review
starts with one row per paragraph bead holding its paragraphs' sentences, so that a row can be split at
a sentence boundary and a sentence moved to the neighbouring row; a sentence-level review starts with one
row per sentence bead. Every row lists the unit indices of each side it holds; the rows keep the document
order on both sides and hold every unit exactly once (checked by :func:`check_rows`).

The JSON (``format: "align-review"``, ``version: 1``)::

    {"format": "align-review", "version": 1, "signature": "<sha256>", "level": "paragraph", "model": ...,
     "source": {"path": "en.txt", "lang": "en", "units": [{"text": ..., "lines": [1, 2], "par": 0,
                "furniture": false}, ...]},
     "target": {...},
     "first": [{"src": [0, 1], "tgt": [0], "score": 0.93}, ...],   # the tool's alignment
     "rows": [{"src": [0, 1], "tgt": [0], "score": 0.93, "wrong": false, "comment": ""}, ...],
     "findings": [{"kind": "untranslated", "side": "source", "units": [3], "lines": [7, 7],
                   "confidence": 0.9, "text": ..., "decision": null}, ...],
     "coverage": {...}}

``score`` is the tool's score while a row is as the tool made it and ``null`` once the reviewer changed
it (apply then writes 1.0: the reviewer's pair). ``wrong`` marks a pair whose sides do not translate each
other: apply writes its sides as two one-sided rows. ``decision`` is ``null`` (open), ``"dismissed"``
(a false alarm) or ``"confirmed"``. The ``signature`` hashes the units and the tool's alignment, so a
state cannot be applied to other texts by mistake.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Sequence

from ..data import Alignment, Bead, Document, Kind, Level, Segment
from ..errors import AlignError
from ..report import Report

FORMAT = "align-review"
VERSION = 1
DECISIONS = (None, "dismissed", "confirmed")
REVIEWED_SCORE = 1.0  # the score written for a row the reviewer made or changed


@dataclass(frozen=True)
class Row:
    src: tuple[int, ...]
    tgt: tuple[int, ...]
    score: float | None = None   # the tool's score; None once the reviewer changed the row
    wrong: bool = False
    comment: str = ""


@dataclass(frozen=True)
class FindingDecision:
    kind: str
    side: str
    units: tuple[int, ...]
    lines: tuple[int, int]
    confidence: float
    text: str
    decision: str | None = None


@dataclass(frozen=True)
class ReviewState:
    src: Document                      # sentence units (``parent``: the paragraph)
    tgt: Document
    level: str                         # the level the first rows are at: paragraph or sentence
    model: str
    first: tuple[Row, ...]             # the tool's alignment
    rows: tuple[Row, ...]              # the reviewer's
    findings: tuple[FindingDecision, ...]
    coverage: dict

    def corrected(self) -> Alignment:
        """The reviewed alignment: a wrong pair is its two sides alone, a changed row scores 1.0."""
        return self._alignment(self.rows)

    def first_alignment(self) -> Alignment:
        """The tool's alignment, over the same units."""
        return self._alignment(self.first)

    def _alignment(self, rows: Sequence[Row]) -> Alignment:
        lv: Level = "sentence" if self.level == "sentence" else "paragraph"  # what the exports call the rows
        return Alignment(replace(self.src, level=lv), replace(self.tgt, level=lv), tuple(_beads(rows)),
                         model=self.model)

    def decisions(self) -> dict[str, int]:
        """How many findings are open, dismissed and confirmed."""
        out = {"open": 0, "dismissed": 0, "confirmed": 0}
        for f in self.findings:
            out[f.decision or "open"] += 1
        return out

    def as_dict(self) -> dict:
        return {
            "format": FORMAT, "version": VERSION, "signature": signature(self.src, self.tgt, self.first),
            "level": self.level, "model": self.model,
            "source": _side_dict(self.src), "target": _side_dict(self.tgt),
            "first": [{"src": list(r.src), "tgt": list(r.tgt), "score": r.score} for r in self.first],
            "rows": [_row_dict(r) for r in self.rows],
            "findings": [{"kind": f.kind, "side": f.side, "units": list(f.units), "lines": list(f.lines),
                          "confidence": round(f.confidence, 4), "text": f.text, "decision": f.decision}
                         for f in self.findings],
            "coverage": self.coverage,
        }


def _beads(rows: Sequence[Row]):
    for r in rows:
        score = REVIEWED_SCORE if r.score is None else r.score
        if r.wrong and r.src and r.tgt:
            yield Bead(r.src, (), REVIEWED_SCORE)
            yield Bead((), r.tgt, REVIEWED_SCORE)
        else:
            yield Bead(r.src, r.tgt, score)


def _row_dict(r: Row) -> dict:
    return {"src": list(r.src), "tgt": list(r.tgt), "score": r.score, "wrong": r.wrong, "comment": r.comment}


def _side_dict(doc: Document) -> dict:
    return {"path": doc.path, "lang": doc.lang,
            "units": [{"text": s.text, "lines": list(s.lines), "par": s.parent, "furniture": s.kind == "furniture"}
                      for s in doc.segments]}


def signature(src: Document, tgt: Document, first: Sequence[Row]) -> str:
    """SHA-256 of both sides' units (text, lines) and the tool's rows."""
    payload = [[[s.text, list(s.lines)] for s in doc.segments] for doc in (src, tgt)]
    payload.append([[list(r.src), list(r.tgt)] for r in first])
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False).encode("utf-8")).hexdigest()


# ------------------------------------------------------------------------------------ from a report


def _units(par: Document, sent: Document) -> Document:
    """The sentence units of ``par``, numbered by position on their side (lines and parent paragraph kept)."""
    return Document(tuple(replace(s, index=k) for k, s in enumerate(sent.segments)), par.lang, "sentence", par.path)


def _members(units: Document) -> dict[int, tuple[int, ...]]:
    """The unit indices of each paragraph."""
    out: dict[int, list[int]] = {}
    for s in units.segments:
        out.setdefault(-1 if s.parent is None else s.parent, []).append(s.index)
    return {p: tuple(v) for p, v in out.items()}


def from_report(report: Report, level: str = "paragraph") -> ReviewState:
    """The state a review starts from: the report's sentences as units, one row per paragraph bead
    (``level="paragraph"``) or per sentence bead (``"sentence"``), every finding open."""
    src, tgt = _units(report.src, report.sentences.src), _units(report.tgt, report.sentences.tgt)
    if level == "sentence":
        first = tuple(Row(b.src, b.tgt, round(b.score, 4)) for b in report.sentences.beads)
    else:
        ms, mt = _members(src), _members(tgt)
        first = tuple(Row(tuple(i for p in b.src for i in ms.get(p, ())), tuple(j for p in b.tgt for j in mt.get(p, ())),
                          round(b.score, 4)) for b in report.paragraphs.beads)
    check_rows(first, len(src), len(tgt), "the alignment")
    findings = []
    for f in report.findings:
        if f.unit == "sentence":
            units: tuple[int, ...] = (f.index,)
        else:
            units = _members(src if f.side == "source" else tgt).get(f.index, ())
        findings.append(FindingDecision(f.kind, f.side, units, f.lines, f.confidence, f.text))
    return ReviewState(src, tgt, level, report.paragraphs.model, first, first, tuple(findings), report.coverage)


# ----------------------------------------------------------------------------------------- checks


def check_rows(rows: Sequence[Row], n_src: int, n_tgt: int, where: str) -> None:
    """Every unit of each side in exactly one row, in document order, and no empty row."""
    for k, r in enumerate(rows, 1):
        if not r.src and not r.tgt:
            raise AlignError(f"{where}: row {k} holds no unit")
    for side, n, pick in (("source", n_src, lambda r: r.src), ("target", n_tgt, lambda r: r.tgt)):
        expected = 0
        for k, r in enumerate(rows, 1):
            for i in pick(r):
                if i != expected:
                    what = "appears twice" if i < expected else f"comes where unit {expected} should"
                    raise AlignError(f"{where}: row {k}: {side} unit {i} {what} (the rows must hold every unit "
                                     "once, in document order)")
                expected += 1
        if expected != n:
            raise AlignError(f"{where}: {side} units {expected}-{n - 1} are in no row")


def _fail(where: str, what: str) -> AlignError:
    return AlignError(f"{where}: {what}")


def _get(obj, key: str, kind, where: str):
    if not isinstance(obj, dict) or key not in obj:
        raise _fail(where, f"no {key!r}")
    value = obj[key]
    if kind is int and isinstance(value, bool) or not isinstance(value, kind):
        raise _fail(where, f"{key!r} is not {_KIND_NAMES.get(kind, 'valid')}")
    return value


_KIND_NAMES = {str: "text", list: "a list", dict: "an object", int: "an integer", bool: "true or false"}


def _indices(value, where: str) -> tuple[int, ...]:
    if not isinstance(value, list) or not all(isinstance(i, int) and not isinstance(i, bool) for i in value):
        raise _fail(where, "unit indices are not a list of integers")
    return tuple(value)


def _score(value, where: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value) or not 0 <= value <= 1:
        raise _fail(where, f"score {value!r} is not a number in [0, 1] or null")
    return float(value)


def _lines(value, where: str) -> tuple[int, int]:
    if (not isinstance(value, list) or len(value) != 2 or not all(isinstance(x, int) and not isinstance(x, bool)
                                                                  for x in value)):
        raise _fail(where, "lines are not [first, last]")
    return value[0], value[1]


def _side(obj: dict, name: str, where: str) -> Document:
    side = _get(obj, name, dict, where)
    here = f"{where}: {name}"
    lang = _get(side, "lang", str, here)
    path = side.get("path")
    if path is not None and not isinstance(path, str):
        raise _fail(here, "'path' is not text")
    segs = []
    for i, u in enumerate(_get(side, "units", list, here)):
        uw = f"{here} unit {i}"
        par = u.get("par") if isinstance(u, dict) else None
        if par is not None and (isinstance(par, bool) or not isinstance(par, int)):
            raise _fail(uw, "'par' is not an integer")
        kind: Kind = "furniture" if isinstance(u, dict) and u.get("furniture") is True else "content"
        segs.append(Segment(i, _get(u, "text", str, uw), _lines(_get(u, "lines", list, uw), uw), kind, par))
    return Document(tuple(segs), lang, "sentence", path)


def _row(obj, k: int, where: str, reviewer: bool) -> Row:
    here = f"{where} {k + 1}"
    src, tgt = _indices(_get(obj, "src", list, here), here), _indices(_get(obj, "tgt", list, here), here)
    score = _score(obj.get("score"), here)
    if not reviewer:
        return Row(src, tgt, score)
    wrong = obj.get("wrong", False)
    comment = obj.get("comment", "")
    if not isinstance(wrong, bool):
        raise _fail(here, "'wrong' is not true or false")
    if not isinstance(comment, str):
        raise _fail(here, "'comment' is not text")
    return Row(src, tgt, score, wrong, comment)


def _finding(obj, k: int, where: str) -> FindingDecision:
    here = f"{where}: finding {k + 1}"
    decision = obj.get("decision") if isinstance(obj, dict) else None
    if decision not in DECISIONS:
        raise _fail(here, f"decision {decision!r} is not null, 'dismissed' or 'confirmed'")
    confidence = _score(obj.get("confidence") if isinstance(obj, dict) else None, here)
    return FindingDecision(_get(obj, "kind", str, here), _get(obj, "side", str, here),
                           _indices(_get(obj, "units", list, here), here), _lines(_get(obj, "lines", list, here), here),
                           confidence or 0.0, str(obj.get("text", "")), decision)


def parse_state(data, where: str) -> ReviewState:
    """A :class:`ReviewState` from the saved JSON value, every part checked (one-line errors)."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise _fail(where, "not a review state saved by an align review page (no \"format\": \"align-review\")")
    if data.get("version") != VERSION:
        raise _fail(where, f"state version {data.get('version')!r} is not supported (this align reads {VERSION})")
    src, tgt = _side(data, "source", where), _side(data, "target", where)
    first = tuple(_row(r, k, f"{where}: first row", False) for k, r in enumerate(_get(data, "first", list, where)))
    rows = tuple(_row(r, k, f"{where}: row", True) for k, r in enumerate(_get(data, "rows", list, where)))
    if _get(data, "signature", str, where) != signature(src, tgt, first):
        raise _fail(where, "the units do not match the state's signature (changed by hand, or not saved by a review "
                           "page)")
    check_rows(first, len(src), len(tgt), f"{where}: the first alignment")
    check_rows(rows, len(src), len(tgt), where)
    findings = tuple(_finding(f, k, where) for k, f in enumerate(data.get("findings") or []))
    level = data.get("level", "paragraph")
    coverage = data.get("coverage")
    coverage = coverage if isinstance(coverage, dict) else {}
    return ReviewState(src, tgt, level if level in ("paragraph", "sentence") else "paragraph",
                       str(data.get("model") or ""), first, rows, findings, coverage)


def is_state(data) -> bool:
    return isinstance(data, dict) and data.get("format") == FORMAT


def read_json(path: str | Path):
    """The JSON value in ``path``, or a one-line :class:`AlignError`."""
    p = Path(path)
    if not p.is_file():
        raise AlignError(f"{p}: no such file")
    try:
        text = p.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise AlignError(f"{p}: not a UTF-8 text file") from None
    except OSError as exc:
        raise AlignError(f"{p}: cannot read ({exc.strerror})") from None
    try:
        return json.loads(text)
    except ValueError as exc:
        raise AlignError(f"{p}: not valid JSON ({exc})") from None


def load_state(path: str | Path) -> ReviewState:
    """Read and check a saved review state."""
    return parse_state(read_json(path), str(path))
