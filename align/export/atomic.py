"""Atomic file output: every output goes to a temporary file beside its target, renamed only when all
of it is complete (no partial file on error).

Outputs are checked before the work starts (:func:`check_outputs`: the folder exists and can be
written, the name is not a directory, not one of the inputs and not another output), and any OS error
while writing becomes a one-line :class:`AlignError`.  A new file gets the permissions the umask gives
(``0666 & ~umask``), a file written over keeps its own.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
import tempfile
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Iterable, Iterator, Sequence, TextIO

from ..errors import AlignError
from .filters import PathLike


def _why(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
    except OSError:
        pass
    return os.path.abspath(a) == os.path.abspath(b)


def check_output(path: PathLike, inputs: Iterable[PathLike] = (), probe: bool = True) -> Path | None:
    """``path`` as an output file (``None`` for stdout: ``None`` or ``"-"``), or an :class:`AlignError`
    when it is a directory, its folder does not exist or cannot be written, the file cannot be replaced,
    or it is one of ``inputs`` (callers check before long work).  ``probe``: create and remove a
    temporary file in the folder to see that writing works there (a read-only file system, ``/proc``)."""
    if path is None or str(path) == "-":
        return None
    p = Path(path)
    if p.is_dir():
        raise AlignError(f"{p}: is a directory; give a file name for the output")
    parent = p.parent if str(p.parent) else Path(".")
    if not parent.is_dir():
        raise AlignError(f"{parent}: output directory does not exist")
    for src in inputs:
        if src is not None and str(src) != "-" and _same_file(p, Path(src)):
            raise AlignError(f"{p}: is also an input; the output would replace it")
    if p.exists() and not os.access(p, os.W_OK):
        raise AlignError(f"{p}: cannot write (the file is read-only)")
    if probe:
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".part", dir=parent)
            os.close(fd)
            os.unlink(tmp)
        except OSError as exc:
            raise AlignError(f"{p}: cannot write in {parent} ({_why(exc)})") from None
    return p


def check_outputs(paths: Iterable[PathLike], inputs: Iterable[PathLike] = (), probe: bool = True
                  ) -> list[Path | None]:
    """:func:`check_output` for each path, and no two of them the same file."""
    inputs = list(inputs)
    out = [check_output(p, inputs, probe) for p in paths]
    real = [p for p in out if p is not None]
    for i, a in enumerate(real):
        for b in real[:i]:
            if _same_file(a, b):
                raise AlignError(f"{a}: given for two outputs; one would overwrite the other")
    return out


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _mode_for(target: Path) -> int:
    """The permissions of the file that will replace ``target``: its own if it exists, else the umask's."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        return 0o666 & ~_umask()


_WRITE_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EROFS, errno.EPERM, errno.EACCES}


@contextmanager
def atomic_outputs(paths: Sequence[PathLike]) -> Iterator[list[TextIO]]:
    """Yield one text stream per path (stdout for ``None`` or ``"-"``).

    Files are written to temporary files beside their targets and renamed only after the block has
    finished without error for all of them; on error every temporary file is removed and no target is
    touched.  (Should a rename itself fail, the targets already renamed in this call are removed too.)
    An OS error in creating, writing or renaming the files is an :class:`AlignError` naming the file.
    """
    targets = check_outputs(paths, probe=False)  # the temporary files made next are the probe
    real = [p for p in targets if p is not None]

    temps: list[str] = []
    try:
        with ExitStack() as stack:
            streams: list[TextIO] = []
            for p in targets:
                if p is None:
                    streams.append(sys.stdout)
                    continue
                try:
                    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".part", dir=p.parent)
                    temps.append(tmp)
                    os.fchmod(fd, _mode_for(p))
                except OSError as exc:
                    raise AlignError(f"{p}: cannot write ({_why(exc)})") from None
                streams.append(stack.enter_context(os.fdopen(fd, "w", encoding="utf-8", newline="\n")))
            try:
                yield streams
                if None in targets:
                    sys.stdout.flush()
            except OSError as exc:
                if exc.errno not in _WRITE_ERRORS or exc.filename is not None:
                    raise
                names = ", ".join(str(p) for p in real) or "stdout"
                raise AlignError(f"{names}: cannot write ({_why(exc)})") from None
        # all streams are closed and complete: now rename
        done: list[Path] = []
        try:
            for tmp, p in zip(temps, real):
                try:
                    os.replace(tmp, p)
                except OSError as exc:
                    if exc.errno is None:  # not from the system: let it through as it is
                        raise
                    raise AlignError(f"{p}: cannot write ({_why(exc)})") from None
                done.append(p)
        except BaseException:
            for p in done:
                _unlink(p)
            raise
    except OSError as exc:  # closing a stream (a full disk shows here too)
        for tmp in temps:
            _unlink(tmp)
        if exc.errno in _WRITE_ERRORS and exc.filename is None:
            raise AlignError(f"{', '.join(str(p) for p in real)}: cannot write ({_why(exc)})") from None
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
