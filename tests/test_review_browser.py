"""The review page in a real browser: Debian's headless Chromium driven by Selenium (chromium-driver).
Every edit from the keyboard, undo / redo, the decisions, a comment, the saved state (downloaded and kept
in localStorage), and `align apply` of the downloaded state giving the TMX the test expects. Skips when
Chromium, chromedriver or selenium is missing (.ci/run installs them)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from review_fixture import CORRECTED_ROWS, FIRST_ROWS, expected_alignment, report

from align import export
from align.review import from_report, load_state, render_review

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
if CHROMIUM is None or CHROMEDRIVER is None:
    pytest.skip("chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)",
                allow_module_level=True)
webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402

SHOTS = Path(__file__).resolve().parents[1] / "bench" / "out" / "review-shots"


def start_browser(download_dir: Path):
    """Headless Chromium with downloads going to ``download_dir`` (shared with bench/review.py)."""
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--window-size=1400,1000", "--disable-background-networking", "--disable-component-update"):
        options.add_argument(arg)
    options.add_experimental_option("prefs", {"download.default_directory": str(download_dir),
                                              "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=webdriver.ChromeService(CHROMEDRIVER), options=options)
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(download_dir)})
    return driver


@pytest.fixture(scope="module")
def downloads(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def browser(downloads):
    driver = start_browser(downloads)
    yield driver
    driver.quit()


@pytest.fixture
def page(browser, tmp_path):
    """The fixture's review page, opened with no edits kept from an earlier test."""
    path = tmp_path / "review.html"
    path.write_text(render_review(from_report(report()), "review.state.json", str(tmp_path)), encoding="utf-8")
    browser.get(path.as_uri())
    browser.execute_script("localStorage.clear()")
    browser.refresh()
    assert browser.execute_script("return window.alignReview && window.alignReview.ready")
    return browser


def keys(driver, *seq) -> None:
    chain = ActionChains(driver)
    for k in seq:
        if isinstance(k, tuple):  # modifiers held: (Keys.SHIFT, Keys.UP), (Keys.CONTROL, Keys.SHIFT, "z")
            for mod in k[:-1]:
                chain.key_down(mod)
            chain.send_keys(k[-1])
            for mod in reversed(k[:-1]):
                chain.key_up(mod)
        else:
            chain.send_keys(k)
    chain.perform()


def rows(driver) -> list[tuple[list[int], list[int]]]:
    return [(r["src"], r["tgt"]) for r in driver.execute_script("return window.alignReview.rows()")]


def status(driver) -> str:
    return driver.find_element("id", "status").text


def shot(driver, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(SHOTS / name))


def test_page_shows_both_texts_rtl_and_findings(page):
    cells = page.find_elements("css selector", "div.row>.text.tgt")
    assert len(cells) == len(FIRST_ROWS) and all(c.get_attribute("dir") == "rtl" for c in cells)
    assert page.find_element("css selector", "div.row>.text.tgt").value_of_css_property("direction") == "rtl"
    assert page.find_element("css selector", "div.row>.text.src").value_of_css_property("direction") == "ltr"
    weak = page.find_element("id", "src-3")
    added = page.find_element("id", "tgt-4")
    assert "f-weak" in weak.get_attribute("class") and "f-added" in added.get_attribute("class")
    assert page.find_element("id", "n-open").text == "2"
    assert page.find_element("id", "src-2").text == "They discussed trade & <water>."
    shot(page, "start.png")


def numbers(driver) -> list[str]:
    return [e.text for e in driver.find_elements("css selector", "div.row .no")]


def test_merge_undo_redo(page):
    assert numbers(page) == [f"#{k + 1}" for k in range(len(FIRST_ROWS))]
    keys(page, "m")
    assert rows(page) == [([0, 1, 2], [0, 1]), *FIRST_ROWS[2:]]
    assert len(page.find_elements("css selector", "div.row")) == 4
    assert numbers(page) == ["#1", "#2", "#3", "#4"]  # the rows after the merge moved up a number
    keys(page, (Keys.CONTROL, "z"))
    assert rows(page) == FIRST_ROWS and status(page).startswith("undone: merged rows 1 and 2")
    keys(page, (Keys.CONTROL, "y"))
    assert rows(page) == [([0, 1, 2], [0, 1]), *FIRST_ROWS[2:]]
    keys(page, "u")
    assert rows(page) == FIRST_ROWS
    assert len(page.find_elements("css selector", "div.row")) == len(FIRST_ROWS)
    assert numbers(page) == [f"#{k + 1}" for k in range(len(FIRST_ROWS))]


def test_wrong_pair_and_undo(page):
    keys(page, "j", "x")
    assert page.execute_script("return window.alignReview.rows()[1].wrong") is True
    assert "wrong" in page.find_elements("css selector", "div.row")[1].get_attribute("class")
    keys(page, "u")
    assert page.execute_script("return window.alignReview.rows()[1].wrong") is False


def test_an_edit_that_breaks_nothing_only(page):
    keys(page, "k", (Keys.SHIFT, Keys.UP))  # the first row's first sentence up: a row of its own
    assert rows(page) == [([0], []), ([], [0]), *FIRST_ROWS[1:]]
    keys(page, (Keys.CONTROL, Keys.SHIFT, "z"))  # nothing to redo
    assert status(page) == "nothing to redo"
    keys(page, "u", "s")  # a 1-1 row cannot be split
    assert rows(page) == FIRST_ROWS and status(page).startswith("nothing to split")


def review_edits(driver) -> None:
    """The corrections of the fixture: move the Arabic sentence up, split the row, sign off the findings,
    comment (the same as tests/test_review.py's corrected_state)."""
    keys(driver, "j", "j", "l", (Keys.SHIFT, Keys.UP))  # row 3: select its target sentence, move it up
    assert rows(driver)[1:3] == [([1, 2], [1, 2]), ([3], [])]
    keys(driver, "k", "l", "s")  # row 2: select its second source sentence, split before it
    assert rows(driver) == CORRECTED_ROWS
    keys(driver, "n", "c")  # the weak pair, now an untranslated sentence: confirmed
    keys(driver, "n", "d")  # the added paragraph: dismissed
    assert driver.find_element("id", "n-open").text == "0"
    keys(driver, "k", "e")
    box = driver.find_element("id", "comment-text")
    assert box == driver.switch_to.active_element
    box.send_keys("checked", Keys.ENTER)
    assert driver.execute_script("return window.alignReview.rows()[4].comment") == "checked"


def test_edits_save_and_apply_to_the_expected_tmx(page, downloads, tmp_path):
    review_edits(page)
    assert len(page.find_elements("css selector", "span.u.sel")) == 1
    shot(page, "edited.png")
    for old in downloads.glob("review.state*.json"):
        old.unlink()
    keys(page, (Keys.CONTROL, "s"))
    saved = downloads / "review.state.json"
    for _ in range(100):
        if saved.is_file():
            break
        time.sleep(0.1)
    assert saved.is_file(), status(page)
    data = json.loads(saved.read_text(encoding="utf-8"))
    assert [f["decision"] for f in data["findings"]] == ["confirmed", "dismissed"]
    assert data == {**page.execute_script("return window.alignReview.state()"), "saved": data["saved"]}
    out = tmp_path / "corrected.tmx"
    res = subprocess.run([sys.executable, "-m", "align", "apply", str(saved), "-o", str(out)], capture_output=True,
                         text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    expected = tmp_path / "expected.tmx"
    export.write(expected_alignment(load_state(saved)), expected, "tmx")
    assert out.read_text(encoding="utf-8") == expected.read_text(encoding="utf-8")


def test_edits_are_kept_in_local_storage(page):
    review_edits(page)
    # Chromium hands localStorage writes to its browser process asynchronously; a reload in the same
    # instant may read the store from before them (seen once in CI), so the test reloads as a user would.
    time.sleep(0.5)
    page.refresh()
    assert page.execute_script("return window.alignReview && window.alignReview.ready")
    assert rows(page) == CORRECTED_ROWS
    assert page.find_element("id", "restored").is_displayed()
    assert page.execute_script("return window.alignReview.rows()[4].comment") == "checked"
    page.find_element("id", "forget").click()
    assert rows(page) == FIRST_ROWS
