"""HTML -> paragraph lines: the main text by trafilatura, with an lxml fallback for tiny pages."""

from __future__ import annotations

import codecs
import copy
import re
from typing import Sequence

from .common import missing_extra, no_text, paragraph_lines

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

    A paragraph that is exactly several consecutive blocks of the page (``raw``) joined, by spaces or by
    nothing at all (a page with no white space between its tags), is split into them, and the pieces the
    simple boilerplate filter rejected (not in ``keep``) are dropped, unless that would drop all.
    """
    if len(raw) < 2:
        return list(paras)
    known = set(raw)
    squeezed = [s.replace(" ", "") for s in raw]
    out: list[str] = []
    for t in paras:
        parts = None if t in known else _as_blocks(t.replace(" ", ""), raw, squeezed)
        if parts:
            out.extend([q for q in parts if q in keep] or parts)
        else:
            out.append(t)
    return out


def _as_blocks(text: str, raw: Sequence[str], squeezed: Sequence[str]) -> list[str] | None:
    """Two or more consecutive blocks of ``raw`` whose texts, spaces removed (``squeezed``), make ``text``."""
    for i, s in enumerate(squeezed):
        if not s or len(s) >= len(text) or not text.startswith(s):
            continue
        rest, j = text[len(s):], i + 1
        while rest and j < len(raw) and squeezed[j] and rest.startswith(squeezed[j]):
            rest, j = rest[len(squeezed[j]):], j + 1
        if not rest:
            return list(raw[i:j])
    return None


def html_lines(data: bytes, name: str = "input") -> list[str]:
    """The main text of an HTML page (menus, comments, link lists removed) as paragraph lines.

    Uses trafilatura; if it finds nothing (tiny or unusual pages) the text of the
    page's p/h*/li/td blocks is taken instead, with a simple boilerplate filter.
    """
    try:
        import trafilatura
        from lxml import etree
    except ImportError as exc:
        raise missing_extra("html", name, exc) from None
    html = _html_decode(data)
    if not html.strip():
        raise no_text(name, "file is empty")
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
    lines = paragraph_lines(paras)
    if not lines:
        raise no_text(name, "no text found in the HTML page")
    return lines
