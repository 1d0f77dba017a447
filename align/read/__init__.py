"""Read stage for non-text formats: PDF, DOCX and HTML -> text lines.

Every reader returns lines in the plain-text convention of :mod:`align.read.text` and
:mod:`align.prepare.segment`: one paragraph per line, a blank line between paragraphs.
Headings become their own paragraphs.

The heavy libraries are optional extras, imported only when a file of that kind
is read: PyMuPDF (``align[pdf]``), trafilatura (``align[html]``) and python-docx
(``align[docx]``).  A missing library or a broken file is reported as a one-line
:class:`~align.errors.AlignError`, never as a traceback.

Arabic text is returned as the file stores it: the PDF reader does not repair
visual-order (reversed) Arabic, a later stage does.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from ..errors import AlignError
from .docx import docx_lines
from .html import html_lines
from .pdf import pdf_lines
from .sniff import OLE_MAGIC, Format, sniff
from .text import decode, read_bytes, read_lines

__all__ = ["Format", "decode", "docx_lines", "html_lines", "pdf_lines", "read_any", "read_bytes", "read_lines", "sniff"]

_READERS: dict[str, Callable[[bytes, str], list[str]]] = {
    "pdf": pdf_lines,
    "docx": docx_lines,
    "html": html_lines,
}


def read_any(path: str | Path) -> list[str]:
    """Lines of a text, HTML, PDF or DOCX file, chosen by its content (see :func:`sniff`)."""
    p = Path(path)
    data = read_bytes(p)
    if not data.strip():
        raise AlignError(f"{p}: file is empty")
    kind = sniff(data, p.name)
    if kind in _READERS:
        return _READERS[kind](data, str(p))
    if data.startswith(OLE_MAGIC):
        raise AlignError(f"{p}: is an old binary Office file (.doc/.xls); save it as .docx or PDF first")
    if data[:4] == b"PK\x03\x04":
        raise AlignError(f"{p}: is a ZIP archive but not a Word .docx document")
    return decode(data, str(p)).split("\n")
