"""kb.tools.fmt: the house format keeps comments, key order and quotes, and never changes a value."""

from pathlib import Path

from kb.tools.fmt import format_records, format_text, main

UNFORMATTED = '''# A comment kept at the top
id: party-a   # kept beside its value
kind: party
name: "Party \\u201cA\\u201d"
names:
- {text: Ақ жол, lang: kk-Cyrl, kind: official, sources: [src-news]}
-   text: Ак Жол
    lang: ru
    kind: official
    sources: [{source: src-news, at: 'para 2'}]
founded: {date: "2002-03", sources: [src-news]}'''
FORMATTED = '''# A comment kept at the top
id: party-a   # kept beside its value
kind: party
name: "Party “A”"
names:
  - {text: Ақ жол, lang: kk-Cyrl, kind: official, sources: [src-news]}
  - text: Ак Жол
    lang: ru
    kind: official
    sources: [{source: src-news, at: 'para 2'}]
founded: {date: "2002-03", sources: [src-news]}
'''


def test_house_format():
    assert format_text(UNFORMATTED) == FORMATTED


def test_formatting_twice_changes_nothing():
    assert format_text(FORMATTED) == FORMATTED


def test_long_lines_are_not_wrapped():
    text = "notes: " + "word " * 100 + "end\n"
    assert format_text(text) == text


def test_check_lists_unformatted_files_and_changes_nothing(records: Path, capsys):
    path = records / "organizations/party-a.yml"
    path.write_text(UNFORMATTED, encoding="utf-8")
    assert main(["--check", "--records", str(records)]) == 1
    out, err = capsys.readouterr()
    assert out == f"{path}:4: (format): not in the house format from this line on; run `make fmt` to rewrite it\n"
    assert err == "1 file not in the house format; `make fmt` rewrites them.\n"
    assert path.read_text(encoding="utf-8") == UNFORMATTED


def test_check_annotates_for_github(records: Path, capsys):
    path = records / "organizations/party-a.yml"
    path.write_text(UNFORMATTED, encoding="utf-8")
    assert main(["--check", "--records", str(records), "--format", "github"]) == 1
    assert capsys.readouterr().out == (
        f"::error file={path},line=4,title=(format)::not in the house format from this line on; run `make fmt` to rewrite it\n"
    )


def test_fmt_rewrites_only_unformatted_files(records: Path):
    path = records / "organizations/party-a.yml"
    path.write_text(UNFORMATTED, encoding="utf-8")
    before = {other: other.stat().st_mtime_ns for other in records.glob("*/*.yml") if other != path}
    assert main(["--records", str(records)]) == 0
    assert path.read_text(encoding="utf-8") == FORMATTED
    assert {other: other.stat().st_mtime_ns for other in before} == before
    assert format_records(records, write=False) == []


def test_invalid_yaml_is_reported_and_left_alone(records: Path):
    path = records / "people/person-a.yml"
    path.write_text("id: person-a\nname: [Person A\nliving: true\n", encoding="utf-8")
    assert [str(problem) for problem in format_records(records, write=True)] == [
        f"{path}:3: (format): cannot be formatted until it is valid YAML; run `make check` to see why",
    ]
    assert path.read_text(encoding="utf-8") == "id: person-a\nname: [Person A\nliving: true\n"
