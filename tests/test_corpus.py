"""Corpus mode (`align corpus`) with the real default model: output layout, bad pairs, resuming after
kill -9, the embedding cache, local worker processes and a Dask cluster giving the same bytes."""

import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import BENCH_DEV, REPO, SEEDS, need_bench_dev

from align.corpus.run import CorpusSettings, pair_id, run_corpus

pytestmark = pytest.mark.model

PAIRS = ["ntrex_01", "ntrex_02", "ntrex_03", "ntrex_04", "ntrex_05", "quran_01", "hadith_01", "hadith_02"]
N_PARAGRAPHS = 7  # English paragraphs per test document (a pair takes about a second to align)
FORMATS = ["jsonl", "tmx", "moses", "tsv"]
FINAL = ["corpus.jsonl", "corpus.tmx", "corpus.en", "corpus.ar", "corpus.ids", "corpus.tsv", "coverage.tsv",
         "failures.jsonl"]
BAD = [("missing.en.txt", "ntrex_01.ar.txt"), ("ntrex_01.en.txt", "ntrex_02.en.txt")]  # no file; one language


def cut(pair: str, k: int) -> tuple[str, str]:
    """The first paragraphs of a bench-dev pair (whole gold beads, at least ``k`` English paragraphs)."""
    gold = json.loads((BENCH_DEV / pair / "gold.json").read_text(encoding="utf-8"))
    en = (BENCH_DEV / pair / "en.txt").read_text(encoding="utf-8").split("\n\n")
    ar = (BENCH_DEV / pair / "ar.txt").read_text(encoding="utf-8").split("\n\n")
    si, tj = [], []
    for s, t in gold:
        si += s
        tj += t
        if len(si) >= k:
            break
    return "\n\n".join(en[i].strip() for i in si) + "\n", "\n\n".join(ar[j].strip() for j in tj) + "\n"


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    """Test documents, a manifest (8 pairs, then 2 bad ones) and a shared embedding cache."""
    need_bench_dev()
    root = tmp_path_factory.mktemp("corpus")
    docs = root / "docs"
    docs.mkdir()
    lines = ["en,ar"]
    for p in PAIRS:
        en, ar = cut(p, N_PARAGRAPHS)
        (docs / f"{p}.en.txt").write_text(en, encoding="utf-8")
        (docs / f"{p}.ar.txt").write_text(ar, encoding="utf-8")
        lines.append(f"{p}.en.txt,{p}.ar.txt")
    lines += [f"{a},{b}" for a, b in BAD]
    manifest = docs / "manifest.csv"
    manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return {"root": root, "docs": docs, "manifest": manifest, "cache": root / "cache"}


@pytest.fixture(scope="module")
def reference(data):
    """A clean single-process run (in this process): the bytes every other run must reproduce."""
    out = data["root"] / "reference"
    res = run_corpus(data["manifest"], out, formats=FORMATS, workers=1, cache_dir=data["cache"], quiet=True)
    assert res.aligned == len(PAIRS) and len(res.failed) == len(BAD)
    return out


def cli(*args, **kw):
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.run([sys.executable, "-m", "align", *map(str, args)], capture_output=True, text=True,
                          env=env, timeout=600, **kw)


def events(out: Path) -> list[dict]:
    got = []
    for line in (out / "run.log").read_text(encoding="utf-8").splitlines():
        try:
            got.append(json.loads(line))
        except ValueError:  # a line cut by kill -9
            pass
    return got


def runs(out: Path) -> list[list[dict]]:
    """The log's events grouped by run."""
    by: dict[str, list[dict]] = {}
    for e in events(out):
        by.setdefault(e["run"], []).append(e)
    return list(by.values())


def assert_same_output(out: Path, ref: Path):
    for name in FINAL:
        assert (out / name).read_bytes() == (ref / name).read_bytes(), name


def test_output_layout_and_content(data, reference):
    out = reference
    rows = [json.loads(line) for line in (out / "corpus.jsonl").read_text(encoding="utf-8").splitlines()]
    ids = [pair_id(f"{p}.en.txt", f"{p}.ar.txt") for p in PAIRS]
    # manifest order, each document's rows together, every pair once
    order = list(dict.fromkeys(r["doc"] for r in rows))
    assert order == ids
    assert len(order) == len({(r["doc"]) for r in rows})
    r0 = rows[0]
    assert set(r0) == {"doc", "src_doc", "tgt_doc", "level", "src", "tgt", "src_lines", "tgt_lines", "score",
                       "src_text", "tgt_text", "bead"}
    assert (r0["src_doc"], r0["tgt_doc"], r0["level"]) == ("ntrex_01.en.txt", "ntrex_01.ar.txt", "paragraph")
    # line spans point at the text in the input file
    en_lines = (data["docs"] / "ntrex_01.en.txt").read_text(encoding="utf-8").split("\n")
    for r in rows[:5]:
        if r["src"]:
            a, b = r["src_lines"]
            assert " ".join(" ".join(en_lines[a - 1:b]).split()) == " ".join(r["src_text"].split())
    # the parts hold exactly the corpus rows
    parts = sorted((out / "parts").glob("*.jsonl"))
    assert sorted(p.stem for p in parts) == sorted(ids)
    assert sum(len(p.read_text(encoding="utf-8").splitlines()) - 1 for p in parts) == len(rows)
    # TMX parses and names the documents; Moses files are line-aligned with their ids
    tmx = ET.parse(out / "corpus.tmx").getroot()
    tus = tmx.findall("./body/tu")
    two_sided = [r for r in rows if r["src"] and r["tgt"]]
    assert len(tus) == len(two_sided)
    assert tus[0].find("prop[@type='x-document']").text == "ntrex_01.en.txt\tntrex_01.ar.txt"
    n = len(two_sided)
    for name in ("corpus.en", "corpus.ar", "corpus.ids"):
        assert len((out / name).read_text(encoding="utf-8").splitlines()) == n
    first_id = (out / "corpus.ids").read_text(encoding="utf-8").splitlines()[0].split("\t")
    assert first_id[0] == ids[0] and first_id[1] == "ntrex_01.en.txt"
    # one coverage line per manifest pair, failures included
    cov = list(csv.DictReader((out / "coverage.tsv").open(encoding="utf-8"), delimiter="\t"))
    assert [c["doc"] for c in cov][:len(PAIRS)] == ids
    assert [c["status"] for c in cov] == ["ok"] * len(PAIRS) + ["failed"] * len(BAD)
    assert all(float(c["src_coverage"]) > 0.5 and float(c["tgt_coverage"]) > 0.5 for c in cov[:len(PAIRS)])
    fails = [json.loads(line) for line in (out / "failures.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(f["src"], f["tgt"]) for f in fails] == BAD
    assert "no such file" in fails[0]["error"] and "same language" in fails[1]["error"]
    assert not list(out.glob(".*.part")) and not list((out / "parts").glob(".*"))


def test_resume_after_kill_9(data, reference, tmp_path):
    """kill -9 in the middle, then the same command: finished pairs are not redone, the output is the
    clean run's, byte for byte."""
    out = tmp_path / "out"
    args = ["corpus", data["manifest"], "-o", out, "-w", "1", "--cache", tmp_path / "cache", "-q"]
    for f in FORMATS:
        args += ["-f", f]
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.Popen([sys.executable, "-m", "align", *map(str, args)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    parts = out / "parts"
    deadline = time.monotonic() + 300
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            if parts.is_dir() and any(parts.glob("*.jsonl")):
                break
            time.sleep(0.005)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    before = {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in parts.glob("*.jsonl")}
    assert 1 <= len(before) < len(PAIRS), "the run was not killed in the middle"
    assert not (out / "corpus.jsonl").exists()  # final files are only assembled at the end

    res = cli(*args)
    assert res.returncode == 0, res.stderr
    # the parts of the killed run were kept as they were, not recomputed
    for name, (mtime, data_) in before.items():
        assert (parts / name).stat().st_mtime_ns == mtime and (parts / name).read_bytes() == data_
    first, second = runs(out)
    aligned_first = {e["id"] for e in first if e.get("event") == "pair" and e["ok"]}
    aligned_second = [e["id"] for e in second if e.get("event") == "pair" and e["ok"]]
    assert aligned_first <= {p[:-len(".jsonl")] for p in before}
    assert len(aligned_second) == len(set(aligned_second)) == len(PAIRS) - len(before)
    assert not set(aligned_second) & {p[:-len(".jsonl")] for p in before}
    assert_same_output(out, reference)
    assert not list(out.glob(".*.part")) and not list(parts.glob(".*"))

    # a third run has nothing left to align and writes the same files again
    res = cli(*args)
    assert res.returncode == 0, res.stderr
    assert not [e for e in runs(out)[-1] if e.get("event") == "pair" and e["ok"]]
    assert_same_output(out, reference)


def test_local_workers_and_warm_cache(data, reference, tmp_path):
    """Two worker processes (one model each), warm embedding cache: same bytes, nothing sent to the
    model, failing pairs reported on stderr without stopping the run."""
    out = tmp_path / "out"
    args = ["corpus", data["manifest"], "-o", out, "-w", "2", "--cache", data["cache"]]
    for f in FORMATS:
        args += ["-f", f]
    res = cli(*args)
    assert res.returncode == 0, res.stderr
    assert "Traceback" not in res.stderr
    warnings = [line for line in res.stderr.splitlines() if line.startswith("align: warning: pair")]
    assert len(warnings) == len(BAD)
    assert "8 aligned (8 this run, 0 already done), 2 failed" in res.stderr
    assert_same_output(out, reference)
    pairs = [e for e in events(out) if e.get("event") == "pair" and e["ok"]]
    assert len(pairs) == len(PAIRS)
    assert sum(e["embedded"] for e in pairs) == 0 and sum(e["disk_hits"] for e in pairs) > 0
    assert all(e["loads"] == 1 for e in pairs)  # the model is loaded once per worker, not per pair
    assert 1 <= len({e["worker"] for e in pairs}) <= 2


def test_dask_cluster_gives_the_same_output(data, reference, tmp_path):
    distributed = pytest.importorskip("distributed")
    out = tmp_path / "out"
    env = {"PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  env=env) as cluster:
        res = run_corpus(data["manifest"], out, formats=FORMATS, scheduler=cluster.scheduler_address,
                         cache_dir=data["cache"], quiet=True)
    assert res.aligned == len(PAIRS) and len(res.failed) == len(BAD)
    assert_same_output(out, reference)
    pairs = [e for e in events(out) if e.get("event") == "pair" and e["ok"]]
    assert all(e["worker"].startswith("tcp://") and e["loads"] == 1 for e in pairs)


def test_settings_change_is_refused(data, reference, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(reference, out)
    res = cli("corpus", data["manifest"], "-o", out, "--level", "sentence", "--no-cache")
    assert res.returncode == 2
    assert "other settings" in res.stderr and "level 'paragraph' -> 'sentence'" in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1


def test_all_pairs_failing_is_an_error(data, tmp_path):
    manifest = data["docs"] / "bad.csv"
    manifest.write_text("en,ar\n" + "".join(f"{a},{b}\n" for a, b in BAD), encoding="utf-8")
    out = tmp_path / "out"
    res = cli("corpus", manifest, "-o", out, "-w", "1", "--no-cache")
    assert res.returncode == 2
    assert res.stderr.strip().splitlines()[-1].startswith("align: error: all 2 pairs failed")
    assert "Traceback" not in res.stderr
    assert len((out / "failures.jsonl").read_text(encoding="utf-8").splitlines()) == 2
    res = cli("corpus", data["docs"] / "nope.csv", "-o", out)
    assert res.returncode == 2 and "no such file" in res.stderr and "Traceback" not in res.stderr


def test_from_two_folders(data, tmp_path):
    """`align corpus EN_DIR AR_DIR`: documents are matched first; an English document without
    translation stays out of the corpus."""
    en_dir, ar_dir = tmp_path / "en", tmp_path / "ar"
    en_dir.mkdir()
    ar_dir.mkdir()
    for p in PAIRS[:3]:
        shutil.copy(data["docs"] / f"{p}.en.txt", en_dir / f"{p}.txt")
        shutil.copy(data["docs"] / f"{p}.ar.txt", ar_dir / f"{p}.txt")
    shutil.copy(SEEDS / "001_936e4c8a2c7d9e89.txt", en_dir / "other.txt")
    out = tmp_path / "out"
    res = cli("corpus", "en", "ar", "-o", "out", "-w", "1", "--cache", data["cache"], cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    manifest = list(csv.DictReader((out / "manifest.csv").open(encoding="utf-8")))
    assert sorted((r["en"], r["ar"]) for r in manifest) == [
        (f"../en/{p}.txt", f"../ar/{p}.txt") for p in PAIRS[:3]]
    lonely = list(csv.DictReader((out / "manifest.unmatched.csv").open(encoding="utf-8")))
    assert [r["path"] for r in lonely] == ["../en/other.txt"]
    cov = list(csv.DictReader((out / "coverage.tsv").open(encoding="utf-8"), delimiter="\t"))
    assert [c["status"] for c in cov] == ["ok"] * 3
    assert all(c["match_score"] for c in cov)


def test_settings_validation():
    from align import AlignError

    with pytest.raises(AlignError, match="unknown level"):
        CorpusSettings(level="word")
