"""A real browser (Debian's chromium, headless) using the site as a reader would, with no outside host."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kb.load import free_port
from tests.conftest import ROOT

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = pytest.mark.browser


def require_browser() -> None:
    if CHROMIUM.exists():
        return
    if os.environ.get("CI") == "true":
        pytest.fail("Debian's chromium is missing at /usr/bin/chromium; .ci/run installs it")
    pytest.skip("no browser: Debian's chromium is not installed at /usr/bin/chromium (apt-get install chromium)")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    require_browser()
    from kb.build import build_database
    from kb.check import check_records

    records, _ = check_records(ROOT / "records")
    db = tmp_path_factory.mktemp("browser") / "opposition.db"
    build_database(records, db)
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "kb.site", "--db", str(db), "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail("datasette did not start: " + process.stderr.read().decode())
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="module")
def page(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context()
        # Pages must render without any outside host: refuse every request that is not local.
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(server) else route.abort())
        page = context.new_page()
        page.errors = []
        page.on("console", lambda message: page.errors.append(f"{message.text} ({message.location.get('url')})") if message.type == "error" else None)
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        yield page
        browser.close()


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def errors_except_map_tiles(page) -> list[str]:
    """Console errors, leaving out refused map tiles (the map must work without them)."""
    return [error for error in page.errors if "tile.openstreetmap.org" not in error]


@pytest.fixture(autouse=True)
def fresh_errors(page):
    # Leave the last test's page first, so that its late requests (map tiles) cannot report here.
    page.goto("about:blank")
    page.errors.clear()
    yield


@pytest.mark.parametrize(("query", "expected"), [("Туякбай", "Zharmakhan Tuyakbay"), ("Janaozen", "Zhanaozen")])
def test_search_from_the_home_page(server, page, query, expected):
    page.goto(server)
    page.fill("#kb-q", query)
    page.press("#kb-q", "Enter")
    page.wait_for_url("**/-/search?q=*")
    first = page.locator("a.kb-result").first
    assert expected in first.inner_text()
    screenshot(page, f"search-{expected.split()[-1].lower()}")
    first.click()
    assert page.locator("h1.kb-title").inner_text() == expected
    assert page.errors == []


def test_facet_narrows_people_by_fate(server, page):
    page.goto(f"{server}/opposition/person")
    page.locator(".facet-info a", has_text="imprisoned").first.click()
    assert "fates__arraycontains=imprisoned" in page.url
    page.wait_for_load_state()
    names = page.locator("table.rows-and-columns td.col-name").all_inner_texts()
    assert "Vladimir Kozlov" in names and "Galymzhan Zhakiyanov" in names
    screenshot(page, "facet-fate-imprisoned")
    assert page.errors == []


def test_person_page_citation_leads_to_its_source(server, page):
    page.goto(f"{server}/opposition/person/zharmakhan-tuyakbay")
    assert page.locator("h2", has_text="What became of Zharmakhan Tuyakbay").is_visible()
    assert page.locator(".kb-strip-bar").count() >= 2
    born = page.locator(".kb-key-facts div", has=page.locator("dt", has_text="born"))
    born.locator("a.kb-ref").first.click()
    number = page.url.rsplit("#cite-", 1)[1]
    note = page.locator(f"#cite-{number}")
    assert note.is_visible()
    assert note.locator("a.kb-source-link").get_attribute("href") == "https://en.wikipedia.org/wiki/Zharmakhan_Tuyakbay"
    assert page.locator('span[lang="kk-Cyrl"]').first.inner_text() == "Жармахан Тұяқбай"
    screenshot(page, "person-citation")
    assert page.errors == []


def test_timeline_filters_to_a_record(server, page):
    page.goto(f"{server}/-/timeline")
    page.fill("input[name=from]", "2005")
    page.fill("input[name=to]", "2005")
    page.click("form.kb-filter button")
    # Events that begin earlier but run into 2005 are listed under the year they begin.
    assert "2005" in page.locator("h2.kb-year").all_inner_texts()
    page.locator("a.kb-chip", has_text="Zharmakhan Tuyakbay").first.click()
    assert page.locator("h1").inner_text() == "Timeline: Zharmakhan Tuyakbay"
    assert page.locator(".kb-events a", has_text="2005 Kazakh presidential election").count() == 1
    screenshot(page, "timeline")
    assert page.errors == []


def test_map_draws_every_incident_without_tiles(server, page):
    page.goto(f"{server}/-/map")
    listed = page.locator("#kb-map-list tbody tr").count()
    assert listed >= 8
    page.wait_for_selector("#kb-map[data-points]")
    assert page.locator("#kb-map").get_attribute("data-points") == str(listed)
    assert page.locator("#kb-map path.leaflet-interactive").count() == 2 * listed
    page.locator("#kb-map path.leaflet-interactive").last.click(force=True)
    assert "precision:" in page.locator(".leaflet-popup-content").inner_text()
    screenshot(page, "map")
    assert errors_except_map_tiles(page) == []


def test_election_chart_compares_official_and_alternative(server, page):
    page.goto(f"{server}/opposition/election/mazhilis-2004")
    chart = page.locator("figure.kb-comparison svg")
    assert chart.is_visible()
    assert chart.locator("g.kb-figure-official").count() >= 3
    alternative = chart.locator("g.kb-figure-alternative > text").all_text_contents()
    assert alternative == ["36% — final alternative, Ak Zhol Democratic Party"]
    screenshot(page, "election-chart")
    assert page.errors == []
