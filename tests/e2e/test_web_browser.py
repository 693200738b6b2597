"""The search page in a real browser: Debian's headless Chromium, driven by Selenium.

The browser is the system's own (`apt-get install chromium chromium-driver`,
which `.ci/run` does when it is missing); Selenium is pointed at it and at its
driver, so nothing is downloaded at run time. JavaScript is switched off in
the browser: the pages must work without it. Screenshots are saved in each
test's temporary folder (`results.png`, `filtered.png`, `article.png`,
`phone.png`). The same walk over IndoSum and the seeds needs the evaluation
data (marked eval_data).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from web_server import running_server

from searchlib import ArticleIndex

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver") or (
    "/usr/bin/chromedriver" if Path("/usr/bin/chromedriver").is_file() else None
)
INDOSUM = Path(__file__).resolve().parents[3] / "shared" / "eval" / "indosum" / "articles.jsonl"
# Seconds to wait for a page: a loaded machine may take a while to search.
PAGE_TIMEOUT = 60
# Window sizes: a laptop, and a phone held upright (CSS pixels).
DESKTOP = (1280, 1600)
PHONE = (390, 844)

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
if CHROMIUM is None or CHROMEDRIVER is None:
    pytest.skip(
        "no headless Chromium here (apt-get install chromium chromium-driver); "
        "the browser test is skipped",
        allow_module_level=True,
    )

from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.remote.webdriver import WebDriver  # noqa: E402
from selenium.webdriver.remote.webelement import WebElement  # noqa: E402
from selenium.webdriver.support import expected_conditions  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


@pytest.fixture()
def browser(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[WebDriver]:
    """Headless Chromium with a fresh profile, no network services and no JavaScript."""
    monkeypatch.setenv("SE_OFFLINE", "true")  # Selenium never looks for a driver online
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync",
                 "--disable-dev-shm-usage", f"--user-data-dir={tmp_path / 'chromium-profile'}",
                 f"--window-size={DESKTOP[0]},{DESKTOP[1]}"):
        options.add_argument(flag)
    options.add_experimental_option(
        "prefs", {"profile.managed_default_content_settings.javascript": 2}
    )
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    driver.set_page_load_timeout(PAGE_TIMEOUT)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def indosum_index_path(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Path:
    """The seeds and the 3,463 IndoSum articles in one index (built once for this module)."""
    path = tmp_path_factory.mktemp("indosum-index")
    with ArticleIndex.create(path, overwrite=True) as idx:
        report = idx.add([seeds_dir, INDOSUM])
    assert report.added >= 3_400, report.summary()
    return path


def wait_for(driver: WebDriver, selector: str) -> list[WebElement]:
    WebDriverWait(driver, PAGE_TIMEOUT).until(
        expected_conditions.presence_of_element_located((By.CSS_SELECTOR, selector))
    )
    return driver.find_elements(By.CSS_SELECTOR, selector)


def click_and_wait(driver: WebDriver, element: WebElement) -> None:
    """Follow a link the way a person does, and wait for the next page."""
    element.click()
    WebDriverWait(driver, PAGE_TIMEOUT).until(expected_conditions.staleness_of(element))


def outlet_link(driver: WebDriver, name: str) -> WebElement:
    """The outlet facet's link for `name`, unfolding "more outlets" first when it is there."""
    for link in driver.find_elements(By.CSS_SELECTOR, "ul.outlet-facet a"):
        if link.find_element(By.CSS_SELECTOR, ".facet-value").get_attribute("textContent") == name:
            if not link.is_displayed():
                driver.find_element(By.CSS_SELECTOR, ".facet details.more summary").click()
            assert link.is_displayed()
            return link
    raise AssertionError(f"no outlet facet link {name!r}")


def hit_outlets(driver: WebDriver) -> list[str]:
    return [el.text for el in driver.find_elements(By.CSS_SELECTOR, "li.hit .outlet")]


def console_errors(driver: WebDriver) -> list[dict[str, Any]]:
    """Console messages of level SEVERE: CSP violations and failed loads show up here."""
    return [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def check_search_flow(driver: WebDriver, url: str, shots: Path) -> None:
    driver.get(url)
    box = wait_for(driver, "input#q")[0]
    assert driver.switch_to.active_element == box  # the home page's box has focus
    box.send_keys("pertemuan Jenewa")
    box.send_keys(Keys.ENTER)
    hits = wait_for(driver, "li.hit")
    assert parse_qs(urlsplit(driver.current_url).query) == {"q": ["pertemuan Jenewa"]}

    # The Beritabaru.co article first; a <mark> holds "bertemu" (a form the query did not type).
    assert hits[0].find_element(By.CSS_SELECTOR, ".outlet").text == "Beritabaru.co"
    marks = [mark.text.casefold() for mark in driver.find_elements(By.CSS_SELECTOR, "li.hit mark")]
    assert "bertemu" in marks
    # The stylesheet is applied under the Content-Security-Policy, with nothing blocked.
    mark = driver.find_element(By.CSS_SELECTOR, "li.hit mark")
    assert mark.value_of_css_property("background-color") == "rgba(255, 224, 102, 1)"
    assert console_errors(driver) == []
    summary = driver.find_element(By.CSS_SELECTOR, ".summary").text
    assert "articles" in summary and " s" in summary
    driver.save_screenshot(str(shots / "results.png"))

    # The outlet facet filters, and a second click removes the filter again.
    total = int(driver.find_element(By.CSS_SELECTOR, ".summary strong").text.replace(",", ""))
    republika = outlet_link(driver, "Republika")
    count = int(republika.find_element(By.XPATH, "../span[@class='count']").text)
    click_and_wait(driver, republika)
    wait_for(driver, "li.hit")
    assert parse_qs(urlsplit(driver.current_url).query)["outlet"] == ["Republika"]
    assert hit_outlets(driver) == ["Republika"] * count
    chosen = outlet_link(driver, "Republika")
    assert chosen.get_attribute("aria-current") == "true"
    assert "Outlet: Republika" in driver.find_element(By.CSS_SELECTOR, ".active-filters").text
    driver.save_screenshot(str(shots / "filtered.png"))
    click_and_wait(driver, chosen)
    wait_for(driver, "li.hit")
    assert "outlet" not in parse_qs(urlsplit(driver.current_url).query)
    assert driver.find_element(By.CSS_SELECTOR, ".summary strong").text.replace(",", "") == str(
        total
    )

    # The article page, from the filtered list: the query's words marked, similar articles.
    click_and_wait(driver, outlet_link(driver, "Republika"))
    title = wait_for(driver, "li.hit h2 a")[0]
    click_and_wait(driver, title)
    heading = wait_for(driver, "article h1")[0]
    assert heading.text == "Menlu Rusia dan AS Bertemu Bahas Ukraina"
    assert heading.find_element(By.TAG_NAME, "mark").text == "Bertemu"
    body_marks = {m.text.casefold() for m in driver.find_elements(By.CSS_SELECTOR, "article mark")}
    assert {"bertemu", "pertemuan"} <= body_marks
    assert driver.find_elements(By.CSS_SELECTOR, "section.similar li a")
    assert console_errors(driver) == []
    driver.save_screenshot(str(shots / "article.png"))

    # Keyboard first: Tab from the top reaches the skip link.
    driver.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    assert driver.switch_to.active_element.text == "Skip to content"

    # At phone width the results fit the screen: nothing scrolls sideways.
    driver.set_window_size(*PHONE)
    driver.get(url + "?q=pertemuan+Jenewa")
    wait_for(driver, "li.hit")
    widths = driver.execute_script(
        "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], widths
    driver.save_screenshot(str(shots / "phone.png"))


def test_a_person_searches_filters_and_reads_in_a_browser(
    browser: WebDriver, seed_index_path: Path, tmp_path: Path
) -> None:
    with running_server(seed_index_path) as server:
        check_search_flow(browser, server.url, tmp_path)
    assert all((tmp_path / name).stat().st_size > 10_000
               for name in ("results.png", "filtered.png", "article.png", "phone.png"))


@pytest.mark.eval_data
def test_the_same_over_indosum_and_the_seeds(
    browser: WebDriver, indosum_index_path: Path, tmp_path: Path
) -> None:
    with running_server(indosum_index_path) as server:
        check_search_flow(browser, server.url, tmp_path)
    assert (tmp_path / "results.png").stat().st_size > 10_000
