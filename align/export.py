"""Export stage: writers per format, and atomic file output (no partial file on error)."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, TextIO

from .errors import AlignError
from .model import Alignment


def _clean(text: str) -> str:
    return " ".join(text.split())


def write_jsonl(al: Alignment, out: TextIO) -> None:
    for row in al.rows():
        out.write(json.dumps(row, ensure_ascii=False) + "\n")


def write_tsv(al: Alignment, out: TextIO) -> None:
    for row in al.rows():
        out.write(f"{_clean(row['src_text'])}\t{_clean(row['tgt_text'])}\t{row['score']:.4f}\n")


WRITERS: dict[str, Callable[[Alignment, TextIO], None]] = {"jsonl": write_jsonl, "tsv": write_tsv}


@contextmanager
def atomic_output(path: str | Path | None) -> Iterator[TextIO]:
    """Yield a text stream; for a path, write to a temporary file beside it and rename on success."""
    if path is None or str(path) == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    p = Path(path)
    if p.is_dir():
        raise AlignError(f"{p}: is a directory; give a file name for the output")
    parent = p.parent if str(p.parent) else Path(".")
    if not parent.is_dir():
        raise AlignError(f"{parent}: output directory does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".part", dir=parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            yield fh
        os.replace(tmp, p)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def write(al: Alignment, path: str | Path | None, fmt: str = "jsonl") -> None:
    if fmt not in WRITERS:
        raise AlignError(f"unknown format {fmt!r}; choose one of: {', '.join(WRITERS)}")
    with atomic_output(path) as out:
        WRITERS[fmt](al, out)
