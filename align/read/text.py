"""Read stage: bytes on disk -> validated text lines (I/O lives here and in export only)."""

from __future__ import annotations

from pathlib import Path

from ..errors import AlignError


def decode(data: bytes, name: str = "input") -> str:
    """Decode UTF-8 (with or without BOM), reject binary data, normalise CRLF/CR to LF."""
    if not data.strip():
        raise AlignError(f"{name}: file is empty")
    if b"\x00" in data[:65536]:
        raise AlignError(f"{name}: looks like a binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise AlignError(
            f"{name}: not valid UTF-8 (byte {exc.start}, line {line}); convert it with e.g. iconv -t UTF-8"
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise AlignError(f"{name}: file has no text")
    return text


def read_bytes(path: str | Path) -> bytes:
    """The bytes of a file, or a one-line :class:`AlignError` (missing, a directory, unreadable)."""
    p = Path(path)
    if not p.exists():
        raise AlignError(f"{p}: no such file")
    if p.is_dir():
        raise AlignError(f"{p}: is a directory, not a file")
    try:
        return p.read_bytes()
    except OSError as exc:
        raise AlignError(f"{p}: cannot read ({exc.strerror})") from None


def read_lines(path: str | Path) -> list[str]:
    """The file's lines (without line ends); line ``k`` (1-based) of the file is ``lines[k-1]``."""
    return decode(read_bytes(path), str(path)).split("\n")
