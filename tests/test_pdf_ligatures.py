"""Arabic ligature glyphs read from a PDF with their letters in reading order (align/read/pdf.py):
Chromium-printed PDFs give the letters of lam-alef, lam-alef maksura and Allah back reversed in some
fonts (``قوال`` for ``قولا``, ``عىل`` for ``على``, ``اهلل`` for ``الله``), the glyph's width on one letter
and none on the others; which letter carries it tells the order."""

import shutil
import subprocess

import pytest

from align.read import pdf_lines
from align.read.pdf import _ligatures_in_order


def chars(spec: str) -> list[dict]:
    """Characters of a span as PyMuPDF's rawdict gives them: ``"ق5.1 و5.4 ا0 ل6.7"`` (letter, width)."""
    out, x = [], 500.0
    for item in spec.split():
        c, w = item[0], float(item[1:])
        out.append({"c": c, "bbox": (x - w, 0.0, x, 10.0), "origin": (x - w, 9.0)})
        x -= w
    return out


def text(spec: str, votes: dict | None = None, font: str = "F") -> str:
    return "".join(ch["c"] for ch in _ligatures_in_order(chars(spec), font, {} if votes is None else votes))


def test_reversed_ligatures_are_put_in_order():
    # widths as NotoSansArabic in Chromium's PDFs gives them
    assert text("ق5.1 و5.4 ا0 ل6.7") == "قولا"
    assert text("إ2.7 ى0 ل11.5") == "إلى"
    assert text("ا2.7 أ0 ل6.7 ر4.2 ض15.0") == "الأرض"
    assert text("ا2.7 ه0 ل0 ل8.0") == "الله"
    assert text("ر4.0 ج6.0 \u064b0 ا0 ل6.9") == "رجل\u064bا"  # the tanween drawn on the glyph goes with it


def test_ligatures_in_order_stay_as_they_are():
    # NotoNaskhArabic: the lam carries the glyph, the alef after it has no width
    for word in ("و5.1 ل7.9 ا0", "ث6.0 ل7.9 ا0 ث6.0 ة4.0", "ل4.0 أ0 م6.0 ت3.0 ي4.0", "ق5.1 ا3.0 ل6.7"):
        assert text(word) == "".join(item[0] for item in word.split())


def test_between_two_lams_the_font_decides():
    assert text("ب4.0 ل11.1 ا0 ل10.7") == "بلال"  # no votes yet: the wider lam carries the glyph
    assert text("ل3.5 أ0 ل7.8 م6.0 ة4.0") == "للأمة"
    votes: dict = {}
    for _ in range(3):  # a font seen putting its lam-alef in reverse
        text("ق5.1 و5.4 ا0 ل6.7", votes)
    assert votes["F"] == [0, 3]
    assert text("ب4.0 ل11.1 ا0 ل10.7", votes) == "بللا"  # its order wins over the widths


def test_a_printed_arabic_page_reads_back_in_order(tmp_path):
    """A page printed by Debian's Chromium (whatever Arabic font it finds), read back: every word as written."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    pymupdf = pytest.importorskip("pymupdf")
    if chromium is None:
        pytest.skip("chromium is not installed")
    words = "قال رسول الله صلى الله عليه وسلم لا تقولوا إلا قولا سديدا وعلى الأرض سبيلا للأمة وبلال"
    page = tmp_path / "ar.html"
    page.write_text(f'<html lang="ar" dir="rtl"><meta charset="utf-8"><body style="font-size:16px">'
                    f"<p>{words}</p></body></html>", encoding="utf-8")
    pdf = tmp_path / "ar.pdf"
    subprocess.run([chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    f"--print-to-pdf={pdf}", page.as_uri()], capture_output=True, timeout=120, check=False)
    if not pdf.is_file():
        pytest.skip("chromium printed no PDF")
    raw = "".join(pymupdf.open(pdf)[0].get_text())
    if not any("\u0621" <= c <= "\u064a" for c in raw):
        pytest.skip("no Arabic font: the page printed without Arabic letters")
    read = " ".join(pdf_lines(pdf.read_bytes())).split()
    assert sorted(read) == sorted(words.split())
