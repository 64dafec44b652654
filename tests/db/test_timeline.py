"""kb/db/timeline.py: every dated event of every record, with the path of the fact it comes from."""

from pathlib import Path

import sqlite_utils

from kb.db.timeline import timeline_events


def test_events_of_a_person_are_whole_rows(fixture_db: Path):
    rows = list(sqlite_utils.Database(fixture_db).query(
        "select date, date_precision, date_year, event, title, involves, involves_ids, path, line from timeline "
        "where record_id = 'person-a' order by id"))
    assert rows == [
        {"date": "1947-11-22", "date_precision": "day", "date_year": 1947, "event": "born", "title": "Person A born",
         "involves": '["Person A"]', "involves_ids": '["person-a"]', "path": "born", "line": 7},
        {"date": "2002", "date_precision": "year", "date_year": 2002, "event": "active", "title": "Person A: active",
         "involves": '["Person A"]', "involves_ids": '["person-a"]', "path": "fate[0]", "line": 13},
        {"date": "1999", "date_precision": "year", "date_year": 1999, "event": "took-office",
         "title": "Person A took office: Speaker", "involves": '["Person A", "Election Commission"]',
         "involves_ids": '["person-a", "commission"]', "path": "positions[0]", "line": 11},
        {"date": "2002", "date_precision": "year", "date_year": 2002, "event": "became-leader",
         "title": "Person A became leader of Party A", "involves": '["Person A", "Party A"]',
         "involves_ids": '["person-a", "party-a"]', "path": "memberships[0]", "line": 9},
    ]


def test_alternative_dates_are_separate_attributed_events(fixture_db: Path):
    rows = list(sqlite_utils.Database(fixture_db).query(
        "select date, title, path from timeline where record_id = 'party-b' order by id"))
    assert rows == [
        {"date": "2001-11-18", "title": "Party B founded (according to Party B)", "path": "founded[0]"},
        {"date": "2001-11-20", "title": "Party B founded (according to Election Commission)", "path": "founded[1]"},
    ]


def test_incident_involves_its_participants_and_related_records(fixture_db: Path):
    row = sqlite_utils.Database(fixture_db).execute(
        "select event, involves_ids, date_min, date_max from timeline where record_id = 'incident-f'").fetchone()
    assert row == ("crackdown", '["incident-f", "person-a", "election-e"]', "2011-12-16", "2011-12-17")


def test_undated_items_make_no_event():
    data = {"id": "party-x", "registration": [{"status": "refused", "date": "2006"}],
            "lineage": [{"relation": "renamed-from", "org": "party-y"}], "founded": {"date": "2005", "according_to": "party-y"}}
    labels = {"party-x": "Party X", "party-y": "Party Y"}
    events = [(event["event"], event["title"], event["path"]) for event in timeline_events("organizations", data, labels)]
    assert events == [
        ("founded", "Party X founded (according to Party Y)", ("founded",)),
        ("refused", "Party X refused registration", ("registration", 0)),
    ]


def test_lineage_and_registration_wording():
    data = {"id": "new", "registration": [{"status": "liquidated", "date": "2012-12-25", "by": "court"}],
            "lineage": [{"relation": "merged-from", "org": "old", "date": "2006-12"}]}
    labels = {"new": "New Party", "old": "Old Party", "court": "A Court"}
    titles = [event["title"] for event in timeline_events("organizations", data, labels)]
    assert titles == ["New Party liquidated or banned by A Court", "Old Party merged into New Party"]
