"""The house format of record files, kept by a YAML round trip that preserves comments and key order.

    python -m kb.tools.fmt            rewrite every record file under records/ in the house format
    python -m kb.tools.fmt --check    list the files not in the house format (exit 1); change nothing

The house format is what ruamel.yaml writes back: two-space indentation with list dashes indented
under their key, flow mappings and quotes kept as written, text written as its characters rather
than \\u escapes, one newline at the end. Comments, blank lines and key order are kept. A file
is only rewritten when the rewrite reads back to exactly the same values.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from kb.records.problems import OUTPUT_FORMATS, Problem, render

FORMAT_PATH = "(format)"
FIX_HINT = "run `make fmt` to rewrite it"


def house_yaml() -> YAML:
    """A round-trip YAML reader and writer set to the house format."""
    writer = YAML()
    writer.preserve_quotes = True
    writer.width = 1_000_000
    writer.indent(mapping=2, sequence=4, offset=2)
    return writer


def format_text(text: str) -> str:
    """`text` in the house format; raises YAMLError when it is not readable YAML."""
    if not text.strip():
        return text
    writer = house_yaml()
    output = io.StringIO()
    writer.dump(writer.load(text), output)
    return output.getvalue()


def same_values(before: str, after: str) -> bool:
    """Whether two texts hold the same values (the rewrite changed only the layout)."""
    return yaml.load(before, Loader=yaml.CSafeLoader) == yaml.load(after, Loader=yaml.CSafeLoader)


def first_difference(before: str, after: str) -> int:
    """The first line (from 1) at which two texts differ."""
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    for number, (line_a, line_b) in enumerate(zip(old, new, strict=False), start=1):
        if line_a != line_b:
            return number
    return min(len(old), len(new)) + 1 if len(old) != len(new) else max(len(old), 1)


def record_files(records_dir: Path) -> list[Path]:
    return sorted(records_dir.glob("*/*.yml"))


def format_file(path: Path, write: bool) -> Problem | None:
    """Bring one file into the house format (or, without `write`, say where it departs from it)."""
    file = str(path)
    try:
        text = path.read_text(encoding="utf-8")
        formatted = format_text(text)
        unchanged = formatted == text or same_values(text, formatted)
    except (UnicodeDecodeError, YAMLError, yaml.YAMLError) as error:
        mark = getattr(error, "problem_mark", None)
        return Problem(file, mark.line + 1 if mark else 1, FORMAT_PATH, "cannot be formatted until it is valid YAML; run `make check` to see why")
    if formatted == text:
        return None
    line = first_difference(text, formatted)
    if not unchanged:
        return Problem(file, line, FORMAT_PATH, "reformatting would change a value here; format this file by hand")
    if write:
        path.write_text(formatted, encoding="utf-8")
        return None
    return Problem(file, line, FORMAT_PATH, f"not in the house format from this line on; {FIX_HINT}")


def format_records(records_dir: Path, write: bool) -> list[Problem]:
    """Format (or check) every record file, returning what could not be done or is not formatted."""
    problems = [format_file(path, write) for path in record_files(records_dir)]
    return [problem for problem in problems if problem]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="list files not in the house format; change nothing")
    parser.add_argument("--records", default="records", type=Path, help="records folder (default: records)")
    parser.add_argument("--format", default="text", choices=OUTPUT_FORMATS, help="output format (github: workflow annotations)")
    args = parser.parse_args(argv)
    problems = format_records(args.records, write=not args.check)
    for problem in problems:
        print(render(problem, args.format))
    sys.stdout.flush()
    if problems:
        count = f"{len(problems)} file{'s' if len(problems) != 1 else ''}"
        print(f"{count} not in the house format; `make fmt` rewrites them." if args.check else f"{count} could not be formatted.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
