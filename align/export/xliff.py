"""XLIFF 2.1 and 1.2: one translation unit per bead with both sides, line provenance and score kept.

XLIFF 2.1 (``xliff``) puts them in the Metadata module (``<mda:meta type="src-lines">1-3</mda:meta>``,
``tgt-lines``, ``score``, ``bead``, ``tgt-document``), one ``<file>`` per document pair (``original`` =
the source document). XLIFF 1.2 (``xliff12``), which most CAT tools still read, has no metadata module:
the same values are ``<context>`` s of a ``<context-group purpose="information">`` (custom ``x-``
context types, as the 1.2 specification allows). Both mark every target ``translated``.

Tags are written with their prefixes as plain names and the namespaces declared once on the root, so
that units can be serialised one at a time (a large corpus is never held as one tree).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Callable, Iterable, Iterator, Sequence, TextIO
from xml.sax.saxutils import escape

from ..data import Alignment
from ..errors import AlignError
from .filters import Item
from .tmx import doc_name, span_label, xml_text

XLIFF2_NS = "urn:oasis:names:tc:xliff:document:2.0"  # 2.1 keeps the 2.0 core namespace
MDA_NS = "urn:oasis:names:tc:xliff:metadata:2.0"
XLIFF12_NS = "urn:oasis:names:tc:xliff:document:1.2"


def _meta(al: Alignment, row: dict) -> list[tuple[str, str]]:
    """The provenance of one unit: line spans in both documents, score, bead shape, target document."""
    return [("src-lines", span_label(row["src_lines"])), ("tgt-lines", span_label(row["tgt_lines"])),
            ("score", f"{row['score']:.4f}"), ("bead", row["bead"]), ("tgt-document", doc_name(al.tgt.path))]


def _languages(alignments: Sequence[Alignment]) -> tuple[str, str]:
    """XLIFF 2 states one language pair for the whole file."""
    pairs = {(al.src.lang, al.tgt.lang) for al in alignments}
    if len(pairs) != 1:
        raise AlignError("xliff format: all documents must have the same language pair, got "
                         + ", ".join(f"{s}-{t}" for s, t in sorted(pairs)))
    (src, tgt), = pairs
    return src, tgt


def _by_document(alignments: Sequence[Alignment], items: Iterable[Item]) -> Iterator[tuple[int, Alignment, list]]:
    """The items grouped by their alignment, in order: ``(file number, alignment, [(unit id, row)])``;
    an alignment without a row to write gives no file."""
    number, current, rows = 0, None, []
    for uid, (al, row) in enumerate(items, 1):
        if al is not current:
            if current is not None:
                yield number, current, rows
            number, current, rows = number + 1, al, []
        rows.append((uid, row))
    if current is not None:
        yield number, current, rows


def _write(out: TextIO, head: str, groups: Iterator[tuple[int, Alignment, list]],
           file_open: Callable[[int, Alignment], str], unit: Callable[[int, Alignment, dict], ET.Element],
           file_close: str) -> None:
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n' + head + "\n")
    for number, al, rows in groups:
        out.write(file_open(number, al) + "\n")
        for uid, row in rows:
            elem = unit(uid, al, row)
            ET.indent(elem, space="  ", level=2)
            out.write("    " + ET.tostring(elem, encoding="unicode") + "\n")
        out.write(file_close + "\n")
    out.write("</xliff>\n")


def _attr(value: str) -> str:
    """``value`` for a double-quoted attribute."""
    return escape(xml_text(value), {'"': "&quot;", "\n": "&#10;", "\t": "&#9;"})


# ------------------------------------------------------------------------------------------ XLIFF 2.1


def _unit2(uid: int, al: Alignment, row: dict) -> ET.Element:
    unit = ET.Element("unit", {"id": f"u{uid}"})
    group = ET.SubElement(ET.SubElement(unit, "mda:metadata"), "mda:metaGroup", {"category": "align"})
    for kind, value in _meta(al, row):
        ET.SubElement(group, "mda:meta", {"type": kind}).text = xml_text(value)
    segment = ET.SubElement(unit, "segment", {"state": "translated"})
    ET.SubElement(segment, "source").text = xml_text(row["src_text"])
    ET.SubElement(segment, "target").text = xml_text(row["tgt_text"])
    return unit


def write_items2(alignments: Sequence[Alignment], items: Iterable[Item], outs: Sequence[TextIO]) -> None:
    """XLIFF 2.1 with the Metadata module."""
    src, tgt = _languages(alignments)
    head = (f'<xliff xmlns="{XLIFF2_NS}" xmlns:mda="{MDA_NS}" version="2.1" srcLang="{_attr(src)}" '
            f'trgLang="{_attr(tgt)}">')
    opener = lambda n, al: f'  <file id="f{n}" original="{_attr(doc_name(al.src.path))}">'
    _write(outs[0], head, _by_document(alignments, items), opener, _unit2, "  </file>")


# ------------------------------------------------------------------------------------------ XLIFF 1.2


def _unit12(uid: int, al: Alignment, row: dict) -> ET.Element:
    unit = ET.Element("trans-unit", {"id": str(uid)})
    ET.SubElement(unit, "source").text = xml_text(row["src_text"])
    ET.SubElement(unit, "target", {"state": "translated"}).text = xml_text(row["tgt_text"])
    group = ET.SubElement(unit, "context-group", {"name": "align", "purpose": "information"})
    for kind, value in _meta(al, row):
        ET.SubElement(group, "context", {"context-type": f"x-{kind}"}).text = xml_text(value)
    return unit


def _file12(number: int, al: Alignment) -> str:
    from ..version import __version__

    return (f'  <file original="{_attr(doc_name(al.src.path))}" source-language="{_attr(al.src.lang)}" '
            f'target-language="{_attr(al.tgt.lang)}" datatype="plaintext">\n'
            f'   <header><tool tool-id="align" tool-name="align" tool-version="{_attr(__version__)}"/></header>\n'
            "   <body>")


def write_items12(alignments: Sequence[Alignment], items: Iterable[Item], outs: Sequence[TextIO]) -> None:
    """XLIFF 1.2, the provenance in a context group."""
    head = f'<xliff xmlns="{XLIFF12_NS}" version="1.2">'
    _write(outs[0], head, _by_document(alignments, items), _file12, _unit12, "   </body>\n  </file>")
