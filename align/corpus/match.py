"""Corpus mode, step 1: find which document translates which in two collections (``align match``).

1. Every document is read (:func:`align.prepare.read_document`: any format, language detected per
   document) and its paragraphs are embedded with the same normalised texts the aligner embeds, so the
   on-disk embedding cache serves the later alignment too.
2. A document vector is made of the length-weighted mean of its paragraph embeddings and three
   position-weighted means (triangular bins over the start, middle and end), each normalised, then
   concatenated and normalised: two documents whose beginnings, middles and ends correspond come close.
3. Candidates: the ``candidates`` nearest documents on the other side, both ways, from a faiss index
   (exact inner product below ``exact_below`` vectors, HNSW above: no all-pairs comparison at scale).
4. Each candidate pair gets a finer score: the share of the two documents' text (harmonic mean of the
   two shares, counted in characters) covered by an in-order chain of paragraph pairs that are each a
   clear match, that is a cosine of at least ``min_cos`` *and* no more than ``margin`` below the hub
   level of the two paragraphs (the mean cosine of their ``knn`` nearest paragraphs on the other side of
   the whole collection, found with a faiss index too).  The chain is the monotone path of
   :func:`align.core.dp.align_scores`.  A translation covers most of both documents in order; an article on
   the same event from another outlet shares the topic but not paragraph-by-paragraph equivalents.
5. One-to-one assignment: greedy on the scores in decreasing order, pairs below ``threshold`` are never
   made, so a document without translation stays unmatched.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Sequence

import numpy as np

from ..core import dp
from ..errors import AlignError

#: Extensions read from folders (files named on the command line are read whatever their name).
DOC_SUFFIXES = frozenset({".txt", ".text", ".md", ".html", ".htm", ".xhtml", ".pdf", ".docx"})
EXTRA = "pip install 'align[corpus]'"


@dataclass(frozen=True)
class MatchConfig:
    """Knobs of document matching; the defaults are calibrated on seeds/ and bench-dev (README)."""

    threshold: float = 0.5     # minimum score of a pair
    candidates: int = 8        # nearest documents per document from the index, each way
    knn: int = 4               # paragraph neighbours in the hub level
    min_cos: float = 0.45      # a paragraph pair needs at least this cosine ...
    margin: float = 0.05       # ... and at most this much below the two paragraphs' hub level
    bins: int = 3              # position bins of the document vector
    exact_below: int = 5000    # indexes with fewer vectors are searched exactly, larger ones by HNSW

    def __post_init__(self) -> None:
        if not 0.0 <= self.threshold <= 1.0:
            raise AlignError(f"threshold must be between 0 and 1, got {self.threshold}")
        if self.candidates < 1:
            raise AlignError(f"candidates must be at least 1, got {self.candidates}")


@dataclass
class DocEmbedding:
    """One document as matching sees it."""

    path: str                 # as given (or found in a given folder)
    lang: str
    vecs: np.ndarray          # (n, dim) paragraph embeddings, L2-normalised
    lengths: np.ndarray       # (n,) characters per paragraph
    vec: np.ndarray = field(default=None)  # document vector
    hub: np.ndarray = field(default=None)  # (n,) hub level of each paragraph


@dataclass(frozen=True)
class MatchPair:
    src: str
    tgt: str
    score: float


@dataclass(frozen=True)
class Unmatched:
    path: str
    lang: str
    reason: str
    best: str | None = None
    best_score: float | None = None


@dataclass
class MatchResult:
    pairs: list[MatchPair]
    unmatched: list[Unmatched]
    src_lang: str = "en"
    tgt_lang: str = "ar"
    n_src: int = 0
    n_tgt: int = 0
    n_scored: int = 0          # candidate pairs scored finely (all pairs would be n_src * n_tgt)


# --------------------------------------------------------------------------- inputs


def collect_paths(inputs: Iterable[str | Path]) -> list[Path]:
    """Files as given, and the document files under given folders (recursively, sorted, hidden files
    and folders skipped).  A path that does not exist is an error."""
    out: list[Path] = []
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            found = []
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for f in files:
                    if not f.startswith(".") and Path(f).suffix.lower() in DOC_SUFFIXES:
                        found.append(Path(root) / f)
            out.extend(sorted(found))
        elif p.exists():
            out.append(p)
        else:
            raise AlignError(f"{p}: no such file or directory")
    seen: set[str] = set()
    unique = []
    for p in out:
        key = os.path.abspath(p)
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return unique


def inputs_fingerprint(paths: Sequence[Path], **settings) -> str:
    """A digest of the documents found (path, size, modification time) and of the settings the matching
    depends on: equal digests mean a manifest made earlier from these inputs still holds."""
    h = hashlib.blake2b(digest_size=16)
    h.update(json.dumps(sorted(settings.items()), default=str).encode())
    for p in sorted(os.path.abspath(p) for p in paths):
        try:
            st = os.stat(p)
            h.update(f"{p}\0{st.st_size}\0{st.st_mtime_ns}\n".encode("utf-8", "surrogatepass"))
        except OSError:
            h.update(f"{p}\0missing\n".encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def _faiss():
    try:
        import faiss
    except ImportError:
        raise AlignError(f"document matching needs faiss: {EXTRA}") from None
    return faiss


def knn_search(base: np.ndarray, queries: np.ndarray, k: int, exact_below: int = 5000
               ) -> tuple[np.ndarray, np.ndarray]:
    """Inner-product ``k`` nearest neighbours of ``queries`` among ``base`` (rows L2-normalised):
    ``(similarities, indices)``, index ``-1`` where fewer were found.  Exact (``IndexFlatIP``) below
    ``exact_below`` base vectors, else an HNSW graph (built on one thread, so it is reproducible)."""
    faiss = _faiss()
    n = len(base)
    k = min(k, n)
    if k <= 0 or len(queries) == 0:
        return np.zeros((len(queries), 0), np.float32), np.zeros((len(queries), 0), np.int64)
    base = np.ascontiguousarray(base, dtype=np.float32)
    queries = np.ascontiguousarray(queries, dtype=np.float32)
    d = base.shape[1]
    threads = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(1)
    try:
        if n < exact_below:
            index = faiss.IndexFlatIP(d)
        else:
            index = faiss.IndexHNSWFlat(d, 32, faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efConstruction = 80
            index.hnsw.efSearch = max(64, 2 * k)
        index.add(base)
        sims, ids = index.search(queries, k)
    finally:
        faiss.omp_set_num_threads(threads)
    return sims, ids


def doc_vector(vecs: np.ndarray, lengths: np.ndarray, bins: int = 3) -> np.ndarray:
    """Order-aware document vector: the length-weighted mean of the paragraph embeddings and ``bins``
    position-weighted means (triangular weights around the bin centres), each normalised, concatenated
    and normalised."""
    n = len(vecs)
    w = np.asarray(lengths, dtype=np.float64)
    pos = (np.arange(n) + 0.5) / max(n, 1)
    parts = [w @ vecs]
    for b in range(bins):
        centre = (b + 0.5) / bins
        k = np.maximum(0.0, 1.0 - np.abs(pos - centre) * bins)
        parts.append((w * k) @ vecs)
    parts = [p / max(np.linalg.norm(p), 1e-9) for p in parts]
    v = np.concatenate(parts)
    return (v / max(np.linalg.norm(v), 1e-9)).astype(np.float32)


def embed_documents(paths: Sequence[Path], embed: Callable[[list[str]], np.ndarray], *,
                    progress: Callable[[], None] | None = None) -> tuple[list[DocEmbedding], list[Unmatched]]:
    """Read and embed every document; unreadable ones are returned as :class:`Unmatched`."""
    from ..prepare import read_document
    from ..prepare.repair import normalize_for_matching

    docs, bad = [], []
    batch: list[tuple[Path, object]] = []

    def flush() -> None:  # one model call for several documents' paragraphs
        texts = [normalize_for_matching(t) for _, doc in batch for t in doc.texts]
        vecs = np.asarray(embed(texts), dtype=np.float32)
        start = 0
        for p, doc in batch:
            n = len(doc.texts)
            lengths = np.array([max(len(t), 1) for t in doc.texts], dtype=np.float64)
            docs.append(DocEmbedding(str(p), doc.lang, vecs[start:start + n], lengths))
            start += n
            if progress:
                progress()
        batch.clear()

    for p in paths:
        try:
            batch.append((p, read_document(p)))
        except AlignError as exc:
            bad.append(Unmatched(str(p), "", f"unreadable: {exc}"))
            if progress:
                progress()
        if len(batch) >= 32:
            flush()
    if batch:
        flush()
    return docs, bad


# --------------------------------------------------------------------------- scoring


def _hub_levels(side: Sequence[DocEmbedding], other: Sequence[DocEmbedding], cfg: MatchConfig) -> None:
    """Set ``hub`` of every document of ``side``: the mean cosine of each paragraph's ``knn`` nearest
    paragraphs among all paragraphs of ``other``."""
    if not side:
        return
    base = np.concatenate([d.vecs for d in other])
    queries = np.concatenate([d.vecs for d in side])
    sims, ids = knn_search(base, queries, cfg.knn, cfg.exact_below)
    valid = ids >= 0
    hub = np.where(valid, sims, 0.0).sum(1) / np.maximum(valid.sum(1), 1)
    start = 0
    for d in side:
        d.hub = hub[start:start + len(d.vecs)]
        start += len(d.vecs)


def pair_score(a: DocEmbedding, b: DocEmbedding, cfg: MatchConfig) -> float:
    """Share of the two documents covered by an in-order chain of clearly matching paragraph pairs
    (harmonic mean of the two sides' shares, in characters)."""
    C = a.vecs @ b.vecs.T
    G = np.minimum(C - cfg.min_cos, C - (a.hub[:, None] + b.hub[None, :]) / 2 + cfg.margin).astype(np.float64)
    path = dp.align_scores({(1, 1): G}, 0.0)
    hits = [(s[0], t[0]) for s, t in path if s and t and G[s[0], t[0]] > 0]
    if not hits:
        return 0.0
    cs = a.lengths[[i for i, _ in hits]].sum() / a.lengths.sum()
    ct = b.lengths[[j for _, j in hits]].sum() / b.lengths.sum()
    return float(2 * cs * ct / (cs + ct))


def match_embedded(src: Sequence[DocEmbedding], tgt: Sequence[DocEmbedding],
                   config: MatchConfig = MatchConfig()) -> tuple[list[MatchPair], list[Unmatched], int]:
    """One-to-one pairs between two sides of embedded documents, the unmatched documents of both
    sides, and the number of candidate pairs scored."""
    cfg = config
    if not src or not tgt:
        lonely = [Unmatched(d.path, d.lang, "no document in the other language") for d in [*src, *tgt]]
        return [], lonely, 0
    for d in [*src, *tgt]:
        if d.vec is None:
            d.vec = doc_vector(d.vecs, d.lengths, cfg.bins)
    _hub_levels(src, tgt, cfg)
    _hub_levels(tgt, src, cfg)
    S = np.stack([d.vec for d in src])
    T = np.stack([d.vec for d in tgt])
    cand: set[tuple[int, int]] = set()
    _, ids = knn_search(T, S, cfg.candidates, cfg.exact_below)
    cand.update((i, int(j)) for i, row in enumerate(ids) for j in row if j >= 0)
    _, ids = knn_search(S, T, cfg.candidates, cfg.exact_below)
    cand.update((int(i), j) for j, row in enumerate(ids) for i in row if i >= 0)
    scored = {(i, j): pair_score(src[i], tgt[j], cfg) for i, j in sorted(cand)}

    order = sorted(scored.items(), key=lambda kv: (-kv[1], src[kv[0][0]].path, tgt[kv[0][1]].path))
    taken_s: dict[int, int] = {}
    taken_t: dict[int, int] = {}
    pairs = []
    for (i, j), sc in order:
        if sc < cfg.threshold:
            break
        if i in taken_s or j in taken_t:
            continue
        taken_s[i], taken_t[j] = j, i
        pairs.append(MatchPair(src[i].path, tgt[j].path, round(sc, 4)))

    best_s: dict[int, tuple[float, int]] = {}
    best_t: dict[int, tuple[float, int]] = {}
    for (i, j), sc in order:  # first seen = best
        best_s.setdefault(i, (sc, j))
        best_t.setdefault(j, (sc, i))

    def lonely(d: DocEmbedding, best: tuple[float, int] | None, other: Sequence[DocEmbedding],
               taken: dict[int, int], mine: Sequence[DocEmbedding]) -> Unmatched:
        if best is None:
            return Unmatched(d.path, d.lang, "no candidate")
        sc, k = best
        if sc >= cfg.threshold:
            rival = mine[taken[k]].path
            reason = f"best candidate is paired with {rival}, which scores higher"
        else:
            reason = f"best score {sc:.3f} is below the threshold {cfg.threshold}"
        return Unmatched(d.path, d.lang, reason, other[k].path, round(sc, 4))

    unmatched = [lonely(d, best_s.get(i), tgt, taken_t, src) for i, d in enumerate(src) if i not in taken_s]
    unmatched += [lonely(d, best_t.get(j), src, taken_s, tgt) for j, d in enumerate(tgt) if j not in taken_t]
    pairs.sort(key=lambda p: (p.src, p.tgt))
    return pairs, unmatched, len(scored)


def no_documents() -> str:
    return "no documents found (folders are searched for " + ", ".join(sorted(DOC_SUFFIXES)) + ")"


def match_documents(inputs: Iterable[str | Path], embed: Callable[[list[str]], np.ndarray], *,
                    config: MatchConfig = MatchConfig(), src_lang: str = "en", tgt_lang: str = "ar",
                    progress: bool = False) -> MatchResult:
    """Read, embed and match the documents of ``inputs`` (files and folders, both languages mixed;
    each document's language is detected).  ``embed`` is an :class:`align.Embedder`."""
    paths = collect_paths(inputs)
    if not paths:
        raise AlignError(no_documents())
    _faiss()  # fail early, before the embedding work
    bar = _progress(len(paths), "embedding documents") if progress else None
    try:
        docs, unmatched = embed_documents(paths, embed, progress=bar.advance if bar else None)
    finally:
        if bar:
            bar.stop()
    src = [d for d in docs if d.lang == src_lang]
    tgt = [d for d in docs if d.lang == tgt_lang]
    unmatched += [Unmatched(d.path, d.lang, f"language {d.lang!r} is neither {src_lang!r} nor {tgt_lang!r}")
                  for d in docs if d.lang not in (src_lang, tgt_lang)]
    pairs, lonely, n_scored = match_embedded(src, tgt, config)
    return MatchResult(pairs, lonely + unmatched, src_lang, tgt_lang, len(src), len(tgt), n_scored)


class _progress:
    """A small rich progress bar on stderr (only drawn on a terminal)."""

    def __init__(self, total: int, what: str) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        self.p = Progress(TextColumn(what), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                          console=Console(stderr=True), transient=True)
        self.task = self.p.add_task(what, total=total)
        self.p.start()

    def advance(self) -> None:
        self.p.advance(self.task)

    def stop(self) -> None:
        self.p.stop()


# --------------------------------------------------------------------------- manifest files


def _is_jsonl(path: str | Path) -> bool:
    return Path(path).suffix.lower() in (".jsonl", ".json", ".ndjson")


def _delimiter(path: str | Path) -> str:
    return "\t" if Path(path).suffix.lower() == ".tsv" else ","


def _rel(path: str, base: Path | None) -> str:
    """``path`` relative to the folder ``base`` (the manifest's); absolute paths, and every path when
    there is no base (stdout), as given."""
    if base is None or os.path.isabs(path):
        return path
    return os.path.relpath(os.path.abspath(path), os.path.abspath(base))


def unmatched_path(manifest: str | Path) -> Path:
    """Where the unmatched list goes beside a manifest: ``pairs.csv`` -> ``pairs.unmatched.csv``."""
    p = Path(manifest)
    return p.with_name(f"{p.stem}.unmatched{p.suffix or '.csv'}")


def manifest_text(result: MatchResult, fmt_path: str | Path | None = None, base: Path | None = None) -> str:
    """The manifest (one line per pair: source path, target path, score) as CSV, TSV or JSONL (by the
    extension of ``fmt_path``); paths relative to ``base`` when given."""
    a, b = result.src_lang, result.tgt_lang
    rows = [{a: _rel(p.src, base), b: _rel(p.tgt, base), "score": f"{p.score:.4f}"} for p in result.pairs]
    if fmt_path is not None and _is_jsonl(fmt_path):
        return "".join(json.dumps({a: r[a], b: r[b], "score": float(r["score"])}, ensure_ascii=False) + "\n"
                       for r in rows)
    buf = io.StringIO()
    w = csv.DictWriter(buf, [a, b, "score"], delimiter=_delimiter(fmt_path or "x.csv"), lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue()


def unmatched_text(result: MatchResult, fmt_path: str | Path | None = None, base: Path | None = None) -> str:
    cols = ["path", "lang", "best", "best_score", "reason"]
    rows = []
    for u in result.unmatched:
        d = asdict(u)
        d["path"] = _rel(u.path, base)
        d["best"] = _rel(u.best, base) if u.best else None
        rows.append({k: d[k] for k in cols})
    if fmt_path is not None and _is_jsonl(fmt_path):
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    buf = io.StringIO()
    w = csv.DictWriter(buf, cols, delimiter=_delimiter(fmt_path or "x.csv"), lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow({k: "" if v is None else v for k, v in r.items()})
    return buf.getvalue()


def write_manifest(result: MatchResult, path: str | Path | None, unmatched: str | Path | None = None) -> None:
    """Write the manifest (stdout for ``None`` / ``"-"``) and, when given, the unmatched list, both
    atomically (all or nothing).  In files, paths are relative to the manifest's folder."""
    from ..export import atomic_outputs

    to_file = path is not None and str(path) != "-"
    base = Path(path).parent if to_file else None
    targets = [path if to_file else None] + ([unmatched] if unmatched is not None else [])
    with atomic_outputs(targets) as streams:
        streams[0].write(manifest_text(result, path if to_file else None, base))
        if unmatched is not None:
            ubase = Path(unmatched).parent if str(unmatched) != "-" else None
            streams[1].write(unmatched_text(result, unmatched, ubase))


@dataclass(frozen=True)
class ManifestRow:
    src: str           # as written in the manifest
    tgt: str
    src_path: Path     # resolved
    tgt_path: Path
    score: float | None = None


def _resolve(value: str, base: Path) -> Path:
    p = Path(value).expanduser()
    if p.is_absolute():
        return p
    beside = base / p
    if beside.exists() or not p.exists():
        return beside
    return p  # relative to the current folder (a manifest written to stdout and moved)


def read_manifest(path: str | Path) -> list[ManifestRow]:
    """Pairs of a manifest (CSV, TSV or JSONL; columns ``en``/``ar``, or ``src``/``tgt``, or the first
    two; optional ``score``).  Relative paths are relative to the manifest's folder (or, when no such
    file exists there, to the current folder).  Rows with an empty side are skipped."""
    from ..read import read_lines

    p = Path(path)
    text = "\n".join(read_lines(p))
    base = p.parent
    rows: list[dict] = []
    if _is_jsonl(p):
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise AlignError(f"{p}:{n}: not a JSON object ({exc.msg})") from None
            if not isinstance(obj, dict):
                raise AlignError(f"{p}:{n}: not a JSON object")
            rows.append(obj)
        cols = list(rows[0]) if rows else []
    else:
        reader = csv.DictReader(io.StringIO(text), delimiter=_delimiter(p))
        cols = list(reader.fieldnames or [])
        rows = list(reader)
    pick = next(((a, b) for a, b in (("en", "ar"), ("src", "tgt")) if a in cols and b in cols), None)
    if pick is None:
        named = [c for c in cols if c and c != "score"]
        if len(named) < 2:
            raise AlignError(f"{p}: a manifest needs two path columns (en, ar) and a header line")
        pick = (named[0], named[1])
    a, b = pick
    out = []
    for r in rows:
        sa, sb = str(r.get(a) or "").strip(), str(r.get(b) or "").strip()
        if not sa or not sb:
            continue
        score = r.get("score")
        try:
            score = float(score) if score not in (None, "") else None
        except (TypeError, ValueError):
            score = None
        out.append(ManifestRow(sa, sb, _resolve(sa, base), _resolve(sb, base), score))
    if not out:
        raise AlignError(f"{p}: the manifest has no pairs")
    return out
