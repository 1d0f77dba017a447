"""Atomic file output: every output goes to a temporary file beside its target, renamed only when all
of it is complete (no partial file on error)."""

from __future__ import annotations

import os
import sys
import tempfile
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Iterator, Sequence, TextIO

from ..errors import AlignError
from .filters import PathLike


def check_output(path: PathLike) -> Path | None:
    """``path`` as an output file (``None`` for stdout: ``None`` or ``"-"``), or an :class:`AlignError`
    when it is a directory or its folder does not exist (callers check before long work)."""
    if path is None or str(path) == "-":
        return None
    p = Path(path)
    if p.is_dir():
        raise AlignError(f"{p}: is a directory; give a file name for the output")
    parent = p.parent if str(p.parent) else Path(".")
    if not parent.is_dir():
        raise AlignError(f"{parent}: output directory does not exist")
    return p


@contextmanager
def atomic_outputs(paths: Sequence[PathLike]) -> Iterator[list[TextIO]]:
    """Yield one text stream per path (stdout for ``None`` or ``"-"``).

    Files are written to temporary files beside their targets and renamed only after the block has
    finished without error for all of them; on error every temporary file is removed and no target is
    touched.  (Should a rename itself fail, the targets already renamed in this call are removed too.)
    """
    targets = [check_output(path) for path in paths]
    real = [p for p in targets if p is not None]
    if len({os.path.abspath(p) for p in real}) != len(real):
        raise AlignError("two outputs would go to the same file")

    temps: list[str] = []
    try:
        with ExitStack() as stack:
            streams: list[TextIO] = []
            for p in targets:
                if p is None:
                    streams.append(sys.stdout)
                    continue
                fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".part", dir=p.parent)
                temps.append(tmp)
                streams.append(stack.enter_context(os.fdopen(fd, "w", encoding="utf-8", newline="\n")))
            yield streams
            if None in targets:
                sys.stdout.flush()
        # all streams are closed and complete: now rename
        done: list[Path] = []
        try:
            for tmp, p in zip(temps, real):
                os.replace(tmp, p)
                done.append(p)
        except BaseException:
            for p in done:
                _unlink(p)
            raise
    except BaseException:
        for tmp in temps:
            _unlink(tmp)
        raise


def _unlink(path: str | Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


@contextmanager
def atomic_output(path: PathLike) -> Iterator[TextIO]:
    """Yield a text stream; for a path, write to a temporary file beside it and rename on success."""
    with atomic_outputs([path]) as (out,):
        yield out
