"""`align eval` refuses what cannot be scored (issue 17, item 7): beads of the wrong shape, gold of
another document or level, a corpus file of several documents, a prediction of two levels."""

import json

import pytest
from typer.testing import CliRunner

from align.cli import app

PRED = [([0], [0]), ([1], [1, 2]), ([2], []), ([3], [3])]  # 4 source, 4 target paragraphs


def write_rows(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def write_pred(path, beads, **extra):
    return write_rows(path, [dict(extra, src=s, tgt=t, score=0.9) for s, t in beads])


def ev(*args):
    return CliRunner().invoke(app, ["eval", *map(str, args), "--json"])


def one_line(res, needle):
    assert res.exit_code == 2, res.output
    err = res.stderr.strip()
    assert len(err.splitlines()) == 1 and err.startswith("align: error:") and needle in err, err


@pytest.fixture
def pred(tmp_path):
    return write_pred(tmp_path / "pred.jsonl", PRED)


def gold(tmp_path, beads, name="gold.json"):
    p = tmp_path / name
    p.write_text(json.dumps(beads), encoding="utf-8")
    return p


def test_matching_gold_is_scored(pred, tmp_path):
    res = ev(pred, gold(tmp_path, [[list(s), list(t)] for s, t in PRED]))
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["strict_f1"] == 1.0


def test_vecalign_lines_are_still_read(pred, tmp_path):
    g = tmp_path / "gold.txt"
    g.write_text("[0]:[0]\n[1]:[1, 2]\n[2]:[]\n[3]:[3]\n", encoding="utf-8")
    res = ev(pred, g)
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["strict_f1"] == 1.0


def test_sentence_gold_against_paragraphs(pred, tmp_path):
    sent = [[[i], [i]] for i in range(12)]  # more units than the prediction has
    one_line(ev(pred, gold(tmp_path, sent)), "refers to source unit 11")


def test_another_documents_gold(pred, tmp_path):
    one_line(ev(pred, gold(tmp_path, [[[0], [0]], [[1], [1]]])), "not the same documents")


def test_out_of_range_and_bad_indices(pred, tmp_path):
    one_line(ev(pred, gold(tmp_path, [[[0], [0]], [[1], [1, 2]], [[2], []], [[3], [9]]])),
             "refers to target unit 9")
    one_line(ev(pred, gold(tmp_path, [[["0"], [0]]])), "bead 1 is not a bead")
    one_line(ev(pred, gold(tmp_path, [[[-1], [0]]])), "non-negative")
    one_line(ev(pred, gold(tmp_path, [[[True], [0]]])), "non-negative")
    one_line(ev(pred, gold(tmp_path, [[[0], [0]], 5])), "bead 2 is not a bead")
    one_line(ev(pred, gold(tmp_path, {"beads": []})), "not a bead row")
    one_line(ev(pred, gold(tmp_path, [[[0], [0]], [[0], [1]]])), "source unit 0 is in beads 1 and 2")


def test_corpus_file_of_several_documents(tmp_path):
    p = write_rows(tmp_path / "corpus.jsonl",
                   [dict(doc=d, src=list(s), tgt=list(t), score=0.9) for d in ("aaa", "bbb") for s, t in PRED])
    g = gold(tmp_path, [[list(s), list(t)] for s, t in PRED])
    one_line(ev(p, g), "holds the rows of 2 documents")
    res = ev(p, g, "--doc", "bbb")
    assert res.exit_code == 0 and json.loads(res.stdout)["strict_f1"] == 1.0
    one_line(ev(p, g, "--doc", "ccc"), "no rows of document 'ccc'")


def test_prediction_of_both_levels(tmp_path):
    sent = [([i], [i]) for i in range(6)]
    p = write_rows(tmp_path / "both.jsonl",
                   [dict(level="paragraph", src=list(s), tgt=list(t)) for s, t in PRED]
                   + [dict(level="sentence", src=list(s), tgt=list(t)) for s, t in sent])
    g = gold(tmp_path, [[list(s), list(t)] for s, t in PRED])
    one_line(ev(p, g), "holds paragraph and sentence rows")
    res = ev(p, g, "--level", "paragraph")
    assert res.exit_code == 0 and json.loads(res.stdout)["strict_f1"] == 1.0
    one_line(ev(p, g, "--level", "sentence"), "not the same documents")


def test_malformed_jsonl(tmp_path, pred):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"src": [0], "tgt": [0]}\n{"src": 3, "tgt": [1]}\n', encoding="utf-8")
    one_line(ev(bad, pred), "line 2 is not a bead")
    bad.write_text('{"src": [0], "tgt": [0]}\n{"sr', encoding="utf-8")
    one_line(ev(bad, pred), "line 2 is not JSON")


def test_help_shows_the_gold_format():
    res = CliRunner().invoke(app, ["eval", "--help"])
    assert "[[[src indices], [tgt" in res.stdout, res.stdout
