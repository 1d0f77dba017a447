"""Corpus mode, step 2: align every pair of a manifest into one corpus (``align corpus``).

Work unit: one document pair.  Layout of the output folder::

    OUT/job.json            the settings the alignments depend on (a rerun must use the same)
    OUT/parts/<id>.jsonl    one finished pair: a summary line, then its rows (written atomically)
    OUT/corpus.jsonl        the corpus, assembled from the parts in manifest order (also .tsv, .tmx,
                            .xlf, .xliff12.xlf,
    OUT/corpus.en/.ar/.ids  Moses files and their document ids / line spans, as asked)
    OUT/coverage.tsv        one line per pair: status, sizes, coverage of each side, mean score
    OUT/failures.jsonl      the pairs that failed in the last run, with the reason
    OUT/run.log             one JSON line per event (start, pair done, end), with timings and workers

A pair is done if and only if its part exists and checks out: a part's first line holds its summary,
its row count and a checksum of its rows, and every run checks every part before it starts (a damaged
part is named on stderr, removed and its pair aligned again).  Parts are renamed into place only when
complete, and the final files are assembled (atomically, all together) only at the end of a run.  So a
run killed at any moment leaves complete parts and, at worst, the final files of an earlier run; the
same command again skips the finished pairs and assembles everything.  A failing pair (unreadable
file, two documents in one language) is reported and skipped, and tried again by the next run.

The folder's lock (``OUT/.lock``, ``flock``) is taken before anything is written, so a second run into
the same folder is refused untouched.  Worker processes die with the run however it ends (``kill -9``
included: ``PR_SET_PDEATHSIG`` on Linux, a thread watching the parent process everywhere).

Pairs run in worker processes (``workers``, one model each, loaded once per process) or on a Dask
cluster (``scheduler``); results come back to this process, which alone writes the output folder, so
the workers need to read the input documents but not the output folder.  Rows carry no timing and are
assembled in manifest order, so the output does not depend on how the work was spread.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import sys
import threading
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Iterator, Sequence

from ..data import Alignment, Document
from ..embed import DEFAULT_MODEL, default_cache_dir
from ..errors import AlignError
from ..export import (
    ROW_KEYS,
    WRITERS,
    CorpusFilter,
    atomic_output,
    atomic_outputs,
    span_label,
    writer_for,
)
from .match import EXTRA, ManifestRow, read_manifest

LEVELS = ("paragraph", "sentence", "both")
JOB_SCHEMA = 1
COVERAGE_COLUMNS = ("doc", "src", "tgt", "status", "match_score", "src_lang", "tgt_lang", "src_units",
                    "tgt_units", "beads", "pairs", "src_coverage", "tgt_coverage", "src_words",
                    "tgt_words", "mean_score", "error")


@dataclass(frozen=True)
class CorpusSettings:
    """What the alignment of a pair depends on; a folder's parts are only reused with the same."""

    model: str = DEFAULT_MODEL
    level: str = "paragraph"          # paragraph | sentence | both
    units: str = "paragraphs"         # paragraphs | lines
    arabic_order: str = "auto"
    max_bead: int | None = None
    force: bool = False               # allow two documents in one language

    def __post_init__(self) -> None:
        if self.level not in LEVELS:
            raise AlignError(f"unknown level {self.level!r}; choose one of: {', '.join(LEVELS)}")
        if self.units not in ("paragraphs", "lines"):
            raise AlignError(f"unknown units {self.units!r}; choose paragraphs or lines")


@dataclass(frozen=True)
class PairTask:
    id: str
    src: str            # as written in the manifest
    tgt: str
    src_path: str       # resolved
    tgt_path: str
    match_score: float | None = None


@dataclass
class CorpusResult:
    out_dir: Path
    total: int                    # distinct pairs in the manifest
    done_before: int              # parts found from earlier runs
    aligned: int                  # pairs aligned by this run
    failed: list[dict]            # {"id", "src", "tgt", "error"}
    seconds: float
    files: list[Path] = field(default_factory=list)
    beads: int = 0
    pairs: int = 0
    embedded: int = 0             # texts sent to the model by this run (all workers)
    disk_hits: int = 0            # texts found in the embedding cache

    @property
    def ok(self) -> int:
        return self.total - len(self.failed)


def pair_id(src: str, tgt: str) -> str:
    """Stable id of a pair: a hash of the two paths as the manifest writes them."""
    return hashlib.blake2b(f"{src}\0{tgt}".encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


def tasks_from_manifest(rows: Sequence[ManifestRow]) -> list[PairTask]:
    """One task per distinct pair, in manifest order."""
    seen: set[str] = set()
    out = []
    for r in rows:
        pid = pair_id(r.src, r.tgt)
        if pid in seen:
            continue
        seen.add(pid)
        out.append(PairTask(pid, r.src, r.tgt, str(r.src_path), str(r.tgt_path), r.score))
    return out


# --------------------------------------------------------------------------- the work of one pair
# Runs in a worker process (or Dask worker): the aligner, and so the model, is made once per process.

_ALIGNERS: dict[tuple, object] = {}
_ALIGNER_LOCK = threading.Lock()
_PAIR_LOCK = threading.Lock()
MODEL_LOADS = 0          # models loaded by this process (stays 1 in a worker)
_THREADS_LIMITED = False


def _single_thread_model(aligner) -> None:
    """Corpus mode runs an embedded model on one thread (:meth:`align.embed.packaged.UseM3.set_threads`): the
    embeddings are the same bytes, and two processes each spinning two BLAS threads on two cores are
    several times slower than one thread each.  Only the aligner corpus mode made is touched."""
    for module in getattr(aligner.embedder.model, "_modules", {}).values():
        set_threads = getattr(module, "set_threads", None)
        if callable(set_threads):
            set_threads(1)


def _limit_threads() -> None:
    """One BLAS / OpenMP / torch thread in a worker process: the workers are the parallelism.  Called
    after the model is loaded (torch brings its own OpenMP runtime), only in worker processes."""
    global _THREADS_LIMITED
    if _THREADS_LIMITED:
        return
    _THREADS_LIMITED = True
    try:
        from threadpoolctl import threadpool_limits

        threadpool_limits(1)
    except Exception:
        pass
    if "torch" in sys.modules:
        try:
            sys.modules["torch"].set_num_threads(1)
        except Exception:
            pass


def _get_aligner(settings: CorpusSettings, device: str, cache_dir: str | None):
    global MODEL_LOADS
    from ..core import Aligner

    key = (settings.model, settings.max_bead, device, cache_dir)
    with _ALIGNER_LOCK:
        aligner = _ALIGNERS.get(key)
        if aligner is None:
            aligner = Aligner(settings.model, device=device, max_bead=settings.max_bead, progress=False)
            if cache_dir:
                aligner.embedder.attach_cache(cache_dir)
            _single_thread_model(aligner)
            _ALIGNERS[key] = aligner
            MODEL_LOADS += 1
    return aligner


PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def die_with_parent(parent: int, poll_s: float = 1.0) -> None:
    """End this worker process when ``parent`` (the ``align corpus`` process) ends, however it ends
    (``kill -9`` included): on Linux the kernel sends SIGKILL (``prctl(PR_SET_PDEATHSIG)``); everywhere a
    daemon thread also checks every ``poll_s`` seconds that the parent is still this process's parent."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes
            import signal

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
        except Exception:
            pass
    if os.getppid() != parent:  # the parent died before the request above was made
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(poll_s)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="align-parent-watch", daemon=True).start()


def init_worker(settings: CorpusSettings, device: str = "auto", cache_dir: str | None = None,
                parent: int | None = None) -> None:
    """Process-pool initializer: die with the parent, load the model once, then one thread per worker
    process."""
    if parent is not None:
        die_with_parent(parent)
    _get_aligner(settings, device, cache_dir)
    _limit_threads()


def _worker_name() -> str:
    try:
        from distributed import get_worker

        return get_worker().address
    except Exception:
        return f"pid {os.getpid()}"


def _read_pair(task: PairTask, settings: CorpusSettings):
    """The two documents, English (non-Arabic) first, and their names as the manifest writes them."""
    from ..prepare import order_pair, read_document

    a = read_document(task.src_path, settings.units, arabic_order=settings.arabic_order)
    b = read_document(task.tgt_path, settings.units, arabic_order=settings.arabic_order)
    s, t = order_pair(a, b, allow_same=settings.force)
    return s, t, *((task.tgt, task.src) if s is b else (task.src, task.tgt))


def _align_rows(aligner, task: PairTask, settings: CorpusSettings, s: Document, t: Document,
                src_name: str, tgt_name: str) -> tuple[dict, list[dict]]:
    from ..export import filter_rows
    from ..report import build_report, coverage

    if settings.units == "lines" or settings.level == "paragraph":
        al = aligner.align(s, t, "paragraph")
        report = build_report(al, al)  # paragraph (or line) coverage only
        alignments = [al]
    else:
        report = coverage(aligner, s, t)
        alignments = [report.sentences] if settings.level == "sentence" else [report.paragraphs, report.sentences]
    rows = []
    for al in alignments:
        for row in filter_rows(al):
            out = {"doc": task.id, "src_doc": src_name, "tgt_doc": tgt_name, "level": al.src.level}
            out.update({k: row[k] for k in ROW_KEYS})
            out["bead"] = row["bead"]
            rows.append(out)
    cov = report.coverage
    scores = [r["score"] for r in rows if r["src"] and r["tgt"]]
    first = alignments[0]
    summary = {
        "doc": task.id, "src": src_name, "tgt": tgt_name, "status": "ok", "match_score": task.match_score,
        "src_lang": s.lang, "tgt_lang": t.lang, "src_units": len(first.src), "tgt_units": len(first.tgt),
        "beads": len(rows), "pairs": len(scores),
        "src_coverage": cov["source"]["paragraphs"], "tgt_coverage": cov["target"]["paragraphs"],
        "src_words": cov["source"]["words"], "tgt_words": cov["target"]["words"],
        "mean_score": round(sum(scores) / len(scores), 4) if scores else None, "error": None,
        "levels": [al.src.level for al in alignments],
    }
    return summary, rows


def align_pair(task: PairTask, settings: CorpusSettings, device: str = "auto",
               cache_dir: str | None = None, worker: bool = True) -> dict:
    """Align one pair; never raises: a failure comes back as ``{"ok": False, "error": ...}``.
    ``worker``: this is a worker process (pool or Dask), whose threads may be limited."""
    t0 = time.perf_counter()
    out: dict = {"id": task.id}
    calls = hits = 0
    try:
        docs = _read_pair(task, settings)  # a bad pair fails before any model is loaded
        aligner = _get_aligner(settings, device, cache_dir)
        if worker:
            _limit_threads()
        emb = aligner.embedder
        with _PAIR_LOCK:  # one pair at a time per process (a Dask worker may run several threads)
            c0, h0 = emb.calls, emb.disk_hits
            try:
                summary, rows = _align_rows(aligner, task, settings, *docs)
            finally:
                calls, hits = emb.calls - c0, emb.disk_hits - h0
                emb.clear_memory()  # bounded memory over thousands of pairs; the disk cache keeps them
        out.update(ok=True, summary=summary, rows=rows)
    except AlignError as exc:
        out.update(ok=False, error=str(exc))
    except Exception as exc:  # anything else in one pair must not stop the run
        out.update(ok=False, error=f"{type(exc).__name__}: {exc}".strip())
    out.update(seconds=round(time.perf_counter() - t0, 3), worker=_worker_name(), loads=MODEL_LOADS,
               embedded=calls, disk_hits=hits)
    return out


# --------------------------------------------------------------------------- the output folder


_HELD: dict[str, object] = {}  # output folders this process holds the lock of (real path -> open lock file)


def _lock_key(out_dir: Path) -> str:
    return os.path.realpath(out_dir)


def lock_folder(out_dir: str | Path) -> None:
    """Create ``out_dir`` and take its lock (held until :func:`release_folder` or the end of the process),
    or an :class:`AlignError` when another run holds it.  ``align corpus`` takes it before writing anything,
    the manifest of a matching step included; :func:`run_corpus` takes it if nobody did."""
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise AlignError(f"{out}: exists and is not a folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise AlignError(f"{out}: cannot create the output folder ({exc.strerror})") from None
    key = _lock_key(out)
    if key in _HELD:
        return
    try:
        fh = open(out / ".lock", "a")
    except OSError as exc:
        raise AlignError(f"{out}: cannot write in the output folder ({exc.strerror})") from None
    try:
        import fcntl

        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except ImportError:  # not POSIX: no lock
        pass
    except OSError:
        fh.close()
        raise AlignError(f"{out}: another `align corpus` run is writing this folder") from None
    _HELD[key] = fh


def release_folder(out_dir: str | Path) -> None:
    fh = _HELD.pop(_lock_key(Path(out_dir)), None)
    if fh is not None:
        fh.close()  # type: ignore[attr-defined]


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


class DamagedPart(ValueError):
    """A part file that is not what this toolkit wrote (cut, edited, unreadable)."""


def check_part(path: Path) -> dict:
    """The summary of a part after checking it whole: its head line, then exactly the rows it announces
    with the digest it announces (parts written before digests: every row parses and the count is the
    summary's).  A :class:`DamagedPart` says what is wrong."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DamagedPart(f"cannot read ({exc.strerror})") from None
    head, nl, body = data.partition(b"\n")
    try:
        first = json.loads(head)
        summary = first["summary"]
        beads = int(summary["beads"])
    except (ValueError, KeyError, TypeError):
        raise DamagedPart("no summary line") from None
    if not nl:
        raise DamagedPart("cut after the summary line")
    lines = body.splitlines(keepends=True)
    if "digest" in first:
        if first.get("rows") != len(lines) or len(lines) != beads:
            raise DamagedPart(f"{len(lines)} rows instead of {first.get('rows')}")
        if body and not body.endswith(b"\n"):
            raise DamagedPart("the last row is cut")
        if _digest(body) != first["digest"]:
            raise DamagedPart("rows differ from their checksum")
        return summary
    n = 0
    for line in lines:  # a part without a digest: every row must parse
        if line.strip():
            try:
                json.loads(line)
            except ValueError:
                raise DamagedPart(f"row {n + 1} is not JSON (cut?)") from None
            n += 1
    if n != beads:
        raise DamagedPart(f"{n} rows instead of {beads}")
    return summary


class _Folder:
    """The output folder: lock, job settings, parts, log."""

    def __init__(self, out_dir: Path, settings: CorpusSettings) -> None:
        self.root = out_dir
        self.parts = out_dir / "parts"
        self._own_lock = _lock_key(out_dir) not in _HELD
        lock_folder(out_dir)
        try:
            try:
                self.parts.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise AlignError(f"{out_dir}: cannot create the output folder ({exc.strerror})") from None
            self._check_job(settings)
            for stale in [*self.parts.glob(".*.part"), *self.root.glob(".*.part")]:  # a killed run's temporaries
                try:
                    stale.unlink()
                except OSError:
                    pass
            self.log = open(self.root / "run.log", "a", encoding="utf-8")
        except BaseException:
            if self._own_lock:
                release_folder(out_dir)
            raise
        self._ok: set[str] = set()

    def _check_job(self, settings: CorpusSettings) -> None:
        job = {"schema": JOB_SCHEMA, "settings": asdict(settings)}
        path = self.root / "job.json"
        if path.exists():
            try:
                old = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                old = None
            if old != job:
                was = (old or {}).get("settings", {}) if isinstance(old, dict) else {}
                diff = ", ".join(f"{k} {was.get(k)!r} -> {v!r}" for k, v in job["settings"].items()
                                 if was.get(k) != v) or "unreadable job.json"
                raise AlignError(f"{self.root}: holds parts made with other settings ({diff}); "
                                 "use another output folder")
            return
        with atomic_output(path) as fh:
            json.dump(job, fh, indent=1)
            fh.write("\n")

    def part(self, pid: str) -> Path:
        return self.parts / f"{pid}.jsonl"

    def done(self, pid: str) -> bool:
        return pid in self._ok or self.part(pid).is_file()

    def verify(self, pid: str) -> str | None:
        """``None`` when the pair's part is there and whole; else why it is not (a damaged part is removed,
        so that the pair is aligned again); ``"missing"`` when there is none."""
        path = self.part(pid)
        if not path.is_file():
            return "missing"
        try:
            check_part(path)
        except DamagedPart as exc:
            try:
                path.unlink()
            except OSError:
                pass
            return str(exc)
        self._ok.add(pid)
        return None

    def write_part(self, summary: dict, rows: list[dict]) -> None:
        body = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows).encode("utf-8")
        head = {"summary": summary, "rows": len(rows), "digest": _digest(body)}
        with atomic_output(self.part(summary["doc"])) as fh:
            fh.write(json.dumps(head, ensure_ascii=False) + "\n")
            fh.write(body.decode("utf-8"))
        self._ok.add(summary["doc"])

    def read_head(self, pid: str) -> dict:
        path = self.part(pid)
        try:
            return check_part(path)
        except DamagedPart as exc:
            raise AlignError(f"{path}: damaged part ({exc}); run the same command again to redo the pair") from None

    def read_rows(self, pid: str) -> Iterator[dict]:
        path = self.part(pid)
        with open(path, encoding="utf-8") as fh:
            fh.readline()
            for n, line in enumerate(fh, 2):
                if line.strip():
                    try:
                        yield json.loads(line)
                    except ValueError:
                        raise AlignError(f"{path}: line {n} is damaged; run the same command again to redo "
                                         "the pair") from None

    def event(self, **kw) -> None:
        self.log.write(json.dumps(kw, ensure_ascii=False) + "\n")
        self.log.flush()

    def close(self) -> None:
        self.log.close()
        if self._own_lock:
            release_folder(self.root)


# --------------------------------------------------------------------------- assembly


def _stub(summary: dict, level: str) -> Alignment:
    """An alignment without units that only names the documents and languages (what the TMX and Moses
    writers read from it besides the rows)."""
    return Alignment(Document((), summary["src_lang"], level, summary["src"]),
                     Document((), summary["tgt_lang"], level, summary["tgt"]), ())


def _fmt(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:.4f}"
    return " ".join(str(v).split())


def assemble(folder: _Folder, tasks: Sequence[PairTask], failures: dict[str, str], formats: Sequence[str],
             flt: CorpusFilter) -> tuple[list[Path], dict[str, dict]]:
    """Write the final files from the parts, in manifest order, all at once (atomically); returns the
    files and the summary of every aligned pair."""
    ok = [t for t in tasks if t.id not in failures and folder.done(t.id)]
    heads = {t.id: folder.read_head(t.id) for t in ok}
    stubs = {(pid, lv): _stub(h, lv) for pid, h in heads.items() for lv in h["levels"]}
    all_stubs = list(stubs.values())

    root = folder.root
    plan: list[tuple[str, list[Path]]] = []
    for fmt in dict.fromkeys(formats):
        if fmt == "moses":
            if all_stubs:
                paths = [Path(p) for p in WRITERS["moses"].outputs(root / "corpus", all_stubs)]
                plan.append(("moses", paths + [root / "corpus.ids"]))
        else:
            plan.append((fmt, [root / f"corpus{WRITERS[fmt].file_suffix(fmt)}"]))
    plan.append(("coverage", [root / "coverage.tsv"]))
    plan.append(("failures", [root / "failures.jsonl"]))
    targets = [p for _, ps in plan for p in ps]

    def items(pairs_only: bool) -> Iterator[tuple[Alignment, dict]]:
        seen: set | None = set() if flt.dedupe else None
        for t in ok:
            for row in folder.read_rows(t.id):
                if flt.keep(row, pairs_only, seen):
                    yield stubs[(t.id, row["level"])], row

    with atomic_outputs(targets) as streams:
        k = 0
        for fmt, paths in plan:
            outs = streams[k:k + len(paths)]
            k += len(paths)
            if fmt == "jsonl":
                for _, row in items(False):
                    outs[0].write(json.dumps(row, ensure_ascii=False) + "\n")
            elif fmt == "moses":
                ids = outs[2]

                def with_ids(it: Iterator[tuple[Alignment, dict]]) -> Iterator[tuple[Alignment, dict]]:
                    for stub, row in it:  # corpus.ids: where each line of the two files comes from
                        ids.write(f"{row['doc']}\t{row['src_doc']}\t{span_label(row['src_lines'])}\t"
                                  f"{row['tgt_doc']}\t{span_label(row['tgt_lines'])}\n")
                        yield stub, row

                WRITERS["moses"].write(all_stubs, with_ids(items(True)), outs[:2])
            elif fmt == "coverage":
                w = csv.writer(outs[0], delimiter="\t", lineterminator="\n")
                w.writerow(COVERAGE_COLUMNS)
                for t in tasks:
                    if t.id in heads:
                        h = heads[t.id]
                    else:
                        h = {"doc": t.id, "src": t.src, "tgt": t.tgt, "status": "failed",
                             "match_score": t.match_score, "error": failures.get(t.id, "not aligned")}
                    w.writerow([_fmt(h.get(c)) for c in COVERAGE_COLUMNS])
            elif fmt == "failures":
                for t in tasks:
                    if t.id in failures:
                        outs[0].write(json.dumps({"doc": t.id, "src": t.src, "tgt": t.tgt,
                                                  "error": failures[t.id]}, ensure_ascii=False) + "\n")
            else:
                writer = WRITERS[fmt]
                writer.write(all_stubs, items(writer.pairs_only), outs)
    return targets, heads


# --------------------------------------------------------------------------- progress


class _Progress:
    """A rich bar with pairs/s and ETA on a terminal; a plain line now and then otherwise.

    The rate and the ETA are measured from the first pair finished by this run, not from the start: the
    start holds the loading of one model per worker, which would make the first ETA many times too long.
    The ETA is shown once ``workers`` more pairs have finished after the first (before that: ``?``)."""

    def __init__(self, total: int, done: int, quiet: bool, workers: int = 1) -> None:
        self.total, self.done, self.start_done = total, done, done
        self.workers = max(1, workers)
        self.t0 = time.perf_counter()
        self.t_first: float | None = None
        self.done_first = done
        self.quiet = quiet
        self.bar = None
        self.last = self.t0
        if quiet:
            return
        if sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self.bar = Progress(TextColumn("aligning pairs"), BarColumn(), MofNCompleteColumn(),
                                TextColumn("{task.fields[rate]} pairs/s"), TimeElapsedColumn(),
                                TextColumn("ETA {task.fields[eta]}"), console=Console(stderr=True))
            self.task = self.bar.add_task("pairs", total=total, completed=done, rate="-", eta="?")
            self.bar.start()

    def rate(self) -> float:
        """Pairs per second since the first pair of this run finished (0 before a second one)."""
        if self.t_first is None:
            return 0.0
        dt = time.perf_counter() - self.t_first
        return (self.done - self.done_first) / dt if dt > 0 else 0.0

    def eta(self) -> float | None:
        """Seconds left, or ``None`` while too few pairs have finished to tell."""
        if self.done >= self.total:
            return 0.0
        if self.t_first is None or self.done - self.done_first < self.workers:
            return None
        rate = self.rate()
        return (self.total - self.done) / rate if rate > 0 else None

    def advance(self) -> None:
        self.done += 1
        if self.t_first is None:
            self.t_first = time.perf_counter()
            self.done_first = self.done
        if self.quiet:
            return
        rate, eta = self.rate(), self.eta()
        if self.bar is not None:
            self.bar.update(self.task, completed=self.done, rate=f"{rate:.2f}" if rate else "-",
                            eta=_dur(eta if eta is not None else float("nan")))
            return
        now = time.perf_counter()
        if now - self.last >= 30 or self.done == self.total:
            self.last = now
            print(f"align: {self.done}/{self.total} pairs, {f'{rate:.2f}' if rate else '?'} pairs/s, "
                  f"ETA {_dur(eta if eta is not None else float('nan'))}", file=sys.stderr, flush=True)

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()


def _dur(s: float) -> str:
    if s != s:
        return "?"
    s = int(round(s))
    return f"{s // 3600}h{s % 3600 // 60:02d}m" if s >= 3600 else f"{s // 60}m{s % 60:02d}s"


# --------------------------------------------------------------------------- running


_QUIET_TRACKER = "ignore::UserWarning:multiprocessing.resource_tracker"


def _run_local(todo: Sequence[PairTask], settings: CorpusSettings, device: str, cache_dir: str | None,
               workers: int) -> Iterator[dict]:
    if workers <= 1:  # in this process, its threads left as they are
        for task in todo:
            yield align_pair(task, settings, device, cache_dir, worker=False)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    ctx = multiprocessing.get_context("spawn")  # a clean process: no copied threads or model state
    if _QUIET_TRACKER not in sys.warnoptions:
        # the resource tracker (started with this process's -W options) cleans up after killed workers;
        # its "leaked semaphore objects" warning on an interrupted run is noise after "align: interrupted"
        sys.warnoptions.append(_QUIET_TRACKER)
    ex = ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=init_worker,
                             initargs=(settings, device, cache_dir, os.getpid()))
    try:
        futures = {ex.submit(align_pair, t, settings, device, cache_dir): t for t in todo}
        for fut in as_completed(futures):
            try:
                yield fut.result()
            except BrokenProcessPool as exc:
                yield {"id": futures[fut].id, "ok": False, "error": f"worker process died ({exc})"}
            except Exception as exc:
                yield {"id": futures[fut].id, "ok": False, "error": f"{type(exc).__name__}: {exc}"}
    except BaseException:  # interrupted (Ctrl-C, a write error): stop the workers, do not wait for their pairs
        procs = list((getattr(ex, "_processes", None) or {}).values())
        for proc in procs:
            try:
                proc.kill()
            except Exception:
                pass
        try:
            ex.shutdown(wait=True, cancel_futures=True)
        except BaseException:
            pass
        raise
    ex.shutdown(wait=True)


def _run_dask(todo: Sequence[PairTask], settings: CorpusSettings, device: str, cache_dir: str | None,
              scheduler: str) -> Iterator[dict]:
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise AlignError(f"--scheduler needs dask distributed: {EXTRA}") from None
    try:
        client = Client(scheduler, timeout="30s")
    except Exception as exc:
        raise AlignError(f"cannot connect to the Dask scheduler at {scheduler} ({type(exc).__name__}: {exc})") from None
    try:
        futures = client.map(align_pair, list(todo), settings=settings, device=device, cache_dir=cache_dir,
                             pure=False)
        ids = {f.key: t.id for f, t in zip(futures, todo)}
        for fut in as_completed(futures):
            try:
                yield fut.result()
            except Exception as exc:  # the worker died, the task was lost, ...
                yield {"id": ids[fut.key], "ok": False, "error": f"{type(exc).__name__}: {exc}"}
    finally:
        client.close()


def default_workers() -> int:
    return max(1, min(2, os.cpu_count() or 1))


def run_corpus(tasks: Sequence[PairTask] | str | Path, out_dir: str | Path, *,
               settings: CorpusSettings = CorpusSettings(), formats: Sequence[str] = ("jsonl",),
               flt: CorpusFilter | None = None, workers: int | None = None, scheduler: str | None = None,
               cache_dir: str | Path | bool | None = True, device: str = "auto",
               quiet: bool = False) -> CorpusResult:
    """Align every pair of a manifest (path, or tasks from :func:`tasks_from_manifest`) into ``out_dir``.

    ``cache_dir``: the on-disk embedding cache folder (``True``: :func:`align.embed.default_cache_dir`;
    ``None`` or ``False``: none).  ``workers``: local worker processes (default ``min(2, CPUs)``; 1 runs in this
    process); ``scheduler``: a Dask scheduler address instead.  Resumable: see the module docstring.
    """
    t0 = time.perf_counter()
    flt = flt or CorpusFilter()
    for fmt in formats:
        writer_for(fmt)  # an unknown format is an error before any work
    if not isinstance(tasks, (list, tuple)):
        tasks = tasks_from_manifest(read_manifest(tasks))
    if not tasks:
        raise AlignError("no pairs to align")
    if cache_dir is True:
        cache_dir = default_cache_dir()
    cache = str(Path(cache_dir).expanduser().absolute()) if cache_dir else None
    if cache:
        from ..embed import open_disk_cache

        open_disk_cache(cache).close()  # fail early on a missing library or an unusable folder
    workers = default_workers() if workers is None else workers
    if workers < 1:
        raise AlignError(f"workers must be at least 1, got {workers}")

    folder = _Folder(Path(out_dir), settings)
    try:
        run = uuid.uuid4().hex[:12]
        damaged = {}
        for t in tasks:
            why = folder.verify(t.id)
            if why not in (None, "missing"):
                damaged[t.id] = why
                if not quiet:
                    print(f"align: warning: {folder.part(t.id)} is damaged ({why}); aligning {t.src} / {t.tgt} "
                          "again", file=sys.stderr, flush=True)
        todo = [t for t in tasks if not folder.done(t.id)]
        done_before = len(tasks) - len(todo)
        folder.event(event="start", run=run, time=time.strftime("%Y-%m-%dT%H:%M:%S"), pairs=len(tasks),
                     todo=len(todo), workers=workers, scheduler=scheduler, cache=cache,
                     damaged=[{"id": k, "why": v} for k, v in damaged.items()])
        bar = _Progress(len(tasks), done_before, quiet, 1 if scheduler else min(workers, max(1, len(todo))))
        failures: dict[str, str] = {}
        by_id = {t.id: t for t in tasks}
        aligned = embedded = hits = 0
        try:
            if todo:
                runner = (_run_dask(todo, settings, device, cache, scheduler) if scheduler
                          else _run_local(todo, settings, device, cache, min(workers, len(todo))))
                for res in runner:
                    task = by_id[res["id"]]
                    embedded += res.get("embedded", 0)
                    hits += res.get("disk_hits", 0)
                    if res["ok"]:
                        folder.write_part(res["summary"], res["rows"])
                        aligned += 1
                    else:
                        failures[task.id] = res["error"]
                        if not quiet:
                            _bar_print(bar, f"align: warning: pair {task.src} / {task.tgt} failed: {res['error']}")
                    folder.event(event="pair", run=run, id=task.id, ok=res["ok"], worker=res.get("worker"),
                                 loads=res.get("loads"), seconds=res.get("seconds"),
                                 embedded=res.get("embedded"), disk_hits=res.get("disk_hits"))
                    bar.advance()
        finally:
            bar.stop()
        files, heads = assemble(folder, tasks, failures, formats, flt)
        beads = sum(h["beads"] for h in heads.values())
        pairs = sum(h["pairs"] for h in heads.values())
        seconds = time.perf_counter() - t0
        folder.event(event="end", run=run, aligned=aligned, failed=len(failures), seconds=round(seconds, 3),
                     embedded=embedded, disk_hits=hits)
    finally:
        folder.close()
    failed = [{"id": t.id, "src": t.src, "tgt": t.tgt, "error": failures[t.id]} for t in tasks if t.id in failures]
    return CorpusResult(Path(out_dir), len(tasks), done_before, aligned, failed, seconds, files, beads, pairs,
                        embedded, hits)


def _bar_print(bar: _Progress, msg: str) -> None:
    if bar.bar is not None:
        bar.bar.console.print(msg, markup=False, highlight=False)
    else:
        print(msg, file=sys.stderr, flush=True)
