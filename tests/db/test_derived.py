"""kb/db/derived.py: JSON-array facet columns and an incident's region and default point."""

from pathlib import Path

import sqlite_utils

from kb.db.derived import region_labels


def test_person_organization_and_incident_cells(fixture_db: Path):
    db = sqlite_utils.Database(fixture_db)
    assert db.execute("select fates, organizations from person where id = 'person-a'").fetchone() == ('["active"]', '["Party A"]')
    assert db.execute("select steps, leaders from organization where id = 'party-a'").fetchone() == ('["registered"]', '["Person A"]')
    assert db.execute("select steps, leaders from organization where id = 'party-b'").fetchone() == (None, None)
    assert db.execute("select involves, region, latitude, longitude from incident where id = 'incident-f'").fetchone() == (
        '["Person A"]', None, 43.3, 52.8)
    assert db.execute("select about_names from claim").fetchone() == ('["Election E", "Party A"]',)


def test_region_is_found_by_walking_up_parents():
    places = [
        {"id": "region", "kind": "region", "name": "Mangystau Region", "parent_id": None},
        {"id": "city", "kind": "city", "name": "Zhanaozen", "parent_id": "region"},
        {"id": "site", "kind": "site", "name": "Square", "parent_id": "city"},
        {"id": "loop-a", "kind": "city", "name": "A", "parent_id": "loop-b"},
        {"id": "loop-b", "kind": "city", "name": "B", "parent_id": "loop-a"},
    ]
    assert region_labels(places) == {"region": "Mangystau Region", "city": "Mangystau Region", "site": "Mangystau Region"}
