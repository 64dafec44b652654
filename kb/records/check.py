"""Validation of a whole records folder: reading, schema and cross-record rules."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from kb.processes import Forked, process_count
from kb.records.loader import Record, find_record_files, pack_records, read_files, unpack_records
from kb.records.problems import Problem
from kb.records.rules import record_problems
from kb.records.validate import schema_problems

# Characters that end a line (str.splitlines), written as escapes so that a problem stays one
# line however a quoted key or value spells them.
LINE_BREAKS = {ord(char): repr(char)[1:-1] for char in "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"}
# Files per extra process: below this, starting a process and sending its records back
# (about 0.1 s per 1,000 records) costs more than reading them here.
FILES_PER_PROCESS = 1_000
# Sending records back (packed there, unpacked here) adds about a fifth to reading them.
FIRST_RUN_SHARE = 1.2


def check_records(records_dir: Path, processes: int | None = None) -> tuple[list[Record], list[Problem]]:
    """Every record and every problem in them, sorted by file and line."""
    with paused_gc():
        records, problems = read_records(records_dir, processes)
        return records, cross_check(records, problems)


def read_records(records_dir: Path, processes: int | None = None) -> tuple[list[Record], list[Problem]]:
    """Every record, and the problems found reading each and checking it against the schema.

    The files are read in `processes` processes (by default one per core, when there are
    enough files), each taking a run of consecutive files, so the records come back in the
    same order and the result is the same however many there are."""
    files, problems = find_record_files(records_dir)
    records, found = read_in_processes(files, processes or process_count(len(files), FILES_PER_PROCESS))
    return records, problems + found


def cross_check(records: list[Record], problems: list[Problem]) -> list[Problem]:
    """`problems` and the cross-record ones, each on one line, sorted by file and line."""
    problems = problems + record_problems(records)
    return sorted(dict.fromkeys(one_line(problem) for problem in problems))


def read_in_processes(files: list[tuple[str, Path]], processes: int) -> tuple[list[Record], list[Problem]]:
    """read_and_check over `files` split into `processes` runs, the first run read here."""
    runs = split_runs(files, processes)
    children = [Forked(read_and_pack, run) for run in runs[1:]]
    results = [read_and_check(runs[0])] + [unpacked(child.result()) for child in children]
    return [r for records, _ in results for r in records], [p for _, problems in results for p in problems]


def read_and_pack(files: list[tuple[str, Path]]) -> tuple[bytes, list[Problem]]:
    """read_and_check in another process, its records packed to be sent back."""
    records, problems = read_and_check(files)
    return pack_records(records), problems


def unpacked(result: tuple[bytes, list[Problem]]) -> tuple[list[Record], list[Problem]]:
    packed, problems = result
    return unpack_records(packed), problems


def split_runs(files: list, count: int) -> list[list]:
    """`files` cut into `count` runs of consecutive files; the first, read here, is
    FIRST_RUN_SHARE times as long as each other, whose records are also sent back."""
    count = max(1, min(count, len(files)))
    weights = [FIRST_RUN_SHARE] + [1.0] * (count - 1)
    total = sum(weights)
    ends = [round(len(files) * sum(weights[: index + 1]) / total) for index in range(count)]
    return [files[start:end] for start, end in zip([0] + ends, ends)]


def read_and_check(files: list[tuple[str, Path]]) -> tuple[list[Record], list[Problem]]:
    """The records of `files` and their reading and schema problems."""
    records, problems = read_files(files)
    for record in records:
        if record.readable:
            problems.extend(schema_problems(record))
    return records, problems


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
