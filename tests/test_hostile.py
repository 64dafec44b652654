"""build_db.py against hostile input: one corpus of everything a record set can do wrong, end to end.

Each case starts from the valid fixture records, writes or replaces a few files, and runs the build
as a contributor would, beside a database built before. Every case must exit 1 with exactly the
listed problems, no traceback, the old database byte for byte as it was and no temporary file left.
(Markup in names and summaries is valid text; tests/test_article.py checks that it renders inert.)
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from kb.db.build import build_database
from kb.records.check import check_records
from kb.records.loader import MAX_PARSE_DEPTH
from tests.conftest import VALID, run_build

PERSON = "id: person-a\nname: Person A\nliving: true\n"
ELECTION = "id: election-e\nkind: parliamentary\nname: Election E\ndate: {date: \"2004-09-19\", sources: [src-news]}\n"
INCIDENT = "id: incident-f\nkind: crackdown\ntitle: Incident F\ndate: {date: \"2011\", sources: [src-news]}\nsummary: {text: x, sources: [src-news]}\n"
SOURCE = "id: src-news\nkind: news\ntitle: T\npublisher_name: P\nlanguage: en\n"
A = "records/people/person-a.yml"
TYPES = "(types: claims, elections, incidents, organizations, people, places, sources)"
EDTF_EXAMPLES = '(e.g. "2004", "2004-12", "2004-12-16", "2004-12-16?", "2004-12~", "2004-09-19/2004-10-03", "2004/..")'
BILLION_LAUGHS = """id: person-a
name: Person A
living: true
notes: &lol1 [lol, lol, lol]
sources: &lol2 [*lol1, *lol1, *lol1]
identifiers: {lol3: [*lol2, *lol2, *lol2]}
"""

Write = str | bytes | Callable[[Path], None]


def link(target: str) -> Callable[[Path], None]:
    """A symbolic link to `target`, relative to the link's folder."""
    return lambda path: path.symlink_to(target)


def link_outside(path: Path) -> None:
    """A symbolic link to a valid-looking record outside the records folder."""
    outside = path.parents[2] / "elsewhere" / path.name
    outside.parent.mkdir()
    outside.write_text(PERSON)
    path.symlink_to(outside)


def make_folder(path: Path) -> None:
    path.mkdir()


def unreadable(path: Path) -> None:
    """A record file that its owner may not read (only refused when not running as root)."""
    path.write_text(PERSON)
    path.chmod(0)


def latin1_name(path: Path) -> None:
    """An empty file named 'café.yml' in Latin-1 (the byte 0xe9, not UTF-8) beside `path`."""
    os.close(os.open(os.fsencode(path.parent) + b"/caf\xe9.yml", os.O_CREAT | os.O_WRONLY))


CASES: dict[str, tuple[dict[str, Write], list[str]]] = {
    # Reading YAML.
    "syntax error": (
        {"people/person-a.yml": "id: person-a\nname: [Person A\nliving: true\n"},
        [f"{A}:3: (yaml): YAML syntax error: while parsing a flow sequence did not find expected ',' or ']'; the [ on line 2 is not closed with ], or a comma is missing"],
    ),
    "control character": (
        {"people/person-a.yml": "id: person-a\nname: Person \x07A\nliving: true\n"},
        [f"{A}:2: (yaml): character #x0007 is not allowed in YAML (control characters are not allowed); remove it"],
    ),
    "two documents in one file": (
        {"people/person-a.yml": PERSON + "---\n" + PERSON},
        [f"{A}:4: (yaml): YAML syntax error: expected a single document in the stream but found another document"],
    ),
    "tab indentation": (
        {"people/person-a.yml": PERSON + "fate:\n\t- {status: active, sources: [src-news]}\n"},
        [f"{A}:5: (file): tab character in indentation; indent with spaces"],
    ),
    "duplicate key": (
        {"people/person-a.yml": PERSON + "name: Person B\n"},
        [f"{A}:4: name: duplicate key; each key may appear once"],
    ),
    "merge key": (
        {"people/person-a.yml": PERSON + "born: {<<: {date: \"1947\"}, sources: [src-news]}\n"},
        [f"{A}:4: born: merge keys (<<) are not allowed; write the keys out"],
    ),
    "custom tag": (
        {"people/person-a.yml": "id: person-a\nname: !shout Person A\nliving: true\n"},
        [f"{A}:2: name: tag '!shout' is not allowed; write plain values"],
    ),
    "python object tag": (
        {"people/person-a.yml": "id: person-a\nname: !!python/object/apply:os.system ['touch pwned']\nliving: true\n"},
        [f"{A}:2: name: tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed; write plain values"],
    ),
    "billion laughs": (
        {"people/person-a.yml": BILLION_LAUGHS},
        # An alias is the anchored value itself, so its line is the anchor's.
        [f"{A}:4: notes: expected text"]
        + [f"{A}:4: sources[{i}]: anchors and aliases (& and *) are not allowed; write the value out" for i in range(3)]
        + [f"{A}:5: identifiers.lol3[{i}]: anchors and aliases (& and *) are not allowed; write the value out" for i in range(3)]
        + [f"{A}:6: identifiers.lol3: expected text"],
    ),
    "huge file": (
        {"people/person-a.yml": PERSON + "notes: " + "x" * 1_000_000 + "\n"},
        [f"{A}:1: (file): file is 1,000,049 bytes; records must be under 1,000,000 bytes"],
    ),
    "nested too deep for a record": (
        {"people/person-a.yml": PERSON + "notes: " + "[" * 30 + "]" * 30 + "\n"},
        [f"{A}:4: notes: expected text", f"{A}:4: notes" + "[0]" * 24 + ": nested more than 24 levels deep"],
    ),
    "nested too deep to parse": (
        {"people/person-a.yml": PERSON + "notes: " + "[" * 100_000 + "]" * 100_000 + "\n"},
        [f"{A}:4: (yaml): nested more than {MAX_PARSE_DEPTH:,} levels deep; records are nested at most 24 levels"],
    ),
    "empty file": ({"people/person-a.yml": ""}, [f"{A}:1: (file): file is empty; a record is a mapping of fields (see CONTRIBUTING.md)"]),
    "byte-order mark": (
        {"people/person-a.yml": b"\xef\xbb\xbf" + PERSON.encode()},
        [f"{A}:1: (file): file starts with a byte-order mark (BOM); save it as UTF-8 without BOM"],
    ),
    "bytes that are not UTF-8": (
        {"people/person-a.yml": b"id: person-a\nname: Caf\xe9\nliving: true\n"},
        [f"{A}:2: (file): byte 0xe9 is not valid UTF-8; save the file as UTF-8"],
    ),
    "top-level list": (
        {"people/person-a.yml": "- id: person-a\n- name: Person A\n"},
        [f"{A}:1: (file): the top level must be a mapping of fields (key: value), not a list or a single value"],
    ),
    # Fields and values.
    "unknown keys": (
        {"people/person-a.yml": PERSON + "sumary: {text: x, sources: [src-news]}\npassword: hunter2\n"},
        [f"{A}:4: sumary: unknown key; did you mean 'summary'? (allowed: id, name, living, born, died, memberships, positions, fate, summary, names, identifiers, sources, notes)",
         f"{A}:5: password: unknown key; (allowed: id, name, living, born, died, memberships, positions, fate, summary, names, identifiers, sources, notes)"],
    ),
    "YAML 1.1 booleans": (
        {"people/person-a.yml": "id: person-a\nname: Person A\nliving: yes\nnotes: no\nidentifiers: {wikidata: on}\n"},
        [f"{A}:3: living: YAML 1.1 reads unquoted 'yes' as a boolean; write true or false, or quote it (\"yes\") if you mean the word",
         f"{A}:4: notes: YAML 1.1 reads unquoted 'no' as a boolean; write true or false, or quote it (\"no\") if you mean the word",
         f"{A}:5: identifiers.wikidata: YAML 1.1 reads unquoted 'on' as a boolean; write true or false, or quote it (\"on\") if you mean the word"],
    ),
    "line breaks in a quoted key and value": (
        {"people/person-a.yml": PERSON + "\"a\\nb\": 1\nmemberships:\n  - {org: \"x\\u2028y\", role: member, sources: [src-news]}\n"},
        [f"{A}:4: a\\nb: unknown key; (allowed: id, name, living, born, died, memberships, positions, fate, summary, names, identifiers, sources, notes)",
         f"{A}:6: memberships[0].org: 'x\\u2028y' is not a valid id; use lower-case ASCII letters, digits and single hyphens (e.g. 'ak-zhol')",
         f"{A}:6: memberships[0].org: unknown id 'x\\u2028y'; expected an organization"],
    ),
    "bare date": (
        {"people/person-a.yml": PERSON + "born: {date: 1947-11-22, sources: [src-news]}\n"},
        [f"{A}:4: born.date: YAML reads the bare date 1947-11-22 as a date object; quote it: \"1947-11-22\""],
    ),
    "integer too large to store": (
        {"elections/election-e.yml": ELECTION + "votes_cast: {value: 99999999999999999999999, sources: [src-news]}\n"},
        ["records/elections/election-e.yml:5: votes_cast.value: number 99999999999999999999999 is too large to store; numbers must lie between -9223372036854775807 and 9223372036854775807"],
    ),
    "impossible date": (
        {"people/person-a.yml": PERSON + "born: {date: \"2005-02-30\", sources: [src-news]}\n"},
        [f"{A}:4: born.date: '2005-02-30' is not a valid EDTF date {EDTF_EXAMPLES}"],
    ),
    "reversed dates": (
        {"people/person-a.yml": PERSON + "memberships:\n  - {org: party-a, role: member, start: \"2005\", end: \"2004-06\", sources: [src-news]}\n"
                                          "fate:\n  - {status: active, start: \"2006/2005\", sources: [src-news]}\n"},
        [f"{A}:5: memberships[0].end: '2004-06' is before start '2005'",
         f"{A}:7: fate[0].start: '2006/2005' is an interval that ends before it starts"],
    ),
    "share over 100": (
        {"elections/election-e.yml": ELECTION + "results:\n  - {tier: party-list, stage: preliminary, figure: official, according_to: commission, sources: [src-news], rows: [{contestant: party-a, share: 120}]}\n"},
        ["records/elections/election-e.yml:6: results[0].rows[0].share: 120 is above the maximum 100"],
    ),
    "low above best": (
        {"incidents/incident-f.yml": INCIDENT + "estimates:\n  - {kind: killed, low: 20, best: 14, according_to: commission, sources: [src-news]}\n"},
        ["records/incidents/incident-f.yml:7: estimates[0].best: best 14 is less than low 20; need low <= best <= high"],
    ),
    "javascript: address": (
        {"sources/src-news.yml": SOURCE + "url: javascript:alert(1)\n"},
        ["records/sources/src-news.yml:6: url: 'javascript:alert(1)' is not a web address; use an http:// or https:// address"],
    ),
    "data: address": (
        {"sources/src-news.yml": SOURCE + "url: \"data:text/html,<script>alert(1)</script>\"\n"},
        ["records/sources/src-news.yml:6: url: 'data:text/html,<script>alert(1)</script>' is not a web address; use an http:// or https:// address"],
    ),
    # Across records.
    "id differs from the file name": (
        {"people/person-a.yml": PERSON.replace("id: person-a", "id: person-b")},
        [f"{A}:1: id: id 'person-b' does not match the file name 'person-a.yml'; the id must equal the file name"],
    ),
    "same id in two types": (
        {"places/party-a.yml": "id: party-a\nkind: city\nname: Party A Town\n"},
        ["records/places/party-a.yml:1: id: id 'party-a' is already used by records/organizations/party-a.yml; ids are unique across all types"],
    ),
    "dangling reference": (
        {"people/person-a.yml": PERSON + "memberships:\n  - {org: party-aa, role: member, sources: [src-news]}\n"},
        [f"{A}:5: memberships[0].org: unknown id 'party-aa'; expected an organization (did you mean 'party-a'?)"],
    ),
    "reference to the wrong type": (
        {"people/person-a.yml": PERSON + "memberships:\n  - {org: town-d, role: member, sources: [src-news]}\n"},
        [f"{A}:5: memberships[0].org: 'town-d' is a place; expected an organization"],
    ),
    "citation of a non-source": (
        {"people/person-a.yml": PERSON + "born: {date: \"1947\", sources: [party-a]}\n"},
        [f"{A}:4: born.sources[0]: 'party-a' is an organization; expected a source"],
    ),
    "fact cited only to opinion": (
        {"people/person-a.yml": PERSON + "born: {date: \"1947\", sources: [src-opinion]}\n"},
        [f"{A}:4: born.sources: stated only on opinion sources (src-opinion); add a reporting source, or attribute it with according_to (or make it a claim)"],
    ),
    # Files and folders.
    "stray files": (
        {"people/notes.txt": "hello", "people/person-z.yaml": "id: person-z\n", "README.md": "hi"},
        [f"records/README.md:1: (file): not a record type folder; records go in records/<type>/<id>.yml {TYPES}",
         "records/people/notes.txt:1: (file): not a record file; only <id>.yml files belong in a type folder",
         "records/people/person-z.yaml:1: (file): records use the .yml extension; rename the file"],
    ),
    "unknown type folder": (
        {"parties/party-z.yml": "id: party-z\nkind: party\nname: Party Z\n"},
        [f"records/parties:1: (file): not a record type folder; records go in records/<type>/<id>.yml {TYPES}"],
    ),
    "file name not UTF-8": (
        {"people/café.yml in Latin-1": latin1_name},
        ["records/people/caf\ufffd.yml:1: (file): file name is not valid UTF-8; rename the file"],
    ),
    "symbolic link outside the records": (
        {"people/secret.yml": link_outside},
        ["records/people/secret.yml:1: (file): symbolic link pointing outside the records folder"],
    ),
    "symbolic link loop": (
        {"people/loop-a.yml": link("loop-b.yml"), "people/loop-b.yml": link("loop-a.yml")},
        ["records/people/loop-a.yml:1: (file): symbolic link that loops back on itself",
         "records/people/loop-b.yml:1: (file): symbolic link that loops back on itself"],
    ),
    "pipe named like a record": (
        {"people/x.yml": os.mkfifo},
        ["records/people/x.yml:1: (file): not a regular file (a pipe, socket or device); a record is a plain text file"],
    ),
    "folder named like a record": (
        {"people/x.yml": make_folder},
        ["records/people/x.yml:1: (file): folders inside a type folder are not allowed; put the record file directly in the type folder"],
    ),
    "file that cannot be read": (
        {"people/person-b.yml": link("missing.yml")},
        ["records/people/person-b.yml:1: (file): cannot read file: No such file or directory"],
    ),
}
AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
ROOT_REASON = "permission bits do not stop root from reading"
NOT_AS_ROOT = {
    "file without read permission": (
        {"people/person-b.yml": unreadable},
        ["records/people/person-b.yml:1: (file): cannot read file: Permission denied"],
    ),
    "folder without read permission": (
        {"claims": lambda path: path.chmod(0)},
        ["records/claims:1: (file): cannot read folder: Permission denied"],
    ),
}


@pytest.fixture(scope="module")
def good_db(tmp_path_factory) -> Path:
    """A database built from the valid records, to be kept intact by every failed build."""
    records, problems = check_records(VALID)
    assert problems == []
    path = tmp_path_factory.mktemp("good") / "opposition.db"
    build_database(records, path)
    return path


def apply(records: Path, writes: dict[str, Write]) -> None:
    for relative, content in writes.items():
        path = records / relative
        path.parent.mkdir(exist_ok=True)
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            content(path)


def assert_refused(tmp_path: Path, good_db: Path, writes: dict[str, Write], expected: list[str]) -> None:
    """Run the build on the changed records and check that it refuses them and keeps the old database."""
    shutil.copytree(VALID, tmp_path / "records")
    apply(tmp_path / "records", writes)
    db = tmp_path / "db" / "opposition.db"
    db.parent.mkdir()
    shutil.copy2(good_db, db)
    before = (db.read_bytes(), db.stat().st_mtime_ns)
    result = run_build("--records", "records", "--db", "db/opposition.db", cwd=tmp_path)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.stdout.splitlines() == expected
    count = len(expected)
    assert (result.returncode, result.stderr) == (1, f"{count} problem{'s' if count != 1 else ''} found; nothing was written.\n")
    assert (db.read_bytes(), db.stat().st_mtime_ns) == before
    assert os.listdir(db.parent) == ["opposition.db"]


@pytest.mark.parametrize("name", CASES)
def test_hostile_records_are_refused_and_the_database_kept(tmp_path: Path, good_db: Path, name: str):
    assert_refused(tmp_path, good_db, *CASES[name])


@pytest.mark.skipif(AS_ROOT, reason=ROOT_REASON)
@pytest.mark.parametrize("name", NOT_AS_ROOT)
def test_unreadable_records_are_refused_and_the_database_kept(tmp_path: Path, good_db: Path, name: str):
    try:
        assert_refused(tmp_path, good_db, *NOT_AS_ROOT[name])
    finally:
        for path in (tmp_path / "records").rglob("*"):
            path.chmod(0o755)  # so that pytest can remove the folder


@pytest.mark.parametrize(("db", "message"), [
    ("db", "cannot write the database db: it is a folder, not a file name; nothing was written."),
    ("missing/opposition.db", "cannot write the database missing/opposition.db: the folder missing does not exist; nothing was written."),
    ("pipe.db", "cannot write the database pipe.db: it is not a regular file (a pipe, socket or device); nothing was written."),
])
def test_a_database_path_that_cannot_be_written_is_one_message(tmp_path: Path, db: str, message: str):
    shutil.copytree(VALID, tmp_path / "records")
    (tmp_path / "db").mkdir()
    os.mkfifo(tmp_path / "pipe.db")
    result = run_build("--records", "records", "--db", db, cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (1, "", message + "\n")
    assert sorted(os.listdir(tmp_path)) == ["db", "pipe.db", "records"]
    assert os.listdir(tmp_path / "db") == []
