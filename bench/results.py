"""Update sections of bench/RESULTS.md in place.

Every bench script that measures something written in RESULTS.md replaces its own ``## `` sections
(matched by heading, up to a `` (`command`)`` suffix) and leaves the others as they are, so one
script can be re-run without re-running all of them. Notes written by hand below a ``<!-- notes -->``
line inside a section are kept when the section is replaced. The file is replaced atomically.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Sequence

from align import DEFAULT_MODEL

DEFAULT = Path(__file__).resolve().parent / "RESULTS.md"  # holds the figures of align.DEFAULT_MODEL
NOTES = "<!-- notes -->"


def _key(heading: str) -> str:
    """``## Title (`command`)`` -> ``Title``."""
    title = heading[3:].strip()
    cut = title.find(" (`")
    return title[:cut] if cut >= 0 else title


def split_sections(text: str) -> tuple[list[str], list[tuple[str, list[str]]]]:
    """The lines before the first ``## `` heading, and ``(key, lines)`` of each section."""
    head: list[str] = []
    sections: list[tuple[str, list[str]]] = []
    for line in text.splitlines():
        if line.startswith("## "):
            sections.append((_key(line), [line]))
        elif sections:
            sections[-1][1].append(line)
        else:
            head.append(line)
    return head, sections


def _trimmed(body: list[str]) -> list[str]:
    """``body`` without its trailing blank lines, plus one."""
    end = len(body)
    while end and not body[end - 1].strip():
        end -= 1
    return body[:end] + [""]


def update(lines: Sequence[str], path: Path = DEFAULT, *, head: Sequence[str] | None = None) -> None:
    """Replace the sections of ``path`` that ``lines`` holds (appending new ones at the end) and, when
    ``head`` is given, the lines before the first section."""
    path = Path(path)
    old_head, old = split_sections(path.read_text(encoding="utf-8")) if path.exists() else ([], [])
    new_head, new = split_sections("\n".join(lines))
    if new_head and any(s.strip() for s in new_head):
        raise ValueError("results.update: text before the first '## ' heading; pass it as head=")
    fresh = dict(new)
    out = _trimmed(list(head) if head is not None else old_head)
    seen = set()
    for key, body in old:
        if key in fresh:
            if key not in seen:
                notes = body[body.index(NOTES):] if NOTES in body else []
                out += _trimmed(fresh[key]) + (_trimmed(notes) if notes else [])
                seen.add(key)
        else:
            out += _trimmed(body)
    for key, body in new:
        if key not in seen:
            out += _trimmed(body)
            seen.add(key)
    text = "\n".join(out).rstrip("\n") + "\n"
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".results-", suffix=".md")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def add_arguments(ap) -> None:
    """``--out`` and ``--no-write`` of a bench script's argument parser."""
    ap.add_argument("--out", default=str(DEFAULT), help="results file whose sections this run replaces")
    ap.add_argument("--no-write", action="store_true", help="print the sections only")


def publish(lines: Sequence[str], args, *, head: Sequence[str] | None = None, not_written: str = "") -> None:
    """Print ``head`` and ``lines`` and replace their sections in ``args.out``, unless ``--no-write``,
    a model other than the default (``args.model``), or ``not_written`` (why this run's other settings
    are not the published ones)."""
    print("\n".join([*(head or []), *lines]))
    if args.no_write:
        return
    model = getattr(args, "model", DEFAULT_MODEL)
    if model != DEFAULT_MODEL:
        not_written = f"the figures there are those of the default model ({DEFAULT_MODEL}), not {model}"
    if not_written:
        print(f"not written to {args.out}: {not_written}", file=sys.stderr)
        return
    update(lines, Path(args.out), head=head)
    print(f"updated {args.out}", file=sys.stderr)
