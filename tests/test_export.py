"""Export formats (JSONL, TSV, TMX, Moses), corpus filters and atomic output, on hand-built alignments."""

import dataclasses
import json
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from align import export
from align.data import Alignment, Bead, Document, Segment
from align.errors import AlignError
from align.export import CorpusFilter, filter_rows, write, write_many

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TRICKY = 'Tom & Jerry say "<hi>" & \'bye\''


def doc(texts, lang, path, level="paragraph"):
    segs, line = [], 1
    for i, t in enumerate(texts):
        n = t.count("\n")
        segs.append(Segment(i, t, (line, line + n)))
        line += n + 2  # a blank line between paragraphs
    return Document(tuple(segs), lang, level, path)


def alignment(src_texts, tgt_texts, beads, src_path="en.txt", tgt_path="ar.txt", level="paragraph"):
    return Alignment(doc(src_texts, "en", src_path, level), doc(tgt_texts, "ar", tgt_path, level),
                     tuple(Bead(tuple(s), tuple(t), sc) for s, t, sc in beads), model="test")


@pytest.fixture
def al():
    src = ["The president met the minister.", TRICKY, "A second\nline and a\ttab.", "Untranslated note.",
           "First half.", "Second half."]
    tgt = ["التقى الرئيس بالوزير.", "توم وجيري يقولان \"<مرحبا>\" & 'وداعا'", "سطر ثان\nوعلامة\tجدولة.",
           "إضافة في الترجمة.", "النصف الأول والثاني."]
    beads = [([0], [0], 0.93118), ([1], [1], 0.81), ([2], [2], 0.4), ([3], [], 0.9), ([], [3], 0.7),
             ([4, 5], [4], 0.66)]
    return alignment(src, tgt, beads)


def pairs_of(al):
    return [(al.src.join(b.src), al.tgt.join(b.tgt)) for b in al.beads if b.src and b.tgt]


def leftovers(tmp_path):
    return sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("."))


# ----------------------------------------------------------------------------- JSONL / TSV


def test_jsonl_unchanged_schema(al, tmp_path):
    out = tmp_path / "out.jsonl"
    write(al, out, "jsonl")
    rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert rows == al.rows()  # the schema of Alignment.rows(): no extra "bead" key
    assert set(rows[0]) == {"src", "tgt", "src_lines", "tgt_lines", "score", "src_text", "tgt_text"}
    assert leftovers(tmp_path) == []


def test_tsv(al, tmp_path):
    out = tmp_path / "out.tsv"
    write(al, out, "tsv")
    lines = out.read_text(encoding="utf-8").split("\n")
    assert lines[-1] == "" and len(lines) - 1 == len(al.beads)
    cols = [x.split("\t") for x in lines[:-1]]
    assert all(len(c) == 3 for c in cols)
    assert cols[0] == [al.src[0].text, al.tgt[0].text, "0.9312"]
    assert cols[2][0] == "A second line and a tab."
    assert cols[3][1] == "" and cols[4][0] == ""


def test_stream_writers_keep_their_signature(al, capsys):
    import io

    buf = io.StringIO()
    export.write_jsonl(al, buf)
    assert len(buf.getvalue().splitlines()) == len(al.beads)
    buf = io.StringIO()
    export.write_tsv(al, buf)
    assert len(buf.getvalue().splitlines()) == len(al.beads)
    write(al, None, "jsonl")
    assert len(capsys.readouterr().out.splitlines()) == len(al.beads)


def test_unknown_format(al, tmp_path):
    out = tmp_path / "out.x"
    with pytest.raises(AlignError, match="unknown format 'xlsx'.*jsonl, tsv, tmx, moses"):
        write(al, out, "xlsx")
    assert list(tmp_path.iterdir()) == []


# ----------------------------------------------------------------------------- TMX


def test_tmx_well_formed(al, tmp_path):
    out = tmp_path / "out.tmx"
    write(al, out, "tmx")
    raw = out.read_bytes()
    assert raw.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    root = ET.fromstring(raw)
    assert root.tag == "tmx" and root.get("version") == "1.4"
    header = root.find("header")
    assert header.attrib == {"creationtool": "align", "creationtoolversion": __import__("align").__version__,
                             "segtype": "paragraph", "o-tmf": "align", "adminlang": "en", "srclang": "en",
                             "datatype": "plaintext"}
    tus = root.findall("body/tu")
    assert len(tus) == len(pairs_of(al)) == 4  # the 1-0 and 0-1 beads are left out
    props = {p.get("type"): p.text for p in tus[0].findall("prop")}
    assert props == {"x-document": "en.txt\tar.txt", "x-src-lines": "1-1", "x-tgt-lines": "1-1",
                     "x-score": "0.9312", "x-bead": "1-1"}
    last = {p.get("type"): p.text for p in tus[-1].findall("prop")}
    assert last["x-bead"] == "2-1" and last["x-src-lines"] == "10-12" and last["x-score"] == "0.6600"
    for tu, (s, t) in zip(tus, pairs_of(al)):
        tuvs = tu.findall("tuv")
        assert [v.get(XML_LANG) for v in tuvs] == ["en", "ar"]
        assert [v.find("seg").text for v in tuvs] == [s, t]
    assert leftovers(tmp_path) == []


def test_tmx_translate_toolkit_round_trip(al, tmp_path):
    tmx = pytest.importorskip("translate.storage.tmx")
    out = tmp_path / "out.tmx"
    write(al, out, "tmx")
    store = tmx.tmxfile.parsefile(str(out))
    units = [u for u in store.units if u.source]
    assert [(u.source, u.target) for u in units] == pairs_of(al)
    assert units[1].source == TRICKY and "<مرحبا>" in units[1].target
    assert units[2].source == "A second\nline and a\ttab."
    from translate.misc.xml_helpers import getXMLlang

    for u in units:
        assert [getXMLlang(n) for n in u.getlanguageNodes()] == ["en", "ar"]
        assert u.getsourcelanguage() == "en"
    assert store.getsourcelanguage() == "en"
    # the props are there for a TMX tool too
    props = [{p.get("type"): p.text for p in u.xmlelement.iter(u.namespaced("prop"))} for u in units]
    assert all(set(p) == {"x-document", "x-src-lines", "x-tgt-lines", "x-score", "x-bead"} for p in props)
    assert [p["x-score"] for p in props] == ["0.9312", "0.8100", "0.4000", "0.6600"]


def test_tmx_strips_characters_xml_forbids(tmp_path):
    al = alignment(["bell\x07 and nul\x00 and \ufffe and lone \ud800 surrogate, CR\r\nLF"], ["جرس\x1b"],
                   [([0], [0], 0.9)])
    out = tmp_path / "out.tmx"
    write(al, out, "tmx")
    seg = [s.text for s in ET.parse(out).getroot().iter("seg")]
    assert seg == ["bell and nul and  and lone  surrogate, CR\nLF", "جرس"]


def test_tmx_segtype_and_absolute_paths(tmp_path):
    al = alignment(["One."], ["واحد."], [([0], [0], 0.9)], src_path=str(tmp_path / "deep" / "en.txt"),
                   tgt_path="corpus/ar.txt", level="line")
    out = tmp_path / "out.tmx"
    write(al, out, "tmx")
    root = ET.parse(out).getroot()
    assert root.find("header").get("segtype") == "block"
    # an absolute path is reduced to its file name, a relative one is kept as given
    assert root.find("body/tu/prop[@type='x-document']").text == "en.txt\tcorpus/ar.txt"
    assert str(tmp_path) not in out.read_text(encoding="utf-8")


def test_tmx_to_stdout(al, capsys):
    write(al, "-", "tmx")
    root = ET.fromstring(capsys.readouterr().out.encode("utf-8"))
    assert len(root.findall("body/tu")) == 4


# ----------------------------------------------------------------------------- Moses


def read_lines(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return fh.read().split("\n")[:-1]


def test_moses_files(al, tmp_path):
    prefix = tmp_path / "corpus"
    write(al, prefix, "moses")
    en, ar = read_lines(tmp_path / "corpus.en"), read_lines(tmp_path / "corpus.ar")
    assert len(en) == len(ar) == len(pairs_of(al))
    assert en == [" ".join(s.split()) for s, _ in pairs_of(al)]
    assert ar == [" ".join(t.split()) for _, t in pairs_of(al)]
    assert en[2] == "A second line and a tab."
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus.ar", "corpus.en"]


def test_moses_line_counts_with_every_line_break(tmp_path):
    breaks = ["\n", "\r\n", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029", "\t"]
    src = [f"a{b}b{b}" for b in breaks]
    tgt = [f"ب{b}ج" for b in breaks]
    al = alignment(src, tgt, [([i], [i], 0.9) for i in range(len(breaks))])
    write(al, tmp_path / "c", "moses")
    for name, want in (("c.en", "a b"), ("c.ar", "ب ج")):
        text = (tmp_path / name).read_text(encoding="utf-8")
        assert text.splitlines() == [want] * len(breaks)  # str.splitlines knows all those breaks


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.text(min_size=1), st.text(min_size=1)), min_size=1, max_size=6))
def test_any_text_moses_counts_equal_and_tmx_parses(pairs):
    al = alignment([s for s, _ in pairs], [t for _, t in pairs], [([i], [i], 0.9) for i in range(len(pairs))])
    with tempfile.TemporaryDirectory() as d:
        write(al, Path(d) / "c", "moses")
        n = [len((Path(d) / f"c.{lang}").read_text(encoding="utf-8").splitlines()) for lang in ("en", "ar")]
        assert n == [len(pairs), len(pairs)]
        write(al, Path(d) / "c.tmx", "tmx")
        segs = [s.text or "" for s in ET.parse(Path(d) / "c.tmx").getroot().iter("seg")]
        assert segs == [export.tmx.xml_text(x) for p in pairs for x in p]


def test_moses_needs_a_prefix(al, capsys):
    for path in (None, "-"):
        with pytest.raises(AlignError, match="moses format writes two files; give -o PREFIX"):
            write(al, path, "moses")
    assert capsys.readouterr().out == ""


def test_moses_same_language_refused(tmp_path):
    d = doc(["One."], "en", "a.txt")
    al = Alignment(d, d, (Bead((0,), (0,), 0.9),))
    with pytest.raises(AlignError, match="same name"):
        write(al, tmp_path / "c", "moses")
    assert list(tmp_path.iterdir()) == []


def test_moses_atomic_when_the_writer_fails(al, tmp_path, monkeypatch):
    def half_then_fail(alignments, items, outs):
        for n, (_, row) in enumerate(items):
            if n == 2:
                raise RuntimeError("disk on fire")
            outs[0].write(row["src_text"] + "\n")
            outs[1].write(row["tgt_text"] + "\n")
            outs[0].flush()
            outs[1].flush()

    monkeypatch.setitem(export.WRITERS, "moses", dataclasses.replace(export.WRITERS["moses"], write=half_then_fail))
    with pytest.raises(RuntimeError, match="disk on fire"):
        write(al, tmp_path / "corpus", "moses")
    assert list(tmp_path.iterdir()) == []  # neither file, no temporary


def test_moses_atomic_when_the_second_rename_fails(al, tmp_path, monkeypatch):
    real_replace = export.atomic.os.replace
    calls = []

    def replace(a, b):
        calls.append(b)
        if len(calls) == 2:
            raise OSError("rename failed")
        real_replace(a, b)

    monkeypatch.setattr(export.atomic.os, "replace", replace)
    with pytest.raises(OSError, match="rename failed"):
        write(al, tmp_path / "corpus", "moses")
    assert len(calls) == 2
    assert list(tmp_path.iterdir()) == []


def test_atomic_single_file_on_error(al, tmp_path, monkeypatch):
    def boom(alignments, items, outs):
        outs[0].write("partial")
        raise KeyboardInterrupt

    monkeypatch.setitem(export.WRITERS, "tmx", dataclasses.replace(export.WRITERS["tmx"], write=boom))
    with pytest.raises(KeyboardInterrupt):
        write(al, tmp_path / "out.tmx", "tmx")
    assert list(tmp_path.iterdir()) == []


# ----------------------------------------------------------------------------- filters


def test_filter_rows_default_keeps_everything(al):
    rows = filter_rows(al, CorpusFilter())
    assert [r["bead"] for r in rows] == ["1-1", "1-1", "1-1", "1-0", "0-1", "2-1"]
    assert [{k: v for k, v in r.items() if k != "bead"} for r in rows] == al.rows()
    assert filter_rows(al) == rows


def test_min_score_applies_to_pairs_only(al):
    rows = filter_rows(al, CorpusFilter(min_score=0.7))
    # the 0.4 and 0.66 pairs go; the one-sided beads stay whatever their score (0.9 and 0.7)
    assert [r["bead"] for r in rows] == ["1-1", "1-1", "1-0", "0-1"]
    assert [r["score"] for r in rows] == [0.9312, 0.81, 0.9, 0.7]
    # compared with the score as written (rounded to 4 places)
    assert len(filter_rows(al, CorpusFilter(min_score=0.9312))) == 1 + 2


def test_drop_unaligned(al):
    rows = filter_rows(al, CorpusFilter(drop_unaligned=True))
    assert all(r["src"] and r["tgt"] for r in rows) and len(rows) == 4


def test_dedupe_normalises_whitespace(al):
    src = ["Hello  world.", "Hello\nworld.", "Hello world.", "Other."]
    tgt = ["مرحبا بالعالم.", "مرحبا  بالعالم.", "مرحبا يا عالم.", "آخر."]
    al = alignment(src, tgt, [([i], [i], 0.9) for i in range(4)])
    rows = filter_rows(al, CorpusFilter(dedupe=True))
    assert [r["src"] for r in rows] == [[0], [2], [3]]  # row 1 repeats row 0 up to whitespace
    assert len(filter_rows(al)) == 4


def test_filters_apply_to_every_writer(al, tmp_path):
    flt = CorpusFilter(min_score=0.5, drop_unaligned=True)
    write(al, tmp_path / "o.jsonl", "jsonl", flt)
    write(al, tmp_path / "o.tsv", "tsv", flt)
    write(al, tmp_path / "o.tmx", "tmx", flt)
    write(al, tmp_path / "o", "moses", flt)
    n = 3  # 0.9312, 0.81, 0.66
    assert len((tmp_path / "o.jsonl").read_text(encoding="utf-8").splitlines()) == n
    assert len((tmp_path / "o.tsv").read_text(encoding="utf-8").splitlines()) == n
    assert len(ET.parse(tmp_path / "o.tmx").getroot().findall("body/tu")) == n
    assert len(read_lines(tmp_path / "o.en")) == len(read_lines(tmp_path / "o.ar")) == n


def test_bad_min_score():
    for bad in (-0.1, 1.5, float("nan"), "0.5"):
        with pytest.raises(AlignError, match="min_score"):
            CorpusFilter(min_score=bad)


def test_filter_is_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        CorpusFilter().dedupe = True


# ----------------------------------------------------------------------------- several documents


@pytest.fixture
def two():
    a = alignment(["Shared sentence.", "Only in A."], ["جملة مشتركة.", "فقط في أ."],
                  [([0], [0], 0.9), ([1], [1], 0.8)], "a/en.txt", "a/ar.txt")
    b = alignment(["Shared   sentence.", "Only in B.", "Dropped."], ["جملة مشتركة.", "فقط في ب."],
                  [([0], [0], 0.95), ([1], [1], 0.85), ([2], [], 0.9)], "b/en.txt", "b/ar.txt")
    return a, b


def test_write_many_tmx(two, tmp_path):
    out = tmp_path / "corpus.tmx"
    write_many(iter(two), out, "tmx", CorpusFilter(dedupe=True))
    tus = ET.parse(out).getroot().findall("body/tu")
    docs = [tu.find("prop[@type='x-document']").text for tu in tus]
    assert docs == ["a/en.txt\ta/ar.txt", "a/en.txt\ta/ar.txt", "b/en.txt\tb/ar.txt"]
    assert [tu.find("tuv/seg").text for tu in tus] == ["Shared sentence.", "Only in A.", "Only in B."]
    assert [tu.get("tuid") for tu in tus] == ["1", "2", "3"]


def test_write_many_moses_jsonl_tsv(two, tmp_path):
    flt = CorpusFilter(dedupe=True)
    write_many(two, tmp_path / "c", "moses", flt)
    assert read_lines(tmp_path / "c.en") == ["Shared sentence.", "Only in A.", "Only in B."]
    assert len(read_lines(tmp_path / "c.ar")) == 3
    write_many(two, tmp_path / "c.jsonl", "jsonl", flt)
    rows = [json.loads(x) for x in (tmp_path / "c.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["src_text"] for r in rows] == ["Shared sentence.", "Only in A.", "Only in B.", "Dropped."]
    write_many(two, tmp_path / "c.tsv", "tsv")  # no dedupe: everything
    assert len((tmp_path / "c.tsv").read_text(encoding="utf-8").splitlines()) == 5


def test_write_many_mixed_directions(two, tmp_path):
    a, b = two
    flipped = Alignment(b.tgt, b.src, tuple(Bead(x.tgt, x.src, x.score) for x in b.beads))
    write_many([a, flipped], tmp_path / "mix.tmx", "tmx")
    root = ET.parse(tmp_path / "mix.tmx").getroot()
    assert root.find("header").get("srclang") == "*all*"
    tus = root.findall("body/tu")
    assert [tu.get("srclang") for tu in tus] == ["en", "en", "ar", "ar"]
    assert [v.get(XML_LANG) for v in tus[-1].findall("tuv")] == ["ar", "en"]
    with pytest.raises(AlignError, match="same language pair"):
        write_many([a, flipped], tmp_path / "mix", "moses")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mix.tmx"]


def test_write_many_empty(tmp_path):
    write_many([], tmp_path / "e.jsonl", "jsonl")
    assert (tmp_path / "e.jsonl").read_text() == ""
    write_many([], tmp_path / "e.tmx", "tmx")
    assert ET.parse(tmp_path / "e.tmx").getroot().findall("body/tu") == []
    with pytest.raises(AlignError, match="no alignments"):
        write_many([], tmp_path / "e", "moses")
