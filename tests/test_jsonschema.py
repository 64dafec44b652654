"""kb.jsonschema: the editors' JSON Schema files are the validator's schema, and they agree on fixtures."""

import json
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from kb.jsonschema import EDITOR_SCHEMA_DIR, generated_files, record_schema
from tests.conftest import VALID, problems_in


@pytest.mark.parametrize("path", list(generated_files()), ids=lambda p: p.name)
def test_editor_files_are_up_to_date(path: Path):
    assert path.read_text(encoding="utf-8") == generated_files()[path], "run `make editor-schema`"


@pytest.mark.parametrize("path", sorted(VALID.glob("*/*.yml")), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_editor_schema_accepts_every_valid_fixture(path: Path):
    schema = json.loads((EDITOR_SCHEMA_DIR / f"{path.parent.name}.schema.json").read_text(encoding="utf-8"))
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    assert list(Draft202012Validator(schema).iter_errors(data)) == []


def test_editor_schema_and_validator_both_refuse_an_invalid_record(records: Path):
    text = "id: person-a\nname: Person A\nliving: true\nfate: [{status: jailed, sources: [src-news]}]\n"
    (records / "people/person-a.yml").write_text(text)
    editor_errors = list(Draft202012Validator(record_schema("people")).iter_errors(yaml.safe_load(text)))
    assert [error.json_path for error in editor_errors] == ["$.fate[0].status"]
    assert problems_in(records) == [
        "records/people/person-a.yml:4: fate[0].status: 'jailed' is not allowed; (allowed: active, co-opted, emigrated, imprisoned, detained, left-politics, killed, died)",
    ]
