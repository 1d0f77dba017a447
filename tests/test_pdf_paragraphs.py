"""Paragraphs of a PDF from the geometry of its lines (align/read/pdf.py), as Chromium prints articles:
justified text, paragraphs told apart by an indented first line and no extra space, a lead paragraph
in a larger font, a small running header on a one-page document."""

import pytest

from align.read import pdf_lines

S = ("The committee met on Tuesday to discuss the proposal for a new bridge across the river, and members"
     " raised concerns about the cost and the schedule of the works")
PARAS = [f"{S} number {i}. {S} again, item {i}." for i in range(5)]
LEAD = "A lead paragraph in a larger font that wraps over two lines of the page"


def _pdf(css: str, header: str = "Daily Ledger | World News") -> bytes:
    pymupdf = pytest.importorskip("pymupdf")
    doc = pymupdf.open()
    page = doc.new_page(width=400, height=700)
    page.insert_text((150, 20), header, fontsize=5)
    html = f"<h1>{LEAD}</h1>" + "".join(f"<p>{p}</p>" for p in PARAS)
    page.insert_htmlbox(pymupdf.Rect(30, 50, 370, 660), html, css=css)
    return doc.tobytes()


def paragraphs(lines: list[str]) -> list[str]:
    return [s for s in lines if s]


def test_indented_justified_paragraphs_without_space():
    css = ("* {font-size: 10pt;} p {text-align: justify; margin: 0; text-indent: 18pt;}"
           " h1 {font-size: 15pt; margin: 0;}")
    assert paragraphs(pdf_lines(_pdf(css))) == [LEAD, *PARAS]


def test_spaced_paragraphs():
    css = "* {font-size: 10pt;} p {text-align: justify; margin: 0 0 8pt 0;} h1 {font-size: 15pt; margin: 0 0 8pt 0;}"
    assert paragraphs(pdf_lines(_pdf(css))) == [LEAD, *PARAS]


def test_ragged_lines_ending_a_sentence_stay_in_their_paragraph():
    css = "* {font-size: 10pt;} p {text-align: left; margin: 0 0 8pt 0;} h1 {font-size: 15pt; margin: 0 0 8pt 0;}"
    assert paragraphs(pdf_lines(_pdf(css))) == [LEAD, *PARAS]


def test_words_of_a_stretched_line_are_one_line():
    pymupdf = pytest.importorskip("pymupdf")
    doc = pymupdf.open()
    page = doc.new_page(width=500, height=700)
    y = 100
    for text in ("The infrastructure of the country was a centrepiece of the campaign of",):
        page.insert_text((60, y), text, fontsize=11)
    y += 15
    for x, word in ((60, "President"), (220, "Joko"), (330, "Widodo, who won it.")):  # words far apart
        page.insert_text((x, y), word, fontsize=11)
    lines = paragraphs(pdf_lines(doc.tobytes()))
    assert lines == ["The infrastructure of the country was a centrepiece of the campaign of President Joko Widodo,"
                     " who won it."]


def test_headline_over_two_columns_leaves_the_columns_paragraphs_whole():
    # pdf-dev ntrex_04: a headline across both columns made the right column's short lines look indented
    # (their column's edge taken from the headline), so each paragraph's last line stood alone
    pymupdf = pytest.importorskip("pymupdf")
    doc = pymupdf.open()
    page = doc.new_page(width=400, height=700)
    head = "Still Game star looks set for a new career in the restaurant industry"
    page.insert_htmlbox(pymupdf.Rect(30, 30, 270, 70), f"<p>{head}</p>", css="* {font-size: 13pt; margin: 0;}")
    css = "* {font-size: 9pt;} p {text-align: justify; margin: 0 0 8pt 0;}"
    page.insert_htmlbox(pymupdf.Rect(30, 80, 190, 660), "".join(f"<p>{p}</p>" for p in PARAS[:2]), css=css)
    page.insert_htmlbox(pymupdf.Rect(210, 80, 370, 660), "".join(f"<p>{p}</p>" for p in PARAS[2:4]), css=css)
    assert paragraphs(pdf_lines(doc.tobytes())) == [head, *PARAS[:4]]


def test_headline_ending_a_page_is_not_joined_to_the_next_page():
    # bench-dev-b printed ntrex_07: the title alone on the first page, on a full line without a final
    # mark, was joined to the first paragraph of the next page as if a page break cut a paragraph
    pymupdf = pytest.importorskip("pymupdf")
    doc = pymupdf.open()
    title = "Warren plans to take a hard look at running"
    doc.new_page(width=400, height=700).insert_htmlbox(
        pymupdf.Rect(30, 30, 370, 80), f"<p>{title}</p>", css="* {font-size: 16pt; text-align: right; margin: 0;}")
    doc.new_page(width=400, height=700).insert_htmlbox(
        pymupdf.Rect(30, 30, 370, 660), "".join(f"<p>{p}</p>" for p in PARAS[:2]),
        css="* {font-size: 10pt;} p {text-align: justify; margin: 0 0 8pt 0;}")
    assert paragraphs(pdf_lines(doc.tobytes())) == [title, *PARAS[:2]]
