"""Big inputs through the command line: time and peak memory of ``align pair`` on a 10 MB and a 30 MB
English text against a normal Arabic article, with the default model.

The English text is made of the bench-dev English paragraphs, repeated until it reaches the size; from
the second round on every paragraph gets a distinct opening ("In part 3, ..."), so that no paragraph is
a copy of another and the embedding cache cannot make the run look cheaper than a real big file. The
Arabic side is one bench-dev article (``--pair``, ``ar.txt``).  A third input, ``--single-line`` MB of
that text on one line (one paragraph), checks that a unit far longer than the model can take at once is
embedded in pieces with bounded memory.

Each input runs in a fresh process, ``python -m align pair BIG.txt AR.txt -o out.jsonl`` (stderr
captured, so the progress lines are part of the record); its peak resident memory is the child's
``ru_maxrss`` from ``os.wait4``.  Each result is written to ``--json`` as soon as it is measured, so a
long run can be followed and an interrupted one keeps what it finished.

    python -m bench.big [--sizes 10,30] [--single-line 1] [--pair ntrex_01] [--json bench/out/big.json]
                        [--results bench/RESULTS.md] [--timeout S] [--from-json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCH_DEV = HERE.parent.parent / "shared" / "bench-dev"


def english_text(size_bytes: int, root: Path = BENCH_DEV) -> tuple[str, int]:
    """About ``size_bytes`` of English paragraphs (blank-line separated), none a copy of another."""
    paras = []
    for d in sorted(root.iterdir()):
        if (d / "en.txt").is_file():
            paras += [p.strip() for p in (d / "en.txt").read_text(encoding="utf-8").split("\n\n") if p.strip()]
    out, n, k = [], 0, 0
    while n < size_bytes:
        p = paras[k % len(paras)]
        if k >= len(paras):
            p = f"In part {k // len(paras)}, " + p[0].lower() + p[1:]
        out.append(p)
        n += len(p.encode("utf-8")) + 2
        k += 1
    return "\n\n".join(out) + "\n", k


SUMMARY = re.compile(r"align: (\d+) (\w+) / (\d+) (\w+) (\w+)s -> (\d+) beads .* in ([\d.]+)s")


def run_one(name: str, en: Path, ar: Path, work: Path, timeout: float | None) -> dict:
    out = work / f"{name}.jsonl"
    err_path = work / f"{name}.stderr"
    t0 = time.monotonic()
    with open(err_path, "w", encoding="utf-8") as err:
        proc = subprocess.Popen([sys.executable, "-m", "align", "pair", str(en), str(ar), "-o", str(out)],
                                stdout=subprocess.DEVNULL, stderr=err)
        status = None
        ru = None
        while status is None:
            pid, st, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                status, ru = st, usage
                break
            if timeout and time.monotonic() - t0 > timeout:
                proc.kill()
                _, status, ru = os.wait4(proc.pid, 0)
                break
            time.sleep(0.5)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.monotonic() - t0
    stderr = err_path.read_text(encoding="utf-8", errors="replace")
    m = SUMMARY.search(stderr)
    rec = {
        "input": name, "en_bytes": en.stat().st_size, "ar_bytes": ar.stat().st_size,
        "exit": proc.returncode, "wall_s": round(wall, 1),
        "peak_rss_mb": round(ru.ru_maxrss / 1024) if ru else None,
        "cpu_s": round(ru.ru_utime + ru.ru_stime, 1) if ru else None,
        "progress_lines": sum(1 for line in stderr.splitlines() if line.startswith("align: ") and " total " in line),
        "stderr_tail": stderr.strip().splitlines()[-3:],
    }
    if m:
        rec.update(src_units=int(m.group(1)), tgt_units=int(m.group(3)), beads=int(m.group(6)),
                   align_total_s=float(m.group(7)))
    try:
        out.unlink()
    except FileNotFoundError:
        pass
    return rec


def table(records: list[dict]) -> list[str]:
    rows = ["| input | EN size | EN paragraphs | AR paragraphs | exit | wall s | align s | CPU s | peak RSS MB | progress lines |",
            "|---|---|---|---|---|---|---|---|---|---|"]
    for r in records:
        rows.append(f"| {r['input']} | {r['en_bytes'] / 1e6:.1f} MB | {r.get('src_units', '-')} | "
                    f"{r.get('tgt_units', '-')} | {r['exit']} | {r['wall_s']} | {r.get('align_total_s', '-')} | "
                    f"{r['cpu_s']} | {r['peak_rss_mb']} | {r['progress_lines']} |")
    return rows


def section(records: list[dict], args) -> list[str]:
    cmd = f"python -m bench.big --sizes {args.sizes} --single-line {args.single_line} --pair {args.pair}"
    return [f"## Big inputs (`{cmd}`)", "",
            f"`align pair BIG.txt {args.pair}/ar.txt -o out.jsonl` in a fresh process per input, default model, "
            f"{platform.machine()}, {os.cpu_count()} CPUs (shared with other work: the times are upper bounds). "
            "English: bench-dev paragraphs, each made distinct; 'one line': that text on a single line. "
            "'align s' is the command's own figure (embedding and alignment); 'wall s' adds reading, model "
            "load and writing. Peak RSS is the process's high-water mark.", "", *table(records)]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="10,30", help="English sizes in MB, comma-separated")
    ap.add_argument("--single-line", type=float, default=1.0, help="MB of text on one line (0: none)")
    ap.add_argument("--pair", default="ntrex_01", help="bench-dev pair whose ar.txt is the other side")
    ap.add_argument("--json", type=Path, default=HERE / "out" / "big.json", help="the record (bench/out/ is not tracked)")
    ap.add_argument("--results", type=Path, default=None, help="update this RESULTS.md section")
    ap.add_argument("--timeout", type=float, default=None, help="seconds per input before it is stopped")
    ap.add_argument("--from-json", action="store_true",
                    help="measure nothing: print (and with --results publish) the records in --json")
    args = ap.parse_args(argv)
    if args.from_json:
        records = json.loads(args.json.read_text(encoding="utf-8"))["records"]
        print("\n".join(section(records, args)))
        if args.results:
            from bench.results import update

            update(section(records, args), args.results)
        return 0
    ar = BENCH_DEV / args.pair / "ar.txt"
    args.json.parent.mkdir(parents=True, exist_ok=True)
    records = []
    with tempfile.TemporaryDirectory(prefix="align-big-") as tmp:
        work = Path(tmp)
        inputs = []
        if args.single_line:
            text, _ = english_text(int(args.single_line * 1e6))
            p = work / f"line{args.single_line:g}.txt"
            p.write_text(" ".join(text.split()) + "\n", encoding="utf-8")
            inputs.append((f"{args.single_line:g} MB, one line", p))
        for mb in [float(x) for x in args.sizes.split(",") if x.strip()]:
            text, _ = english_text(int(mb * 1e6))
            p = work / f"en{mb:g}.txt"
            p.write_text(text, encoding="utf-8")
            inputs.append((f"{mb:g} MB", p))
        for name, path in inputs:
            print(f"bench.big: {name} ...", file=sys.stderr, flush=True)
            rec = run_one(name.replace(" ", "_").replace(",", ""), path, ar, work, args.timeout)
            rec["input"] = name
            records.append(rec)
            args.json.write_text(json.dumps({"machine": platform.platform(), "records": records}, indent=1) + "\n",
                                 encoding="utf-8")
            print(json.dumps(rec), file=sys.stderr, flush=True)
    print("\n".join(section(records, args)))
    if args.results:
        from bench.results import update

        update(section(records, args), args.results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
