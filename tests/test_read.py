"""Reading plain text and cutting it into units with line spans."""

import pytest

from align import AlignError, document_from_lines, read_document
from align.prepare.segment import line_units, paragraphs
from align.read import decode


def test_paragraph_spans_and_crlf(tmp_path):
    p = tmp_path / "a.txt"
    p.write_bytes("\ufeffFirst line\r\nsecond line\r\n\r\n\r\nThird\r\n".encode("utf-8"))
    doc = read_document(p)
    assert [s.text for s in doc.segments] == ["First line second line", "Third"]
    assert [s.lines for s in doc.segments] == [(1, 2), (5, 5)]
    assert doc.lang == "en"


def test_line_units():
    segs = line_units(["ab", "", "b cd", "  "])
    assert [(s.text, s.lines) for s in segs] == [("ab", (1, 1)), ("b cd", (3, 3))]


def test_line_units_without_a_word_are_furniture():
    # the noise of a scanned page (Text+Berg dev's French) and a list number carry no translation of their
    # own; a one-character Chinese line and a one-word reply do
    lines = [".....", "- _-", "24 a !", "1. 1950 :", "颠！", "“咚——咚——”", "Já.", "No.", "네.", "हाँ।",
             "Le sommet fut atteint ."]
    assert [s.kind for s in line_units(lines)] == ["furniture"] * 4 + ["content"] * 7


def test_paragraphs_collapse_whitespace():
    assert paragraphs(["  x \t y  ", "z"])[0].text == "x y z"


def test_arabic_with_english_quote_is_arabic_and_vice_versa():
    ar = document_from_lines(["قال الرئيس إن المؤتمر ناجح جدا وإن التعاون مستمر (said the president)."])
    assert ar.lang == "ar"
    en = document_from_lines(["The verse reads: «إن مع العسر يسرا» and it is often quoted in sermons today."])
    assert en.lang == "en"


@pytest.mark.parametrize("data,needle", [(b"", "empty"), (b"\x00\x01\x02abc", "binary"),
                                         (b"\xff\xfeabc", "UTF-8")])
def test_decode_errors(data, needle):
    with pytest.raises(AlignError, match=needle):
        decode(data)
