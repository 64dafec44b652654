"""Shared fixtures: a small valid record set, a built database and a Datasette client."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kb.db.build import build_database
from kb.records.check import check_records
from kb.site.serve import make_datasette

ROOT = Path(__file__).resolve().parent.parent
VALID = Path(__file__).resolve().parent / "fixtures" / "valid"
INVALID = Path(__file__).resolve().parent / "fixtures" / "invalid"


@pytest.fixture
def records(tmp_path: Path) -> Path:
    """A writable copy of the valid fixture records."""
    target = tmp_path / "records"
    shutil.copytree(VALID, target)
    return target


def problems_in(records_dir: Path) -> list[str]:
    """Every problem message for a records folder, with paths relative to its parent."""
    _, problems = check_records(records_dir)
    prefix = str(records_dir.parent) + "/"
    return [str(problem).removeprefix(prefix) for problem in problems]


def run_build(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """Run build_db.py as a contributor would."""
    return subprocess.run([sys.executable, str(ROOT / "build_db.py"), *args], cwd=cwd, capture_output=True, text=True)


needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(repo: Path, *args: str, date: str = "2020-01-02T12:00:00+00:00") -> None:
    environment = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    command = ["git", "-C", str(repo), "-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false", *args]
    subprocess.run(command, check=True, capture_output=True, env=environment)


@pytest.fixture
def history_repo(tmp_path: Path, records: Path) -> Path:
    """A repository whose records were committed on 2020-01-02, with one changed on 2021-03-04."""
    repo = tmp_path / "repo"
    shutil.copytree(records, repo / "records")
    git(repo, "init", "--quiet", "--initial-branch=main")
    git(repo, "add", ".")
    git(repo, "commit", "--quiet", "-m", "Records")
    (repo / "records/people/person-a.yml").write_text((repo / "records/people/person-a.yml").read_text() + "notes: A note.\n")
    git(repo, "commit", "--quiet", "-am", "A note", date="2021-03-04T12:00:00+00:00")
    return repo


@pytest.fixture(scope="session")
def real_db(tmp_path_factory) -> Path:
    """The database built from the project's own records."""
    records, problems = check_records(ROOT / "records")
    assert [str(p) for p in problems] == []
    path = tmp_path_factory.mktemp("real") / "opposition.db"
    build_database(records, path)
    return path


@pytest.fixture(scope="session")
def fixture_db(tmp_path_factory) -> Path:
    """The database built from the small valid fixture set."""
    records, problems = check_records(VALID)
    assert [str(p) for p in problems] == []
    path = tmp_path_factory.mktemp("fixture") / "opposition.db"
    build_database(records, path)
    return path


@pytest.fixture
def datasette(real_db: Path):
    return make_datasette(real_db)


@pytest.fixture
def fixture_datasette(fixture_db: Path):
    return make_datasette(fixture_db)
