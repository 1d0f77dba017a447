"""Generalisation check: every knob or rule is chosen on one set and confirmed on another.

    python -m bench.generalize [--model use-m3] [--sets dev-a,dev-b,macdev,parice,textberg[,bible]]
                               [--no-peers] [--no-write]

1. **EN-AR, dev-a (bench-dev) vs dev-b (bench-dev-b)**, each apart and pooled, with the gap: paragraph
   strict / lax F1 and no-counterpart (unaligned) P/R; sentence lines (``*.sent.txt``, ``units="lines"``)
   strict F1 and no-counterpart P/R; ``align coverage`` findings (untranslated + added paragraphs) P/R and
   partial-omission recall, judged as in :mod:`bench.coverage`.
2. **Sentence-level sets**: other-dev (MAC-dev en-zh, ParIce en-is, Bible en-zh opt-in), Text+Berg de-fr and
   the EN-AR lines: ours vs sentweave (Vecalign's DP) vs Bertalign (:mod:`bench.bertalign`) vs Gale-Church
   (:mod:`bench.peers`) vs the plain margin-scored banded DP of :mod:`bench.baseline`, all on the same
   embeddings of the same normalised texts.
3. **Calibration**: bead scores binned ([0.5, 0.6) ... [0.9, 1.0], and below 0.5), with the observed
   precision per bin: one-sided beads (share that are gold no-counterpart units), coverage findings (share
   right), two-sided beads (share exactly right), per dev set and pooled.
4. **Timings** per set.

From Python, to compare ``AlignConfig`` variants on all sets (embeddings come from the on-disk cache)::

    from align import Aligner, AlignConfig
    from bench.generalize import evaluate_all, summary, open_aligner
    aligner = open_aligner()                       # use-m3 with the cache in bench/out/embed-cache
    base = summary(evaluate_all(aligner, peers=()))
    new = summary(evaluate_all(aligner, config=AlignConfig(threshold=0.5), peers=()))

Only the public API is used (``Aligner``, ``AlignConfig``, ``read_document``, ``coverage``, ``score``).
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from pathlib import Path
from typing import Callable, Iterable, Sequence

from align import AlignConfig, Aligner, ReportConfig, coverage, load_beads, read_document, score
from align.prepare.repair import normalize_for_matching
from bench import results
from bench.baseline import align_texts
from bench.coverage import judge_pair
from bench.peers import run_peers

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared"
CACHE = HERE / "out" / "embed-cache"

EN_AR = {"dev-a": "bench-dev", "dev-b": "bench-dev-b"}
OTHER = {"macdev_en_zh": ("en", "zh"), "parice_en_is": ("en", "is"), "bible_en_zh": ("en", "zh")}
ALIASES = {"macdev": "macdev_en_zh", "parice": "parice_en_is", "bible": "bible_en_zh", "textberg-dev": "textberg"}
DEFAULT_SETS = ("dev-a", "dev-b", "macdev_en_zh", "parice_en_is", "textberg")
OPT_IN = ("bible_en_zh",)
ALIGNERS = ("ours", "sentweave", "bertalign", "galechurch", "baseline")
BINS = (0.5, 0.6, 0.7, 0.8, 0.9)

Beads = list[tuple[list[int], list[int]]]
Log = Callable[[str], None] | None


# ---- running the aligners ----

def open_aligner(model: str = "use-m3", cache: str | Path | None = CACHE, config: AlignConfig | None = None) -> Aligner:
    """An ``Aligner`` whose embedder keeps its vectors in ``cache`` (so a rerun embeds nothing)."""
    aligner = Aligner(model, config=config, progress=False)
    if cache:
        aligner.embedder.attach_cache(cache)
    return aligner


def use_config(aligner: Aligner, config: AlignConfig, sentence_config: AlignConfig | None = None) -> None:
    """Set the aligner's configs the way ``Aligner(config=config)`` does."""
    aligner.config = config
    aligner.sentence_config = sentence_config or config.for_sentences()


def _beads(al) -> list[tuple[list[int], list[int], float]]:
    return [(list(b.src), list(b.tgt), float(b.score)) for b in al.beads]


def plain(beads) -> Beads:
    """``(src, tgt)`` of beads that may carry a score."""
    return [(list(b[0]), list(b[1])) for b in beads]


def lines_doc(aligner: Aligner, name: str, src_path: Path, tgt_path: Path, gold_path: Path,
              langs: tuple[str | None, str | None] = (None, None), peers: Sequence[str] = ()) -> dict:
    """One pair of one-unit-per-line files aligned by ours and each of ``peers`` (``sentweave``,
    ``bertalign``, ``galechurch``, ``baseline``). ``preds[name]`` is ``None`` where that aligner failed
    (``errors``)."""
    src = read_document(src_path, "lines", lang=langs[0])
    tgt = read_document(tgt_path, "lines", lang=langs[1])
    rec: dict = {"name": name, "n": (len(src), len(tgt)), "gold": load_beads(gold_path), "preds": {},
                 "seconds": {}, "errors": {}}
    al = aligner.align(src, tgt)
    rec["ours"] = _beads(al)
    rec["preds"]["ours"] = plain(rec["ours"])
    rec["seconds"]["ours"] = al.timings["align_s"]
    rec["embed_s"] = al.timings["embed_s"]
    if not peers:
        return rec
    emb = aligner.embedder
    s_texts = [normalize_for_matching(t) for t in src.texts]
    t_texts = [normalize_for_matching(t) for t in tgt.texts]
    t0 = time.perf_counter()
    emb(s_texts + t_texts)
    prep = time.perf_counter() - t0
    for pname in peers:
        t0 = time.perf_counter()
        if pname == "baseline":
            try:
                rec["preds"][pname] = align_texts(s_texts, t_texts, emb)
                rec["seconds"][pname] = time.perf_counter() - t0
            except Exception as exc:  # reported, never replaced
                rec["preds"][pname] = None
                rec["errors"][pname] = f"{type(exc).__name__}: {exc}"
            continue
        errors: dict[str, str] = {}
        got = run_peers(s_texts, t_texts, emb, errors=errors, peers=[pname])
        if pname in got:
            rec["preds"][pname], rec["seconds"][pname] = got[pname]
            prep += time.perf_counter() - t0 - got[pname][1]  # sentweave's overlap texts embedded up front
        else:
            rec["preds"][pname] = None
            rec["errors"][pname] = errors.get(pname, "no result")
    rec["peer_embed_s"] = prep
    return rec


def en_ar_pair(aligner: Aligner, pair: Path, report_config: ReportConfig | None = ReportConfig(),
               peers: Sequence[str] = ()) -> dict:
    """Paragraphs, coverage findings (none when ``report_config`` is ``None``) and lines of one
    bench-dev-style pair."""
    src, tgt = read_document(pair / "en.txt"), read_document(pair / "ar.txt")
    t0 = time.perf_counter()
    al = aligner.align(src, tgt)
    t1 = time.perf_counter()
    judged, row = None, (pair.name, None)
    if report_config is not None:
        judged, row = judge_pair(pair, coverage(aligner, src, tgt, report_config))
    t2 = time.perf_counter()
    lines = lines_doc(aligner, pair.name, pair / "en.sent.txt", pair / "ar.sent.txt", pair / "gold.sent.json",
                      peers=peers)
    gold_lines = lines["gold"]
    gold_coverage = sum(len(s) for s, t in gold_lines if t) / max(1, sum(len(s) for s, _ in gold_lines))
    return {"name": pair.name, "n": (len(src), len(tgt)), "par_gold": load_beads(pair / "gold.json"),
            "par": _beads(al), "coverage": judged, "source_coverage": row[1], "gold_coverage": gold_coverage,
            "lines": lines,
            "times": {"embed_s": al.timings["embed_s"], "align_s": al.timings["align_s"], "par_wall_s": t1 - t0,
                      "coverage_s": t2 - t1}}


def en_ar_set(aligner: Aligner, root: Path, report_config: ReportConfig | None = ReportConfig(),
              peers: Sequence[str] = (), log: Log = None) -> list[dict]:
    out = []
    for pair in sorted(p for p in root.iterdir() if (p / "gold.json").is_file()):
        out.append(en_ar_pair(aligner, pair, report_config, peers))
        if log:
            log(f"{root.name}/{pair.name} done")
    return out


def other_docs(shared: Path, name: str) -> list[tuple[str, Path, Path, Path, tuple[str, str]]]:
    """``(doc, src, tgt, gold, langs)`` of a sentence-level set."""
    if name == "textberg":
        root = shared / "textberg-dev"
        return [("textberg-dev", root / "dev.de", root / "dev.fr", root / "dev.defr", ("de", "fr"))]
    root = shared / "other-dev" / name
    return [(d.name, d / "src.txt", d / "tgt.txt", d / "gold.align", OTHER[name])
            for d in sorted(root.iterdir()) if (d / "gold.align").is_file()]


def resolve_sets(names: Iterable[str]) -> list[str]:
    out = []
    for n in names:
        n = ALIASES.get(n.strip(), n.strip())
        if n and n not in out:
            if n not in EN_AR and n not in OTHER and n != "textberg":
                raise ValueError(f"unknown set {n!r}: " + ", ".join([*EN_AR, *OTHER, "textberg"]))
            out.append(n)
    return out


def evaluate_all(aligner: Aligner, *, sets: Iterable[str] = DEFAULT_SETS, shared: str | Path = SHARED,
                 config: AlignConfig | None = None, sentence_config: AlignConfig | None = None,
                 report_config: ReportConfig | None = ReportConfig(), peers: Sequence[str] = ALIGNERS[1:],
                 log: Log = None) -> dict:
    """Run every set and return the figures (see :func:`figures`). ``config`` (and ``sentence_config``)
    replace the aligner's for this call only; ``peers=()`` runs ours alone and ``report_config=None`` skips
    ``align coverage`` (its sentence alignment is most of the time of the EN-AR sets): the quick loop."""
    shared = Path(shared)
    old = (aligner.config, aligner.sentence_config)
    if config is not None:
        use_config(aligner, config, sentence_config)
    try:
        raw: dict = {"en_ar": {}, "lines": {}, "wall_s": {}}
        for name in resolve_sets(sets):
            t0 = time.perf_counter()
            if name in EN_AR:
                raw["en_ar"][name] = en_ar_set(aligner, shared / EN_AR[name], report_config, peers, log)
            else:
                recs = []
                for doc, s, t, g, langs in other_docs(shared, name):
                    recs.append(lines_doc(aligner, doc, s, t, g, langs, peers))
                    if log:
                        log(f"{name}/{doc} done")
                raw["lines"][name] = recs
            raw["wall_s"][name] = time.perf_counter() - t0
    finally:
        aligner.config, aligner.sentence_config = old
    figs = figures(raw)
    figs["model"] = aligner.embedder.name
    figs["peers"] = list(peers)
    return figs


# ---- figures from the raw results ----

def _pr(items: Sequence[tuple[float, bool]], n_gold: int, found: int) -> dict:
    n_pred, right = len(items), sum(r for _, r in items)
    return {"p": right / n_pred if n_pred else 1.0, "r": found / n_gold if n_gold else 1.0,
            "n_pred": n_pred, "n_gold": n_gold}


def bins(items: Iterable[tuple[float, bool]], edges: Sequence[float] = BINS) -> list[dict]:
    """``{"bin", "n", "share"}`` per score bin: below ``edges[0]``, then ``[e_k, e_k+1)``, the last up to 1.0
    inclusive. ``share`` is the share of right items (``None`` for an empty bin)."""
    labels = [f"<{edges[0]:.1f}"] + [f"[{a:.1f},{b:.1f})" for a, b in zip(edges, edges[1:])] + [f"[{edges[-1]:.1f},1.0]"]
    n = [0] * len(labels)
    ok = [0] * len(labels)
    for conf, right in items:
        k = sum(conf >= e for e in edges)
        n[k] += 1
        ok[k] += bool(right)
    return [{"bin": lab, "n": c, "share": (o / c if c else None)} for lab, c, o in zip(labels, n, ok)]


def _one_sided(gold: Beads) -> set[tuple[str, int]]:
    return {("src", i) for s, t in gold if s and not t for i in s} | {("tgt", j) for s, t in gold if t and not s for j in t}


def bead_calibration(docs: Iterable[tuple[Beads, list[tuple[list[int], list[int], float]]]]) -> dict[str, list]:
    """``(confidence, right)`` of the one-sided beads (right: every unit is a gold no-counterpart unit) and
    of the two-sided beads (right: the identical bead is in the gold)."""
    one, two = [], []
    for gold, pred in docs:
        lone = _one_sided(gold)
        exact = {(tuple(s), tuple(t)) for s, t in gold}
        for s, t, sc in pred:
            if s and t:
                two.append((sc, (tuple(s), tuple(t)) in exact))
            else:
                units = [("src", i) for i in s] + [("tgt", j) for j in t]
                one.append((sc, all(u in lone for u in units)))
    return {"one": one, "two": two}


def en_ar_figures(recs: Sequence[dict]) -> dict:
    """Figures of one EN-AR set (or several pooled) from :func:`en_ar_pair` records."""
    par = score([r["par_gold"] for r in recs], [plain(r["par"]) for r in recs])
    lines = score([r["lines"]["gold"] for r in recs], [r["lines"]["preds"]["ours"] for r in recs])
    pc = bead_calibration((r["par_gold"], r["par"]) for r in recs)
    lc = bead_calibration((r["lines"]["gold"], r["lines"]["ours"]) for r in recs)
    if any(r["coverage"] is None for r in recs):
        none = {"p": None, "r": None, "n_pred": 0, "n_gold": 0}
        cov = {k: none for k in ("untranslated", "added", "partial", "findings")}
        calib = {"paragraph one-sided beads": bins(pc["one"]), "line one-sided beads": bins(lc["one"]),
                 "paragraph two-sided beads (exact)": bins(pc["two"]), "line two-sided beads (exact)": bins(lc["two"])}
        return {"pairs": len(recs), "paragraphs": par.as_dict(), "lines": lines.as_dict(), "coverage": cov,
                "calibration": calib}
    cov: dict = {}
    for kind in ("untranslated", "added", "partial"):
        items = [x for r in recs for x in r["coverage"][kind][0]]
        cov[kind] = _pr(items, sum(r["coverage"][kind][1] for r in recs), sum(r["coverage"][kind][2] for r in recs))
    cov["sentence_coverage_mae"] = sum(abs(r["source_coverage"] - r["gold_coverage"]) for r in recs) / len(recs)
    par_items = [x for r in recs for k in ("untranslated", "added") for x in r["coverage"][k][0]]
    cov["findings"] = _pr(par_items, sum(r["coverage"][k][1] for r in recs for k in ("untranslated", "added")),
                          sum(r["coverage"][k][2] for r in recs for k in ("untranslated", "added")))
    calib = {"paragraph one-sided beads": bins(pc["one"]), "coverage findings (untranslated + added)": bins(par_items),
             "partial-omission findings": bins([x for r in recs for x in r["coverage"]["partial"][0]]),
             "line one-sided beads": bins(lc["one"]),
             "paragraph two-sided beads (exact)": bins(pc["two"]), "line two-sided beads (exact)": bins(lc["two"])}
    return {"pairs": len(recs), "paragraphs": par.as_dict(), "lines": lines.as_dict(), "coverage": cov,
            "calibration": calib}


def lines_figures(recs: Sequence[dict]) -> dict:
    """Per aligner: scores over the docs it aligned (``docs_ok`` of ``docs``), its seconds and errors; ours
    on the same docs where an aligner failed on some (``ours_same``)."""
    out: dict = {"docs": len(recs), "units": [sum(r["n"][0] for r in recs), sum(r["n"][1] for r in recs)],
                 "aligners": {}}
    names = [a for a in ALIGNERS if any(a in r["preds"] for r in recs)]
    for a in names:
        ok = [r for r in recs if r["preds"].get(a) is not None]
        d: dict = {"docs_ok": len(ok), "seconds": sum(r["seconds"].get(a, 0.0) for r in ok),
                   "errors": {r["name"]: r["errors"][a] for r in recs if a in r["errors"]}}
        if ok:
            d |= score([r["gold"] for r in ok], [r["preds"][a] for r in ok]).as_dict()
            if len(ok) < len(recs):
                d["ours_same"] = score([r["gold"] for r in ok], [r["preds"]["ours"] for r in ok]).as_dict()
        out["aligners"][a] = d
    out["one_sided"] = bins(bead_calibration((r["gold"], r["ours"]) for r in recs)["one"])
    return out


def _timing(recs: Sequence[dict], en_ar: bool) -> dict:
    line_recs = [r["lines"] for r in recs] if en_ar else list(recs)
    t = {"embed_s": sum(r["embed_s"] for r in line_recs), "align_s": sum(r["seconds"]["ours"] for r in line_recs),
         "peer_embed_s": sum(r.get("peer_embed_s", 0.0) for r in line_recs)}
    for a in ALIGNERS[1:]:
        if any(a in r["seconds"] for r in line_recs):
            t[f"{a}_s"] = sum(r["seconds"].get(a, 0.0) for r in line_recs)
    if en_ar:
        t["par_embed_s"] = sum(r["times"]["embed_s"] for r in recs)
        t["par_align_s"] = sum(r["times"]["align_s"] for r in recs)
        t["coverage_s"] = sum(r["times"]["coverage_s"] for r in recs)
    return t


def figures(raw: dict) -> dict:
    """``{"en_ar": {set: en_ar_figures, "pooled": ...}, "lines": {set: lines_figures}, "timings": {set: ...}}``;
    the EN-AR sets' lines appear in ``lines`` as ``<set> lines``."""
    figs: dict = {"en_ar": {}, "lines": {}, "timings": {}}
    for name, recs in raw["en_ar"].items():
        figs["en_ar"][name] = en_ar_figures(recs)
        figs["lines"][f"{name} lines"] = lines_figures([r["lines"] for r in recs])
        figs["timings"][name] = _timing(recs, True) | {"wall_s": raw["wall_s"].get(name, 0.0)}
    if len(raw["en_ar"]) > 1:
        pooled = [r for recs in raw["en_ar"].values() for r in recs]
        figs["en_ar"]["pooled"] = en_ar_figures(pooled)
        figs["lines"]["pooled EN-AR lines"] = lines_figures([r["lines"] for r in pooled])
    for name, recs in raw["lines"].items():
        figs["lines"][name] = lines_figures(recs)
        figs["timings"][name] = _timing(recs, False) | {"wall_s": raw["wall_s"].get(name, 0.0)}
    return figs


def summary(figs: dict) -> dict[str, float | None]:
    """A flat ``{"<set>/<figure>": value}`` of the headline figures, for comparing runs in a loop."""
    out: dict[str, float | None] = {}
    for name, f in figs["en_ar"].items():
        for key in ("strict_f1", "lax_f1", "unaligned_p", "unaligned_r"):
            out[f"{name}/par/{key}"] = f["paragraphs"][key]
        for key in ("strict_f1", "unaligned_p", "unaligned_r"):
            out[f"{name}/lines/{key}"] = f["lines"][key]
        out[f"{name}/findings/p"] = f["coverage"]["findings"]["p"]
        out[f"{name}/findings/r"] = f["coverage"]["findings"]["r"]
        out[f"{name}/partial/p"] = f["coverage"]["partial"]["p"]
        out[f"{name}/partial/r"] = f["coverage"]["partial"]["r"]
    for name, f in figs["lines"].items():
        if "EN-AR" in name or name.endswith(" lines"):
            continue
        ours = f["aligners"]["ours"]
        out[f"{name}/strict_f1"] = ours["strict_f1"]
        out[f"{name}/lax_f1"] = ours["lax_f1"]
    return out


# ---- report ----

def _f(x) -> str:
    return "-" if x is None else f"{x:.3f}"


def _gap(a, b) -> str:
    if a is None or b is None:
        return "-"
    d = b - a
    return f"{d:+.3f}" + (" **!**" if abs(d) >= 0.05 else "")


EN_AR_ROWS = (
    ("paragraph strict F1", lambda f: f["paragraphs"]["strict_f1"]),
    ("paragraph lax F1", lambda f: f["paragraphs"]["lax_f1"]),
    ("paragraph no-counterpart P", lambda f: f["paragraphs"]["unaligned_p"]),
    ("paragraph no-counterpart R", lambda f: f["paragraphs"]["unaligned_r"]),
    ("lines strict F1", lambda f: f["lines"]["strict_f1"]),
    ("lines no-counterpart P", lambda f: f["lines"]["unaligned_p"]),
    ("lines no-counterpart R", lambda f: f["lines"]["unaligned_r"]),
    ("coverage findings P (untranslated + added)", lambda f: f["coverage"]["findings"]["p"]),
    ("coverage findings R (untranslated + added)", lambda f: f["coverage"]["findings"]["r"]),
    ("partial-omission P", lambda f: f["coverage"]["partial"]["p"]),
    ("partial-omission R", lambda f: f["coverage"]["partial"]["r"]),
    ("source sentence coverage, mean abs. error vs gold", lambda f: f["coverage"].get("sentence_coverage_mae")),
)


def en_ar_section(figs: dict) -> list[str]:
    ea = figs["en_ar"]
    if not ea:
        return []
    cols = [c for c in ("dev-a", "dev-b", "pooled") if c in ea]
    gap = "dev-a" in ea and "dev-b" in ea
    lines = ["## Generalize: EN-AR dev-a vs dev-b (`python -m bench.generalize`)", "",
             "dev-a = `bench-dev` (the set the defaults were tuned on), dev-b = `bench-dev-b` (the confirmation "
             "set). Paragraphs: `en.txt`/`ar.txt` against `gold.json`; lines: `en.sent.txt`/`ar.sent.txt` "
             "(`units=\"lines\"`) against `gold.sent.json`; coverage: `align coverage` findings at the default "
             "`ReportConfig`, judged as in `bench.coverage`. *gap* is dev-b minus dev-a; **!** marks a gap of "
             "0.05 or more.", "",
             "| figure | " + " | ".join(cols) + (" | gap (dev-b − dev-a) |" if gap else " |"),
             "|---|" + "---|" * (len(cols) + gap)]
    for label, get in EN_AR_ROWS:
        vals = [get(ea[c]) for c in cols]
        lines.append(f"| {label} | " + " | ".join(_f(v) for v in vals)
                     + (f" | {_gap(get(ea['dev-a']), get(ea['dev-b']))} |" if gap else " |"))
    lines.append("")
    counts = []
    for c in cols:
        f = ea[c]
        cv = f["coverage"]
        counts.append(f"{c}: {f['pairs']} pairs, {f['paragraphs']['n_gold_unaligned']} gold / "
                      f"{f['paragraphs']['n_pred_unaligned']} predicted no-counterpart paragraphs, "
                      f"{f['lines']['n_gold_unaligned']} / {f['lines']['n_pred_unaligned']} lines; findings "
                      f"{cv['findings']['n_gold']} gold / {cv['findings']['n_pred']} reported, partial omissions "
                      f"{cv['partial']['n_gold']} gold / {cv['partial']['n_pred']} reported")
    lines += ["Counts: " + "; ".join(counts) + ".", ""]
    return lines


SET_LABELS = {
    "dev-a lines": "EN-AR dev-a lines", "dev-b lines": "EN-AR dev-b lines", "pooled EN-AR lines": "EN-AR pooled lines",
    "macdev_en_zh": "macdev_en_zh (en-zh)", "parice_en_is": "parice_en_is (en-is)", "bible_en_zh": "bible_en_zh (en-zh)",
    "textberg": "Text+Berg dev (de-fr)",
}


def sentence_section(figs: dict) -> list[str]:
    ls = figs["lines"]
    if not ls:
        return []
    names = [a for a in ALIGNERS if any(a in f["aligners"] for f in ls.values())]
    lines = ["## Generalize: sentence-level sets, ours vs peers vs baseline (`python -m bench.generalize`)", "",
             "Strict F1 / lax F1 per set (micro-averaged over its documents), one unit per line, all aligners on "
             "the same embeddings of the same normalised unit texts. *sentweave*: Vecalign's DP "
             "(`alignment_max_size=8`); *bertalign*: Bertalign's two passes with its defaults (`bench/bertalign.py`: "
             "1-1 anchors from each unit's 3 nearest, then beads n+m<=5 in a corridor of 5 around them, valued by "
             "the cosine of real concatenations less the cosine with the neighbouring units, times a length "
             "penalty, skip -0.1); *galechurch*: Gale-Church, lengths only; *baseline*: `bench/baseline.py` "
             "(margin = cosine minus the mean cosine of the 4 nearest neighbours both ways, a length term, a fixed "
             "skip cost, beads n+m<=4, diagonal band). A cell marked (k/n) is over the k documents the aligner "
             "could align (ours on the same documents in the notes).", "",
             "| set | docs | units (src/tgt) | " + " | ".join(names) + " |", "|---|---|---|" + "---|" * len(names)]
    notes = []
    for name, f in ls.items():
        cells = []
        for a in names:
            d = f["aligners"].get(a)
            if d is None:
                cells.append("-")
            elif d["docs_ok"] == 0:
                cells.append("failed")
            else:
                c = f"{d['strict_f1']:.3f} / {d['lax_f1']:.3f}"
                if d["docs_ok"] < f["docs"]:
                    c += f" ({d['docs_ok']}/{f['docs']})"
                    o = d["ours_same"]
                    notes.append(f"* {a} on {SET_LABELS.get(name, name)}: aligned {d['docs_ok']}/{f['docs']} docs; "
                                 f"ours on the same docs {o['strict_f1']:.3f} / {o['lax_f1']:.3f}.")
                cells.append(c)
            if d and d["errors"]:
                errs = sorted(set(d["errors"].values()))
                notes.append(f"* {a} errors on {SET_LABELS.get(name, name)} "
                             f"({', '.join(sorted(d['errors']))}): {errs[0][:160]}"
                             + (f" (+{len(errs) - 1} other messages)" if len(errs) > 1 else ""))
        lines.append(f"| {SET_LABELS.get(name, name)} | {f['docs']} | {f['units'][0]}/{f['units'][1]} | "
                     + " | ".join(cells) + " |")
    lines.append("")
    nc = ["", "No-counterpart P/R (lines):", "", "| set | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    for name, f in ls.items():
        cells = []
        for a in names:
            d = f["aligners"].get(a)
            cells.append("-" if not d or not d["docs_ok"] else f"{d['unaligned_p']:.3f} / {d['unaligned_r']:.3f}")
        nc.append(f"| {SET_LABELS.get(name, name)} | " + " | ".join(cells) + " |")
    lines += notes + nc + [""]
    return lines


def calibration_section(figs: dict) -> list[str]:
    ea = figs["en_ar"]
    if not ea:
        return []
    cols = list(ea)
    labels = [b["bin"] for b in next(iter(ea.values()))["calibration"]["paragraph one-sided beads"]]
    lines = ["## Generalize: calibration of bead scores (`python -m bench.generalize`)", "",
             "Reliability per score bin: *n* calls and the observed share right. One-sided beads and coverage "
             "findings: right when the unit really has no counterpart in the gold (a finding as judged by "
             "`bench.coverage`); two-sided beads: right when the identical bead is in the gold. A calibrated "
             "score has a share near the bin's middle.", "",
             "| calls | bin | " + " | ".join(cols) + " |", "|---|---|" + "---|" * len(cols)]
    for kind in ea[cols[0]]["calibration"]:
        for k, lab in enumerate(labels):
            cells = []
            for c in cols:
                b = ea[c]["calibration"][kind][k]
                cells.append(f"{b['n']}: {_f(b['share'])}" if b["n"] else "0")
            if all(cell == "0" for cell in cells):
                continue
            lines.append(f"| {kind} | {lab} | " + " | ".join(cells) + " |")
    others = {name: f for name, f in figs["lines"].items() if "EN-AR" not in name and "one_sided" in f}
    if others:
        lines += ["", "One-sided line beads (a line called without counterpart) on the sentence-level sets of other "
                  "languages, right when the gold has no counterpart for it:", "",
                  "| bin | " + " | ".join(others) + " |", "|---|" + "---|" * len(others)]
        for k, lab in enumerate(labels):
            cells = [f"{f['one_sided'][k]['n']}: {_f(f['one_sided'][k]['share'])}" if f["one_sided"][k]["n"] else "0"
                     for f in others.values()]
            if any(cell != "0" for cell in cells):
                lines.append(f"| {lab} | " + " | ".join(cells) + " |")
    lines += ["", "Cells are *n*: *share right*; bins with no call in any set are left out.", ""]
    return lines


def timing_section(figs: dict, head: Sequence[str] = ()) -> list[str]:
    tm = figs["timings"]
    if not tm:
        return []
    lines = ["## Generalize: timings (`python -m bench.generalize`)", "", *head,
             "Seconds on this machine (CPU). *embed*: our embedding of the lines (cache look-ups once the on-disk "
             "cache holds them); *align*: our scoring + DP; EN-AR sets also align paragraphs (*par embed*, "
             "*par align*) and run `align coverage` (*coverage*, wall); *peer embed*: the texts the peers need "
             "beyond ours (sentweave's and Bertalign's overlaps); peers' columns are their alignment time; *wall*: the whole set.", "",
             "| set | embed | align | par embed | par align | coverage | peer embed | sentweave | bertalign | "
             "galechurch | baseline | wall |", "|---|---|---|---|---|---|---|---|---|---|---|---|"]

    def g(d, k):
        return f"{d[k]:.2f}" if k in d else "-"

    for name, t in tm.items():
        lines.append(f"| {name} | {g(t, 'embed_s')} | {g(t, 'align_s')} | {g(t, 'par_embed_s')} | "
                     f"{g(t, 'par_align_s')} | {g(t, 'coverage_s')} | {g(t, 'peer_embed_s')} | {g(t, 'sentweave_s')} | "
                     f"{g(t, 'bertalign_s')} | {g(t, 'galechurch_s')} | {g(t, 'baseline_s')} | {g(t, 'wall_s')} |")
    return lines + [""]


def report(figs: dict, timing_head: Sequence[str] = ()) -> list[str]:
    """All sections (markdown lines)."""
    return en_ar_section(figs) + sentence_section(figs) + calibration_section(figs) + timing_section(figs, timing_head)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default="use-m3")
    ap.add_argument("--shared", default=str(SHARED))
    ap.add_argument("--sets", default=",".join(DEFAULT_SETS),
                    help="comma-separated: dev-a, dev-b, macdev, parice, textberg, bible (opt-in: 5,000 x 6,301 "
                         "lines, slow)")
    ap.add_argument("--peers", default=",".join(ALIGNERS[1:]),
                    help="comma-separated, beside ours: sentweave, bertalign, galechurch, baseline ('' for none)")
    ap.add_argument("--no-peers", action="store_true", help="ours only (as --peers '')")
    ap.add_argument("--cache", default=str(CACHE), help="on-disk embedding cache ('' for none)")
    results.add_arguments(ap)
    args = ap.parse_args()
    sets = resolve_sets(args.sets.split(","))
    peers = () if args.no_peers else tuple(p for p in args.peers.split(",") if p)
    unknown = [p for p in peers if p not in ALIGNERS[1:]]
    if unknown:
        ap.error(f"unknown peer(s) {', '.join(unknown)}: " + ", ".join(ALIGNERS[1:]))
    t0 = time.perf_counter()
    aligner = open_aligner(args.model, args.cache or None)
    aligner.embedder(["warm-up"])
    load = time.perf_counter() - t0
    figs = evaluate_all(aligner, sets=sets, shared=args.shared, peers=peers,
                        log=lambda m: print(m, file=sys.stderr, flush=True))
    total = time.perf_counter() - t0
    head = [f"Model `{args.model}`, {platform.machine()} {platform.python_implementation()} "
            f"{platform.python_version()}; sets {', '.join(sets)}; model load {load:.1f}s; whole run {total:.0f}s "
            f"wall; embeddings from the on-disk cache `bench/out/embed-cache` when it holds them "
            f"({aligner.embedder.calls} texts sent to the model this run, {aligner.embedder.disk_hits} cache hits)."
            + ("" if set(peers) == set(ALIGNERS[1:]) else f" Peers run: {', '.join(peers) or 'none'} "
               f"(`--peers {','.join(ALIGNERS[1:])}` for all).")
            + ("" if "bible_en_zh" in sets else " The Bible set (`bible_en_zh`, 5,000 x 6,301 lines) is opt-in: "
               "`--sets ...,bible`."), ""]
    lines = report(figs, head)
    missing = [s for s in DEFAULT_SETS if s not in sets]
    not_written = ("not every default set" if missing else "") or ("no peers" if not peers else "")
    results.publish(lines, args, not_written=not_written)


if __name__ == "__main__":
    main()
