"""XLIFF 2.1 and 1.2 export, read back by translate-toolkit's XLIFF readers (a maintained CAT library)."""

import dataclasses
import subprocess
import sys

import pytest

from align import export
from align.data import Alignment, Bead, Document, Segment

TRICKY = 'Tom & Jerry say "<hi>" & \'bye\''


def _doc(texts, lang, path):
    return Document(tuple(Segment(i, t, (2 * i + 1, 2 * i + 1)) for i, t in enumerate(texts)), lang, "paragraph", path)


@pytest.fixture
def al():
    src = _doc(["The president met the minister.", TRICKY, "Untranslated note.", "First half.", "Second half."],
               "en", "docs/en.txt")
    tgt = _doc(["التقى الرئيس بالوزير.", 'توم وجيري يقولان "<مرحبا>"', "النصف الأول والثاني."], "ar", "docs/ar.txt")
    beads = [((0,), (0,), 0.93118), ((1,), (1,), 0.81), ((2,), (), 0.9), ((3, 4), (2,), 0.66)]
    return Alignment(src, tgt, tuple(Bead(s, t, c) for s, t, c in beads), model="test")


PAIRS = [("The president met the minister.", "التقى الرئيس بالوزير."), (TRICKY, 'توم وجيري يقولان "<مرحبا>"'),
         ("First half. Second half.", "النصف الأول والثاني.")]


def test_format_from_the_file_name():
    assert export.format_for("out.xlf") == export.format_for("out.XLIFF") == "xliff"
    assert export.format_for("out.xlf", "xliff12") == "xliff12"
    assert export.format_for("out.xliff12.xlf") == "xliff12"  # the name a corpus run gives XLIFF 1.2
    for name, writer in export.WRITERS.items():  # every name a corpus run gives asks for its own format
        if name != "moses":
            assert export.format_for("corpus" + writer.file_suffix(name)) == name


def test_xliff21_read_by_translate_toolkit(al, tmp_path):
    xliff2 = pytest.importorskip("translate.storage.xliff2")
    out = tmp_path / "out.xlf"
    export.write(al, out, "xliff")
    text = out.read_text(encoding="utf-8")
    assert 'version="2.1"' in text and 'srcLang="en"' in text and 'trgLang="ar"' in text
    store = xliff2.Xliff2File.parsefile(str(out))
    assert [(u.source, u.target) for u in store.units] == PAIRS  # the one-sided bead is left out
    metas = [{m.get("type"): m.text for m in u.xmlelement.getparent().iter(f"{{{export.xliff.MDA_NS}}}meta")}
             for u in store.units]
    assert [m["score"] for m in metas] == ["0.9312", "0.8100", "0.6600"]
    assert [(m["src-lines"], m["tgt-lines"], m["bead"]) for m in metas] == [("1-1", "1-1", "1-1"), ("3-3", "3-3", "1-1"),
                                                                            ("7-9", "5-5", "2-1")]
    assert {m["tgt-document"] for m in metas} == {"docs/ar.txt"}
    assert store.getsourcelanguage() == "en" and store.gettargetlanguage() == "ar"


def test_xliff12_read_by_translate_toolkit(al, tmp_path):
    xliff = pytest.importorskip("translate.storage.xliff")
    out = tmp_path / "out.xlf"
    export.write(al, out, "xliff12")
    store = xliff.xlifffile.parsefile(str(out))
    assert [(u.source, u.target) for u in store.units] == PAIRS
    assert store.getsourcelanguage() == "en" and store.gettargetlanguage() == "ar"
    assert store.getfilenames() == ["docs/en.txt"]
    contexts = [dict(g) for u in store.units for g in u.getcontextgroups("align")]
    assert [c["x-score"] for c in contexts] == ["0.9312", "0.8100", "0.6600"]
    assert [c["x-src-lines"] for c in contexts] == ["1-1", "3-3", "7-9"]


def test_xliff_one_file_per_document_pair(al, tmp_path):
    xliff2 = pytest.importorskip("translate.storage.xliff2")
    out = tmp_path / "corpus.xliff"
    other = dataclasses.replace(al, src=dataclasses.replace(al.src, path="docs/en2.txt"))
    export.write_many([al, other], out, "xliff")
    store = xliff2.Xliff2File.parsefile(str(out))
    assert len(store.units) == 2 * len(PAIRS)
    text = out.read_text(encoding="utf-8")
    assert text.count("<file ") == 2 and 'original="docs/en2.txt"' in text


def test_align_pair_writes_xliff(tmp_path):
    from conftest import write_pair

    en, ar = write_pair(tmp_path)
    out = tmp_path / "pairs.xlf"
    res = subprocess.run([sys.executable, "-m", "align", "pair", str(en), str(ar), "-o", str(out), "-q"],
                         capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stderr
    xliff2 = pytest.importorskip("translate.storage.xliff2")
    store = xliff2.Xliff2File.parsefile(str(out))
    assert [u.source for u in store.units] == ["The president met the prime minister in the capital on Tuesday.",
                                               "They spoke about trade."]
