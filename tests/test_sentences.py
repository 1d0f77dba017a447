"""align.prepare.sentences: hand-made English and Arabic cases, the offsets contract, and boundary F1 on
the NTREX pairs of bench-dev (skipped when ../shared/bench-dev is absent)."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest
from conftest import bench_module
from hypothesis import given, settings
from hypothesis import strategies as st

from align.prepare.sentences import sentences, split_sentences

BENCH_DEV = Path(__file__).resolve().parents[1].parent / "shared" / "bench-dev"


def check_spans(text: str, lang: str) -> list[tuple[int, int]]:
    """The offsets contract: contiguous, in order, covering the text, each a non-empty sentence."""
    spans = split_sentences(text, lang)
    if not text.strip():
        assert spans == []
        return spans
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    for (_, b), (c, _) in pairwise(spans):
        assert b == c
    for a, b in spans:
        assert a < b and text[a:b].strip()
        assert not text[a:b][:1].isspace() or a == 0  # a sentence span starts on its first character
    assert [text[a:b].strip() for a, b in spans] == sentences(text, lang)
    return spans


# ------------------------------------------------------------------------------------ English

EN_CASES = [
    ("Gen. Smith arrived in the U.S. on Monday. He met Mr. Jones at 3.5 p.m. and they talked.",
     ["Gen. Smith arrived in the U.S. on Monday.", "He met Mr. Jones at 3.5 p.m. and they talked."]),
    ("The rate rose 2.5% in Jan. 2019. It fell to 1.75 later, e.g. in March. Prices, i.e. costs, rose.",
     ["The rate rose 2.5% in Jan. 2019.", "It fell to 1.75 later, e.g. in March.", "Prices, i.e. costs, rose."]),
    ('He said, "I am done." Then he left. "Why?" she asked. "Because," he said.',
     ['He said, "I am done."', "Then he left.", '"Why?" she asked.', '"Because," he said.']),
    ("The firm moved to the U.S. The move cost $3.2 million.",
     ["The firm moved to the U.S.", "The move cost $3.2 million."]),
    ("Sen. Warren spoke first. Rep. Geoff Diehl answered. Ms. Lee and Dr. Ahmed agreed. No. 5 was next.",
     ["Sen. Warren spoke first.", "Rep. Geoff Diehl answered.", "Ms. Lee and Dr. Ahmed agreed.", "No. 5 was next."]),
    ('Somebody called it "Snow White and the Seven Dwarfs."" Because it was late, she left.',
     ['Somebody called it "Snow White and the Seven Dwarfs.""', "Because it was late, she left."]),
    ("\"Get out, there's a shark in the water!\" Hammel added. The boy was airlifted.",
     ["\"Get out, there's a shark in the water!\" Hammel added.", "The boy was airlifted."]),
    ("It was over... or so he thought. Wait! Really?! Yes.",
     ["It was over... or so he thought.", "Wait!", "Really?!", "Yes."]),
    ("Growth was 0.5 per cent (down from 1.2). Analysts were surprised.",
     ["Growth was 0.5 per cent (down from 1.2).", "Analysts were surprised."]),
]


@pytest.mark.parametrize("text, expected", EN_CASES)
def test_english(text, expected):
    assert sentences(text, "en") == expected
    check_spans(text, "en")


def test_english_region_code_and_blank_lines():
    text = "First paragraph without a stop\n\nSecond one. Third one."
    assert sentences(text, "en-GB") == ["First paragraph without a stop", "Second one.", "Third one."]


# ------------------------------------------------------------------------------------ Arabic

AR_CASES = [
    # ؟ and ! end sentences; Arabic-Indic decimal; one-letter abbreviation د.
    ("هل ستأتي غدًا؟ نعم، سآتي في الساعة ٣.٥ مساءً. وصل د. أحمد إلى المطار!",
     ["هل ستأتي غدًا؟", "نعم، سآتي في الساعة ٣.٥ مساءً.", "وصل د. أحمد إلى المطار!"]),
    # a closing quote after the final mark stays with the sentence; decimal with Western digits
    ('قال الرئيس: "لن نتراجع." ثم غادر القاعة. بلغ النمو 2.5 بالمئة هذا العام.',
     ['قال الرئيس: "لن نتراجع."', "ثم غادر القاعة.", "بلغ النمو 2.5 بالمئة هذا العام."]),
    # a short reporting clause after a quoted question continues the sentence
    ('"هل يعتقدون أنني أحصل على خصم؟" تساءلت. وعندما صرحت بخطابها، بكت.',
     ['"هل يعتقدون أنني أحصل على خصم؟" تساءلت.', "وعندما صرحت بخطابها، بكت."]),
    # ... but a new sentence with a complement does not
    ('قالت: "لقد ألقينا نظرة على هذه الأرقام." قالت ساندرز إن الجلسات ستستمر.',
     ['قالت: "لقد ألقينا نظرة على هذه الأرقام."', "قالت ساندرز إن الجلسات ستستمر."]),
    # Latin abbreviations inside Arabic text
    ("زار الوفد مقر U.S. Army في واشنطن. ثم التقى Mr. Smith في المساء.",
     ["زار الوفد مقر U.S. Army في واشنطن.", "ثم التقى Mr. Smith في المساء."]),
    ("حصل على الدرجة A. وكان ذلك إنجازًا كبيرًا.", ["حصل على الدرجة A.", "وكان ذلك إنجازًا كبيرًا."]),
    # a long comma chain is one sentence; the Arabic semicolon is not a boundary
    ("ذهب إلى السوق، واشترى الخبز، ثم عاد إلى البيت، وجلس مع أسرته، وتناول العشاء، ثم نام مبكرًا.",
     ["ذهب إلى السوق، واشترى الخبز، ثم عاد إلى البيت، وجلس مع أسرته، وتناول العشاء، ثم نام مبكرًا."]),
    ("قرأ الكتاب كله؛ ثم نام. واستيقظ مبكرًا.", ["قرأ الكتاب كله؛ ثم نام.", "واستيقظ مبكرًا."]),
    # Arabic decimal separator, an ellipsis inside a sentence, a run of marks, guillemets
    ("كان العدد ١٢٫٥ مليونًا... وهو رقم كبير. هل هذا صحيح؟! نعم.",
     ["كان العدد ١٢٫٥ مليونًا... وهو رقم كبير.", "هل هذا صحيح؟!", "نعم."]),
    ("«هذا هو الحل.» ثم صمت المدير. (انتهى الاجتماع.) وغادر الجميع.",
     ["«هذا هو الحل.»", "ثم صمت المدير.", "(انتهى الاجتماع.)", "وغادر الجميع."]),
]


@pytest.mark.parametrize("text, expected", AR_CASES)
def test_arabic(text, expected):
    assert sentences(text, "ar") == expected
    check_spans(text, "ar")


def test_other_languages_use_their_rules():
    assert sentences("Er kam am 3. Oktober nach Hause. Dann ging er z.B. heim.", "de") == [
        "Er kam am 3. Oktober nach Hause.", "Dann ging er z.B. heim."]
    assert sentences("Il est arrivé avec M. Dupont. Puis il est parti. « Quoi ? » dit-elle.", "fr") == [
        "Il est arrivé avec M. Dupont.", "Puis il est parti.", "« Quoi ? » dit-elle."]
    # an unknown code gets the English rules
    assert sentences("Mr. Smith left. He came back.", "xx") == ["Mr. Smith left.", "He came back."]


# ------------------------------------------------------------------------------------ offsets

@pytest.mark.parametrize("text", ["", "   ", "\n\n", "One", "  One. Two.  ", "One.\n\nTwo.\n", "x. y", ". . .",
                                  '"', "؟ ؟", "  هل؟  نعم.  "])
@pytest.mark.parametrize("lang", ["en", "ar", "fr"])
def test_offsets_edge_cases(text, lang):
    check_spans(text, lang)


_WORDS = ["Mr.", "U.S.", "e.g.", "3.5", "٣٫٥", "hello", "World", "said", "قال", "كتاب", "د.", "،", "؛",
          ".", "!", "?", "؟", "...", '"', "'", "«", "»", "(", ")", "A.", "No.", "12", "the", "قالت"]
_SEPS = [" ", "  ", "\n", "", " \n\n "]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from(_SEPS)), max_size=30),
       st.sampled_from(["en", "ar", "de"]))
def test_offsets_property(tokens, lang):
    check_spans("".join(w + s for w, s in tokens), lang)


# ------------------------------------------------------------------------------------ bench-dev

@pytest.fixture(scope="module")
def bench():
    if not BENCH_DEV.is_dir():
        pytest.skip("bench-dev not found")
    return bench_module("sentences")


@pytest.fixture(scope="module")
def ntrex(bench):
    out = {}
    for lang in ("en", "ar"):
        pars = [p for p in bench.load(lang, BENCH_DEV) if p.source == "ntrex"]
        if not pars:
            pytest.skip("no NTREX pair in bench-dev")
        out[lang] = (pars, bench.evaluate(split_sentences, lang, pars)["ntrex"])
    return out


# The target. Arabic misses it: 29 of the 327 Arabic NTREX boundaries have no final mark at all
# (bullet headlines, and sentences whose translator left the period out), so any splitter driven
# by punctuation tops out at recall 0.911, F1 0.953. See bench/sentences.py.
@pytest.mark.parametrize("lang", [
    "en",
    pytest.param("ar", marks=pytest.mark.xfail(reason="8.9% of Arabic NTREX boundaries have no final mark")),
])
def test_ntrex_boundary_f1_target(ntrex, lang):
    assert ntrex[lang][1].f1 >= 0.97


# Regression floors on what is reachable (measured: en 0.977, ar 0.934).
@pytest.mark.parametrize("lang, floor", [("en", 0.97), ("ar", 0.93)])
def test_ntrex_boundary_f1_floor(ntrex, lang, floor):
    counts = ntrex[lang][1]
    assert counts.f1 >= floor, (counts.p, counts.r, counts.f1)
    assert counts.p >= 0.95


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_ntrex_every_punctuated_boundary_found(bench, ntrex, lang):
    missed = []
    for par in ntrex[lang][0]:
        pred = bench.predicted(par.text, split_sentences(par.text, lang))
        missed += [par.text[max(0, x - 40):x + 20] for x in bench.punctuated(par) - pred]
    assert not missed


def test_the_mark_after_a_closing_bracket_ends_its_sentence():
    """A citation in brackets before the final mark (seeds/000): the library cut before the mark, which
    stood alone as a sentence (and ``align coverage`` reported it as left untranslated)."""
    text = ('Allah says: "He it is who has sent His Messenger with guidance, even though the Mushrikoon hate '
            'it." (Tawbah, 9: 33).')
    assert sentences(text, "en")[-1] == "(Tawbah, 9: 33)."
    text = "So do not take them as allies [TMQ Surah An-Nisaa 4:144]. Religiosity is not mere lip-service!"
    assert sentences(text, "en") == ["So do not take them as allies [TMQ Surah An-Nisaa 4:144].",
                                     "Religiosity is not mere lip-service!"]
    # a sentence without a word joins the one before it, unless a blank line parts them
    assert sentences("*** \n\nA sentence. ...", "en") == ["***", "A sentence. ..."]
