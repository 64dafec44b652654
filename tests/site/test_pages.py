"""kb/site/pages.py through the site: search in any script, the timeline and the map."""

import re

import pytest

# Queries a reader types -> the record that must be among the first results.
SEARCHES = [
    ("Ақ жол", "ak-zhol"),
    ("Ак Жол", "ak-zhol"),
    ("ak zhol", "ak-zhol"),
    ("Aq Jol", "ak-zhol"),
    ("AK ZHOL", "ak-zhol"),
    ("Tuyakbaev", "zharmakhan-tuyakbay"),
    ("Туякбай", "zharmakhan-tuyakbay"),
    ("Тұяқбай", "zharmakhan-tuyakbay"),
    ("Жаңаөзен", "zhanaozen"),
    ("Zhanaozen", "zhanaozen"),
    ("Janaozen", "zhanaozen"),
    ("Жанаозен", "zhanaozen"),
    ("Nur Otan", "otan"),
    ("Нұр Отан", "otan"),
    ("Ablyazov", "mukhtar-ablyazov"),
    ("Аблязов", "mukhtar-ablyazov"),
    ("Zhakiyanov", "galymzhan-zhakiyanov"),
    ("Zhakiyanov Galymzhan", "galymzhan-zhakiyanov"),
    ("Kozhakhmetov", "asylbek-kozhakhmetov"),
    ("Kojahmetov", "asylbek-kozhakhmetov"),
    ("Кажегельдин", "akezhan-kazhegeldin"),
    ("Qajygeldin", "akezhan-kazhegeldin"),
    ("Qandy Qantar", "january-2022-unrest"),
    ("Қаңтар оқиғасы", "january-2022-unrest"),
]


def result_ids(html: str) -> list[str]:
    return re.findall(r'<a class="kb-result" href="/opposition/[a-z_]+/([^"]+)"', html)


@pytest.mark.parametrize(("query", "expected"), SEARCHES)
async def test_search_forgives_script_and_spelling(datasette, query, expected):
    response = await datasette.client.get("/-/search", params={"q": query})
    assert response.status_code == 200
    assert expected in result_ids(response.text)[:3]


async def test_search_puts_records_before_sources_and_marks_languages(datasette):
    response = await datasette.client.get("/-/search", params={"q": "Туякбай"})
    ids = result_ids(response.text)
    assert ids[0] == "zharmakhan-tuyakbay"
    assert '<span lang="kk-Cyrl">Жармахан Тұяқбай</span>' in response.text


@pytest.mark.parametrize(("query", "cyrillic"), [("Туякбай", True), ("Tuyakbaev", False)])
async def test_search_shows_spellings_in_the_query_script_first(datasette, query, cyrillic):
    response = await datasette.client.get("/-/search", params={"q": query})
    first_result = response.text.split('<a class="kb-result"')[1].split("</li>")[0]
    spellings = re.findall(r'<span lang="[^"]+">([^<]+)</span>', first_result)
    scripts = [any("\u0400" <= char <= "\u04ff" for char in text) for text in spellings]
    assert scripts == sorted(scripts, key=lambda script: script != cyrillic) and scripts[0] == cyrillic


async def test_search_without_match_says_so(datasette):
    response = await datasette.client.get("/-/search", params={"q": "Qwxyzzy"})
    assert response.status_code == 200
    assert result_ids(response.text) == []
    assert "Nothing matches <q>Qwxyzzy</q>" in response.text


@pytest.mark.parametrize("query", ["", "   ", '"', "*", "AND OR NOT", "(", "a:b", "ʼ"])
async def test_search_survives_query_syntax(datasette, query):
    response = await datasette.client.get("/-/search", params={"q": query})
    assert response.status_code == 200


async def test_home_page_lists_every_canned_query_and_keeps_its_json(datasette):
    response = await datasette.client.get("/")
    queries = datasette.metadata()["databases"]["opposition"]["queries"]
    questions = response.text.split("<h2>Questions answered</h2>")[1]
    links = re.findall(r'<li><a href="/opposition/([a-z_]+)">', questions)
    assert "<title>Kazakh opposition history</title>" in response.text
    assert links == sorted(name for name in queries if name not in ("search", "recent_changes"))
    assert '<a href="/opposition/recent_changes">Recent changes</a>' in response.text and '<a href="/-/changes.atom">Atom feed</a>' in response.text
    listing = await datasette.client.get("/.json")
    assert list(listing.json()) == ["opposition"]


async def test_search_box_is_on_every_page(datasette):
    for path in ["/", "/opposition", "/opposition/person", "/opposition/person/zharmakhan-tuyakbay", "/-/timeline", "/-/map", "/about"]:
        response = await datasette.client.get(path)
        assert '<form class="kb-search-form" action="/-/search"' in response.text, path


async def test_timeline_filters_by_record_and_period(datasette):
    response = await datasette.client.get("/-/timeline", params={"entity": "zharmakhan-tuyakbay", "from": "2005", "to": "2005"})
    assert response.status_code == 200
    titles = re.findall(r'<a href="/opposition/[a-z_]+/[^"]+">([^<]+)</a>\n', response.text)
    assert "Zharmakhan Tuyakbay became leader of For a Just Kazakhstan" in titles
    assert "2005 Kazakh presidential election" in titles
    years = re.findall(r'<h2 class="kb-year" id="y(\d{4})">', response.text)
    assert years == ["2005"]


async def test_timeline_filters_by_event(datasette):
    response = await datasette.client.get("/-/timeline", params={"event": "election"})
    events = re.findall(r'<span class="kb-badge">([^<]+)</span>', response.text)
    assert events and set(events) == {"Election"}


async def test_timeline_ignores_a_malformed_year(datasette):
    response = await datasette.client.get("/-/timeline", params={"from": "20x5", "to": "'; drop table x"})
    assert response.status_code == 200


async def test_map_lists_every_incident_with_a_point_and_its_precision(datasette, real_db):
    import sqlite_utils

    expected = sqlite_utils.Database(real_db).execute(
        "select id, geo_precision from incident where latitude is not null order by date_min, id").fetchall()
    response = await datasette.client.get("/-/map")
    rows = re.findall(r'<tr id="([^"]+)">.*?<td>([A-Za-z ]+)</td></tr>', response.text)
    assert rows == [(record_id, precision.capitalize()) for record_id, precision in expected] and len(expected) >= 8
    assert 'data-leaflet="/-/static-plugins/datasette-leaflet/leaflet-v1.7.1.js"' in response.text


# Misspelt queries (one or two letters off, or a missing space) -> the record that must come first.
NEAR_SEARCHES = [
    ("Zhanozen", "zhanaozen"),
    ("Ablyasov", "mukhtar-ablyazov"),
    ("Abljazov", "mukhtar-ablyazov"),
    ("Kosanof", "amirzhan-kosanov"),
    ("Tuyakbaj", "zharmakhan-tuyakbay"),
    ("Назарбаеф", "nursultan-nazarbayev"),
]


@pytest.mark.parametrize(("query", "expected"), NEAR_SEARCHES)
async def test_search_finds_near_spellings_and_asks_did_you_mean(datasette, query, expected):
    response = await datasette.client.get("/-/search", params={"q": query})
    assert result_ids(response.text)[0] == expected
    assert f"No name is spelled <q>{query}</q>. Did you mean <a " in response.text


async def test_a_name_typed_without_its_space_is_found_before_sources_spelled_so(datasette):
    response = await datasette.client.get("/-/search", params={"q": "Акжол"})
    assert result_ids(response.text)[0] == "ak-zhol"


async def test_exact_matches_rank_before_near_spellings(datasette):
    response = await datasette.client.get("/-/search", params={"q": "Kosanov"})
    assert result_ids(response.text)[0] == "amirzhan-kosanov"
    assert "Did you mean" not in response.text


async def test_nothing_near_says_so(datasette):
    response = await datasette.client.get("/-/search", params={"q": "Qwzxyvq"})
    assert result_ids(response.text) == []
    assert "Nothing matches <q>Qwzxyvq</q>, nor any spelling one or two letters away." in response.text


async def test_error_pages_keep_the_site_style_and_offer_search(datasette):
    missing = await datasette.client.get("/no-such-page")
    assert missing.status_code == 404
    assert '<link rel="stylesheet" href="/static/kb.css">' in missing.text
    assert "<h1>Nothing here</h1>" in missing.text and 'action="/-/search"' in missing.text
    endless = "with recursive c(x) as (select 1 union all select x + 1 from c) select count(*) from c"
    interrupted = await datasette.client.get("/opposition", params={"sql": endless})
    assert '<link rel="stylesheet" href="/static/kb.css">' in interrupted.text
    assert "<h1>SQL Interrupted</h1>" in interrupted.text
    assert "took longer than the site allows" in interrupted.text
