"""The Datasette site, through datasette.client: tables, row pages with citations, facets, queries, search."""

import re
from pathlib import Path

import pytest
import sqlite_utils

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
    return re.findall(r'<a class="kb-source-link" href="([^"]+)"', html)


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


async def test_child_row_page_cites_only_its_fact(datasette):
    response = await datasette.client.get("/opposition/election_result/1")
    assert response.status_code == 200
    assert source_links(response.text) == ["https://prg.kz/m/amp/document/1050745"]


async def test_facet_counts(fixture_datasette):
    response = await fixture_datasette.client.get("/opposition/election_result.json?_facet=figure&_size=0")
    facet = response.json()["facet_results"]["figure"]["results"]
    assert {row["value"]: row["count"] for row in facet} == {"official": 2, "alternative": 1}


async def test_foreign_key_facet_shows_labels(fixture_datasette):
    response = await fixture_datasette.client.get("/opposition/election_result.json?_facet=contestant_id&_size=0")
    facet = response.json()["facet_results"]["contestant_id"]["results"]
    assert {row["label"]: row["count"] for row in facet} == {"Party A": 2, "Bloc C": 1}


async def test_election_results_side_by_side(datasette):
    response = await datasette.client.get("/opposition/election_results.json?election=mazhilis-2004&_shape=array")
    assert response.json() == [
        {"contestant": "Otan (Nur Otan, Amanat)", "official_share": 60.61, "official_votes": 2883706, "official_seats": 42,
         "alternative_figures": None, "according_to": "Central Election Commission of Kazakhstan"},
        {"contestant": "Ak Zhol Democratic Party", "official_share": 12.04, "official_votes": 572672, "official_seats": 1,
         "alternative_figures": "36.0% (alternative, Ak Zhol Democratic Party)",
         "according_to": "Central Election Commission of Kazakhstan,Ak Zhol Democratic Party"},
        {"contestant": "DVK-KPK bloc (Opposition People's Union of Communists and DVK)", "official_share": 3.44,
         "official_votes": 163824, "official_seats": 0, "alternative_figures": None,
         "according_to": "Central Election Commission of Kazakhstan"},
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


async def test_sql_time_limit_is_set(datasette):
    response = await datasette.client.get("/-/settings.json")
    assert response.json()["sql_time_limit_ms"] == 1500
