"""Progress of a long run on stderr: the stage (reading, aligning, writing), the time it has taken and
the embedding work done, for every stage that lasts more than a few seconds.

On a terminal one status line is redrawn every second; otherwise (a log, a pipe) a plain line is
printed every ``every`` seconds.  Nothing is printed during the first ``delay`` seconds, so a short
run stays silent.  :class:`align.embed.Embedder` reports its batches here when a reporter is attached
(``embedder.reporter``); the stage is set by the caller.
"""

from __future__ import annotations

import sys
import threading
import time
from typing import TextIO


def _clock(s: float) -> str:
    s = int(s)
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"


class Progress:
    """A heartbeat on ``stream`` (default stderr) while the ``with`` block runs."""

    DELAY = 8.0    # seconds of silence before the first line
    EVERY = 30.0   # seconds between plain lines (not a terminal)

    def __init__(self, enabled: bool = True, *, stream: TextIO | None = None, tty: bool | None = None,
                 delay: float | None = None, every: float | None = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.tty = self.stream.isatty() if tty is None else tty
        self.delay = self.DELAY if delay is None else delay
        self.every = self.EVERY if every is None else every
        self.name = ""
        self.t0 = self.t_stage = time.monotonic()
        self.embed_done = self.embed_total = 0   # texts of the current embedding call
        self.embedded = 0                        # texts sent to the model in the whole run
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._shown = False
        self.lines = 0  # lines printed (plain mode)

    # -- what the work reports
    def stage(self, name: str) -> None:
        with self._lock:
            self.name = name
            self.t_stage = time.monotonic()
            self.embed_done = self.embed_total = 0

    def embedding(self, done: int, total: int, new: int = 0) -> None:
        with self._lock:
            self.embed_done, self.embed_total = done, total
            self.embedded += new

    # -- display
    def text(self) -> str:
        now = time.monotonic()
        with self._lock:
            parts = [f"align: {self.name or 'working'} {_clock(now - self.t_stage)}"]
            if self.embed_total and self.embed_done < self.embed_total:
                parts.append(f"embedding {self.embed_done:,}/{self.embed_total:,} texts")
            if self.embedded:
                parts.append(f"{self.embedded:,} texts embedded")
            parts.append(f"total {_clock(now - self.t0)}")
        return ", ".join(parts)

    def _run(self) -> None:
        if self._stop.wait(self.delay):
            return
        while True:
            self._show()
            if self._stop.wait(1.0 if self.tty else self.every):
                return

    def _show(self) -> None:
        line = self.text()
        try:
            if self.tty:
                self.stream.write("\r\x1b[K" + line[:200])
            else:
                self.stream.write(line + "\n")
                self.lines += 1
            self.stream.flush()
            self._shown = True
        except (OSError, ValueError):  # a closed stderr must not stop the work
            self._stop.set()

    def __enter__(self) -> Progress:
        if self.enabled:
            self.t0 = self.t_stage = time.monotonic()
            self._thread = threading.Thread(target=self._run, name="align-progress", daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        if self._shown and self.tty:
            try:
                self.stream.write("\r\x1b[K")
                self.stream.flush()
            except (OSError, ValueError):
                pass
