"""The record schema (schema/schema.yml), loaded once, with small accessors."""

from __future__ import annotations

from functools import cache

import yaml

from kb.project import ROOT

SCHEMA_PATH = ROOT / "schema" / "schema.yml"
SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
SCALAR_TYPES = {"string", "text", "slug", "bool", "integer", "number", "edtf", "url", "vocab", "ref"}


@cache
def load_schema() -> dict:
    """Return the parsed schema file."""
    with SCHEMA_PATH.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=yaml.CSafeLoader)


def record_types() -> list[str]:
    """Return the record type folder names, in schema order."""
    return list(load_schema()["types"])


def type_spec(record_type: str) -> dict:
    """Return a record type's spec (table, label, description, fields)."""
    return load_schema()["types"][record_type]


@cache
def record_fields(record_type: str) -> dict[str, dict]:
    """Return every field of a record type: id first, then the type's own, then the common ones."""
    common = load_schema()["common"]
    fields = {"id": common["id"]}
    fields.update(type_spec(record_type)["fields"])
    fields.update({name: spec for name, spec in common.items() if name != "id"})
    return fields


def struct_spec(name: str) -> dict:
    """Return a struct's spec (description, optional main field, fields)."""
    return load_schema()["structs"][name]


def vocabulary(name: str) -> dict[str, str]:
    """Return a vocabulary's values with their descriptions."""
    return load_schema()["vocabularies"][name]["values"]


def vocabularies() -> dict[str, dict]:
    """Return every vocabulary spec."""
    return load_schema()["vocabularies"]


def opinion_source_kinds() -> set[str]:
    """Return the source kinds that count as opinion."""
    return set(load_schema()["vocabularies"]["source_kind"]["opinion"])


def database_spec() -> dict:
    """Return descriptions of the tables and columns the build adds."""
    return load_schema()["database"]


def is_fact_struct(spec: dict) -> bool:
    """A struct whose mapping carries its own sources is a fact."""
    return spec.get("type") == "struct" and "sources" in struct_spec(spec["struct"])["fields"]


def with_article(noun: str) -> str:
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"


def value_hint(spec: dict) -> str:
    """What a value of this field looks like, in words for contributors ('' when plain text)."""
    kind = spec["type"]
    if kind == "vocab":
        return f"allowed: {', '.join(vocabulary(spec['vocab']))}"
    if kind == "ref":
        return "the id of " + " or ".join(with_article(type_spec(target)["table"]) for target in spec["to"])
    if kind == "list" and spec["items"]["type"] == "ref":
        return "a list of ids, e.g. [" + ", ".join(f"<{type_spec(target)['table']} id>" for target in spec["items"]["to"][:2]) + "]"
    if kind == "list":
        return "a list of mappings, one per item"
    if kind == "struct":
        required = [name for name, sub in struct_spec(spec["struct"])["fields"].items() if sub.get("required")]
        return f"a mapping with {' and '.join(required)}"
    return VALUE_HINTS.get(kind, "")


VALUE_HINTS = {
    "edtf": 'a quoted EDTF date, e.g. "2004", "2004-09" or "2004-09-19"',
    "citations": "a list of source ids, e.g. [src-rferl-1100433]",
    "bool": "true or false",
    "url": "an http:// or https:// address",
    "integer": "a whole number",
    "number": "a number",
    "slug": "lower-case letters, digits and hyphens",
    "identifiers": "scheme: id lines, e.g. wikidata: Q123",
}
