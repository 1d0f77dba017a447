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


class UnitsOpt(str, Enum):
    paragraphs = "paragraphs"
    lines = "lines"


class LevelOpt(str, Enum):
    paragraph = "paragraph"
    sentence = "sentence"
    both = "both"


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
    fmt: Fmt = typer.Option(Fmt.jsonl, "--format", "-f", help="Output format."),
    model: str = typer.Option("use-m3", "--model", "-m",
                              help="Embedded model (use-m3, e5-small), a hub name or a local "
                                   "sentence-transformers directory."),
    level: LevelOpt = typer.Option(LevelOpt.paragraph, "--level",
                                   help="paragraph; sentence (inside paragraph beads); both (paragraph rows "
                                        "then sentence rows, each with a 'level' key)."),
    units: UnitsOpt = typer.Option(UnitsOpt.paragraphs, "--units",
                                   help="paragraphs: blocks separated by blank lines; lines: one unit per "
                                        "non-blank line (pre-segmented input)."),
    device: str = typer.Option("auto", "--device", help="auto, cpu, cuda, cuda:1, mps (hub models)."),
    max_bead: Optional[int] = typer.Option(None, "--max-bead", min=2, max=8,
                                           help="Largest bead: n + m <= this (default 4 for paragraphs: "
                                                "1-3, 2-2, 3-1; 5 for sentences and lines: up to 1-4, 4-1)."),
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
    from .aligner import AlignConfig
    from .pipeline import Aligner, order_pair, read_document

    try:
        flt = export.CorpusFilter(min_score=min_score, drop_unaligned=drop_unaligned, dedupe=dedupe)
        a = read_document(src, units.value, arabic_order=arabic_order.value)
        b = read_document(tgt, units.value, arabic_order=arabic_order.value)
        s, t = order_pair(a, b, allow_same=force)
        config = AlignConfig(max_bead=max_bead) if max_bead else AlignConfig()
        aligner = Aligner(model, device=device, config=config,
                          sentence_config=config.with_(max_bead=max_bead or 5),
                          progress=False if quiet else None)
        if level == LevelOpt.both:
            par, al = aligner.align_both(s, t)
            export.write_many([par, al], output, fmt.value, flt)
        else:
            al = aligner.align(s, t, level.value)
            export.write(al, output, fmt.value, flt)
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
    html_out: Optional[Path] = typer.Option(None, "--html", help="Write a self-contained HTML report."),
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

    Unlike `pair`, the order matters: SRC is the original, TGT the translation."""
    from .export import atomic_output
    from .pipeline import Aligner, coverage as run_coverage, order_pair, read_document
    from .report import ReportConfig

    try:
        s = read_document(src, arabic_order=arabic_order.value)
        t = read_document(tgt, arabic_order=arabic_order.value)
        order_pair(s, t, allow_same=force)  # same-language check only: the order stays the user's
        aligner = Aligner(model, device=device, progress=False if quiet else None)
        report = run_coverage(aligner, s, t, ReportConfig(min_confidence=min_confidence))
        if json_out:
            with atomic_output(json_out) as fh:
                json.dump(report.as_dict(), fh, ensure_ascii=False, indent=1)
                fh.write("\n")
        if html_out:
            from .html import render_html

            with atomic_output(html_out) as fh:
                fh.write(render_html(report))
    except AlignError as exc:
        _fail(str(exc), exc.exit_code)
    if not quiet:
        from .terminal import print_report

        print_report(report)
    cov = report.coverage["source"]["sentences"]
    if fail_under is not None and cov < fail_under:
        typer.echo(f"align: source coverage {cov:.1%} is below --fail-under {fail_under:.1%}", err=True)
        raise typer.Exit(FAIL_UNDER_EXIT)


@app.command("eval")
def eval_(
    pred: Path = typer.Argument(..., help="Predicted alignment (JSONL from `align pair`)."),
    gold: Path = typer.Argument(..., help="Gold beads (JSON list [[[src], [tgt]], ...])."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
) -> None:
    """Score PRED against GOLD: strict and lax P/R/F1 (Vecalign's definitions) and unaligned-unit P/R."""
    from .evaluate import load_beads, score

    try:
        sc = score([load_beads(gold)], [load_beads(pred)])
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


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("align: interrupted", err=True)
        sys.exit(130)


if __name__ == "__main__":
    main()
