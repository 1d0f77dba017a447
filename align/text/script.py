"""Facts about scripts and languages that several stages need, defined once.

Where two stages need slightly different sets, both are here under their own names, with the reason.
"""

from __future__ import annotations

import re
import unicodedata

# -- Arabic script
#: Unicode blocks of Arabic script: Arabic, Arabic Supplement, Arabic Extended-A, Presentation Forms-A
#: and -B. (U+FE00-U+FE6F between the presentation forms holds variation selectors and small forms: not
#: Arabic letters.)
ARABIC_BLOCKS = ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF))
#: Right-to-left letters of any script (Hebrew, Syriac, Thaana, N'Ko ... and Arabic, presentation forms
#: included): what decides the direction of a line of PDF text.
RTL_CHAR_RE = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
#: Arabic harakat and Quranic marks, dropped when text is normalised for matching.
ARABIC_DIACRITICS_RE = re.compile("[\u064b-\u0652\u0670\u0610-\u061a\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed]")


#: Regex character class bodies: the basic Arabic letters (hamza to yeh, tatweel included), and the
#: harakat a PDF extractor moves about (tanween to sukun, superscript alef).
ARABIC_LETTER_CLASS = "\u0621-\u064a"
HARAKAT_CLASS = "\u064b-\u0652\u0670"
_EDGES_RE = re.compile(f"^([^{ARABIC_LETTER_CLASS}{HARAKAT_CLASS}]*)(.*?)([^{ARABIC_LETTER_CLASS}{HARAKAT_CLASS}]*)$", re.S)


def arabic_edges(token: str) -> tuple[str, str, str]:
    """A token as (what stands before its Arabic letters, the letters with their marks, what stands after):
    ``"(وفقًا)،"`` -> ``("(", "وفقًا", ")،")``, ``ا45`` -> ``("", "ا", "45")``."""
    m = _EDGES_RE.match(token)
    assert m is not None
    return m.group(1), m.group(2), m.group(3)


def is_arabic_char(ch: str) -> bool:
    """Whether the character ``ch`` lies in an Arabic-script block (letters, marks, digits, punctuation)."""
    o = ord(ch)
    return any(a <= o <= b for a, b in ARABIC_BLOCKS)


def is_arabic_letter(ch: str) -> bool:
    """Whether ``ch`` is a letter of Arabic script."""
    return ch.isalpha() and is_arabic_char(ch)


# -- digits
#: Arabic-Indic (U+0660-0669) and Extended Arabic-Indic (U+06F0-06F9) digits -> ASCII digits.
ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
#: The same, plus the Arabic decimal and thousands separators and percent sign (normalisation for
#: matching, where "٣٫٥٪" should meet "3.5%").
ARABIC_NUMERALS = {**ARABIC_DIGITS, 0x066B: ".", 0x066C: ",", 0x066A: "%"}
#: A regex character class body for any digit of the three systems.
DIGIT_CLASS = "0-9\u0660-\u0669\u06f0-\u06f9"

# -- words
# letters that are a word by themselves: kana, ideographs, Hangul syllables
_SYLLABIC = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def has_word(text: str) -> bool:
    """Whether ``text`` holds a word at all: a letter followed by another letter or a mark (``Já``, Hindi
    ``हाँ``), or one kana, ideograph or Hangul syllable (``颠！``, ``네.``).  ``.....``, ``- _-``, ``24 a !``
    (the noise of a scanned page) and ``1. 1950 :`` do not."""
    if _SYLLABIC.search(text):
        return True
    run = 0
    for ch in text:
        kind = unicodedata.category(ch)[0]
        run = run + 1 if kind == "L" or (kind == "M" and run) else 0
        if run >= 2:
            return True
    return False


# -- punctuation around sentence ends
#: Marks that end a sentence (Latin, Arabic question mark, ellipsis, Urdu full stop, double exclamation;
#: the colon too, since a line ending in one is the end of a paragraph in wrapped text).
FINAL_MARKS = ".!?؟:…۔‼"
#: What may follow a final mark and still belong to the sentence (quotes, brackets, Quranic brackets).
CLOSERS = "\"'”’»›)]}﴾﴿"
#: What may precede the first word of a sentence.
OPENERS = "\"'“‘«‹([{﴿﴾"
#: The closers and openers the sentence splitter allows around a Latin-script sentence end: no Quranic
#: brackets (they enclose verse numbers, not sentences), but the low quote and Spanish inverted marks.
SENTENCE_CLOSERS = "\"'”’»›)]}"
SENTENCE_OPENERS = "\"'“‘«‹„([{¿¡"
#: The end of a line of PDF text that does not continue on the next: final marks plus ; ؛ 。 and closers
#: (a PDF line ending in a semicolon or a closing quote is not joined to the next by hyphenation rules).
LINE_END_MARKS = tuple(".!?:;…؟؛。»\"”’')]")

# -- languages
#: ISO 639 codes (1 and 3, macrolanguage and the spoken varieties py3langid may give) of Arabic.
ARABIC_CODES = frozenset({"ar", "ara", "arb", "arz", "apc", "ajp", "acm", "ary", "aeb", "afb", "ars"})
#: Languages written right to left (ISO 639-1 and a few -3 codes).
RTL_LANGS = frozenset({"ar", "fa", "ur", "he", "iw", "yi", "ps", "sd", "ug", "ckb", "dv", "syr"})


def primary_code(lang: str | None, default: str = "") -> str:
    """The primary subtag of a language tag, lower case: ``"ar-EG"`` -> ``"ar"``, ``None`` -> ``default``."""
    return (lang or default).strip().lower().replace("_", "-").split("-")[0] or default


def is_arabic_lang(lang: str | None) -> bool:
    """Whether the language tag ``lang`` names Arabic (any variety)."""
    return primary_code(lang) in ARABIC_CODES
