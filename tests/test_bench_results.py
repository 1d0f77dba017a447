"""bench/results.py: a bench script replaces its own sections of RESULTS.md and keeps the rest."""

from __future__ import annotations

from conftest import bench_module


def _results():
    return bench_module("results")


OLD = """# Benchmark results

Machine: old.

## A (`python -m bench.a`)

a = 1

## B

b = 1

<!-- notes -->
Why b is 1, written by hand.

## C

c = 1
"""


def test_sections_replaced_in_place_notes_and_others_kept(tmp_path):
    path = tmp_path / "RESULTS.md"
    path.write_text(OLD, encoding="utf-8")
    _results().update(["## B", "", "b = 2", "", "## D (`python -m bench.d`)", "", "d = 1"], path)
    text = path.read_text(encoding="utf-8")
    assert text == OLD.replace("b = 1", "b = 2") + "\n## D (`python -m bench.d`)\n\nd = 1\n"
    # a heading matches whatever command follows it; the head is replaced only when given
    _results().update(["## A (`python -m bench.a --fast`)", "", "a = 2"], path, head=["# Benchmark results", "", "Machine: new."])
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Benchmark results\n\nMachine: new.\n\n## A (`python -m bench.a --fast`)\n\na = 2\n\n## B\n")
    assert "Why b is 1" in text and text.count("## ") == 4
    assert not list(tmp_path.glob(".results-*"))  # written through a temporary file, replaced at once
