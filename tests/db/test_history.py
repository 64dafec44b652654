"""kb.db.history: commit dates of record files from one git log, and the files a change touches."""

from pathlib import Path

from kb.db.history import FileDates, changed_files, parse_log, record_dates
from tests.conftest import git, needs_git


def test_parse_log_takes_earliest_and_latest_dates():
    log = "\x012021-03-04\0\npeople/a.yml\0\x012020-01-02\0\npeople/a.yml\0places/b.yml\0\x012019-05-06\0"
    assert parse_log(log) == {
        "records/people/a.yml": FileDates("2020-01-02", "2021-03-04"),
        "records/places/b.yml": FileDates("2020-01-02", "2020-01-02"),
    }


@needs_git
def test_record_dates_from_history(history_repo: Path):
    dates = record_dates(history_repo / "records")
    assert len(dates) == 12
    person, place = dates["records/people/person-a.yml"], dates["records/places/town-d.yml"]
    assert (person.first_added, person.last_changed, [change.subject for change in person.changes]) == ("2020-01-02", "2021-03-04", ["A note", "Records"])
    assert (place.first_added, place.last_changed, [change.changed for change in place.changes]) == ("2020-01-02", "2020-01-02", ["2020-01-02T12:00:00+00:00"])


def test_no_repository_no_dates(records: Path):
    assert record_dates(records) == {}
    assert changed_files(records) is None


@needs_git
def test_changed_files_since_the_main_branch(history_repo: Path, monkeypatch):
    monkeypatch.delenv("GITHUB_BASE_REF", raising=False)
    repo = history_repo
    assert changed_files(repo / "records") == set()
    git(repo, "checkout", "--quiet", "-b", "contribution")
    (repo / "records/places/town-d.yml").write_text((repo / "records/places/town-d.yml").read_text() + "notes: Edited.\n")
    git(repo, "commit", "--quiet", "-am", "Edit a place")
    (repo / "records/people/person-b.yml").write_text("id: person-b\n")
    (repo / "records/sources/src-news.yml").write_text((repo / "records/sources/src-news.yml").read_text() + "notes: Not committed.\n")
    assert changed_files(repo / "records") == {
        "records/places/town-d.yml", "records/people/person-b.yml", "records/sources/src-news.yml",
    }
