"""Export stage: writers per format, corpus filters, and atomic file output (no partial file on error).

Formats (the registry :data:`WRITERS` lists them in one place):

``jsonl``
    one JSON object per bead, the schema of :meth:`Alignment.rows` (unchanged by this module).
``tsv``
    ``src_text<TAB>tgt_text<TAB>score`` per bead, whitespace collapsed.
``tmx``
    a TMX 1.4b translation memory, one ``<tu>`` per bead with both sides.
``moses``
    two line-aligned plain-text files ``PREFIX.<srclang>`` and ``PREFIX.<tgtlang>``, one line per bead
    with both sides.

TMX and Moses hold translation pairs only, so they always leave out one-sided (1-0 / 0-1) beads; JSONL
and TSV keep them unless :attr:`CorpusFilter.drop_unaligned` is set.  Every output is written to
temporary files beside the target and renamed only when all of it is complete.
"""

from __future__ import annotations

import json
import math
import os
import re
import sys
import tempfile
import xml.etree.ElementTree as ET
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence, TextIO

from .errors import AlignError
from .model import Alignment

PathLike = str | Path | None
#: One filtered row with the alignment it comes from.
Item = tuple[Alignment, dict]


# --------------------------------------------------------------------------- filters


@dataclass(frozen=True)
class CorpusFilter:
    """Which beads go into an exported corpus (the default keeps every bead).

    ``min_score``
        drop two-sided beads whose score (as written, rounded to 4 places) is below this.  It does
        *not* apply to one-sided beads: their score is the confidence that the unit really has no
        counterpart, not a translation-quality score; use ``drop_unaligned`` to remove them.
    ``drop_unaligned``
        drop 1-0 / 0-1 beads (TMX and Moses always drop them).
    ``dedupe``
        drop a bead whose (whitespace-normalised source text, target text) pair was already written
        earlier in the same output, across documents in :func:`write_many`.
    """

    min_score: float = 0.0
    drop_unaligned: bool = False
    dedupe: bool = False

    def __post_init__(self) -> None:
        ms = self.min_score
        if isinstance(ms, bool) or not isinstance(ms, (int, float)) or math.isnan(ms) or not 0.0 <= ms <= 1.0:
            raise AlignError(f"min_score must be a number between 0 and 1, got {ms!r}")

    def keep(self, row: dict, pairs_only: bool = False, seen: set[tuple[str, str]] | None = None) -> bool:
        """Whether a row (:meth:`Alignment.rows` schema) goes in; ``seen`` collects the text pairs
        written so far when de-duplicating (the row is added to it when kept)."""
        two_sided = bool(row["src"]) and bool(row["tgt"])
        if not two_sided and (pairs_only or self.drop_unaligned):
            return False
        if two_sided and row["score"] < self.min_score:
            return False
        if seen is not None:
            key = (_clean(row["src_text"]), _clean(row["tgt_text"]))
            if key in seen:
                return False
            seen.add(key)
        return True


_NO_FILTER = CorpusFilter()


def _clean(text: str) -> str:
    """Collapse every run of whitespace (tabs, newlines, U+2028 ...) to one space."""
    return " ".join(text.split())


def _rows(al: Alignment, flt: CorpusFilter, seen: set[tuple[str, str]] | None,
          pairs_only: bool = False) -> Iterator[dict]:
    for bead, row in zip(al.beads, al.rows(), strict=True):  # rows() is one dict per bead, in order
        if flt.keep(row, pairs_only, seen):
            row["bead"] = bead.kind
            yield row


def filter_rows(al: Alignment, flt: CorpusFilter | None = None) -> list[dict]:
    """The rows of ``al`` (as :meth:`Alignment.rows` gives them, plus ``"bead"``: ``"1-2"``) that pass
    ``flt``, in document order."""
    flt = flt or _NO_FILTER
    return list(_rows(al, flt, set() if flt.dedupe else None))


def _corpus_rows(alignments: Sequence[Alignment], flt: CorpusFilter, pairs_only: bool) -> Iterator[Item]:
    """Filtered rows of several alignments in turn; ``dedupe`` works across all of them."""
    seen: set[tuple[str, str]] | None = set() if flt.dedupe else None
    for al in alignments:
        for row in _rows(al, flt, seen, pairs_only):
            yield al, row


# --------------------------------------------------------------------------- JSONL and TSV

_ROW_KEYS = ("src", "tgt", "src_lines", "tgt_lines", "score", "src_text", "tgt_text")


def _jsonl(alignments: Sequence[Alignment], items: Iterable[Item], outs: Sequence[TextIO]) -> None:
    out = outs[0]
    mixed = len({a.src.level for a in alignments}) > 1  # --level both: say which level a row is
    for al, row in items:  # the schema of Alignment.rows(), without the "bead" key filter_rows adds
        obj = {k: row[k] for k in _ROW_KEYS}
        if mixed:
            obj["level"] = al.src.level
        out.write(json.dumps(obj, ensure_ascii=False) + "\n")


def _tsv(alignments: Sequence[Alignment], items: Iterable[Item], outs: Sequence[TextIO]) -> None:
    out = outs[0]
    for _, row in items:
        out.write(f"{_clean(row['src_text'])}\t{_clean(row['tgt_text'])}\t{row['score']:.4f}\n")


def write_jsonl(al: Alignment, out: TextIO, flt: CorpusFilter | None = None) -> None:
    """Write ``al`` as JSONL to the open stream ``out``."""
    flt = flt or _NO_FILTER
    _jsonl([al], _corpus_rows([al], flt, False), [out])


def write_tsv(al: Alignment, out: TextIO, flt: CorpusFilter | None = None) -> None:
    """Write ``al`` as ``src<TAB>tgt<TAB>score`` lines to the open stream ``out``."""
    flt = flt or _NO_FILTER
    _tsv([al], _corpus_rows([al], flt, False), [out])


# --------------------------------------------------------------------------- TMX

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Characters XML 1.0 does not allow (C0 controls but TAB/LF/CR, lone surrogates, U+FFFE, U+FFFF).
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_SEGTYPE = {"paragraph": "paragraph", "sentence": "sentence", "line": "block"}


def _xml_text(text: str) -> str:
    """Text safe for XML 1.0: illegal characters removed, CR / CRLF as LF (a parser would do that)."""
    return _NOT_XML.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def _doc_name(path: str | None) -> str:
    """The document name for the x-document prop: a relative path as given, only the file name of an
    absolute one (no machine paths in a shared corpus)."""
    if not path:
        return ""
    p = Path(path)
    return p.name if p.is_absolute() else str(path)


def _span(lines: list[int] | None) -> str:
    return f"{lines[0]}-{lines[1]}" if lines else ""


def _one(values: set[str], mixed: str) -> str:
    return next(iter(values)) if len(values) == 1 else mixed


def _tmx_header(alignments: Sequence[Alignment]) -> ET.Element:
    from . import __version__  # lazily: align/__init__ imports the pipeline, which may import us

    segtype = _one({_SEGTYPE.get(d.level, "block") for al in alignments for d in (al.src, al.tgt)}, "block")
    return ET.Element("header", {
        "creationtool": "align",
        "creationtoolversion": __version__,
        "segtype": segtype,
        "o-tmf": "align",
        "adminlang": "en",
        "srclang": _one({al.src.lang for al in alignments}, "*all*"),
        "datatype": "plaintext",
    })


def _tmx_tu(al: Alignment, row: dict, tuid: int, mixed_src: bool) -> ET.Element:
    tu = ET.Element("tu", {"tuid": str(tuid)})
    if mixed_src:  # the header says srclang="*all*": name the source per unit
        tu.set("srclang", _xml_text(al.src.lang))
    props = [
        ("x-document", f"{_doc_name(al.src.path)}\t{_doc_name(al.tgt.path)}"),
        ("x-src-lines", _span(row["src_lines"])),
        ("x-tgt-lines", _span(row["tgt_lines"])),
        ("x-score", f"{row['score']:.4f}"),
        ("x-bead", row["bead"]),
    ]
    for kind, value in props:
        ET.SubElement(tu, "prop", {"type": kind}).text = _xml_text(value)
    for lang, text in ((al.src.lang, row["src_text"]), (al.tgt.lang, row["tgt_text"])):
        tuv = ET.SubElement(tu, "tuv", {_XML_LANG: _xml_text(lang)})
        ET.SubElement(tuv, "seg").text = _xml_text(text)
    return tu


def _tmx(alignments: Sequence[Alignment], items: Iterable[Item], outs: Sequence[TextIO]) -> None:
    """TMX 1.4b.  Every element is built and escaped by ElementTree; units are serialised one at a
    time, so a large corpus is never held as one tree."""
    out = outs[0]
    header = _tmx_header(alignments)
    mixed_src = header.get("srclang") == "*all*"
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n  ')
    out.write(ET.tostring(header, encoding="unicode"))
    out.write("\n  <body>\n")
    for tuid, (al, row) in enumerate(items, 1):
        tu = _tmx_tu(al, row, tuid, mixed_src)
        ET.indent(tu, space="  ", level=2)
        out.write("    " + ET.tostring(tu, encoding="unicode") + "\n")
    out.write("  </body>\n</tmx>\n")


def write_tmx(alignments: Alignment | Iterable[Alignment], out: TextIO, flt: CorpusFilter | None = None) -> None:
    """Write one or several alignments as TMX to the open stream ``out``."""
    als = [alignments] if isinstance(alignments, Alignment) else list(alignments)
    _tmx(als, _corpus_rows(als, flt or _NO_FILTER, True), [out])


# --------------------------------------------------------------------------- Moses

_LANG_SUFFIX = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")


def _moses_langs(alignments: Sequence[Alignment]) -> tuple[str, str]:
    pairs = {(al.src.lang, al.tgt.lang) for al in alignments}
    if not pairs:
        raise AlignError("moses format: no alignments to write")
    if len(pairs) > 1:
        raise AlignError("moses format: all documents must have the same language pair, got "
                         + ", ".join(f"{s}-{t}" for s, t in sorted(pairs)))
    (src, tgt), = pairs
    for lang in (src, tgt):
        if not _LANG_SUFFIX.fullmatch(lang or ""):
            raise AlignError(f"moses format: language {lang!r} cannot be used as a file suffix")
    if src == tgt:
        raise AlignError(f"moses format: both sides are {src!r}; the two files would have the same name")
    return src, tgt


def _moses_paths(path: PathLike, alignments: Sequence[Alignment]) -> list[PathLike]:
    if path is None or str(path) == "-":
        raise AlignError("moses format writes two files; give -o PREFIX")
    src, tgt = _moses_langs(alignments)
    return [Path(f"{path}.{src}"), Path(f"{path}.{tgt}")]


def _moses(alignments: Sequence[Alignment], items: Iterable[Item], outs: Sequence[TextIO]) -> None:
    src_out, tgt_out = outs
    for _, row in items:  # _clean removes every line break str.splitlines knows: counts stay equal
        src_out.write(_clean(row["src_text"]) + "\n")
        tgt_out.write(_clean(row["tgt_text"]) + "\n")


def write_moses(alignments: Alignment | Iterable[Alignment], src_out: TextIO, tgt_out: TextIO,
                flt: CorpusFilter | None = None) -> None:
    """Write one or several alignments as two line-aligned plain-text streams."""
    als = [alignments] if isinstance(alignments, Alignment) else list(alignments)
    _moses(als, _corpus_rows(als, flt or _NO_FILTER, True), [src_out, tgt_out])


# --------------------------------------------------------------------------- registry


def _single(path: PathLike, alignments: Sequence[Alignment]) -> list[PathLike]:
    return [path]


@dataclass(frozen=True)
class Writer:
    """One export format.

    ``outputs(path, alignments)`` gives the output paths (``None`` = stdout) or raises
    :class:`AlignError`; ``write(alignments, items, streams)`` writes the filtered ``(alignment, row)``
    items to one open stream per output; ``pairs_only`` formats never get one-sided beads.
    """

    write: Callable[[Sequence[Alignment], Iterable[Item], Sequence[TextIO]], None]
    outputs: Callable[[PathLike, Sequence[Alignment]], list[PathLike]] = _single
    pairs_only: bool = False
    help: str = ""
    suffixes: tuple[str, ...] = ()  # file name endings that ask for this format (format_for)


WRITERS: dict[str, Writer] = {
    "jsonl": Writer(_jsonl, help="one JSON object per bead", suffixes=(".jsonl", ".ndjson")),
    "tsv": Writer(_tsv, help="src_text<TAB>tgt_text<TAB>score per bead", suffixes=(".tsv",)),
    "tmx": Writer(_tmx, pairs_only=True, help="TMX 1.4b translation memory, one <tu> per translation pair",
                  suffixes=(".tmx",)),
    "moses": Writer(_moses, _moses_paths, pairs_only=True,
                    help="two line-aligned text files PREFIX.<srclang> and PREFIX.<tgtlang>"),
}


# --------------------------------------------------------------------------- atomic output


def check_output(path: PathLike) -> Path | None:
    """``path`` as an output file (``None`` for stdout: ``None`` or ``"-"``), or an :class:`AlignError`
    when it is a directory or its folder does not exist (callers check before long work)."""
    if path is None or str(path) == "-":
        return None
    p = Path(path)
    if p.is_dir():
        raise AlignError(f"{p}: is a directory; give a file name for the output")
    parent = p.parent if str(p.parent) else Path(".")
    if not parent.is_dir():
        raise AlignError(f"{parent}: output directory does not exist")
    return p


@contextmanager
def atomic_outputs(paths: Sequence[PathLike]) -> Iterator[list[TextIO]]:
    """Yield one text stream per path (stdout for ``None`` or ``"-"``).

    Files are written to temporary files beside their targets and renamed only after the block has
    finished without error for all of them; on error every temporary file is removed and no target is
    touched.  (Should a rename itself fail, the targets already renamed in this call are removed too.)
    """
    targets = [check_output(path) for path in paths]
    real = [p for p in targets if p is not None]
    if len({os.path.abspath(p) for p in real}) != len(real):
        raise AlignError("two outputs would go to the same file")

    temps: list[str] = []
    try:
        with ExitStack() as stack:
            streams: list[TextIO] = []
            for p in targets:
                if p is None:
                    streams.append(sys.stdout)
                    continue
                fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".part", dir=p.parent)
                temps.append(tmp)
                streams.append(stack.enter_context(os.fdopen(fd, "w", encoding="utf-8", newline="\n")))
            yield streams
            if None in targets:
                sys.stdout.flush()
        # all streams are closed and complete: now rename
        done: list[Path] = []
        try:
            for tmp, p in zip(temps, real):
                os.replace(tmp, p)
                done.append(p)
        except BaseException:
            for p in done:
                _unlink(p)
            raise
    except BaseException:
        for tmp in temps:
            _unlink(tmp)
        raise


def _unlink(path: str | Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


@contextmanager
def atomic_output(path: PathLike) -> Iterator[TextIO]:
    """Yield a text stream; for a path, write to a temporary file beside it and rename on success."""
    with atomic_outputs([path]) as (out,):
        yield out


# --------------------------------------------------------------------------- entry points


def format_for(path: PathLike, fmt: str | None = None) -> str:
    """The format to write ``path`` in: ``fmt`` when given, else the one its name ends with (``.jsonl``,
    ``.tsv``, ``.tmx``), JSONL on stdout; a file name that says no format is an error (a TMX name
    holding JSONL would only surface when a CAT tool refuses it)."""
    if fmt:
        _writer(fmt)  # an unknown name is an error here too
        return fmt
    if path is None or str(path) == "-":
        return "jsonl"
    suffix = Path(path).suffix.lower()
    for name, writer in WRITERS.items():
        if suffix in writer.suffixes:
            return name
    raise AlignError(f"cannot tell the output format from the name {Path(path).name!r}: pass --format "
                     f"({', '.join(WRITERS)})")


def _writer(fmt: str) -> Writer:
    if fmt not in WRITERS:
        raise AlignError(f"unknown format {fmt!r}; choose one of: {', '.join(WRITERS)}")
    return WRITERS[fmt]


def write_many(alignments: Iterable[Alignment], path: PathLike, fmt: str = "jsonl",
               flt: CorpusFilter | None = None) -> None:
    """Write several alignments into one corpus (``dedupe`` works across them; TMX names each unit's
    documents).  ``path`` ``None`` or ``"-"`` is stdout; for ``moses`` it is the prefix of two files."""
    writer = _writer(fmt)
    flt = flt or _NO_FILTER
    if not isinstance(flt, CorpusFilter):
        raise TypeError(f"flt must be a CorpusFilter, not {type(flt).__name__}")
    als = list(alignments)
    for al in als:
        if not isinstance(al, Alignment):
            raise TypeError(f"expected Alignment objects, got {type(al).__name__}")
    paths = writer.outputs(path, als)
    with atomic_outputs(paths) as streams:
        writer.write(als, _corpus_rows(als, flt, writer.pairs_only), streams)


def write(al: Alignment, path: PathLike, fmt: str = "jsonl", flt: CorpusFilter | None = None) -> None:
    """Write one alignment to ``path`` (``None`` or ``"-"``: stdout) in format ``fmt``."""
    write_many([al], path, fmt, flt)
