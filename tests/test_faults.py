"""Faults and bad input (issue 17): outputs checked before the work, one-line errors, permissions from the
umask, Ctrl-C, UTF-16/UTF-32 input."""

import json
import os
import signal
import stat
import subprocess
import sys
import threading
import time

import pytest
from conftest import AR, EN, REPO, write_pair
from typer.testing import CliRunner


def run(*args, cwd=None, **kw):
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.run([sys.executable, "-m", "align", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, timeout=600, env=env, **kw)


@pytest.fixture
def files(tmp_path):
    en, ar = write_pair(tmp_path)
    return en, ar


@pytest.fixture
def no_work(monkeypatch):
    """Fail the test if an alignment is started (the outputs must be refused before any work)."""
    import align.core

    class NoAligner:
        def __init__(self, *a, **kw):
            raise AssertionError("the model was loaded before the output was checked")

    monkeypatch.setattr(align.core, "Aligner", NoAligner)
    return CliRunner()


def one_line_error(res, needle):
    assert res.exit_code == 2, (res.exit_code, res.output)
    err = res.stderr.strip()
    assert len(err.splitlines()) == 1 and err.startswith("align: error:") and needle in err, err
    assert res.exception is None or isinstance(res.exception, SystemExit)


def _invoke(runner, *args):
    from align.cli import app

    return runner.invoke(app, [str(a) for a in args])


def test_output_in_missing_folder_refused_before_work(files, no_work, tmp_path):
    en, ar = files
    one_line_error(_invoke(no_work, "pair", en, ar, "-o", tmp_path / "nope" / "out.jsonl"), "does not exist")


def test_output_where_nothing_can_be_written(files, no_work):
    en, ar = files
    one_line_error(_invoke(no_work, "pair", en, ar, "-o", "/proc/x.jsonl"), "cannot write")
    one_line_error(_invoke(no_work, "coverage", en, ar, "--json", "/proc/x.json"), "cannot write")
    one_line_error(_invoke(no_work, "coverage", en, ar, "--html", "/proc/x.html"), "cannot write")


def test_output_same_as_an_input(files, no_work):
    en, ar = files
    one_line_error(_invoke(no_work, "pair", en, ar, "-f", "tsv", "-o", ar), "is also an input")
    one_line_error(_invoke(no_work, "coverage", en, ar, "--json", en), "is also an input")
    assert en.read_text(encoding="utf-8") == EN and ar.read_text(encoding="utf-8") == AR


def test_two_outputs_on_one_file(files, no_work, tmp_path):
    en, ar = files
    same = tmp_path / "report.out"
    one_line_error(_invoke(no_work, "coverage", en, ar, "--json", same, "--html", same), "two outputs")
    assert not same.exists()


def test_read_only_directory(files, no_work, tmp_path):
    en, ar = files
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        if os.access(ro, os.W_OK):
            pytest.skip("running as a user who can write a read-only directory (root)")
        one_line_error(_invoke(no_work, "pair", en, ar, "-o", ro / "out.jsonl"), "cannot write")
    finally:
        ro.chmod(0o755)


def test_immutable_file(files, no_work, tmp_path):
    en, ar = files
    out = tmp_path / "out.jsonl"
    out.write_text("old\n", encoding="utf-8")
    if subprocess.run(["chattr", "+i", str(out)], capture_output=True).returncode != 0:
        pytest.skip("chattr +i is not available here")
    try:
        one_line_error(_invoke(no_work, "pair", en, ar, "-o", out), "cannot write")
    finally:
        subprocess.run(["chattr", "-i", str(out)], capture_output=True)
    assert out.read_text(encoding="utf-8") == "old\n"


def test_moses_outputs_checked_before_work(files, no_work):
    en, ar = files
    one_line_error(_invoke(no_work, "pair", en, ar, "-f", "moses", "-o", "/proc/corpus"), "cannot write")


def test_write_error_is_one_line(tmp_path, monkeypatch):
    """An OS error while writing (a full disk) is one line naming the file, and no file is left."""
    import errno

    from align.errors import AlignError
    from align.export import atomic_output

    out = tmp_path / "x.jsonl"

    def full(*a):
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(AlignError, match="x.jsonl: cannot write .No space left on device."):
        with atomic_output(out) as fh:
            monkeypatch.setattr(fh, "write", full)
            fh.write("row\n")
    assert not out.exists() and not list(tmp_path.iterdir())


@pytest.mark.model
def test_outputs_follow_the_umask(files, tmp_path):
    en, ar = files
    old = tmp_path / "old.jsonl"
    old.write_text("x\n", encoding="utf-8")
    old.chmod(0o644)
    new = tmp_path / "new.jsonl"
    for out in (new, old):
        res = run("pair", en, ar, "-o", out, "-q", preexec_fn=lambda: os.umask(0o027))
        assert res.returncode == 0, res.stderr
    assert stat.S_IMODE(new.stat().st_mode) == 0o640  # 0666 & ~umask, not mkstemp's 0600
    assert stat.S_IMODE(old.stat().st_mode) == 0o644  # a file written over keeps its mode
    assert json.loads(old.read_text(encoding="utf-8").splitlines()[0])["src"] == [0]


@pytest.mark.model
def test_coverage_json_and_html_written_together(files, tmp_path):
    en, ar = files
    j, h = tmp_path / "r.json", tmp_path / "r.html"
    res = run("coverage", en, ar, "--json", j, "--html", h, "-q")
    assert res.returncode == 0, res.stderr
    assert json.loads(j.read_text(encoding="utf-8"))["schema"] == 1
    assert h.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")


@pytest.mark.model
def test_ctrl_c_is_one_line_and_exit_130(tmp_path):
    en, ar = tmp_path / "en.txt", tmp_path / "ar.txt"
    en.write_text("\n\n".join(f"Paragraph {i} says something about trade and rain." for i in range(20000)) + "\n",
                  encoding="utf-8")
    ar.write_text(AR, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.Popen([sys.executable, "-m", "align", "pair", str(en), str(ar), "-o", str(out)],
                            stderr=subprocess.PIPE, text=True, env=env)
    # interrupt once the work has begun (the model is loaded: the first progress line shows), however fast
    # the machine; a Ctrl-C during the imports is handled too, but the test is about one in the work
    seen: list[str] = []
    reader = threading.Thread(target=lambda: seen.extend(iter(lambda: proc.stderr.read(1), "")), daemon=True)
    reader.start()
    deadline = time.monotonic() + 120
    while "align: " not in "".join(seen) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(3)
    proc.send_signal(signal.SIGINT)
    proc.wait(timeout=120)
    reader.join(timeout=10)
    err = "".join(seen)
    assert proc.returncode == 130, err
    assert err.strip().splitlines()[-1] == "align: interrupted", err
    assert "Traceback" not in err
    assert not out.exists() and not list(tmp_path.glob(".out.jsonl*"))


def test_the_command_starts_without_the_heavy_libraries():
    """``import align`` loads its names when first used, so the command is in its Ctrl-C handler before
    numpy, torch or the model libraries load (a Ctrl-C there is one line, not a traceback)."""
    code = ("import sys, align; assert not {'numpy', 'torch', 'sentence_transformers'} & set(sys.modules); "
            "from align import Aligner, AlignConfig; assert 'numpy' in sys.modules; print(len(align.__all__))")
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert res.returncode == 0, res.stderr
    assert int(res.stdout) >= 30


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32", "utf-32-be", "utf-8-sig"])
def test_utf16_and_utf32_with_bom_are_read(tmp_path, codec):
    from align.read import read_any

    text = AR.replace("\n", "\r\n")
    plain = tmp_path / "plain.txt"
    plain.write_text(AR, encoding="utf-8")
    wide = tmp_path / "wide.txt"
    bom = "\ufeff" if codec.endswith("-be") else ""  # the codecs without an endianness write their own
    wide.write_bytes((bom + text).encode(codec))
    assert read_any(wide) == read_any(plain)


@pytest.mark.parametrize("codec,label", [("utf-16-le", "UTF-16LE"), ("utf-16-be", "UTF-16BE"),
                                         ("utf-32-le", "UTF-32LE")])
def test_wide_text_without_bom_is_named(tmp_path, codec, label):
    from align.errors import AlignError
    from align.read import read_any

    f = tmp_path / "x.txt"
    f.write_bytes(EN.encode(codec))
    with pytest.raises(AlignError, match=f"looks like {label} without a byte-order mark"):
        read_any(f)


def test_stray_nul_is_dropped_binary_still_refused(tmp_path):
    from align.errors import AlignError
    from align.read import read_any

    f = tmp_path / "x.txt"
    f.write_bytes(EN.encode() * 20 + b"\x00" + AR.encode())
    assert "\x00" not in "".join(read_any(f)) and read_any(f)[-2] == AR.splitlines()[-1]
    f.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(AlignError, match="binary"):
        read_any(f)


def test_match_outputs_checked_before_work(files, monkeypatch, tmp_path):
    import align.embed

    def no_model(*a, **kw):
        raise AssertionError("the model was loaded before the output was checked")

    monkeypatch.setattr(align.embed, "Embedder", no_model)
    en, ar = files
    runner = CliRunner()
    one_line_error(_invoke(runner, "match", tmp_path, "-o", en), "is also an input")
    one_line_error(_invoke(runner, "match", tmp_path, "-o", tmp_path / "m.csv", "--unmatched", tmp_path / "m.csv"),
                   "two outputs")
    assert en.read_text(encoding="utf-8") == EN
