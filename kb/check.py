"""Validation of a whole records folder: reading, schema and cross-record rules."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kb.loader import Record, load_records
from kb.problems import Problem
from kb.rules import record_problems
from kb.validate import schema_problems


def check_records(records_dir: Path) -> tuple[list[Record], list[Problem]]:
    """Every record and every problem in them, sorted by file and line.

    The records are then left out of the cyclic garbage collector's sight (gc.freeze): they hold
    no cycles, are freed as usual when no longer used, and the collector would otherwise walk
    their millions of objects several times over while the caller goes on to build.
    """
    with paused_gc():
        records, problems = load_records(records_dir)
        for record in records:
            if record.readable:
                problems.extend(schema_problems(record))
        problems.extend(record_problems(records))
        gc.freeze()
    return records, sorted(dict.fromkeys(problems))


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
