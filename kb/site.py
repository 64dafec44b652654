"""How the site is served: the one place that lists Datasette's settings and options.

    python -m kb.site [--port 8001]    serve opposition.db read-only and immutable
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import yaml
from datasette.app import Datasette

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = {
    "sql_time_limit_ms": 1500,
    "max_returned_rows": 1000,
    "facet_time_limit_ms": 300,
    "suggest_facets": False,
    "allow_download": True,
    "default_cache_ttl": 300,
    "num_sql_threads": 3,
}


def setting_arguments() -> list[str]:
    arguments = []
    for name, value in SETTINGS.items():
        text = ("on" if value else "off") if isinstance(value, bool) else str(value)
        arguments += ["--setting", name, text]
    return arguments


def serve_command(db_path: Path, host: str, port: int) -> list[str]:
    """The datasette command line that serves `db_path`."""
    datasette = str(Path(sys.executable).with_name("datasette"))
    return [
        datasette, "serve", "-i", str(db_path),
        "-m", str(ROOT / "metadata.yml"),
        "--template-dir", str(ROOT / "templates"),
        "--plugins-dir", str(ROOT / "plugins"),
        "--static", f"static:{ROOT / 'static'}",
        "--host", host, "--port", str(port),
        *setting_arguments(),
    ]


def make_datasette(db_path: Path) -> Datasette:
    """A Datasette instance configured exactly as served, for tests and scripts."""
    with (ROOT / "metadata.yml").open(encoding="utf-8") as handle:
        metadata = yaml.load(handle, Loader=yaml.CSafeLoader)
    return Datasette(
        immutables=[str(db_path)],
        metadata=metadata,
        template_dir=str(ROOT / "templates"),
        plugins_dir=str(ROOT / "plugins"),
        static_mounts=[("static", str(ROOT / "static"))],
        settings=SETTINGS,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="opposition.db", type=Path)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", default=8001, type=int)
    args = parser.parse_args(argv)
    command = serve_command(args.db, args.host, args.port)
    os.execv(command[0], command)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
