"""Tell a file's format by its content: PDF, DOCX, HTML or plain text."""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from pathlib import Path
from typing import Literal

Format = Literal["pdf", "docx", "html", "text"]

_HTML_EXT = {".html", ".htm", ".xhtml", ".shtml", ".php", ".asp", ".aspx", ".jsp"}
_HTML_TAGS = frozenset(
    "html head body title meta link script style div span p a br hr img ul ol li dl dt dd "
    "table thead tbody tfoot tr td th h1 h2 h3 h4 h5 h6 b i u em strong small sub sup "
    "blockquote pre code nav header footer main article section aside figure figcaption "
    "form input button select option textarea label iframe noscript font center".split()
)
_TAG_RE = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)(?:\s[^<>]*)?/?>")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _text_sample(data: bytes, size: int = 65536) -> str:
    head = data[:size]
    for bom, enc in ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
                     (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            return head[len(bom):].decode(enc, errors="ignore")
    return head.decode("utf-8", errors="ignore").lstrip("\ufeff")


def _zip_names(data: bytes) -> list[str] | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return z.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None


def _looks_binary(data: bytes) -> bool:
    head = data[:65536]
    if b"\x00" in head:
        return True
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start < len(head) - 4  # a character cut at the sample's end is fine
    return False


def sniff(data: bytes, name: str = "") -> Format:
    """The format of ``data``: "pdf", "docx", "html" or "text".

    Decided by content (PDF magic, a ZIP holding ``word/document.xml``, an HTML
    doctype / ``<html>`` element or dense HTML tags); the extension of ``name``
    only breaks ties (a damaged ``.pdf``/``.docx``, an HTML fragment with few tags).
    """
    ext = Path(name).suffix.lower() if name else ""
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        names = _zip_names(data)
        if names is not None and "word/document.xml" in names:
            return "docx"
        if ext in (".docx", ".docm", ".dotx"):
            return "docx"  # damaged or odd package: let the DOCX reader explain
        return "text"  # another ZIP (odt, xlsx, ...): read_any reports it
    sample = _text_sample(data)
    low = sample[:4096].lstrip().lower()
    while low.startswith("<!--"):  # leading comments before the doctype
        end = low.find("-->")
        if end < 0:
            break
        low = low[end + 3 :].lstrip()
    if low.startswith("<?xml"):
        low = low[low.find("?>") + 2 :].lstrip() if "?>" in low else low
    if low.startswith(("<!doctype html", "<html")):
        return "html"
    tags = [(m.group(0), m.group(2).lower()) for m in _TAG_RE.finditer(sample)]
    known = [t for t in tags if t[1] in _HTML_TAGS]
    if "<html" in low and any(t[1] in ("head", "body") for t in known):
        return "html"
    n = len(known)
    dense = n >= 30 or (n >= 6 and n * 150 >= len(sample.strip()))
    if dense:
        return "html"
    if n >= 1 and ext in _HTML_EXT:
        return "html"
    if _looks_binary(data):  # undecidable by content: the extension decides
        if ext == ".pdf":
            return "pdf"
        if ext in (".docx", ".docm", ".dotx"):
            return "docx"
    return "text"
