"""Tests of the repair stage (align/repair.py) and of the damage generator (bench/messy.py)."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest
from conftest import bench_module
from hypothesis import example, given, settings
from hypothesis import strategies as st

from align.prepare.repair import (
    detect_visual,
    is_arabic_dominant,
    normalize_for_matching,
    repair_arabic_order,
    to_logical,
    visual_evidence,
)

REPO = Path(__file__).resolve().parents[1]
BENCH_DEV = Path(__file__).resolve().parents[1].parent / "shared" / "bench-dev"
SEED_AR = REPO / "seeds" / "003_8df34950a33ffa98.txt"


messy = bench_module("messy")
to_visual = messy.to_visual


ws = messy.ws  # the benchmark's own comparison, so the test measures what the bench reports
ws_punct = messy.ws_punct


def bench_files() -> list[Path]:
    """The clean Arabic files of ../shared/bench-dev, or skip."""
    files = messy.bench_dev_arabic_files(BENCH_DEV)
    if not files:
        pytest.skip("../shared/bench-dev not found")
    return files


# ---------------------------------------------------------------------------------------------
# to_logical on real extractor output (lines of seeds/003_*.txt)


@pytest.mark.parametrize("visual, logical", [
    (" :الخبر", "الخبر:"),
    (". باكستان خلال من", "من خلال باكستان."),
    (" . والتطرف الإرهاب مكافحة غطاء ", "غطاء مكافحة الإرهاب والتطرف."),
    # Arabic comma already on the logical side, number kept
    (" 26  في  المسلحة،  للقوات  العامة  العلاقات  الباكستانية،  المسلحة  للقوات  الإعلامي  الجناح  أعلن",
     "أعلن الجناح الإعلامي للقوات المسلحة الباكستانية، العلاقات العامة للقوات المسلحة، في 26"),
    # "تموز/ يوليو" as the brief expects, 2025 kept
    (" أن   2025  يوليو تموز/", "تموز/ يوليو 2025 أن"),
    # period glued to the wrong neighbour, quote on the visual side
    (' تحت  المؤتمر عقد وقد. "المشاركة الدول بين', 'بين الدول المشاركة". وقد عقد المؤتمر تحت'),
    # brackets given in logical order with mirrored code points
    (" مشروعو  الهند(،  -  باكستان  -  أفغانستان   -  )تركمانستان",
     "(تركمانستان - أفغانستان - باكستان - الهند)، مشروعو"),
    # a Latin name with its dots is a left-to-right block
    (" قائد   كوريلا،.  إي  مايكل  الجنرال   هفي   أمريكا   مثلّ  وقد.  الأمريكية",
     "الأمريكية. وقد مثلّ أمريكا هفي الجنرال مايكل إي. كوريلا، قائد"),
    # word-final alef put in front of the word by the extractor
    (" غزة لنصرة التعبئة بدل  اأمريك مصالح لتعزيز", "لتعزيز مصالح أمريكا بدل التعبئة لنصرة غزة"),
    ("اً  نخب  الغرب  فرض", "فرض الغرب نخباً"),
    ("ةالطاق والمعادن", "والمعادن الطاقة"),
    (" :الأوسع الجيوسياسي  المشهد قراءة من بد  لا", "لا بد من قراءة المشهد الجيوسياسي الأوسع:"),
    # a label ending in اً given at both ends of the line (seed line 65): it opens the line, with its colon
    ("ً ثاني   الباكستاني   الجيش  قيادة  أمام  المجال  فتحت  المتغطرس  ترامب  بقيادة  جمهورية  إدارة  عودة  :ا",
     "ثانياً: عودة إدارة جمهورية بقيادة ترامب المتغطرس فتحت المجال أمام قيادة الجيش الباكستاني"),
    # ... and a word ending a sentence given so ends it
    ("ً جيد   بشكل   العمل  تم  .ا", "تم العمل بشكل جيداً."),
])
def test_to_logical_real_extractor_lines(visual, logical):
    assert to_logical(visual) == logical


def test_to_logical_keeps_ltr_runs_in_order():
    assert to_logical("Kurilla الجنرال") == "الجنرال Kurilla"
    assert to_logical(".Gen. Micheal E. Kurilla الجنرال") == "الجنرال Gen. Micheal E. Kurilla."
    assert to_logical("CASA-1000 ومشروع") == "ومشروع CASA-1000"
    assert to_logical("2025 عام في") == "في عام 2025"


def test_to_logical_swaps_mirrored_brackets():
    assert to_logical("(الأمريكية المركزية القيادة)") == "(القيادة المركزية الأمريكية)"
    assert to_logical("[ب أ]") == "[أ ب]"
    assert to_logical("«الخلافة» قال") == "قال «الخلافة»"


def test_to_logical_blank_and_non_arabic():
    assert to_logical("") == ""
    assert to_logical("   ") == "   "
    assert to_logical("Hello world") == "Hello world"


def test_to_logical_presentation_forms():
    # ﻻ (lam-alef ligature) and contextual forms of ب ي ت -> base letters
    assert to_logical("\ufefb .\ufe91\ufef4\ufe96") == "بيت. لا"


# ---------------------------------------------------------------------------------------------
# the visual-order generator and the exact inverse


@pytest.mark.parametrize("logical", [
    "من خلال باكستان.",
    "الخبر:",
    "أعلن الجناح الإعلامي للقوات المسلحة الباكستانية، في 26 تموز/يوليو 2025 أن باكستان استضافت",
    "قال الجنرال Gen. Micheal E. Kurilla إن القيادة (CENTCOM) الأمريكية",
    "خط أنابيب الغاز (تركمانستان - أفغانستان - باكستان - الهند)، ومشروع CASA-1000",
    "في عام 2020-2021 ارتفعت النسبة 50% إلى $100 أو ٣٫٥ في «الكتاب»؟",
    'قال " إن هذا السيف ليس لي ولا لك " .',
    "مراجعة فيلم \"Johnny English Strikes Again\"–قلّل من قدرة روان أتكينسون",
    "{ لا يستأذنك الذين يؤمنون بالله } قال: [انظر ص 12].",
    "ضَمَّ قادةَ جيوشٍ مسلمةٍ؛ هل تَعلمُ؟!",
])
def test_to_visual_roundtrip_examples(logical):
    v = to_visual(logical)
    assert v != logical
    assert to_logical(v, tidy=False) == logical
    assert ws_punct(to_logical(v)) == ws_punct(logical)


def test_to_visual_shape():
    assert to_visual("من خلال باكستان.") == ".باكستان خلال من"
    assert to_visual("الخبر:") == ":الخبر"
    assert to_visual("قال Gen. Micheal E. Kurilla في 2025") == "2025 في Gen. Micheal E. Kurilla قال"
    assert to_visual("(القيادة المركزية)") == "(المركزية القيادة)"
    assert to_visual("Hello world") == "Hello world"


_AR_WORDS = ["الخبر", "باكستان", "في", "من", "مُحَمَّدٌ", "للقوات", "الإقليمي", "وأوزبكستان", "إلى",
             "الأمم", "قاله", "ليس", "١٩٢٤", "2025", "26", "1,000", "3.5", "50%"]
_PUNCT_AFTER = ["", "", "", "،", ".", ":", "؛", "؟", "!", '"', ")"]
_PUNCT_BEFORE = ["", "", "", "", '"', "(", "«"]


@st.composite
def _arabic_lines(draw):
    n = draw(st.integers(1, 12))
    toks = []
    for _ in range(n):
        w = draw(st.sampled_from(_AR_WORDS))
        toks.append(draw(st.sampled_from(_PUNCT_BEFORE)) + w + draw(st.sampled_from(_PUNCT_AFTER)))
    return " ".join(toks)


@settings(max_examples=300, deadline=None)
@given(_arabic_lines())
def test_roundtrip_property_arabic_numbers_punctuation(line):
    assert to_logical(to_visual(line), tidy=False) == line


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
@example("\r\x0c")  # whitespace alone: the model reverses it, so the exact inverse must too
def test_never_crashes_and_always_a_preimage(text):
    out = to_logical(text)
    assert isinstance(out, str)
    v = to_visual(text)
    assert to_visual(to_logical(v, tidy=False)) == v  # the inverse is exact or an equivalent reading


# ---------------------------------------------------------------------------------------------
# detection and the document-level repair


def test_detect_visual_on_real_seed():
    if not SEED_AR.exists():
        pytest.skip("seeds/003 not found")
    lines = SEED_AR.read_text(encoding="utf-8").split("\n")
    assert detect_visual(lines)
    fixed = repair_arabic_order(lines)
    assert not detect_visual(fixed)  # repaired text reads as logical
    assert "الخبر:" in fixed
    assert any(line.startswith("أعلن الجناح الإعلامي") for line in fixed)


def test_detect_visual_conservative():
    clean = ["من خلال باكستان.", "أعلن الجناح الإعلامي للقوات المسلحة.", "قال رسول الله صلى الله عليه وسلم"]
    assert not detect_visual(clean)
    assert not detect_visual([])
    assert not detect_visual(["", "   "])
    assert not detect_visual(["Hello world.", ". Leave a comment"])
    assert not detect_visual([". الخبر قال"])  # one piece of evidence is not enough
    assert detect_visual([". باكستان خلال من"])  # line-initial period + "خلال من" (من خلال reversed)
    assert detect_visual([to_visual(s) for s in clean])
    ev = visual_evidence([to_visual(s) for s in clean])
    assert ev.visual >= 2 and ev.logical == 0


def test_repair_modes():
    clean = ["العنوان", "من خلال باكستان.", "English line.", "", "أعلن الجناح الإعلامي للقوات المسلحة."]
    vis = [to_visual(s) if is_arabic_dominant(s) else s for s in clean]
    assert repair_arabic_order(vis, "logical") == vis
    assert repair_arabic_order(vis, "auto") == clean
    assert repair_arabic_order(vis, "visual") == clean
    assert repair_arabic_order(clean, "auto") == clean
    with pytest.raises(ValueError):
        repair_arabic_order(clean, "reversed")


def test_is_arabic_dominant():
    assert is_arabic_dominant("من خلال CASA")
    assert not is_arabic_dominant("Hello من")
    assert not is_arabic_dominant("2025 .")


# ---------------------------------------------------------------------------------------------
# bench-dev: no false repairs, >= 99% restored


def test_bench_dev_zero_false_repairs():
    files = bench_files()
    assert len(files) >= 2
    changed = 0
    for f in files:
        lines = f.read_text(encoding="utf-8").split("\n")
        assert not detect_visual(lines), f
        changed += sum(a != b for a, b in zip(lines, repair_arabic_order(lines, "auto")))
    assert changed == 0


def test_bench_dev_restoration_rate():
    files = bench_files()
    lines = sorted({s for f in files for s in f.read_text(encoding="utf-8").split("\n") if s.strip()})
    ok = ok_strict = 0
    for s in lines:
        v = to_visual(s)
        ok += ws_punct(to_logical(v)) == ws_punct(s)
        ok_strict += ws(to_logical(v, tidy=False)) == ws(s)
    assert ok / len(lines) >= 0.99
    assert ok_strict / len(lines) >= 0.99


def test_bench_dev_hard_wrapped_documents_detected_and_restored():
    files = [f for f in bench_files() if f.name == "ar.txt"]
    total = restored = 0
    for f in files:
        paras = [p for p in f.read_text(encoding="utf-8").split("\n\n") if p.strip()]
        lines, where = messy.hard_wrap_visual_mapped(paras, seed=1)
        if not f.parent.name.startswith("quran"):  # no punctuation, nothing to see
            assert detect_visual(lines), f
        fixed = repair_arabic_order(lines, "visual")
        got = defaultdict(list)
        for line, p in zip(fixed, where):
            if p is not None:
                got[p].append(line)
        for i, p in enumerate(paras):
            total += 1
            restored += ws_punct(" ".join(got[i])) == ws_punct(p)
    assert restored / total >= 0.99


# ---------------------------------------------------------------------------------------------
# bench/messy.py generators


PARAS_AR = [
    "القيادة الباكستانية تستضيف مؤتمراً دفاعياً إقليمياً",
    "أعلن الجناح الإعلامي للقوات المسلحة الباكستانية، العلاقات العامة للقوات المسلحة، في 26 تموز/يوليو "
    "2025 أن باكستان استضافت اليوم مؤتمر قادة أركان الدفاع الإقليمي في إسلام آباد، بمشاركة القيادات "
    "العسكرية العليا من الولايات المتحدة وكازاخستان وقرغيزستان وطاجيكستان وأوزبكستان.",
    "وقد عقد المؤتمر تحت شعار \"تعزيز الروابط، وتأمين السلام\"، وسعى إلى تعزيز التعاون الأمني.",
]


def test_hard_wrap_visual_layout():
    lines = messy.hard_wrap_visual(PARAS_AR, width=80, seed=0)
    assert lines == messy.hard_wrap_visual(PARAS_AR, width=80, seed=0)
    assert lines[1::2] == [""] * (len(lines) // 2)  # a blank line after every line
    text = lines[0::2]
    assert all(t.strip() for t in text)
    assert len(text) > len(PARAS_AR)  # paragraphs were wrapped
    assert max(len(t) for t in text) <= 80 + 6 + 20  # width +- jitter, plus noise spaces
    restored = [to_logical(t) for t in text]
    assert ws(" ".join(restored)) == ws(" ".join(PARAS_AR))
    plain = messy.hard_wrap_visual(PARAS_AR, seed=0, noise=False)
    assert all(t == ws(t) for t in plain[0::2])
    assert messy.hard_wrap_visual(PARAS_AR, seed=1) != lines or len(PARAS_AR) < 2


PARAS_EN = [
    "Pakistani leadership hosts regional defence conference.",
    "Pakistan armed forces media wing, the Inter-Services Public Relations (ISPR), announced on July 26, 2025 "
    "that Pakistan hosted the Regional Chiefs of Defence Staff Conference today in Islamabad, convening "
    "senior military leadership from the United States of America, Kazakhstan, Kyrgyzstan, Tajikistan and "
    "Uzbekistan. ISPR's readout noted that this landmark multilateral engagement marked a significant stride.",
    "The conference was held under the theme Strengthening Bonds, Securing Peace, and sought to reinforce "
    "security collaborations.",
]


def test_messy_english_structure():
    lines, where = messy.messy_english_mapped(PARAS_EN, seed=0)
    assert lines == messy.messy_english(PARAS_EN, seed=0)
    assert len(lines) == len(where)
    assert where[0] is None and lines[0]  # header
    assert any(s.startswith("By ") for s in lines[:4])  # byline
    lowered = [s.lower() for s in lines]
    assert "leave a comment" in lowered or any("back to top" in s for s in lowered)
    assert "back to top" in lowered[-1]
    # a page break inside a paragraph: blank, page number, running header, blank
    k = next(i for i in range(len(lines) - 4) if lines[i] == "" and re.fullmatch(r"(- )?\d+( -)?|Page \d+",
                                                                                    lines[i + 1]))
    assert where[k - 1] is not None and where[k - 1] == where[k + 4]
    assert lines[k + 2] and lines[k + 3] == ""
    assert not re.search(r"[.!?]$", lines[k - 1])  # cut mid-sentence
    # the paragraph text survives, in order
    for i, p in enumerate(PARAS_EN):
        assert " ".join(s for s, w in zip(lines, where) if w == i) == p
    assert messy.messy_english(PARAS_EN, seed=1) != lines


def test_messy_english_long_document_has_several_page_breaks():
    paras = [PARAS_EN[1]] * 25
    lines, where = messy.messy_english_mapped(paras, seed=3)
    assert sum(1 for s in lines if re.fullmatch(r"(- )?\d+( -)?|Page \d+", s)) >= 2
    for i, p in enumerate(paras):
        assert " ".join(s for s, w in zip(lines, where) if w == i) == p


def test_messy_measure_runs():
    bench_files()
    m = messy.measure()
    assert m["rate"] >= 0.99 and m["false_repairs"] == 0


# ---------------------------------------------------------------------------------------------
# normalisation for matching


def test_normalize_presentation_forms_and_tatweel():
    assert normalize_for_matching("\ufefb\ufe91\ufef4\ufe96") == "لابيت"
    assert normalize_for_matching("كـــتـاب") == "كتاب"


def test_normalize_bidi_controls():
    s = "\u200fمرحبا\u200e \u202bعالم\u202c \u2067x\u2069\u061c"
    assert normalize_for_matching(s) == "مرحبا عالم x"


def test_normalize_diacritics_optional():
    s = "مُحَمَّدٌ رَسُولُ اللّٰهِ"
    assert normalize_for_matching(s) == "محمد رسول الله"
    kept = normalize_for_matching(s, diacritics=False)
    assert "\u064f" in kept and "\u0651" in kept


def test_normalize_digits():
    assert normalize_for_matching("عام ٢٠٢٥ و۱۹۲۴ بنسبة ٣٫٥٪") == "عام 2025 و1924 بنسبة 3.5%"


def test_normalize_letter_variants():
    assert normalize_for_matching("أحمد إلى آسيا ٱلله") == "احمد الي اسيا الله"
    assert normalize_for_matching("على مستشفى") == "علي مستشفي"
    assert normalize_for_matching("مدرسة") == "مدرسة"  # ta marbuta kept
    assert normalize_for_matching("ىيسر") == "ىيسر"  # alef maqsura only changed at word end


def test_normalize_whitespace_and_english():
    assert normalize_for_matching("  Hello\t\n  world  ") == "Hello world"
    assert normalize_for_matching("ﬁne") == "fine"  # NFKC
    assert normalize_for_matching("") == ""
