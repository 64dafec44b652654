"""kb.records.duplicates: a warning, never an error, when a new or changed record looks like another."""

from pathlib import Path

import pytest

from kb.records.check import check_records
from kb.records.duplicates import duplicate_warnings, name_key
from tests.conftest import run_build

NEW_PERSON = "id: person-b\nname: Zharmakhan Tuyakbay\nliving: true\nnames:\n  - {text: Туякбай Жармахан, lang: ru, kind: official, sources: [src-news]}\n"
NEW_SOURCE = "id: src-copy\nkind: news\ntitle: Another title\nurl: http://www.example.org/news/1/#top\npublisher_name: Example News\nlanguage: en\n"


@pytest.mark.parametrize("spellings", [
    ("Tuyakbaev", "Туякбай", "Тұяқбай", "Tuyakbay"),
    ("Zharmakhan Tuyakbay", "Туякбай Жармахан", "Jarmakhan Tuyakbaev"),
    ("Жаңаөзен", "Zhanaozen", "Janaozen"),
])
def test_spellings_share_a_name_key(spellings):
    assert len({name_key(text) for text in spellings}) == 1


@pytest.mark.parametrize("pair", [("Ali", "Alina"), ("Tuyakbay", "Zharmakhan Tuyakbay"), ("Party A", "Party B")])
def test_different_names_differ(pair):
    assert name_key(pair[0]) != name_key(pair[1])


def warnings_in(records: Path, changed: set[str] | None) -> list[str]:
    loaded, _ = check_records(records)
    prefix = str(records.parent) + "/"
    return [str(warning).removeprefix(prefix) for warning in duplicate_warnings(loaded, changed)]


def test_new_person_with_a_known_name(records: Path):
    (records / "people/person-b.yml").write_text("id: person-b\nname: Person B\nliving: true\nnames:\n  - {text: Tuyakbay, lang: en, kind: variant, sources: [src-news]}\n")
    assert warnings_in(records, {"records/people/person-b.yml"}) == [
        "records/people/person-b.yml:5: names[0]: warning: 'Tuyakbay' looks like person-a ('Тұяқбай', records/people/person-a.yml:1); "
        "if it is the same person, add to that record instead; if not, ignore this warning",
    ]


def test_unchanged_records_are_not_compared(records: Path):
    (records / "people/person-b.yml").write_text(NEW_PERSON.replace("Туякбай Жармахан", "Tuyakbaev"))
    assert warnings_in(records, {"records/places/town-d.yml"}) == []
    assert warnings_in(records, set()) == []


def test_without_history_every_record_is_compared(records: Path):
    (records / "people/person-b.yml").write_text("id: person-b\nname: Tuyakbaev\nliving: true\n")
    assert warnings_in(records, None) == [
        "records/people/person-a.yml:5: names[0]: warning: 'Тұяқбай' looks like person-b ('Tuyakbaev', records/people/person-b.yml:1); "
        "if it is the same person, add to that record instead; if not, ignore this warning",
        "records/people/person-b.yml:2: name: warning: 'Tuyakbaev' looks like person-a ('Тұяқбай', records/people/person-a.yml:1); "
        "if it is the same person, add to that record instead; if not, ignore this warning",
    ]


def test_source_at_a_known_address(records: Path):
    (records / "sources/src-copy.yml").write_text(NEW_SOURCE)
    assert warnings_in(records, {"records/sources/src-copy.yml"}) == [
        "records/sources/src-copy.yml:4: url: warning: same address as src-news (records/sources/src-news.yml:1); "
        "if it is the same document, cite src-news instead; if not, ignore this warning",
    ]


def test_warnings_print_but_do_not_fail(records: Path, tmp_path: Path):
    (records / "people/person-b.yml").write_text("id: person-b\nname: Tuyakbay\nliving: true\n")
    result = run_build("--check", "--records", "records", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.splitlines()[-1] == (
        "records/people/person-b.yml:2: name: warning: 'Tuyakbay' looks like person-a ('Тұяқбай', records/people/person-a.yml:1); "
        "if it is the same person, add to that record instead; if not, ignore this warning"
    )
    assert result.stderr == "2 warnings to look at (warnings do not fail the check).\n13 records are valid.\n"


def test_warnings_as_github_annotations(records: Path, tmp_path: Path):
    (records / "people/person-b.yml").write_text("id: person-b\nname: Tuyakbay\nliving: true\n")
    result = run_build("--check", "--records", "records", "--format", "github", cwd=tmp_path)
    assert result.stdout.splitlines()[-1] == (
        "::warning file=records/people/person-b.yml,line=2,title=name::'Tuyakbay' looks like person-a ('Тұяқбай', records/people/person-a.yml:1); "
        "if it is the same person, add to that record instead; if not, ignore this warning"
    )
