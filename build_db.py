#!/usr/bin/env python3
"""Validate records/ and build opposition.db from them.

    python build_db.py            validate, then rebuild the database from scratch
    python build_db.py --check    validate only; write nothing
    --format github               print problems as GitHub Actions annotations on the file and line

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
from pathlib import Path

from kb.build import build_database
from kb.check import check_records, paused_gc
from kb.duplicates import duplicate_warnings
from kb.history import FileDates, changed_files, record_dates
from kb.loader import Record
from kb.problems import OUTPUT_FORMATS, render


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="validate only; write nothing")
    parser.add_argument("--records", default="records", type=Path, help="records folder (default: records)")
    parser.add_argument("--db", default="opposition.db", type=Path, help="database to write (default: opposition.db)")
    parser.add_argument("--format", default="text", choices=OUTPUT_FORMATS, help="output format (github: workflow annotations)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    with paused_gc():
        records, problems = check_records(args.records)
        # The records live until the process ends and hold no cycles: keep the cyclic garbage
        # collector from walking their millions of objects again while the database is built.
        gc.freeze()
    warnings = duplicate_warnings(records, changed_files(args.records))
    for problem in sorted(problems + warnings):
        print(render(problem, args.format))
    sys.stdout.flush()
    if warnings:
        print(f"{plural(len(warnings), 'warning')} to look at (warnings do not fail the check).", file=sys.stderr)
    if problems:
        print(f"{plural(len(problems), 'problem')} found; nothing was written.", file=sys.stderr)
        return 1
    if not args.check:
        trouble = database_path_problem(args.db) or write(records, args.db, record_dates(args.records))
        if trouble:
            print(f"cannot write the database {args.db}: {trouble}; nothing was written.", file=sys.stderr)
            return 1
        print(f"Built {args.db} from {len(records)} records.", file=sys.stderr)
    else:
        print(f"{len(records)} records are valid.", file=sys.stderr)
    return 0


def database_path_problem(db: Path) -> str | None:
    """Why a database cannot be written at `db`, if that is clear before trying."""
    if db.is_dir():
        return "it is a folder, not a file name"
    if db.exists() and not db.is_file():
        return "it is not a regular file (a pipe, socket or device)"
    if not db.parent.is_dir():
        return f"the folder {db.parent} does not exist"
    return None


def write(records: list[Record], db: Path, history: dict[str, FileDates]) -> str | None:
    """Build the database; the reason it could not be written, if it could not."""
    try:
        build_database(records, db, history)
    except OSError as error:
        return error.strerror or str(error)
    except sqlite3.Error as error:
        return str(error)
    return None


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' if count != 1 else ''}"


if __name__ == "__main__":
    raise SystemExit(main())
