"""The command line on bad input: one line on stderr, a non-zero exit code, no output file."""

import subprocess
import sys

import pytest
from conftest import BENCH_DEV, need_bench_dev, write_pair


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "align", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, timeout=600)


def assert_clean_error(res, out, needle):
    assert res.returncode != 0
    err = res.stderr.strip()
    assert len(err.splitlines()) == 1, res.stderr
    assert err.startswith("align: error:") and needle in err, err
    assert "Traceback" not in res.stderr
    assert not out.exists()
    assert not list(out.parent.glob(f".{out.name}*"))  # no temporary left over


@pytest.fixture
def files(tmp_path):
    en, ar = write_pair(tmp_path)
    return en, ar, tmp_path / "out.jsonl"


def test_missing_file(files):
    en, ar, out = files
    assert_clean_error(run("pair", en, en.parent / "nope.txt", "-o", out), out, "no such file")


def test_empty_file(files):
    en, ar, out = files
    ar.write_bytes(b"")
    assert_clean_error(run("pair", en, ar, "-o", out), out, "empty")


def test_blank_file(files):
    en, ar, out = files
    ar.write_text("\n  \n\n", encoding="utf-8")
    assert_clean_error(run("pair", en, ar, "-o", out), out, "empty")


def test_binary_file(files):
    en, ar, out = files
    ar.write_bytes(bytes(range(256)) * 4)
    assert_clean_error(run("pair", en, ar, "-o", out), out, "binary")


def test_invalid_utf8(files):
    en, ar, out = files
    ar.write_bytes("مرحبا\n".encode() + "caf\xe9 au lait\n".encode("latin-1"))
    assert_clean_error(run("pair", en, ar, "-o", out), out, "UTF-8")


def test_same_language(files):
    en, ar, out = files
    other = en.parent / "en2.txt"
    other.write_text("A completely different English text.\n\nWith two paragraphs.\n", encoding="utf-8")
    assert_clean_error(run("pair", en, other, "-o", out), out, "same language")


def test_directory_as_input(files):
    en, ar, out = files
    assert_clean_error(run("pair", en, en.parent, "-o", out), out, "directory")


def test_output_format_from_the_file_name(files):
    """`-o x.tmx` writes TMX and `-o x.tsv` TSV without `--format`; a name that says no format is an
    error before any work (not JSONL under a .tmx or .csv name); `--format` wins over the name."""
    en, ar, out = files
    tmx = out.with_name("pairs.tmx")
    assert run("pair", en, ar, "-o", tmx, "-q").returncode == 0
    assert tmx.read_text(encoding="utf-8").startswith("<?xml") and "<tu" in tmx.read_text(encoding="utf-8")
    tsv = out.with_name("pairs.tsv")
    assert run("pair", en, ar, "-o", tsv, "-q").returncode == 0
    assert all(len(line.split("\t")) == 3 for line in tsv.read_text(encoding="utf-8").splitlines())
    csv = out.with_name("pairs.csv")
    assert_clean_error(run("pair", en, ar, "-o", csv), csv, "--format")
    assert run("pair", en, ar, "-o", csv, "-f", "tsv", "-q").returncode == 0 and csv.is_file()


def test_eval_bad_gold(files, tmp_path):
    en, ar, out = files
    bad = tmp_path / "gold.json"
    bad.write_text("{not json", encoding="utf-8")
    res = run("eval", bad, bad)
    assert res.returncode != 0 and len(res.stderr.strip().splitlines()) == 1
    assert "Traceback" not in res.stderr


@pytest.mark.model
def test_pair_and_eval_end_to_end(tmp_path):
    """`align pair` (files in Arabic-first order) then `align eval` against the gold, through the CLI."""
    need_bench_dev()
    pair = BENCH_DEV / "ntrex_05"
    out = tmp_path / "pred.jsonl"
    res = run("pair", pair / "ar.txt", pair / "en.txt", "-o", out)
    assert res.returncode == 0, res.stderr
    res = run("eval", out, pair / "gold.json", "--json")
    assert res.returncode == 0, res.stderr
    import json

    assert json.loads(res.stdout)["strict_f1"] >= 0.95
    tsv = run("pair", pair / "en.txt", pair / "ar.txt", "--format", "tsv", "-q")
    assert tsv.returncode == 0 and tsv.stderr == ""
    assert all(len(line.split("\t")) == 3 for line in tsv.stdout.splitlines())
