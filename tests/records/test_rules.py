"""kb.records.rules: ids, references, dates, numbers and voice across records."""

from pathlib import Path

import pytest

from tests.conftest import problems_in

PERSON = "id: person-a\nname: Person A\nliving: true\n"
ELECTION = "id: election-e\nkind: parliamentary\nname: Election E\ndate: {date: \"2004-09-19\", sources: [src-news]}\n"
INCIDENT = "id: incident-f\nkind: crackdown\ntitle: Incident F\ndate: {date: \"2011\", sources: [src-news]}\nsummary: {text: x, sources: [src-news]}\n"


def result_set(stage: str, rows: str, tier: str = "party-list", extra: str = "") -> str:
    """One official result set in YAML, its rows given as indented lines."""
    extra_lines = f"    {extra}\n" if extra else ""
    return (f"  - tier: {tier}\n    stage: {stage}\n    figure: official\n    according_to: commission\n    sources: [src-news]\n"
            f"{extra_lines}    rows:\n    {rows}\n")


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
        "elections/election-e.yml", ELECTION + "seats_total: {value: 77, sources: [src-news]}\nresults:\n" + result_set("preliminary", "  - {contestant: party-a, seats: 80}"),
        ["records/elections/election-e.yml:13: results[0].rows[0].seats: 80 seats is more than seats_total 77"],
    ),
    "result without a figure": (
        "elections/election-e.yml", ELECTION + "results:\n" + result_set("preliminary", "  - {contestant: party-a}"),
        ["records/elections/election-e.yml:12: results[0].rows[0]: give at least one of votes, share, seats"],
    ),
    "row with two identities": (
        "elections/election-e.yml", ELECTION + "results:\n" + result_set("preliminary", "  - {contestant: party-a, label: Party A, kind: others, share: 3}"),
        ["records/elections/election-e.yml:12: results[0].rows[0]: give exactly one of contestant (a record id), option (a referendum answer) or label (with kind); got contestant and label"],
    ),
    "label row without its kind": (
        "elections/election-e.yml", ELECTION + "results:\n" + result_set("preliminary", "  - {label: Independent candidates, seats: 3}"),
        ["records/elections/election-e.yml:12: results[0].rows[0].kind: a label row needs its kind (allowed: independents, others, against-all, blank, invalid)"],
    ),
    "kind on a contestant row": (
        "elections/election-e.yml", ELECTION + "results:\n" + result_set("preliminary", "  - {contestant: party-a, kind: invalid, votes: 3}"),
        ["records/elections/election-e.yml:12: results[0].rows[0].kind: kind is for label rows; a contestant or option row is counted as one"],
    ),
    "contestant listed twice": (
        "elections/election-e.yml", ELECTION + "results:\n" + result_set("preliminary", "  - {contestant: party-a, share: 3}\n      - {contestant: party-a, seats: 1}"),
        ["records/elections/election-e.yml:13: results[0].rows[1]: 'party-a' is listed twice in this set (also rows[0])"],
    ),
    "set given twice": (
        "elections/election-e.yml", ELECTION + "results:\n" + result_set("preliminary", "  - {contestant: party-a, share: 3}") + result_set("preliminary", "  - {contestant: party-b, share: 4}"),
        ["records/elections/election-e.yml:13: results[1]: the same tier, stage, publisher, as_of and note as results[0]; give each set once, or say in its note how it differs (e.g. the same body's figures as another document gives them)"],
    ),
    "tier of another kind of vote": (
        "elections/election-e.yml", ELECTION + "results:\n" + result_set("preliminary", "  - {contestant: party-a, share: 3}", tier="candidates"),
        ["records/elections/election-e.yml:6: results[0].tier: a parliamentary vote has no tier candidates (allowed: party-list, single-member, all-seats)"],
    ),
    "seats that do not add up": (
        "elections/election-e.yml", ELECTION + "seats_total: {value: 77, sources: [src-news]}\nresults:\n" + result_set("final", "  - {contestant: party-a, seats: 42}\n      - {contestant: party-b, seats: 16}", tier="all-seats"),
        ["records/elections/election-e.yml:13: results[0].rows: seats add up to 58, but the vote's seats_total is 77; add the missing rows (other contestants, independents, against all, invalid ballots) or mark the set partial: <reason>"],
    ),
    "set seats that do not add up": (
        "elections/election-e.yml", ELECTION + "seats_total: {value: 77, sources: [src-news]}\nresults:\n" + result_set("final", "  - {contestant: party-a, share: 70, seats: 7}\n      - {contestant: party-b, share: 30, seats: 2}", extra="seats: 10"),
        ["records/elections/election-e.yml:14: results[0].rows: seats add up to 9, but the set's seats is 10; add the missing rows (other contestants, independents, against all, invalid ballots) or mark the set partial: <reason>"],
    ),
    "shares that do not add up": (
        "elections/election-e.yml", ELECTION + "results:\n" + result_set("final", "  - {contestant: party-a, share: 60.61}\n      - {contestant: party-b, share: 12.04}"),
        ["records/elections/election-e.yml:12: results[0].rows: shares add up to 72.65%, not 100% (± 0.5); add the missing rows (other contestants, independents, against all, invalid ballots) or mark the set partial: <reason>"],
    ),
    "shares of ballots cast without the invalid ones": (
        "elections/election-e.yml", ELECTION + "results:\n" + result_set("final", "  - {contestant: party-a, share: 90}\n      - {contestant: party-b, share: 8.5}", extra="share_of: cast"),
        ["records/elections/election-e.yml:13: results[0].rows: shares add up to 98.5%, not 100% (± 0.5) (shares are of ballots cast: give the invalid ballots row's share, or its votes and the set's votes_cast); add the missing rows (other contestants, independents, against all, invalid ballots) or mark the set partial: <reason>"],
    ),
    "shares of ballots cast with the invalid ones' votes": (
        "elections/election-e.yml", ELECTION + "results:\n" + result_set("final", "  - {contestant: party-a, votes: 900, share: 90}\n      - {contestant: party-b, votes: 85, share: 8.5}\n      - {label: Invalid ballots, kind: invalid, votes: 15}", extra="share_of: cast\n    votes_cast: 1000"),
        [],
    ),
    "invalid share among shares of valid votes": (
        "elections/election-e.yml", ELECTION + "results:\n" + result_set("final", "  - {contestant: party-a, share: 98}\n      - {label: Invalid ballots, kind: invalid, share: 2}"),
        ["records/elections/election-e.yml:12: results[0].rows: an invalid-ballots row has a share, but shares are of valid votes; set share_of: cast or remove that share"],
    ),
    "votes that do not add up": (
        "elections/election-e.yml", ELECTION + "results:\n" + result_set("final", "  - {contestant: party-a, votes: 900}\n      - {contestant: party-b, votes: 80}\n      - {label: Invalid ballots, kind: invalid, votes: 15}", extra="valid_votes: 985\n    votes_cast: 1000"),
        ["records/elections/election-e.yml:14: results[0].rows: votes add up to 980, but valid_votes is 985; add the missing rows (other contestants, independents, against all, invalid ballots) or mark the set partial: <reason>",
         "records/elections/election-e.yml:14: results[0].rows: votes, invalid ballots included, add up to 995, but votes_cast is 1,000; add the missing rows (other contestants, independents, against all, invalid ballots) or mark the set partial: <reason>"],
    ),
    "rows without votes beside valid votes": (
        "elections/election-e.yml", ELECTION + "results:\n" + result_set("final", "  - {contestant: party-a, votes: 900}\n      - {contestant: party-b, seats: 2}", extra="valid_votes: 985"),
        ["records/elections/election-e.yml:13: results[0].rows: valid_votes is 985, but 1 row gives no votes; give every row's votes, or remove valid_votes"],
    ),
    "partial set is not summed": (
        "elections/election-e.yml", ELECTION + "seats_total: {value: 77, sources: [src-news]}\nresults:\n" + result_set("final", "  - {contestant: party-a, share: 60.61, seats: 42}", extra="partial: Only the winner's figures were published."),
        [],
    ),
    "referendum without its question": (
        "elections/election-e.yml", "id: election-e\nkind: referendum\nname: Referendum\ndate: {date: \"1995-08-30\", sources: [src-news]}\noptions:\n  - {key: for, label: For}\n",
        ["records/elections/election-e.yml:1: question: a referendum needs its question (Referendums: the question, in the original language and in English.)"],
    ),
    "options in an election": (
        "elections/election-e.yml", ELECTION + "options:\n  - {key: for, label: For}\n",
        ["records/elections/election-e.yml:6: options: only a referendum has options; this vote's kind is parliamentary"],
    ),
    "unknown referendum option": (
        "elections/election-e.yml", "id: election-e\nkind: referendum\nname: Referendum\ndate: {date: \"1995-08-30\", sources: [src-news]}\n"
        "question:\n  - {text: Q?, lang: en, wording: official, sources: [src-news]}\noptions:\n  - {key: for, label: For}\n  - {key: against, label: Against}\n"
        "results:\n" + result_set("final", "  - {option: for, share: 90}\n      - {option: agains, share: 10}", tier="options"),
        ["records/elections/election-e.yml:18: results[0].rows[1].option: unknown option 'agains'; the vote's options are: for, against"],
    ),
    "option in an election's result": (
        "elections/election-e.yml", ELECTION + "results:\n" + result_set("preliminary", "  - {option: for, share: 90}"),
        ["records/elections/election-e.yml:12: results[0].rows[0].option: only a referendum's rows have an option; name a contestant or give a label"],
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
