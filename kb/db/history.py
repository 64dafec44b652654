"""What git knows about the record files: when each was first added and last changed, and which
files a change adds or edits.

Git is optional. Without git, outside a repository, or in a shallow clone (whose history is cut
short), the dates are unknown and the build writes NULL; nothing here ever stops a build. The
dates come from commits only, never from the working tree or the clock, so the same commit always
gives the same database.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, replace
from pathlib import Path

from kb.project import BRANCH

COMMIT_MARK = "\x01"


@dataclass(frozen=True)
class Change:
    commit: str
    changed: str  # ISO 8601 with time and offset
    subject: str


@dataclass(frozen=True)
class FileDates:
    first_added: str
    last_changed: str
    changes: tuple[Change, ...] = ()  # newest first


def run_git(args: list[str], cwd: Path) -> str | None:
    """git's output, or None when git is not installed or refuses (no repository, unknown ref)."""
    command = ["git", "-C", str(cwd), "-c", "core.quotepath=off", *args]
    try:
        result = subprocess.run(command, capture_output=True, encoding="utf-8", check=False)
    except FileNotFoundError:
        return None
    return result.stdout if result.returncode == 0 else None


def repo_path(relative: str) -> str:
    """A path inside the records folder as the build names it ("people/a.yml" -> "records/people/a.yml")."""
    return f"records/{relative}"


def record_dates(records_dir: Path) -> dict[str, FileDates]:
    """Commit dates of every record file, by its repository path, from one `git log`."""
    if run_git(["rev-parse", "--is-shallow-repository"], records_dir) != "false\n":
        return {}
    log = run_git(["log", "-z", f"--format={COMMIT_MARK}%cs", "--name-only", "--no-renames", "--relative", "--", "."], records_dir)
    dates = parse_log(log or "")
    changes = parse_changes(run_git(["log", "-z", f"--format={COMMIT_MARK}%H%x00%cI%x00%s", "--name-only", "--no-renames",
                                     "--relative", "--", "."], records_dir) or "")
    return {file: replace(found, changes=tuple(changes.get(file, ()))) for file, found in dates.items()}


def parse_changes(log: str) -> dict[str, list[Change]]:
    """Each file's commits, newest first, from `git log -z --format=<mark>%H%x00%cI%x00%s --name-only` output."""
    changes: dict[str, list[Change]] = {}
    for commit in log.split(COMMIT_MARK)[1:]:
        commit_hash, changed, subject, *names = commit.split("\0")
        for name in (name.strip("\n") for name in names):
            if name:
                changes.setdefault(repo_path(name), []).append(Change(commit_hash, changed, subject))
    return changes


def parse_log(log: str) -> dict[str, FileDates]:
    """Each file's earliest and latest commit date (YYYY-MM-DD) in `git log -z --name-only` output."""
    earliest: dict[str, str] = {}
    latest: dict[str, str] = {}
    for commit in log.split(COMMIT_MARK)[1:]:
        date, *names = commit.split("\0")
        for name in (name.strip("\n") for name in names):
            if name:
                earliest[name] = min(earliest.get(name, date), date)
                latest[name] = max(latest.get(name, date), date)
    return {repo_path(name): FileDates(earliest[name], latest[name]) for name in sorted(earliest)}


def base_ref() -> str:
    """What a change is compared with: the pull request's base branch on CI, else the main branch."""
    pull_request_base = os.environ.get("GITHUB_BASE_REF")
    return f"origin/{pull_request_base}" if pull_request_base else BRANCH


def changed_files(records_dir: Path) -> set[str] | None:
    """Repository paths of record files added or edited since the base branch, committed or not.

    None when git cannot tell (no git, no repository); an empty set when nothing changed.
    """
    diff = None
    for ref in (base_ref(), f"origin/{BRANCH}", "HEAD"):
        diff = run_git(["diff", "-z", "--name-only", "--no-renames", "--relative", "--diff-filter=AM", "--merge-base", ref, "--", "."], records_dir)
        if diff is not None:
            break
    untracked = run_git(["ls-files", "-z", "--others", "--exclude-standard", "--", "."], records_dir)
    if diff is None or untracked is None:
        return None
    return {repo_path(name) for name in (diff + untracked).split("\0") if name}
