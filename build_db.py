#!/usr/bin/env python3
"""Validate records/ and build opposition.db from them.

    python build_db.py            validate, then rebuild the database from scratch
    python build_db.py --check    validate only; write nothing
    --format github               print problems as GitHub Actions annotations on the file and line

Problems are printed as `file:line: field: message`, all at once, and the exit status is 1;
the database already built is then left exactly as it was.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kb.build import build_database
from kb.check import check_records
from kb.history import record_dates
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
    records, problems = check_records(args.records)
    for problem in problems:
        print(render(problem, args.format))
    sys.stdout.flush()
    if problems:
        print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found; nothing was written.", file=sys.stderr)
        return 1
    if not args.check:
        build_database(records, args.db, record_dates(args.records))
        print(f"Built {args.db} from {len(records)} records.", file=sys.stderr)
    else:
        print(f"{len(records)} records are valid.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
