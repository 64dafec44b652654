"""The Atom feed of changes (kb/site/feed.py, /-/changes.atom), the recent-changes question, and the change
table the build writes from git history (kb/db/history.py, kb/db/build.py)."""

import sqlite3
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

from kb.db.history import Change, parse_changes
from tests.conftest import ROOT, needs_git

ATOM = "{http://www.w3.org/2005/Atom}"


def test_parse_changes_gives_each_file_its_commits_newest_first():
    log = ("\x01abc\0002021-03-04T10:00:00+00:00\0Edit a\0\npeople/a.yml\0"
           "\x01def\0002020-01-02T09:00:00+00:00\0Add a and b\0\npeople/a.yml\0places/b.yml\0")
    assert parse_changes(log) == {
        "records/people/a.yml": [Change("abc", "2021-03-04T10:00:00+00:00", "Edit a"), Change("def", "2020-01-02T09:00:00+00:00", "Add a and b")],
        "records/places/b.yml": [Change("def", "2020-01-02T09:00:00+00:00", "Add a and b")],
    }


@needs_git
def test_build_writes_every_change_newest_first(history_repo: Path, tmp_path: Path):
    db = tmp_path / "opposition.db"
    subprocess.run([sys.executable, str(ROOT / "build_db.py"), "--records", str(history_repo / "records"), "--db", str(db)],
                   check=True, capture_output=True, cwd=history_repo)
    rows = sqlite3.connect(db).execute("select id, record_id, changed, subject from change order by id").fetchall()
    assert rows[0] == (1, "person-a", "2021-03-04T12:00:00+00:00", "A note")
    assert [row[2] for row in rows] == sorted((row[2] for row in rows), reverse=True)
    assert len(rows) == 12 + 1 and {row[3] for row in rows[1:]} == {"Records"}


async def test_feed_is_atom_with_one_entry_per_change(tmp_path, history_repo):
    from kb.site.serve import make_datasette

    db = tmp_path / "opposition.db"
    subprocess.run([sys.executable, str(ROOT / "build_db.py"), "--records", str(history_repo / "records"), "--db", str(db)],
                   check=True, capture_output=True, cwd=history_repo)
    response = await make_datasette(db).client.get("/-/changes.atom")
    assert (response.status_code, response.headers["content-type"]) == (200, "application/atom+xml; charset=utf-8")
    feed = ElementTree.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed" and feed.find(f"{ATOM}title").text == "Recent changes to the records"
    assert feed.find(f"{ATOM}updated").text == "2021-03-04T12:00:00+00:00"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 13
    first = entries[0]
    assert first.find(f"{ATOM}title").text == "Person A: A note"
    assert first.find(f"{ATOM}link").get("href") == "http://localhost/opposition/person/person-a"
    assert first.find(f"{ATOM}id").text.startswith("https://github.com/kazakh-opposition-kb/kazakh-opposition-kb/commit/")
    assert first.find(f"{ATOM}id").text.endswith("#person-a")
    assert [entry.find(f"{ATOM}updated").text for entry in entries[1:]] == ["2020-01-02T12:00:00+00:00"] * 12


async def test_feed_without_history_is_valid_and_empty(fixture_datasette):
    response = await fixture_datasette.client.get("/-/changes.atom")
    feed = ElementTree.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed" and feed.findall(f"{ATOM}entry") == []


async def test_recent_changes_question_lists_changes(fixture_datasette):
    response = await fixture_datasette.client.get("/opposition/recent_changes")
    assert response.status_code == 200 and "<h1>Recent changes to the records</h1>" in response.text


async def test_every_page_links_the_feed(fixture_datasette):
    for path in ("/", "/-/people", "/opposition/person/person-a", "/no-such-page"):
        html = (await fixture_datasette.client.get(path)).text
        assert '<link rel="alternate" type="application/atom+xml" title="Recent changes to the records" href="/-/changes.atom">' in html, path
