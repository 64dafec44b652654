"""The project's own records: valid, sourced, and covering what the founding commentary needs."""

from pathlib import Path

import sqlite_utils

from kb.records.check import check_records
from kb.tools.fmt import format_records
from tests.conftest import ROOT


def test_records_are_valid():
    _, problems = check_records(ROOT / "records")
    assert [str(problem) for problem in problems] == []


def test_records_are_in_the_house_format():
    assert [str(problem) for problem in format_records(ROOT / "records", write=False)] == []


def test_every_source_has_a_web_address(real_db: Path):
    db = sqlite_utils.Database(real_db)
    assert db.execute("select id from source where url not like 'http://%' and url not like 'https://%'").fetchall() == []


def test_every_record_except_bare_organizations_cites_something(real_db: Path):
    db = sqlite_utils.Database(real_db)
    uncited = db.execute(
        "select entity.id from entity where type != 'sources' and type != 'organizations' "
        "and id not in (select record_id from citation)"
    ).fetchall()
    assert uncited == []


def test_zhanaozen_tolls_stay_separate_per_source(real_db: Path):
    db = sqlite_utils.Database(real_db)
    rows = db.execute(
        "select best, low, according_to_id from incident_estimate where incident_id = 'zhanaozen-2011' and kind = 'killed' order by id"
    ).fetchall()
    assert len({(best, low, who) for best, low, who in rows}) == len(rows) >= 5
