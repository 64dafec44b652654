"""Shared fixtures: a small valid record set, a built database and a Datasette client."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kb.build import build_database
from kb.check import check_records
from kb.site import make_datasette

ROOT = Path(__file__).resolve().parent.parent
VALID = Path(__file__).resolve().parent / "fixtures" / "valid"


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
