"""The coverage report as one self-contained HTML page, for a translator or a QA lead.

``render_html(report)`` returns a complete HTML document (UTF-8 text) that needs nothing else: the CSS
is inline, there are no images, fonts, scripts or any other external resource (a Content-Security-Policy
forbids them), and the page works opened from disk. It holds

* a summary: both files with their languages, the model, the source and target coverage (paragraphs,
  sentences, words) as bars, the number of findings of each kind, a legend, and two filters (CSS only);
* the two texts side by side, one table row per paragraph bead, source left and target right, each side
  with its line numbers (links to ``<path>#L<first>`` when the document path is known, relative as
  given), the bead score in the middle, and an anchor ``id="row-<k>"`` per row; a right-to-left language
  is set ``dir="rtl"`` with an Arabic font stack;
* colours per kind: untranslated source paragraphs, added target paragraphs, sentences left out of (or
  added inside) a translated paragraph, highlighted in the paragraph, weak pairs, and page furniture
  greyed; one-sided units below the report's confidence threshold are shown dashed;
* the findings list, with confidence and line spans, each linking to its row.

All text is HTML-escaped.
"""

from __future__ import annotations

import html
import os
import re
import unicodedata
from collections import Counter
from urllib.parse import quote

from ..data import Bead, Document, Segment
from ..text.script import RTL_LANGS, primary_code
from .findings import Finding, Report

__all__ = ["render_html", "RTL_LANGS"]

KINDS = ("untranslated", "partial", "added", "weak", "furniture")
KIND_LABEL = {
    "untranslated": "untranslated",
    "partial": "sentence left out",
    "added": "added",
    "weak": "weak pair",
    "furniture": "furniture",
}
MAX_FINDING_TEXT = 320


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _primary(lang: str | None) -> str:
    return primary_code(lang)


def _is_rtl(lang: str | None) -> bool:
    return _primary(lang) in RTL_LANGS


def _lang_attr(lang: str | None) -> str:
    code = re.sub(r"[^A-Za-z0-9-]", "", (lang or "").replace("_", "-"))
    return f' lang="{_e(code)}"' if code and code.lower() not in ("und", "unknown", "xx") else ""


def _dir_attrs(lang: str | None) -> str:
    return f' dir="{"rtl" if _is_rtl(lang) else "ltr"}"{_lang_attr(lang)}'


def _strong_dir(text: str) -> str | None:
    """``"rtl"`` / ``"ltr"`` by the majority of strong characters, ``None`` without any."""
    rtl = ltr = 0
    for ch in text:
        d = unicodedata.bidirectional(ch)
        if d in ("R", "AL"):
            rtl += 1
        elif d == "L":
            ltr += 1
    if not rtl and not ltr:
        return None
    return "rtl" if rtl > ltr else "ltr"


def _para_dir(text: str, doc_rtl: bool) -> str:
    """A ``dir`` attribute for a paragraph whose script disagrees with its document (an English byline
    in an Arabic file, an Arabic quotation set apart in an English one); empty otherwise."""
    d = _strong_dir(text)
    if d is None or (d == "rtl") == doc_rtl:
        return ""
    return f' dir="{d}"'


def file_href(path: str | None, page_dir: str | None = None) -> str | None:
    """A link target for ``path`` as given: absolute becomes a ``file:`` URL; relative (to the current
    folder) is rewritten relative to ``page_dir``, the folder the page is written to (as it is when
    ``page_dir`` is None); nothing is made absolute here."""
    if not path or path == "-":
        return None
    if page_dir is not None and not os.path.isabs(path):
        path = os.path.relpath(path, page_dir)
    p = path.replace("\\", "/")
    if re.match(r"^[A-Za-z]:/", p):               # a Windows drive path
        return "file:///" + quote(p, safe="/:")
    if p.startswith("/"):
        return "file://" + quote(p, safe="/")
    href = quote(p, safe="/")
    if ":" in href.split("/")[0]:                 # never read as a URL scheme
        href = "./" + href
    return href


def _lines_label(lines: tuple[int, int] | None) -> str:
    if not lines:
        return ""
    a, b = lines
    return f"L{a}" if a == b else f"L{a}\u2013{b}"


def _lines_link(lines: tuple[int, int] | None, href: str | None, cls: str = "ln") -> str:
    if not lines:
        return ""
    label = _e(_lines_label(lines))
    if href:
        return f'<a class="{cls}" href="{_e(href)}#L{lines[0]}" title="open the file at line {lines[0]}">{label}</a>'
    return f'<span class="{cls}">{label}</span>'


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def _level(x: float) -> str:
    return "good" if x >= 0.95 else "fair" if x >= 0.8 else "poor"


# --------------------------------------------------------------------------------------------- model


class _Mark:
    __slots__ = ("start", "end", "cls", "title", "id")

    def __init__(self, start: int, end: int, cls: str, title: str, id_: str) -> None:
        self.start, self.end, self.cls, self.title, self.id = start, end, cls, title, id_


def _locate(par: Segment, sents: list[Segment]) -> dict[int, tuple[int, int]]:
    """Character span of each sentence (by index) inside its paragraph's text, in order."""
    out: dict[int, tuple[int, int]] = {}
    pos = 0
    for s in sents:
        at = par.text.find(s.text, pos)
        if at < 0:
            continue
        out[s.index] = (at, at + len(s.text))
        pos = at + len(s.text)
    return out


def _sentence_marks(report: Report, findings: dict[tuple, Finding]) -> tuple[dict, dict]:
    """Marks for sentences without counterpart inside a translated paragraph, per side and paragraph."""
    par, sent = report.paragraphs, report.sentences
    out: dict[str, dict[int, list[_Mark]]] = {"source": {}, "target": {}}
    if sent is None:
        return out["source"], out["target"]
    for side, pdoc, sdoc, pick in (("source", par.src, sent.src, lambda b: b.src),
                                   ("target", par.tgt, sent.tgt, lambda b: b.tgt)):
        if sdoc.level != "sentence" or not sdoc.segments:
            continue
        par_bead = {i: b for b in par.beads for i in pick(b)}
        lone = {i: b.score for b in sent.beads if not (b.src and b.tgt) for i in pick(b)}
        by_par: dict[int, list[Segment]] = {}
        for s in sdoc.segments:
            if s.parent is not None:
                by_par.setdefault(s.parent, []).append(s)
        for p, sents in by_par.items():
            pb = par_bead.get(p)
            if pb is None or not (pb.src and pb.tgt) or p >= len(pdoc) or pdoc[p].kind == "furniture":
                continue
            if not any(s.index in lone for s in sents):
                continue
            spans = _locate(pdoc[p], sents)
            for s in sents:
                if s.index not in lone or s.index not in spans or s.kind == "furniture":
                    continue
                kind = "partial" if side == "source" else "added"
                f = findings.get((kind, side, "sentence", s.index))
                what = ("left out of the translation" if side == "source" else "not in the source")
                title = f"{what} \u00b7 confidence {lone[s.index]:.2f} \u00b7 {_lines_label(s.lines)}"
                cls = kind if f else f"{kind} low"
                if not f:
                    title += " \u00b7 below the report threshold"
                a, b = spans[s.index]
                prefix = "src" if side == "source" else "tgt"
                out[side].setdefault(p, []).append(_Mark(a, b, cls, title, f"{prefix}-sent-{s.index}"))
    return out["source"], out["target"]


def _para_html(seg: Segment, marks: list[_Mark]) -> str:
    text = seg.text
    out: list[str] = []
    pos = 0
    for m in sorted(marks, key=lambda m: m.start):
        if m.start < pos:
            continue
        out.append(_e(text[pos:m.start]))
        out.append(f'<mark class="{m.cls}" id="{m.id}" title="{_e(m.title)}">{_e(text[m.start:m.end])}</mark>')
        pos = m.end
    out.append(_e(text[pos:]))
    return "".join(out)


# ------------------------------------------------------------------------------------------- sections

CSS = """
:root{--untranslated:#c62828;--untranslated-bg:#fdecea;--partial:#b45f06;--partial-bg:#ffe2a8;
--added:#1565c0;--added-bg:#e3effc;--weak:#7b1fa2;--weak-bg:#f4e6f8;--furniture:#8a8a8a;
--furniture-bg:#f0f0f0;--good:#2e7d32;--fair:#e0a000;--poor:#c62828;--line:#e2e2e2;--muted:#6b6b6b}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:#f7f7f5;color:#1f1f1f;
font:15px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Liberation Sans",Arial,sans-serif}
a{color:#0b57d0}
[lang|=ar],[lang|=fa],[lang|=ur],[lang|=ps],[lang|=sd],[lang|=ug],[lang|=ckb]{
font-family:"Noto Naskh Arabic","Amiri","Scheherazade New","Geeza Pro","Traditional Arabic","Arial",serif}
[lang|=he],[lang|=iw],[lang|=yi]{font-family:"Noto Sans Hebrew","Arial Hebrew","David","Arial",sans-serif}
td.text[dir=rtl]{font-size:1.16em;line-height:1.95}
header.summary{background:#fff;border-bottom:1px solid var(--line);padding:14px 22px 12px}
h1{font-size:1.3em;margin:0 0 8px}
h2{font-size:1.1em;margin:0 0 8px}
.files{display:grid;grid-template-columns:auto 1fr;gap:2px 12px;margin:0 0 12px;font-size:.95em}
.files dt{color:var(--muted)}
.files dd{margin:0;overflow-wrap:anywhere}
.tag{display:inline-block;padding:0 6px;border-radius:4px;background:#eceff3;font-size:.85em;color:#333}
.cov{display:flex;flex-wrap:wrap;align-items:flex-start;gap:14px 40px;margin:4px 0 12px}
.cov table{border-collapse:collapse}
.cov caption{text-align:start;font-weight:600;padding-bottom:4px}
.cov th{font-weight:normal;color:var(--muted);text-align:start;padding:2px 10px 2px 0}
.cov td{padding:2px 8px 2px 0;white-space:nowrap}
.cov td.of{color:var(--muted);font-size:.9em}
.bar{display:inline-block;width:180px;height:10px;border-radius:5px;background:#e7e7e7;overflow:hidden;
vertical-align:middle}
.bar>span{display:block;height:100%;border-radius:5px}
.bar.good>span{background:var(--good)}.bar.fair>span{background:var(--fair)}.bar.poor>span{background:var(--poor)}
.pct{display:inline-block;min-width:4.2em;text-align:end;font-variant-numeric:tabular-nums;font-weight:600}
.counts,.legend,.filters{display:flex;flex-wrap:wrap;gap:6px 10px;align-items:center;margin:6px 0}
.counts>.label,.legend>.label,.filters>.label{color:var(--muted);font-size:.9em;min-width:5.5em}
.chip{display:inline-flex;gap:6px;align-items:center;padding:2px 10px;border-radius:12px;border:1px solid;
white-space:nowrap;font-size:.9em;text-decoration:none;color:inherit;background:#fff}
.chip b{font-variant-numeric:tabular-nums}
.chip.zero{opacity:.45}
.chip.untranslated{border-color:var(--untranslated);background:var(--untranslated-bg)}
.chip.partial{border-color:var(--partial);background:var(--partial-bg)}
.chip.added{border-color:var(--added);background:var(--added-bg)}
.chip.weak{border-color:var(--weak);background:var(--weak-bg)}
.chip.furniture{border-color:var(--furniture);background:var(--furniture-bg);color:#555}
.sw{display:inline-block;width:26px;height:14px;border-radius:3px;vertical-align:middle;margin-inline-end:4px}
.legend span.item{font-size:.88em;white-space:nowrap}
.sw.untranslated{background:var(--untranslated-bg);box-shadow:inset 4px 0 var(--untranslated)}
.sw.added{background:var(--added-bg);box-shadow:inset -4px 0 var(--added)}
.sw.partial{background:var(--partial-bg);border-bottom:2px solid var(--partial)}
.sw.addeds{background:var(--added-bg);border-bottom:2px solid var(--added)}
.sw.weak{background:var(--weak-bg);box-shadow:inset 0 0 0 1px var(--weak)}
.sw.furniture{background:var(--furniture-bg);border:1px solid #ccc}
.sw.low{background:#fff;border:2px dashed #999}
.filters label{font-size:.9em;cursor:pointer}
main{padding:14px 22px 30px}
table.align{width:100%;border-collapse:separate;border-spacing:0;table-layout:fixed;background:#fff;
border:1px solid var(--line);border-radius:6px}
table.align col.ln{width:5.4em}
table.align col.mid{width:7.2em}
table.align thead th{position:sticky;top:0;z-index:1;background:#fafafa;border-bottom:1px solid #d6d6d6;
padding:7px 10px;font-weight:600;text-align:start;font-size:.92em}
table.align thead th.mid,table.align thead th.ln{color:var(--muted);font-weight:normal;text-align:center}
tr.bead{scroll-margin-top:3em}
tr.bead>td{border-top:1px solid var(--line);vertical-align:top;padding:9px 12px}
tr.bead>td.ln{font-size:.82em;padding:11px 6px;text-align:center;color:var(--muted);white-space:nowrap}
tr.bead>td.ln a,tr.bead>td.ln span{color:var(--muted);text-decoration:none;font-variant-numeric:tabular-nums}
tr.bead>td.ln a:hover{text-decoration:underline;color:#0b57d0}
td.text p{margin:0;overflow-wrap:anywhere}
td.text p+p{margin-top:8px;padding-top:8px;border-top:1px dashed #ddd}
td.text .pln{font-size:.72em;color:var(--muted);margin-inline-end:6px;text-decoration:none;
font-family:system-ui,"Liberation Sans",Arial,sans-serif;font-variant-numeric:tabular-nums}
td.text p.furniture{color:var(--furniture);font-style:italic}
td.text .gap{color:#9a9a9a;font-style:italic;font-size:.88em;
font-family:system-ui,"Liberation Sans",Arial,sans-serif}
td.mid{text-align:center;font-size:.85em;color:var(--muted);background:#fcfcfc;
border-inline:1px solid #efefef}
td.mid a.rowno{color:var(--muted);text-decoration:none;font-size:.9em}
td.mid .score{display:block;font-size:1.25em;font-weight:600;font-variant-numeric:tabular-nums;margin:1px 0}
td.mid .what{display:block;font-size:.85em}
.score.good{color:var(--good)}.score.fair{color:#a87400}.score.poor{color:var(--poor)}
.meter{display:block;height:4px;margin:3px auto 2px;width:70%;background:#e6e6e6;border-radius:2px;overflow:hidden}
.meter>span{display:block;height:100%;background:currentColor}
tr.untranslated>td.src{background:var(--untranslated-bg);box-shadow:inset 4px 0 var(--untranslated)}
tr.untranslated>td.mid .what,tr.untranslated>td.mid .score{color:var(--untranslated);font-weight:600}
tr.added>td.tgt{background:var(--added-bg);box-shadow:inset -4px 0 var(--added)}
tr.added>td.mid .what,tr.added>td.mid .score{color:var(--added);font-weight:600}
tr.weak>td.text{background:var(--weak-bg)}
tr.weak>td.mid .what{color:var(--weak);font-weight:600}
tr.furniture>td{background:var(--furniture-bg)}
tr.furniture>td.text{color:var(--furniture)}
tr.furniture>td.mid .what,tr.furniture>td.mid .score{color:var(--furniture)}
tr.low.untranslated>td.src{background:#fff;box-shadow:none;outline:2px dashed var(--untranslated);outline-offset:-4px}
tr.low.added>td.tgt{background:#fff;box-shadow:none;outline:2px dashed var(--added);outline-offset:-4px}
tr.bead:target>td{background-color:#fff6c2}
mark{color:inherit;border-radius:3px;padding:0 1px}
mark.partial{background:var(--partial-bg);border-bottom:2px solid var(--partial)}
mark.added{background:var(--added-bg);border-bottom:2px solid var(--added)}
mark.low{background:transparent;border-bottom-style:dashed}
mark:target{outline:2px solid #f9a825}
section.findings{margin-top:22px;background:#fff;border:1px solid var(--line);border-radius:6px;
padding:12px 14px}
table.findings{width:100%;border-collapse:collapse;font-size:.93em}
table.findings th{text-align:start;color:var(--muted);font-weight:normal;border-bottom:1px solid #d6d6d6;
padding:4px 8px}
table.findings td{border-top:1px solid #eee;padding:5px 8px;vertical-align:top}
table.findings td.num{font-variant-numeric:tabular-nums;white-space:nowrap}
table.findings td.ftext{max-width:0;width:55%;overflow-wrap:anywhere}
table.findings td.ftext[lang|=ar]{font-size:1.1em;line-height:1.8}
.bar.conf{width:50px;height:8px}
.bar.conf.untranslated>span{background:var(--untranslated)}.bar.conf.partial>span{background:var(--partial)}
.bar.conf.added>span{background:var(--added)}.bar.conf.weak>span{background:var(--weak)}
.bar.conf.furniture>span{background:var(--furniture)}
.ok-note{color:var(--good)}
footer{color:var(--muted);font-size:.85em;padding:0 22px 26px;max-width:70em}
body:has(#only-issues:checked) tr.bead.clean{display:none}
body:has(#hide-furniture:checked) tr.bead.furniture,
body:has(#hide-furniture:checked) tr.finding.furniture{display:none}
@media print{.filters{display:none}table.align thead th{position:static}body{background:#fff}}
@media (max-width:760px){table.align col.ln{width:3.6em}table.align col.mid{width:5em}.bar{width:110px}}
"""


def coverage_table(title: str, cov: dict) -> str:
    if not cov:
        return ""
    rows = []
    for key, label in (("paragraphs", "paragraphs"), ("sentences", "sentences"), ("words", "words")):
        x = float(cov.get(key, 1.0))
        n = cov.get(f"n_{key}")
        of = f"of {n:,} {label}" if isinstance(n, int) else ""
        rows.append(
            f'<tr class="cov-{key}"><th>{label}</th><td><span class="pct">{_pct(x)}</span></td>'
            f'<td><span class="bar {_level(x)}" role="img" aria-label="{_pct(x)}">'
            f'<span style="width:{min(100.0, max(0.0, 100 * x)):.1f}%"></span></span></td>'
            f'<td class="of">{_e(of)}</td></tr>'
        )
    furn = cov.get("n_furniture")
    if furn:
        rows.append(f'<tr><th>furniture</th><td colspan="3" class="of">{furn} paragraph{"s" * (furn != 1)} '
                    f'(not counted)</td></tr>')
    return (f'<table class="covtab"><caption>{_e(title)}</caption>'
            + "".join(rows) + "</table>")


def _doc_line(role: str, doc: Document, href: str | None) -> str:
    name = doc.path or f"({role.lower()})"
    link = f'<a href="{_e(href)}"><bdi>{_e(name)}</bdi></a>' if href else f"<bdi>{_e(name)}</bdi>"
    rtl = " \u00b7 right-to-left" if _is_rtl(doc.lang) else ""
    return (f"<dt>{_e(role)}</dt><dd>{link} <span class=\"tag\">{_e(doc.lang or '?')}{rtl}</span> "
            f"<span class=\"of\">{len(doc.segments)} paragraphs</span></dd>")


def _summary(report: Report, hrefs: tuple[str | None, str | None], counts: Counter, n_low: Counter) -> str:
    src, tgt = report.src, report.tgt
    cov = report.coverage or {}
    parts = ['<header class="summary">', "<h1>Translation coverage report</h1>", '<dl class="files">',
             _doc_line("Source", src, hrefs[0]), _doc_line("Target", tgt, hrefs[1]),
             f"<dt>Model</dt><dd>{_e(report.paragraphs.model or 'unknown')}</dd>", "</dl>",
             '<div class="cov">',
             coverage_table("Source covered by the translation", cov.get("source", {})),
             coverage_table("Target matched in the source", cov.get("target", {})),
             "</div>", '<div class="counts"><span class="label">Findings</span>']
    for k in KINDS:
        n = counts.get(k, 0)
        parts.append(f'<a class="chip {k}{" zero" * (not n)}" href="#findings" data-kind="{k}">'
                     f'{_e(KIND_LABEL[k])} <b>{n}</b></a>')
    low = n_low.get("untranslated", 0) + n_low.get("added", 0)
    if low:
        parts.append(f'<span class="of" title="one-sided paragraphs whose confidence is below the report '
                     f'threshold: shown dashed, not listed">+{low} below threshold</span>')
    parts.append("</div>")
    parts.append('<div class="legend"><span class="label">Legend</span>'
                 '<span class="item"><span class="sw untranslated"></span>untranslated paragraph</span>'
                 '<span class="item"><span class="sw partial"></span>sentence left out</span>'
                 '<span class="item"><span class="sw added"></span>added paragraph</span>'
                 '<span class="item"><span class="sw addeds"></span>added sentence</span>'
                 '<span class="item"><span class="sw weak"></span>weak pair</span>'
                 '<span class="item"><span class="sw furniture"></span>page furniture</span>'
                 '<span class="item"><span class="sw low"></span>below threshold</span></div>')
    parts.append('<div class="filters"><span class="label">Show</span>'
                 '<label><input type="checkbox" id="only-issues"> only rows with an issue</label>'
                 '<label><input type="checkbox" id="hide-furniture"> hide furniture</label></div>')
    parts.append("</header>")
    return "\n".join(parts)


def _cell(side: str, doc: Document, idx: tuple[int, ...], marks: dict[int, list[_Mark]], href: str | None,
          placeholder: str) -> str:
    rtl = _is_rtl(doc.lang)
    cls = "src" if side == "source" else "tgt"
    attrs = f' class="text {cls}"{_dir_attrs(doc.lang)}'
    if not idx:
        return (f'<td{attrs}><span class="gap" lang="en" dir="ltr">{_e(placeholder)}</span></td>')
    prefix = "s" if side == "source" else "t"
    ps = []
    for i in idx:
        seg = doc[i]
        label = (_lines_link(seg.lines, href, "pln") + " ") if len(idx) > 1 else ""
        pcls = ' class="furniture"' if seg.kind == "furniture" else ""
        ps.append(f'<p id="{prefix}{i}"{pcls}{_para_dir(seg.text, rtl)}>{label}'
                  f"{_para_html(seg, marks.get(i, []))}</p>")
    return f"<td{attrs}>{''.join(ps)}</td>"


def _row(k: int, b: Bead, report: Report, findings: dict[tuple, Finding], marks: tuple[dict, dict],
         hrefs: tuple[str | None, str | None]) -> tuple[str, str, bool]:
    """The ``<tr>`` of bead ``k``, its kind and whether it is listed (reported) or below threshold."""
    src, tgt = report.src, report.tgt
    classes = ["bead"]
    listed = True
    if b.src and b.tgt:
        kind = "weak" if ("weak", "source", "paragraph", b.src[0]) in findings else "aligned"
        has_p = any(marks[0].get(i) for i in b.src)
        has_a = any(marks[1].get(j) for j in b.tgt)
        classes.append(kind)
        classes += ["has-partial"] * has_p + ["has-added"] * has_a
        if kind == "aligned" and not (has_p or has_a):
            classes.append("clean")
        what = "weak pair" if kind == "weak" else f"{len(b.src)}\u2013{len(b.tgt)} pair"
        title = "confidence that the two sides translate each other (0.5 = this pair's threshold)"
        level = "good" if b.score >= 0.7 else "fair" if b.score >= 0.5 else "poor"
    else:
        side, doc, idx = ("source", src, b.src) if b.src else ("target", tgt, b.tgt)
        content = [i for i in idx if doc[i].kind != "furniture"]
        if content:
            kind = "untranslated" if side == "source" else "added"
            listed = any((kind, side, "paragraph", i) in findings for i in content)
        else:
            kind = "furniture"
        classes.append(kind)
        if not listed:
            classes.append("low")
        what = {"untranslated": "untranslated", "added": "added", "furniture": "furniture"}[kind]
        if not listed:
            what += " (low)"
        title = "confidence that the unit has no counterpart"
        level = "one-sided"
    pct = min(100.0, max(0.0, 100 * b.score))
    mid = (f'<td class="mid" title="{_e(title)}"><a class="rowno" href="#row-{k}">#{k + 1}</a>'
           f'<span class="score {level}">{b.score:.2f}</span>'
           f'<span class="meter score {level}"><span style="width:{pct:.0f}%"></span></span>'
           f'<span class="what">{_e(what)}</span></td>')
    src_ph = "\u2014 no counterpart \u2014" if kind == "furniture" else "\u2014 not in the source \u2014"
    tgt_ph = "\u2014 no counterpart \u2014" if kind == "furniture" else "\u2014 not translated \u2014"
    row = (f'<tr id="row-{k}" class="{" ".join(classes)}" data-score="{b.score:.4f}">'
           f'<td class="ln src-ln">{_lines_link(src.span(b.src), hrefs[0])}</td>'
           + _cell("source", src, b.src, marks[0], hrefs[0], src_ph)
           + mid
           + _cell("target", tgt, b.tgt, marks[1], hrefs[1], tgt_ph)
           + f'<td class="ln tgt-ln">{_lines_link(tgt.span(b.tgt), hrefs[1])}</td></tr>')
    return row, kind, listed


def _finding_row(f: Finding, report: Report, row_of: dict[tuple[str, int], int],
                 hrefs: tuple[str | None, str | None]) -> str:
    side_doc = report.src if f.side == "source" else report.tgt
    other_href = hrefs[1] if f.side == "source" else hrefs[0]
    href = hrefs[0] if f.side == "source" else hrefs[1]
    if f.unit == "sentence":
        sdoc = report.sentences.src if f.side == "source" else report.sentences.tgt
        par = sdoc[f.index].parent if 0 <= f.index < len(sdoc) else None
    else:
        par = f.index
    k = row_of.get((f.side, par)) if par is not None else None
    text = f.text if len(f.text) <= MAX_FINDING_TEXT else f.text[: MAX_FINDING_TEXT - 1] + "\u2026"
    where = _lines_link(f.lines, href)
    if f.counterpart_lines:
        where += ' <span class="of">\u2194</span> ' + _lines_link(f.counterpart_lines, other_href)
    go = f'<a href="#row-{k}">row {k + 1}</a>' if k is not None else ""
    anchor = ""
    if f.unit == "sentence" and k is not None:
        anchor = f' <a class="of" href="#{"src" if f.side == "source" else "tgt"}-sent-{f.index}">sentence</a>'
    pct = min(100.0, max(0.0, 100 * f.confidence))
    return (f'<tr class="finding {f.kind}" data-kind="{f.kind}">'
            f'<td><span class="chip {f.kind}">{_e(KIND_LABEL[f.kind])}</span></td>'
            f"<td>{_e(f.side)} {_e(f.unit)}</td>"
            f'<td class="num">{where}</td>'
            f'<td class="num">{f.confidence:.2f} <span class="bar conf {f.kind}">'
            f'<span style="width:{pct:.0f}%"></span></span></td>'
            f'<td class="ftext" dir="auto"{_lang_attr(side_doc.lang)}>{_e(text)}</td>'
            f'<td class="num">{go}{anchor}</td></tr>')


def render_html(report: Report, page_dir: str | None = None) -> str:
    """The whole report as one self-contained HTML document; ``page_dir``: the folder it will be written
    to, so that the links to the source files (given relative to the current folder) still resolve."""
    src, tgt = report.src, report.tgt
    hrefs = (file_href(src.path, page_dir), file_href(tgt.path, page_dir))
    findings = {(f.kind, f.side, f.unit, f.index): f for f in report.findings}
    marks = _sentence_marks(report, findings)
    counts = Counter(f.kind for f in report.findings)

    rows: list[str] = []
    row_of: dict[tuple[str, int], int] = {}
    n_low: Counter = Counter()
    for k, b in enumerate(report.paragraphs.beads):
        for i in b.src:
            row_of[("source", i)] = k
        for j in b.tgt:
            row_of[("target", j)] = k
        row, kind, listed = _row(k, b, report, findings, marks, hrefs)
        if not listed:
            n_low[kind] += 1
        rows.append(row)

    def head(role: str, doc: Document) -> str:
        name = doc.path or role.lower()
        return (f'<th class="text"{_dir_attrs(doc.lang)}><span lang="en" dir="ltr">{_e(role)} '
                f'<span class="tag">{_e(doc.lang or "?")}</span> <bdi class="of">{_e(name)}</bdi></span></th>')

    title = f"Coverage: {src.path or 'source'} \u2192 {tgt.path or 'target'}"
    findings_html = [f'<section class="findings" id="findings"><h2>Findings ({len(report.findings)})</h2>']
    if report.findings:
        findings_html.append('<table class="findings"><thead><tr><th>kind</th><th>unit</th><th>lines</th>'
                             '<th>confidence</th><th>text</th><th>go to</th></tr></thead><tbody>')
        findings_html += [_finding_row(f, report, row_of, hrefs) for f in report.findings]
        findings_html.append("</tbody></table>")
    else:
        findings_html.append('<p class="ok-note">No findings: every content paragraph and sentence has a '
                             "counterpart.</p>")
    findings_html.append("</section>")

    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en" dir="ltr">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "style-src 'unsafe-inline'; img-src data:\">",
        '<meta name="generator" content="align">',
        f"<title>{_e(title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        _summary(report, hrefs, counts, n_low),
        "<main>",
        '<table class="align" id="alignment">',
        '<colgroup><col class="ln"><col class="text"><col class="mid"><col class="text"><col class="ln">'
        "</colgroup>",
        "<thead><tr>",
        '<th class="ln">lines</th>', head("Source", src), '<th class="mid">score</th>', head("Target", tgt),
        '<th class="ln">lines</th>',
        "</tr></thead>",
        "<tbody>",
        *rows,
        "</tbody></table>",
        *findings_html,
        "</main>",
        "<footer><p><b>Score.</b> For a pair: the confidence that the two sides translate each other; "
        "0.5 sits on this document pair's own decision threshold, above 0.9 is a clear translation, "
        "0.5\u20130.7 a loose or partial one. For an unmatched paragraph or sentence: the confidence that it "
        "really has no counterpart. Line numbers are 1-based and link to the input files when their paths "
        "are known (relative to this page's folder, as given on the command line).</p></footer>",
        "</body>",
        "</html>",
        "",
    ])
