"""kb/site/structured.py and the record pages: schema.org JSON-LD, and a citation to copy or download."""

import json
import re
from html import unescape

from kb.site.structured import bibtex, citation, json_ld


def ld_of(html: str) -> dict:
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))


async def test_person_page_describes_a_person(fixture_datasette):
    html = (await fixture_datasette.client.get("/opposition/person/person-a")).text
    assert ld_of(html) == {
        "@context": "https://schema.org", "@type": "Person", "@id": "http://localhost/opposition/person/person-a",
        "url": "http://localhost/opposition/person/person-a", "name": "Person A", "alternateName": ["Tuyakbaev", "Тұяқбай"],
        "birthDate": "1947-11-22",
        "memberOf": [{"@type": "Organization", "name": "Party A", "url": "http://localhost/opposition/organization/party-a"}],
    }


async def test_party_and_election_pages_are_a_political_party_and_an_event(fixture_datasette):
    party = ld_of((await fixture_datasette.client.get("/opposition/organization/party-a")).text)
    assert (party["@type"], party["name"], party["foundingDate"], party["description"]) == ("PoliticalParty", "Party A", "2002-03", "A party.")
    assert party["alternateName"] == ["Ак Жол", "Ақ жол"]
    election = ld_of((await fixture_datasette.client.get("/opposition/election/election-e")).text)
    assert (election["@type"], election["name"]) == ("Event", "Election E") and "startDate" in election
    commission = ld_of((await fixture_datasette.client.get("/opposition/organization/commission")).text)
    assert commission["@type"] == "Organization"


async def test_record_page_offers_a_citation_and_bibtex(fixture_datasette):
    html = (await fixture_datasette.client.get("/opposition/person/person-a")).text
    text = unescape(re.search(r'<p class="kb-citation">(.*?)</p>', html).group(1))
    assert re.fullmatch(r"“Person A\.” Kazakh opposition history \(knowledge base\)\. http://localhost/opposition/person/person-a\."
                        r"( Last changed \d{4}-\d\d-\d\d\.)? Accessed \d{4}-\d\d-\d\d\.", text)
    assert '<a download="person-a.bib" href="data:application/x-bibtex;charset=utf-8,%40misc%7Bkb-person-a' in html


def test_json_ld_identifiers_and_dates():
    page = {"record": {"type": "incidents", "label": "Shooting", "id": "x"}, "names": [{"text": "Shooting"}, {"text": "Расстрел"}],
            "key_facts": [{"field": "date", "path": "date", "value": "2011-12-16/2011-12-17"}],
            "location": {"place": "Zhanaozen"}, "identifiers": {"wikidata": "Q123", "wikipedia_en": "https://en.wikipedia.org/wiki/X", "other": "abc"}}
    assert json_ld(page, "https://kb.example/x", lambda table, record_id: "") == {
        "@context": "https://schema.org", "@type": "Event", "@id": "https://kb.example/x", "url": "https://kb.example/x",
        "name": "Shooting", "alternateName": ["Расстрел"], "startDate": "2011-12-16", "endDate": "2011-12-17",
        "location": {"@type": "Place", "name": "Zhanaozen"},
        "sameAs": ["https://www.wikidata.org/wiki/Q123", "https://en.wikipedia.org/wiki/X"],
    }


def test_citation_and_bibtex_text():
    assert citation("Ak Zhol", "https://kb.example/a", "2026-12-01", "2026-12-07") == \
        "“Ak Zhol.” Kazakh opposition history (knowledge base). https://kb.example/a. Last changed 2026-12-01. Accessed 2026-12-07."
    assert bibtex("ak-zhol", "Ak Zhol & 50% {x}", "https://kb.example/a", None, "2026-12-07") == (
        "@misc{kb-ak-zhol,\n  title = {{Ak Zhol \\& 50\\% \\{x\\}}},\n  howpublished = {Kazakh opposition history},\n"
        "  url = {https://kb.example/a},\n  year = {2026},\n  note = {Accessed 2026-12-07},\n  urldate = {2026-12-07}\n}\n")


async def test_lists_and_questions_offer_a_citation_of_the_data(fixture_datasette):
    listed = (await fixture_datasette.client.get("/-/parties", params={"kind": "bloc"})).text
    text = unescape(re.search(r'<p class="kb-citation">(.*?)</p>', listed).group(1))
    assert re.fullmatch(r"“Parties, blocs and movements\.” Kazakh opposition history \(knowledge base, data set\)\. "
                        r"http://localhost/-/parties\?kind=bloc\. Accessed \d{4}-\d\d-\d\d\.", text)
    assert '<a download="parties-blocs-and-movements.bib"' in listed
    asked = (await fixture_datasette.client.get("/opposition/imprisoned")).text
    assert "“Everyone imprisoned or detained, and when.” Kazakh opposition history (knowledge base, data set)." in unescape(asked)


def test_data_citation_bibtex():
    from kb.site.structured import data_citation

    cite = data_citation("People", "https://kb.example/-/people", "2026-12-07")
    assert cite == {"text": "“People.” Kazakh opposition history (knowledge base, data set). https://kb.example/-/people. Accessed 2026-12-07.",
                    "bibtex": "@misc{kb-data-people,\n  title = {{People}},\n  howpublished = {Kazakh opposition history (data set)},\n"
                              "  url = {https://kb.example/-/people},\n  year = {2026},\n  note = {Accessed 2026-12-07},\n  urldate = {2026-12-07}\n}\n",
                    "key": "people"}
