"""kb/db/bridges.py: the link table the build writes from each bridge, and the facet and filter SQL that
read it instead of the JSON arrays."""

import sqlite3
from collections import Counter
from pathlib import Path

import pytest

from kb.db.bridges import Bridge, bridges, count_sql, filter_sql, is_filtered, link_rows


def test_build_writes_each_distinct_link(fixture_db: Path):
    connection = sqlite3.connect(fixture_db)
    links = connection.execute("select table_name, column_name, row_id, value from link where table_name != 'timeline' order by id").fetchall()
    assert links == [
        ("person", "fates", "person-a", "active"), ("person", "organizations", "person-a", "party-a"),
        ("organization", "steps", "party-a", "registered"), ("organization", "leaders", "party-a", "person-a"),
        ("incident", "involves", "incident-f", "person-a"),
        ("claim", "about_names", "claim-g", "election-e"), ("claim", "about_names", "claim-g", "party-a"),
    ]
    assert connection.execute("select row_id, value from link where table_name = 'timeline' and row_id = 1 order by id").fetchall() == [
        (1, "election-e"), (1, "party-a"), (1, "bloc-c")]
    assert connection.execute("select timeline_id, entity_id from timeline_entity where timeline_id = 1 order by id").fetchall() == [
        (1, "election-e"), (1, "party-a"), (1, "bloc-c")]


def test_link_rows_keep_distinct_values_of_the_table_rows_that_pass_only():
    bridge = Bridge("organization", "leaders", "membership", "organization_id", "member_id", (("role", ("leader", "co-chair")),))
    rows = {
        "organization": [{"id": "party-a"}, {"id": "party-b"}],
        "membership": [
            {"organization_id": "party-a", "member_id": "person-a", "role": "leader"},
            {"organization_id": "party-a", "member_id": "person-a", "role": "co-chair"},
            {"organization_id": "party-a", "member_id": "person-b", "role": "member"},
            {"organization_id": "party-b", "member_id": "person-c", "role": "co-chair"},
            {"organization_id": "party-b", "member_id": None, "role": "leader"},
            {"organization_id": "bloc-c", "member_id": "person-d", "role": "leader"},
        ],
    }
    assert link_rows(rows, bridge) == {"party-a": ["person-a"], "party-b": ["person-c"]}


@pytest.mark.parametrize("key", sorted(bridges()))
def test_counts_equal_the_json_array_counts(real_db: Path, key):
    """The facet's counts from the link table, unfiltered and through the page's row query, are those
    of unpacking every row's JSON array."""
    table, column = key
    bridge = bridges()[key]
    connection = sqlite3.connect(real_db)
    array_column = "involves_ids" if table == "timeline" else column
    expected = sorted(connection.execute(
        f"select j.value, count(*) from [{table}], json_each([{table}].[{array_column}]) j group by j.value").fetchall())
    for rows_sql in (None, f"select * from [{table}] where 1 = 1"):
        counted = Counter()
        for value, label, count in connection.execute(count_sql(bridge, rows_sql, 100_000)):
            counted[value if table == "timeline" else label] += count
        assert sorted(counted.items()) == expected
    assert expected


def test_counts_are_ordered_most_first_then_by_label(fixture_db: Path):
    connection = sqlite3.connect(fixture_db)
    assert connection.execute(count_sql(bridges()[("claim", "about_names")], None, 10)).fetchall() == [
        ("election-e", "Election E", 1), ("party-a", "Party A", 1)]
    assert connection.execute(count_sql(bridges()[("claim", "about_names")], None, 1)).fetchall() == [("election-e", "Election E", 1)]
    assert connection.execute(count_sql(bridges()[("person", "fates")], None, 10)).fetchall() == [("active", "active", 1)]


def test_filter_keeps_the_rows_linked_to_the_value(fixture_db: Path):
    connection = sqlite3.connect(fixture_db)
    sql = f"select id from claim where {filter_sql(bridges()[('claim', 'about_names')], 'chosen')}"
    assert connection.execute(sql, {"chosen": "party-a"}).fetchall() == [("claim-g",)]
    assert connection.execute(sql, {"chosen": "person-a"}).fetchall() == []


@pytest.mark.parametrize(("sql", "filtered"), [
    ("select id, kind from incident ", False),
    ("select id, [where], kind from incident ", False),
    ('select id, kind from incident where "kind" = :p0', True),
    ("select id from incident WHERE id in (select 1)", True),
])
def test_is_filtered(sql, filtered):
    assert is_filtered(sql) is filtered
