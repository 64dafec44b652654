"""A real browser (Debian's chromium, headless) reading a person's page and following a citation."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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
        page.on("console", lambda message: page.errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        yield page
        browser.close()


def test_person_page_citation_leads_to_its_source(server, page):
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(f"{server}/opposition/person/zharmakhan-tuyakbay")
    assert page.locator("h2", has_text="Facts and sources").is_visible()
    born_row = page.locator("tr", has=page.locator("code", has_text="born"))
    born_row.locator("a.kb-ref").first.click()
    assert page.url.endswith("#cite-1")
    note = page.locator("#cite-1")
    assert note.is_visible()
    assert note.locator("a.kb-source-link").get_attribute("href") == "https://en.wikipedia.org/wiki/Zharmakhan_Tuyakbay"
    page.screenshot(path=str(ARTIFACTS / "person-citation.png"), full_page=True)
    assert page.errors == []
