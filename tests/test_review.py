"""The review state (built from a report, saved, checked, applied), the review page's HTML and the
`align review` / `align apply` / `align eval STATE` commands. The page's edits run in a real browser in
tests/test_review_browser.py."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import pytest
from review_fixture import CORRECTED_ROWS, FIRST_ROWS, expected_alignment, report

from align import export
from align.errors import AlignError
from align.review import Row, from_report, load_state, parse_state, render_review


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "align", *map(str, args)], capture_output=True, text=True,
                          timeout=600, cwd=cwd)


def corrected_state():
    """The fixture's state as the reviewer leaves it (the same edits the browser test makes)."""
    state = from_report(report())
    rows = (Row((0,), (0,), 0.95), Row((1,), (1,)), Row((2,), (2,)), Row((3,), ()),
            Row((4,), (3,), 0.9, comment="checked"), Row((), (4,), 0.85))
    findings = (dataclasses.replace(state.findings[0], decision="confirmed"),
                dataclasses.replace(state.findings[1], decision="dismissed"))
    return dataclasses.replace(state, rows=rows, findings=findings)


def save(state, path: Path) -> Path:
    path.write_text(json.dumps(state.as_dict(), ensure_ascii=False), encoding="utf-8")
    return path


def test_rows_start_from_the_paragraph_beads_over_sentence_units():
    state = from_report(report())
    assert [(list(r.src), list(r.tgt)) for r in state.rows] == FIRST_ROWS
    assert state.rows == state.first
    assert [r.score for r in state.rows] == [0.95, 0.7, 0.4, 0.9, 0.85]
    assert [s.text for s in state.src.segments][1:3] == ["He met the president.", "They discussed trade & <water>."]
    assert [(f.kind, f.side, f.units) for f in state.findings] == [("weak", "source", (3,)), ("added", "target", (4,))]


def test_sentence_level_rows_are_the_sentence_beads():
    state = from_report(report(), "sentence")
    assert [(list(r.src), list(r.tgt)) for r in state.rows] == [([0], [0]), ([1], [1]), ([2], []), ([3], [2]),
                                                                ([4], [3]), ([], [4])]


def test_state_round_trip_and_signature():
    state = corrected_state()
    data = json.loads(json.dumps(state.as_dict()))
    assert parse_state(data, "s.json") == state
    assert data["format"] == "align-review" and data["version"] == 1 and len(data["signature"]) == 64
    assert data["source"]["units"][1] == {"text": "He met the president.", "lines": [3, 3], "par": 1,
                                          "furniture": False}
    data["target"]["units"][0]["text"] = "changed"
    with pytest.raises(AlignError, match="signature"):
        parse_state(data, "s.json")


def test_corrected_alignment_is_the_expected_one():
    state = corrected_state()
    assert state.corrected() == expected_alignment(state)
    assert state.decisions() == {"open": 0, "dismissed": 1, "confirmed": 1}
    first = state.first_alignment()
    assert [(list(b.src), list(b.tgt)) for b in first.beads] == FIRST_ROWS


def test_a_wrong_pair_is_written_as_its_two_sides_alone():
    state = from_report(report())
    rows = list(state.rows)
    rows[2] = dataclasses.replace(rows[2], wrong=True)
    beads = dataclasses.replace(state, rows=tuple(rows)).corrected().beads
    assert [(b.src, b.tgt) for b in beads][2:4] == [((3,), ()), ((), (2,))]


@pytest.mark.parametrize("rows, message", [
    ([([0], [0]), ([2, 1], [1, 2]), ([3], []), ([4], [3]), ([], [4])], "source unit 2 comes where unit 1 should"),
    ([([0], [0]), ([1, 2], [1, 2]), ([2, 3], []), ([4], [3]), ([], [4])], "source unit 2 appears twice"),
    ([([0], [0]), ([1, 2], [1, 2]), ([4], [3]), ([], [4])], "source unit 4 comes where unit 3 should"),
    ([([0], [0]), ([1, 2], [1, 2]), ([3], []), ([4], [3])], "target units 4-4 are in no row"),
    ([([0], [0]), ([], []), ([1, 2, 3], [1, 2]), ([4], [3]), ([], [4])], "row 2 holds no unit"),
])
def test_rows_must_keep_the_order_and_every_unit_once(rows, message):
    data = from_report(report()).as_dict()
    data["rows"] = [{"src": s, "tgt": t, "score": None} for s, t in rows]
    with pytest.raises(AlignError, match=message):
        parse_state(data, "s.json")


@pytest.mark.parametrize("change, message", [
    (lambda d: d.update(format="other"), "not a review state"),
    (lambda d: d.update(version=7), "version 7 is not supported"),
    (lambda d: d["rows"][0].update(score=3), "score 3 is not a number in"),
    (lambda d: d["rows"][0].update(wrong="yes"), "'wrong' is not true or false"),
    (lambda d: d["findings"][0].update(decision="maybe"), "decision 'maybe'"),
    (lambda d: d["rows"][0].update(src="0"), "'src' is not a list"),
])
def test_bad_state_is_one_line(change, message):
    data = from_report(report()).as_dict()
    change(data)
    with pytest.raises(AlignError, match=message):
        parse_state(data, "s.json")


def test_page_is_self_contained_and_carries_the_state():
    page = render_review(from_report(report()), "mine.state.json", None)
    assert page.startswith("<!DOCTYPE html>")
    assert "http://" not in page and "https://" not in page and "<link" not in page and "<img" not in page
    assert "script-src 'unsafe-inline'" in page and "connect-src" not in page
    raw = page.split('<script type="application/json" id="review-state">', 1)[1].split("</script>", 1)[0]
    data = json.loads(raw)
    assert data["save_name"] == "mine.state.json" and data["target"]["dir"] == "rtl" and data["source"]["dir"] == "ltr"
    assert parse_state({k: v for k, v in data.items()}, "page") == from_report(report())
    assert "<" not in raw  # no text can close the script element
    assert data["source"]["units"][2]["text"] == "They discussed trade & <water>."


def test_apply_writes_the_corrected_tmx(tmp_path):
    state = save(corrected_state(), tmp_path / "review.state.json")
    out = tmp_path / "corrected.tmx"
    res = run("apply", state, "-o", out)
    assert res.returncode == 0, res.stderr
    assert "6 rows (3 changed by the reviewer, 0 marked wrong); findings: 1 confirmed, 1 dismissed, 0 open" in res.stderr
    expected = tmp_path / "expected.tmx"
    export.write(expected_alignment(load_state(state)), expected, "tmx")
    assert out.read_text(encoding="utf-8") == expected.read_text(encoding="utf-8")
    for fmt in ("jsonl", "tsv", "xliff", "moses"):
        res = run("apply", state, "-o", tmp_path / ("c" if fmt == "moses" else f"c.{fmt}"), "-f", fmt, "-q")
        assert res.returncode == 0, res.stderr
    rows = [json.loads(x) for x in (tmp_path / "c.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(r["src"], r["tgt"]) for r in rows] == CORRECTED_ROWS
    assert rows[2]["src_text"] == "They discussed trade & <water>." and rows[2]["src_lines"] == [4, 4]
    assert (tmp_path / "c.en").read_text(encoding="utf-8").count("\n") == 4


def test_apply_bad_state_is_one_line_and_writes_nothing(tmp_path):
    data = corrected_state().as_dict()
    data["rows"][1]["src"] = [2]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path / "out.tmx"
    for path in (bad, tmp_path / "missing.json"):
        res = run("apply", path, "-o", out)
        assert res.returncode == 2 and res.stderr.startswith("align: error: ") and res.stderr.count("\n") == 1, res.stderr
        assert "Traceback" not in res.stderr
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["bad.json"]


def test_eval_scores_the_first_alignment_against_the_reviewed_one(tmp_path):
    state = save(corrected_state(), tmp_path / "s.json")
    res = run("eval", state, "--json")
    assert res.returncode == 0, res.stderr
    scores = json.loads(res.stdout)
    # 3 of the tool's 5 rows stand; 3 of the reviewer's 6 were the tool's
    assert scores["strict_p"] == 0.6 and scores["strict_r"] == 0.5
    first = tmp_path / "first.jsonl"
    first.write_text("".join(json.dumps({"src": s, "tgt": t}) + "\n" for s, t in FIRST_ROWS), encoding="utf-8")
    res = run("eval", first, state, "--json")
    assert json.loads(res.stdout) == scores


@pytest.mark.model
def test_review_then_apply_end_to_end(tmp_path):
    from conftest import write_pair

    en, ar = write_pair(tmp_path)
    page = tmp_path / "review.html"
    res = run("review", en, ar, "-o", page, cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert "align apply review.state.json -o corrected.tmx" in res.stderr
    text = page.read_text(encoding="utf-8")
    raw = text.split('id="review-state">', 1)[1].split("</script>", 1)[0]
    state = tmp_path / "review.state.json"
    state.write_text(raw, encoding="utf-8")  # the state as the page holds it before any edit
    res = run("apply", state, "-o", tmp_path / "c.tmx", "-q")
    assert res.returncode == 0, res.stderr
    assert (tmp_path / "c.tmx").read_text(encoding="utf-8").count("<tu ") == 2
    res = run("coverage", en, ar, "--html", tmp_path / "cov.html", "-q")
    assert res.returncode == 0 and 'id="review-state"' in (tmp_path / "cov.html").read_text(encoding="utf-8")
