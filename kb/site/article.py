"""A record's page as an article: names, summary, dated tables, fate, lineage, results, claims,
related records, and one numbered list of footnotes for every fact shown.

Every function takes a Datasette database and returns plain dicts for the templates.
"""

from __future__ import annotations

import json
from collections import OrderedDict

from kb.db.timeline import LINEAGE_WORDS
from kb.project import edit_url, view_url
from kb.records.schema import record_types, type_spec
from kb.site.charts import comparison_chart, fate_strip, over_time, set_caption, set_chart, set_order

TABLES = {record_type: type_spec(record_type)["table"] for record_type in record_types()}
SCRIPT_ORDER = {"en": 0, "ru": 1, "kk-Cyrl": 2, "kk-Latn": 3}

ENTITY_SQL = "select id, type, label, file, line, first_added, last_changed from entity where id = :id"
NAMES_SQL = """
select record_id, path, text, lang, kind, start, end from name
where entity_id = :id and kind != 'display' order by id
"""
FACTS_SQL = """
select fact.record_id, fact.path, fact.field, fact.value, fact.according_to_id, giver.label as according_to
from fact left join entity giver on giver.id = fact.according_to_id
where fact.record_id = :id order by fact.id
"""
CITATIONS_SQL = """
select citation.record_id, citation.path, citation.n, citation.at, citation.quote, citation.source_id,
       source.title, source.url, source.kind, source.publisher_name, source.published, source.archive_url
from citation join source on source.id = citation.source_id
where citation.record_id = :id order by citation.n, citation.id
"""
MEMBERSHIPS_SQL = """
select membership.record_id, membership.path, membership.role, membership.start, membership.end,
       membership.start_min, giver.label as according_to,
       org.id as org_id, org.label as org_label, org.type as org_type,
       member.id as member_id, member.label as member_label, member.type as member_type
from membership
  join entity org on org.id = membership.organization_id
  join entity member on member.id = membership.member_id
  left join entity giver on giver.id = membership.according_to_id
where membership.{column} = :id
order by membership.start_min is null, membership.start_min, membership.id
"""
POSITIONS_SQL = """
select position.record_id, position.path, position.title, position.start, position.end,
       org.id as org_id, org.label as org_label
from position left join entity org on org.id = position.organization_id
where position.person_id = :id
order by position.start_min is null, position.start_min, position.id
"""
FATE_SQL = """
select fate.record_id, fate.path, fate.status, fate.start, fate.end, fate.start_min, fate.end_max,
       fate.end_min, fate.note, giver.label as according_to
from fate left join entity giver on giver.id = fate.according_to_id
where fate.person_id = :id
order by fate.start_min is null, fate.start_min, fate.id
"""
REGISTRATION_SQL = """
select registration.record_id, registration.path, registration.status, registration.date,
       body.id as by_id, body.label as by_label
from registration left join entity body on body.id = registration.by_id
where registration.organization_id = :id
order by registration.date_min, registration.id
"""
LINEAGE_SQL = """
with recursive chain(org, depth) as (
  select :id, 0
  union
  select case when r.from_id = chain.org then r.to_id else r.from_id end, chain.depth + 1
  from org_relation r join chain on chain.org in (r.from_id, r.to_id)
  where chain.depth < 12
)
select distinct r.record_id, r.path, r.relation, r.date, r.date_min,
       newer.id as newer_id, newer.label as newer_label, older.id as older_id, older.label as older_label
from org_relation r
  join entity newer on newer.id = r.from_id
  join entity older on older.id = r.to_id
where r.from_id in (select org from chain)
order by r.date_min is null, r.date_min, r.id
"""
RESULT_SETS_SQL = """
select rs.id, rs.record_id, rs.path, rs.tier, rs.stage, rs.figure, rs.as_of, rs.as_of_min, rs.seats, rs.valid_votes,
       rs.votes_cast, rs.share_of, rs.note, rs.partial, giver.id as according_to_id, giver.label as according_to,
       giver.type as according_to_type
from result_set rs join entity giver on giver.id = rs.according_to_id
where rs.election_id = :id
order by rs.id
"""
RESULT_ROWS_SQL = """
select r.record_id, r.path, r.result_set_id, r.kind, r.shown_as, r.option, r.votes, r.share, r.seats,
       contestant.id as contestant_id, contestant.type as contestant_type,
       alliance.id as alliance_id, alliance.label as alliance
from election_result r
  left join entity contestant on contestant.id = r.contestant_id
  left join entity alliance on alliance.id = r.alliance_id
where r.election_id = :id
order by r.result_set_id, r.id
"""
QUESTION_SQL = """
select record_id, path, text, lang, wording from question where election_id = :id order by id
"""
OPTIONS_SQL = """
select key, answer from referendum_option where election_id = :id order by id
"""
PARTICIPANTS_SQL = """
select p.record_id, p.path, p.role, p.status, p.group_label, who.id as entity_id, who.label as entity_label,
       who.type as entity_type, giver.label as according_to
from incident_participant p
  left join entity who on who.id = p.entity_id
  left join entity giver on giver.id = p.according_to_id
where p.incident_id = :id order by p.id
"""
ESTIMATES_SQL = """
select e.record_id, e.path, e.kind, e.low, e.best, e.high, e.place_name, e.as_of, giver.label as according_to
from incident_estimate e join entity giver on giver.id = e.according_to_id
where e.incident_id = :id
order by (select vocab.rowid from vocab where vocab.vocabulary = 'estimate_kind' and vocab.value = e.kind), e.id
"""
LOCATION_SQL = """
select incident.latitude, incident.longitude, incident.geo_precision, place.id as place_id, place.name as place
from incident left join place on place.id = incident.place_id where incident.id = :id
"""
CLAIMS_ABOUT_SQL = """
select claim.id, claim.kind, claim.paraphrase, claim.verification_status, claim.verification_note,
       claimant.id as claimant_id, claimant.label as claimant, claimant.type as claimant_type
from claim_about
  join claim on claim.id = claim_about.claim_id
  join entity claimant on claimant.id = claim.claimant_id
where claim_about.entity_id = :id
order by claim.verification_status is null, claim.id
"""
CLAIMS_BY_SQL = """
select claim.id, claim.kind, claim.paraphrase, claim.verification_status from claim
where claim.claimant_id = :id order by claim.id
"""
CLAIM_SQL = """
select claim.kind, claim.paraphrase, claim.quote_text, claim.quote_lang, claim.stated_on,
       claim.verification_status, claim.verification_note, claim.stated_in_at,
       claimant.id as claimant_id, claimant.label as claimant, claimant.type as claimant_type,
       source.id as source_id, source.title as source_title
from claim join entity claimant on claimant.id = claim.claimant_id
  join source on source.id = claim.stated_in_source_id
where claim.id = :id
"""
RELATED_SQL = """
select entity.id, entity.type, entity.label, group_concat(links.how, '; ') as how from (
  select distinct id, how from (
    select incident_id as id, 'incident: ' || role || case when status != 'asserted' then ' (' || status || ')' else '' end as how
      from incident_participant where entity_id = :id
    union all select incident_id, 'related' from incident_related where related_id = :id
    union all select related_id, 'related' from incident_related where incident_id = :id
    union all select election_id, 'election: ' || figure || ' result' from election_result where contestant_id = :id
    union all select id, 'born here' from person where born_place_id = :id
    union all select id, 'incident here' from incident where place_id = :id
    union all select id, 'part of' from place where id = (select parent_id from place where id = :id)
    union all select id, 'lies here' from place where parent_id = :id
    union all select id, 'published' from source where publisher_id = :id
    union all select id, 'published' from source where author_id = :id
  ) order by id, how
) links join entity on entity.id = links.id
group by entity.id
order by entity.type, entity.label
"""
CITED_BY_SQL = """
select entity.id, entity.type, entity.label, count(*) as citations, json_group_array(distinct citation.path) as paths
from citation join entity on entity.id = citation.record_id
where citation.source_id = :id
group by entity.id order by entity.type, entity.label
"""
RESULTS_OVER_TIME_SQL = """
select election.id as election_id, election.name, election.date_year as year, r.tier, r.share, r.seats
from election_result r join election on election.id = r.election_id
where r.contestant_id = :id and r.stage = 'final' and r.figure = 'official' and election.round_of_id is null
order by election.date_min, election.id, r.result_set_id
"""
SOURCE_SQL = """
select source.kind, source.url, source.archive_url, source.published, source.retrieved, source.language, source.reuse,
       source.publisher_id, coalesce(publisher.label, source.publisher_name) as publisher,
       source.author_id, coalesce(author.label, source.author_name) as author, author.type as author_type
from source left join entity publisher on publisher.id = source.publisher_id
  left join entity author on author.id = source.author_id
where source.id = :id
"""
EVENTS_SQL = """
select date, event, title, path, record_id, record_type from timeline
where id in (
  select id from timeline
  where record_id = :id and path not glob 'fate*' and path not glob 'memberships*' and path not glob 'positions*'
    and path not glob 'registration*' and path not glob 'lineage*'
  union
  select timeline_entity.timeline_id from timeline_entity join timeline other on other.id = timeline_entity.timeline_id
  where timeline_entity.entity_id = :id and other.record_id != :id
)
order by date_min, id
"""


class Footnotes:
    """One numbering of sources for everything a page shows: the record's own numbers first
    (as in the citation table), then the sources of facts shown from other records."""

    def __init__(self, db, record_id: str):
        self.db = db
        self.record_id = record_id
        self.citations: dict[str, list[dict]] = {}
        self.notes: dict[int, dict] = {}
        self.numbers: dict[str, int] = {}
        self.shown: set[tuple[str, str]] = set()

    async def citations_of(self, record_id: str) -> list[dict]:
        if record_id not in self.citations:
            self.citations[record_id] = [dict(row) for row in (await self.db.execute(CITATIONS_SQL, {"id": record_id})).rows]
        return self.citations[record_id]

    def number(self, citation: dict) -> int:
        """The footnote number of a citation's source, giving the source one if it has none yet."""
        number = self.numbers.get(citation["source_id"])
        if number is None:
            own = citation["record_id"] == self.record_id
            number = citation["n"] if own else max(self.notes, default=0) + 1
            self.numbers[citation["source_id"]] = number
            self.notes[number] = {**citation, "n": number, "places": []}
        place = (citation["at"], citation["quote"])
        if (citation["at"] or citation["quote"]) and place not in self.notes[number]["places"]:
            self.notes[number]["places"].append(place)
        return number

    async def number_own(self) -> None:
        """Number every source of the page's own record first, as the citation table does."""
        for citation in await self.citations_of(self.record_id):
            self.number(citation)

    async def refs(self, record_id: str, path: str) -> list[int]:
        self.shown.add((record_id, path))
        citations = [c for c in await self.citations_of(record_id) if c["path"] == path]
        return sorted({self.number(citation) for citation in citations})

    async def annotate(self, rows: list[dict]) -> list[dict]:
        """Each row (with record_id and path) with the footnote numbers of its sources."""
        for row in rows:
            row["refs"] = await self.refs(row["record_id"], row["path"])
        return rows

    def unshown(self) -> list[dict]:
        """The record's own cited paths that no part of the page has shown, with their numbers."""
        paths: dict[str, list[int]] = {}
        for citation in self.citations.get(self.record_id, []):
            if (self.record_id, citation["path"]) not in self.shown:
                numbers = paths.setdefault(citation["path"], [])
                if self.numbers[citation["source_id"]] not in numbers:
                    numbers.append(self.numbers[citation["source_id"]])
        return [{"path": path, "refs": sorted(numbers)} for path, numbers in paths.items()]

    def listed(self) -> list[dict]:
        return [self.notes[number] for number in sorted(self.notes)]


async def fetch(db, sql: str, params: dict) -> list[dict]:
    return [dict(row) for row in (await db.execute(sql, params)).rows]


async def article(db, record_id: str) -> dict | None:
    """Everything a record's page shows, or None when there is no such record."""
    rows = await fetch(db, ENTITY_SQL, {"id": record_id})
    if not rows:
        return None
    entity = rows[0]
    params = {"id": record_id}
    notes = Footnotes(db, record_id)
    await notes.number_own()
    facts = await notes.annotate(await fetch(db, FACTS_SQL, params))
    page = {
        "record": {**entity, "table": TABLES[entity["type"]], "edit_url": edit_url(entity["file"], entity["line"]),
                   "view_url": view_url(entity["file"], entity["line"])},
        "names": sort_names(await notes.annotate(await fetch(db, NAMES_SQL, params))),
        "summary": next((fact for fact in facts if fact["field"] == "summary"), None),
        "facts": [fact for fact in facts if fact["field"] not in ("summary", "names")],
        "key_facts": [fact for fact in facts if fact["field"] not in LIST_FIELDS | {"summary"}],
        "contested": contested(facts),
        "events": await fetch(db, EVENTS_SQL, params),
        "claims_about": await fetch(db, CLAIMS_ABOUT_SQL, params),
        "claims_by": await fetch(db, CLAIMS_BY_SQL, params),
        "related": await fetch(db, RELATED_SQL, params),
    }
    extras = await record_extras(db, TABLES[entity["type"]], record_id)
    page["record_notes"], page["identifiers"], page["record"]["kind"] = extras["notes"], extras["identifiers"], extras["kind"]
    page.update(await type_sections(db, entity["type"], record_id, notes))
    page["other_refs"] = notes.unshown()
    page["notes"] = notes.listed()
    return page


async def record_extras(db, table: str, record_id: str) -> dict:
    """The record's free-text notes (not a fact: they explain the facts and cite by footnote), its
    identifiers elsewhere and its kind, where its table has them."""
    rows = await fetch(db, f"select * from [{table}] where id = :id", {"id": record_id})
    row = rows[0] if rows else {}
    identifiers = json.loads(row["identifiers"]) if row.get("identifiers") else {}
    return {"notes": row.get("notes"), "identifiers": identifiers, "kind": row.get("kind")}


def results_over_time(rows: list[dict]) -> dict:
    """A contestant's final official share and seats in every vote it stood in, one point per vote:
    the share of the party-list or candidates vote, the seats of the whole chamber where given."""
    points: dict[str, dict] = {}
    for row in rows:
        point = points.setdefault(row["election_id"], {"election_id": row["election_id"], "name": row["name"], "year": row["year"],
                                                       "share": None, "seats": None})
        if point["share"] is None and row["share"] is not None and row["tier"] in ("party-list", "candidates"):
            point["share"] = row["share"]
        if row["seats"] is not None and (row["tier"] == "all-seats" or point["seats"] is None):
            point["seats"] = row["seats"]
    ordered = list(points.values())
    if not ordered:
        return {}
    return {"over_time": ordered, "share_chart": over_time(ordered, "share"), "seats_chart": over_time(ordered, "seats")}


def cited_paths(paths: list[str]) -> list[str]:
    """What a record cites a source for, as the fields' names: 'results[0].rows[1]' -> 'results'."""
    fields = []
    for path in paths:
        field = path.split("[", 1)[0].split(".", 1)[0]
        if field not in fields:
            fields.append(field)
    return fields


def sort_names(names: list[dict]) -> list[dict]:
    return sorted(names, key=lambda name: (SCRIPT_ORDER.get(name["lang"], 9), name["kind"] != "official"))


def contested(facts: list[dict]) -> list[dict]:
    """Fields whose value sources give differently: each alternative with who gives it."""
    fields: dict[str, list[dict]] = {}
    for fact in facts:
        path = fact["path"]
        if path.startswith(f"{fact['field']}[") and "." not in path and fact["field"] not in LIST_FIELDS:
            fields.setdefault(fact["field"], []).append(fact)
    return [{"field": field, "alternatives": values} for field, values in fields.items() if len(values) > 1]


LIST_FIELDS = {"names", "memberships", "positions", "fate", "results", "question", "options", "estimates", "participants", "registration", "lineage", "members"}


TIER_TITLES = {
    "party-list": "Party-list vote", "single-member": "Single-member districts", "all-seats": "All seats",
    "candidates": "Candidates", "options": "Referendum answers",
}


def result_tiers(sets: list[dict], rows: list[dict]) -> list[dict]:
    """The result sets grouped by tier (in the vocabulary's order), each set with its rows, totals
    and chart, and a chart of the tier's sets side by side when there are several."""
    by_set: dict[int, list[dict]] = {}
    for row in rows:
        by_set.setdefault(row["result_set_id"], []).append(row)
    tiers: dict[str, list[dict]] = {}
    for result_set in sets:
        result_set["rows"] = by_set.get(result_set["id"], [])
        result_set["caption"] = set_caption(result_set)
        result_set["totals"] = {metric: total(result_set["rows"], metric) for metric in ("votes", "share", "seats")}
        result_set["chart"] = set_chart(result_set["rows"])
        tiers.setdefault(result_set["tier"], []).append(result_set)
    return [
        {"tier": tier, "title": TIER_TITLES[tier], "sets": sorted(tiers[tier], key=set_order),
         "comparison": comparison_chart(tiers[tier]) if len(tiers[tier]) > 1 else None}
        for tier in TIER_TITLES if tier in tiers
    ]


def total(rows: list[dict], metric: str) -> float | None:
    """The sum of a figure over the rows that give it (None when none does)."""
    values = [row[metric] for row in rows if row.get(metric) is not None]
    if not values:
        return None
    return round(sum(values), 2) if metric == "share" else sum(values)


def describe_lineage(steps: list[dict]) -> list[dict]:
    """Each lineage step with a sentence saying what happened, in the timeline's words."""
    for step in steps:
        step["sentence"] = LINEAGE_WORDS[step["relation"]].format(name=step["newer_label"], other=step["older_label"])
    return steps


async def type_sections(db, record_type: str, record_id: str, notes: Footnotes) -> dict:
    params = {"id": record_id}
    if record_type == "people":
        fate = await notes.annotate(await fetch(db, FATE_SQL, params))
        return {
            "memberships": await notes.annotate(await fetch(db, MEMBERSHIPS_SQL.format(column="member_id"), params)),
            "positions": await notes.annotate(await fetch(db, POSITIONS_SQL, params)),
            "fate": fate,
            "fate_strip": fate_strip(fate),
        }
    if record_type == "organizations":
        members = await notes.annotate(await fetch(db, MEMBERSHIPS_SQL.format(column="organization_id"), params))
        return {
            "members": members,
            "member_of": await notes.annotate(await fetch(db, MEMBERSHIPS_SQL.format(column="member_id"), params)),
            "registration": await notes.annotate(await fetch(db, REGISTRATION_SQL, params)),
            "lineage": describe_lineage(await notes.annotate(await fetch(db, LINEAGE_SQL, params))),
            **results_over_time(await fetch(db, RESULTS_OVER_TIME_SQL, params)),
        }
    if record_type == "elections":
        sets = await notes.annotate(await fetch(db, RESULT_SETS_SQL, params))
        rows = await notes.annotate(await fetch(db, RESULT_ROWS_SQL, params))
        return {
            "question": await notes.annotate(await fetch(db, QUESTION_SQL, params)),
            "options": await fetch(db, OPTIONS_SQL, params),
            "tiers": result_tiers(sets, rows),
        }
    if record_type == "incidents":
        location = await fetch(db, LOCATION_SQL, params)
        return {
            "participants": await notes.annotate(await fetch(db, PARTICIPANTS_SQL, params)),
            "estimates": await notes.annotate(await fetch(db, ESTIMATES_SQL, params)),
            "location": location[0] if location and location[0]["latitude"] is not None else None,
        }
    if record_type == "claims":
        claim = await fetch(db, CLAIM_SQL, params)
        if not claim:
            return {}
        claim[0]["stated_refs"] = await notes.refs(record_id, "stated_in")
        claim[0]["verification_refs"] = await notes.refs(record_id, "verification")
        return {"claim": claim[0]}
    if record_type == "sources":
        cited_by = await fetch(db, CITED_BY_SQL, params)
        for record in cited_by:
            record["paths"] = cited_paths(json.loads(record["paths"]))
        found = await fetch(db, SOURCE_SQL, params)
        return {"cited_by": cited_by, "source": found[0] if found else None}
    return {}


class PageCache:
    """Record pages' template variables, the most recently used `size` of them. The database is
    served immutable, so a record's page changes only with the address it is cited at and the day
    it is read on, which are part of the key with the database file and the record."""

    def __init__(self, size: int):
        self.size = size
        self.pages: OrderedDict[tuple, tuple] = OrderedDict()

    def get(self, datasette, key: tuple) -> dict | None:
        found = self.pages.get((id(datasette), *key))
        if found is None or found[0] is not datasette:
            return None
        self.pages.move_to_end((id(datasette), *key))
        return found[1]

    def put(self, datasette, key: tuple, value: dict) -> dict:
        self.pages[(id(datasette), *key)] = (datasette, value)
        while len(self.pages) > self.size:
            self.pages.popitem(last=False)
        return value
