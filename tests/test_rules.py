"""kb.rules: ids, references, dates, numbers and voice across records."""

from pathlib import Path

import pytest

from tests.conftest import problems_in

PERSON = "id: person-a\nname: Person A\nliving: true\n"
ELECTION = "id: election-e\nkind: parliamentary\nname: Election E\ndate: {date: \"2004-09-19\", sources: [src-news]}\n"
INCIDENT = "id: incident-f\nkind: crackdown\ntitle: Incident F\ndate: {date: \"2011\", sources: [src-news]}\nsummary: {text: x, sources: [src-news]}\n"
CASES = {
    "id differs from file name": (
        "people/person-a.yml", "id: person-b\nname: Person A\nliving: true\n",
        ["records/people/person-a.yml:1: id: id 'person-b' does not match the file name 'person-a.yml'; the id must equal the file name"],
    ),
    "dangling reference": (
        "people/person-a.yml", PERSON + "memberships:\n  - {org: party-aa, role: member, sources: [src-news]}\n",
        ["records/people/person-a.yml:5: memberships[0].org: unknown id 'party-aa'; expected an organization (did you mean 'party-a'?)"],
    ),
    "reference suggested by the first word of its id": (
        "people/person-a.yml", PERSON + "memberships:\n  - {org: party-communists, role: member, sources: [src-news]}\n",
        ["records/people/person-a.yml:5: memberships[0].org: unknown id 'party-communists'; expected an organization (did you mean 'party-a' or 'party-b'?)"],
    ),
    "reference suggested by name": (
        "people/person-a.yml", PERSON + "memberships:\n  - {org: ak-jol, role: member, sources: [src-news]}\n",
        ["records/people/person-a.yml:5: memberships[0].org: unknown id 'ak-jol'; expected an organization (did you mean 'party-a'?)"],
    ),
    "reference to the wrong type": (
        "people/person-a.yml", PERSON + "memberships:\n  - {org: town-d, role: member, sources: [src-news]}\n",
        ["records/people/person-a.yml:5: memberships[0].org: 'town-d' is a place; expected an organization"],
    ),
    "citation of a non-source": (
        "people/person-a.yml", PERSON + "born: {date: \"1947\", sources: [party-a]}\n",
        ["records/people/person-a.yml:4: born.sources[0]: 'party-a' is an organization; expected a source"],
    ),
    "citation mapping of a missing source": (
        "people/person-a.yml", PERSON + "born: {date: \"1947\", sources: [{source: src-newz, at: p. 2}]}\n",
        ["records/people/person-a.yml:4: born.sources[0].source: unknown id 'src-newz'; expected a source (did you mean 'src-news'?)"],
    ),
    "end before start": (
        "people/person-a.yml", PERSON + "memberships:\n  - {org: party-a, role: member, start: \"2005\", end: \"2004-06\", sources: [src-news]}\n",
        ["records/people/person-a.yml:5: memberships[0].end: '2004-06' is before start '2005'"],
    ),
    "death before birth": (
        "people/person-a.yml", "id: person-a\nname: Person A\nliving: false\nborn: {date: \"1950\", sources: [src-news]}\ndied: {date: \"1949\", sources: [src-news]}\n",
        ["records/people/person-a.yml:5: died: '1949' is before born '1950'"],
    ),
    "living person with a death": (
        "people/person-a.yml", PERSON + "died: {date: \"2020\", sources: [src-news]}\n",
        ["records/people/person-a.yml:4: died: living is true but a death is given; set living: false"],
    ),
    "low above best": (
        "incidents/incident-f.yml", INCIDENT + "estimates:\n  - {kind: killed, low: 20, best: 14, according_to: commission, sources: [src-news]}\n",
        ["records/incidents/incident-f.yml:7: estimates[0].best: best 14 is less than low 20; need low <= best <= high"],
    ),
    "estimate without a figure": (
        "incidents/incident-f.yml", INCIDENT + "estimates:\n  - {kind: killed, according_to: commission, sources: [src-news]}\n",
        ["records/incidents/incident-f.yml:7: estimates[0]: give at least one of low, best, high"],
    ),
    "seats above the total": (
        "elections/election-e.yml", ELECTION + "seats_total: {value: 77, sources: [src-news]}\nresults:\n  - {contestant: party-a, figure: official, seats: 80, according_to: commission, sources: [src-news]}\n",
        ["records/elections/election-e.yml:7: results[0].seats: 80 seats is more than seats_total 77"],
    ),
    "result without a figure": (
        "elections/election-e.yml", ELECTION + "results:\n  - {contestant: party-a, figure: official, according_to: commission, sources: [src-news]}\n",
        ["records/elections/election-e.yml:6: results[0]: give at least one of votes, share, seats"],
    ),
    "fact on opinion sources only": (
        "people/person-a.yml", PERSON + "born: {date: \"1947\", sources: [src-opinion]}\n",
        ["records/people/person-a.yml:4: born.sources: stated only on opinion sources (src-opinion); add a reporting source, or attribute it with according_to (or make it a claim)"],
    ),
    "alternatives without attribution": (
        "people/person-a.yml", PERSON + "born:\n  - {date: \"1947\", sources: [src-news]}\n  - {date: \"1948\", according_to: party-a, sources: [src-news]}\n",
        ["records/people/person-a.yml:5: born[0]: when sources disagree, give each alternative its according_to"],
    ),
    "alleged participant without accuser": (
        "incidents/incident-f.yml", INCIDENT + "participants:\n  - {entity: person-a, role: perpetrator, status: alleged, sources: [src-news]}\n",
        ["records/incidents/incident-f.yml:7: participants[0].status: alleged participation needs according_to (who says so)"],
    ),
    "participant without entity or label": (
        "incidents/incident-f.yml", INCIDENT + "participants:\n  - {role: perpetrator, status: asserted, sources: [src-news]}\n",
        ["records/incidents/incident-f.yml:7: participants[0]: give entity (a record id) or label (a description)"],
    ),
    "source without publisher": (
        "sources/src-news.yml", "id: src-news\nkind: news\ntitle: T\nurl: https://example.org/\nlanguage: en\n",
        ["records/sources/src-news.yml:1: publisher: give publisher (an organization id) or publisher_name"],
    ),
    "quote longer than a sentence": (
        "people/person-a.yml", PERSON + "born: {date: \"1947\", sources: [{source: src-news, quote: \"" + "word " * 90 + "\"}]}\n",
        ["records/people/person-a.yml:4: born.sources[0].quote: quote is 450 characters; quote at most one sentence (400 characters) and paraphrase the rest"],
    ),
}


@pytest.mark.parametrize("name", CASES)
def test_record_problems(records: Path, name: str):
    relative, text, expected = CASES[name]
    (records / relative).write_text(text, encoding="utf-8")
    assert problems_in(records) == expected


def test_ids_are_unique_across_types(records: Path):
    (records / "places/party-a.yml").write_text("id: party-a\nkind: city\nname: Party A Town\n")
    assert problems_in(records) == [
        "records/places/party-a.yml:1: id: id 'party-a' is already used by " + str(records / "organizations/party-a.yml") + "; ids are unique across all types",
    ]


def test_reference_to_an_unreadable_record_adds_no_second_problem(records: Path):
    (records / "organizations/party-a.yml").write_text("id: party-a\nname: [broken\n")
    assert problems_in(records) == ["records/organizations/party-a.yml:3: (yaml): YAML syntax error: while parsing a flow sequence did not find expected ',' or ']'; the [ on line 2 is not closed with ], or a comma is missing"]
