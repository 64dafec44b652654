"""Random mutations of real records through kb.records.check, kb.db.build and the site.

A handful of real records (a person, an organization, an election, an incident, a claim and a
source) are copied with every record they refer to, and one of them is mutated at a time: lines
deleted, duplicated, swapped or re-indented, characters of any kind inserted, scalars replaced by
other YAML scalars, the file cut short. Whatever comes out, the check must report problems as
single lines and never raise; when it accepts the records, they must build and the record's page
must render. Examples are derandomized, so every run tries the same ones.
"""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kb.db.build import build_database
from kb.records.check import check_records
from kb.records.duplicates import duplicate_warnings
from kb.records.loader import Record
from kb.records.problems import Problem, render
from kb.records.schema import type_spec
from kb.site.serve import make_datasette
from tests.conftest import ROOT

SEEDS = [
    "people/galym-ageleuov.yml",
    "organizations/democratic-party-of-kazakhstan.yml",
    "elections/president-2015.yml",
    "incidents/zhanaozen-2011.yml",
    "claims/ageleuov-dvk-expected-rose-revolution.yml",
    "sources/src-cabar-ageleuov-comment.yml",
]
YAML_SCALARS = [
    "yes", "no", "on", "off", "~", "null", "", "''", '""', "true", "1e400", ".inf", "-.nan", "0x1F", "0o17", "017",
    "1:20", "2005-02-28", "2005-02-30", '"2005-02-30"', '"2006/2005"', '"2005/"', "-1", "0", "3.5", "120",
    "99999999999999999999999", "[]", "{}", "[a, b]", "{a: 1}", "&x a", "*x", "!!python/object/apply:os.system ['true']",
    "!shout x", "!!binary aGVsbG8=", "<script>alert(1)</script>", "javascript:alert(1)", '"\\0"', '"\\x07"', '"\\u2028"',
    "- x", "? x", "|", ">-", "'", '"', "[", "{", "# comment", "@x", "`x", "%YAML 1.1", "---", "...", "<<: {a: 1}",
]


def referenced_ids(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from referenced_ids(item)
    elif isinstance(value, list):
        for item in value:
            yield from referenced_ids(item)


def with_references(records: list[Record], seeds: list[str]) -> list[Record]:
    """The seed records and every record they refer to, directly or through another."""
    by_id = {record.data["id"]: record for record in records}
    wanted, todo = set(), [Path(seed).stem for seed in seeds]
    while todo:
        record_id = todo.pop()
        if record_id not in wanted:
            wanted.add(record_id)
            todo += [value for value in referenced_ids(by_id[record_id].data) if value in by_id]
    return sorted((by_id[record_id] for record_id in wanted), key=lambda record: record.file)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    """A folder holding the seed records and what they refer to, as a valid records folder."""
    records, problems = check_records(ROOT / "records")
    assert problems == []
    folder = tmp_path_factory.mktemp("fuzz")
    for record in with_references(records, SEEDS):
        target = folder / "records" / record.type / Path(record.file).name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(record.file, target)
    assert check_records(folder / "records")[1] == []
    return folder


def at(lines: list[bytes], index: int) -> int:
    return index % len(lines)


def replace_scalar(line: bytes, scalar: bytes) -> bytes:
    """The line with the value after its key (or list dash) replaced."""
    for marker in (b": ", b"- "):
        if marker in line:
            return line.split(marker, 1)[0] + marker + scalar
    return line + b" " + scalar


def mutate(text: bytes, operation: tuple) -> bytes:
    """Apply one mutation to a record file's bytes."""
    kind, *args = operation
    lines = text.split(b"\n")
    if kind == "truncate":
        return text[: args[0] % (len(text) + 1)]
    if kind == "insert":
        position = args[0] % (len(text) + 1)
        return text[:position] + args[1] + text[position:]
    index = at(lines, args[0])
    if kind == "delete":
        del lines[index]
    elif kind == "duplicate":
        lines.insert(index, lines[index])
    elif kind == "swap":
        other = at(lines, args[1])
        lines[index], lines[other] = lines[other], lines[index]
    elif kind == "indent":
        stripped = lines[index].lstrip(b" ")
        lines[index] = b" " * max(0, len(lines[index]) - len(stripped) + args[1]) + stripped
    elif kind == "scalar":
        lines[index] = replace_scalar(lines[index], args[1])
    return b"\n".join(lines)


positions = st.integers(min_value=0, max_value=10_000)
unicode_text = st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=8).map(lambda text: text.encode("utf-8"))
# Besides YAML's traps, the seeds' own ids: references that resolve, to a record of the right type or not.
scalars = st.one_of(
    st.sampled_from(YAML_SCALARS + [Path(seed).stem for seed in SEEDS]),
    st.text(max_size=12).filter(lambda text: "\n" not in text),
).map(lambda text: text.encode("utf-8"))
operations = st.one_of(
    st.tuples(st.just("delete"), positions),
    st.tuples(st.just("duplicate"), positions),
    st.tuples(st.just("swap"), positions, positions),
    st.tuples(st.just("indent"), positions, st.integers(min_value=-4, max_value=4)),
    st.tuples(st.just("insert"), positions, unicode_text | st.binary(min_size=1, max_size=4)),
    st.tuples(st.just("scalar"), positions, scalars),
    st.tuples(st.just("truncate"), positions),
)


def printed(problem: Problem) -> list[str]:
    """The lines a problem prints as, encoded as UTF-8 the way build_db.py writes them."""
    return render(problem).encode("utf-8").decode("utf-8").splitlines()


async def status_of(db: Path, path: str) -> tuple[int, bool]:
    response = await make_datasette(db).client.get(path)
    return response.status_code, '<article class="kb-article' in response.text


@settings(max_examples=200, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(seed=st.sampled_from(SEEDS), changes=st.lists(operations, min_size=1, max_size=3))
# Inputs that once crashed or broke the output: a line break in a quoted key, a number too large for
# SQLite, a control character, and nesting deep enough to overflow libyaml's stack.
@example(seed=SEEDS[0], changes=[("insert", 0, b'"a\\nb": 1\n')])
@example(seed=SEEDS[2], changes=[("scalar", 21, b"99999999999999999999999")])
@example(seed=SEEDS[3], changes=[("insert", 40, b"\x07")])
@example(seed=SEEDS[1], changes=[("insert", 0, b"notes: " + b"[" * 30_000 + b"]" * 30_000 + b"\n")])
def test_mutated_records_are_reported_or_built_and_rendered(workspace: Path, seed: str, changes: list[tuple]):
    path = workspace / "records" / seed
    original = path.read_bytes()
    text = original
    for change in changes:
        text = mutate(text, change)
    path.write_bytes(text)
    try:
        records, problems = check_records(workspace / "records")
        warnings = duplicate_warnings(records, None)
        for problem in problems + warnings:
            assert printed(problem) == [str(problem)], problem
        if not problems:
            db = workspace / "opposition.db"
            build_database(records, db)
            record_type = seed.split("/")[0]
            page = f"/opposition/{type_spec(record_type)['table']}/{path.stem}"
            assert asyncio.run(status_of(db, page)) == (200, True), page
    finally:
        path.write_bytes(original)
