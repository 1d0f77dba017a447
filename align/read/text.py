"""Read stage: bytes on disk -> validated text lines (I/O lives here and in export only)."""

from __future__ import annotations

import codecs
from pathlib import Path

from ..errors import AlignError

_BOMS = (  # longest first: the UTF-32 LE mark starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)


def _wide_without_bom(head: bytes) -> str | None:
    """'UTF-16LE', 'UTF-32BE', ... when the NUL bytes sit where a wide encoding of mostly ASCII or
    Latin text puts them (all the high bytes of each code unit, none of the low ones)."""
    n = len(head) - len(head) % 4
    if n < 8:
        return None
    for width, name in ((4, "UTF-32"), (2, "UTF-16")):
        full = [head[k:n:width].count(0) > 0.9 * n / width for k in range(width)]
        if sum(full) == width - 1:
            return name + ("LE" if not full[0] else "BE")
    return None


def decode(data: bytes, name: str = "input") -> str:
    """Decode UTF-8 (with or without BOM) or UTF-16 / UTF-32 with a BOM, reject binary data, normalise
    CRLF/CR to LF.  A stray NUL byte (PDF text extractors emit some) is dropped; many are binary data."""
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            body = data[len(bom):]
            if codec != "utf-8":
                try:
                    return _finish(body.decode(codec), name)
                except UnicodeDecodeError as exc:
                    raise AlignError(f"{name}: not valid {label} (byte {exc.start + len(bom)}); convert it with "
                                     "e.g. iconv -t UTF-8") from None
            data = body
            break
    if not data.strip():
        raise AlignError(f"{name}: file is empty")
    head = data[:65536]
    if head.count(b"\x00") > len(head) // 1000:
        wide = _wide_without_bom(head)
        if wide:
            raise AlignError(f"{name}: looks like {wide} without a byte-order mark; convert it with e.g. "
                             f"iconv -f {wide} -t UTF-8")
        raise AlignError(f"{name}: looks like a binary file, not text")
    data = data.replace(b"\x00", b"")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise AlignError(
            f"{name}: not valid UTF-8 (byte {exc.start}, line {line}); convert it with e.g. iconv -t UTF-8"
        ) from None
    return _finish(text, name)


def _finish(text: str, name: str) -> str:
    if not text.strip():
        raise AlignError(f"{name}: file is empty")
    text = text.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n")
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
