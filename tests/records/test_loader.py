"""kb.records.loader: reading record files safely, with the line of every problem."""

from pathlib import Path

import pytest

from tests.conftest import problems_in

CASES = {
    "syntax error": (
        "people/person-a.yml", "id: person-a\nname: [Person A\nliving: true\n",
        ["records/people/person-a.yml:3: (yaml): YAML syntax error: while parsing a flow sequence did not find expected ',' or ']'; the [ on line 2 is not closed with ], or a comma is missing"],
    ),
    "unclosed quote": (
        "people/person-a.yml", "id: person-a\nname: \"Person A\nliving: true\n",
        ["records/people/person-a.yml:4: (yaml): YAML syntax error: while scanning a quoted scalar found unexpected end of stream; the quote opened on line 2 is not closed"],
    ),
    "list item indented differently": (
        "people/person-a.yml", "id: person-a\nname: Person A\nliving: true\nfate:\n  - status: active\n    sources: [src-news]\n   note: x\n",
        ["records/people/person-a.yml:7: (yaml): YAML syntax error: while parsing a block collection did not find expected '-' indicator; this line is indented differently from the list that starts on line 5"],
    ),
    "colon in a plain value": (
        "people/person-a.yml", "id: person-a\nname: Person A: the first\nliving: true\n",
        ["records/people/person-a.yml:2: (yaml): YAML syntax error: mapping values are not allowed in this context; a value containing ': ' must be in double quotes"],
    ),
    "duplicate key": (
        "people/person-a.yml", "id: person-a\nname: Person A\nname: Person B\nliving: true\n",
        ["records/people/person-a.yml:3: name: duplicate key; each key may appear once"],
    ),
    "tab indentation": (
        "people/person-a.yml", "id: person-a\nname: Person A\nliving: true\nnames:\n\t- {text: A, lang: en, kind: official, sources: [src-news]}\n",
        ["records/people/person-a.yml:5: (file): tab character in indentation; indent with spaces"],
    ),
    "python tag": (
        "people/person-a.yml", "id: person-a\nname: !!python/object/apply:os.system ['echo hacked']\nliving: true\n",
        ["records/people/person-a.yml:2: name: tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed; write plain values"],
    ),
    "custom tag": (
        "people/person-a.yml", "id: person-a\nname: !shout Person A\nliving: true\n",
        ["records/people/person-a.yml:2: name: tag '!shout' is not allowed; write plain values"],
    ),
    "alias": (
        "people/person-a.yml", "id: person-a\nname: &n Person A\nnotes: *n\nliving: true\n",
        ["records/people/person-a.yml:2: notes: anchors and aliases (& and *) are not allowed; write the value out"],
    ),
    "billion laughs": (
        "people/person-a.yml", "id: person-a\nname: Person A\nliving: true\nsources: &a [src-news, src-news]\nnotes: &b [*a, *a]\nidentifiers: {x: *b}\n",
        ["records/people/person-a.yml:4: notes[0]: anchors and aliases (& and *) are not allowed; write the value out",
         "records/people/person-a.yml:4: notes[1]: anchors and aliases (& and *) are not allowed; write the value out",
         "records/people/person-a.yml:5: identifiers.x: anchors and aliases (& and *) are not allowed; write the value out",
         "records/people/person-a.yml:5: notes: expected text"],
    ),
    "empty file": ("people/person-a.yml", "", ["records/people/person-a.yml:1: (file): file is empty; a record is a mapping of fields (see CONTRIBUTING.md)"]),
    "top-level list": (
        "people/person-a.yml", "- id: person-a\n- name: Person A\n",
        ["records/people/person-a.yml:1: (file): the top level must be a mapping of fields (key: value), not a list or a single value"],
    ),
    "unquoted yes": (
        "people/person-a.yml", "id: person-a\nname: Person A\nliving: yes\n",
        ["records/people/person-a.yml:3: living: YAML 1.1 reads unquoted 'yes' as a boolean; write true or false, or quote it (\"yes\") if you mean the word"],
    ),
    "bare date": (
        "people/person-a.yml", "id: person-a\nname: Person A\nliving: true\nborn: {date: 1947-11-22, sources: [src-news]}\n",
        ["records/people/person-a.yml:4: born.date: YAML reads the bare date 1947-11-22 as a date object; quote it: \"1947-11-22\""],
    ),
    "sexagesimal number": (
        "people/person-a.yml", "id: person-a\nname: Person A\nliving: true\nnotes: 1:20\n",
        ["records/people/person-a.yml:4: notes: YAML 1.1 reads unquoted '1:20' as a number; write plain decimal digits, or quote it (\"1:20\") if it is text"],
    ),
}


@pytest.mark.parametrize("name", CASES)
def test_yaml_problems(records: Path, name: str):
    relative, text, expected = CASES[name]
    (records / relative).write_text(text, encoding="utf-8")
    assert [p for p in problems_in(records) if "person-a.yml" in p.split(":")[0]] == expected


def test_non_utf8_bytes_give_the_line(records: Path):
    (records / "people/person-a.yml").write_bytes(b"id: person-a\nname: Caf\xe9\nliving: true\n")
    assert problems_in(records) == ["records/people/person-a.yml:2: (file): byte 0xe9 is not valid UTF-8; save the file as UTF-8"]


def test_byte_order_mark_is_refused(records: Path):
    path = records / "people/person-a.yml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert problems_in(records) == ["records/people/person-a.yml:1: (file): file starts with a byte-order mark (BOM); save it as UTF-8 without BOM"]


def test_stray_files_and_folders_are_errors(records: Path):
    (records / "people/notes.txt").write_text("hello")
    (records / "people/person-z.yaml").write_text("id: person-z\n")
    (records / "parties").mkdir()
    (records / "README.md").write_text("hi")
    assert problems_in(records) == [
        "records/README.md:1: (file): not a record type folder; records go in records/<type>/<id>.yml (types: claims, elections, incidents, organizations, people, places, sources)",
        "records/parties:1: (file): not a record type folder; records go in records/<type>/<id>.yml (types: claims, elections, incidents, organizations, people, places, sources)",
        "records/people/notes.txt:1: (file): not a record file; only <id>.yml files belong in a type folder",
        "records/people/person-z.yaml:1: (file): records use the .yml extension; rename the file",
    ]


def test_symlink_outside_records_is_refused(records: Path, tmp_path: Path):
    outside = tmp_path / "secret.yml"
    outside.write_text("id: secret\n")
    (records / "people/secret.yml").symlink_to(outside)
    assert problems_in(records) == ["records/people/secret.yml:1: (file): symbolic link pointing outside the records folder"]


def test_huge_file_is_refused(records: Path):
    (records / "people/person-a.yml").write_text("id: person-a\nnotes: " + "x" * 1_000_001 + "\n")
    assert problems_in(records) == ["records/people/person-a.yml:1: (file): file is 1,000,022 bytes; records must be under 1,000,000 bytes"]


def test_deep_nesting_is_refused(records: Path):
    (records / "people/person-a.yml").write_text("id: person-a\nname: Person A\nliving: true\nnotes: " + "[" * 30 + "]" * 30 + "\n")
    assert problems_in(records) == [
        "records/people/person-a.yml:4: notes: expected text",
        "records/people/person-a.yml:4: notes" + "[0]" * 24 + ": nested more than 24 levels deep",
    ]


def test_packed_records_unpack_equal_to_those_read(records: Path):
    from kb.records.loader import find_record_files, pack_records, read_files, unpack_records

    (records / "people/person-b.yml").write_text("id: person-b\nname: [Person B\n")
    (records / "people/person-c.yml").write_text("id: person-c\nname: Person C\nliving: yes\nborn: 1950-01-02\n")
    files, _ = find_record_files(records)
    read, _ = read_files(files)
    assert any(not record.readable for record in read) and any(record.reported for record in read)
    assert unpack_records(pack_records(read)) == read
