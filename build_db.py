#!/usr/bin/env python3
"""Validate records/ and build opposition.db from them.

    python build_db.py            validate, then rebuild the database from scratch
    python build_db.py --check    validate only; write nothing
    --format github               print problems as GitHub Actions annotations on the file and line
    --processes N                 read, check and write in N processes (default: one per core
                                  for a large records folder, else one); the database is the same

Problems are printed as `file:line: field: message`, all at once, and the exit status is 1;
the database already built is then left exactly as it was. Warnings (a new or changed record
that looks like one already there) are printed as `file:line: field: warning: message` and
never change the exit status.
"""

from __future__ import annotations

import argparse
import gc
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path

from kb.db.build import ForkedBuild, build_database
from kb.db.history import changed_files, record_dates
from kb.processes import Forked, process_count
from kb.records.check import FILES_PER_PROCESS, cross_check, paused_gc, read_records
from kb.records.duplicates import duplicate_warnings
from kb.records.loader import Record
from kb.records.problems import OUTPUT_FORMATS, render


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="validate only; write nothing")
    parser.add_argument("--records", default="records", type=Path, help="records folder (default: records)")
    parser.add_argument("--db", default="opposition.db", type=Path, help="database to write (default: opposition.db)")
    parser.add_argument("--format", default="text", choices=OUTPUT_FORMATS, help="output format (github: workflow annotations)")
    parser.add_argument("--processes", type=positive, help="processes to work in (default: one per core for a large records folder)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    with paused_gc():
        records, problems = read_records(args.records, args.processes)
        # The records live until the process ends and hold no cycles: keep the cyclic garbage
        # collector from walking their millions of objects again while the database is built.
        gc.freeze()
    # With a second core, the database is written beside the cross-record checks (and kept
    # only if they find nothing); or, when none is written, the look for duplicates runs there.
    parallel = (args.processes or process_count(len(records), FILES_PER_PROCESS)) > 1
    early = start_build(records, args) if parallel and not (args.check or problems) else None
    duplicates = Forked(duplicate_warnings, records, changed_files(args.records)) if parallel and not early else None
    with paused_gc():
        problems = cross_check(records, problems)
    trouble = attempt(early.write_part) if early and not problems else None
    warnings = duplicates.result() if duplicates else duplicate_warnings(records, changed_files(args.records))
    for problem in sorted(problems + warnings):
        print(render(problem, args.format))
    sys.stdout.flush()
    if warnings:
        print(f"{plural(len(warnings), 'warning')} to look at (warnings do not fail the check).", file=sys.stderr)
    if problems:
        if early:
            early.drop()
        print(f"{plural(len(problems), 'problem')} found; nothing was written.", file=sys.stderr)
        return 1
    if not args.check:
        trouble = trouble or database_path_problem(args.db) or write(records, args, early)
        if trouble:
            if early:
                early.drop()
            print(f"cannot write the database {args.db}: {trouble}; nothing was written.", file=sys.stderr)
            return 1
        print(f"Built {args.db} from {len(records)} records.", file=sys.stderr)
    else:
        print(f"{len(records)} records are valid.", file=sys.stderr)
    return 0


def start_build(records: list[Record], args: argparse.Namespace) -> ForkedBuild | None:
    """The database's writing begun in a second process, unless its path is already known to be wrong."""
    if database_path_problem(args.db):
        return None
    return ForkedBuild(records, args.db, record_dates(args.records))


def database_path_problem(db: Path) -> str | None:
    """Why a database cannot be written at `db`, if that is clear before trying."""
    if db.is_dir():
        return "it is a folder, not a file name"
    if db.exists() and not db.is_file():
        return "it is not a regular file (a pipe, socket or device)"
    if not db.parent.is_dir():
        return f"the folder {db.parent} does not exist"
    return None


def write(records: list[Record], args: argparse.Namespace, early: ForkedBuild | None) -> str | None:
    """Build the database (or keep the one begun early); the reason it could not be written, if it could not."""
    if early:
        return attempt(early.keep)
    return attempt(lambda: build_database(records, args.db, record_dates(args.records)))


def attempt(step: Callable[[], None]) -> str | None:
    """Run one step of writing the database; the reason it failed, if it did."""
    try:
        step()
    except OSError as error:
        return error.strerror or str(error)
    except sqlite3.Error as error:
        return str(error)
    return None


def positive(text: str) -> int:
    """argparse type: a whole number of at least 1."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, not {text!r}")
    return int(text)


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' if count != 1 else ''}"


if __name__ == "__main__":
    raise SystemExit(main())
