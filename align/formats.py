"""Read stage for non-text formats: PDF, DOCX and HTML -> text lines.

Every reader returns lines in the plain-text convention of :mod:`align.read` and
:mod:`align.segment`: one paragraph per line, a blank line between paragraphs.
Headings become their own paragraphs.

The heavy libraries are optional extras, imported only when a file of that kind
is read: PyMuPDF (``align[pdf]``), trafilatura (``align[html]``) and python-docx
(``align[docx]``).  A missing library or a broken file is reported as a one-line
:class:`~align.errors.AlignError`, never as a traceback.

Arabic text is returned as the file stores it: the PDF reader does not repair
visual-order (reversed) Arabic, a later stage does.
"""

from __future__ import annotations

import codecs
import copy
import io
import re
import zipfile
from pathlib import Path
from typing import Callable, Iterable, Literal, Sequence

from .errors import AlignError
from .read import decode, read_bytes

Kind = Literal["pdf", "docx", "html", "text"]

_EXTRAS = {"pdf": "PDF", "html": "HTML", "docx": "DOCX"}

# ---------------------------------------------------------------- helpers


def _one_line(text: object, limit: int = 200) -> str:
    s = " ".join(str(text).split())
    return s if len(s) <= limit else s[: limit - 1] + "…"


def _missing(extra: str, name: str, exc: ImportError) -> AlignError:
    msg = f"{name}: reading {_EXTRAS[extra]} needs the '{extra}' extra: pip install 'align[{extra}]'"
    # The library is there but one of *its* dependencies is not (e.g. trafilatura
    # with lxml >= 5.2 needs the separate lxml_html_clean package): say which.
    missing = getattr(exc, "name", None)
    if missing and missing.split(".")[0] not in {"pymupdf", "fitz", "trafilatura", "docx"}:
        msg += f" (import failed: {_one_line(exc, 120)})"
    return AlignError(msg)


def _paragraph_lines(paragraphs: Iterable[str]) -> list[str]:
    """Paragraph strings -> lines: one (whitespace-normalised) line each, blank line between."""
    out: list[str] = []
    for p in paragraphs:
        p = " ".join(p.split())
        if not p:
            continue
        if out:
            out.append("")
        out.append(p)
    return out


def _no_text(name: str, what: str) -> AlignError:
    return AlignError(f"{name}: {what}")


# ---------------------------------------------------------------- sniffing

_HTML_EXT = {".html", ".htm", ".xhtml", ".shtml", ".php", ".asp", ".aspx", ".jsp"}
_HTML_TAGS = frozenset(
    "html head body title meta link script style div span p a br hr img ul ol li dl dt dd "
    "table thead tbody tfoot tr td th h1 h2 h3 h4 h5 h6 b i u em strong small sub sup "
    "blockquote pre code nav header footer main article section aside figure figcaption "
    "form input button select option textarea label iframe noscript font center".split()
)
_TAG_RE = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)(?:\s[^<>]*)?/?>")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


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


def sniff(data: bytes, name: str = "") -> Kind:
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


# ---------------------------------------------------------------- HTML

# Block elements of trafilatura's XML output and of HTML itself.  Text inside a
# block (and not inside a nested block) is one paragraph; <lb/>/<br> is a line
# break inside it, and two of them in a row a paragraph break.
_TRAF_BLOCKS = frozenset("doc main comments p head item cell code quote list table row div".split())
_TRAF_BREAKS = frozenset(["lb"])
_TRAF_SKIP = frozenset(["graphic"])
_HTML_BLOCKS = frozenset(
    "html body div p h1 h2 h3 h4 h5 h6 li ul ol dl dt dd table thead tbody tfoot tr td th caption "
    "blockquote pre section article main header footer aside nav figure figcaption address "
    "details summary center form fieldset legend hr".split()
)
_HTML_BREAKS = frozenset(["br"])
_HTML_SKIP = frozenset(
    "script style noscript template svg math iframe object embed canvas button select "
    "textarea input head title".split()
)
_BOILER_TAGS = frozenset(["nav", "aside", "footer", "form", "menu", "dialog"])
_BOILER_ROLES = frozenset(["navigation", "contentinfo", "complementary", "banner", "search", "menu", "menubar", "dialog"])
_BOILER_RE = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|navigation|menu|menus|comment|comments|respond|reply|footer|sidebar|"
    r"breadcrumbs?|share|sharing|social|cookies?|banner|related|advert\w*|ads?|widget|popup|modal|"
    r"newsletter|subscribe|login|signup|pagination|tags)(?:$|[\s_-])",
    re.I,
)
_WS = re.compile(r"\s+")
_PARA_BREAK = re.compile(r"[ \t]*\n[ \t]*(?:\n[ \t]*)+")


def _html_decode(data: bytes) -> str:
    """Bytes of an HTML page -> str: BOM, else UTF-8, else the declared charset, else a guess."""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
                     (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(enc, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    head = data[:8192].decode("ascii", errors="ignore")
    m = re.search(r"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", head, re.I) or re.search(
        r"""<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)""", head, re.I
    )
    if m:
        try:
            return data.decode(codecs.lookup(m.group(1)).name, errors="replace")
        except LookupError:
            pass
    try:
        from charset_normalizer import from_bytes  # comes with trafilatura

        best = from_bytes(data).best()
        if best is not None:
            return str(best)
    except Exception:  # pragma: no cover - optional helper
        pass
    return data.decode("cp1252", errors="replace")


def _tag(el) -> str | None:
    t = el.tag
    if not isinstance(t, str):  # comments, processing instructions
        return None
    return t.rsplit("}", 1)[-1].lower()


def _block_paragraphs(root, blocks: frozenset, breaks: frozenset, skip: frozenset) -> list[str]:
    """Paragraph texts of an element tree, in document order (see the _*_BLOCKS comment)."""
    out: list[str] = []

    def flush(buf: list[str]) -> None:
        text = "".join(buf)
        buf.clear()
        for part in _PARA_BREAK.split(text):
            part = " ".join(part.split())
            if part:
                out.append(part)

    def inline(el, buf: list[str]) -> None:
        for child in el:
            t = _tag(child)
            if t is None or t in skip:
                pass
            elif t in breaks:
                buf.append("\n")
            elif t in blocks:
                flush(buf)
                walk(child)
            else:
                if child.text:
                    buf.append(_WS.sub(" ", child.text))
                inline(child, buf)
            if child.tail:
                buf.append(_WS.sub(" ", child.tail))

    def walk(el) -> None:
        buf: list[str] = []
        if el.text:
            buf.append(_WS.sub(" ", el.text))
        inline(el, buf)
        flush(buf)

    walk(root)
    return out


def _strip_boilerplate(root) -> None:
    """Remove menus, comment boxes, footers, sidebars and link lists (the fallback's boilerplate filter)."""
    total = len("".join(root.itertext()).strip()) or 1
    doomed = []
    for el in root.iter():
        t = _tag(el)
        if t is None:
            continue
        if t in _HTML_SKIP or t in _BOILER_TAGS:
            doomed.append(el)
            continue
        if t == "header" and not any(_tag(a) in ("article", "main") for a in el.iterancestors()):
            doomed.append(el)
            continue
        role = (el.get("role") or "").lower()
        ident = f"{el.get('class') or ''} {el.get('id') or ''}"
        if role in _BOILER_ROLES or (t not in ("html", "body") and _BOILER_RE.search(ident)):
            # a class like "page with-sidebar" may sit on the content itself: keep what holds most text
            if len("".join(el.itertext()).strip()) * 2 < total:
                doomed.append(el)
                continue
        if t in ("ul", "ol"):
            items = [li for li in el if _tag(li) == "li"]
            if items and all(_only_links(li) for li in items):
                doomed.append(el)
    for el in doomed:
        parent = el.getparent()
        if parent is None:
            continue
        # keep the tail text, drop the element
        if el.tail and el.tail.strip():
            prev = el.getprevious()
            if prev is not None:
                prev.tail = (prev.tail or "") + " " + el.tail
            else:
                parent.text = (parent.text or "") + " " + el.tail
        parent.remove(el)


def _only_links(el) -> bool:
    text = " ".join("".join(el.itertext()).split())
    if not text:
        return True
    linked = " ".join(" ".join("".join(a.itertext()).split()) for a in el.iter() if _tag(a) == "a")
    return len(linked) >= len(text) * 0.9


def _html_fallback(html: str) -> tuple[list[str], list[str]]:
    """Simple extraction: text of p/h*/li/td/... blocks, with boilerplate removed and without."""
    from lxml import html as lxml_html

    html = re.sub(r"^\s*<\?xml[^>]*\?>", "", html)  # lxml refuses str with an encoding declaration
    if not html.strip():
        return [], []
    try:
        root = lxml_html.document_fromstring(html)
    except Exception:
        return [], []
    body = root.find("body")
    if body is None:
        body = root
    cleaned = copy.deepcopy(body)
    _strip_boilerplate(cleaned)
    mains = [el for el in cleaned.iter() if _tag(el) in ("main", "article") or (el.get("role") or "").lower() == "main"]
    # the outermost main/article elements, if any
    tops = [el for el in mains if not any(a in mains for a in el.iterancestors())]
    paras: list[str] = []
    for scope in tops or [cleaned]:
        paras += _block_paragraphs(scope, _HTML_BLOCKS, _HTML_BREAKS, _HTML_SKIP)
    raw = _block_paragraphs(body, _HTML_BLOCKS, _HTML_BREAKS, _HTML_SKIP)
    return (paras or raw), raw


def _resplit(paras: Sequence[str], raw: Sequence[str], keep: set[str]) -> list[str]:
    """Undo trafilatura's merging of small pages.

    A paragraph that is exactly several consecutive blocks of the page (``raw``)
    joined by spaces is split into them, and the pieces the simple boilerplate
    filter rejected (not in ``keep``) are dropped, unless that would drop all.
    """
    if len(raw) < 2:
        return list(paras)
    known = set(raw)
    out: list[str] = []
    for t in paras:
        if t in known:
            out.append(t)
            continue
        parts = None
        for i, s in enumerate(raw):
            if len(s) >= len(t) or not t.startswith(s) or t[len(s)] != " ":
                continue
            got, rest, j = [s], t[len(s) :].lstrip(), i + 1
            while rest and j < len(raw):
                nxt = raw[j]
                if rest == nxt or (rest.startswith(nxt) and rest[len(nxt)] == " "):
                    got.append(nxt)
                    rest = rest[len(nxt) :].lstrip()
                    j += 1
                else:
                    break
            if not rest:
                parts = got
                break
        if parts:
            out.extend([q for q in parts if q in keep] or parts)
        else:
            out.append(t)
    return out


def html_lines(data: bytes, name: str = "input") -> list[str]:
    """The main text of an HTML page (menus, comments, link lists removed) as paragraph lines.

    Uses trafilatura; if it finds nothing (tiny or unusual pages) the text of the
    page's p/h*/li/td blocks is taken instead, with a simple boilerplate filter.
    """
    try:
        import trafilatura
        from lxml import etree
    except ImportError as exc:
        raise _missing("html", name, exc) from None
    html = _html_decode(data)
    if not html.strip():
        raise _no_text(name, "file is empty")
    paras: list[str] = []
    try:
        xml = trafilatura.extract(
            html,
            output_format="xml",
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            include_formatting=False,
            deduplicate=False,
            with_metadata=False,
        )
    except Exception:  # trafilatura gave up on this page: use the fallback
        xml = None
    if xml:
        try:
            root = etree.fromstring(xml.encode("utf-8"), etree.XMLParser(recover=True, huge_tree=True))
        except etree.XMLSyntaxError:
            root = None
        main = root.find("main") if root is not None else None
        if main is not None:
            paras = _block_paragraphs(main, _TRAF_BLOCKS, _TRAF_BREAKS, _TRAF_SKIP)
    simple, raw = _html_fallback(html)
    # On small pages trafilatura falls back to a "baseline" that joins the whole
    # page into one paragraph: restore the structure from the page's own blocks.
    paras = _resplit(paras, raw, set(simple)) if paras else simple
    lines = _paragraph_lines(paras)
    if not lines:
        raise _no_text(name, "no text found in the HTML page")
    return lines


# ---------------------------------------------------------------- PDF

_RTL_CHARS = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_LATIN_CHARS = re.compile(r"[A-Za-z\u00c0-\u024f]")
_PAGE_NUMBER = re.compile(
    r"^[\s\-–—|.]*(?:(?:page|p\.|صفحة|الصفحة)\s*)?[\d٠-٩۰-۹]{1,4}(?:\s*(?:/|of|من)\s*[\d٠-٩۰-۹]{1,4})?[\s\-–—|.]*$",
    re.I,
)
_TERMINAL = tuple(".!?:;…؟؛。»\"”’')]")
_HYPHENS = ("-", "\u2010", "\u00ad")
_MARGIN = 0.1  # top/bottom fraction of a page where running headers and page numbers live
_MIN_GUTTER = 3.0  # points of empty space that separate two columns


def _import_pymupdf(name: str):
    try:
        import pymupdf  # PyMuPDF >= 1.24
    except ImportError as exc:
        try:
            import fitz as pymupdf  # older PyMuPDF
        except Exception:
            raise _missing("pdf", name, exc) from None
        if not hasattr(pymupdf, "open"):  # the unrelated PyPI package "fitz"
            raise _missing("pdf", name, exc) from None
    return pymupdf


def _join_lines(lines: Sequence[str]) -> str:
    """Lines of one paragraph -> one string: spaces between, hyphenated word breaks joined."""
    out = ""
    for line in lines:
        line = " ".join(line.split())
        if not line:
            continue
        if not out:
            out = line
        elif out.endswith("\u00ad"):
            out = out[:-1] + line
        elif out.endswith(_HYPHENS) and len(out) >= 2 and out[-2].isalpha():
            # "infor-" + "mation" -> "information"; "Franco-" + "German" keeps its hyphen
            out = (out[:-1] if line[0].islower() else out) + line
        else:
            out += " " + line
    return out.replace("\u00ad", "")


def _continues(prev: str, nxt: str) -> bool:
    """Does paragraph ``nxt`` look like the rest of ``prev`` (split by a column or page break)?"""
    if not prev or not nxt or not nxt[0].islower():
        return False
    return not prev.endswith(_TERMINAL)


def _same_visual_line(a: Sequence[float], b: Sequence[float]) -> bool:
    """Do two line boxes sit side by side on one baseline (pieces of one visual line)?"""
    overlap_y = min(a[3], b[3]) - max(a[1], b[1])
    overlap_x = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3] - a[1], b[3] - b[1])
    w = min(a[2] - a[0], b[2] - b[0])
    # side by side, overlapping little, and not across a column gutter
    return h > 0 and overlap_y >= 0.5 * h and -0.6 * h <= overlap_x <= 0.3 * max(w, 0.0) + 0.5


def _line_chars(ln: dict) -> list[tuple[str, float]]:
    """(character, x of its origin) of a ``rawdict`` line; ``dict`` lines (no positions) get the line's x."""
    out: list[tuple[str, float]] = []
    for span in ln.get("spans", []):
        chars = span.get("chars")
        if chars is None:
            out += [(c, ln["bbox"][0]) for c in span.get("text", "")]
        else:
            out += [(ch["c"], ch["origin"][0]) for ch in chars]
    return out


def _is_neutral(c: str) -> bool:
    return not (c.isalpha() or c.isdigit())


def _glue(prev: list[tuple[str, float]], nxt: list[tuple[str, float]], ltr: bool) -> list[tuple[str, float]]:
    """Join two pieces of one visual line (MuPDF emits them in logical order).

    In left-to-right text MuPDF hands the punctuation and spaces that follow an
    embedded right-to-left run (``«الماء أساس الحياة», which``) back reversed
    (``الحياة ,»which``); there they belong in left-to-right order, so they are
    put in the order of their positions on the line.
    """
    if ltr and prev and _RTL_CHARS.match(prev[-1][0]):
        k = 0
        while k < len(nxt) and _is_neutral(nxt[k][0]):
            k += 1
        nxt = sorted(nxt[:k], key=lambda cx: cx[1]) + nxt[k:]
    return prev + nxt


def _column_groups(lines: list) -> list[list]:
    """Split the lines of one block at vertical gutters (MuPDF sometimes puts lines of
    two columns into one block); each group keeps the block's line order."""
    if len(lines) <= 1:
        return [lines]
    gx, px = _gaps([bbox for _, bbox in lines], 0, 2)
    if gx < _MIN_GUTTER:
        return [lines]
    left = [ln for ln in lines if ln[1][2] <= px]
    right = [ln for ln in lines if ln[1][2] > px]
    return _column_groups(left) + _column_groups(right)


def _block_paras(block: dict) -> list[tuple[list[float], list[str]]]:
    """One PyMuPDF text block (``rawdict`` or ``dict`` output) -> (bbox, paragraphs) of its columns.

    Usually one column and one paragraph; a column is split after a line that ends
    a sentence and is clearly shorter than the column (the last line of a paragraph),
    which separates paragraphs that MuPDF put into one block because there is no
    extra space between them.
    """
    text_all = "".join(c for ln in block.get("lines", []) for c, _ in _line_chars(ln))
    ltr = len(_LATIN_CHARS.findall(text_all)) >= len(_RTL_CHARS.findall(text_all))
    # MuPDF cuts a visual line where the direction changes (an Arabic quotation in
    # English text, an English name in Arabic text) and emits the pieces as lines
    # of their own, in logical order: glue the pieces of one visual line together.
    raw: list[tuple[list[tuple[str, float]], list[float]]] = []
    for ln in block.get("lines", []):
        chars = _line_chars(ln)
        if not "".join(c for c, _ in chars).strip():
            continue
        bbox = list(ln["bbox"])
        if raw and _same_visual_line(raw[-1][1], bbox):
            prev, pbox = raw[-1]
            gap = max(pbox[0], bbox[0]) - min(pbox[2], bbox[2])
            if not (prev[-1][0].isspace() or chars[0][0].isspace() or gap < 0.2 * (bbox[3] - bbox[1])):
                chars = [(" ", min(pbox[2], bbox[2]))] + chars
            union = [min(pbox[0], bbox[0]), min(pbox[1], bbox[1]), max(pbox[2], bbox[2]), max(pbox[3], bbox[3])]
            raw[-1] = (_glue(prev, chars, ltr), union)
        else:
            raw.append((chars, bbox))
    lines = [(" ".join("".join(c for c, _ in chars).split()), bbox) for chars, bbox in raw]
    out: list[tuple[list[float], list[str]]] = []
    for group in _column_groups(lines) if lines else []:
        box = [min(b[0] for _, b in group), min(b[1] for _, b in group), max(b[2] for _, b in group), max(b[3] for _, b in group)]
        width = max(box[2] - box[0], 1.0)
        paras: list[list[str]] = [[]]
        for k, (text, bbox) in enumerate(group):
            paras[-1].append(text)
            last = k == len(group) - 1
            if not last and len(group) > 2 and text.endswith(_TERMINAL) and (bbox[2] - bbox[0]) < 0.7 * width:
                paras.append([])
        joined = [p for p in (_join_lines(ls) for ls in paras) if p]
        if joined:
            out.append((box, joined))
    return out


def _gaps(items: Sequence[tuple], lo: int, hi: int) -> tuple[float, float]:
    """The widest gap (size, position) between the ``[lo, hi]`` intervals of ``items``."""
    spans = sorted((it[lo], it[hi]) for it in items)
    if not spans:
        return (0.0, 0.0)
    best = (0.0, 0.0)
    end = spans[0][1]
    for a, b in spans[1:]:
        if a > end and a - end > best[0]:
            best = (a - end, (a + end) / 2)
        end = max(end, b)
    return best


def _reading_order(items: list[tuple], rtl: bool) -> list[tuple]:
    """Order text blocks ``(x0, y0, x1, y1, index, ...)`` by a recursive XY cut.

    At each step the widest empty horizontal or vertical band splits the blocks
    (top before bottom; columns left to right, right to left on Arabic pages);
    blocks that cannot be separated keep the order of the PDF's content stream.
    """
    if len(items) <= 1:
        return items
    gx, px = _gaps(items, 0, 2)
    gy, py = _gaps(items, 1, 3)
    if gx < _MIN_GUTTER:  # columns need a real gutter
        gx = 0.0
    if gx <= 0 and gy <= 0:
        return sorted(items, key=lambda it: it[4])
    if gx > gy:
        first = [it for it in items if it[2] <= px]
        second = [it for it in items if it[2] > px]
        if rtl:
            first, second = second, first
    else:
        first = [it for it in items if it[3] <= py]
        second = [it for it in items if it[3] > py]
    return _reading_order(first, rtl) + _reading_order(second, rtl)


def _running_key(text: str) -> str:
    return re.sub(r"[\d٠-٩۰-۹]+", "#", " ".join(text.lower().split()))


def pdf_lines(data: bytes, name: str = "input") -> list[str]:
    """The text of a PDF as paragraph lines: text blocks per page in reading order.

    Lines of a block are joined with spaces (hyphenated line ends joined); page
    numbers and running headers/footers are dropped; a paragraph broken by a page
    or column break is joined when its continuation starts in lower case.  Arabic
    is returned in the order the PDF stores it (visual-order PDFs stay reversed).
    """
    pymupdf = _import_pymupdf(name)
    show = None  # keep MuPDF's own complaints about damaged files off stderr
    try:
        show = (pymupdf.TOOLS.mupdf_display_errors(), pymupdf.TOOLS.mupdf_display_warnings())
        pymupdf.TOOLS.mupdf_display_errors(False)
        pymupdf.TOOLS.mupdf_display_warnings(False)
    except Exception:  # pragma: no cover - older PyMuPDF
        pass
    try:
        try:
            doc = pymupdf.open(stream=data, filetype="pdf")
        except Exception as exc:
            raise AlignError(f"{name}: cannot read PDF, the file is damaged or not a PDF ({_one_line(exc, 120)})") from None
        try:
            if doc.needs_pass and not doc.authenticate(""):
                raise AlignError(f"{name}: the PDF is password-protected; save an unprotected copy first")
            repaired = bool(getattr(doc, "is_repaired", False))
            flags = pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_MEDIABOX_CLIP
            pages: list[tuple[float, list[tuple]]] = []  # (page height, blocks)
            for page in doc:
                blocks = page.get_text("rawdict", flags=flags)["blocks"]
                items = []
                for k, b in enumerate(blocks):
                    if b.get("type", 0) != 0:
                        continue
                    for j, (box, paras) in enumerate(_block_paras(b)):
                        items.append((*box, (k, j), paras))
                pages.append((page.rect.height, items))
        except AlignError:
            raise
        except Exception as exc:
            raise AlignError(f"{name}: cannot read PDF, the file is damaged ({_one_line(exc, 120)})") from None
        finally:
            doc.close()
    finally:
        if show is not None:
            try:
                pymupdf.TOOLS.mupdf_display_errors(show[0])
                pymupdf.TOOLS.mupdf_display_warnings(show[1])
            except Exception:  # pragma: no cover
                pass

    def in_margin(it: tuple, height: float) -> bool:
        return it[3] <= height * _MARGIN or it[1] >= height * (1 - _MARGIN)

    # running headers / footers: the same margin text (digits ignored) on most pages
    counts: dict[str, int] = {}
    for height, items in pages:
        for key in {_running_key(" ".join(it[5])) for it in items if in_margin(it, height)}:
            counts[key] = counts.get(key, 0) + 1
    running = {k for k, c in counts.items() if len(pages) >= 3 and c >= 3 and c * 2 >= len(pages)}

    paras: list[str] = []
    for height, items in pages:
        kept = []
        for it in items:
            text = " ".join(it[5])
            if in_margin(it, height) and (_PAGE_NUMBER.match(text) or _running_key(text) in running):
                continue
            kept.append(it)
        letters = " ".join(" ".join(it[5]) for it in kept)
        rtl = len(_RTL_CHARS.findall(letters)) > len(_LATIN_CHARS.findall(letters))
        for it in _reading_order(kept, rtl):
            for p in it[5]:
                if paras and _continues(paras[-1], p):
                    paras[-1] = _join_lines([paras[-1], p])
                else:
                    paras.append(p)
    lines = _paragraph_lines(paras)
    if not lines and repaired:
        raise AlignError(f"{name}: cannot read PDF, the file is damaged (no readable text in it)")
    if not lines:
        raise _no_text(name, "the PDF has no text layer (scanned images?); run OCR on it first")
    return lines


# ---------------------------------------------------------------- DOCX

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
        raise _missing("docx", name, exc) from None
    try:
        document = docx.Document(io.BytesIO(data))
        body = document.element.body
        paras: list[str] = []
        _docx_blocks(body, paras)
    except Exception as exc:
        raise AlignError(f"{name}: cannot read DOCX, the file is damaged or not a Word document ({_one_line(exc, 120)})") from None
    lines = _paragraph_lines(paras)
    if not lines:
        raise _no_text(name, "the DOCX document has no text")
    return lines


# ---------------------------------------------------------------- dispatch

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
    if data.startswith(_OLE_MAGIC):
        raise AlignError(f"{p}: is an old binary Office file (.doc/.xls); save it as .docx or PDF first")
    if data[:4] == b"PK\x03\x04":
        raise AlignError(f"{p}: is a ZIP archive but not a Word .docx document")
    return decode(data, str(p)).split("\n")
