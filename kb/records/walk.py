"""Walking a record's values together with their schema specs."""

from __future__ import annotations

from collections.abc import Iterator

from kb.records.schema import record_fields, struct_spec

CITATION_ITEM = {"type": "citation_item"}


def walk_record(record_type: str, data: dict) -> Iterator[tuple[dict, object, tuple]]:
    """Yield (spec, value, path) for every field value in a record, depth first."""
    fields = record_fields(record_type)
    for name, value in data.items():
        if name in fields:
            yield from walk(fields[name], value, (name,))


def walk(spec: dict, value: object, path: tuple) -> Iterator[tuple[dict, object, tuple]]:
    """Yield (spec, value, path) for a value and everything inside it that has the expected shape."""
    kind = spec["type"]
    if kind == "struct" and spec.get("alternatives") and isinstance(value, list):
        single = single_spec(spec)
        yield spec, value, path
        for index, item in enumerate(value):
            yield from walk(single, item, path + (index,))
        return
    yield spec, value, path
    if kind == "list" and isinstance(value, list):
        for index, item in enumerate(value):
            yield from walk(spec["items"], item, path + (index,))
    elif kind == "citations" and isinstance(value, list):
        for index, item in enumerate(value):
            yield CITATION_ITEM, item, path + (index,)
    elif kind == "struct" and isinstance(value, dict):
        fields = struct_spec(spec["struct"])["fields"]
        for name, item in value.items():
            if name in fields:
                yield from walk(fields[name], item, path + (name,))


SINGLE_SPECS: dict[int, tuple[dict, dict]] = {}


def single_spec(spec: dict) -> dict:
    """The spec of one alternative of a field that may list alternatives (one dict per schema spec)."""
    found = SINGLE_SPECS.get(id(spec))
    if found is None or found[0] is not spec:
        found = SINGLE_SPECS[id(spec)] = (spec, {key: item for key, item in spec.items() if key != "alternatives"})
    return found[1]


def cited_source_ids(citations: object) -> list[str]:
    """The source ids in a citations list (ids or {source: ...} mappings)."""
    if not isinstance(citations, list):
        return []
    ids = [item if isinstance(item, str) else item.get("source") if isinstance(item, dict) else None for item in citations]
    return [source_id for source_id in ids if isinstance(source_id, str)]
