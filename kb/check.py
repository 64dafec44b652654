"""Validation of a whole records folder: reading, schema and cross-record rules."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from kb.loader import Record, load_records
from kb.problems import Problem
from kb.rules import record_problems
from kb.validate import schema_problems

# Characters that end a line (str.splitlines), written as escapes so that a problem stays one
# line however a quoted key or value spells them.
LINE_BREAKS = {ord(char): repr(char)[1:-1] for char in "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"}


def check_records(records_dir: Path) -> tuple[list[Record], list[Problem]]:
    """Every record and every problem in them, sorted by file and line."""
    with paused_gc():
        records, problems = load_records(records_dir)
        for record in records:
            if record.readable:
                problems.extend(schema_problems(record))
        problems.extend(record_problems(records))
    return records, sorted(dict.fromkeys(one_line(problem) for problem in problems))


def one_line(problem: Problem) -> Problem:
    """The problem with any line break in its file, field or message written as an escape."""
    return replace(problem, file=problem.file.translate(LINE_BREAKS), path=problem.path.translate(LINE_BREAKS),
                   message=problem.message.translate(LINE_BREAKS))


@contextmanager
def paused_gc() -> Iterator[None]:
    """The cyclic garbage collector off while many lasting objects are made (records hold no
    cycles, and a full collection over a growing heap would repeat for nothing)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
