"""Where the project lives: its folder here, and the one place that names its public repository.

Edit links on the site, the contributor docs and the pull-request templates are all built from
these two settings; a fork changes them here and nowhere else.
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
