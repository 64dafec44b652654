"""The deploy package: `make package` writes dist/site/, a folder holding everything a server needs.

    python -m kb.tools.package [--db opposition.db] [--out dist/site]

The folder holds the immutable database, metadata.yml, templates/, static/, plugins/, the kb/
package and schema/ that the plugins import, a pinned requirements.txt, a Dockerfile and
SHA256SUMS. The Dockerfile's CMD is `python -m kb.site --db opposition.db --host 0.0.0.0 --port
8001 --public` (kb/site/serve.py's serve_command), so the deployed site is served exactly as by `make
serve`, with PUBLIC_SETTINGS. The image also installs datasette-hashed-urls, which puts the first characters of the
database's SHA-256 into every database URL (/opposition-1a2b3c4/...) with a one-year Cache-Control,
and redirects unhashed or stale URLs to the current one; it is installed only in the image, not in
the development environment, because it redirects every /opposition/ path the tests request.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import shutil
from pathlib import Path

from kb.site.serve import DATABASE, ROOT, serve_command

PORT = 8001
FOLDERS = ["templates", "static", "plugins", "kb", "schema"]
FILES = ["metadata.yml"]
# In requirements.txt but needed only to test, never to serve.
TEST_ONLY = {"pytest", "pytest-asyncio", "playwright"}
# Needed only to serve in public (see the docstring).
DEPLOY_ONLY = ["datasette-hashed-urls==0.4"]
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc")
MARKER = "SHA256SUMS"


def requirement_name(line: str) -> str:
    return re.split(r"[=<>!~\[; ]", line, maxsplit=1)[0].lower()


def runtime_requirements(path: Path = ROOT / "requirements.txt") -> list[str]:
    """The exact pins the site runs with: requirements.txt less the test tools, plus the deploy-only plugins."""
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    pins = [line for line in lines if line and not line.startswith("#") and requirement_name(line) not in TEST_ONLY]
    return pins + DEPLOY_ONLY


def serve_cmd() -> list[str]:
    """The container's command: serve the packaged database immutable on every interface, port 8001."""
    return ["python", *serve_command(Path(f"{DATABASE}.db"), "0.0.0.0", PORT, public=True)[1:]]


def dockerfile() -> str:
    return "\n".join([
        "# Written by `make package` (kb/tools/package.py) from kb/site/serve.py; do not edit.",
        "FROM python:3.11-slim",
        "WORKDIR /site",
        "COPY requirements.txt .",
        "RUN pip install --no-cache-dir -r requirements.txt && useradd --system --no-create-home site",
        "COPY . .",
        "ENV PYTHONPATH=/site",
        "USER site",
        f"EXPOSE {PORT}",
        f"CMD {json.dumps(serve_cmd())}",
        "",
    ])


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def checksums(folder: Path) -> str:
    """sha256sum's format for every file in `folder`, sorted by path."""
    files = sorted(path for path in folder.rglob("*") if path.is_file() and path.name != MARKER)
    return "".join(f"{sha256(path)}  {path.relative_to(folder).as_posix()}\n" for path in files)


def clear_previous(out: Path) -> None:
    """Remove a package written before; refuse to remove any other folder."""
    if not out.exists():
        return
    if not (out / MARKER).is_file() or not (out / "Dockerfile").is_file():
        raise SystemExit(f"{out}: exists and is not a package written by kb.tools.package; remove it or choose --out")
    shutil.rmtree(out)


def write_package(db_path: Path, out: Path) -> Path:
    """Write the deploy folder `out` from `db_path` and the project's files; return its database's path."""
    clear_previous(out)
    out.mkdir(parents=True)
    for folder in FOLDERS:
        shutil.copytree(ROOT / folder, out / folder, ignore=IGNORED)
    for name in FILES:
        shutil.copyfile(ROOT / name, out / name)
    database = out / f"{DATABASE}.db"
    shutil.copyfile(db_path, database)
    (out / "requirements.txt").write_text("\n".join(runtime_requirements()) + "\n", encoding="utf-8")
    (out / "Dockerfile").write_text(dockerfile(), encoding="utf-8")
    (out / MARKER).write_text(checksums(out), encoding="utf-8")
    return database


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=f"{DATABASE}.db", type=Path)
    parser.add_argument("--out", default=Path("dist") / "site", type=Path)
    args = parser.parse_args(argv)
    if not args.db.is_file():
        parser.error(f"{args.db}: no such database; run `make build` first")
    database = write_package(args.db, args.out)
    digest = sha256(database)
    print(f"Wrote {args.out}/ (database sha256 {digest}, served at /{DATABASE}-{digest[:7]}/).")
    print(f"Build and run: docker build -t opposition-site {args.out} && docker run -p {PORT}:{PORT} opposition-site")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
