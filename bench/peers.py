"""Peer aligners beside ours, on the same unit texts and the same embeddings.

    python -m bench.peers [--model use-m3] [--shared ../shared] [--sets bench-dev,bench-dev-sent,textberg]
                          [--sentweave-max-size 8]

* **sentweave** (PyPI ``sentweave``): Vecalign's dynamic programme (Thompson & Koehn 2019) packaged as an
  in-memory library. Called as ``sentweave.align(src, tgt, encoder, alignment_max_size=8)`` with every other
  argument at its default (``del_percentile_frac=0.2``, ``max_size_full_dp=300``,
  ``costs_sample_size=20000``, ``num_samps_for_norm=100``, ``search_buffer_size=5``, ``random_state=42``).
  ``8`` is the library's own default (and the value of Vecalign's README examples; Vecalign's CLI default
  is 4). The ``encoder`` hook is our caching ``embed`` callable: sentweave builds Vecalign's overlap texts
  (1 to ``alignment_max_size`` consecutive units joined by a space, front-padded with ``"PAD"``) and sends
  them to it, so both tools see identical vectors for identical texts. The overlap texts are embedded
  before the clock starts; the time is sentweave's DP (normalisation, cost sampling, recursive search).
* **bertalign**: Bertalign's two-pass algorithm (Liu & Zhu 2022) with its defaults, written again in
  :mod:`bench.bertalign` (the published package needs Python 3.12, numba, faiss and an online language
  detector); it embeds the same overlap texts as sentweave, so it reads the same vectors.
* **galechurch** (PyPI ``galechurch``): Gale & Church (1993), length-based, no embeddings. Called as
  ``galechurch.align(src, tgt)`` with the original program's parameters (bead costs 1-1 0, 1-0/0-1 450,
  2-1/1-2 230, 2-2 440; ``mean_xy=1.0``, ``variance_xy=6.8``); lengths are characters without spaces.
* **ours**: ``Aligner(model).align(read_document(en), read_document(ar))`` as in ``bench/run.py``; the time is
  its ``align_s`` (scoring + DP, embedding excluded).

The peers get the texts our aligner embeds (``normalize_for_matching`` of each unit). Unit texts are embedded
up front, before any aligner runs, so no aligner's time includes embedding. A peer whose package is missing is
reported as unavailable, and one that raises or returns beads not covering every unit as failed on that pair,
with the error; nothing stands in for it.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
import warnings
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from align import Aligner, load_beads, read_document, score
from align.prepare.repair import normalize_for_matching

HERE = Path(__file__).resolve().parent

Beads = list[tuple[list[int], list[int]]]
Embed = Callable[[list[str]], np.ndarray]

PEERS = ("sentweave", "galechurch")
SENTWEAVE_MAX_SIZE = 8  # sentweave.align's default alignment_max_size (n + m <= 8)


def import_peer(name: str):
    """The peer's module, or raise ImportError("<name> unavailable: <the error>")."""
    try:
        return importlib.import_module(name)
    except Exception as exc:  # an installed but broken package raises more than ImportError
        raise ImportError(f"{name} unavailable: {type(exc).__name__}: {exc}") from None


def peer_errors() -> dict[str, str]:
    """Peers that cannot be imported, with the error."""
    out = {}
    for name in PEERS:
        try:
            import_peer(name)
        except ImportError as exc:
            out[name] = str(exc)
    return out


def covers(beads: Sequence[tuple[Sequence[int], Sequence[int]]], n: int, m: int) -> bool:
    """Whether ``beads`` take every source unit 0..n-1 and target unit 0..m-1 exactly once, in order,
    with no empty bead."""
    src = [i for s, _ in beads for i in s]
    tgt = [j for _, t in beads for j in t]
    return src == list(range(n)) and tgt == list(range(m)) and all(len(s) or len(t) for s, t in beads)


class _TimedEmbed:
    """Our ``embed`` callable, with the time spent inside it counted (cache look-ups included)."""

    def __init__(self, embed: Embed) -> None:
        self.embed = embed
        self.seconds = 0.0

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        t = time.perf_counter()
        out = self.embed(list(texts))
        self.seconds += time.perf_counter() - t
        return out


def sentweave_texts(texts: Sequence[str], max_size: int = SENTWEAVE_MAX_SIZE) -> list[str]:
    """Every text sentweave sends to its encoder for one side (its own ``preprocess_line`` and ``layer``)."""
    from sentweave.dp_utils import layer, preprocess_line

    clean = [preprocess_line(t) for t in texts]
    return [t for k in range(1, max_size + 1) for t in layer(clean, k)]


def run_sentweave(src: Sequence[str], tgt: Sequence[str], embed: Embed,
                  max_size: int = SENTWEAVE_MAX_SIZE) -> tuple[Beads, float]:
    sentweave = import_peer("sentweave")
    embed(list(dict.fromkeys(sentweave_texts(src, max_size) + sentweave_texts(tgt, max_size))))
    enc = _TimedEmbed(embed)
    t0 = time.perf_counter()
    with warnings.catch_warnings():
        # sentweave's make_sparse_costs casts uninitialised memory (np.empty(n).astype(np.int32)) before
        # filling it, which now and then warns "invalid value encountered in cast"; harmless
        warnings.filterwarnings("ignore", "invalid value encountered in cast", RuntimeWarning)
        res = sentweave.align(list(src), list(tgt), enc, alignment_max_size=max_size)
    seconds = time.perf_counter() - t0 - enc.seconds
    return [(list(a.src_indices), list(a.tgt_indices)) for a in res.alignments], seconds


def run_bertalign(src: Sequence[str], tgt: Sequence[str], embed: Embed) -> tuple[Beads, float]:
    """Bertalign's two passes (:mod:`bench.bertalign`, its defaults); its overlap texts embedded up front."""
    from bench import bertalign

    embed(list(dict.fromkeys(bertalign.all_overlap_texts(src) + bertalign.all_overlap_texts(tgt))))
    enc = _TimedEmbed(embed)
    t0 = time.perf_counter()
    beads = bertalign.align(list(src), list(tgt), enc)
    return beads, time.perf_counter() - t0 - enc.seconds


def run_galechurch(src: Sequence[str], tgt: Sequence[str]) -> tuple[Beads, float]:
    galechurch = import_peer("galechurch")
    t0 = time.perf_counter()
    res = galechurch.align(list(src), list(tgt))
    seconds = time.perf_counter() - t0
    beads = [(list(range(b.source_start, b.source_end)), list(range(b.target_start, b.target_end)))
             for b in res.beads]
    if not covers(beads, len(src), len(tgt)):
        raise RuntimeError(f"galechurch.align returned {len(beads)} beads for {len(src)}x{len(tgt)} units "
                           f"(DP score {res.score})")
    return beads, seconds


def run_peers(src_texts: list[str], tgt_texts: list[str], embed: Embed, *,
              errors: dict[str, str] | None = None, peers: Sequence[str] = PEERS,
              sentweave_max_size: int = SENTWEAVE_MAX_SIZE) -> dict[str, tuple[Beads, float]]:
    """Align with each available peer: ``{name: (beads, seconds)}``. Beads are ``(src indices, tgt indices)``
    covering all units in order; seconds exclude embedding. A peer that cannot be imported or fails is left
    out, its error put in ``errors`` when given."""
    out: dict[str, tuple[Beads, float]] = {}
    for name in peers:
        try:
            if name == "sentweave":
                got = run_sentweave(src_texts, tgt_texts, embed, sentweave_max_size)
            elif name == "galechurch":
                got = run_galechurch(src_texts, tgt_texts)
            elif name == "bertalign":
                got = run_bertalign(src_texts, tgt_texts, embed)
            else:
                raise ValueError(f"unknown peer {name!r}")
            if not covers(got[0], len(src_texts), len(tgt_texts)):
                raise RuntimeError(f"returned beads that do not cover the {len(src_texts)}x{len(tgt_texts)} "
                                   "units exactly once in order")
            out[name] = got
        except ImportError as exc:
            if errors is not None:
                errors[name] = str(exc)
        except Exception as exc:  # a peer that does not work is reported, never replaced
            if errors is not None:
                errors[name] = f"{name} failed: {type(exc).__name__}: {exc}"
    return out


# ---- the benchmark table ----

def _pairs(shared: Path, name: str):
    """``(pair name, src document, tgt document, gold beads)`` of one set."""
    if name in ("bench-dev", "bench-dev-sent"):
        root = shared / "bench-dev"
        units, files, gold = (("paragraphs", ("en.txt", "ar.txt"), "gold.json") if name == "bench-dev"
                              else ("lines", ("en.sent.txt", "ar.sent.txt"), "gold.sent.json"))
        for pair in sorted(p for p in root.iterdir() if (p / gold).is_file()):
            yield (pair.name, read_document(pair / files[0], units), read_document(pair / files[1], units),
                   load_beads(pair / gold))
    elif name == "textberg":
        root = shared / "textberg-dev"
        yield ("textberg-dev", read_document(root / "dev.de", "lines", lang="de"),
               read_document(root / "dev.fr", "lines", lang="fr"), load_beads(root / "dev.defr"))
    else:
        raise ValueError(f"unknown set {name!r}")


SET_TITLES = {
    "bench-dev": "bench-dev, paragraphs (en.txt/ar.txt, gold.json)",
    "bench-dev-sent": "bench-dev, lines (en.sent.txt/ar.sent.txt, gold.sent.json)",
    "textberg": "Text+Berg dev, lines (dev.de/dev.fr, dev.defr)",
}


class _Recorder:
    """Wraps the aligner's embedder to record the texts asked for (cache hits included)."""

    def __init__(self, embedder) -> None:
        self._embedder = embedder
        self.texts: set[str] = set()

    def __call__(self, texts):
        texts = list(texts)
        self.texts.update(texts)
        return self._embedder(texts)

    def __getattr__(self, name):
        return getattr(self._embedder, name)


def evaluate_set(shared: Path, name: str, aligner: Aligner, *, peers: Sequence[str] = PEERS,
                 sentweave_max_size: int = SENTWEAVE_MAX_SIZE, log=None) -> dict[str, dict]:
    """Ours and each peer over one set's pairs.

    Returns ``{aligner: {"pairs": [pair, ...], "golds": [...], "preds": [beads or None, ...],
    "seconds": float, "extra_texts": int | None, "errors": {pair: error}}}``; ``preds[k]`` is ``None``
    where the aligner failed on pair ``k`` (nothing is put in its place)."""
    res = {a: {"pairs": [], "golds": [], "preds": [], "seconds": 0.0,
               "extra_texts": None if a == "galechurch" else 0, "errors": {}} for a in ("ours", *peers)}
    embedder = aligner.embedder
    for pair, src, tgt, gold in _pairs(shared, name):
        s_texts = [normalize_for_matching(t) for t in src.texts]
        t_texts = [normalize_for_matching(t) for t in tgt.texts]
        units = set(s_texts) | set(t_texts)
        embedder(s_texts + t_texts)  # unit embeddings up front: no aligner's time includes them
        for r in res.values():
            r["pairs"].append(pair)
            r["golds"].append(gold)
        rec = _Recorder(embedder)
        aligner.embedder = rec
        try:
            al = aligner.align(src, tgt)
        finally:
            aligner.embedder = embedder
        r = res["ours"]
        r["preds"].append([(list(b.src), list(b.tgt)) for b in al.beads])
        r["seconds"] += al.timings["align_s"]
        r["extra_texts"] += len(rec.texts - units)
        for pname in peers:
            r = res[pname]
            rec = _Recorder(embedder)
            errors: dict[str, str] = {}
            got = run_peers(s_texts, t_texts, rec, errors=errors, peers=[pname],
                            sentweave_max_size=sentweave_max_size)
            if pname not in got:
                r["preds"].append(None)
                r["errors"][pair] = errors.get(pname, "no result")
                continue
            beads, sec = got[pname]
            r["preds"].append(beads)
            r["seconds"] += sec
            if r["extra_texts"] is not None:
                r["extra_texts"] += len(rec.texts - units)
        if log:
            log(f"{name} {pair}: {len(src)}x{len(tgt)} units done")
    return res


PEER_NOTES = {
    "ours": "`Aligner(model).align(...)`, default config",
    "sentweave": "Vecalign DP, `alignment_max_size={k}`, other defaults",
    "galechurch": "Gale-Church, original parameters, no embeddings",
}


def _row(name: str, aname: str, sc, seconds: float, extra) -> str:
    ex = "-" if extra is None else str(extra)
    return (f"| {name} | {aname} | {sc.strict_f1:.3f} | {sc.lax_f1:.3f} | {sc.unaligned_p:.3f} "
            f"| {sc.unaligned_r:.3f} | {seconds:.3f} | {ex} |")


def peer_table(shared: Path, aligner: Aligner, *, sets: Sequence[str] = ("bench-dev", "bench-dev-sent", "textberg"),
               peers: Sequence[str] = PEERS, sentweave_max_size: int = SENTWEAVE_MAX_SIZE,
               log=None) -> list[str]:
    """Markdown lines: one table of set x aligner with strict F1, lax F1, unaligned P/R, alignment seconds
    (embedding excluded) and the number of texts embedded beyond the units (block concatenations).

    An aligner that fails on some pair of a set (import error, exception, beads not covering the units) gets
    no score for that set; the notes give the error and its scores over the pairs it did align, beside ours
    on the same pairs."""
    lines = ["## Peer aligners on the same embeddings", "",
             f"Model `{aligner.embedder.name}` for ours and sentweave. Scores are micro-averaged over a set's pairs; "
             "*align s* is alignment time with every embedding precomputed; *extra texts* counts the distinct "
             "texts beyond the units (concatenated blocks) each embedding-based aligner asks for.", "",
             "| set | aligner | strict F1 | lax F1 | unaligned P | unaligned R | align s | extra texts |",
             "|---|---|---|---|---|---|---|---|"]
    notes: list[str] = []
    for name in sets:
        res = evaluate_set(shared, name, aligner, peers=peers, sentweave_max_size=sentweave_max_size, log=log)
        for aname, r in res.items():
            n = len(r["pairs"])
            if not r["errors"]:
                lines.append(_row(name, aname, score(r["golds"], r["preds"]), r["seconds"], r["extra_texts"]))
                continue
            failed = len(r["errors"])
            by_error: dict[str, list[str]] = {}
            for pair, err in r["errors"].items():
                by_error.setdefault(err, []).append(pair)
            unavailable = failed == n and all("unavailable" in e for e in by_error)
            label = "unavailable" if unavailable else f"failed on {failed}/{n} pairs"
            lines.append(f"| {name} | {aname} | {label} | | | | | |")
            errs = "; ".join(f"{', '.join(ps) if len(ps) < n else 'all'}: {err}" for err, ps in by_error.items())
            note = (f"* **{aname} unavailable** on {name}: {errs}." if unavailable
                    else f"* **{aname} on {name} failed** on {failed}/{n} pairs: {errs}.")
            ok = [k for k, p in enumerate(r["preds"]) if p is not None]
            if ok:
                sc = score([r["golds"][k] for k in ok], [r["preds"][k] for k in ok])
                ours = score([r["golds"][k] for k in ok], [res["ours"]["preds"][k] for k in ok])
                note += (f" On the {len(ok)} pair(s) it aligned: strict F1 {sc.strict_f1:.3f}, lax F1 {sc.lax_f1:.3f}, "
                         f"unaligned P/R {sc.unaligned_p:.3f}/{sc.unaligned_r:.3f}, {r['seconds']:.3f} s "
                         f"(ours on the same pairs: strict F1 {ours.strict_f1:.3f}, lax F1 {ours.lax_f1:.3f}, "
                         f"unaligned P/R {ours.unaligned_p:.3f}/{ours.unaligned_r:.3f}).")
            notes.append(note)
    lines.append("")
    lines += [f"* {SET_TITLES[s]}" for s in sets]
    lines += [f"* {a}: {PEER_NOTES[a].format(k=sentweave_max_size)}" for a in ("ours", *peers)]
    lines += notes
    lines.append("")
    return lines


def main() -> None:
    from bench import results

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default="use-m3")
    ap.add_argument("--shared", default=str(HERE.parent.parent / "shared"))
    ap.add_argument("--sets", default="bench-dev,bench-dev-sent,textberg",
                    help="comma-separated: bench-dev, bench-dev-sent, textberg")
    ap.add_argument("--peers", default=",".join(PEERS), help="comma-separated: " + ", ".join(PEERS))
    ap.add_argument("--sentweave-max-size", type=int, default=SENTWEAVE_MAX_SIZE,
                    help="sentweave's alignment_max_size (n + m <= this); default: the library's own")
    results.add_arguments(ap)
    args = ap.parse_args()
    aligner = Aligner(args.model, progress=False)
    aligner.embedder(["warm-up"])
    lines = peer_table(Path(args.shared), aligner, sets=args.sets.split(","), peers=args.peers.split(","),
                       sentweave_max_size=args.sentweave_max_size,
                       log=lambda msg: print(msg, file=sys.stderr, flush=True))
    published = (args.sets == ap.get_default("sets") and args.peers == ap.get_default("peers")
                 and args.sentweave_max_size == SENTWEAVE_MAX_SIZE)
    results.publish(lines, args, not_written="" if published else "not the default settings")


if __name__ == "__main__":
    main()
