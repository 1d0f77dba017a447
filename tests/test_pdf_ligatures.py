"""Arabic ligature glyphs read from a PDF with their letters in reading order (align/read/pdf.py):
Chromium-printed PDFs give the letters of lam-alef, lam-alef maksura and Allah back reversed in some
fonts (``قوال`` for ``قولا``, ``عىل`` for ``على``, ``اهلل`` for ``الله``), the glyph's width on one letter
and none on the others; which letter carries it tells the order."""

import shutil
import subprocess

import pytest

from align.read import pdf_lines
from align.read.pdf import _in_reading_order, _ligatures_in_order


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


def glyphs(*spec: tuple[str, float, float]) -> list[dict]:
    """Characters of a line as PyMuPDF's rawdict gives them: (character, left, right) in points."""
    return [{"c": c, "bbox": (x0, 0.0, x1, 10.0), "origin": (x0, 9.0), "font": "F"} for c, x0, x1 in spec]


def line_text(chars: list[dict]) -> str:
    return "".join(ch["c"] for ch in _in_reading_order(chars, {}))


# Geometry copied from pdf-dev (Chromium, Noto Sans Arabic, read with PyMuPDF): a letter carrying a mark
# comes as a space with the glyph's width, then the letter and its mark with no width, in display order.
def test_spaces_that_stand_for_a_marked_letter_are_dropped():
    # تاركًا: ␣ ً ك ␣ ا
    assert line_text(glyphs(("ت", 336.27, 340.38), ("ا", 332.8, 336.27), ("ر", 329.23, 332.8),
                            (" ", 324.59, 329.23), ("\u064b", 324.59, 324.59), ("ك", 324.59, 324.59),
                            (" ", 322.9, 324.59), ("ا", 319.42, 322.9), (" ", 315.68, 319.42))) == "تاركًا "
    # قاسيًا: the glyph of يً on a space, the final alef after it
    assert line_text(glyphs(("ق", 219.77, 224.91), ("ا", 216.42, 219.77), ("س", 207.41, 216.43),
                            (" ", 203.51, 207.41), ("\u064b", 203.51, 203.51), ("ي", 203.51, 203.51),
                            ("ا", 199.78, 203.12), (".", 196.7, 199.78))) == "قاسيًا."
    # تُعد at the start of a word: the space after the letter is the glyph's, the word space stays
    assert line_text(glyphs(("ي", 169.72, 180.31), (" ", 163.88, 167.62), ("\u064f", 162.15, 162.15),
                            ("ت", 162.15, 162.15), (" ", 159.77, 162.15), ("ع", 153.24, 159.77),
                            ("د", 146.99, 153.24))) == "ي تُعد"


def test_an_alef_glyph_read_as_a_space_before_lam_alef():
    # قالا: the first alef's glyph is a space 3.34 wide in a line of 2.99-wide word spaces
    chars = glyphs(("،", 329.44, 333.21), (" ", 326.01, 329.0), ("ق", 320.87, 326.01), (" ", 317.53, 320.87),
                   ("ا", 317.53, 317.53), ("ل", 310.84, 317.53), (" ", 307.41, 310.4), ("ح", 300.64, 307.41))
    assert line_text(chars) == "، قالا ح"


def test_word_spaces_before_ligatures_stay():
    # لأن after a word space as wide as the line's others: the space stays, the ligature is put in order
    chars = glyphs(("ة", 330.0, 336.0), (" ", 327.0, 329.99), ("أ", 327.0, 327.0), ("ل", 320.3, 327.0),
                   ("ن", 314.0, 320.3), (" ", 311.0, 313.99), ("ه", 305.0, 311.0))
    assert line_text(chars) == "ة لأن ه"
    # الله after a word space, the glyph's width on its alef
    chars = glyphs(("ن", 443.55, 451.15), (" ", 438.69, 442.43), ("ه", 438.69, 438.69), ("ل", 438.69, 438.69),
                   ("ل", 438.69, 438.69), ("ا", 421.44, 438.69), (" ", 416.58, 420.32))
    assert line_text(chars) == "ن الله "
    # رجلًا: the lam-alef glyph's width on its alef, the lam inside it
    chars = glyphs(("ر", 382.43, 386.0), ("ج", 376.05, 382.43), ("\u064b", 376.05, 376.05), ("ا", 368.26, 376.05),
                   ("ل", 369.84, 369.84), (" ", 362.44, 366.17))
    assert line_text(chars) == "رجل\u064bا "


def test_correct_lines_are_left_alone():
    # words with marks whose glyphs carry their own width (no space involved), and plain words
    chars = glyphs(("ح", 333.53, 341.8), ("\u0651", 333.53, 333.53), ("د", 327.37, 333.53),
                   (" ", 322.0, 325.0), ("ذ", 316.0, 322.0), ("\u064d", 316.0, 316.0), (" ", 313.0, 316.0),
                   ("س", 305.0, 313.0))
    assert line_text(chars) == "ح\u0651د ذ\u064d س"
