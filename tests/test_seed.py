"""The seed pair end to end: an English web article and its Arabic version as PDF text (visual word
order, hard-wrapped lines with a blank line between every line, paragraph breaks mid-page).

The gold (tests/data/seed_000_003.gold.json) was made by reading both texts: every English content
paragraph has its own Arabic paragraph, although the extraction hides six Arabic paragraph breaks (a
full last line, or a break mid-line that the PDF put at the end of the previous line): the aligner cuts
the reflowed Arabic there (align/core/soft.py), so the gold indexes the Arabic paragraphs as the alignment
returns them (``al.tgt``). The reflow also ends a paragraph after line 16, a line that ends a sentence with
room for the next word by character count: the English paragraph it belongs to takes both halves (a 1-2
bead). The Arabic of the last two sentences of "Second, the return of the Republican administration ..."
(``إن استضافة قادة الدفاع ... بعد هذه التطورات.``) opens the next Arabic paragraph of the PDF, mid-line
before ``وبالإضافة``: the aligner cuts it there and gives it to that English paragraph's bead (a 1-2 bead;
an earlier gold put it with the next English paragraph). "News & Comment", the byline and the footer links
have no Arabic counterpart."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SEEDS

from align import Aligner, load_beads, read_document, score

pytestmark = pytest.mark.model
GOLD = Path(__file__).parent / "data" / "seed_000_003.gold.json"
EN = SEEDS / "000_5ab14a000c3c596a.txt"
AR = SEEDS / "003_8df34950a33ffa98.txt"


def test_seed_documents_are_repaired():
    en, ar = read_document(EN), read_document(AR)
    assert (en.lang, ar.lang) == ("en", "ar")
    assert ar[1].text == "الخبر:"  # visual ":الخبر" restored
    assert ar[0].text.startswith("القيادة الباكستانية تستضيف مؤتمر")
    # the paragraph broken by a page break is one paragraph
    joined = [s for s in en.segments if "post-Afghanistan withdrawal" in s.text]
    assert len(joined) == 1 and joined[0].lines == (21, 23)
    kinds = {s.text: s.kind for s in en.segments}
    assert kinds["News & Comment"] == "furniture"
    assert kinds["News:"] == "content"
    assert en.segments[-1].kind == en.segments[-2].kind == "furniture"  # footer links, byline


def test_seed_pair_alignment(embedder):
    al = Aligner(embedder.model, progress=False).align(read_document(EN), read_document(AR))
    pred = [(b.src, b.tgt) for b in al.beads]
    sc = score([load_beads(GOLD)], [pred])
    assert sc.strict_f1 == 1.0, pred
    # the hidden breaks: Arabic paragraphs cut at line starts, each piece with its own line span
    assert [al.tgt[j].lines for j in (6, 7, 8)] == [(39, 47), (49, 49), (51, 63)]
    assert [al.tgt[j].lines for j in (12, 13, 14)] == [(94, 100), (102, 108), (110, 114)]
    # ... and cut mid-line at a sentence start: both pieces hold line 78
    assert [al.tgt[j].lines for j in (9, 10, 11)] == [(65, 72), (74, 78), (78, 92)]
    furniture = {i for i, s in enumerate(al.src.segments) if s.kind == "furniture"}
    assert all(not b.tgt for b in al.beads if set(b.src) & furniture)


def test_seed_pair_cli(tmp_path):
    out = tmp_path / "seed.jsonl"
    res = subprocess.run([sys.executable, "-m", "align", "pair", str(AR), str(EN), "-o", str(out), "-q"],
                         capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stderr
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert rows[1]["src_text"] == "News:" and rows[1]["tgt_text"] == "الخبر:"
    assert rows[1]["src_lines"] == [5, 5] and rows[1]["tgt_lines"] == [10, 10]


def test_seed_pair_arabic_text_of_the_beads(embedder):
    """The Arabic of the beads, not only their spans: in reading order, with no control characters or
    presentation forms left from the extraction."""
    al = Aligner(embedder.model, progress=False).align(read_document(EN), read_document(AR))
    ar = [al.tgt.join(b.tgt) for b in al.beads]
    assert ar[0].startswith("القيادة الباكستانية تستضيف مؤتمر")
    assert ar[3].startswith("أعلن الجناح الإعلامي للقوات المسلحة الباكستانية، العلاقات العامة للقوات المسلحة، في 26")
    assert ar[4] == "التعليق:"
    assert ar[7].startswith("ولفهم تحركات أمريكا وأهمية باكستان في هذا السياق، لا بد من")
    # the label split across the ends of its visual line opens its paragraph again (repair._fix_tokens)
    assert ar[9].startswith("ثانياً: عودة إدارة جمهورية بقيادة ترامب")
    # letters the visual-order extraction gave at the wrong end of their words, a word given in two, a
    # lam-alef given as its lam (align/prepare/stray_letters.py, ligatures.py)
    text = " ".join(ar)
    for broken in ("الاستقرارو", "هفي", "روسياب", "وزيرب", "لأ مريكا", "أولً:", "يوأوزب", " كستان"):
        assert broken not in text
    for word in ("والاستقرار", "فيه", "بروسيا", "بوزير", "لأمريكا", "أولًا:", "وطاجيكستان وأوزبيكستان."):
        assert word in text
    assert text.count("وأوزبيكستان") == 3
    # straight quotes the visual order left on the wrong side of their word (align/prepare/quotes.py)
    for broken in ('هذا" الحدث', 'تعزيز" الروابط', 'الإسلام" "السياسي'):
        assert broken not in text
    for quoted in ('"هذا الحدث', 'المشاركة".', '"تعزيز الروابط، وتأمين السلام"،', '"الإسلام السياسي"'):
        assert quoted in text
    forms = [chr(c) for c in [*range(0xFB50, 0xFD3E), *range(0xFD50, 0xFDF0), *range(0xFE70, 0xFEFF)]]  # not ﴾ ﴿
    for text in ar:
        assert not any(c in forms or "\u202a" <= c <= "\u202e" for c in text)


def test_seed_pair_second_paragraph_ends_in_its_bead(embedder):
    al = Aligner(embedder.model, progress=False).align(read_document(EN), read_document(AR))
    bead = next(b for b in al.beads if al.src.join(b.src).startswith("Second, the return of the Republican"))
    assert "إن استضافة قادة الدفاع" in al.tgt.join(bead.tgt)
    assert al.tgt.join(bead.tgt).endswith("تجاه باكستان بعد هذه التطورات.")
    after = al.beads[al.beads.index(bead) + 1]
    assert al.src.join(after.src).startswith("Besides securing regional security cooperation")
    assert al.tgt.join(after.tgt).startswith("وبالإضافة إلى تأمين التعاون الأمني")
