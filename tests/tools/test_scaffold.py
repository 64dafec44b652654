"""kb.tools.scaffold: `make new` writes a skeleton that fails only where something must be filled in."""

import re
from pathlib import Path

import pytest

from kb.records.schema import record_types
from kb.tools.fmt import format_text
from kb.tools.scaffold import main, skeleton
from tests.conftest import problems_in


def uncommented(text: str) -> str:
    """The skeleton with every optional field and subfield uncommented, as a contributor would."""
    head, optional = text.split("# Optional fields:\n", 1)
    header, body = (head + re.sub(r"^# ", "", optional, flags=re.MULTILINE)).split("\nid: ", 1)
    return header + "\nid: " + re.sub(r"^( *)# (?=[\w-]+:|- )", r"\1", body, flags=re.MULTILINE)


def test_person_skeleton_fails_only_on_what_to_fill_in(records: Path, capsys):
    assert main(["person", "person-b", "--records", str(records)]) == 0
    assert capsys.readouterr().out == f"Wrote {records}/people/person-b.yml: fill in the empty values, then run `make check`.\n"
    assert [p for p in problems_in(records) if "person-b" in p] == [
        "records/people/person-b.yml:6: name: to fill in: The English display name.",
        "records/people/person-b.yml:7: living: to fill in: Whether the person is living (true) or dead (false). (true or false)",
    ]


def test_filled_in_person_is_valid(records: Path):
    text = skeleton("people", "person-b").replace("name:       ", "name: Person B").replace("living:     ", "living: true")
    (records / "people/person-b.yml").write_text(text, encoding="utf-8")
    assert problems_in(records) == []


@pytest.mark.parametrize("record_type", record_types())
def test_every_skeleton_asks_only_for_what_to_fill_in(records: Path, record_type: str):
    (records / record_type / "new-record.yml").write_text(skeleton(record_type, "new-record"), encoding="utf-8")
    problems = [p for p in problems_in(records) if "new-record" in p]
    assert problems
    # Besides the schema's required fields, a source must name its publisher (kb.records.rules.source_rule).
    assert [p for p in problems if ": to fill in: " not in p and "publisher_name" not in p] == []


@pytest.mark.parametrize("record_type", record_types())
def test_skeleton_is_in_the_house_format(record_type: str):
    text = skeleton(record_type, "new-record")
    assert format_text(text) == text


@pytest.mark.parametrize("record_type", record_types())
def test_uncommented_subfields_have_the_right_shape(records: Path, record_type: str):
    (records / record_type / "new-record.yml").write_text(uncommented(skeleton(record_type, "new-record")), encoding="utf-8")
    problems = [p for p in problems_in(records) if "new-record" in p]
    fill_in = (": to fill in: ", ": empty value; fill it in or remove the key", ": give ", "living is true but a death is given")
    assert problems
    assert [p for p in problems if not any(words in p for words in fill_in)] == []


def test_source_skeleton_asks_for_a_publisher(records: Path):
    (records / "sources/src-new.yml").write_text(skeleton("sources", "src-new"), encoding="utf-8")
    assert [p for p in problems_in(records) if "src-new" in p] == [
        "records/sources/src-new.yml:5: publisher: give publisher (an organization id) or publisher_name",
        "records/sources/src-new.yml:6: kind: to fill in: What kind of document it is. (allowed: news, commentary, interview, social-media, official, court, observer-report, ngo-report, encyclopedia, academic, party-document, dataset)",
        "records/sources/src-new.yml:7: title: to fill in: The document's title as published.",
        "records/sources/src-new.yml:8: url: to fill in: The document's public address (http or https). (an http:// or https:// address)",
        "records/sources/src-new.yml:9: language: to fill in: The document's language. (allowed: en, ru, kk-Cyrl, kk-Latn, de, fr, es, it, pl, pt, fi, uk, und)",
    ]


@pytest.mark.parametrize("args,message", [
    ([], "usage: make new TYPE=<type> ID=<id>, e.g. make new TYPE=person ID=galymzhan-zhakiyanov (types: organization, person, place, election, incident, source, claim)"),
    (["persn", "person-b"], "unknown type 'persn'; use one of: organization, person, place, election, incident, source, claim"),
    (["person", "Person_B"], "'Person_B' is not a valid id; use lower-case ASCII letters, digits and single hyphens (e.g. 'ak-zhol')"),
    (["place", "person-a"], "id 'person-a' is already used by {records}/people/person-a.yml; ids are unique across all types"),
])
def test_refusals(records: Path, capsys, args, message):
    before = sorted(records.rglob("*"))
    assert main([*args, "--records", str(records)]) == 1
    assert capsys.readouterr().err == message.format(records=records) + "\n"
    assert sorted(records.rglob("*")) == before


def test_folder_names_work_too(records: Path):
    assert main(["people", "person-b", "--records", str(records)]) == 0
    assert (records / "people/person-b.yml").read_text(encoding="utf-8") == skeleton("people", "person-b")
