"""The review page in a real browser: Debian's chromium, headless, driven by selenium.

Needs `apt-get install -y chromium chromium-driver` and `pip install selenium`; skipped otherwise.
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pipeline.review.report import write_report
from tests.test_review import write_sample_run

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1400,900",
)

webdriver = pytest.importorskip(
    "selenium.webdriver", reason="selenium is not installed (pip install selenium)"
)
pytestmark = pytest.mark.skipif(
    not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()),
    reason="chromium/chromedriver missing (apt-get install -y chromium chromium-driver)",
)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    from selenium.webdriver.chrome.service import Service

    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    run = write_sample_run(tmp_path_factory.mktemp("browser") / "run")
    write_report(run, run / "report.html")
    return run / "report.html"


def severe(driver: Any) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def png_colours(png: bytes) -> int:
    """How many distinct colours the PNG holds (Pillow comes with pdfplumber)."""
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        return len(image.convert("RGB").getcolors(maxcolors=1 << 24) or [])


def test_page_loads_without_console_errors(browser: Any, page: Path) -> None:
    browser.get(page.as_uri())
    assert "Corpus: 2 documents" in browser.find_element("css selector", "main h2").text
    assert severe(browser) == []


def test_markup_in_a_bulletin_is_shown_not_run(browser: Any, page: Path) -> None:
    browser.get(page.as_uri() + "#doc=hostile")
    text = browser.find_element("id", "text")
    assert "<script>window.__xss=1</script>" in text.text and "onerror=" in text.text
    assert browser.execute_script("return window.__xss === undefined")
    assert browser.find_elements("css selector", "#text img, #text script") == []
    assert browser.find_element("css selector", "main h2").text == "<b>标题</b>"
    assert severe(browser) == []


def test_clicking_a_highlight_shows_its_row_and_a_row_scrolls_to_it(browser: Any, page: Path) -> None:
    browser.get(page.as_uri() + "#doc=hostile")
    browser.find_element("css selector", "#text .f-money").click()
    detail = browser.find_element("id", "detail").text
    assert "29000000" in detail and "money" in detail and "F1" in detail
    assert browser.find_element("css selector", "tr.sel").text.startswith("F1")
    rows = browser.find_elements("css selector", ".tablebox tbody tr")
    next(r for r in rows if r.text.startswith("C2")).click()
    marked = browser.find_elements("css selector", "#text .active")
    assert "".join(m.text for m in marked) == "香港科技大学（广州）位居全国第三"
    assert "位居全国第三" in browser.find_element("id", "detail").text
    assert severe(browser) == []


def test_tables_sort_and_filter(browser: Any, page: Path) -> None:
    browser.get(page.as_uri() + "#doc=hostile")
    box = browser.find_elements("css selector", ".tablebox-wrap")[0]
    box.find_elements("css selector", "th")[2].click()  # value: numeric sort
    box.find_elements("css selector", "th")[2].click()  # descending
    firsts = [r.text.split()[0] for r in box.find_elements("css selector", "tbody tr")]
    assert firsts == ["F1", "F2", "F3"]
    box.find_element("css selector", "input").send_keys("percent")
    visible = [r for r in box.find_elements("css selector", "tbody tr") if r.is_displayed()]
    assert [r.text.split()[0] for r in visible] == ["F2"]


def test_screenshot_is_not_blank(browser: Any, page: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    browser.get(page.as_uri() + "#doc=hostile")
    browser.find_element("css selector", "#text .hm").click()
    png = browser.get_screenshot_as_png()
    (tmp_path_factory.getbasetemp() / "report.png").write_bytes(png)
    assert png_colours(png) > 1
