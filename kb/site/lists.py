"""List pages for readers (/-/people, /-/parties, …): one compact card per record, facets with
human labels and counts, and the Datasette table behind each list for analysts.

A listing is SQL only: `ids` selects the records listed, each facet's `pairs` selects
(id, value, label) for the records it describes, and `rows` selects what a card shows for the ids
given as a JSON array. kb.site.pages-style functions take a Datasette database and plain arguments.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from kb.site.charts import over_time
from kb.site.pages import fetch
from kb.site.words import date_in_words, label_in_words, language_in_words, number_in_words, value_in_words, years_in_words

PAGE_SIZE = 60
PARTY_KINDS = "('party', 'bloc', 'movement')"


@dataclass(frozen=True)
class Facet:
    key: str
    heading: str
    pairs: str  # select id, value, label
    ordered_by_value: bool = False  # years and decades read in order; the rest by count


@dataclass(frozen=True)
class Listing:
    slug: str
    title: str
    intro: str
    table: str
    ids: str
    rows: str
    facets: tuple[Facet, ...]
    drawn: Callable[..., Awaitable[dict]] | None = None  # charts drawn above the unfiltered list


def column_pairs(table: str, column: str, where: str = "") -> str:
    """Facet pairs whose value is one of the table's columns, labelled by the value itself."""
    return f"select id, {column} as value, {column} as label from {table}" + (f" where {where}" if where else "")


def decade_pairs(table: str, year_column: str) -> str:
    return (f"select id, ({year_column} / 10) * 10 as value, (({year_column} / 10) * 10) || 's' as label "
            f"from {table} where {year_column} is not null")


VOTES_OVER_TIME_SQL = """
select election.id, election.name, election.kind, election.date_year as year,
       coalesce(election.turnout, (select cast(fact.value as real) from fact where fact.record_id = election.id and fact.field = 'turnout'
          order by length(fact.value) desc, fact.path limit 1)) as turnout,
       (select r.shown_as from election_result r where r.election_id = election.id and r.stage = 'final' and r.figure = 'official'
          and r.tier in ('party-list', 'candidates', 'options') and r.share is not null order by r.share desc limit 1) as leader,
       (select max(r.share) from election_result r where r.election_id = election.id and r.stage = 'final' and r.figure = 'official'
          and r.tier in ('party-list', 'candidates', 'options')) as leading_share
from election where election.round_of_id is null
order by election.date_min, election.id
"""


async def votes_over_time(db) -> dict:
    """Turnout and the leading party's, candidate's or answer's final official share in every vote, by kind."""
    rows = await fetch(db, VOTES_OVER_TIME_SQL)
    kinds = []
    for kind in dict.fromkeys(row["kind"] for row in rows):
        points = [row for row in rows if row["kind"] == kind]
        turnout = over_time([{**row, "share": row["turnout"]} for row in points], "share")
        leading = over_time([{**row, "name": f"{row['name']} ({row['leader']})", "share": row["leading_share"]} for row in points], "share")
        kinds.append({"kind": kind, "turnout": turnout, "leading": leading, "rows": points})
    return {"over_time": kinds}


PARTY_MEMBERSHIP = f"""
select membership.member_id as id, org.id as value, org.name as label
from membership join organization org on org.id = membership.organization_id
where org.kind in {PARTY_KINDS} and membership.member_id in (select id from person)
"""

LISTINGS: dict[str, Listing] = {
    listing.slug: listing
    for listing in (
        Listing(
            slug="people",
            title="People",
            intro="Opposition leaders, candidates, journalists, activists and officials, with what became of them.",
            table="person",
            ids="select id from person",
            rows="""
select person.id, person.name as label, person.born_year as start_year, person.died_year as end_year,
       person.summary, person.fates, person.organizations
from person where person.id in (select value from json_each(:ids))
order by person.name
""",
            facets=(
                Facet("fate", "What became of them", "select person_id as id, status as value, status as label from fate"),
                Facet("party", "Party, bloc or movement", PARTY_MEMBERSHIP),
                Facet("born", "Born in the", decade_pairs("person", "born_year"), ordered_by_value=True),
                Facet("living", "Living", "select id, case living when 1 then 'yes' else 'no' end as value, "
                      "case living when 1 then 'Living' else 'Died' end as label from person where living is not null"),
            ),
        ),
        Listing(
            slug="parties",
            title="Parties, blocs and movements",
            intro="Every party, electoral bloc and movement, registered or refused, with its leaders and legal fate.",
            table="organization",
            ids=f"select id from organization where kind in {PARTY_KINDS}",
            rows="""
select organization.id, organization.name as label, organization.founded_year as start_year,
       organization.dissolved_year as end_year, organization.summary, organization.kind, organization.steps,
       organization.leaders
from organization where organization.id in (select value from json_each(:ids))
order by organization.name
""",
            facets=(
                Facet("kind", "Kind", column_pairs("organization", "kind", f"kind in {PARTY_KINDS}")),
                Facet("status", "Legal status", "select organization_id as id, status as value, status as label from registration"),
                Facet("vote", "Stood in", """
select distinct election_result.contestant_id as id, election.id as value, election.name as label
from election_result join election on election.id = election_result.election_id
"""),
                Facet("founded", "Founded in the", decade_pairs("organization", "founded_year"), ordered_by_value=True),
            ),
        ),
        Listing(
            slug="organizations",
            title="Other organizations",
            intro="Courts, state bodies, observer missions, NGOs, media and international bodies that appear in this history.",
            table="organization",
            ids=f"select id from organization where kind not in {PARTY_KINDS}",
            rows="""
select organization.id, organization.name as label, organization.founded_year as start_year,
       organization.dissolved_year as end_year, organization.summary, organization.kind
from organization where organization.id in (select value from json_each(:ids))
order by organization.name
""",
            facets=(
                Facet("kind", "Kind", column_pairs("organization", "kind", f"kind not in {PARTY_KINDS}")),
            ),
        ),
        Listing(
            slug="votes",
            title="Votes",
            intro="Every national vote since independence: presidential and parliamentary elections and referendums, with their rounds.",
            table="election",
            ids="select id from election",
            rows="""
select election.id, election.name as label, election.date, election.summary, election.kind,
       election.turnout, election.seats_total
from election where election.id in (select value from json_each(:ids))
order by election.date_min, election.id
""",
            drawn=votes_over_time,
            facets=(
                Facet("kind", "Kind", column_pairs("election", "kind")),
                Facet("decade", "Held in the", decade_pairs("election", "date_year"), ordered_by_value=True),
                Facet("body", "Body elected", """
select election.id, entity.id as value, entity.label as label
from election join entity on entity.id = election.body_id
"""),
            ),
        ),
        Listing(
            slug="incidents",
            title="Incidents",
            intro="Protests, arrests, trials, bans, attacks and deaths, each with its sources and the figures they give.",
            table="incident",
            ids="select id from incident",
            rows="""
select incident.id, incident.title as label, incident.date, incident.summary, incident.kind,
       place.name as place
from incident left join place on place.id = incident.place_id
where incident.id in (select value from json_each(:ids))
order by incident.date_min, incident.id
""",
            facets=(
                Facet("kind", "Kind", column_pairs("incident", "kind")),
                Facet("decade", "In the", decade_pairs("incident", "date_year"), ordered_by_value=True),
                Facet("involves", "Involving", """
select incident_participant.incident_id as id, entity.id as value, entity.label as label
from incident_participant join entity on entity.id = incident_participant.entity_id
"""),
                Facet("place", "Where", "select incident.id, place.id as value, place.name as label "
                      "from incident join place on place.id = incident.place_id"),
            ),
        ),
        Listing(
            slug="claims",
            title="Claims",
            intro="Judgements and assertions, each attributed to whoever made it, with what the evidence says.",
            table="claim",
            ids="select id from claim",
            rows="""
select claim.id, claim.paraphrase as label, claim.stated_on as date, claim.kind, claim.verification_status,
       claimant.label as claimant
from claim left join entity claimant on claimant.id = claim.claimant_id
where claim.id in (select value from json_each(:ids))
order by claim.stated_on_min, claim.id
""",
            facets=(
                Facet("verdict", "Verdict", "select id, coalesce(verification_status, 'opinion') as value, "
                      "coalesce(verification_status, 'opinion (not checkable)') as label from claim"),
                Facet("kind", "Kind", column_pairs("claim", "kind")),
                Facet("claimant", "Who said it", "select claim.id, entity.id as value, entity.label as label "
                      "from claim join entity on entity.id = claim.claimant_id"),
            ),
        ),
        Listing(
            slug="sources",
            title="Sources",
            intro="Every document read for this knowledge base, with its address, publisher, date and language.",
            table="source",
            ids="select id from source",
            rows="""
select source.id, source.title as label, source.published as date, source.kind, source.language,
       coalesce(source.publisher_name, publisher.label) as publisher, source.url
from source left join entity publisher on publisher.id = source.publisher_id
where source.id in (select value from json_each(:ids))
order by source.title, source.id
""",
            facets=(
                Facet("kind", "Kind", column_pairs("source", "kind")),
                Facet("language", "Language", "select source.id, source.language as value, coalesce(vocab.description, source.language) as label "
                      "from source left join vocab on vocab.vocabulary = 'lang' and vocab.value = source.language"),
                Facet("decade", "Published in the", decade_pairs("source", "published_year"), ordered_by_value=True),
            ),
        ),
    )
}


def chosen_filters(listing: Listing, args) -> dict[str, str]:
    """The facet values a request narrows to, by facet key (unknown keys are ignored)."""
    return {facet.key: args.get(facet.key) for facet in listing.facets if args.get(facet.key)}


def filtered_ids_sql(listing: Listing, chosen: dict[str, str]) -> tuple[str, dict]:
    clauses, params = [], {}
    for facet in listing.facets:
        if facet.key in chosen:
            clauses.append(f"and id in (select id from ({facet.pairs}) where cast(value as text) = :f_{facet.key})")
            params[f"f_{facet.key}"] = chosen[facet.key]
    return f"select id from ({listing.ids}) where 1 {' '.join(clauses)}", params


async def list_page(db, listing: Listing, args) -> dict:
    """Everything the list template shows: cards for one page of records, facets and counts."""
    chosen = chosen_filters(listing, args)
    ids_sql, params = filtered_ids_sql(listing, chosen)
    ids = [row["id"] for row in await fetch(db, ids_sql, params)]
    page = page_number(args.get("page"))
    rows = await fetch(db, listing.rows + " limit :limit offset :offset",
                       {"ids": json.dumps(ids), "limit": PAGE_SIZE, "offset": (page - 1) * PAGE_SIZE})
    extra = await listing.drawn(db) if listing.drawn and not chosen else {}
    return {
        **extra,
        "listing": listing,
        "count": len(ids),
        "cards": [card(listing.slug, row) for row in rows],
        "facets": [await facet_counts(db, facet, ids, chosen) for facet in listing.facets],
        "chosen": [{"key": key, "heading": facet_heading(listing, key), "label": label_in_words(value)} for key, value in chosen.items()],
        "page": page,
        "pages": max(1, -(-len(ids) // PAGE_SIZE)),
    }


async def facet_counts(db, facet: Facet, ids: list[str], chosen: dict[str, str]) -> dict:
    order = "value" if facet.ordered_by_value else "n desc, label"
    sql = (f"select cast(value as text) as value, label, count(distinct id) as n from ({facet.pairs}) "
           f"where id in (select value from json_each(:ids)) group by value order by {order}")
    values = await fetch(db, sql, {"ids": json.dumps(ids)})
    for value in values:
        value["label"] = label_in_words(value["label"])
        value["chosen"] = chosen.get(facet.key) == value["value"]
    return {"key": facet.key, "heading": facet.heading, "values": values}


def facet_heading(listing: Listing, key: str) -> str:
    return next(facet.heading for facet in listing.facets if facet.key == key)


def page_number(text: str | None) -> int:
    return int(text) if text and text.isdigit() and int(text) > 0 else 1


def card(slug: str, row: dict) -> dict:
    """One record's card: linked name, years or date, one-line summary, key facts and badges."""
    years = years_in_words(row.get("start_year"), row.get("end_year"), open_end=slug != "people")
    when = date_in_words(row["date"]) if row.get("date") else years
    return {"id": row["id"], "label": row["label"], "when": when, "summary": row.get("summary") or "",
            "badges": badges(slug, row), "facts": facts(slug, row)}


def badges(slug: str, row: dict) -> list[dict]:
    if slug == "people":
        return [{"text": value_in_words(status), "class": f"kb-fate-{status}"} for status in json_list(row.get("fates"))]
    if slug == "claims":
        verdict = row.get("verification_status")
        return [{"text": value_in_words(verdict or "opinion"), "class": f"kb-verdict-{verdict or 'none'}"}]
    if slug == "parties":
        steps = json_list(row.get("steps"))
        return [{"text": value_in_words(steps[-1]), "class": f"kb-step-{steps[-1]}"}] if steps else []
    return []


def facts(slug: str, row: dict) -> list[str]:
    found: list[str] = []
    if slug == "people" and json_list(row.get("organizations")):
        found.append("Organizations: " + ", ".join(json_list(row["organizations"])))
    if slug in ("parties", "organizations", "votes", "incidents", "claims", "sources") and row.get("kind"):
        found.append(value_in_words(row["kind"]))
    if slug == "parties" and json_list(row.get("leaders")):
        found.append("Leaders: " + ", ".join(json_list(row["leaders"])))
    if slug == "votes":
        if row.get("seats_total") is not None:
            found.append(f"{number_in_words(row['seats_total'])} seats")
        if row.get("turnout") is not None:
            found.append(f"turnout {number_in_words(row['turnout'])}%")
    if slug == "incidents" and row.get("place"):
        found.append(row["place"])
    if slug == "claims" and row.get("claimant"):
        found.append("Said by " + row["claimant"])
    if slug == "sources":
        if row.get("publisher"):
            found.append(row["publisher"])
        if row.get("language"):
            found.append(language_in_words(row["language"]))
    return found


def json_list(value: object) -> list:
    if not value:
        return []
    loaded = json.loads(value) if isinstance(value, str) else value
    return loaded if isinstance(loaded, list) else []
