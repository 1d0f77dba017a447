"""Readers for HTML, PDF and DOCX (align.read); every fixture is built here in tmp_path."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from align.errors import AlignError
from align.prepare.segment import paragraphs
from align.read import docx_lines, html_lines, pdf_lines, read_any, read_lines, sniff

EN_1 = (
    "The ministry published a new report on water management in the region. It describes how the rivers "
    "are shared between the farms and the cities, and what the next ten years will require."
)
AR_1 = (
    "نشرت الوزارة تقريرا جديدا عن إدارة المياه في المنطقة. ويصف التقرير كيفية تقاسم الأنهار "
    "بين المزارع والمدن، وما ستتطلبه السنوات العشر القادمة."
)
MIXED = (
    "The minister opened the meeting with a proverb: «الماء أساس الحياة», which means that water is the "
    "basis of life. She then asked the delegates to agree on a common plan before the summer."
)
EN_2 = "Delegates from six countries attended the meeting, which lasted two days and ended with a joint statement."
HEADING = "Water policy in the region"


def as_lines(paras: list[str]) -> list[str]:
    """The reader convention: one paragraph per line, a blank line between paragraphs."""
    out: list[str] = []
    for p in paras:
        out += ([""] if out else []) + [p]
    return out


def one_line(exc: pytest.ExceptionInfo) -> str:
    msg = str(exc.value)
    assert "\n" not in msg and "Traceback" not in msg
    return msg


# ---------------------------------------------------------------- HTML

PAGE = f"""<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Water policy | Example News</title>
<style>body {{ font-family: sans-serif; }}</style><script>var tracking = 1;</script></head>
<body>
<header><div class="logo">Example News</div>
<nav class="main-menu"><ul>
  <li><a href="/">Home</a></li><li><a href="/world">World</a></li>
  <li><a href="/economy">Economy</a></li><li><a href="/about">About us</a></li>
</ul></nav></header>
<main><article>
  <p>{EN_1}</p>
  <p>{AR_1}</p>
  <p>{MIXED}</p>
</article></main>
<section class="comments" id="comments"><h3>3 comments</h3>
  <div class="comment"><p>Great article, thanks for sharing this with all of us here!</p></div>
  <div class="comment"><p>I completely disagree with the second point in this report.</p></div>
  <form><textarea name="comment"></textarea><button>Post comment</button></form>
</section>
<footer><ul>
  <li><a href="/privacy">Privacy policy</a></li><li><a href="/terms">Terms of use</a></li>
  <li><a href="/sitemap">Sitemap</a></li><li><a href="/contact">Contact</a></li>
</ul><p>© 2024 Example News</p></footer>
</body></html>
"""


def test_html_keeps_only_the_article_paragraphs(tmp_path: Path) -> None:
    pytest.importorskip("trafilatura")
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    lines = read_any(path)
    assert lines == as_lines([EN_1, AR_1, MIXED])
    assert [s.text for s in paragraphs(lines)] == [EN_1, AR_1, MIXED]


def test_html_headings_lists_and_breaks() -> None:
    pytest.importorskip("trafilatura")
    page = f"""<html><body><nav><a href="/">Home</a> <a href="/a">About</a></nav><article>
      <h1>{HEADING}</h1><p>{EN_1}</p><h2>Next steps</h2><p>{EN_2}</p>
      <ul><li>The first measure concerns the irrigation of the farms.</li>
          <li>The second measure concerns the water supply of the cities.</li></ul>
      <p>A paragraph with a line<br>break inside it that stays one paragraph.</p>
    </article></body></html>"""
    assert html_lines(page.encode()) == as_lines([
        HEADING, EN_1, "Next steps", EN_2,
        "The first measure concerns the irrigation of the farms.",
        "The second measure concerns the water supply of the cities.",
        "A paragraph with a line break inside it that stays one paragraph.",
    ])


def test_html_tiny_page_keeps_its_structure() -> None:
    # trafilatura's baseline joins a tiny page into one paragraph; the reader splits it again
    pytest.importorskip("trafilatura")
    page = "<html><body><h1>عنوان</h1><p>مرحبا بالعالم.</p><p>Second paragraph.</p></body></html>"
    assert html_lines(page.encode()) == as_lines(["عنوان", "مرحبا بالعالم.", "Second paragraph."])
    page = '<html><body><nav><a href="/">Home</a></nav><p>Only this.</p></body></html>'
    assert html_lines(page.encode()) == ["Only this."]


def test_html_without_white_space_between_tags() -> None:
    # a small minified page: trafilatura's baseline joins its blocks with nothing between them ("Big news
    # todayThe first paragraph..."); the reader still splits them at the page's own blocks
    pytest.importorskip("trafilatura")
    paras = ["Big news today", "The first paragraph of the article is here and it is long enough.",
             "The first point of the list, a full sentence.", "The second point, also a full sentence.",
             "The closing paragraph of the article comes last."]
    page = (f"<html><body><article><h1>{paras[0]}</h1><p>{paras[1]}</p><ul><li>{paras[2]}</li><li>{paras[3]}</li>"
            f"</ul><p>{paras[4]}</p></article></body></html>")
    assert html_lines(page.encode()) == as_lines(paras)


def test_html_fallback_when_trafilatura_finds_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    trafilatura = pytest.importorskip("trafilatura")
    monkeypatch.setattr(trafilatura, "extract", lambda *a, **k: None)
    assert html_lines(PAGE.encode()) == as_lines([EN_1, AR_1, MIXED])
    old_style = "<html><body><div>First paragraph of an old page.<br><br>Second one,<br>on two lines.</div></body></html>"
    assert html_lines(old_style.encode()) == as_lines(["First paragraph of an old page.", "Second one, on two lines."])


def test_html_legacy_arabic_encoding() -> None:
    pytest.importorskip("trafilatura")
    page = f'<html><head><meta charset="windows-1256"></head><body><p>{AR_1}</p></body></html>'
    assert html_lines(page.encode("cp1256")) == [AR_1]


def test_html_without_text_is_an_error() -> None:
    pytest.importorskip("trafilatura")
    with pytest.raises(AlignError) as exc:
        html_lines(b"<html><body><script>var x = 1;</script></body></html>", "empty.html")
    assert one_line(exc).startswith("empty.html: ")


# ---------------------------------------------------------------- PDF


def arabic_font() -> Path | None:
    """A font file with Arabic glyphs (fontconfig), preferring a regular sans face."""
    if not shutil.which("fc-list"):
        return None
    try:
        out = subprocess.run(["fc-list", ":lang=ar", "file"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    files = [Path(line.strip().rstrip(":")) for line in out.splitlines() if line.strip()]
    files = [f for f in files if f.suffix.lower() in (".ttf", ".otf") and f.is_file()]
    if not files:
        return None
    plain = [f for f in files if not any(w in f.name.lower() for w in ("bold", "italic", "oblique", "mono", "light"))]
    return sorted(plain or files, key=lambda f: len(f.name))[0]


def is_arabic(text: str) -> bool:
    return any("\u0600" <= c <= "\u06ff" for c in text[:10])


def write_pdf(paras_per_page: list[list[str]], font: Path | None = None) -> bytes:
    """A PDF laid out by PyMuPDF's HTML engine (shaped Arabic, like real-world PDFs), with page numbers."""
    pymupdf = pytest.importorskip("pymupdf")
    doc = pymupdf.open()
    kw = {}
    css = "* {font-size: 11pt;} p {margin: 0 0 9pt 0;}"
    if font is not None:
        kw["archive"] = pymupdf.Archive(str(font.parent))
        css = f"@font-face {{font-family: body; src: url({font.name});}} * {{font-family: body;}} " + css
    for n, paras in enumerate(paras_per_page, start=1):
        page = doc.new_page()
        html = "".join(f'<p dir="{"rtl" if is_arabic(p) else "ltr"}">{p}</p>' for p in paras)
        page.insert_htmlbox(pymupdf.Rect(72, 72, 523, 760), html, css=css, **kw)
        page.insert_text((290, 810), str(n), fontsize=9)  # page number: dropped by the reader
    return doc.tobytes()


def test_pdf_round_trip_english(tmp_path: Path) -> None:
    source = [[HEADING, EN_1, EN_2], ["Second page.", EN_1]]
    path = tmp_path / "report.pdf"
    path.write_bytes(write_pdf(source))
    assert read_any(path) == as_lines([p for page in source for p in page])


def test_pdf_round_trip_arabic(tmp_path: Path) -> None:
    pytest.importorskip("pymupdf")
    font = arabic_font()
    if font is None:
        pytest.skip("no font with Arabic glyphs on this machine (fc-list :lang=ar); only the English PDF is tested")
    source = [[HEADING, EN_1, AR_1], [MIXED, EN_2]]
    path = tmp_path / "report.pdf"
    path.write_bytes(write_pdf(source, font))
    lines = read_any(path)
    assert lines == as_lines([p for page in source for p in page])
    assert [s.text for s in paragraphs(lines)] == [HEADING, EN_1, AR_1, MIXED, EN_2]


def test_pdf_layout_columns_headers_and_hyphens() -> None:
    pymupdf = pytest.importorskip("pymupdf")
    doc = pymupdf.open()
    for n in (1, 2, 3):
        page = doc.new_page()
        page.insert_text((72, 40), f"Annual report 2024, page {n}", fontsize=9)  # running header
        # two columns, the right one written first into the content stream
        page.insert_htmlbox(pymupdf.Rect(310, 72, 523, 700), f"<p>Right column of page {n}, which is read second.</p>")
        page.insert_htmlbox(pymupdf.Rect(72, 72, 290, 700), f"<p>Left column of page {n}, which is read first.</p>")
        page.insert_text((290, 810), f"- {n} -", fontsize=9)
    page = doc.new_page()
    page.insert_text((72, 72), "The treaty was an impor-\ntant step for the Franco-\nGerman border.", fontsize=11)
    assert pdf_lines(doc.tobytes()) == as_lines(
        [f"{side} column of page {n}, which is read {nth}." for n in (1, 2, 3) for side, nth in (("Left", "first"), ("Right", "second"))]
        + ["The treaty was an important step for the Franco-German border."]
    )


def test_pdf_named_txt_is_read_as_pdf(tmp_path: Path) -> None:
    data = write_pdf([[EN_1]])
    path = tmp_path / "notes.txt"
    path.write_bytes(data)
    assert sniff(data, "notes.txt") == "pdf"
    assert read_any(path) == [EN_1]


def test_corrupt_pdf_is_an_align_error(tmp_path: Path) -> None:
    data = write_pdf([[EN_1]])
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(data[:200] + b"\x00garbage" * 50)
    with pytest.raises(AlignError) as exc:
        read_any(broken)
    assert one_line(exc).startswith(f"{broken}: cannot read PDF")
    with pytest.raises(AlignError):
        pdf_lines(b"%PDF-1.7\n" + bytes(range(256)) * 4, "junk.pdf")


def test_pdf_without_text_is_an_align_error() -> None:
    pymupdf = pytest.importorskip("pymupdf")
    doc = pymupdf.open()
    doc.new_page()
    with pytest.raises(AlignError) as exc:
        pdf_lines(doc.tobytes(), "scan.pdf")
    assert "no text layer" in one_line(exc)


# ---------------------------------------------------------------- DOCX


def write_docx() -> bytes:
    docx = pytest.importorskip("docx")
    d = docx.Document()
    d.add_heading(HEADING, level=1)
    d.add_paragraph(EN_1)
    d.add_paragraph("")  # empty paragraphs are not paragraphs
    d.add_paragraph(AR_1)
    p = d.add_paragraph("The minister opened the meeting with a proverb: ")
    p.add_run("«الماء أساس الحياة»").bold = True
    p.add_run(", which means that water is the basis of life. She then asked the delegates to agree on a common plan before the summer.")
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Country"
    table.cell(0, 1).text = "البلد"
    table.cell(1, 0).text = "Jordan"
    table.cell(1, 1).text = "الأردن"
    p = d.add_paragraph("A paragraph with a line")
    p.add_run().add_break()
    p.add_run("break inside it.")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_docx_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "report.docx"
    path.write_bytes(write_docx())
    assert read_any(path) == as_lines(
        [HEADING, EN_1, AR_1, MIXED, "Country", "البلد", "Jordan", "الأردن", "A paragraph with a line break inside it."]
    )


def test_docx_sniffed_by_content(tmp_path: Path) -> None:
    data = write_docx()
    assert sniff(data, "report.bin") == "docx"
    path = tmp_path / "report.bin"
    path.write_bytes(data)
    assert read_any(path)[0] == HEADING


def test_corrupt_docx_is_an_align_error(tmp_path: Path) -> None:
    pytest.importorskip("docx")
    data = write_docx()
    broken = tmp_path / "broken.docx"
    broken.write_bytes(data[: len(data) // 2])
    with pytest.raises(AlignError) as exc:
        read_any(broken)
    assert one_line(exc).startswith(f"{broken}: cannot read DOCX")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", "<not xml")
    with pytest.raises(AlignError):
        docx_lines(buf.getvalue(), "half.docx")


# ---------------------------------------------------------------- sniffing and dispatch


def test_sniff_by_content_with_extension_as_tie_breaker() -> None:
    assert sniff(b"%PDF-1.7\n...", "a.txt") == "pdf"
    assert sniff(b"<!DOCTYPE html><html><body><p>x</p></body></html>", "a.txt") == "html"
    assert sniff(b"\xef\xbb\xbf  <html lang='ar'><body>x</body></html>") == "html"
    assert sniff(("<div><p>" + "<p>".join(["text"] * 8) + "</div>").encode()) == "html"  # dense tags
    fragment = f"<p>{EN_1}</p>\n<p>{EN_2}</p>\n".encode()
    assert sniff(fragment, "a.html") == "html"  # few tags: the extension decides
    assert sniff(fragment, "a.txt") == "text"
    assert sniff("if a < b and c > d then <b> is bold\nسطر عربي\n".encode(), "a.html") == "html"
    assert sniff("if a < b and c > d\nسطر عربي\n".encode(), "a.html") == "text"
    assert sniff(b"\x00\x01garbage", "a.pdf") == "pdf"  # undecidable: the extension decides
    assert sniff(b"\x00\x01garbage", "a.bin") == "text"
    assert sniff(f"{EN_1}\n\n{AR_1}\n".encode(), "a.pdf") == "text"  # real text wins over the name


def test_read_any_text_matches_read_lines(tmp_path: Path) -> None:
    path = tmp_path / "doc.txt"
    path.write_text(f"{EN_1}\n\n{AR_1}\n", encoding="utf-8")
    assert read_any(path) == read_lines(path)
    with pytest.raises(AlignError):
        read_any(tmp_path / "missing.txt")


def test_other_zip_and_old_office_files_are_explained(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
    odt = tmp_path / "doc.odt"
    odt.write_bytes(buf.getvalue())
    with pytest.raises(AlignError, match="ZIP archive but not a Word"):
        read_any(odt)
    doc = tmp_path / "doc.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64)
    with pytest.raises(AlignError, match="old binary Office file"):
        read_any(doc)


@pytest.mark.parametrize(
    ("modules", "data", "extra"),
    [
        (("pymupdf", "fitz"), b"%PDF-1.7\n", "pdf"),
        (("docx",), None, "docx"),
        (("trafilatura",), b"<!DOCTYPE html><html><body><p>x</p></body></html>", "html"),
    ],
)
def test_missing_library_names_the_extra(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, modules, data, extra) -> None:
    if data is None:  # a minimal package that sniffs as DOCX
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("word/document.xml", "<w:document/>")
        data = buf.getvalue()
    for name in modules:
        monkeypatch.setitem(sys.modules, name, None)  # makes "import name" fail
    path = tmp_path / "input.bin"
    path.write_bytes(data)
    with pytest.raises(AlignError) as exc:
        read_any(path)
    assert one_line(exc) == (
        f"{path}: reading {extra.upper()} needs the '{extra}' extra: pip install 'align[{extra}]'"
    )
