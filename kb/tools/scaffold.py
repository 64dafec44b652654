"""A commented skeleton of a new record, derived from schema/schema.yml.

    python -m kb.tools.scaffold person galymzhan-zhakiyanov     (or: make new TYPE=person ID=galymzhan-zhakiyanov)

Required fields are written with empty values, so that `make check` lists exactly what is left to
fill in; optional fields are written commented out, each with its description, to uncomment when
a source supports them.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from kb.records.loader import find_record_files
from kb.records.schema import SLUG_PATTERN, record_fields, record_types, struct_spec, type_spec, value_hint

COMMENT_COLUMN = 28
NOTES = {
    "records": ["Every fact cites the documents you read: add each as a source first (make new TYPE=source ID=src-...)."],
    # kb.records.rules.source_rule: a source names its publisher.
    "sources": ["A source is one document you read. Name its publisher: publisher_name, or publisher (an organization id)."],
}


def type_names() -> dict[str, str]:
    """Record type folders by every name a contributor may use: 'person' or 'people'."""
    names = {record_type: record_type for record_type in record_types()}
    names.update({type_spec(record_type)["table"]: record_type for record_type in record_types()})
    return names


def described(key_part: str, spec: dict) -> str:
    """A key line with the field's description and value hint as a comment, aligned."""
    hint = value_hint(spec)
    comment = spec.get("description", "") + (f" ({hint})" if hint else "")
    return f"{key_part.ljust(COMMENT_COLUMN - 1)} # {comment}" if comment else key_part


def field_lines(name: str, spec: dict, indent: str, lead: str = "") -> list[str]:
    """The lines of one field and, for structs and lists of structs, of its subfields."""
    lines = [described(f"{indent}{lead}{name}:", spec)]
    inner = indent + " " * len(lead) + "  "
    if spec["type"] == "struct":
        lines += struct_lines(spec["struct"], inner, "")
    elif spec["type"] == "list" and spec["items"]["type"] == "struct":
        lines += struct_lines(spec["items"]["struct"], inner, "- ")
    return lines


def struct_lines(struct: str, indent: str, dash: str) -> list[str]:
    """A struct's fields: required ones to fill in, optional ones commented out where they stand.

    A list item's dash goes on its first required field, which is written first (on its first
    field, commented out, when none is required: a result row names one of several).
    """
    fields = struct_spec(struct)["fields"]
    first = next((name for name, spec in fields.items() if spec.get("required")), next(iter(fields))) if dash else None
    item_indent = indent + " " * len(dash)
    lines = field_lines(first, fields[first], indent, dash) if first else []
    if first and not fields[first].get("required"):
        lines = [commented_out(line, len(indent)) for line in lines]
    for name, spec in fields.items():
        if name == first:
            continue
        if spec.get("required"):
            lines += field_lines(name, spec, item_indent)
        else:
            lines += [commented_out(line, len(item_indent)) for line in field_lines(name, spec, item_indent)]
    return lines


def commented_out(line: str, column: int) -> str:
    """`line` commented out at `column`, so that deleting '# ' restores it with its indentation."""
    return f"{line[:column]}# {line[column:]}"


def skeleton(record_type: str, record_id: str) -> str:
    """The skeleton of a new record of `record_type` with id `record_id`."""
    singular = type_spec(record_type)["table"]
    lines = [f"# A new {singular}. Fill in every empty value; `make check` lists what is left."]
    lines += [f"# {note}" for note in NOTES.get(record_type, NOTES["records"])]
    lines += [
        "# Optional fields and subfields are commented out: to use one, delete the '# ' before",
        "# each of its lines. CONTRIBUTING.md has a worked example of every type.",
        f"id: {record_id}",
    ]
    fields = {name: spec for name, spec in record_fields(record_type).items() if name != "id"}
    for name, spec in fields.items():
        if spec.get("required"):
            lines += field_lines(name, spec, "")
    lines.append("# Optional fields:")
    for name, spec in fields.items():
        if not spec.get("required"):
            lines += [commented_out(line, 0) for line in field_lines(name, spec, "")]
    return "\n".join(lines) + "\n"


def existing_file(records_dir: Path, record_id: str) -> Path | None:
    """The file that already uses `record_id`, in any type folder."""
    files, _ = find_record_files(records_dir)
    return next((path for _, path in files if path.stem == record_id), None)


def type_list() -> str:
    return ", ".join(type_spec(record_type)["table"] for record_type in record_types())


def write_skeleton(records_dir: Path, type_name: str, record_id: str) -> tuple[Path | None, str]:
    """Write the skeleton; return its path, or None and why it was not written."""
    names = type_names()
    if not type_name or not record_id:
        return None, f"usage: make new TYPE=<type> ID=<id>, e.g. make new TYPE=person ID=galymzhan-zhakiyanov (types: {type_list()})"
    if type_name not in names:
        return None, f"unknown type {type_name!r}; use one of: {type_list()}"
    if not re.fullmatch(SLUG_PATTERN, record_id):
        return None, f"{record_id!r} is not a valid id; use lower-case ASCII letters, digits and single hyphens (e.g. 'ak-zhol')"
    existing = existing_file(records_dir, record_id)
    if existing:
        return None, f"id {record_id!r} is already used by {existing}; ids are unique across all types"
    path = records_dir / names[type_name] / f"{record_id}.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(skeleton(names[type_name], record_id), encoding="utf-8")
    return path, f"Wrote {path}: fill in the empty values, then run `make check`."


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("type", nargs="?", default="", help="record type: " + type_list())
    parser.add_argument("id", nargs="?", default="", help="the new record's id, e.g. galymzhan-zhakiyanov or src-rferl-1100433")
    parser.add_argument("--records", default="records", type=Path, help="records folder (default: records)")
    args = parser.parse_args(argv)
    path, message = write_skeleton(args.records, args.type, args.id)
    print(message, file=sys.stdout if path else sys.stderr)
    return 0 if path else 1


if __name__ == "__main__":
    raise SystemExit(main())
