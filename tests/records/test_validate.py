"""kb.records.validate: schema problems with the line, the field path and a helpful message."""

from pathlib import Path

import pytest

from tests.conftest import problems_in

PERSON = "id: person-a\nname: Person A\nliving: true\n"
CASES = {
    "unknown key with suggestion": (
        "people/person-a.yml", PERSON + "sumary: {text: x, sources: [src-news]}\n",
        ["records/people/person-a.yml:4: sumary: unknown key; did you mean 'summary'? (allowed: id, name, living, born, died, memberships, positions, fate, summary, names, identifiers, sources, notes)"],
    ),
    "missing required field": (
        "people/person-a.yml", "id: person-a\nname: Person A\n",
        ["records/people/person-a.yml:1: living: required field is missing (Whether the person is living (true) or dead (false).)"],
    ),
    "number where text belongs": (
        "people/person-a.yml", PERSON + "notes: 2004\n",
        ["records/people/person-a.yml:4: notes: expected text, got the number 2004; quote it (\"2004\")"],
    ),
    "text where a number belongs": (
        "elections/election-e.yml",
        "id: election-e\nkind: parliamentary\nname: Election E\ndate: {date: \"2004-09-19\", sources: [src-news]}\nseats_total: {value: \"77\", sources: [src-news]}\n",
        ["records/elections/election-e.yml:5: seats_total.value: expected a whole number, got the text '77'; write it without quotes"],
    ),
    "percent sign": (
        "elections/election-e.yml",
        "id: election-e\nkind: parliamentary\nname: Election E\ndate: {date: \"2004-09-19\", sources: [src-news]}\nturnout: {value: 77%, according_to: commission, sources: [src-news]}\n",
        ["records/elections/election-e.yml:5: turnout.value: expected a number, got the text '77%'; write 77"],
    ),
    "thousands separators": (
        "elections/election-e.yml",
        "id: election-e\nkind: parliamentary\nname: Election E\ndate: {date: \"2004-09-19\", sources: [src-news]}\nvotes_cast: {value: \"6,147,517\", sources: [src-news]}\n",
        ["records/elections/election-e.yml:5: votes_cast.value: expected a whole number, got the text '6,147,517'; write 6147517"],
    ),
    "value outside vocabulary": (
        "people/person-a.yml", PERSON + "memberships:\n  - {org: party-a, role: leeder, sources: [src-news]}\n",
        ["records/people/person-a.yml:5: memberships[0].role: 'leeder' is not allowed; did you mean 'leader'? (allowed: member, founder, leader, co-chair, deputy-leader, acting-leader, candidate, member-organization)"],
    ),
    "id not a slug": (
        "people/person-a.yml", "id: Person_A\nname: Person A\nliving: true\n",
        ["records/people/person-a.yml:1: id: 'Person_A' is not a valid id; use lower-case ASCII letters, digits and single hyphens (e.g. 'ak-zhol')"],
    ),
    "javascript url": (
        "sources/src-news.yml", "id: src-news\nkind: news\ntitle: T\nurl: javascript:alert(1)\npublisher_name: P\nlanguage: en\n",
        ["records/sources/src-news.yml:4: url: 'javascript:alert(1)' is not a web address; use an http:// or https:// address"],
    ),
    "data url": (
        "sources/src-news.yml", "id: src-news\nkind: news\ntitle: T\nurl: \"data:text/html,<script>alert(1)</script>\"\npublisher_name: P\nlanguage: en\n",
        ["records/sources/src-news.yml:4: url: 'data:text/html,<script>alert(1)</script>' is not a web address; use an http:// or https:// address"],
    ),
    "share over 100": (
        "elections/election-e.yml",
        "id: election-e\nkind: parliamentary\nname: Election E\ndate: {date: \"2004-09-19\", sources: [src-news]}\nresults:\n  - {tier: party-list, stage: preliminary, figure: official, according_to: commission, sources: [src-news], rows: [{contestant: party-a, share: 120}]}\n",
        ["records/elections/election-e.yml:6: results[0].rows[0].share: 120 is above the maximum 100"],
    ),
    "result without attribution": (
        "elections/election-e.yml",
        "id: election-e\nkind: parliamentary\nname: Election E\ndate: {date: \"2004-09-19\", sources: [src-news]}\nresults:\n  - {tier: party-list, stage: final, figure: official, sources: [src-news], rows: [{contestant: party-a, share: 100}]}\n",
        ["records/elections/election-e.yml:6: results[0].according_to: required field is missing (Who published the set.)"],
    ),
    "impossible date": (
        "people/person-a.yml", PERSON + "born: {date: \"1947-02-30\", sources: [src-news]}\n",
        ["records/people/person-a.yml:4: born.date: '1947-02-30' is not a valid EDTF date (e.g. \"2004\", \"2004-12\", \"2004-12-16\", \"2004-12-16?\", \"2004-12~\", \"2004-09-19/2004-10-03\", \"2004/..\")"],
    ),
    "reversed interval": (
        "people/person-a.yml", PERSON + "born: {date: \"1948/1947\", sources: [src-news]}\n",
        ["records/people/person-a.yml:4: born.date: '1948/1947' is an interval that ends before it starts"],
    ),
    "empty interval end": (
        "people/person-a.yml", PERSON + "born: {date: \"1947/\", sources: [src-news]}\n",
        ["records/people/person-a.yml:4: born.date: '1947/' has an empty end; write '..' for an open end (e.g. \"2004/..\") or give the date"],
    ),
    "citation without sources": (
        "people/person-a.yml", PERSON + "born: {date: \"1947\"}\n",
        ["records/people/person-a.yml:4: born.sources: required field is missing (Sources for the date and place.)"],
    ),
    "empty value": (
        "people/person-a.yml", PERSON + "notes:\n",
        ["records/people/person-a.yml:4: notes: empty value; fill it in or remove the key"],
    ),
    "identifier scheme in capitals": (
        "people/person-a.yml", PERSON + "identifiers: {Wiki Data: Q1}\n",
        ["records/people/person-a.yml:4: identifiers: 'Wiki Data': identifier scheme names are lower-case words (e.g. wikidata)"],
    ),
    "one source id where a list belongs": (
        "people/person-a.yml", PERSON + "born: {date: \"1947\", sources: src-news}\n",
        ["records/people/person-a.yml:4: born.sources: expected a list; write [src-news]"],
    ),
    "bad citation shape": (
        "people/person-a.yml", PERSON + "born: {date: \"1947\", sources: [{src: src-news}]}\n",
        ["records/people/person-a.yml:4: born.sources[0].source: required field is missing (The cited source record.)",
         "records/people/person-a.yml:4: born.sources[0].src: unknown key; (allowed: source, at, quote)"],
    ),
}


@pytest.mark.parametrize("name", CASES)
def test_schema_problems(records: Path, name: str):
    relative, text, expected = CASES[name]
    (records / relative).write_text(text, encoding="utf-8")
    assert [p for p in problems_in(records) if relative in p] == expected


def test_every_problem_is_reported_at_once(records: Path):
    (records / "people/person-a.yml").write_text("id: person-a\nname: 5\nliving: maybe\nfate: [{status: jailed, sources: [src-news]}]\n")
    assert [p for p in problems_in(records) if "person-a.yml" in p] == [
        "records/people/person-a.yml:2: name: expected text, got the number 5; quote it (\"5\")",
        "records/people/person-a.yml:3: living: expected true or false, got the text 'maybe'",
        "records/people/person-a.yml:4: fate[0].status: 'jailed' is not allowed; (allowed: active, took-state-post, joined-ruling-party, emigrated, imprisoned, detained, left-politics, killed, died)",
    ]
