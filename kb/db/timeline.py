"""Dated events of every record type, for the timeline table and page.

Each event keeps the path of the fact it comes from, so its citations are the fact's citations.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from kb.records.dates import date_range

REGISTRATION_WORDS = {
    "registered": "{name} registered",
    "refused": "{name} refused registration",
    "suspended": "{name} suspended",
    "liquidated": "{name} liquidated or banned",
    "self-dissolved": "{name} dissolved itself",
}
LINEAGE_WORDS = {
    "split-from": "{name} split from {other}",
    "merged-from": "{other} merged into {name}",
    "successor-of": "{name} formed as successor of {other}",
    "renamed-from": "{other} renamed {name}",
    "joined": "{other} joined {name}",
}
LEADER_ROLES = {"leader": "became-leader", "co-chair": "became-leader", "acting-leader": "became-leader", "founder": "co-founded"}


def timeline_events(record_type: str, data: dict, labels: dict[str, str]) -> Iterator[dict]:
    """Every dated event of one record: date, event, title, involved ids and the fact's path."""
    events = {
        "organizations": organization_events,
        "people": person_events,
        "elections": election_events,
        "incidents": incident_events,
    }.get(record_type)
    if events is None:
        return
    for event in events(data, labels):
        if event["date"]:
            yield event


def event(date: object, kind: str, title: str, path: tuple, involves: list[str]) -> dict:
    return {"date": date, "event": kind, "title": title, "path": path, "involves": list(dict.fromkeys(involves))}


def alternatives(data: dict, field: str) -> Iterator[tuple[dict, tuple]]:
    """The values of a fact field with their paths, whether one value or alternatives."""
    value = data.get(field)
    if isinstance(value, dict):
        yield value, (field,)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield item, (field, index)


def attribution(value: dict, labels: dict[str, str]) -> str:
    giver = value.get("according_to")
    return f" (according to {labels.get(giver, giver)})" if giver else ""


def dated_fact_events(data: dict, labels: dict[str, str], field: str, kind: str, words: str) -> Iterator[dict]:
    own = data["id"]
    for value, path in alternatives(data, field):
        title = words.format(name=labels[own]) + attribution(value, labels)
        yield event(value.get("date"), kind, title, path, [own])


def organization_events(data: dict, labels: dict[str, str]) -> Iterator[dict]:
    own = data["id"]
    name = labels[own]
    yield from dated_fact_events(data, labels, "founded", "founded", "{name} founded")
    yield from dated_fact_events(data, labels, "dissolved", "dissolved", "{name} ceased to exist")
    for index, step in enumerate(data.get("registration") or []):
        title = REGISTRATION_WORDS[step["status"]].format(name=name)
        if step.get("by"):
            title += f" by {labels.get(step['by'], step['by'])}"
        involves = [own] + ([step["by"]] if step.get("by") else [])
        yield event(step.get("date"), step["status"], title, ("registration", index), involves)
    for index, link in enumerate(data.get("lineage") or []):
        title = LINEAGE_WORDS[link["relation"]].format(name=name, other=labels.get(link["org"], link["org"]))
        yield event(link.get("date"), link["relation"], title, ("lineage", index), [own, link["org"]])


def person_events(data: dict, labels: dict[str, str]) -> Iterator[dict]:
    own = data["id"]
    name = labels[own]
    yield from dated_fact_events(data, labels, "born", "born", "{name} born")
    yield from dated_fact_events(data, labels, "died", "died", "{name} died")
    for index, spell in enumerate(data.get("fate") or []):
        title = f"{name}: {spell['status']}" + (f" ({spell['note']})" if spell.get("note") else "")
        yield event(spell.get("start"), spell["status"], title, ("fate", index), [own])
    for index, post in enumerate(data.get("positions") or []):
        involves = [own] + ([post["org"]] if post.get("org") else [])
        yield event(post.get("start"), "took-office", f"{name} took office: {post['title']}", ("positions", index), involves)
    for index, spell in enumerate(data.get("memberships") or []):
        kind = LEADER_ROLES.get(spell["role"])
        if kind:
            org = labels.get(spell["org"], spell["org"])
            title = f"{name} co-founded {org}" if kind == "co-founded" else f"{name} became {spell['role']} of {org}"
            yield event(spell.get("start"), kind, title, ("memberships", index), [own, spell["org"]])


def election_events(data: dict, labels: dict[str, str]) -> Iterator[dict]:
    rows = [row for result_set in data.get("results") or [] for row in result_set.get("rows") or []]
    contestants = list(dict.fromkeys(row["contestant"] for row in rows if row.get("contestant")))
    for value, path in alternatives(data, "date"):
        yield event(value.get("date"), "election", labels[data["id"]] + attribution(value, labels), path, [data["id"], *contestants])


def incident_events(data: dict, labels: dict[str, str]) -> Iterator[dict]:
    involved = [item["entity"] for item in data.get("participants") or [] if item.get("entity")]
    involved += [item for item in data.get("related") or [] if isinstance(item, str)]
    for value, path in alternatives(data, "date"):
        yield event(value.get("date"), data["kind"], labels[data["id"]] + attribution(value, labels), path, [data["id"], *involved])


def timeline_row(record_type: str, event: dict, labels: dict[str, str]) -> dict:
    """The timeline table's cells for one event (provenance is added by the build)."""
    dates = date_range(event["date"])
    return {
        "date": event["date"],
        "date_min": dates.min,
        "date_max": dates.max,
        "date_precision": dates.precision,
        "date_year": dates.year,
        "event": event["event"],
        "title": event["title"],
        "record_type": record_type,
        "involves": json.dumps([labels.get(item, item) for item in event["involves"]], ensure_ascii=False),
        "involves_ids": json.dumps(event["involves"], ensure_ascii=False),
    }
