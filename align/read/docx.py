"""Word .docx -> paragraph lines with python-docx (body text, tables, text boxes)."""

from __future__ import annotations

import io

from ..errors import AlignError
from .common import missing_extra, no_text, one_line, paragraph_lines

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def _docx_paragraph(p, out: list[str]) -> None:
    """Text of a w:p (runs, hyperlinks, fields, insertions; not deletions); text boxes
    anchored in it become paragraphs of their own after it."""
    buf: list[str] = []
    boxes = []

    def rec(el) -> None:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag == _MC_FALLBACK or tag == f"{_W}pict":
                continue  # comments; legacy duplicates of drawings
            if tag == f"{_W}t":
                buf.append(child.text or "")
            elif tag in (f"{_W}tab", f"{_W}br", f"{_W}cr", f"{_W}ptab"):
                buf.append(" ")
            elif tag == f"{_W}noBreakHyphen":
                buf.append("-")
            elif tag == f"{_W}txbxContent":
                boxes.append(child)
            elif tag in (f"{_W}delText", f"{_W}instrText", f"{_W}del", f"{_W}moveFrom", f"{_W}footnoteReference"):
                continue
            else:
                rec(child)

    rec(p)
    text = " ".join("".join(buf).split())
    if text:
        out.append(text)
    for box in boxes:
        _docx_blocks(box, out)


def _docx_blocks(container, out: list[str]) -> None:
    """Paragraphs of a body / table cell / text box in document order (tables row by row, cell by cell)."""
    for el in container:
        tag = el.tag
        if not isinstance(tag, str):
            continue
        if tag == f"{_W}p":
            _docx_paragraph(el, out)
        elif tag == f"{_W}tbl":
            for tr in el.iter(f"{_W}tr"):
                if tr.getparent() is not el:  # rows of nested tables are read through their cell
                    continue
                for tc in tr.findall(f"{_W}tc"):
                    _docx_blocks(tc, out)
        elif tag in (f"{_W}sdt", f"{_W}customXml", f"{_W}sdtContent", f"{_W}ins", f"{_W}smartTag"):
            _docx_blocks(el, out)  # content controls etc. wrap ordinary paragraphs and tables


def docx_lines(data: bytes, name: str = "input") -> list[str]:
    """The body text of a Word .docx file as paragraph lines (one per non-empty paragraph,
    table cells in reading order; headers, footers, footnotes and comments left out)."""
    try:
        import docx
    except ImportError as exc:
        raise missing_extra("docx", name, exc) from None
    try:
        document = docx.Document(io.BytesIO(data))
        body = document.element.body
        paras: list[str] = []
        _docx_blocks(body, paras)
    except Exception as exc:
        raise AlignError(f"{name}: cannot read DOCX, the file is damaged or not a Word document ({one_line(exc, 120)})") from None
    lines = paragraph_lines(paras)
    if not lines:
        raise no_text(name, "the DOCX document has no text")
    return lines
