"""Validation of a whole records folder: reading, schema and cross-record rules."""

from __future__ import annotations

from pathlib import Path

from kb.loader import Record, load_records
from kb.problems import Problem
from kb.rules import record_problems
from kb.validate import schema_problems


def check_records(records_dir: Path) -> tuple[list[Record], list[Problem]]:
    """Every record and every problem in them, sorted by file and line."""
    records, problems = load_records(records_dir)
    for record in records:
        if record.readable:
            problems.extend(schema_problems(record))
    problems.extend(record_problems(records))
    return records, sorted(dict.fromkeys(problems))
