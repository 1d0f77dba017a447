"""TMX 1.4b: one ``<tu>`` per bead with both sides, line provenance and score in ``<prop>``s."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Iterable, Sequence, TextIO

from ..data import Alignment
from .filters import NO_FILTER, CorpusFilter, Item, corpus_rows

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Characters XML 1.0 does not allow (C0 controls but TAB/LF/CR, lone surrogates, U+FFFE, U+FFFF).
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_SEGTYPE = {"paragraph": "paragraph", "sentence": "sentence", "line": "block"}


def xml_text(text: str) -> str:
    """Text safe for XML 1.0: illegal characters removed, CR / CRLF as LF (a parser would do that)."""
    return _NOT_XML.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def doc_name(path: str | None) -> str:
    """The document name for the x-document prop: a relative path as given, only the file name of an
    absolute one (no machine paths in a shared corpus)."""
    if not path:
        return ""
    p = Path(path)
    return p.name if p.is_absolute() else str(path)


def span_label(lines: list[int] | None) -> str:
    return f"{lines[0]}-{lines[1]}" if lines else ""


def _one(values: set[str], mixed: str) -> str:
    return next(iter(values)) if len(values) == 1 else mixed


def _tmx_header(alignments: Sequence[Alignment]) -> ET.Element:
    from ..version import __version__

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
        tu.set("srclang", xml_text(al.src.lang))
    props = [
        ("x-document", f"{doc_name(al.src.path)}\t{doc_name(al.tgt.path)}"),
        ("x-src-lines", span_label(row["src_lines"])),
        ("x-tgt-lines", span_label(row["tgt_lines"])),
        ("x-score", f"{row['score']:.4f}"),
        ("x-bead", row["bead"]),
    ]
    for kind, value in props:
        ET.SubElement(tu, "prop", {"type": kind}).text = xml_text(value)
    for lang, text in ((al.src.lang, row["src_text"]), (al.tgt.lang, row["tgt_text"])):
        tuv = ET.SubElement(tu, "tuv", {_XML_LANG: xml_text(lang)})
        ET.SubElement(tuv, "seg").text = xml_text(text)
    return tu


def write_items(alignments: Sequence[Alignment], items: Iterable[Item], outs: Sequence[TextIO]) -> None:
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
    write_items(als, corpus_rows(als, flt or NO_FILTER, True), [out])
