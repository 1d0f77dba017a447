"""The HTML coverage report: structure, self-containment, escaping, right-to-left, and a real headless
browser (Debian Chromium) that renders it."""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from align.data import Alignment, Bead, Document, Segment
from align.report import ReportConfig, build_report
from align.report.html import render_html

SCRIPT = "<script>alert('x')</script>"

# (text, lines, kind) of the paragraphs, and the sentences of each paragraph
EN = [
    ("News & Comment", (1, 1), "furniture", ["News & Comment"]),
    ("First paragraph of the article. It has two sentences.", (3, 4), "content",
     ["First paragraph of the article.", "It has two sentences."]),
    (f"The second paragraph quotes {SCRIPT} & more. This sentence was left out.", (6, 6), "content",
     [f"The second paragraph quotes {SCRIPT} & more.", "This sentence was left out."]),
    ("A paragraph nobody translated.", (8, 8), "content", ["A paragraph nobody translated."]),
    ("A paragraph translated only loosely.", (10, 11), "content", ["A paragraph translated only loosely."]),
    ("A closing remark that may be missing.", (13, 13), "content", ["A closing remark that may be missing."]),
]
AR = [
    ("الفقرة الأولى من المقال. لها جملتان.", (1, 2), "content", ["الفقرة الأولى من المقال.", "لها جملتان."]),
    ("الفقرة الثانية تقتبس <b>نصا</b> وغيره. وجملة أضافها المترجم.", (4, 4), "content",
     ["الفقرة الثانية تقتبس <b>نصا</b> وغيره.", "وجملة أضافها المترجم."]),
    ("فقرة أضافها المترجم من عنده.", (6, 6), "content", ["فقرة أضافها المترجم من عنده."]),
    ("ترجمة فضفاضة جدا للفقرة (CENTCOM).", (8, 8), "content", ["ترجمة فضفاضة جدا للفقرة (CENTCOM)."]),
]
# paragraph beads: furniture alone, 1-1, 1-1 (a sentence left out, one added), untranslated, added, weak,
# and a one-sided paragraph below the report's confidence threshold
PAR_BEADS = [((0,), (), 0.3), ((1,), (0,), 0.95), ((2,), (1,), 0.82), ((3,), (), 0.9), ((), (2,), 0.85),
             ((4,), (3,), 0.35), ((5,), (), 0.45)]
# sentence beads: sentence 2 is left out below the partial threshold (0.6), sentence 4 above it,
# target sentence 3 is added inside a translated paragraph
SENT_BEADS = [((0,), (), 0.3), ((1,), (0, 1), 0.93), ((2,), (), 0.55), ((3,), (2,), 0.8), ((), (3,), 0.7),
              ((4,), (), 0.75), ((5,), (), 0.9), ((), (4,), 0.85), ((6,), (5,), 0.4), ((7,), (), 0.45)]


def _document(spec, lang: str, path: str | None) -> Document:
    pars, sents = [], []
    for i, (text, lines, kind, sentences) in enumerate(spec):
        pars.append(Segment(i, text, lines, kind))
        for s in sentences:
            assert s in text
            sents.append(Segment(len(sents), s, lines, kind, i))
    return Document(tuple(pars), lang, "paragraph", path, tuple(sents))


def _report(src_path: str | None = "docs/en article.txt", tgt_path: str | None = "docs/ar.txt"):
    src, tgt = _document(EN, "en", src_path), _document(AR, "ar", tgt_path)
    par = Alignment(src, tgt, tuple(Bead(s, t, c) for s, t, c in PAR_BEADS), model="hand-made")
    sent = Alignment(src.sentence_level(), tgt.sentence_level(),
                     tuple(Bead(s, t, c) for s, t, c in SENT_BEADS), model="hand-made")
    return build_report(par, sent, ReportConfig(min_partial=0.6))  # the fixture sits around 0.6


class Tree(HTMLParser):
    """Every start tag with its attributes, the text, and the text inside <style>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self.style: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        (self.style if self._in_style else self.text).append(data)

    def find(self, tag: str | None = None, cls: str | None = None, **attrs) -> list[dict[str, str]]:
        return [a for t, a in self.tags
                if (tag is None or t == tag) and (cls is None or cls in a.get("class", "").split())
                and all(a.get(k.replace("_", "-")) == v for k, v in attrs.items())]


def _parse(page: str) -> Tree:
    tree = Tree()
    tree.feed(page)
    tree.close()
    return tree


@pytest.fixture(scope="module")
def report():
    return _report()


@pytest.fixture(scope="module")
def page(report) -> str:
    return render_html(report)


FINDING_KINDS = ["added", "added", "furniture", "partial", "untranslated", "weak"]


def test_report_fixture_has_every_kind(report) -> None:
    assert sorted(f.kind for f in report.findings) == FINDING_KINDS


def test_self_contained(page: str) -> None:
    tree = _parse(page)
    assert page.startswith("<!DOCTYPE html>")
    for tag, attrs in tree.tags:
        for key in ("src", "href", "srcset", "data", "action", "poster"):
            value = attrs.get(key, "").strip().lower()
            assert not re.match(r"^(https?:|//|ftp:)", value), (tag, key, value)
        assert tag not in ("link", "img", "iframe", "object", "embed", "script"), tag
    css = "".join(tree.style)
    assert css and "@import" not in css and "url(" not in css
    assert "http://" not in page and "https://" not in page


def test_one_row_per_paragraph_bead(report, page: str) -> None:
    tree = _parse(page)
    rows = tree.find("tr", "bead")
    assert len(rows) == len(report.paragraphs.beads) == len(PAR_BEADS)
    assert [r["id"] for r in rows] == [f"row-{k}" for k in range(len(PAR_BEADS))]
    kinds = [next(c for c in r["class"].split() if c in
                  ("aligned", "untranslated", "added", "weak", "furniture")) for r in rows]
    assert kinds == ["furniture", "aligned", "aligned", "untranslated", "added", "weak", "untranslated"]
    assert "low" in rows[6]["class"].split() and "low" not in rows[3]["class"].split()
    assert {"has-partial", "has-added"} <= set(rows[2]["class"].split())
    assert not any("clean" in r["class"].split() for r in rows)  # row 1 holds a low-confidence omission
    # every row shows its bead score
    assert re.findall(r'<span class="score [^"]*">([0-9.]+)</span>', page) == \
        [f"{c:.2f}" for _, _, c in PAR_BEADS]


def test_arabic_cells_are_right_to_left(page: str) -> None:
    tree = _parse(page)
    tgt = tree.find("td", "tgt")
    assert len(tgt) == len(PAR_BEADS)
    assert all(a["dir"] == "rtl" and a["lang"] == "ar" for a in tgt)
    assert all(a["dir"] == "ltr" and a["lang"] == "en" for a in tree.find("td", "src"))
    css = "".join(tree.style)
    assert '"Noto Naskh Arabic"' in css and '"Amiri"' in css and "[lang|=ar]" in css


def test_findings_listed_with_kinds_and_links_to_rows(report, page: str) -> None:
    tree = _parse(page)
    found = tree.find("tr", "finding")
    assert [a["data-kind"] for a in found] == [f.kind for f in report.findings]
    body = page.split('id="findings"', 1)[1]
    hrefs = re.findall(r'href="#(row-\d+)"', body)
    assert set(hrefs) == {"row-0", "row-2", "row-3", "row-4", "row-5"}
    ids = {a["id"] for a in tree.find() if "id" in a}
    assert set(hrefs) <= ids
    # the left-out sentence is highlighted inside its (translated) paragraph and the finding points at it
    mark = tree.find("mark", "partial", id="src-sent-4")
    assert mark and "low" not in mark[0]["class"]
    assert re.search(r'<mark class="partial" id="src-sent-4"[^>]*>This sentence was left out\.</mark>', page)
    assert 'href="#src-sent-4"' in body
    added = tree.find("mark", "added", id="tgt-sent-3")
    assert added and "low" not in added[0]["class"]
    low = tree.find("mark", "partial", id="src-sent-2")   # below the threshold: shown, dashed, not listed
    assert low and "low" in low[0]["class"].split() and 'href="#src-sent-2"' not in body
    # a finding's confidence and line span are shown
    assert re.search(r">L6</a>.*?\u2194.*?>L4</a>.*?0\.75", body, re.S)  # partial: L6 <-> target L4
    assert "0.65" in body                                                  # weak: 1 - 0.35


def test_text_is_escaped(page: str) -> None:
    tree = _parse(page)
    assert not tree.find("script")
    assert SCRIPT not in page and "<b>نصا</b>" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; more." in page
    text = "".join(tree.text)
    assert SCRIPT in text and "<b>نصا</b>" in text and "News & Comment" in text


def test_line_links_are_relative_to_the_given_paths(page: str) -> None:
    tree = _parse(page)
    hrefs = [a["href"] for a in tree.find("a") if not a["href"].startswith("#")]
    assert "docs/en%20article.txt#L6" in hrefs and "docs/ar.txt#L4" in hrefs
    assert all(h.startswith(("docs/en%20article.txt", "docs/ar.txt")) for h in hrefs)
    ln = [a for a in tree.find("a", "ln")]
    assert ln and all(re.search(r"#L\d+$", a["href"]) for a in ln)
    assert "L10\u201311" in page  # a two-line span


def test_line_links_resolve_from_the_folder_the_page_is_written_to() -> None:
    page = render_html(_report("docs/en article.txt", "/data/ar.txt"), page_dir="out/reports")
    hrefs = {a["href"].split("#")[0] for a in _parse(page).find("a", "ln")}
    assert hrefs == {"../../docs/en%20article.txt", "file:///data/ar.txt"}


def test_no_links_without_paths() -> None:
    page = render_html(_report(None, None))
    tree = _parse(page)
    assert all(a["href"].startswith("#") for a in tree.find("a"))
    assert len(tree.find("span", "ln")) >= len(PAR_BEADS)


def test_absolute_paths_become_file_urls_without_resolving() -> None:
    page = render_html(_report("/data/en.txt", "ar.txt"))
    hrefs = {a["href"] for a in _parse(page).find("a", "ln")}
    assert "file:///data/en.txt#L3" in hrefs and "ar.txt#L1" in hrefs


def test_summary_shows_coverage_counts_files_and_model(report, page: str) -> None:
    tree = _parse(page)
    text = " ".join("".join(tree.text).split())
    cov = report.coverage
    assert f"{100 * cov['source']['sentences']:.1f}%" in text
    assert f"{100 * cov['target']['paragraphs']:.1f}%" in text
    for kind in ("untranslated", "partial", "added", "weak", "furniture"):
        chip = tree.find("a", "chip", data_kind=kind)
        assert chip, kind
    assert "docs/en article.txt" in text and "docs/ar.txt" in text and "hand-made" in text
    assert len(tree.find("span", "bar")) >= 6


# ----------------------------------------------------------------------------------- real browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (apt-get install chromium); browser test skipped")


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--disable-dev-shm-usage", f"--user-data-dir={tmp_path / 'profile'}", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=180)


@needs_chromium
def test_headless_chromium_renders_the_page(tmp_path: Path, page: str) -> None:
    html_file = tmp_path / "report.html"
    html_file.write_text(page, encoding="utf-8")
    url = html_file.resolve().as_uri()

    shot = tmp_path / "shot.png"
    proc = _chromium(tmp_path, f"--screenshot={shot}", "--window-size=1280,1600", url)
    assert shot.is_file(), proc.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 20_000, len(data)  # a blank 1280x1600 page compresses to a few KB

    proc = _chromium(tmp_path, "--dump-dom", url)
    dom = _parse(proc.stdout)
    rows = dom.find("tr", "bead")
    assert len(rows) == len(PAR_BEADS), proc.stderr[-2000:]
    assert dom.find("tr", "untranslated") and dom.find("tr", "added") and dom.find("tr", "weak")
    assert all(a["dir"] == "rtl" for a in dom.find("td", "tgt"))
    assert len(dom.find("tr", "finding")) == len(FINDING_KINDS)
    assert not dom.find("script")
