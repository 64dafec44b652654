"""How the site is served: the one place that lists Datasette's settings, options and plugin settings.

    python -m kb.site [--db opposition.db] [--host 127.0.0.1] [--port 8001] [--workers N] [--public]

The site is the Datasette instance `make_datasette` configures, served by uvicorn in `--workers`
processes (default: one per core this process may use), each with its own copy; a reader's
request goes to whichever is free, so the pages served use every core. The database is always
opened immutable: read-only, never locked, counted once. Every setting below is set on purpose,
so that a public instance stays answerable under any query a stranger can type; `--public` (the
deploy package's Dockerfile, kb/tools/package.py) adds only what a site behind a TLS proxy needs.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

import uvicorn
import yaml
from datasette.app import Datasette

from kb.processes import usable_cores
from kb.project import ROOT
from kb.records.schema import record_types, type_spec
from kb.site.lists import LISTINGS

DATABASE = "opposition"
SETTINGS = {
    # Any one SQL statement, typed or behind a page, is interrupted after 1.5 s with a 400 page.
    "sql_time_limit_ms": 1500,
    # No page or JSON answer carries more rows than this; larger results are paginated or cut.
    "max_returned_rows": 1000,
    # Rows on a table page unless ?_size= asks for fewer (or more, up to max_returned_rows).
    "default_page_size": 100,
    # Threads running SQL: a slow query holds one, so two more keep answering meanwhile.
    "num_sql_threads": 3,
    # A requested facet that takes longer is dropped from the page, not waited for.
    "facet_time_limit_ms": 300,
    # Values shown per facet.
    "default_facet_size": 30,
    # Facet suggestions cost a query per column on every table page (see the design notes): off.
    "suggest_facets": False,
    # Moot while suggestions are off; kept at Datasette's default.
    "facet_suggest_time_limit_ms": 50,
    # Readers may facet on any column (?_facet=); each facet is bounded by facet_time_limit_ms.
    "allow_facet": True,
    # Analysts may run their own read-only SQL; bounded by sql_time_limit_ms and max_returned_rows.
    "default_allow_sql": True,
    # The whole database file may be downloaded: the data is openly licensed and the file small.
    "allow_download": True,
    # A CSV export may stream every row of a table, past max_returned_rows ...
    "allow_csv_stream": True,
    # ... but stops at this many megabytes (the whole database is a few).
    "max_csv_mb": 20,
    # Seconds a browser or cache may keep a page; the data only changes when the site is redeployed.
    "default_cache_ttl": 300,
    # SQLite's own page cache per connection (0: SQLite's default).
    "cache_size_kb": 0,
    # Long cell values are cut in HTML tables (the full value is on the row page and in JSON).
    "truncate_cells_html": 2048,
    # ?_context=1 and ?_trace=1 would show internals to anyone: off.
    "template_debug": False,
    "trace_debug": False,
}
# Only for the public deployment behind a TLS-terminating proxy: absolute URLs (the sitemap's) say https.
PUBLIC_SETTINGS = {**SETTINGS, "force_https_urls": True}
# How main tells the workers uvicorn starts (each a new process) what to serve.
DATABASE_VARIABLE = "KB_SITE_DATABASE"
PUBLIC_VARIABLE = "KB_SITE_PUBLIC"
# Crawlers may read record pages, table pages, the timeline and the map; not arbitrary SQL, filter,
# facet and search permutations (anything with a query string), exports, the database file or
# Datasette's own /-/ pages. The sitemap (added by datasette-sitemap) lists every record page.
ROBOTS_LINES = [
    "User-agent: *",
    "Allow: /-/timeline$",
    "Allow: /-/map$",
    "Allow: /-/static",
    "Disallow: /-/",
    "Disallow: /*?",
    "Disallow: /*.json",
    "Disallow: /*.csv",
    "Disallow: /*.db",
]
SITEMAP_PAGES = ["/", "/about", *(f"/-/{slug}" for slug in LISTINGS), "/-/timeline", "/-/map"]
WEB_URL = re.compile(r"https?://[^\x00-\x20\x7f\"'<>\\]+", re.IGNORECASE)


def sitemap_sql() -> str:
    """SQL giving the sitemap's paths: the fixed pages, then every record's page by type and id."""
    pages = ", ".join(f"({number}, '{path}')" for number, path in enumerate(SITEMAP_PAGES))
    tables = " ".join(f"when '{record_type}' then '{type_spec(record_type)['table']}'" for record_type in record_types())
    return (
        f"select path from (select 0 as part, column1 as number, column2 as path from (values {pages}) union all "
        f"select 1, row_number() over (order by type, id), '/{DATABASE}/' || case type {tables} end || '/' || id "
        f"from entity) order by part, number"
    )


def plugin_settings() -> dict:
    """The plugins' settings, written into metadata.yml by kb/site/metadata.py."""
    return {
        "datasette-block-robots": {"literal": "\n".join(ROBOTS_LINES)},
        "datasette-sitemap": {"sql": sitemap_sql(), "database": DATABASE},
    }


def web_url(value: object) -> bool:
    """Whether `value` is an http or https address, the only kind the site makes into a link."""
    return isinstance(value, str) and WEB_URL.fullmatch(value) is not None


def make_datasette(db_path: Path, settings: dict = SETTINGS) -> Datasette:
    """The site's Datasette instance: `db_path` immutable, with the project's metadata,
    templates, plugins and static files. What is served, and what tests and scripts use."""
    with (ROOT / "metadata.yml").open(encoding="utf-8") as handle:
        metadata = settle_tables(yaml.load(handle, Loader=yaml.CSafeLoader))
    return Datasette(
        immutables=[str(db_path)],
        metadata=metadata,
        template_dir=str(ROOT / "templates"),
        plugins_dir=str(ROOT / "plugins"),
        static_mounts=[("static", str(ROOT / "static"))],
        settings=settings,
    )


class Settled(dict):
    """A table's settings from metadata.yml, shared rather than copied.

    Datasette deep-copies the whole metadata on each of the half-dozen permission checks of
    every request (`Datasette._table_permission_allows`), only to read which `allow` rules a
    table has: for this site's column descriptions about 4,600 objects, a fifth of a record
    page's time. A deep copy of a Settled mapping is the mapping itself. Datasette's own
    writes into table settings (the inherited license and source) go to the one shared mapping,
    as they do without this."""

    def __deepcopy__(self, memo: dict) -> Settled:
        return self


def settle_tables(metadata: dict) -> dict:
    """`metadata` with each table's settings (and every mapping inside them) made Settled.
    Only those: Datasette itself writes into other parts, such as the canned queries."""
    for database in metadata.get("databases", {}).values():
        tables = database.get("tables", {})
        for name, table in tables.items():
            tables[name] = settled(table)
    return metadata


def settled(value: object) -> object:
    """`value` with every mapping in it, however deep, made Settled."""
    if isinstance(value, dict):
        return Settled({key: settled(item) for key, item in value.items()})
    if isinstance(value, list):
        return [settled(item) for item in value]
    return value


def app():
    """The ASGI application uvicorn starts in each worker (a factory: see main), for the database
    and settings main left in the environment."""
    settings = PUBLIC_SETTINGS if os.environ.get(PUBLIC_VARIABLE) == "1" else SETTINGS
    return make_datasette(Path(os.environ[DATABASE_VARIABLE]), settings).app()


def serve_command(db_path: Path, host: str, port: int, workers: int | None = None, public: bool = False) -> list[str]:
    """The command line that serves `db_path` as `make serve` does."""
    command = [sys.executable, "-m", "kb.site", "--db", str(db_path), "--host", host, "--port", str(port)]
    return command + (["--workers", str(workers)] if workers else []) + (["--public"] if public else [])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kb.site", description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="opposition.db", type=Path)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", default=8001, type=int)
    parser.add_argument("--workers", type=int, help="processes serving pages (default: one per core)")
    parser.add_argument("--public", action="store_true", help="behind a TLS-terminating proxy: absolute URLs say https")
    args = parser.parse_args(argv)
    if not args.db.is_file():
        parser.error(f"{args.db}: no such database; run `make build` first")
    if args.workers is not None and args.workers < 1:
        parser.error(f"--workers must be at least 1, not {args.workers}")
    # Each worker imports this module afresh and calls app(): the environment carries the choice.
    os.environ[DATABASE_VARIABLE] = str(args.db.resolve())
    os.environ[PUBLIC_VARIABLE] = "1" if args.public else "0"
    uvicorn.run("kb.site.serve:app", factory=True, host=args.host, port=args.port,
                workers=args.workers or usable_cores(), lifespan="on")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
