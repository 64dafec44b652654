"""build_db.py and kb.db.build: atomic, deterministic builds with foreign keys, citations and search."""

import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

from kb.records.check import check_records
from tests.conftest import VALID, needs_git, run_build


def built(records: Path, db: Path) -> sqlite_utils.Database:
    result = run_build("--records", str(records), "--db", str(db), cwd=records.parent)
    assert result.returncode == 0, result.stdout + result.stderr
    return sqlite_utils.Database(db)


def test_bad_input_exits_1_lists_every_problem_and_keeps_the_old_database(records: Path, tmp_path: Path):
    db = tmp_path / "opposition.db"
    built(records, db)
    before = db.read_bytes()
    (records / "people/person-a.yml").write_text("id: person-a\nname: Person A\nliving: yes\n")
    (records / "places/town-d.yml").write_text("id: town-d\nkind: town\nname: Town D\n")
    result = run_build("--records", "records", "--db", str(db), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "records/people/person-a.yml:3: living: YAML 1.1 reads unquoted 'yes' as a boolean; write true or false, or quote it (\"yes\") if you mean the word",
        "records/places/town-d.yml:2: kind: 'town' is not allowed; (allowed: country, region, city, district, village, site)",
    ]
    assert result.stderr == "2 problems found; nothing was written.\n"
    assert "Traceback" not in result.stdout + result.stderr
    assert db.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_check_writes_nothing(records: Path, tmp_path: Path):
    result = run_build("--check", "--records", "records", "--db", "out.db", cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "12 records are valid.\n")
    assert not (tmp_path / "out.db").exists()


def test_rebuild_is_byte_identical(records: Path, tmp_path: Path):
    first, second = tmp_path / "a.db", tmp_path / "b.db"
    built(records, first)
    built(records, second)
    assert first.read_bytes() == second.read_bytes()


def test_foreign_keys_hold_and_every_record_is_an_entity(fixture_db: Path):
    db = sqlite_utils.Database(fixture_db)
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    records, _ = check_records(VALID)
    assert db["entity"].count == len(records)
    counts = {table: db[table].count for table in ("organization", "person", "place", "election", "incident", "source", "claim")}
    assert counts == {"organization": 4, "person": 1, "place": 1, "election": 2, "incident": 1, "source": 2, "claim": 1}


def test_foreign_keys_are_declared(fixture_db: Path):
    db = sqlite_utils.Database(fixture_db)
    keys = {(fk.column, fk.other_table) for fk in db["election_result"].foreign_keys}
    assert keys == {("result_set_id", "result_set"), ("election_id", "election"), ("contestant_id", "entity"),
                    ("alliance_id", "organization"), ("according_to_id", "entity"), ("record_id", "entity")}
    keys = {(fk.column, fk.other_table) for fk in db["result_set"].foreign_keys}
    assert keys == {("election_id", "election"), ("according_to_id", "entity"), ("record_id", "entity")}


def test_contested_dates_span_every_alternative(fixture_db: Path):
    row = sqlite_utils.Database(fixture_db)["organization"].get("party-b")
    assert row == {
        "id": "party-b", "kind": "party", "name": "Party B",
        "founded": "2001-11-18 | 2001-11-20", "founded_min": "2001-11-18", "founded_max": "2001-11-20",
        "founded_precision": "contested", "founded_year": 2001, "founded_alternatives": 2,
        "dissolved": None, "dissolved_min": None, "dissolved_max": None, "dissolved_precision": None,
        "dissolved_year": None, "dissolved_alternatives": None, "parent_id": None, "summary": None,
        "identifiers": None, "notes": None, "steps": None, "leaders": None, "file": "records/organizations/party-b.yml", "line": 1,
        "first_added": None, "last_changed": None,
        "edit_url": "https://github.com/kazakh-opposition-kb/kazakh-opposition-kb/edit/main/records/organizations/party-b.yml",
    }


def test_result_sets_and_their_rows_keep_provenance(fixture_db: Path):
    db = sqlite_utils.Database(fixture_db)
    assert db["result_set"].get(3) == {
        "id": 3, "election_id": "election-e", "tier": "party-list", "stage": "final", "figure": "alternative",
        "according_to_id": "party-a", "as_of": None, "as_of_min": None, "as_of_max": None, "as_of_precision": None,
        "as_of_year": None, "seats": None, "valid_votes": None, "votes_cast": None, "share_of": None, "note": None,
        "partial": None, "record_id": "election-e", "path": "results[2]", "label": "Election E: party-list, final, alternative",
        "file": "records/elections/election-e.yml", "line": 28,
    }
    rows = list(db["election_result"].rows)
    assert rows[2] == {
        "id": 3, "result_set_id": 1, "contestant_id": None, "option": None, "group_label": "Against all", "kind": "against-all",
        "alliance_id": None, "votes": 300, "share": 15.0, "seats": None,
        "election_id": "election-e", "tier": "party-list", "stage": "final", "figure": "official", "according_to_id": "commission",
        "shown_as": "Against all", "record_id": "election-e", "path": "results[0].rows[2]",
        "label": "Election E: Against all, against-all", "file": "records/elections/election-e.yml", "line": 18,
    }
    assert rows[5]["result_set_id"] == 3 and rows[5]["contestant_id"] == "party-a" and rows[5]["kind"] == "contestant"


def test_referendum_rows_show_their_answers(fixture_db: Path):
    db = sqlite_utils.Database(fixture_db)
    rows = db.execute("select option, group_label, kind, shown_as, votes, share from election_result where election_id = 'referendum-h' order by id").fetchall()
    assert rows == [("yes", None, "option", "Yes", 900, 90.0), ("no", None, "option", "No", 100, 10.0),
                    (None, "Invalid ballots", "invalid", "Invalid ballots", 10, None)]
    assert db.execute("select lang, wording, text from question order by id").fetchall() == [
        ("ru", "official", "Принимаете ли Вы новую Конституцию?"), ("en", "translation", "Do you accept the new Constitution?")]


def test_bloc_members_and_person_memberships_share_one_table(fixture_db: Path):
    rows = sqlite_utils.Database(fixture_db).execute(
        "select organization_id, member_id, role, start, end_max, path from membership order by id"
    ).fetchall()
    assert rows == [
        ("bloc-c", "party-a", "member-organization", "2004", None, "members[0]"),
        ("bloc-c", "party-b", "member-organization", "2004", None, "members[1]"),
        ("party-a", "person-a", "leader", "2002", "2005-11-30", "memberships[0]"),
    ]


def test_citations_number_each_records_sources(fixture_db: Path):
    rows = sqlite_utils.Database(fixture_db).execute(
        "select path, n, source_id, at, quote from citation where record_id = 'person-a' order by id"
    ).fetchall()
    assert rows == [
        ("names[0]", 1, "src-news", None, None),
        ("names[1]", 2, "src-opinion", None, None),
        ("born", 1, "src-news", None, None),
        ("memberships[0]", 1, "src-news", None, None),
        ("positions[0]", 1, "src-news", None, None),
        ("fate[0]", 1, "src-news", None, None),
    ]


def test_claim_row_flattens_citation_quote_and_verdict(fixture_db: Path):
    row = sqlite_utils.Database(fixture_db)["claim"].get("claim-g")
    assert {key: row[key] for key in ("claimant_id", "stated_in_source_id", "stated_in_at", "about", "quote_text", "quote_lang", "verification_status")} == {
        "claimant_id": "person-a", "stated_in_source_id": "src-opinion", "stated_in_at": "para 2",
        "about": '["election-e", "party-a"]', "quote_text": "Party A won.", "quote_lang": "en",
        "verification_status": "contradicted",
    }


def test_search_meets_every_script(fixture_db: Path):
    connection = sqlite3.connect(fixture_db)
    from kb.records.fold import fts_query

    def find(text):
        sql = "select distinct name.entity_id from name_fts join name on name.id = name_fts.rowid where name_fts match ?"
        return {row[0] for row in connection.execute(sql, [fts_query(text)])}

    assert find("Ақ жол") == find("Ак Жол") == find("ak zhol") == find("Aq Jol") == {"party-a"}
    assert find("Tuyakbaev") == find("Тұяқбай") == {"person-a"}
    assert find("Janaozen") == find("Жаңаөзен") == {"town-d"}


@needs_git
def test_rows_carry_commit_dates_and_the_same_commit_builds_the_same_bytes(history_repo: Path, tmp_path: Path):
    first, second, dirty = tmp_path / "a.db", tmp_path / "b.db", tmp_path / "c.db"
    rows = built(history_repo / "records", first).execute(
        "select id, first_added, last_changed, edit_url from entity where id in ('person-a', 'town-d') order by id"
    ).fetchall()
    assert rows == [
        ("person-a", "2020-01-02", "2021-03-04", "https://github.com/kazakh-opposition-kb/kazakh-opposition-kb/edit/main/records/people/person-a.yml"),
        ("town-d", "2020-01-02", "2020-01-02", "https://github.com/kazakh-opposition-kb/kazakh-opposition-kb/edit/main/records/places/town-d.yml"),
    ]
    assert sqlite_utils.Database(first).execute("select first_added, last_changed from person").fetchall() == [("2020-01-02", "2021-03-04")]
    built(history_repo / "records", second)
    assert first.read_bytes() == second.read_bytes()
    town = history_repo / "records/places/town-d.yml"
    town.write_text(town.read_text() + "notes: Not committed.\n")
    assert built(history_repo / "records", dirty).execute("select last_changed from place").fetchall() == [("2020-01-02",)]


@needs_git
def test_two_processes_build_the_bytes_one_builds(history_repo: Path, tmp_path: Path):
    one, two, three = tmp_path / "one.db", tmp_path / "two.db", tmp_path / "three.db"
    for db, processes in ((one, "1"), (two, "2"), (three, "3")):
        result = run_build("--records", "records", "--db", str(db), "--processes", processes, cwd=history_repo)
        assert (result.returncode, result.stdout, result.stderr) == (0, "", f"Built {db} from 12 records.\n")
    assert one.read_bytes() == two.read_bytes() == three.read_bytes()
    assert sqlite_utils.Database(two)["citation"].count == sqlite_utils.Database(one)["citation"].count > 0
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_two_processes_keep_the_old_database_when_a_cross_record_rule_fails(records: Path, tmp_path: Path):
    db = tmp_path / "opposition.db"
    built(records, db)
    before = db.read_bytes()
    person = records / "people/person-a.yml"
    person.write_text(person.read_text().replace("party-a", "party-z", 1))
    result = run_build("--records", "records", "--db", str(db), "--processes", "2", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "records/people/person-a.yml:9: memberships[0].org: unknown id 'party-z'; expected an organization (did you mean 'party-b'?)",
    ]
    assert result.stderr == "1 problem found; nothing was written.\n"
    assert db.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_write_that_fails_in_the_second_process_is_reported_and_nothing_is_left(records: Path, tmp_path: Path,
                                                                                   monkeypatch):
    from kb.db import build
    from kb.records.check import check_records as check

    def full_disk(connection):
        raise sqlite3.OperationalError("database or disk is full")

    db = tmp_path / "opposition.db"
    db.write_bytes(b"the old database")
    loaded, problems = check(records)
    assert problems == []
    monkeypatch.setattr(build, "create_search", full_disk)
    forked = build.ForkedBuild(loaded, db, {})
    forked.write_part()
    with pytest.raises(sqlite3.OperationalError, match="^database or disk is full$"):
        forked.keep()
    assert db.read_bytes() == b"the old database"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_the_cited_part_is_copied_by_sqlites_transfer_of_rows_and_index_entries(records: Path, tmp_path: Path):
    from kb.db import build

    loaded, problems = check_records(records)
    part = build.CitedPart(tmp_path / "part.db")
    part.write(loaded)
    connection = sqlite3.connect(tmp_path / "whole.db")
    build.create_tables(connection)
    build.create_indexes(connection, build.CITED_TABLES)
    connection.execute("ATTACH DATABASE ? AS [cited]", (str(part.path),))
    for table in build.CITED_TABLES:
        # RowData copies a row or an index entry as it is; without the transfer, each row is
        # read column by column and each index entry made again.
        assert "RowData" in {row[1] for row in connection.execute("EXPLAIN " + build.copy_statement(table))}, table
    connection.close()
    part.remove()


def test_a_failed_write_in_one_process_leaves_the_old_database_and_no_files(records: Path, tmp_path: Path, monkeypatch):
    from kb.db import build

    def full_disk(connection):
        raise sqlite3.OperationalError("database or disk is full")

    db = tmp_path / "opposition.db"
    db.write_bytes(b"the old database")
    loaded, problems = check_records(records)
    monkeypatch.setattr(build, "create_search", full_disk)
    with pytest.raises(sqlite3.OperationalError, match="^database or disk is full$"):
        build.build_database(loaded, db)
    assert db.read_bytes() == b"the old database"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_processes_must_be_a_whole_number_of_at_least_one(records: Path, tmp_path: Path):
    result = run_build("--records", "records", "--processes", "0", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == "build_db.py: error: argument --processes: expected a whole number of at least 1, not '0'"


def test_a_check_in_two_processes_prints_what_one_prints(records: Path, tmp_path: Path):
    person = (records / "people/person-a.yml").read_text()
    (records / "people/person-z.yml").write_text(person.replace("id: person-a", "id: person-z", 1))
    one = run_build("--check", "--records", "records", "--processes", "1", cwd=tmp_path)
    two = run_build("--check", "--records", "records", "--processes", "2", cwd=tmp_path)
    assert (two.returncode, two.stdout, two.stderr) == (one.returncode, one.stdout, one.stderr)
    assert one.returncode == 0 and ": warning: " in one.stdout
    assert one.stderr.endswith("13 records are valid.\n")
