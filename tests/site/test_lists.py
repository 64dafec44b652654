"""kb/site/lists.py and its routes: list pages with one card per record, facets with labels and counts."""

import re

import pytest

from kb.site.lists import LISTINGS, card, page_number


def card_titles(html: str) -> list[str]:
    return re.findall(r'<a class="kb-card-title" href="[^"]+">([^<]+)</a>', html)


def over_time_section(html: str) -> str:
    return html.split('<section class="kb-over-time">')[1].split("</section>")[0]


def facet_values(html: str, heading: str) -> list[tuple[str, str]]:
    block = html.split(f"<summary>{heading}</summary>")[1].split("</details>")[0]
    return re.findall(r'<a href="[^"]*">([^<]+)</a> <span class="kb-count">(\d+)</span>', block)


async def test_parties_list_only_parties_blocs_and_movements(fixture_datasette):
    html = (await fixture_datasette.client.get("/-/parties")).text
    assert card_titles(html) == ["Bloc C", "Party A", "Party B"]
    assert facet_values(html, "Kind") == [("Party", "2"), ("Bloc", "1")]
    assert "<title>Parties, blocs and movements — Kazakh opposition history</title>" in html
    others = (await fixture_datasette.client.get("/-/organizations")).text
    assert card_titles(others) == ["Election Commission"]


async def test_a_facet_narrows_the_list_and_says_so(fixture_datasette):
    html = (await fixture_datasette.client.get("/-/parties", params={"kind": "bloc"})).text
    assert card_titles(html) == ["Bloc C"]
    assert re.search(r"<strong>1</strong> record · kind: <strong>Bloc</strong> <a class=\"kb-unfilter\" href=\"\?\"", html)
    assert "<title>Parties, blocs and movements: Bloc — Kazakh opposition history</title>" in html
    nothing = (await fixture_datasette.client.get("/-/parties", params={"kind": "no-such-kind"})).text
    assert card_titles(nothing) == [] and "No record matches these filters." in nothing


async def test_person_card_has_years_fate_and_party(fixture_datasette):
    html = (await fixture_datasette.client.get("/-/people")).text
    item = html.split('<li class="kb-card">')[1].split("</li>")[0]
    assert '<a class="kb-card-title" href="/opposition/person/person-a">Person A</a> <span class="kb-card-when">1947</span>' in item
    assert '<span class="kb-badge kb-fate-active">Active</span>' in item
    assert "Organizations: Party A" in item
    assert facet_values(html, "Party, bloc or movement") == [("Party A", "1")]
    assert facet_values(html, "Born in the") == [("1940s", "1")]


async def test_list_page_keeps_the_table_for_analysts(fixture_datasette):
    html = (await fixture_datasette.client.get("/-/votes")).text
    assert '<a href="/opposition/election">election</a>' in html
    assert '<a href="/opposition/election.json">JSON</a>' in html
    assert "<dt><code>seats_total</code></dt>" in html  # column descriptions, folded behind "About this table"


@pytest.mark.parametrize("slug", sorted(LISTINGS))
async def test_every_list_page_renders_on_the_real_records(datasette, slug):
    response = await datasette.client.get(f"/-/{slug}")
    assert response.status_code == 200
    assert len(card_titles(response.text)) > 0


def test_pages_labels_and_cards():
    assert [page_number(None), page_number("3"), page_number("0"), page_number("x")] == [1, 3, 1, 1]
    vote = card("votes", {"id": "v", "label": "2004 vote", "date": "2004-09-19", "kind": "parliamentary",
                          "seats_total": 77, "turnout": 56.49, "summary": None})
    assert vote == {"id": "v", "label": "2004 vote", "when": "19 September 2004", "summary": "", "badges": [],
                    "facts": ["Parliamentary", "77 seats", "turnout 56.49%"]}


async def test_votes_page_draws_turnout_and_leading_share_over_time(datasette):
    html = (await datasette.client.get("/-/votes")).text
    section = over_time_section(html)
    assert re.findall(r"<h3>([^<]+)</h3>", section) == ["Presidential", "Parliamentary", "Referendum"]
    assert re.search(r'<title>2004 Mazhilis election \(Otan \(Nur Otan, Amanat\)\): 60\.61%</title>', section)
    assert re.search(r'<title>2004 Mazhilis election: 56\.49%</title>', section)
    assert '<td><a href="/opposition/election/president-2019">2019 Kazakh presidential election</a></td><td class="kb-number">77.5%</td>' in section


async def test_party_page_draws_its_results_over_time(datasette):
    html = (await datasette.client.get("/opposition/organization/ak-zhol")).text
    section = over_time_section(html)
    assert '<td><a href="/opposition/election/mazhilis-2004">2004 Mazhilis election</a></td><td class="kb-number">12.04%</td><td class="kb-number">1</td>' in section
    assert "<title>Ak Zhol Democratic Party: share of the vote in each election</title>" in section
    assert "<title>Ak Zhol Democratic Party: seats won in each election</title>" in section
