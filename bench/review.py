"""Review page benchmark: a 2,000-row review page in headless Chromium (Selenium + chromium-driver).

Measures the page's size, the time from navigation to the page ready for keys (all rows drawn), a
scroll through every row frame by frame (mean and worst frame), and the latency of an edit (merge then
undo) in the middle of the page. The document pair is generated (no model): 2,000 paragraphs a side of
one to three sentences, every tenth paragraph untranslated or added, so the page holds findings.

    python -m bench.review [--rows 2000] [--no-write]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from align.data import Alignment, Bead, Document, Segment
from align.report import ReportConfig, build_report
from align.review import from_report, render_review
from bench import results

WORDS = ("the minister said that talks on trade and water would continue next month in the capital "
         "according to officials who asked not to be named").split()
AR_WORDS = "قال الوزير إن المحادثات حول التجارة والمياه ستستمر الشهر المقبل في العاصمة بحسب مسؤولين".split()


def _sentence(words: list[str], k: int, n: int) -> str:
    return " ".join(words[(k * 7 + j) % len(words)] for j in range(n)).capitalize() + "."


def _document(n: int, words: list[str], lang: str, skip: int) -> Document:
    pars, sents, line = [], [], 1
    for p in range(n):
        k = 1 + (p * 5 + skip) % 3
        texts = [_sentence(words, p + s, 9 + (p + s) % 12) for s in range(k)]
        pars.append(Segment(p, " ".join(texts), (line, line + k - 1)))
        sents += [Segment(len(sents), t, (line + s, line + s), "content", p) for s, t in enumerate(texts)]
        line += k + 1
    return Document(tuple(pars), lang, "paragraph", f"{lang}.txt", tuple(sents))


def synthetic_page(rows: int) -> str:
    """A review page of about ``rows`` rows: 1-1 paragraph pairs, with an untranslated source paragraph
    and an added target paragraph in every ten."""
    src, tgt = _document(rows, WORDS, "en", 0), _document(rows, AR_WORDS, "ar", 1)
    beads, i, j = [], 0, 0
    while i < len(src) or j < len(tgt):
        if i < len(src) and i % 10 == 3:
            beads.append(Bead((i,), (), 0.9))
            i += 1
        elif j < len(tgt) and j % 10 == 7:
            beads.append(Bead((), (j,), 0.85))
            j += 1
        elif i < len(src) and j < len(tgt):
            beads.append(Bead((i,), (j,), 0.6 + 0.4 * ((i * 37) % 100) / 100))
            i, j = i + 1, j + 1
        else:
            beads.append(Bead((i,), ()) if i < len(src) else Bead((), (j,), 0.9))
            i, j = i + (i < len(src)), j + (i >= len(src))
    par = Alignment(src, tgt, tuple(beads), model="generated")
    sent_beads = []
    for b in beads:
        ss = tuple(s.index for s in src.sentences if s.parent in b.src)
        ts = tuple(s.index for s in tgt.sentences if s.parent in b.tgt)
        sent_beads.append(Bead(ss, ts, b.score))
    sent = Alignment(src.sentence_level(), tgt.sentence_level(), tuple(sent_beads), model="generated")
    return render_review(from_report(build_report(par, sent, ReportConfig())))


SCROLL = """
const done = arguments[arguments.length - 1];
const frames = []; let last = performance.now(); const t0 = last;
window.scrollTo(0, 0);
function step() {
  const now = performance.now(); frames.push(now - last); last = now;
  if (window.scrollY + window.innerHeight >= document.body.scrollHeight - 2) { done([frames, now - t0]); return; }
  window.scrollBy(0, 600);
  requestAnimationFrame(step);
}
requestAnimationFrame(step);
"""

EDIT = """
const k = Math.floor(window.alignReview.rows().length / 2);
for (let n = 0; n < k; n++) document.dispatchEvent(new KeyboardEvent("keydown", {key: "j"}));
const t0 = performance.now();
document.dispatchEvent(new KeyboardEvent("keydown", {key: "m"}));
const t1 = performance.now();
document.dispatchEvent(new KeyboardEvent("keydown", {key: "u"}));
return [t1 - t0, performance.now() - t1];
"""


def measure(page_html: str, repeats: int = 3) -> dict:
    from selenium import webdriver

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver")
    if not chromium or not driver_path:
        raise SystemExit("bench.review needs chromium and chromium-driver (apt-get install chromium chromium-driver)")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1000"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=webdriver.ChromeService(driver_path), options=options)
    driver.set_script_timeout(300)
    out: dict = {"ready_ms": [], "wall_ms": []}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "review.html"
        path.write_text(page_html, encoding="utf-8")
        try:
            for _ in range(repeats):
                t0 = time.perf_counter()
                driver.get(path.as_uri())
                ready = driver.execute_script("return window.alignReview.readyMs")
                out["wall_ms"].append(1000 * (time.perf_counter() - t0))
                out["ready_ms"].append(ready)
                driver.execute_script("localStorage.clear()")
            out["rows"] = driver.execute_script("return window.alignReview.rows().length")
            out["elements"] = driver.execute_script("return document.getElementsByTagName('*').length")
            frames, total = driver.execute_async_script(SCROLL)
            out["frames"], out["scroll_ms"] = frames[1:], total
            out["merge_ms"], out["undo_ms"] = driver.execute_script(EDIT)
        finally:
            driver.quit()
    return out


def section(rows: int, m: dict, size: int) -> list[str]:
    frames = m["frames"]
    return [
        "## Review page (`python -m bench.review`)",
        "",
        f"A generated review page of {m['rows']:,} rows ({rows:,} paragraphs a side, 1-3 sentences each, an",
        "untranslated and an added paragraph in every ten), headless Debian Chromium through Selenium, this",
        f"2-core machine; {size / 1e6:.1f} MB of HTML, {m['elements']:,} elements once drawn.",
        "",
        "| measure | value |",
        "|---|---|",
        f"| page ready for keys (navigation start to every row in the page), median of {len(m['ready_ms'])} | "
        f"{statistics.median(m['ready_ms']):.0f} ms |",
        f"| `driver.get` to ready, as the test sees it, median | {statistics.median(m['wall_ms']):.0f} ms |",
        f"| scroll through every row, 600 px a frame: frames, mean / worst frame | {len(frames)}, "
        f"{statistics.mean(frames):.1f} / {max(frames):.1f} ms |",
        f"| merge in the middle of the page / its undo | {m['merge_ms']:.1f} / {m['undo_ms']:.1f} ms |",
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=2000, help="paragraphs a side")
    results.add_arguments(ap)
    args = ap.parse_args()
    page = synthetic_page(args.rows)
    m = measure(page)
    results.publish(section(args.rows, m, len(page.encode("utf-8"))), args)


if __name__ == "__main__":
    main()
