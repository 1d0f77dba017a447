"""The review page: one self-contained HTML file (no network, no server; it works opened from disk).

Both texts side by side (a right-to-left language set ``dir="rtl"``), one row per bead, findings
highlighted; the reviewer merges, splits, moves sentences between neighbouring rows, marks wrong pairs,
dismisses or confirms findings and comments, with undo / redo, all from the keyboard (:data:`KEYS`). The
state (:mod:`align.review.state`) travels inside the page as JSON; the page keeps the edits in
``localStorage`` while it is open and saves them as a small JSON file for ``align apply``. Its script and
styles are the package files ``review.js`` and ``review.css``, inlined.
"""

from __future__ import annotations

import html
import json
from importlib.resources import files

from ..report.html import CSS, coverage_table, file_href
from ..text.script import RTL_LANGS, primary_code
from .state import ReviewState

# (keys, what they do): the page's help and the README list the same
KEYS = [
    ("\u2193 \u2191 or j k", "next / previous row"),
    ("\u2192 \u2190 or l h", "next / previous sentence of the row (source, then target)"),
    ("n p", "next / previous row with an open finding"),
    ("m", "merge the row with the next"),
    ("s", "split the row before the selected sentence (after it when it is its side's first); the other side "
          "is cut at the same proportion"),
    ("Shift+\u2191", "move the first sentence of the selected side to the row above"),
    ("Shift+\u2193", "move the last sentence of the selected side to the row below"),
    ("x", "mark the pair wrong (its sides do not translate each other) / unmark"),
    ("d", "dismiss the finding (of the selected sentence, else of the row) / reopen"),
    ("c", "confirm the finding / reopen"),
    ("e", "comment on the row (Enter saves, Esc cancels)"),
    ("Ctrl+Z or u", "undo"),
    ("Ctrl+Shift+Z, Ctrl+Y or r", "redo"),
    ("Ctrl+S", "save the state (a JSON file for align apply)"),
    ("?", "show / hide these keys"),
]

BUTTONS = [("merge", "Merge", "m"), ("split", "Split", "s"), ("move-up", "First \u2191", "Shift+\u2191"),
           ("move-down", "Last \u2193", "Shift+\u2193"), ("wrong", "Wrong pair", "x"), ("dismiss", "Dismiss", "d"),
           ("confirm", "Confirm", "c"), ("comment", "Comment", "e"), ("undo", "Undo", "Ctrl+Z"),
           ("redo", "Redo", "Ctrl+Y"), ("save", "Save state", "Ctrl+S")]

CSP = ("default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:")


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _asset(name: str) -> str:
    return files(__package__).joinpath(name).read_text(encoding="utf-8")


def _side_info(side: dict, page_dir: str | None) -> dict:
    rtl = primary_code(side["lang"]) in RTL_LANGS
    return {**side, "dir": "rtl" if rtl else "ltr", "href": file_href(side["path"], page_dir)}


def _page_data(state: ReviewState, save_name: str, page_dir: str | None) -> str:
    data = state.as_dict()
    data["source"] = _side_info(data["source"], page_dir)
    data["target"] = _side_info(data["target"], page_dir)
    data["save_name"] = save_name
    # inside <script type="application/json">: no "<" at all, so that no text can close the element
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")


def _header(state: ReviewState) -> str:
    def doc(role: str, d) -> str:
        return (f"<dt>{role}</dt><dd><bdi>{_e(d.path or role.lower())}</bdi> <span class=\"tag\">{_e(d.lang)}</span> "
                f'<span class="of">{len(d.segments)} sentences</span></dd>')

    start = "paragraph bead" if state.level == "paragraph" else "sentence bead"
    cov = state.coverage or {}
    tables = "".join(coverage_table(t, cov.get(k, {})) for t, k in (("Source covered by the translation", "source"),
                                                                    ("Target matched in the source", "target")))
    keys = "".join(f"<tr><td><kbd>{_e(k)}</kbd></td><td>{_e(v)}</td></tr>" for k, v in KEYS)
    return "\n".join([
        '<header class="summary">', "<h1>Alignment review</h1>", '<dl class="files">',
        doc("Source", state.src), doc("Target", state.tgt),
        f"<dt>Model</dt><dd>{_e(state.model or 'unknown')}</dd><dt>Rows</dt><dd>one per {start} of the tool's "
        "alignment at the start; units are sentences</dd>", "</dl>",
        f'<div class="cov">{tables}</div>' if tables else "",
        '<div class="counts"><span class="label">Findings</span> <span><b id="n-open">0</b> open</span> '
        '<span><b id="n-dismissed">0</b> dismissed</span> <span><b id="n-confirmed">0</b> confirmed</span> '
        '<span class="of">\u00b7 <b id="n-rows">0</b> rows</span></div>',
        f'<details id="keys"><summary>Keys (<kbd>?</kbd>)</summary><table>{keys}</table></details>',
        '<p id="restored" hidden>The edits kept in this browser for these texts were restored. '
        '<button type="button" id="forget">Forget them and start again</button></p>',
        "</header>",
    ])


def _toolbar() -> str:
    buttons = "".join(f'<button type="button" id="{i}" title="{_e(k)}">{_e(label)} <kbd>{_e(k)}</kbd></button>'
                      for i, label, k in BUTTONS)
    return (f'<div class="bar-sticky"><div class="toolbar" role="toolbar" aria-label="Edit the current row">{buttons}'
            '</div><p id="status" role="status" aria-live="polite"></p></div>')


def _table(state: ReviewState) -> str:
    """The grid the rows are drawn into (blocks, not a table: rows off screen skip layout and paint)."""
    def head(role: str, d) -> str:
        rtl = primary_code(d.lang) in RTL_LANGS
        return (f'<div class="text" role="columnheader" dir="{"rtl" if rtl else "ltr"}"><span dir="ltr">{role} '
                f'<span class="tag">{_e(d.lang)}</span></span></div>')

    return ('<div class="review" id="grid" tabindex="0" role="grid" aria-label="Alignment rows: arrows move, '
            'press ? for the keys"><div class="head" role="row"><div class="ln" role="columnheader">lines</div>'
            f'{head("Source", state.src)}<div class="mid" role="columnheader">row \u00b7 score</div>'
            f'{head("Target", state.tgt)}<div class="ln" role="columnheader">lines</div></div>'
            '<div id="rows" role="rowgroup"></div></div>')


COMMENT_BOX = ('<div id="comment-box" role="dialog" aria-modal="true" aria-labelledby="comment-title" hidden>'
               '<h2 id="comment-title">Comment on row <span id="comment-row"></span></h2>'
               '<textarea id="comment-text" rows="3" dir="auto" aria-label="comment"></textarea>'
               '<button type="button" id="comment-save">Save <kbd>Enter</kbd></button> '
               '<button type="button" id="comment-cancel">Cancel <kbd>Esc</kbd></button></div>')


def render_review(state: ReviewState, save_name: str = "review.state.json", page_dir: str | None = None) -> str:
    """The review page for ``state``; ``save_name``: the file name the page saves its state as;
    ``page_dir``: the folder the page is written to (line numbers link to the inputs from there)."""
    title = f"Review: {state.src.path or 'source'} \u2192 {state.tgt.path or 'target'}"
    return "\n".join([
        "<!DOCTYPE html>", '<html lang="en" dir="ltr">', "<head>", '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">', '<meta name="generator" content="align">',
        f"<title>{_e(title)}</title>", f"<style>{CSS}{_asset('review.css')}</style>", "</head>", "<body>",
        _header(state), _toolbar(), "<main>", _table(state), "</main>", COMMENT_BOX,
        "<noscript><p>The review page needs JavaScript; the texts and the alignment are in the state below.</p></noscript>",
        f'<script type="application/json" id="review-state">{_page_data(state, save_name, page_dir)}</script>',
        f"<script>{_asset('review.js')}</script>", "</body>", "</html>", "",
    ])
