"""The ``align`` command: a thin typer layer over the Python API."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from .errors import AlignError

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Align a document and its translation (English-Arabic and more) by multilingual "
                       "sentence embeddings; score alignments against a gold standard.")


class Fmt(str, Enum):
    jsonl = "jsonl"
    tsv = "tsv"
    tmx = "tmx"
    moses = "moses"
    xliff = "xliff"
    xliff12 = "xliff12"


class UnitsOpt(str, Enum):
    paragraphs = "paragraphs"
    lines = "lines"


class LevelOpt(str, Enum):
    paragraph = "paragraph"
    sentence = "sentence"
    both = "both"


class EvalLevel(str, Enum):
    paragraph = "paragraph"
    sentence = "sentence"


class OrderOpt(str, Enum):
    auto = "auto"
    logical = "logical"
    visual = "visual"


def _fail(msg: str, code: int = 2) -> None:
    typer.echo(f"align: error: {msg}", err=True)
    raise typer.Exit(code)


@app.command()
def pair(
    src: Path = typer.Argument(..., help="One side (English or Arabic; the order does not matter)."),
    tgt: Path = typer.Argument(..., help="The other side."),
    output: Optional[Path] = typer.Option(None, "-o", "--output",
                                          help="Output file (default: stdout); for moses, the prefix of "
                                               "the two files PREFIX.en and PREFIX.ar."),
    fmt: Optional[Fmt] = typer.Option(None, "--format", "-f",
                                      help="Output format (default: from the -o name, .jsonl / .tsv / .tmx / "
                                           ".xlf (XLIFF 2.1); JSONL on stdout; xliff12: XLIFF 1.2)."),
    model: str = typer.Option("use-m3", "--model", "-m",
                              help="Short name (use-m3, e5-small, embeddinggemma-300m, labse, bge-m3: see "
                                   "README, Models), a hub name or a local sentence-transformers directory."),
    level: LevelOpt = typer.Option(LevelOpt.paragraph, "--level",
                                   help="paragraph; sentence (inside paragraph beads); both (paragraph rows "
                                        "then sentence rows, each with a 'level' key)."),
    units: UnitsOpt = typer.Option(UnitsOpt.paragraphs, "--units",
                                   help="paragraphs: blocks separated by blank lines; lines: one unit per "
                                        "non-blank line (pre-segmented input)."),
    device: str = typer.Option("auto", "--device", help="auto, cpu, cuda, cuda:1, mps (hub models)."),
    max_bead: Optional[int] = typer.Option(None, "--max-bead", min=2, max=8,
                                           help="Largest bead: n + m <= this (default 4 for paragraphs: "
                                                "1-3, 2-2, 3-1; 6 for sentences and lines: up to 1-5, 5-1)."),
    arabic_order: OrderOpt = typer.Option(OrderOpt.auto, "--arabic-order",
                                          help="Arabic lines in PDF visual order: auto-detect, or force."),
    min_score: float = typer.Option(0.0, "--min-score", min=0.0, max=1.0,
                                    help="Drop aligned beads scored below this (corpus exports)."),
    drop_unaligned: bool = typer.Option(False, "--drop-unaligned",
                                        help="Drop 1-0 / 0-1 beads (TMX and Moses always do)."),
    dedupe: bool = typer.Option(False, "--dedupe", help="Write each identical text pair once."),
    force: bool = typer.Option(False, "--force", help="Align even if both sides look like one language."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar or summary on stderr."),
) -> None:
    """Align SRC and TGT and write one bead per row (JSONL by default)."""
    from . import export
    from .core import Aligner
    from .embed.progress import Progress
    from .prepare import order_pair, read_document

    try:
        flt = export.CorpusFilter(min_score=min_score, drop_unaligned=drop_unaligned, dedupe=dedupe)
        out_fmt = export.format_for(output, fmt.value if fmt else None)
        if out_fmt != "moses":  # moses names its files by language: checked once the languages are known
            export.check_outputs([output], inputs=[src, tgt])
        with Progress(enabled=not quiet) as progress:
            progress.stage(f"reading {src.name}")
            a = read_document(src, units.value, arabic_order=arabic_order.value)
            progress.stage(f"reading {tgt.name}")
            b = read_document(tgt, units.value, arabic_order=arabic_order.value)
            s, t = order_pair(a, b, allow_same=force)
            export.check_outputs(export.writer_for(out_fmt).outputs(output, [export.stub(s, t)]),
                                 inputs=[src, tgt])
            progress.stage("loading the model")
            aligner = Aligner(model, device=device, max_bead=max_bead, progress=False if quiet else None)
            aligner.embedder.reporter = progress if not quiet else None
            progress.stage(f"aligning {len(s)} x {len(t)} {s.level}s")
            if level == LevelOpt.both:
                par, al = aligner.align_both(s, t)
                progress.stage("writing")
                export.write_many([par, al], output, out_fmt, flt)
            else:
                al = aligner.align(s, t, level.value)
                progress.stage("writing")
                export.write(al, output, out_fmt, flt)
    except AlignError as exc:
        _fail(str(exc), exc.exit_code)
    if not quiet:
        n_pairs = sum(1 for x in al.beads if x.src and x.tgt)
        typer.echo(
            f"align: {len(al.src)} {s.lang} / {len(al.tgt)} {t.lang} {al.src.level}s -> {len(al.beads)} beads "
            f"({n_pairs} aligned, {len(al.beads) - n_pairs} unaligned) in {al.timings['total_s']:.1f}s"
            + (f"; wrote {output}" if output else ""),
            err=True,
        )


FAIL_UNDER_EXIT = 3  # distinct from errors (2): coverage below --fail-under


@app.command()
def coverage(
    src: Path = typer.Argument(..., help="The source (original) document."),
    tgt: Path = typer.Argument(..., help="Its translation."),
    json_out: Optional[Path] = typer.Option(None, "--json", help="Write the report as JSON to this file."),
    html_out: Optional[Path] = typer.Option(None, "--html",
                                            help="Write the review page (self-contained HTML, as `align review`): "
                                                 "the report, its findings to dismiss or confirm, the alignment "
                                                 "to correct."),
    fail_under: Optional[float] = typer.Option(None, "--fail-under", min=0.0, max=1.0,
                                               help="Exit with code 3 when source sentence coverage is "
                                                    "below this (a CI gate)."),
    model: str = typer.Option("use-m3", "--model", "-m", help="Embedding model (see `align pair`)."),
    device: str = typer.Option("auto", "--device", help="auto, cpu, cuda, mps."),
    min_confidence: float = typer.Option(0.5, "--min-confidence", min=0.0, max=1.0,
                                         help="List untranslated / added paragraphs from this confidence."),
    arabic_order: OrderOpt = typer.Option(OrderOpt.auto, "--arabic-order", help="See `align pair`."),
    force: bool = typer.Option(False, "--force", help="Allow both sides in one language."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No terminal summary."),
) -> None:
    """Report how well TGT covers SRC: untranslated paragraphs, sentences left out, additions, weak pairs.

    Unlike `pair`, the order matters: SRC is the original, TGT the translation. The --html page is the
    review page of `align review`: the findings can be dismissed or confirmed and the alignment corrected."""
    from .export import atomic_outputs, check_outputs

    try:
        outs = [p for p in (json_out, html_out) if p is not None]
        check_outputs(outs, inputs=[src, tgt])  # before any work
        report = _coverage_report(src, tgt, model, device, min_confidence, arabic_order, force, quiet)
        texts = []
        if json_out:
            texts.append(json.dumps(report.as_dict(), ensure_ascii=False, indent=1) + "\n")
        if html_out:
            texts.append(_review_page(report, "paragraph", html_out))
        with atomic_outputs(outs) as streams:  # both or neither
            for fh, text in zip(streams, texts):
                fh.write(text)
    except AlignError as exc:
        _fail(str(exc), exc.exit_code)
    if not quiet:
        from .report.terminal import print_report

        print_report(report)
    cov = report.coverage["source"]["sentences"]
    if fail_under is not None and cov < fail_under:
        typer.echo(f"align: source coverage {cov:.1%} is below --fail-under {fail_under:.1%}", err=True)
        raise typer.Exit(FAIL_UNDER_EXIT)


def _coverage_report(src: Path, tgt: Path, model: str, device: str, min_confidence: float, arabic_order: OrderOpt,
                     force: bool, quiet: bool):
    """Read SRC and TGT (the order kept), align paragraphs then sentences, and build the coverage report."""
    from .core import Aligner
    from .embed.progress import Progress
    from .prepare import order_pair, read_document
    from .report import ReportConfig
    from .report import coverage as run_coverage

    with Progress(enabled=not quiet) as progress:
        progress.stage(f"reading {src.name}")
        s = read_document(src, arabic_order=arabic_order.value)
        progress.stage(f"reading {tgt.name}")
        t = read_document(tgt, arabic_order=arabic_order.value)
        order_pair(s, t, allow_same=force)  # same-language check only: the order stays the user's
        progress.stage("loading the model")
        aligner = Aligner(model, device=device, progress=False if quiet else None)
        aligner.embedder.reporter = progress if not quiet else None
        progress.stage(f"aligning {len(s)} x {len(t)} paragraphs, then their sentences")
        report = run_coverage(aligner, s, t, ReportConfig(min_confidence=min_confidence))
        progress.stage("writing")
    return report


def _review_page(report, level: str, page: Path) -> str:
    """The review page of ``report``, saving its state as ``<page name>.state.json``."""
    from .review import from_report, render_review

    return render_review(from_report(report, level), f"{page.stem}.state.json", str(page.absolute().parent))


@app.command()
def review(
    src: Path = typer.Argument(..., help="The source (original) document."),
    tgt: Path = typer.Argument(..., help="Its translation."),
    output: Path = typer.Option(..., "-o", "--output", help="The review page (one self-contained HTML file)."),
    level: EvalLevel = typer.Option(EvalLevel.paragraph, "--level",
                                    help="The rows to start from: paragraph beads (their sentences) or sentence "
                                         "beads; the units are sentences either way."),
    model: str = typer.Option("use-m3", "--model", "-m", help="Embedding model (see `align pair`)."),
    device: str = typer.Option("auto", "--device", help="auto, cpu, cuda, mps."),
    min_confidence: float = typer.Option(0.5, "--min-confidence", min=0.0, max=1.0,
                                         help="List untranslated / added paragraphs from this confidence."),
    arabic_order: OrderOpt = typer.Option(OrderOpt.auto, "--arabic-order", help="See `align pair`."),
    force: bool = typer.Option(False, "--force", help="Allow both sides in one language."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress or summary on stderr."),
) -> None:
    """Write a review page: both texts side by side, findings highlighted, every edit of the alignment
    from the keyboard; the page saves a state file for `align apply`."""
    from .export import atomic_output, check_outputs

    try:
        check_outputs([output], inputs=[src, tgt])
        report = _coverage_report(src, tgt, model, device, min_confidence, arabic_order, force, quiet)
        page = _review_page(report, level.value, output)
        with atomic_output(output) as fh:
            fh.write(page)
    except AlignError as exc:
        _fail(str(exc), exc.exit_code)
    if not quiet:
        n = len(report.paragraphs.beads if level == EvalLevel.paragraph else report.sentences.beads)
        typer.echo(f"align: wrote {output}: {n} rows, {len(report.findings)} findings; open it in a browser, "
                   f"save the state and run: align apply {output.stem}.state.json -o corrected.tmx", err=True)


@app.command("apply")
def apply_(
    state: Path = typer.Argument(..., help="A state saved by the review page (JSON)."),
    output: Optional[Path] = typer.Option(None, "-o", "--output",
                                          help="Output file (default: JSONL on stdout); for moses, a prefix."),
    fmt: Optional[Fmt] = typer.Option(None, "--format", "-f", help="Output format (default: from the -o name)."),
    min_score: float = typer.Option(0.0, "--min-score", min=0.0, max=1.0,
                                    help="Drop pairs scored below this (a row the reviewer changed scores 1)."),
    drop_unaligned: bool = typer.Option(False, "--drop-unaligned", help="Drop 1-0 / 0-1 rows."),
    dedupe: bool = typer.Option(False, "--dedupe", help="Write each identical text pair once."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No summary on stderr."),
) -> None:
    """Write the corrected alignment of a saved review state (no model needed): TMX, JSONL, TSV, Moses or XLIFF."""
    from . import export
    from .review import load_state

    try:
        flt = export.CorpusFilter(min_score=min_score, drop_unaligned=drop_unaligned, dedupe=dedupe)
        out_fmt = export.format_for(output, fmt.value if fmt else None)
        st = load_state(state)
        al = st.corrected()
        export.check_outputs(export.writer_for(out_fmt).outputs(output, [al]), inputs=[state])
        export.write(al, output, out_fmt, flt)
    except AlignError as exc:
        _fail(str(exc), exc.exit_code)
    if not quiet:
        changed = sum(r.score is None for r in st.rows)
        wrong = sum(r.wrong for r in st.rows)
        d = st.decisions()
        typer.echo(f"align: {len(st.rows)} rows ({changed} changed by the reviewer, {wrong} marked wrong); findings: "
                   f"{d['confirmed']} confirmed, {d['dismissed']} dismissed, {d['open']} open"
                   + (f"; wrote {output}" if output else ""), err=True)


@app.command("eval")
def eval_(
    pred: Path = typer.Argument(..., help="Predicted alignment (JSONL from `align pair`), or a review state: "
                                          "alone, its first alignment is scored against the reviewer's."),
    gold: Optional[Path] = typer.Argument(None, help="Gold beads: a JSON list \\[\\[\\[src indices], \\[tgt indices]], "
                                                     "...], JSONL with src / tgt keys, Vecalign's '\\[0, 1]:\\[2]' "
                                                     "lines, or a review state (its corrected rows)."),
    level: Optional[EvalLevel] = typer.Option(None, "--level",
                                             help="Which rows of a `--level both` prediction to score "
                                                  "(paragraph or sentence)."),
    doc: Optional[str] = typer.Option(None, "--doc", help="Which document's rows of a corpus.jsonl to score "
                                                          "(its doc id)."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
) -> None:
    """Score PRED against GOLD: strict and lax P/R/F1 (Vecalign's definitions) and unaligned-unit P/R.

    Both must hold the units of the same two documents at one level; anything else is an error. With a
    review state alone (`align eval STATE.json`): how much the reviewer changed the tool's alignment."""
    from .evaluate import check_pair, load_beads, review_beads, score

    try:
        if gold is None:
            pred_beads, gold_beads = review_beads(pred)
            gold_name, pred_name = f"{pred} (reviewed)", f"{pred} (first)"
        else:
            gold_beads = load_beads(gold)
            pred_beads = load_beads(pred, level.value if level else None, doc)
            gold_name, pred_name = str(gold), str(pred)
        check_pair(gold_beads, pred_beads, gold_name, pred_name)
        sc = score([gold_beads], [pred_beads])
    except AlignError as exc:
        _fail(str(exc), exc.exit_code)
    if as_json:
        typer.echo(json.dumps(sc.as_dict()))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title="alignment scores", show_header=True)
    for col in ("", "precision", "recall", "F1"):
        table.add_column(col, justify="right" if col else "left")
    table.add_row("strict", f"{sc.strict_p:.4f}", f"{sc.strict_r:.4f}", f"{sc.strict_f1:.4f}")
    table.add_row("lax", f"{sc.lax_p:.4f}", f"{sc.lax_r:.4f}", f"{sc.lax_f1:.4f}")
    table.add_row(f"unaligned ({sc.n_gold_unaligned} gold, {sc.n_pred_unaligned} predicted)",
                  f"{sc.unaligned_p:.4f}", f"{sc.unaligned_r:.4f}", f"{sc.unaligned_f1:.4f}")
    Console().print(table)


def _cache_dir(cache: Optional[Path], no_cache: bool):
    from .embed import default_cache_dir

    if no_cache:
        return None
    return cache or default_cache_dir()


def _match_paths(paths: list[Path], config, model: str, device: str, cache_dir, quiet: bool):
    """Match the documents found in ``paths``; returns the result and the embedder used."""
    from .corpus.match import collect_paths, match_documents, no_documents
    from .embed import Embedder
    from .embed.progress import Progress

    docs = collect_paths(paths)  # bad paths are reported before the model is loaded
    if not docs:
        raise AlignError(no_documents())
    embedder = Embedder(model, device=device, progress=False, cache_dir=cache_dir)
    bar = not quiet and sys.stderr.isatty()
    with Progress(enabled=not quiet and not bar) as progress:  # a terminal gets the matching's own bar
        progress.stage(f"matching {len(docs)} documents")
        embedder.reporter = progress if not quiet and not bar else None
        res = match_documents(docs, embedder, config=config, progress=bar)
    embedder.reporter = None
    return res, embedder


def _rel_names(paths, root: Path) -> str:
    return ", ".join(str(p.relative_to(root)) if root in p.parents else str(p) for p in paths)


@app.command()
def match(
    paths: list[Path] = typer.Argument(..., help="Files and folders holding the documents of both languages "
                                                 "(e.g. EN_DIR AR_DIR); each document's language is detected."),
    output: Optional[Path] = typer.Option(None, "-o", "--output",
                                          help="Manifest: .csv, .tsv or .jsonl (default: CSV on stdout). "
                                               "Paths in it are relative to its folder."),
    unmatched: Optional[Path] = typer.Option(None, "--unmatched",
                                             help="List of unmatched documents (default with -o: "
                                                  "NAME.unmatched.EXT beside the manifest)."),
    threshold: float = typer.Option(0.5, "--threshold", min=0.0, max=1.0,
                                    help="Minimum pair score (share of both documents covered by matching "
                                         "paragraphs in order)."),
    candidates: int = typer.Option(8, "--candidates", min=1,
                                   help="Nearest documents (from the ANN index) scored per document."),
    model: str = typer.Option("use-m3", "--model", "-m", help="Embedding model (see `align pair`)."),
    device: str = typer.Option("auto", "--device", help="auto, cpu, cuda, mps."),
    cache: Optional[Path] = typer.Option(None, "--cache",
                                         help="Embedding cache folder (default ~/.cache/align/embeddings)."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Do not use the on-disk embedding cache."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar or summary on stderr."),
) -> None:
    """Find which document translates which among PATHS; write a manifest (en, ar, score) for `align corpus`."""
    from .corpus.match import MatchConfig, unmatched_path, write_manifest
    from .export import check_outputs

    try:
        cfg = MatchConfig(threshold=threshold, candidates=candidates)
        if unmatched is None and output is not None and str(output) != "-":
            unmatched = unmatched_path(output)
        from .corpus.match import collect_paths

        check_outputs([output, unmatched], inputs=collect_paths(paths))  # before the embedding work
        res, embedder = _match_paths(paths, cfg, model, device, _cache_dir(cache, no_cache), quiet)
        write_manifest(res, output, unmatched)
    except AlignError as exc:
        _fail(str(exc), exc.exit_code)
    if not quiet:
        n_un = {res.src_lang: 0, res.tgt_lang: 0}
        for u in res.unmatched:
            n_un[u.lang] = n_un.get(u.lang, 0) + 1
        typer.echo(
            f"align: {res.n_src} {res.src_lang} / {res.n_tgt} {res.tgt_lang} documents -> {len(res.pairs)} pairs; "
            f"unmatched: {n_un[res.src_lang]} {res.src_lang}, {n_un[res.tgt_lang]} {res.tgt_lang}"
            + (f", {len(res.unmatched) - n_un[res.src_lang] - n_un[res.tgt_lang]} other" if
               len(res.unmatched) > n_un[res.src_lang] + n_un[res.tgt_lang] else "")
            + f"; {res.n_scored} candidate pairs scored; {embedder.calls} texts embedded, "
              f"{embedder.disk_hits} from the cache"
            + (f"; wrote {output}" if output else "") + (f" and {unmatched}" if unmatched else ""),
            err=True,
        )
        for u in res.unmatched[:20]:
            typer.echo(f"  unmatched {u.path}: {u.reason}", err=True)
        if len(res.unmatched) > 20:
            typer.echo(f"  ... and {len(res.unmatched) - 20} more", err=True)


MATCH_RECORD = "match.json"  # beside OUT/manifest.csv: what it was made from


def _corpus_manifest(inputs: list[Path], output: Path, model: str, device: str, threshold: float, cache_dir,
                     quiet: bool) -> Path:
    """OUT/manifest.csv for folders (or files) to match: the lock on OUT first, then the manifest of an
    earlier run when the documents (paths, sizes, times) and the matching settings are unchanged, else
    a new matching."""
    from . import export
    from .corpus.match import (
        MatchConfig,
        collect_paths,
        inputs_fingerprint,
        no_documents,
        unmatched_path,
        write_manifest,
    )
    from .corpus.run import lock_folder

    docs = collect_paths(inputs)  # bad paths are reported before anything is written
    if not docs:
        raise AlignError(no_documents())
    lock_folder(output)
    manifest = output / "manifest.csv"
    record = output / MATCH_RECORD
    key = inputs_fingerprint(docs, model=model, threshold=threshold)
    try:
        old = json.loads(record.read_text(encoding="utf-8")).get("fingerprint")
    except (OSError, ValueError, AttributeError):
        old = None
    if old == key and manifest.is_file():
        if not quiet:
            typer.echo(f"align: {len(docs)} documents unchanged since {manifest} was written; reusing it", err=True)
        return manifest
    res, embedder = _match_paths(docs, MatchConfig(threshold=threshold), model, device, cache_dir, quiet)
    del embedder
    if not res.pairs:
        raise AlignError(f"no pairs found among {res.n_src} {res.src_lang} and {res.n_tgt} "
                         f"{res.tgt_lang} documents")
    export.check_outputs([manifest, unmatched_path(manifest), record])
    try:
        record.unlink()  # no record of a manifest being rewritten
    except FileNotFoundError:
        pass
    write_manifest(res, manifest, unmatched_path(manifest))
    with export.atomic_output(record) as fh:
        json.dump({"fingerprint": key, "documents": len(docs), "pairs": len(res.pairs),
                   "model": model, "threshold": threshold}, fh, indent=1)
        fh.write("\n")
    if not quiet:
        typer.echo(f"align: matched {len(res.pairs)} pairs ({len(res.unmatched)} documents unmatched); "
                   f"wrote {manifest}", err=True)
    return manifest


@app.command()
def corpus(
    inputs: list[Path] = typer.Argument(..., help="A manifest from `align match` (CSV/TSV/JSONL with en, ar "
                                                  "columns), or folders / files to match first."),
    output: Path = typer.Option(..., "-o", "--output", help="Output folder (rerun the same command to resume)."),
    fmt: list[Fmt] = typer.Option([Fmt.jsonl], "--format", "-f",
                                  help="Corpus format; repeat for several (OUT/corpus.jsonl, .tsv, .tmx, .xlf, "
                                       "xliff12: .xliff12.xlf; moses: "
                                       "OUT/corpus.en, OUT/corpus.ar and OUT/corpus.ids)."),
    level: LevelOpt = typer.Option(LevelOpt.paragraph, "--level", help="paragraph, sentence or both."),
    units: UnitsOpt = typer.Option(UnitsOpt.paragraphs, "--units", help="See `align pair`."),
    model: str = typer.Option("use-m3", "--model", "-m", help="Embedding model (see `align pair`)."),
    device: str = typer.Option("auto", "--device", help="auto, cpu, cuda, mps."),
    max_bead: Optional[int] = typer.Option(None, "--max-bead", min=2, max=8, help="See `align pair`."),
    arabic_order: OrderOpt = typer.Option(OrderOpt.auto, "--arabic-order", help="See `align pair`."),
    min_score: float = typer.Option(0.0, "--min-score", min=0.0, max=1.0,
                                    help="Drop aligned beads scored below this."),
    drop_unaligned: bool = typer.Option(False, "--drop-unaligned", help="Drop 1-0 / 0-1 beads."),
    dedupe: bool = typer.Option(False, "--dedupe", help="Write each identical text pair once (whole corpus)."),
    force: bool = typer.Option(False, "--force", help="Align pairs even if both sides look like one language."),
    workers: Optional[int] = typer.Option(None, "--workers", "-w", min=1,
                                          help="Local worker processes, one model each (default: min(2, CPUs))."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler",
                                            help="Run on a Dask distributed cluster (scheduler address, e.g. "
                                                 "tcp://host:8786) instead of local workers."),
    cache: Optional[Path] = typer.Option(None, "--cache",
                                         help="Embedding cache folder (default ~/.cache/align/embeddings)."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Do not use the on-disk embedding cache."),
    threshold: float = typer.Option(0.5, "--threshold", min=0.0, max=1.0,
                                    help="When matching folders first: minimum pair score (see `align match`)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar or summary on stderr."),
) -> None:
    """Align every pair of a manifest (or of folders, matched first) into one corpus in OUTPUT, with a
    per-pair coverage table; resumable, in parallel, or on a Dask cluster."""
    from . import export
    from .corpus.run import CorpusSettings, lock_folder, run_corpus

    try:
        flt = export.CorpusFilter(min_score=min_score, drop_unaligned=drop_unaligned, dedupe=dedupe)
        settings = CorpusSettings(model=model, level=level.value, units=units.value,
                                  arabic_order=arabic_order.value, max_bead=max_bead, force=force)
        cache_dir = _cache_dir(cache, no_cache)
        manifest: Path = inputs[0]
        if len(inputs) > 1 or inputs[0].is_dir():
            manifest = _corpus_manifest(inputs, output, model, device, threshold, cache_dir, quiet)
        else:
            from .corpus.match import read_manifest

            read_manifest(manifest)  # a missing or bad manifest is reported before the folder is made
            lock_folder(output)  # a second run into this folder is refused before anything is written
        result = run_corpus(manifest, output, settings=settings, formats=[f.value for f in fmt], flt=flt,
                            workers=workers, scheduler=scheduler, cache_dir=cache_dir, device=device, quiet=quiet)
        if result.ok == 0:
            raise AlignError(f"all {result.total} pairs failed; see {output / 'failures.jsonl'}")
    except AlignError as exc:
        _fail(str(exc), exc.exit_code)
    if not quiet:
        rate = result.aligned / result.seconds if result.seconds > 0 else 0.0
        typer.echo(
            f"align: {result.total} pairs -> {output}: {result.ok} aligned ({result.aligned} this run, "
            f"{result.done_before} already done), {len(result.failed)} failed; {result.beads} beads, "
            f"{result.pairs} translation pairs; {rate:.2f} pairs/s; {result.embedded} texts embedded, "
            f"{result.disk_hits} from the cache; wrote {_rel_names(result.files, output)}",
            err=True,
        )


INTERRUPTED_EXIT = 130  # 128 + SIGINT, as shells report it


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("align: interrupted", err=True)
        sys.exit(INTERRUPTED_EXIT)
    except SystemExit as exc:
        if exc.code == INTERRUPTED_EXIT:  # typer turns Ctrl-C into this exit code, silently
            typer.echo("align: interrupted", err=True)
        raise
    except OSError as exc:  # a file-system error nothing else caught: still one line, not a traceback
        where = f"{exc.filename}: " if exc.filename else ""
        typer.echo(f"align: error: {where}{exc.strerror or exc}", err=True)
        sys.exit(2)


if __name__ == "__main__":
    main()
