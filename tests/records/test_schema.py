"""kb.records.schema: the one schema is well formed, so that everything derived from it is whole."""

import pytest

from kb.records.schema import load_schema, struct_spec, value_hint, vocabularies

SPEC_KEYS = {"type", "vocab", "to", "items", "struct", "alternatives", "required", "minimum", "maximum",
             "table", "parent_column", "columns", "description", "min_items"}


def field_specs():
    schema = load_schema()
    for struct, spec in schema["structs"].items():
        for name, field in spec["fields"].items():
            yield f"structs.{struct}.{name}", field
    for name, field in schema["common"].items():
        yield f"common.{name}", field
    for record_type, spec in schema["types"].items():
        for name, field in spec["fields"].items():
            yield f"types.{record_type}.{name}", field
            if "items" in field:
                yield f"types.{record_type}.{name}.items", field["items"]


@pytest.mark.parametrize("where,spec", list(field_specs()), ids=lambda value: value if isinstance(value, str) else "")
def test_field_specs_use_only_known_keys(where, spec):
    # An unquoted description with a comma in a flow mapping silently becomes an extra key.
    assert set(spec) <= SPEC_KEYS, where


def test_every_referenced_vocabulary_and_struct_exists():
    for where, spec in field_specs():
        if spec["type"] == "vocab":
            assert spec["vocab"] in vocabularies(), where
        if spec["type"] == "struct":
            assert struct_spec(spec["struct"]), where


def test_value_hints():
    fields = load_schema()["types"]
    assert value_hint(fields["people"]["fields"]["living"]) == "true or false"
    assert value_hint(fields["places"]["fields"]["kind"]) == "allowed: country, region, city, district, village, site"
    assert value_hint(fields["claims"]["fields"]["claimant"]) == "the id of a person or an organization"
    assert value_hint(fields["incidents"]["fields"]["date"]) == "a mapping with date and sources"
    assert value_hint(fields["people"]["fields"]["name"]) == ""
