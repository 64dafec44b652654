"""The reader's pages beyond Datasette's tables: search, timeline and map.

Each function takes a Datasette database and plain arguments and returns dicts for a template.
"""

from __future__ import annotations

import json
from pathlib import Path

from kb.db.near import near_queries
from kb.site.article import TABLES

SEARCH_LIMIT = 50
SEARCH_SQL = """
select entity.id, entity.type, entity.label, name.text, name.lang, name.kind, name_fts.rank
from name_fts
  join name on name.id = name_fts.rowid
  join entity on entity.id = name.entity_id
where name_fts match {match}
order by entity.type = 'sources', name_fts.rank, entity.label
limit 2000
"""
NAME_WORDS_SQL = "select key, words from name_word order by key"
# The name vocabulary of each database file, read once (the database is immutable while served).
VOCABULARIES: dict[tuple, dict[str, str]] = {}
SUMMARIES_SQL = """
select record_id, value from fact
where field = 'summary' and record_id in (select value from json_each(:ids))
"""
TIMELINE_SQL = """
select t.id, t.date, t.date_min, t.date_year, t.event, t.title, t.record_id, t.record_type, t.involves, t.involves_ids
from timeline t
where (:start is null or coalesce(t.date_max, t.date_min) >= :start || '-01-01')
  and (:end is null or t.date_min <= :end || '-12-31')
  and (:event is null or t.event = :event)
  and (:entity is null or t.id in (select id from timeline where record_id = :entity
                                    union select timeline_id from timeline_entity where entity_id = :entity))
order by t.date_min, t.id
limit :limit
"""
TIMELINE_LIMIT = 2000
EVENTS_SQL = "select event, count(*) as n from timeline group by event order by event"
ENTITY_SQL = "select id, type, label from entity where id = :id"
MAP_SQL = """
select incident.id, incident.title, incident.date, incident.kind, incident.geo_precision,
       incident.latitude, incident.longitude, place.name as place
from incident left join place on place.id = incident.place_id
where incident.latitude is not null and incident.longitude is not null
order by incident.date_min, incident.id
"""
# Radius in metres drawn around a point, so the map shows how precise it is.
PRECISION_RADIUS = {"exact": 150, "locality": 4000, "district": 20000, "region": 90000, "country": 400000}


async def fetch(db, sql: str, params: dict | None = None) -> list[dict]:
    return [dict(row) for row in (await db.execute(sql, params or {})).rows]


async def search(db, query: str) -> dict:
    """Records whose names match `query` in any script or spelling, best first; then, when a word
    of the query begins no name, those that match its near spellings (`near`: true)."""
    if not query.strip():
        return {"results": [], "near": False}
    results: dict[str, dict] = {}
    await collect(db, SEARCH_SQL.format(match="kb_fts_query(:q)"), {"q": query}, results, near=False)
    records_found = any(result["type"] != "sources" for result in results.values())
    for near in near_queries(query, await vocabulary(db), every_word=not records_found):
        await collect(db, SEARCH_SQL.format(match=":near"), {"near": near}, results, near=True)
    for found in results.values():
        found["spellings"] = same_script_first(found["spellings"], query)
    summaries = await fetch(db, SUMMARIES_SQL, {"ids": json.dumps(list(results))})
    for row in summaries:
        results[row["record_id"]]["summary"] = row["value"]
    # Records before sources; in each, exact and prefix matches before near spellings.
    found = sorted(results.values(), key=lambda result: (result["type"] == "sources", result["near"]))
    return {"results": found, "near": bool(found) and all(result["near"] for result in found)}


async def collect(db, sql: str, params: dict, results: dict[str, dict], near: bool) -> None:
    """Add the records a name query finds to `results` (at most SEARCH_LIMIT), with their spellings."""
    for row in await fetch(db, sql, params):
        found = results.get(row["id"])
        if found is None:
            if len(results) == SEARCH_LIMIT:
                continue
            found = results[row["id"]] = {"id": row["id"], "type": row["type"], "table": TABLES[row["type"]],
                                          "label": row["label"], "spellings": [], "near": near}
        spelling = {"text": row["text"], "lang": row["lang"]}
        if row["kind"] != "display" and spelling not in found["spellings"]:
            found["spellings"].append(spelling)


async def vocabulary(db) -> dict[str, str]:
    """The database's name words (key -> words), sorted by key; read once per database file."""
    path = Path(db.path) if db.path else None
    key = (str(path), path.stat().st_mtime_ns if path else None)
    if key not in VOCABULARIES:
        VOCABULARIES[key] = {row["key"]: row["words"] for row in await fetch(db, NAME_WORDS_SQL)}
    return VOCABULARIES[key]


def is_cyrillic(text: str) -> bool:
    return any("\u0400" <= char <= "\u04ff" for char in text)


def same_script_first(spellings: list[dict], query: str) -> list[dict]:
    """Spellings in the query's script (Cyrillic or Latin) first, each group in rank order."""
    cyrillic = is_cyrillic(query)
    return sorted(spellings, key=lambda spelling: is_cyrillic(spelling["text"]) != cyrillic)


def year_argument(text: str | None) -> int | None:
    """A year from a query-string value, or None when absent or not a year."""
    if text and text.strip().isdigit() and len(text.strip()) == 4:
        return int(text.strip())
    return None


async def timeline(db, entity: str | None, start: int | None, end: int | None, event: str | None) -> dict:
    """Dated events filtered by record, period and kind, grouped by year."""
    params = {"entity": entity or None, "start": str(start) if start else None, "end": str(end) if end else None,
              "event": event or None, "limit": TIMELINE_LIMIT}
    rows = await fetch(db, TIMELINE_SQL, params)
    years: dict[int, list[dict]] = {}
    for row in rows:
        row["table"] = TABLES[row["record_type"]]
        row["involved"] = [{"id": id_, "label": label} for id_, label in zip(json.loads(row["involves_ids"]), json.loads(row["involves"]))
                           if id_ != row["record_id"]]
        years.setdefault(row["date_year"], []).append(row)
    chosen = (await fetch(db, ENTITY_SQL, {"id": entity}))[:1] if entity else []
    return {
        "years": [{"year": year, "events": events} for year, events in years.items()],
        "count": len(rows),
        "truncated": len(rows) == TIMELINE_LIMIT,
        "entity": chosen[0] if chosen else None,
        "event_kinds": await fetch(db, EVENTS_SQL),
    }


async def map_points(db) -> list[dict]:
    """Incidents with coordinates, each with the radius that shows its precision."""
    points = await fetch(db, MAP_SQL)
    for point in points:
        point["radius"] = PRECISION_RADIUS.get(point["geo_precision"], PRECISION_RADIUS["locality"])
    return points
