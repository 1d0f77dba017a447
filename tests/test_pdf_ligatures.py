"""Arabic ligature glyphs read from a PDF with their letters in reading order (align/read/pdf.py):
Chromium-printed PDFs give the letters of lam-alef, lam-alef maksura and Allah back reversed in some
fonts (``قوال`` for ``قولا``, ``عىل`` for ``على``, ``اهلل`` for ``الله``), the glyph's width on one letter
and none on the others; which letter carries it tells the order."""

import shutil
import subprocess

import pytest

from align.read import pdf_lines
from align.read.pdf import _block_lines, _in_reading_order, _ligatures_in_order


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


def printed(tmp_path, html: str, name: str = "page") -> bytes:
    """``html`` printed to PDF by Debian's Chromium (the test skips without it)."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    pytest.importorskip("pymupdf")
    if chromium is None:
        pytest.skip("chromium is not installed")
    page, pdf = tmp_path / f"{name}.html", tmp_path / f"{name}.pdf"
    page.write_text(html, encoding="utf-8")
    subprocess.run([chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    f"--print-to-pdf={pdf}", page.as_uri()], capture_output=True, timeout=120, check=False)
    if not pdf.is_file():
        pytest.skip("chromium printed no PDF")
    return pdf.read_bytes()


def test_a_printed_arabic_page_reads_back_in_order(tmp_path):
    """A page printed by Debian's Chromium (whatever Arabic font it finds), read back: every word as written."""
    words = "قال رسول الله صلى الله عليه وسلم لا تقولوا إلا قولا سديدا وعلى الأرض سبيلا للأمة وبلال"
    data = printed(tmp_path, f'<html lang="ar" dir="rtl"><meta charset="utf-8"><body style="font-size:16px">'
                             f"<p>{words}</p></body></html>")
    import pymupdf
    raw = "".join(pymupdf.open(stream=data, filetype="pdf")[0].get_text())
    if not any("\u0621" <= c <= "\u064a" for c in raw):
        pytest.skip("no Arabic font: the page printed without Arabic letters")
    read = " ".join(pdf_lines(data)).split()
    assert sorted(read) == sorted(words.split())


def test_a_printed_arabic_line_with_numbers_marks_and_latin_reads_back_in_order(tmp_path):
    """Numbers, a Latin title and letters with marks in one Arabic paragraph, printed by Chromium: the
    text read back is the text written, in its order."""
    text = ('حقق فوزًا ساحقًا بنتيجة 5 مقابل 4 على جون راهم وإيان بولتر، ومحاصَرة قليلاً تُعد قدمًا، '
            'في عام 2011 مع "Johnny English Reborn" والسلام.')
    data = printed(tmp_path, f'<html lang="ar" dir="rtl"><meta charset="utf-8"><body style="font-size:16px">'
                             f"<p>{text}</p></body></html>")
    assert " ".join(pdf_lines(data)) == text


def glyphs(*spec: tuple[str, float, float], height: float = 10.0) -> list[dict]:
    """Characters of a line as PyMuPDF's rawdict gives them: (character, left, right) in points."""
    return [{"c": c, "bbox": (x0, 0.0, x1, height), "origin": (x0, 9.0), "font": "F"} for c, x0, x1 in spec]


def line_text(chars: list[dict], rtl: bool = False) -> str:
    return "".join(ch["c"] for ch in _in_reading_order(chars, {}, rtl))


# Geometry copied from pdf-dev (Chromium, Noto Naskh Arabic, read with PyMuPDF): MuPDF gives the runs
# of an Arabic line that holds numbers or Latin words from left to right, each in its own order.
def test_runs_of_an_arabic_line_with_numbers_are_read_right_to_left():
    # ntrex_06: ". أظهر وودز، الذي عانى خلال" "4" " مقابل" "5" "بريسون ديشامبو بنتيجة"
    chars = glyphs(
        (".", 280.8, 283.5), (" ", 274.6, 277.5), ("أ", 271.5, 274.6), ("ظ", 263.0, 271.5), ("ه", 258.0, 263.0),
        ("ر", 252.7, 258.0), (" ", 246.5, 249.4), ("و", 240.5, 246.5), ("و", 234.4, 240.5), ("د", 229.0, 234.4),
        ("ز", 224.0, 229.0), ("،", 221.2, 224.0), (" ", 215.0, 217.9), ("ا", 211.9, 215.0), ("ل", 209.2, 211.9),
        ("ذ", 203.0, 209.2), ("ي", 195.0, 203.0), (" ", 188.8, 191.6), ("ع", 182.2, 188.8), ("ا", 178.9, 182.2),
        ("ن", 175.3, 178.9), ("ى", 166.4, 175.3), (" ", 160.2, 163.1), ("خ", 151.9, 160.2), ("ل", 144.0, 151.9),
        ("ا", 144.0, 144.0), ("ل", 136.3, 144.0), ("4", 283.5, 290.9), (" ", 290.9, 293.8), (" ", 322.7, 325.5),
        ("م", 316.7, 322.7), ("ق", 311.7, 316.7), ("ا", 308.4, 311.7), ("ب", 304.8, 308.4), ("ل", 297.2, 304.8),
        ("5", 328.9, 336.3), (" ", 336.3, 339.2), ("ب", 455.9, 459.5), ("ر", 450.7, 455.9), ("ي", 446.2, 450.7),
        ("س", 437.6, 446.2), ("و", 431.5, 437.6), ("ن", 423.9, 431.5), (" ", 417.7, 420.6), ("د", 412.3, 417.7),
        ("ي", 407.9, 412.3), ("ش", 399.3, 407.9), ("ا", 396.0, 399.3), ("م", 390.0, 396.0), ("ب", 386.3, 390.0),
        ("و", 380.2, 386.3), (" ", 374.0, 376.8), ("ب", 370.4, 374.0), ("ن", 366.6, 370.4), ("ت", 361.9, 366.6),
        ("ي", 357.2, 361.9), ("ج", 348.6, 357.2), ("ة", 342.5, 348.6), height=20.9)
    assert line_text(chars, rtl=True) == "بريسون ديشامبو بنتيجة 5 مقابل 4. أظهر وودز، الذي عانى خلال"


def test_latin_words_in_an_arabic_line_stay_one_left_to_right_run():
    # ntrex_01: a justified space inside "Johnny English", a number, quotation marks between the runs
    chars = glyphs(
        ("J", 147.0, 151.3), ("o", 151.3, 156.8), ("h", 156.8, 162.3), ("n", 162.3, 167.8), ("n", 167.8, 173.2),
        ("y", 173.2, 178.7), (" ", 178.7, 182.5), ("E", 184.1, 190.8), ("n", 190.8, 196.3), ("g", 196.3, 201.8),
        ("l", 201.8, 204.9), ("i", 204.9, 207.9), ("s", 207.9, 212.2), ("h", 212.2, 217.7), ('"', 217.7, 222.2),
        (" ", 222.2, 225.9), (" ", 240.6, 244.4), ("م", 234.3, 240.6), ("ع", 227.6, 234.3), ("2", 246.0, 252.3),
        ("0", 252.3, 258.6), ("1", 258.6, 264.8), ("1", 264.8, 271.1), (" ", 271.1, 274.9), (" ", 379.1, 382.9),
        ("و", 373.0, 379.1), ("ت", 368.9, 373.0), ("م", 361.4, 368.9), (" ", 356.0, 359.8), ("إ", 352.8, 356.0),
        ("ح", 346.5, 352.8), ("ي", 342.2, 346.5), ("ا", 338.7, 342.2), ("ؤ", 332.5, 338.7), ("ه", 324.0, 332.5),
        ("ا", 320.5, 324.0), (" ", 315.2, 318.9), ("ف", 308.7, 315.2), ("ي", 298.1, 308.7), (" ", 292.8, 296.5),
        ("ع", 287.1, 292.8), ("ا", 283.6, 287.1), ("م", 276.5, 283.6), ('"', 384.5, 389.0), ("J", 389.0, 393.3),
        ("o", 393.3, 398.8), ("h", 398.8, 404.3), ("n", 404.3, 409.8), ("n", 409.8, 415.3), ("y", 415.3, 420.8),
        (" ", 420.8, 424.5), ("E", 426.1, 432.8), ("n", 432.8, 438.3), ("g", 438.3, 443.8), ("l", 443.8, 446.9),
        ("i", 446.9, 449.9), ("s", 449.9, 454.2), ("h", 454.2, 459.7), ('"', 459.7, 464.2), height=20.9)
    assert line_text(chars, rtl=True) == '"Johnny English" وتم إحياؤها في عام 2011 مع "Johnny English'


def test_lines_in_one_run_and_left_to_right_lines_are_left_alone():
    plain = glyphs(("ب", 459.5, 463.1), ("ه", 453.6, 459.5), (" ", 450.7, 453.6), ("ق", 445.7, 450.7))
    assert line_text(plain, rtl=True) == "به ق"
    english = glyphs(("(", 135.8, 139.6), ("\ufdfa", 139.6, 151.7), (")", 151.7, 155.5), (".", 155.5, 158.3))
    assert line_text(english) == "(\ufdfa)."  # a lone (ﷺ). wrapped in English text: not read right to left


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


def word_line(text: str, x0: float, x1: float, top: float) -> dict:
    """A rawdict line of Arabic ``text`` drawn from right (``x1``) to left (``x0``), letters of equal width."""
    w = (x1 - x0) / len(text)
    chars = [{"c": c, "bbox": (x1 - (k + 1) * w, top, x1 - k * w, top + 20.4), "origin": (x1 - (k + 1) * w, top + 16.0)}
             for k, c in enumerate(text)]
    return {"bbox": (x0, top, x1, top + 20.4), "dir": (1.0, 0.0),
            "spans": [{"font": "NotoNaskhArabic-Regular", "size": 12.0, "origin": (x0, top + 16.0),
                       "bbox": (x0, top, x1, top + 20.4), "chars": chars}]}


def test_words_of_a_justified_arabic_line_are_one_line():
    """Geometry of bench-dev-b ntrex_07 printed in two columns (Chromium, Noto Naskh Arabic): the first
    line of a justified paragraph of short words, its spaces stretched to 12 points, comes from MuPDF as
    one line per word, from left to right; the full line below runs across every gap."""
    first = [(" الحزب", 50.8, 80.9), (" أعضاء", 93.1, 122.3), (" كبار", 134.5, 153.3), (" من", 165.5, 180.6),
             (" العديد", 192.8, 221.4), (" لدعم", 233.5, 256.8), ("نظرًا", 269.0, 287.6)]
    block = {"type": 0, "lines": [*(word_line(t, a, b, 392.2) for t, a, b in first),
                                  word_line("الجمهوري عن مرشح المحكمة العليا بريت كافانو", 50.8, 287.6, 408.7)]}
    lines = [text for _, group in _block_lines(block, {}) for text, _, _ in group]
    assert lines == ["نظرًا لدعم العديد من كبار أعضاء الحزب", "الجمهوري عن مرشح المحكمة العليا بريت كافانو"]


def test_columns_on_one_baseline_stay_apart():
    """Two columns in one block: no line runs across the gutter, so lines on one baseline stay apart."""
    block = {"type": 0, "lines": [word_line("قال رسول الله", 50.0, 280.0, 100.0),
                                  word_line("في الأرض سبيلا", 300.0, 530.0, 100.0),
                                  word_line("وعلى الأرض", 50.0, 280.0, 117.0),
                                  word_line("للأمة وبلال", 300.0, 530.0, 117.0)]}
    lines = [text for _, group in _block_lines(block, {}) for text, _, _ in group]
    assert sorted(lines) == sorted(["قال رسول الله", "في الأرض سبيلا", "وعلى الأرض", "للأمة وبلال"])


def test_a_space_that_stands_for_a_marks_glyph_goes():
    """Geometry of pdf-dev ntrex_01 (``حينئذٍ سيكون``): the mark's glyph comes back as a space touching its
    letter, the mark of no width at its left edge, then the word space."""
    line = glyphs(("ئ", 335.2, 339.4), ("ذ", 329.0, 335.2), (" ", 327.0, 329.0), ("\u064d", 327.0, 327.0),
                  (" ", 323.3, 327.0), ("س", 313.6, 323.3), ("ي", 309.3, 313.6), height=20.4)
    assert line_text(line, rtl=True) == "ئذ\u064d سي"
    spaced = glyphs(("ذ", 329.0, 335.2), (" ", 323.3, 329.0), ("س", 313.6, 323.3), height=20.4)
    assert line_text(spaced, rtl=True) == "ذ س"  # a word space stays


def test_an_arabic_quotation_in_an_english_line_reads_right_to_left():
    """Geometry of Chromium's PDF (Liberation Serif): MuPDF gives the words of ``"لا إله إلا الله"`` in an
    English line from left to right, each in its own order; a glyph of several words (``ﷺ``) stays."""
    line = glyphs(("d", 93.0, 99.2), (" ", 99.2, 102.2), ('"', 102.9, 107.8), ("ا", 121.8, 125.2),
                  ("ل", 118.2, 121.8), ("ل", 114.2, 118.2), ("ه", 107.8, 114.2), (" ", 125.2, 128.2),
                  ("إ", 135.7, 139.1), ("ل", 128.9, 135.7), ("ا", 128.9, 128.9), (" ", 139.1, 142.1),
                  ("إ", 152.9, 156.2), ("ل", 149.2, 152.9), ("ه", 142.8, 149.2), (" ", 156.2, 159.2),
                  ("ل", 159.9, 166.7), ("ا", 159.9, 159.9), ('"', 166.8, 171.7), (" ", 171.7, 174.7),
                  ("b", 174.7, 180.0))
    assert line_text(line) == 'd "لا إله إلا الله" b'
    pbuh = glyphs(("(", 90.0, 94.0), ("ص", 94.0, 106.0), *((c, 106.0, 106.0) for c in "لى الله عليه وسلم"),
                  (")", 106.0, 110.0))
    assert line_text(pbuh) == "(صلى الله عليه وسلم)"


def test_a_printed_english_line_with_an_arabic_quotation_reads_back_in_order(tmp_path):
    text = ('The sign at the entrance read «الماء أساس الحياة», which the guide translated for us, and the'
            ' elder said "لا إله إلا الله" before the prayer began in the old mosque of the city.')
    data = printed(tmp_path, f'<html lang="en"><meta charset="utf-8"><body style="font-size:16px">'
                             f'<p style="width:300px;text-align:justify">{text}</p></body></html>')
    assert " ".join(pdf_lines(data)) == text
