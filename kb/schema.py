"""The record schema (schema/schema.yml), loaded once, with small accessors."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schema" / "schema.yml"
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
