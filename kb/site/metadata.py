"""Keeping metadata.yml's table and column descriptions in step with the schema.

    python -m kb.site.metadata          rewrite metadata.yml's generated parts
    python -m kb.site.metadata --check  exit 1 if metadata.yml is out of date

Generated per table: description, label_column and columns; the canned queries come from
queries/*.sql (a `-- title:` and a `-- description:` line, for each parameter optionally a
`-- choices NAME:` line with SQL giving its choices as value and label and a `-- default NAME:` line,
then the SQL); the plugins' settings
come from kb/site/serve.py. Everything else in metadata.yml (title, facets, sort orders) is written by hand.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import yaml

from kb.db.tables import tables
from kb.project import ROOT
from kb.site.serve import DATABASE, plugin_settings

METADATA_PATH = ROOT / "metadata.yml"
QUERIES_DIR = ROOT / "queries"
HEADER = re.compile(r"^-- (title|description|choices|default)(?: (\w+))?: (.+)$")


def read_metadata(path: Path = METADATA_PATH) -> dict:
    with path.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=yaml.CSafeLoader)


def generated_table_parts() -> dict[str, dict]:
    """description, label_column and columns of every table, from the schema."""
    return {
        table.name: {
            "description": table.description,
            "label_column": table.label_column,
            "columns": {name: column.description for name, column in table.columns.items()},
        }
        for table in tables().values()
    }


def read_query(path: Path) -> dict:
    """A canned query from its file: title and description from the header lines, the parameters'
    choices and defaults (kept under `kb_parameters`), then the SQL."""
    query: dict = {}
    parameters: dict[str, dict[str, str]] = {}
    lines = path.read_text(encoding="utf-8").splitlines()
    while lines and (header := HEADER.match(lines[0])):
        key, name, value = header.groups()
        if key in ("choices", "default"):
            if name is None:
                raise SystemExit(f"{path.relative_to(ROOT)}:1: header: -- {key} needs a parameter name: -- {key} NAME: ...")
            parameters.setdefault(name, {})[key] = value
        else:
            query[key] = value
        lines.pop(0)
    missing = {"title", "description"} - set(query)
    if missing:
        raise SystemExit(f"{path.relative_to(ROOT)}:1: header: missing -- {' and -- '.join(sorted(missing))}: line")
    query["sql"] = "\n".join(lines).strip()
    if parameters:
        query["kb_parameters"] = parameters
    return query


def read_queries(directory: Path = QUERIES_DIR) -> dict[str, dict]:
    return {path.stem: read_query(path) for path in sorted(directory.glob("*.sql"))}


def updated_metadata(metadata: dict) -> dict:
    """metadata with the tables' generated parts, the queries and the plugin settings replaced, hand-written keys kept."""
    database = metadata.setdefault("databases", {}).setdefault(DATABASE, {})
    database["queries"] = read_queries()
    configured = database.get("tables", {})
    merged = {}
    for name, generated in generated_table_parts().items():
        hand_written = {key: value for key, value in configured.get(name, {}).items() if key not in generated}
        merged[name] = {**generated, **hand_written}
    for name, value in configured.items():
        merged.setdefault(name, value)
    database["tables"] = merged
    metadata["plugins"] = plugin_settings()
    return metadata


def dump(metadata: dict) -> str:
    return yaml.dump(metadata, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True, width=100)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if metadata.yml is out of date")
    args = parser.parse_args(argv)
    current = METADATA_PATH.read_text(encoding="utf-8")
    expected = dump(updated_metadata(read_metadata()))
    if args.check:
        if current != expected:
            print("metadata.yml: out of date with schema/schema.yml; run `make metadata`")
            return 1
        return 0
    METADATA_PATH.write_text(expected, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
