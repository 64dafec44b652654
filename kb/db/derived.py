"""Cells the build computes across records, so that readers can facet on what a row links to.

Each record row gets JSON arrays of the names it links to through a bridge table (kb/db/bridges.py;
the site's facets count the bridge, the arrays are for reading) and a few single values (an
incident's region, a result row's set). The columns and their descriptions are declared in
schema/schema.yml under database.derived.
"""

from __future__ import annotations

import json

from kb.db.bridges import Bridge, bridges, link_rows
from kb.records.schema import database_spec


def add_derived_cells(rows: dict[str, list[dict]], labels: dict[str, str]) -> None:
    """Fill every derived column of the record tables in `rows`."""
    derived = database_spec()["derived"]
    for (table, column), bridge in bridges().items():
        linked = link_rows(rows, bridge)
        add_links(rows["link"], bridge, linked)
        if column in derived.get(table, {}):
            fill(rows[table], column, {key: [labels[value] if bridge.labelled else value for value in values] for key, values in linked.items()})
    fill_result_rows(rows, labels)
    regions = region_labels(rows["place"])
    points = {place["id"]: place for place in rows["place"] if place.get("latitude") is not None}
    for row in rows["incident"]:
        row["region"] = regions.get(row.get("place_id"))
        default_to_place_point(row, points.get(row.get("place_id")))


def add_links(links: list[dict], bridge: Bridge, linked: dict[object, list[str]]) -> None:
    """The link table's rows of one bridge: each (row, value) pair, numbered on from the last."""
    for key, values in linked.items():
        for value in values:
            links.append({"id": len(links) + 1, "table_name": bridge.parent, "column_name": bridge.column, "row_id": key, "value": value})


def fill_result_rows(rows: dict[str, list[dict]], labels: dict[str, str]) -> None:
    """Each result row with its set's vote, tier, stage, figure and publisher, what it counts
    (contestant or option unless a label row says), and what it is shown as."""
    sets = {row["id"]: row for row in rows["result_set"]}
    options = {(row["election_id"], row["key"]): row["answer"] for row in rows["referendum_option"]}
    for row in rows["election_result"]:
        result_set = sets[row["result_set_id"]]
        for column in ("election_id", "tier", "stage", "figure", "according_to_id"):
            row[column] = result_set[column]
        if row.get("contestant_id"):
            row["kind"] = row.get("kind") or "contestant"
            row["shown_as"] = labels[row["contestant_id"]]
        elif row.get("option"):
            row["kind"] = row.get("kind") or "option"
            row["shown_as"] = options.get((row["election_id"], row["option"]), row["option"])
        else:
            row["shown_as"] = row.get("group_label")


def default_to_place_point(incident: dict, place: dict | None) -> None:
    """An incident without its own coordinates is drawn at its place's (the schema's default)."""
    if place is not None and incident.get("latitude") is None and incident.get("longitude") is None:
        incident["latitude"] = place["latitude"]
        incident["longitude"] = place["longitude"]


def fill(rows: list[dict], column: str, values: dict[str, list[str]]) -> None:
    for row in rows:
        found = values.get(row["id"])
        row[column] = json.dumps(found, ensure_ascii=False) if found else None


def region_labels(places: list[dict]) -> dict[str, str]:
    """Each place's region (itself when it is a region), by walking up its parents."""
    by_id = {place["id"]: place for place in places}
    regions = {}
    for place in places:
        seen = set()
        current = place
        while current is not None and current["id"] not in seen and current["kind"] != "region":
            seen.add(current["id"])
            current = by_id.get(current.get("parent_id"))
        if current is not None and current["kind"] == "region":
            regions[place["id"]] = current["name"]
    return regions
