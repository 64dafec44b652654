"""Schema validation of records: JSON Schema errors turned into `file:line: field: message`."""

from __future__ import annotations

import difflib
import re
from functools import cache
from typing import TYPE_CHECKING

import fastjsonschema

from kb.records.dates import edtf_error
from kb.records.jsonschema import DEFINITIONS, URL_PATTERN, record_schema
from kb.records.loader import Record
from kb.records.problems import Problem, format_path
from kb.records.schema import value_hint
from kb.records.walk import walk_record

if TYPE_CHECKING:
    from jsonschema import Draft7Validator, ValidationError

THOUSANDS = re.compile(r"\d{1,3}([ ,\u00a0\u202f]\d{3})+")
PLAIN_NUMBER = re.compile(r"\d+(\.\d+)?")
# How alike a typo must be to a valid value before it is suggested ("leeder" -> "leader",
# but never "jailed" -> "killed").
SUGGESTION_CUTOFF = 0.75
TYPE_WORDS = {
    "string": "text", "object": "a mapping (key: value lines)", "array": "a list (lines starting with '- ')",
    "integer": "a whole number", "number": "a number", "boolean": "true or false",
}


def is_edtf(value: object) -> bool:
    return not isinstance(value, str) or edtf_error(value) is None


@cache
def full_validator(record_type: str) -> Draft7Validator:
    """The jsonschema validator that lists every error (imported only when a record has one:
    it is about a quarter of build_db.py's start-up)."""
    from jsonschema import Draft7Validator, FormatChecker

    checker = FormatChecker(formats=())
    checker.checks("edtf")(is_edtf)
    return Draft7Validator(record_schema(record_type), format_checker=checker)


@cache
def fast_validator(record_type: str):
    """A compiled validator that only says valid or not (the common case, fast)."""
    return fastjsonschema.compile(record_schema(record_type), formats={"edtf": is_edtf})


def schema_problems(record: Record) -> list[Problem]:
    """Every schema problem of one record, skipping values the loader already reported."""
    try:
        fast_validator(record.type)(record.data)
        return []
    except fastjsonschema.JsonSchemaException:
        pass
    problems: list[Problem] = []
    for error in full_validator(record.type).iter_errors(record.data):
        problems.extend(describe(error, record))
    return [p for p in dict.fromkeys(problems) if not covered(p, record.reported)]


def covered(problem: Problem, reported: set[tuple]) -> bool:
    """Whether the loader already reported this value (e.g. an unquoted yes)."""
    return any(problem.path == format_path(path) or problem.path.startswith(format_path(path) + ".") for path in reported)


def describe(error: ValidationError, record: Record) -> list[Problem]:
    """Turn one jsonschema error into problems with lines and helpful messages."""
    path = tuple(error.absolute_path)
    keyword = error.validator
    if keyword == "anyOf":
        return describe_any_of(error, record)
    if keyword == "additionalProperties":
        return unknown_key_problems(error, record, path)
    if keyword == "required":
        return missing_field_problems(error, record, path)
    if error.instance is None:
        # An empty value fails its type and, beside it, its allowed values: one message says it.
        return [Problem(record.file, record.line(path), format_path(path), empty_message(record, path))] if keyword == "type" else []
    message = MESSAGES.get(keyword, lambda e: e.message)(error)
    return [Problem(record.file, record.line(path), format_path(path), message)]


def describe_any_of(error: ValidationError, record: Record) -> list[Problem]:
    """For a choice of shapes, report the errors of the shape the value was meant to have."""
    branches: dict[int, list[ValidationError]] = {}
    for sub in error.context:
        branches.setdefault(sub.schema_path[0], []).append(sub)
    for sub_errors in branches.values():
        if not any(sub.validator == "type" and sub.absolute_path == error.absolute_path for sub in sub_errors):
            return [problem for sub in sub_errors for problem in describe(sub, record)]
    path = tuple(error.absolute_path)
    is_citation = {"$ref": DEFINITIONS + "citation"} in error.schema["anyOf"]
    shapes = "a source id or a mapping {source, at, quote}" if is_citation else "a mapping, or a list of alternatives"
    return [Problem(record.file, record.line(path), format_path(path), f"expected {shapes}")]


def unknown_key_problems(error: ValidationError, record: Record, path: tuple) -> list[Problem]:
    allowed = list(error.schema["properties"])
    problems = []
    for key in error.instance:
        if key not in allowed:
            hint = difflib.get_close_matches(key, allowed, n=1, cutoff=SUGGESTION_CUTOFF)
            suggestion = f"did you mean '{hint[0]}'? " if hint else ""
            line = record.lines.get(path + (key, "<key>"), record.line(path))
            problems.append(Problem(record.file, line, format_path(path + (key,)), f"unknown key; {suggestion}(allowed: {', '.join(allowed)})"))
    return problems


def missing_field_problems(error: ValidationError, record: Record, path: tuple) -> list[Problem]:
    properties = error.schema["properties"]
    return [
        Problem(record.file, record.line(path), format_path(path + (name,)), f"required field is missing{allowed_hint(properties[name])}")
        for name in error.validator_value
        if name not in error.instance
    ]


def allowed_hint(schema: dict) -> str:
    return f" (allowed: {', '.join(schema['enum'])})" if "enum" in schema else f" ({schema['description']})" if "description" in schema else ""


def empty_message(record: Record, path: tuple) -> str:
    """An empty value: a required one says what to fill in, an optional one may also go."""
    spec = next((spec for spec, _, at in walk_record(record.type, record.data) if at == path), None)
    if spec is None or not spec.get("required"):
        return "empty value; fill it in or remove the key"
    hint = value_hint(spec)
    return f"to fill in: {spec['description']}" + (f" ({hint})" if hint else "")


def type_message(error: ValidationError) -> str:
    expected, value = error.validator_value, error.instance
    if expected == "string" and isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"expected text, got the number {value}; quote it (\"{value}\")"
    if expected == "string" and isinstance(value, bool):
        return f"expected text, got the boolean {str(value).lower()}; quote it"
    if expected == "array" and isinstance(value, str) and lists_ids(error.schema):
        return f"expected a list; write [{value}]"
    if isinstance(value, str) and expected in ("integer", "number", "boolean"):
        unquote = value in ("true", "false") or value.replace(".", "", 1).isdigit()
        number = None if unquote or expected == "boolean" else number_in(value)
        fix = "; write it without quotes" if unquote else f"; write {number}" if number else ""
        return f"expected {TYPE_WORDS[expected]}, got the text {value!r}{fix}"
    return f"expected {TYPE_WORDS.get(expected, expected)}"


def number_in(text: str) -> str | None:
    """The plain number a contributor meant by '77%', '6,147,517' or '6 147 517', if it is clear."""
    digits = text.strip().removesuffix("%").strip()
    if THOUSANDS.fullmatch(digits):
        digits = re.sub(r"[ ,\u00a0\u202f]", "", digits)
    return digits if PLAIN_NUMBER.fullmatch(digits) else None


def lists_ids(schema: dict) -> bool:
    """Whether a list schema holds ids (record references or citations)."""
    items = schema.get("items", {})
    return items.get("type") == "string" or items.get("$ref") == DEFINITIONS + "citation_item"


def enum_message(error: ValidationError) -> str:
    allowed = error.validator_value
    hint = difflib.get_close_matches(str(error.instance), allowed, n=1, cutoff=SUGGESTION_CUTOFF)
    suggestion = f"did you mean '{hint[0]}'? " if hint else ""
    return f"{error.instance!r} is not allowed; {suggestion}(allowed: {', '.join(allowed)})"


def pattern_message(error: ValidationError) -> str:
    if "propertyNames" in error.schema_path:
        return f"{error.instance!r}: identifier scheme names are lower-case words (e.g. wikidata)"
    if error.validator_value == URL_PATTERN:
        return f"{error.instance!r} is not a web address; use an http:// or https:// address"
    return f"{error.instance!r} is not a valid id; use lower-case ASCII letters, digits and single hyphens (e.g. 'ak-zhol')"


MESSAGES = {
    "type": type_message,
    "enum": enum_message,
    "pattern": pattern_message,
    "format": lambda e: edtf_error(e.instance),
    "minimum": lambda e: f"{e.instance} is below the minimum {e.validator_value}",
    "maximum": lambda e: f"{e.instance} is above the maximum {e.validator_value}",
    "minItems": lambda e: f"list at least {e.validator_value} item{'s' if e.validator_value > 1 else ''}, or remove the key",
    "minLength": lambda e: "empty text; fill it in or remove the key",
    "minProperties": lambda e: "empty mapping; fill it in or remove the key",
}
