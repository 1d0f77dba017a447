"""The coverage report in the terminal (rich): a summary table and the findings, coloured by kind."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from .findings import Report

STYLE = {"untranslated": "bold red", "partial": "yellow", "added": "cyan", "weak": "magenta",
         "furniture": "dim"}


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def print_report(report: Report, console: Console | None = None, max_text: int = 90) -> None:
    con = console or Console(stderr=False)
    cov = report.coverage
    summary = Table(title=f"coverage of {report.src.path or 'source'} ({report.src.lang}) by "
                          f"{report.tgt.path or 'target'} ({report.tgt.lang})")
    for col in ("", "paragraphs", "sentences", "words", "furniture"):
        summary.add_column(col, justify="left" if not col else "right")
    for side, label in (("source", "source covered"), ("target", "target matched")):
        c = cov[side]
        summary.add_row(label, f"{_pct(c['paragraphs'])} of {c['n_paragraphs']}",
                        f"{_pct(c['sentences'])} of {c['n_sentences']}", f"{_pct(c['words'])} of {c['n_words']}",
                        str(c["n_furniture"]))
    con.print(summary)
    if not report.findings:
        con.print("[green]no findings: every content paragraph and sentence has a counterpart[/green]")
        return
    table = Table(title="findings", show_lines=False)
    for col in ("kind", "side", "lines", "conf.", "text"):
        table.add_column(col, overflow="fold" if col == "text" else "ellipsis")
    for f in report.findings:
        text = f.text if len(f.text) <= max_text else f.text[: max_text - 1] + "…"
        table.add_row(f"[{STYLE[f.kind]}]{f.kind}[/]", f.side, f"{f.lines[0]}-{f.lines[1]}",
                      f"{f.confidence:.2f}", text)
    con.print(table)
