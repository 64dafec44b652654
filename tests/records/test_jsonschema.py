"""kb.records.jsonschema: the editors' JSON Schema files are the validator's schema, and they agree on fixtures."""

import json
import tomllib
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft7Validator

from kb.records.jsonschema import (
    EDITOR_SCHEMA_DIR, HELIX_SETTINGS, JETBRAINS_SETTINGS, ROOT, VSCODE_SETTINGS, generated_files, schema_files,
)
from kb.records.loader import read_record
from kb.records.schema import record_types
from kb.records.validate import schema_problems
from tests.conftest import INVALID, VALID

# Every invalid fixture with the validator's exact messages (schema stage; cross-record rules aside).
INVALID_CASES = {
    "people/unknown-key.yml": ["4: sumary: unknown key; did you mean 'summary'? (allowed: id, name, living, born, died, memberships, positions, fate, summary, names, identifiers, sources, notes)"],
    "people/missing-living.yml": ["1: living: required field is missing (Whether the person is living (true) or dead (false).)"],
    "people/wrong-vocabulary.yml": ["5: fate[0].status: 'jailed' is not allowed; (allowed: active, took-state-post, joined-ruling-party, emigrated, imprisoned, detained, left-politics, killed, died)"],
    "people/text-for-yes-no.yml": ["3: living: expected true or false, got the text 'maybe'"],
    "people/impossible-date.yml": ["4: born.date: '1947-02-30' is not a valid EDTF date (e.g. \"2004\", \"2004-12\", \"2004-12-16\", \"2004-12-16?\", \"2004-12~\", \"2004-09-19/2004-10-03\", \"2004/..\")"],
    "organizations/bad-id.yml": ["1: id: 'Party_A' is not a valid id; use lower-case ASCII letters, digits and single hyphens (e.g. 'ak-zhol')"],
    "sources/bad-url.yml": ["4: url: 'javascript:alert(1)' is not a web address; use an http:// or https:// address"],
    "elections/share-over-100.yml": ["12: results[0].rows[0].share: 120 is above the maximum 100"],
    "elections/date-not-a-mapping.yml": ["4: date: expected a mapping, or a list of alternatives"],
    "incidents/empty-summary.yml": ["6: summary.text: to fill in: One or two neutral sentences, paraphrased, no judgement words."],
    "claims/about-nothing.yml": ["5: about: list at least 1 item, or remove the key"],
    "places/bad-citation.yml": [
        "4: coordinates.sources[0].source: required field is missing (The cited source record.)",
        "4: coordinates.sources[0].src: unknown key; (allowed: source, at, quote)",
    ],
}
# What an editor cannot check: EDTF dates are a format only the validator knows.
VALIDATOR_ONLY = {"people/impossible-date.yml"}


def editor_errors(path: Path) -> list[str]:
    """The JSON paths an editor marks, validating as yaml-language-server does (draft-07, no formats)."""
    schema = json.loads((EDITOR_SCHEMA_DIR / f"{path.parent.name}.schema.json").read_text(encoding="utf-8"))
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    return sorted(error.json_path for error in Draft7Validator(schema).iter_errors(data))


def validator_problems(path: Path) -> list[str]:
    record, problems = read_record(path, path.parent.name, str(path))
    problems += schema_problems(record)
    return [str(problem).removeprefix(f"{path}:") for problem in problems]


@pytest.mark.parametrize("path", list(generated_files()), ids=lambda p: str(p.relative_to(ROOT)))
def test_editor_files_are_up_to_date(path: Path):
    assert path.read_text(encoding="utf-8") == generated_files()[path], "run `make editor-schema`"


def test_every_editor_maps_every_records_folder_to_its_schema():
    expected = {f"records/{t}/*.yml": f"schema/json/{t}.schema.json" for t in record_types()}
    vscode = json.loads(VSCODE_SETTINGS.read_text(encoding="utf-8"))["yaml.schemas"]
    helix = tomllib.loads(HELIX_SETTINGS.read_text(encoding="utf-8"))["language-server"]["yaml-language-server"]["config"]["yaml"]["schemas"]
    jetbrains = {
        info.find("./option[@name='patterns']//option[@name='path']").get("value"): info.find("./option[@name='relativePathToSchema']").get("value")
        for info in ElementTree.parse(JETBRAINS_SETTINGS).getroot().iter("SchemaInfo")
    }
    assert {files: schema.removeprefix("./") for schema, files in vscode.items()} == expected
    assert {files: schema.removeprefix("./") for schema, files in helix.items()} == expected
    assert jetbrains == expected
    assert all((ROOT / schema).is_file() for schema in schema_files())


@pytest.mark.parametrize("path", sorted(VALID.glob("*/*.yml")), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_editor_and_validator_accept_every_valid_fixture(path: Path):
    assert (editor_errors(path), validator_problems(path)) == ([], [])


def test_every_invalid_fixture_is_listed():
    assert sorted(str(path.relative_to(INVALID)) for path in INVALID.glob("*/*.yml")) == sorted(INVALID_CASES)


@pytest.mark.parametrize("case", INVALID_CASES)
def test_editor_and_validator_refuse_every_invalid_fixture(case: str):
    path = INVALID / case
    problems = validator_problems(path)
    assert problems == INVALID_CASES[case]
    errors = editor_errors(path)
    if case in VALIDATOR_ONLY:
        assert errors == []
        return
    # The editor marks the value, or the mapping that holds the wrong or missing key.
    fields = [problem.split(": ")[1] for problem in problems]
    marked = [error.removeprefix("$").removeprefix(".") for error in errors]
    assert errors
    assert all(any(field.startswith(mark) for mark in marked) for field in fields), (errors, fields)
