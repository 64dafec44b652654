"""A real browser (Debian's chromium, headless) using the site as a reader would, with no outside host."""

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kb.tools.load import free_port
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
    from kb.db.build import build_database
    from kb.records.check import check_records

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
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def local_page(browser, server, **context_options):
    """A page in a new context that refuses every request that is not local: pages must render
    without any outside host."""
    context = browser.new_context(**context_options)
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(server) else route.abort())
    return context.new_page()


@pytest.fixture(scope="module")
def page(browser, server):
    page = local_page(browser, server)
    page.errors = []
    page.on("console", lambda message: page.errors.append(f"{message.text} ({message.location.get('url')})") if message.type == "error" else None)
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    return page


@pytest.fixture(scope="module")
def phone(browser, server):
    """The same at a phone's width (390 px)."""
    return local_page(browser, server, viewport={"width": 390, "height": 844})


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
    assert "_has_fates=imprisoned" in page.url
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


READER_PAGES = {
    "home": "/", "people": "/-/people", "parties": "/-/parties", "votes": "/-/votes", "incidents": "/-/incidents",
    "claims": "/-/claims", "sources": "/-/sources", "person": "/opposition/person/galymzhan-zhakiyanov",
    "party": "/opposition/organization/ak-zhol", "election": "/opposition/election/mazhilis-2004",
    "presidential": "/opposition/election/president-2019", "referendum": "/opposition/election/referendum-2022-06",
    "incident": "/opposition/incident/zhanaozen-2011", "claim": "/opposition/claim/ageleuov-2004-opposition-outpolled-otan",
    "source": "/opposition/source/src-cabar-ageleuov-comment", "question": "/opposition/what_became_of_leaders",
    "timeline": "/-/timeline", "map": "/-/map", "search": "/-/search?q=Ablyasov", "not-found": "/no-such-page",
}


@pytest.mark.parametrize("name", sorted(READER_PAGES))
def test_no_page_scrolls_sideways_on_a_phone(server, phone, page, name):
    phone.goto(server + READER_PAGES[name])
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{READER_PAGES[name]} is {width} px wide at 390 px"
    ARTIFACTS.mkdir(exist_ok=True)
    phone.screenshot(path=str(ARTIFACTS / f"phone-{name}.png"), full_page=True)
    page.goto(server + READER_PAGES[name])
    screenshot(page, f"desktop-{name}")


@pytest.mark.parametrize("slug", ["people", "parties", "votes", "incidents", "claims", "sources"])
def test_list_pages_give_each_record_a_compact_card(server, page, slug):
    page.goto(f"{server}/-/{slug}")
    cards = page.locator("li.kb-card").count()
    assert cards > 0
    height = page.evaluate("document.querySelector('ol.kb-cards').getBoundingClientRect().height")
    assert height / cards <= 160, f"{height / cards:.0f} px per record"
    assert page.locator(".kb-facet summary").count() >= 1
    assert page.errors == []


def test_a_facet_on_a_list_page_narrows_it(server, page):
    page.goto(f"{server}/-/people")
    page.locator(".kb-facet a", has_text="Imprisoned").first.click()
    page.wait_for_url("**/-/people?fate=imprisoned")
    names = page.locator("a.kb-card-title").all_inner_texts()
    assert "Vladimir Kozlov" in names and "Galymzhan Zhakiyanov" in names
    assert all(card.locator(".kb-fate-imprisoned").count() == 1 for card in page.locator("li.kb-card").all())
    screenshot(page, "list-people-imprisoned")


def test_every_home_page_question_returns_rows(server, page):
    page.goto(server)
    links = page.locator(".kb-start section", has_text="Questions answered").locator("a")
    questions = [(link.inner_text(), link.get_attribute("href")) for link in links.all()]
    assert len(questions) >= 10
    for title, href in questions:
        page.goto(server + href)
        assert page.title() == f"{title} — Kazakh opposition history"
        assert page.locator("table.kb-answer tbody tr").count() > 0, href
        assert page.locator("form.kb-question-form input[type=text]").count() == 0, f"{href} asks for a typed id"
        assert not page.locator("pre.kb-sql").is_visible()


def visible_text(page) -> str:
    """What a reader sees as text: without the top bar, folded details and the editors' line."""
    return page.evaluate("""() => {
        const copy = document.body.cloneNode(true);
        copy.querySelectorAll('header, details, script, .kb-edit, .kb-source-kind, form').forEach(e => e.remove());
        return copy.innerText;
    }""")


@pytest.mark.parametrize("path", [READER_PAGES[name] for name in ("person", "party", "election", "incident", "claim", "source", "question")]
                         + ["/opposition/contested_figures", "/opposition/imprisoned", "/opposition/person/mukhtar-ablyazov"])
def test_no_raw_id_in_visible_text(server, page, path):
    ids = page.request.get(f"{server}/opposition.json", params={
        "sql": "select id from entity where id like '%-%-%'", "_shape": "arrayfirst", "_size": "max"}).json()
    assert len(ids) > 100
    page.goto(server + path)
    text = visible_text(page)
    shown = sorted(record_id for record_id in ids if re.search(rf"(?<![\w/.-]){re.escape(record_id)}(?![\w-])", text))
    assert shown == [], f"{path} shows raw ids"


@pytest.mark.parametrize(("query", "expected"), [("Ablyasov", "Mukhtar Ablyazov"), ("Акжол", "Ak Zhol Democratic Party"),
                                                 ("Zhanozen", "Zhanaozen")])
def test_search_forgives_typos(server, page, query, expected):
    page.goto(server)
    page.fill("#kb-q", query)
    page.press("#kb-q", "Enter")
    page.wait_for_url("**/-/search?q=*")
    assert expected in page.locator("a.kb-result").first.inner_text()
    screenshot(page, f"typo-{expected.split()[0].lower()}")


def test_record_page_carries_json_ld_and_a_citation(server, page):
    import json

    page.goto(f"{server}/opposition/organization/ak-zhol")
    data = json.loads(page.locator('script[type="application/ld+json"]').text_content())
    assert (data["@type"], data["name"], data["url"]) == ("PoliticalParty", "Ak Zhol Democratic Party", f"{server}/opposition/organization/ak-zhol")
    assert page.locator(".kb-citation").inner_text().startswith("“Ak Zhol Democratic Party.” Kazakh opposition history (knowledge base).")
    assert page.locator("a[download='ak-zhol.bib']").count() == 1
    assert page.locator('link[rel="alternate"][type="application/atom+xml"]').get_attribute("href") == "/-/changes.atom"
    page.locator("section.kb-over-time").scroll_into_view_if_needed()
    assert page.locator("section.kb-over-time svg g.kb-column").count() >= 6
    screenshot(page, "party-results-over-time")
    assert page.errors == []


def test_votes_page_draws_votes_over_time(server, page):
    page.goto(f"{server}/-/votes")
    assert page.locator("section.kb-over-time h3").all_inner_texts() == ["Presidential", "Parliamentary", "Referendum"]
    assert page.locator("section.kb-over-time svg").count() >= 5
    screenshot(page, "votes-over-time")
