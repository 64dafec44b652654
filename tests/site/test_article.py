"""kb/site/article.py through the site: record pages read as articles with footnotes."""

import re

import yaml

from kb.site.article import PageCache
from kb.site.metadata import METADATA_PATH


def refs_after(html: str, marker: str) -> list[str]:
    """The footnote numbers on the first table row containing `marker`."""
    row = re.search(r"<tr[^>]*>(?:(?!</tr>).)*" + re.escape(marker) + r"(?:(?!</tr>).)*</tr>", html, re.S)
    assert row, marker
    return re.findall(r'href="#cite-(\d+)"', row.group(0))


async def test_person_page_reads_as_an_article(fixture_datasette):
    html = (await fixture_datasette.client.get("/opposition/person/person-a")).text
    assert '<h1 class="kb-title">Person A</h1>' in html
    names = re.findall(r'<li><span lang="([^"]+)">([^<]+)</span>', html)
    assert names == [("en", "Tuyakbaev"), ("kk-Cyrl", "Тұяқбай")]
    assert "What became of Person A" in html
    assert refs_after(html, ">Leader<") == ["1"]
    assert '<a class="kb-edit-link" href="https://github.com/' in html
    assert "records/people/person-a.yml#L1" in html


async def test_organization_page_footnotes_facts_kept_in_other_records(fixture_datasette):
    html = (await fixture_datasette.client.get("/opposition/organization/party-a")).text
    notes = re.findall(r'<li id="cite-(\d+)" value="\d+">', html)
    assert notes == ["1"]
    leaders = refs_after(html, 'href="/opposition/person/person-a">Person A</a>')
    assert leaders == ["1"]
    assert "cited in person-a" not in html  # the same source keeps one number
    assert re.search(r'<li class="kb-here">.*?Party B.*?Party A.*?\(Party A split from Party B\)', html, re.S)


async def test_contested_values_are_side_by_side_with_who_gives_them(fixture_datasette):
    html = (await fixture_datasette.client.get("/opposition/organization/party-b")).text
    section = html.split('<section class="kb-contested">')[1].split("</section>")[0]
    values = re.findall(r"<li>([^<]+) — according to ([^<]+)<a", section)
    assert values == [("18 November 2001", "Party B"), ("20 November 2001", "Election Commission")]


async def test_election_page_has_a_chart_and_every_figure(fixture_datasette):
    html = (await fixture_datasette.client.get("/opposition/election/election-e")).text
    bars = re.findall(r'<g class="kb-bar kb-figure-([a-z]+)[ "]', html)
    assert sorted(set(bars)) == ["alternative", "official"]
    assert "<svg" in html and "http" not in html.split("<svg")[1].split("</svg>")[0].replace("http://www.w3.org/2000/svg", "")


async def test_incident_page_keeps_estimates_apart(fixture_datasette):
    html = (await fixture_datasette.client.get("/opposition/incident/incident-f")).text
    section = html.split('<section class="kb-estimates">')[1].split("</section>")[0]
    number = r'<td class="kb-number">([^<]*)</td>'
    rows = re.findall(r"<tr><td>Killed</td>" + number * 3 + r".*?<td>([^<]+)</td><td>", section)
    assert rows == [("", "14", "", "Election Commission"), ("15", "", "70", "Party A")]
    assert "<th>At least</th><th>Figure given</th><th>At most</th>" in section
    assert "Organizer</td><td>Alleged, according to Election Commission" in html


async def test_claim_page_shows_claimant_and_verdict(fixture_datasette):
    html = (await fixture_datasette.client.get("/opposition/claim/claim-g")).text
    assert 'class="kb-verdict"' in html


async def test_every_record_page_renders(datasette, real_db):
    import sqlite_utils

    tables = {"organizations": "organization", "people": "person", "places": "place", "elections": "election",
              "incidents": "incident", "claims": "claim", "sources": "source"}
    seen = set()
    for record_id, record_type in sqlite_utils.Database(real_db).execute("select id, type from entity order by id"):
        if record_type in seen and record_type == "sources":
            continue
        seen.add(record_type)
        response = await datasette.client.get(f"/opposition/{tables[record_type]}/{record_id}")
        assert response.status_code == 200, record_id
        assert '<article class="kb-article' in response.text
        related = response.text.split("<h2>Related records</h2>")[1].split("</section>")[0] \
            if "<h2>Related records</h2>" in response.text else ""
        links = re.findall(r'<li><a href="([^"]+)"', related)
        assert len(links) == len(set(links)), record_id  # each related record once, with every way it relates


async def test_related_records_merge_every_way_they_relate(datasette):
    html = (await datasette.client.get("/opposition/person/zharmakhan-tuyakbay")).text
    related = html.split("<h2>Related records</h2>")[1].split("</section>")[0]
    assert re.search(r'2005 Kazakh presidential election</a> <span class="kb-name-meta">'
                     r'election: estimate result; election: official result</span>', related)


async def test_canned_queries_answer_with_their_examples(datasette):
    queries = yaml.safe_load(METADATA_PATH.read_text())["databases"]["opposition"]["queries"]
    assert len(queries) >= 8
    for name, query in queries.items():
        if name == "recent_changes":
            continue  # empty without git history; tests/test_feed.py answers it on a build with history
        params = dict(re.findall(r"(\w+)=([\w-]+)", query["description"].split("Try", 1)[1])) if "Try" in query["description"] else {}
        if name == "search":
            params = {"q": "Ak Zhol"}
        response = await datasette.client.get(f"/opposition/{name}.json", params={**params, "_shape": "objects"})
        assert response.status_code == 200, (name, response.text[:300])
        assert response.json()["rows"], name


async def test_record_text_renders_inert_on_every_reader_page(tmp_path, records):
    from kb.db.build import build_database
    from kb.records.check import check_records
    from kb.site.serve import make_datasette

    hostile = '<script>alert(1)</script><img src=x onerror=alert(2)>'
    person = records / "people" / "person-a.yml"
    text = person.read_text().replace("name: Person A", f"name: 'Person A {hostile}'")
    person.write_text(text.replace("{text: Tuyakbaev,", f"{{text: 'Tuyakbaev {hostile}',"))
    incident = records / "incidents" / "incident-f.yml"
    text = incident.read_text().replace("title: Incident F", f"title: 'Incident F {hostile}'")
    incident.write_text(text.replace("{text: Something happened.,", f"{{text: 'Something happened. {hostile}',"))
    loaded, problems = check_records(records)
    assert [str(problem) for problem in problems] == []
    db = tmp_path / "opposition.db"
    build_database(loaded, db)
    datasette = make_datasette(db)
    for path in ["/opposition/person/person-a", "/opposition/organization/party-a", "/opposition/incident/incident-f",
                 "/-/search?q=Tuyakbaev", "/-/timeline?entity=person-a", "/-/map", "/opposition/person"]:
        html = (await datasette.client.get(path)).text
        assert "<script>alert(1)" not in html and "<img src=x" not in html, path
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html or "\\u003cscript\\u003e" in html, path


async def test_source_page_says_where_who_when_and_what_for(fixture_datasette):
    html = (await fixture_datasette.client.get("/opposition/source/src-news")).text
    facts = dict(re.findall(r"<div><dt>([^<]+)</dt><dd>(.*?)</dd></div>", html.split('<section class="kb-source-facts">')[1].split("</section>")[0]))
    assert facts == {"Address": '<a href="https://example.org/news/1" rel="noopener nofollow">https://example.org/news/1</a>',
                     "Publisher": "Example News", "Published": "23 September 2004", "Kind": "News", "Language": "English"}
    assert "read in a copy" not in html
    cited = html.split("<h2>What it is cited for</h2>")[1].split("</section>")[0]
    assert '>Person A</a> <span class="kb-name-meta">names, born, memberships, positions, fate · 5 citations</span>' in cited


def test_page_cache_keeps_the_most_recently_used_pages_of_one_instance():
    cache, first, second = PageCache(2), object(), object()
    cache.put(first, ("db", "a"), {"page": "a"})
    cache.put(first, ("db", "b"), {"page": "b"})
    assert cache.get(first, ("db", "a")) == {"page": "a"}
    cache.put(first, ("db", "c"), {"page": "c"})
    assert cache.get(first, ("db", "b")) is None
    assert [cache.get(first, ("db", key)) for key in "ac"] == [{"page": "a"}, {"page": "c"}]
    assert cache.get(second, ("db", "a")) is None


async def test_record_page_is_the_same_when_served_again(datasette):
    def without_timing(html: str) -> str:
        return re.sub(r"Queries took [0-9.]+ms", "", html)

    first = (await datasette.client.get("/opposition/person/zharmakhan-tuyakbay")).text
    again = (await datasette.client.get("/opposition/person/zharmakhan-tuyakbay")).text
    assert without_timing(first) == without_timing(again) and 'class="kb-title"' in first
