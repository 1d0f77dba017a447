"""Corpus runs under faults (issue 17), with real processes: kill -9 of a run leaves no worker behind,
a damaged part is named and redone, a second run into a busy folder writes nothing, a resume reuses the
manifest of unchanged inputs; the first ETA is not inflated by the model loading."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO, need_bench_dev
from test_corpus import cut

from align.corpus.run import run_corpus

PAIRS = ["ntrex_01", "ntrex_02", "quran_01", "hadith_01"]
FINAL = ["corpus.jsonl", "corpus.tsv", "coverage.tsv", "failures.jsonl"]


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    need_bench_dev()
    root = tmp_path_factory.mktemp("faults")
    for sub in ("docs", "en", "ar"):
        (root / sub).mkdir()
    lines = ["en,ar"]
    for p in PAIRS:
        en, ar = cut(p, 6)
        (root / "docs" / f"{p}.en.txt").write_text(en, encoding="utf-8")
        (root / "docs" / f"{p}.ar.txt").write_text(ar, encoding="utf-8")
        (root / "en" / f"{p}.txt").write_text(en, encoding="utf-8")
        (root / "ar" / f"{p}.txt").write_text(ar, encoding="utf-8")
        lines.append(f"{p}.en.txt,{p}.ar.txt")
    (root / "docs" / "manifest.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def reference(data):
    out = data / "reference"
    res = run_corpus(data / "docs" / "manifest.csv", out, formats=["jsonl", "tsv"], workers=1,
                     cache_dir=data / "cache", quiet=True)
    assert res.aligned == len(PAIRS)
    return out


def env():
    return dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))


def cli(*args, **kw):
    return subprocess.run([sys.executable, "-m", "align", *map(str, args)], capture_output=True, text=True,
                          env=env(), timeout=600, **kw)


def start(*args, **kw):
    return subprocess.Popen([sys.executable, "-m", "align", *map(str, args)], env=env(), stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, start_new_session=True, **kw)


def wait_for(pred, proc, limit=300.0):
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if pred():
            return True
        if proc.poll() is not None:
            return pred()
        time.sleep(0.02)
    return False


def group_alive(pgid: int) -> list[str]:
    res = subprocess.run(["pgrep", "-a", "-g", str(pgid)], capture_output=True, text=True)
    return res.stdout.strip().splitlines()


@pytest.mark.model
def test_kill_9_leaves_no_worker_behind(data, tmp_path):
    """kill -9 of the main process only (not its group): the worker processes and the multiprocessing
    resource tracker end too, within seconds."""
    out = tmp_path / "out"
    proc = start("corpus", data / "docs" / "manifest.csv", "-o", out, "-w", "2", "--no-cache", "-q")
    try:
        assert wait_for(lambda: any((out / "parts").glob("*.jsonl")) if (out / "parts").is_dir() else False, proc)
        assert proc.poll() is None, "the run ended before it could be killed"
        assert len(group_alive(proc.pid)) >= 3  # the run, its two workers (and the resource tracker)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        deadline = time.monotonic() + 20
        while group_alive(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not group_alive(proc.pid), group_alive(proc.pid)
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def _rewrite_without_digest(part: Path) -> None:
    """A part as runs before checksums wrote it: the summary line alone, then the rows."""
    head, _, body = part.read_bytes().partition(b"\n")
    part.write_bytes(json.dumps({"summary": json.loads(head)["summary"]}, ensure_ascii=False).encode() + b"\n" + body)


@pytest.mark.model
def test_damaged_parts_are_named_and_redone(data, reference, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(reference, out)
    parts = sorted((out / "parts").glob("*.jsonl"))
    line_cut, mid_cut, old_cut, old_whole = parts[:4]
    lines = line_cut.read_text(encoding="utf-8").splitlines(keepends=True)
    line_cut.write_text("".join(lines[:-2]), encoding="utf-8")      # cut at a line boundary
    data_ = mid_cut.read_bytes()
    mid_cut.write_bytes(data_[: len(data_) * 2 // 3])                # cut inside a line
    _rewrite_without_digest(old_cut)                                 # an older part, then cut
    lines = old_cut.read_text(encoding="utf-8").splitlines(keepends=True)
    old_cut.write_text("".join(lines[:-1]), encoding="utf-8")
    _rewrite_without_digest(old_whole)                               # an older part, whole: kept
    kept = old_whole.stat().st_mtime_ns
    res = cli("corpus", data / "docs" / "manifest.csv", "-o", out, "-w", "1", "-f", "jsonl", "-f", "tsv",
              "--cache", data / "cache")
    assert res.returncode == 0, res.stderr
    assert "Traceback" not in res.stderr
    warned = [line for line in res.stderr.splitlines() if "is damaged" in line]
    assert len(warned) == 3, res.stderr
    for p in (line_cut, mid_cut, old_cut):
        assert any(p.name in w for w in warned)
    assert "4 aligned (3 this run, 1 already done)" in res.stderr
    assert old_whole.stat().st_mtime_ns == kept
    for name in FINAL:
        assert (out / name).read_bytes() == (reference / name).read_bytes(), name


@pytest.mark.model
def test_second_run_writes_nothing_and_resume_reuses_the_manifest(data, tmp_path):
    work = tmp_path / "work"
    shutil.copytree(data / "en", work / "en")
    shutil.copytree(data / "ar", work / "ar")
    out = work / "out"
    args = ["corpus", "en", "ar", "-o", "out", "-w", "1", "--cache", data / "cache"]
    first = start(*args, cwd=work)
    manifest = out / "manifest.csv"
    try:
        assert wait_for(manifest.is_file, first), "the first run wrote no manifest"
        before = (manifest.stat().st_mtime_ns, manifest.read_bytes())
        second = cli(*args, cwd=work)
        assert second.returncode == 2
        assert second.stderr.strip().splitlines() == [
            "align: error: out: another `align corpus` run is writing this folder"], second.stderr
        assert (manifest.stat().st_mtime_ns, manifest.read_bytes()) == before
        _, err = first.communicate(timeout=600)
        assert first.returncode == 0, err
    finally:
        if first.poll() is None:
            os.killpg(first.pid, signal.SIGKILL)
    assert (manifest.stat().st_mtime_ns, manifest.read_bytes()) == before

    again = cli(*args, cwd=work)  # nothing changed: the manifest is reused, no matching
    assert again.returncode == 0, again.stderr
    assert "unchanged since out/manifest.csv was written; reusing it" in again.stderr
    assert "0 this run" in again.stderr
    assert manifest.stat().st_mtime_ns == before[0]

    (work / "ar" / "quran_01.txt").unlink()  # the inputs changed: matched again
    again = cli(*args, cwd=work)
    assert again.returncode == 0, again.stderr
    assert "matched 3 pairs" in again.stderr
    assert "quran_01" not in manifest.read_text(encoding="utf-8")


def test_first_eta_is_measured_after_the_models_load(monkeypatch):
    """100 pairs on 2 workers: 20 s of model loading, then a pair every 0.5 s (2 workers, 1 s each).
    The ETA is unknown until enough pairs have finished, then close to the 49 s left, not 100 x 20 s."""
    from align.corpus import run

    clock = [0.0]
    monkeypatch.setattr(run.time, "perf_counter", lambda: clock[0])
    bar = run._Progress(100, 0, quiet=True, workers=2)
    clock[0] = 21.0
    bar.advance()
    assert bar.eta() is None
    for _ in range(3):
        clock[0] += 0.5
        bar.advance()
    left = (100 - bar.done) * 0.5
    assert bar.eta() is not None and abs(bar.eta() - left) / left < 0.2, (bar.eta(), left)


@pytest.mark.model
def test_ctrl_c_stops_the_run_and_its_workers(data, tmp_path):
    out = tmp_path / "out"
    proc = start("corpus", data / "docs" / "manifest.csv", "-o", out, "-w", "2", "--no-cache")
    try:
        assert wait_for(lambda: any((out / "parts").glob("*.jsonl")) if (out / "parts").is_dir() else False, proc)
        assert proc.poll() is None, "the run ended before it could be interrupted"
        t0 = time.monotonic()
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
        assert time.monotonic() - t0 < 30  # not after the pairs in flight
        assert proc.returncode == 130, err
        assert err.strip().splitlines()[-1] == "align: interrupted", err
        assert "Traceback" not in err and "leaked" not in err, err
        deadline = time.monotonic() + 20
        while [p for p in group_alive(proc.pid) if "defunct" not in p] and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not [p for p in group_alive(proc.pid) if "defunct" not in p]
        assert not (out / "corpus.jsonl").exists()
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
