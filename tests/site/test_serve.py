"""The Datasette site, through datasette.client: tables, row pages with citations, facets, queries, search,
and safe public serving (immutable, read-only, bounded queries, robots.txt, sitemap, only web links)."""

import copy
import re
from html import unescape
import shutil
import sqlite3
import sys
from pathlib import Path
from xml.etree import ElementTree

import httpx
import pytest
import sqlite_utils
from datasette.app import Datasette

from kb.site import serve
from kb.site.article import TABLES as TABLE_OF
from kb.site.serve import SETTINGS, make_datasette, web_url

TABLES = ["entity", "organization", "person", "place", "election", "incident", "source", "claim", "membership",
          "election_result", "incident_participant", "incident_estimate", "claim_about", "org_relation", "name",
          "citation", "fact", "vocab", "registration", "position", "fate", "incident_related"]
ROWS = {
    "organization": "ak-zhol", "person": "zharmakhan-tuyakbay", "place": "zhanaozen", "election": "mazhilis-2004",
    "incident": "zhanaozen-2011", "claim": "ageleuov-2004-opposition-outpolled-otan",
}


@pytest.mark.parametrize("table", TABLES)
async def test_table_pages_load(datasette, table):
    response = await datasette.client.get(f"/opposition/{table}")
    assert response.status_code == 200


def source_links(html: str) -> list[str]:
    return [unescape(link) for link in re.findall(r'<a class="kb-source-link" href="([^"]+)"', html)]


@pytest.mark.parametrize("table", ROWS)
async def test_row_pages_cite_their_sources(datasette, real_db: Path, table):
    record = ROWS[table]
    response = await datasette.client.get(f"/opposition/{table}/{record}")
    assert response.status_code == 200
    expected = sqlite_utils.Database(real_db).execute(
        "select source.url from citation join source on source.id = citation.source_id "
        "where citation.record_id = ? group by citation.n order by citation.n", [record]
    ).fetchall()
    # The record's own sources keep their numbers; sources of facts shown from other records follow.
    assert source_links(response.text)[:len(expected)] == [url for (url,) in expected]
    assert expected
    for number in range(1, len(expected) + 1):
        assert f'href="#cite-{number}"' in response.text and f'id="cite-{number}"' in response.text


async def test_child_row_page_cites_only_its_fact(datasette, real_db: Path):
    db = sqlite_utils.Database(real_db)
    (row_id,) = db.execute(
        "select id from election_result where record_id = 'mazhilis-2004' and path = 'results[0].rows[0]'").fetchone()
    own = [url for (url,) in db.execute(
        "select distinct source.url from citation join source on source.id = citation.source_id "
        "where citation.record_id = 'mazhilis-2004' and citation.path = 'results[0].rows[0]' order by citation.n")]
    response = await datasette.client.get(f"/opposition/election_result/{row_id}")
    assert response.status_code == 200
    assert own and source_links(response.text) == own


async def test_facet_counts(fixture_datasette):
    response = await fixture_datasette.client.get("/opposition/result_set.json?_facet=figure&_size=0")
    facet = response.json()["facet_results"]["figure"]["results"]
    assert {row["value"]: row["count"] for row in facet} == {"official": 4, "alternative": 1}


async def test_foreign_key_facet_shows_labels(fixture_datasette):
    response = await fixture_datasette.client.get("/opposition/election_result.json?_facet=contestant_id&_size=0")
    facet = response.json()["facet_results"]["contestant_id"]["results"]
    assert {row["label"]: row["count"] for row in facet} == {"Party A": 4, "Bloc C": 3}


async def test_election_results_side_by_side(fixture_datasette):
    response = await fixture_datasette.client.get("/opposition/election_results.json?election=election-e&_shape=array")
    assert response.json() == [
        {"tier": "party-list", "contestant": "Party A", "contestant_id": "party-a", "official_share": 60.0, "official_votes": 1200, "official_seats": 7,
         "other_figures": "58% (preliminary official, Election Commission, 2004-09-20); 36% (final alternative, Party A)",
         "according_to": "Election Commission, Party A"},
        {"tier": "party-list", "contestant": "Bloc C", "contestant_id": "bloc-c", "official_share": 25.0, "official_votes": 500, "official_seats": 3,
         "other_figures": "26% (preliminary official, Election Commission, 2004-09-20)", "according_to": "Election Commission"},
        {"tier": "party-list", "contestant": "Against all", "contestant_id": None, "official_share": 15.0, "official_votes": 300, "official_seats": None,
         "other_figures": None, "according_to": "Election Commission"},
        {"tier": "all-seats", "contestant": "Party A", "contestant_id": "party-a", "official_share": None, "official_votes": None, "official_seats": 42,
         "other_figures": None, "according_to": "Election Commission"},
        {"tier": "all-seats", "contestant": "Bloc C", "contestant_id": "bloc-c", "official_share": None, "official_votes": None, "official_seats": 11,
         "other_figures": None, "according_to": "Election Commission"},
    ]


async def test_commentary_claims_show_verdicts(datasette):
    response = await datasette.client.get("/opposition/commentary_claims.json?_shape=array")
    verdicts = {row["id"]: row["verdict"] for row in response.json()}
    assert verdicts["ageleuov-2004-opposition-outpolled-otan"] == "contradicted"


async def test_citations_of_record_query(datasette):
    response = await datasette.client.get("/opposition/citations_of_record.json?record=mazhilis-2004&_shape=array")
    rows = response.json()
    assert rows[0]["n"] == 1 and rows[0]["url"].startswith("http")


@pytest.mark.parametrize("query", ["Ақ жол", "Ак Жол", "ak zhol", "Aq Jol"])
async def test_search_finds_the_party_in_any_script(datasette, query):
    response = await datasette.client.get("/opposition/search.json", params={"q": query, "_shape": "array"})
    assert response.json()[0]["id"] == "ak-zhol"


@pytest.mark.parametrize("query,record", [("Tuyakbaev", "zharmakhan-tuyakbay"), ("Туякбай", "zharmakhan-tuyakbay"),
                                          ("Janaozen", "zhanaozen"), ("Жаңаөзен", "zhanaozen"), ("Нұр Отан", "otan")])
async def test_search_forgives_spelling(datasette, query, record):
    response = await datasette.client.get("/opposition/search.json", params={"q": query, "_shape": "array"})
    assert record in [row["id"] for row in response.json()]


async def test_database_is_served_immutable(datasette):
    response = await datasette.client.get("/-/databases.json")
    assert [(db["name"], db["is_mutable"]) for db in response.json()] == [("opposition", False)]


@pytest.mark.parametrize("sql,message", [
    ("insert into entity (id, type, label) values ('x', 'people', 'X')", "Statement must be a SELECT"),
    ("with new (id) as (select 'x') insert into entity (id, type, label) select id, 'people', 'X' from new",
     "attempt to write a readonly database"),
    ("pragma writable_schema = on", "Statement must be a SELECT"),
])
async def test_write_statements_are_refused(datasette, real_db, sql, message):
    before = real_db.read_bytes()
    response = await datasette.client.get("/opposition.json", params={"sql": sql, "_shape": "array"})
    assert (response.status_code, response.json()["error"]) == (400, message)
    assert real_db.read_bytes() == before


async def test_running_instance_reports_the_settings(datasette):
    response = await datasette.client.get("/-/settings.json")
    assert response.json() == {**SETTINGS, "base_url": "/", "force_https_urls": False}
    assert response.json()["sql_time_limit_ms"] == 1500


def largest_table(db_path: Path) -> str:
    """The table with the most rows, full-text indexes aside."""
    db = sqlite_utils.Database(db_path)
    counts = {name: db[name].count for name in db.table_names() if "_fts" not in name}
    return max(counts, key=counts.get)


PATHOLOGICAL = {
    "counting to 10^9": "with recursive n(i) as (select 1 union all select i + 1 from n where i < 1000000000) "
                        "select count(*) from n",
    "cross join of the largest table with itself": "select count(*) from [{table}] a, [{table}] b, [{table}] c",
}


@pytest.mark.parametrize("name", PATHOLOGICAL)
async def test_pathological_query_is_interrupted_and_the_site_still_answers(datasette, real_db, name):
    sql = PATHOLOGICAL[name].format(table=largest_table(real_db))
    response = await datasette.client.get("/opposition", params={"sql": sql})
    assert response.status_code == 400
    assert "<h1>SQL Interrupted</h1>" in response.text
    assert "SQL query took too long. The time limit is controlled by the" in response.text
    after = await datasette.client.get("/opposition/person/zharmakhan-tuyakbay")
    assert after.status_code == 200 and '<article class="kb-article' in after.text


async def test_robots_txt_allows_pages_and_keeps_crawlers_off_sql_exports_and_downloads(datasette):
    response = await datasette.client.get("/robots.txt")
    assert response.status_code == 200
    assert response.text == "\n".join([
        "User-agent: *",
        "Allow: /-/timeline$",
        "Allow: /-/map$",
        "Allow: /-/static",
        "Disallow: /-/",
        "Disallow: /*?",
        "Disallow: /*.json",
        "Disallow: /*.csv",
        "Disallow: /*.db",
        "Sitemap: http://localhost/sitemap.xml",
    ])


async def test_sitemap_lists_every_record_page(datasette, real_db):
    response = await datasette.client.get("/sitemap.xml")
    assert (response.status_code, response.headers["content-type"]) == (200, "application/xml")
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = [loc.text for loc in ElementTree.fromstring(response.content).findall("s:url/s:loc", namespace)]
    records = sqlite_utils.Database(real_db).execute("select type, id from entity order by type, id").fetchall()
    lists = [f"http://localhost/-/{slug}" for slug in ("people", "parties", "organizations", "votes", "incidents", "claims", "sources")]
    assert locations == (["http://localhost/", "http://localhost/about", *lists, "http://localhost/-/timeline",
                          "http://localhost/-/map"]
                         + [f"http://localhost/opposition/{TABLE_OF[type_]}/{id_}" for type_, id_ in records])
    assert len(records) > 600


async def test_every_sitemap_page_answers(fixture_datasette, fixture_db):
    sitemap = (await fixture_datasette.client.get("/sitemap.xml")).content
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    paths = [loc.text.removeprefix("http://localhost") for loc in ElementTree.fromstring(sitemap).findall("s:url/s:loc", namespace)]
    assert len(paths) == 4 + 7 + sqlite_utils.Database(fixture_db)["entity"].count
    for path in paths:
        assert (await fixture_datasette.client.get(path)).status_code == 200, path


@pytest.mark.parametrize("value,expected", [
    ("https://example.org/a?b=c#d", True), ("HTTP://EXAMPLE.ORG", True), ("javascript:alert(1)", False),
    ("JavaScript:alert(1)", False), (" https://example.org", False), ("java\tscript:alert(1)", False),
    ("data:text/html,x", False), ("//example.org", False), ('https://example.org/"onmouseover="x', False),
    ("", False), (None, False),
])
def test_web_url(value, expected):
    assert web_url(value) is expected


async def test_only_web_addresses_become_links(tmp_path, fixture_db):
    db = tmp_path / "opposition.db"
    shutil.copyfile(fixture_db, db)
    with sqlite3.connect(db) as connection:
        connection.execute("update source set url = 'javascript:alert(1)', archive_url = 'JaVaScRiPt:alert(2)' "
                           "where id = 'src-news'")
        membership = connection.execute("select id from membership where record_id = 'person-a'").fetchone()[0]
    connection.close()
    datasette = make_datasette(db)
    for path in ["/opposition/person/person-a", f"/opposition/membership/{membership}", "/opposition/source",
                 "/opposition/source/src-news"]:
        html = (await datasette.client.get(path)).text
        hrefs = re.findall(r'href="([^"]*)"', html, re.IGNORECASE)
        assert [href for href in hrefs if "alert" in href] == [], path
    person = (await datasette.client.get("/opposition/person/person-a")).text
    assert source_links(person) == ["https://example.org/opinion/1"]
    assert re.search(r'<span class="kb-note-number">\[\d+\]</span>\s*A news report, Example News', person)


async def test_table_facets_read_as_words(datasette):
    html = (await datasette.client.get("/opposition/person?_facet=living&_facet_array=fates")).text
    assert re.search(r'<strong title="living">Living\s', html) and re.search(r'<strong title="fates \(array\)">Fates\s', html)
    assert re.search(r'>Living</a> \d+</li>', html) and re.search(r'>Took state post</a> \d+</li>', html)


async def test_bridge_facet_counts_the_link_table(fixture_datasette):
    response = await fixture_datasette.client.get("/opposition/claim.json?_size=0")
    facet = response.json()["facet_results"]["about_names"]
    assert facet["type"] == "bridge" and facet["truncated"] is False
    assert [(row["value"], row["label"], row["count"], row["selected"]) for row in facet["results"]] == [
        ("election-e", "Election E", 1, False), ("party-a", "Party A", 1, False)]
    assert facet["results"][1]["toggle_url"] == "http://localhost/opposition/claim.json?_size=0&_has_about_names=party-a"


async def test_bridge_filter_keeps_linked_rows_and_says_so(fixture_datasette):
    chosen = (await fixture_datasette.client.get("/opposition/claim.json?_has_about_names=party-a&_shape=objects")).json()
    assert [row["id"] for row in chosen["rows"]] == ["claim-g"]
    assert chosen["human_description_en"] == 'where about_names includes "Party A"'
    facet = chosen["facet_results"]["about_names"]["results"]
    assert [(row["value"], row["selected"]) for row in facet] == [("election-e", False), ("party-a", True)]
    assert facet[1]["toggle_url"] == "http://localhost/opposition/claim.json?_shape=objects"
    none = (await fixture_datasette.client.get("/opposition/claim.json?_has_about_names=person-a&kind=opinion")).json()
    assert none["rows"] == [] and none["human_description_en"].startswith('where about_names includes "Person A"')


async def test_every_default_facet_answers(datasette):
    """No configured facet of any table is dropped (a facet that stops at the time limit is missing
    from facet_results)."""
    tables = datasette.metadata("tables", database="opposition")
    for table, config in tables.items():
        configured = [next(iter(facet.values())) if isinstance(facet, dict) else facet for facet in config.get("facets", [])]
        if configured:
            answered = (await datasette.client.get(f"/opposition/{table}.json?_size=0")).json()["facet_results"]
            assert sorted(answered) == sorted(configured), table


def test_serve_command_runs_kb_site_with_its_options():
    assert serve.serve_command(Path("opposition.db"), "127.0.0.1", 9000) == [
        sys.executable, "-m", "kb.site", "--db", "opposition.db", "--host", "127.0.0.1", "--port", "9000"]
    assert serve.serve_command(Path("a.db"), "0.0.0.0", 8001, workers=3, public=True)[-4:] == ["8001", "--workers", "3", "--public"]


@pytest.mark.parametrize("public, settings", [("0", {**SETTINGS, "force_https_urls": False}), ("1", {**SETTINGS, "force_https_urls": True})])
async def test_each_worker_serves_the_database_and_settings_main_left_in_the_environment(
        real_db: Path, monkeypatch: pytest.MonkeyPatch, public: str, settings: dict):
    monkeypatch.setenv(serve.DATABASE_VARIABLE, str(real_db))
    monkeypatch.setenv(serve.PUBLIC_VARIABLE, public)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=serve.app()), base_url="http://worker") as client:
        served = (await client.get("/-/settings.json")).json()
        row = await client.get("/opposition/person/zharmakhan-tuyakbay")
    assert served == {**settings, "base_url": "/"}
    assert row.status_code == 200 and '<h1 class="kb-title">Zharmakhan Tuyakbay</h1>' in row.text


def test_serving_a_missing_database_says_to_build_it(tmp_path: Path, capsys: pytest.CaptureFixture):
    with pytest.raises(SystemExit) as stop:
        serve.main(["--db", str(tmp_path / "none.db")])
    assert stop.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == f"python -m kb.site: error: {tmp_path / 'none.db'}: no such database; run `make build` first"


def test_a_deep_copy_of_a_tables_settings_is_the_settings_themselves(real_db: Path):
    tables = make_datasette(real_db).metadata("tables", database="opposition")
    assert copy.deepcopy(tables["person"]) is tables["person"]
    assert copy.deepcopy(tables["person"]["columns"]) is tables["person"]["columns"]
    assert copy.deepcopy(tables) is not tables


async def test_settled_table_settings_still_decide_who_may_see_a_table(real_db: Path):
    metadata = serve.settle_tables({"databases": {"opposition": {"tables": {"place": {"allow": {"id": "editor"}, "columns": {"id": "Key"}}}}}})
    datasette = Datasette(immutables=[str(real_db)], metadata=metadata)
    editor = {"ds_actor": datasette.sign({"a": {"id": "editor"}}, "actor")}
    assert (await datasette.client.get("/opposition/place")).status_code == 403
    assert (await datasette.client.get("/opposition/place", cookies=editor)).status_code == 200
    assert (await datasette.client.get("/opposition/person")).status_code == 200


def test_serving_with_no_workers_is_refused(real_db: Path, capsys: pytest.CaptureFixture):
    with pytest.raises(SystemExit) as stop:
        serve.main(["--db", str(real_db), "--workers", "0"])
    assert stop.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == "python -m kb.site: error: --workers must be at least 1, not 0"
