"""Where the project lives: its folder here, and the one place that names its public repository.

Edit links on the site, the contributor docs and the pull-request templates are all built from
these two settings; a fork changes them here and nowhere else. Also how files generated from
them are written, or checked to be up to date.
"""

from __future__ import annotations

from pathlib import Path

# The checkout (or the deploy package): schema/, records/, metadata.yml, templates/ and plugins/ are here.
ROOT = Path(__file__).resolve().parent.parent
REPOSITORY_URL = "https://github.com/kazakh-opposition-kb/kazakh-opposition-kb"
BRANCH = "main"


def edit_url(file: str, line: int | None = None) -> str:
    """The address at which a contributor edits `file` (a repository-relative path)."""
    anchor = f"#L{line}" if line else ""
    return f"{REPOSITORY_URL}/edit/{BRANCH}/{file}{anchor}"


def view_url(file: str, line: int | None = None) -> str:
    """The address at which a reader sees `file` as committed, at `line`."""
    anchor = f"#L{line}" if line else ""
    return f"{REPOSITORY_URL}/blob/{BRANCH}/{file}{anchor}"


def write_generated(files: dict[Path, str], check: bool, origin: str, command: str) -> int:
    """Write each generated file (path under ROOT: its text); or, with `check`, write nothing and
    name each that differs from what `origin` gives, with the `command` that brings it up to
    date. The exit status: 1 if any was out of date."""
    stale = []
    for path, text in files.items():
        if check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(path.relative_to(ROOT))
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    for name in stale:
        print(f"{name}: out of date with {origin}; run `{command}`")
    return 1 if stale else 0
