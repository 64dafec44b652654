"""CONTRIBUTING.md: its examples are valid records, and every message it explains is a real one."""

import io
import re
import shutil
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from kb.records.check import check_records
from kb.records.duplicates import duplicate_warnings
from kb.records.schema import record_types
from kb.tools.fmt import format_records, format_text, house_yaml
from kb.tools.github import generated_files
from kb.tools.scaffold import skeleton
from tests.conftest import ROOT, VALID, git, needs_git, run_build

GUIDE = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
FENCE = re.compile(r"^ *```(\w*)$")


def code_blocks(text: str) -> list[tuple[str, str]]:
    """(language, text) of every fenced code block."""
    blocks, current, language = [], None, ""
    for line in text.splitlines():
        fence = FENCE.match(line)
        if fence and current is None:
            current, language = [], fence.group(1)
        elif fence:
            blocks.append((language, "\n".join(current) + "\n"))
            current = None
        elif current is not None:
            current.append(line)
    return blocks


YAML_BLOCKS = [block for language, block in code_blocks(GUIDE) if language == "yaml"]
WHOLE = re.compile(r"# (records/\w+/[a-z0-9-]+\.yml)\n")
PART = re.compile(r"# part of (records/\w+/[a-z0-9-]+\.yml)\n")


def dedent(block: str) -> str:
    indent = min(len(line) - len(line.lstrip(" ")) for line in block.splitlines() if line.strip())
    return "".join(line[indent:] + "\n" for line in block.splitlines())


EXAMPLES = [dedent(block) for block in YAML_BLOCKS]


@pytest.fixture(scope="module")
def real_records(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("guide") / "records"
    shutil.copytree(ROOT / "records", target)
    return target


def with_part(path: Path, part: str) -> str:
    """The record at `path` with the top-level fields of `part` put in."""
    house = house_yaml()
    record = house.load(path.read_text(encoding="utf-8"))
    for key, value in YAML().load(part).items():
        record[key] = value
    output = io.StringIO()
    house.dump(record, output)
    return output.getvalue()


def test_every_yaml_example_names_its_file():
    assert EXAMPLES
    assert [example.splitlines()[0] for example in EXAMPLES if not (WHOLE.match(example) or PART.match(example))] == []


def test_there_is_a_whole_example_of_every_type():
    folders = {WHOLE.match(example).group(1).split("/")[1] for example in EXAMPLES if WHOLE.match(example)}
    assert folders == set(record_types())


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda text: text.splitlines()[0].removeprefix("# "))
def test_example_is_a_valid_record_in_the_house_format(real_records: Path, example: str):
    whole, part = WHOLE.match(example), PART.match(example)
    relative = (whole or part).group(1).removeprefix("records/")
    path = real_records / relative
    original = path.read_text(encoding="utf-8") if path.exists() else None
    try:
        path.write_text(example if whole else with_part(path, example), encoding="utf-8")
        _, problems = check_records(real_records)
        assert [str(problem) for problem in problems] == []
        if whole:
            assert format_text(example) == example
    finally:
        if original is None:
            path.unlink()
        else:
            path.write_text(original, encoding="utf-8")


@needs_git
def test_sample_output_is_what_make_check_prints(tmp_path: Path):
    sample = next(block for language, block in code_blocks(GUIDE) if "nothing was written" in block)
    records = tmp_path / "records"
    shutil.copytree(ROOT / "records", records)
    git(tmp_path, "init", "--quiet", "--initial-branch=main")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "--quiet", "-m", "Records")
    person = records / "people/galymzhan-zhakiyanov.yml"
    person.write_text(EXAMPLES[0].replace('"1963-05-08"', "1963-05-08").replace("founder", "founderr").replace("org: dvk", "org: dvk-party"), encoding="utf-8")
    result = run_build("--check", "--records", "records", cwd=tmp_path)
    assert (result.stdout + result.stderr).splitlines() == sample.splitlines()


def heading_anchor(heading: str) -> str:
    """GitHub's anchor for a heading."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def test_every_link_to_a_section_exists():
    anchors = {heading_anchor(heading) for heading in re.findall(r"^#+ (.+)$", GUIDE, re.MULTILINE) if not heading.startswith("records/")}
    links = set(re.findall(r"\]\(#([^)]+)\)", GUIDE))
    links |= {link for text in generated_files().values() for link in re.findall(r"CONTRIBUTING\.md#([\w-]+)", text)}
    assert links and links <= anchors, links - anchors


# Every kind of message, planted in a copy of the small valid fixture set: (file, its new text).
PERSON = "id: person-a\nname: Person A\nliving: true\n"
ELECTION = "id: election-e\nkind: parliamentary\nname: Election E\ndate: {date: \"2004-09-19\", sources: [src-news]}\n"
INCIDENT = "id: incident-f\nkind: crackdown\ntitle: Incident F\ndate: {date: \"2011\", sources: [src-news]}\nsummary: {text: x, sources: [src-news]}\n"
RESULTS = "results:\n  - tier: party-list\n    stage: final\n    figure: official\n    according_to: commission\n    sources: [src-news]\n    rows:\n"
SOURCE = "id: src-news\nkind: news\ntitle: A news report\nlanguage: en\n"
PLANTED = [
    ("people/person-a.yml", skeleton("people", "person-a")),
    ("people/person-a.yml", "id: person-a\nname: Person A\n"),
    ("people/person-a.yml", PERSON + "notes:\n"),
    ("people/person-a.yml", PERSON + "sumary: {text: x, sources: [src-news]}\n"),
    ("people/person-a.yml", PERSON + "born: {date: \"1947\", sources: [{src: src-news}]}\n"),
    ("people/person-a.yml", PERSON + "memberships:\n  - {org: party-a, role: leeder, sources: [src-news]}\n"),
    ("people/person-a.yml", PERSON + "fate:\n  - {status: jailed, sources: [src-news]}\n"),
    ("people/person-a.yml", PERSON + "born: {date: 1947-11-22, sources: [src-news]}\n"),
    ("people/person-a.yml", PERSON + "born: {date: \"1947-02-30\", sources: [src-news]}\n"),
    ("people/person-a.yml", PERSON + "memberships:\n  - {org: party-a, role: member, start: \"2005\", end: \"2004\", sources: [src-news]}\n"),
    ("people/person-a.yml", "id: person-a\nname: Person A\nliving: yes\n"),
    ("people/person-a.yml", PERSON + "notes: 1:20\n"),
    ("people/person-a.yml", PERSON + "notes: 2004\n"),
    ("elections/election-e.yml", ELECTION + "seats_total: {value: \"77\", sources: [src-news]}\n"),
    ("elections/election-e.yml", ELECTION + "turnout: {value: 77%, according_to: commission, sources: [src-news]}\n"),
    ("people/person-a.yml", "id: person-a\nname: Person A\nliving: maybe\n"),
    ("people/person-a.yml", PERSON + "born: \"1947\"\n"),
    ("people/person-a.yml", PERSON + "born: {date: \"1947\", sources: src-news}\n"),
    ("people/person-a.yml", PERSON + "memberships: party-a\n"),
    ("claims/claim-g.yml", "id: claim-g\nkind: opinion\nclaimant: person-a\nstated_in: src-opinion\nabout: [party-a]\nparaphrase: x\n"),
    ("people/person-a.yml", PERSON + "born: {date: \"1947\", sources: [[src-news]]}\n"),
    ("elections/election-e.yml", ELECTION + RESULTS + "      - {contestant: party-a, share: 120}\n"),
    ("elections/election-e.yml", ELECTION + RESULTS + "      - {contestant: party-a, votes: -1}\n"),
    ("people/person-a.yml", PERSON + "sources: []\n"),
    ("people/person-a.yml", PERSON + "notes: \"\"\n"),
    ("people/person-a.yml", PERSON + "identifiers: {}\n"),
    ("people/person-a.yml", PERSON + "identifiers: {Wiki Data: Q1}\n"),
    ("people/person-a.yml", PERSON + "born: {date: \"1948/1947\", sources: [src-news]}\n"),
    ("people/person-a.yml", PERSON + "born: {date: \"1947/\", sources: [src-news]}\n"),
    ("incidents/incident-f.yml", INCIDENT + "estimates:\n  - {kind: killed, low: 20, best: 10, according_to: commission, sources: [src-news]}\n"),
    ("elections/election-e.yml", ELECTION + "seats_total: {value: 7, sources: [src-news]}\n" + RESULTS.replace("    rows:", "    seats: 9\n    rows:") + "      - {contestant: party-a, seats: 8}\n"),
    ("sources/src-news.yml", SOURCE + "url: javascript:alert(1)\npublisher_name: P\n"),
    ("people/person-a.yml", "id: Person_A\nname: Person A\nliving: true\n"),
    ("people/person-a.yml", PERSON + "memberships:\n  - {org: party-aa, role: member, sources: [src-news]}\n"),
    ("people/person-a.yml", PERSON + "memberships:\n  - {org: zzz, role: member, sources: [src-news]}\n"),
    ("people/person-a.yml", PERSON + "memberships:\n  - {org: town-d, role: member, sources: [src-news]}\n"),
    ("people/person-a.yml", PERSON + "born: {date: \"1947\", sources: [src-opinion]}\n"),
    ("people/person-a.yml", PERSON + "born:\n  - {date: \"1947\", sources: [src-news]}\n  - {date: \"1948\", sources: [src-news]}\n"),
    ("people/person-a.yml", "id: person-b\nname: Person A\nliving: true\n"),
    ("places/person-a.yml", "id: person-a\nkind: city\nname: Town A\n"),
    ("sources/src-news.yml", SOURCE + "url: https://example.org/news/1\n"),
    ("incidents/incident-f.yml", INCIDENT + "estimates:\n  - {kind: killed, according_to: commission, sources: [src-news]}\n"),
    ("elections/election-e.yml", ELECTION + RESULTS + "      - {contestant: party-a}\n"),
    ("incidents/incident-f.yml", INCIDENT + "participants:\n  - {role: target, status: asserted, sources: [src-news]}\n"),
    ("incidents/incident-f.yml", INCIDENT + "participants:\n  - {entity: person-a, role: perpetrator, status: alleged, sources: [src-news]}\n"),
    ("people/person-a.yml", "id: person-a\nname: Person A\nliving: true\ndied: {date: \"2000\", sources: [src-news]}\n"),
    ("people/person-a.yml", PERSON + "born: {date: \"1947\", sources: [{source: src-news, quote: \"" + "word " * 100 + "\"}]}\n"),
    ("people/person-a.yml", "id: person-a\nname: [Person A\nliving: true\n"),
    ("people/person-a.yml", "id: person-a\nname: Person A\nliving: true\n---\n- x\n"),
    ("people/person-a.yml", PERSON + "names:\n\t- {text: A, lang: en, kind: official, sources: [src-news]}\n"),
    ("people/person-a.yml", PERSON + "name: Person B\n"),
    ("people/person-a.yml", "id: person-a\nname: &n Person A\nnotes: *n\nliving: true\n"),
    ("people/person-a.yml", PERSON + "born: {<<: {date: \"1947\"}, sources: [src-news]}\n"),
    ("people/person-a.yml", "id: person-a\nname: !shout Person A\nliving: true\n"),
    ("people/person-a.yml", PERSON + "1: x\n"),
    ("people/person-a.yml", ""),
    ("people/person-a.yml", PERSON + "notes: " + "x" * 1_000_001 + "\n"),
    ("people/person-a.yml", PERSON + "identifiers: " + "[" * 30 + "]" * 30 + "\n"),
    ("elections/election-e.yml", ELECTION + RESULTS + "      - {contestant: party-a, votes: 99999999999999999999999}\n"),
    ("people/person-a.yml", "- id: person-a\n"),
    ("people/person-a.yml", "\ufeff" + PERSON),
    ("people/person-a.yml", b"id: person-a\nname: Person \xff\nliving: true\n"),
    ("people/person-b.yaml", PERSON),
    ("people/notes.txt", "notes"),
    ("person-b.yml", PERSON),
    ("people/new/person-b.yml", PERSON),
    ("people/person-a.yml", "id: person-a\nname: Person A\nliving: true\nnames:\n- {text: Tuyakbaev, lang: en, kind: variant, sources: [src-news]}\n"),
    ("people/person-b.yml", "id: person-b\nname: Tuyakbay\nliving: true\n"),
    ("sources/src-copy.yml", "id: src-copy\nkind: news\ntitle: Copy\nurl: https://example.org/news/1\npublisher_name: P\nlanguage: en\n"),
    ("elections/election-e.yml", ELECTION + "seats_total: {value: 7, sources: [src-news]}\n" + RESULTS + "      - {contestant: party-a, seats: 5}\n      - {contestant: bloc-c, seats: 1}\n"),
    ("elections/election-e.yml", ELECTION + RESULTS + "      - {contestant: party-a, share: 60}\n      - {contestant: bloc-c, share: 30}\n"),
    ("elections/election-e.yml", ELECTION + RESULTS.replace("    rows:", "    share_of: cast\n    rows:") + "      - {contestant: party-a, share: 60}\n      - {contestant: bloc-c, share: 30}\n"),
    ("elections/election-e.yml", ELECTION + RESULTS.replace("    rows:", "    valid_votes: 100\n    rows:") + "      - {contestant: party-a, votes: 60, share: 60}\n      - {contestant: bloc-c, votes: 30, share: 40}\n"),
    ("elections/election-e.yml", ELECTION + RESULTS.replace("    rows:", "    valid_votes: 100\n    rows:") + "      - {contestant: party-a, votes: 60, share: 60}\n      - {contestant: bloc-c, share: 40}\n"),
    ("elections/election-e.yml", ELECTION + RESULTS.replace("    rows:", "    votes_cast: 100\n    rows:") + "      - {contestant: party-a, votes: 60}\n      - {label: Invalid ballots, kind: invalid, votes: 30}\n"),
    ("elections/election-e.yml", ELECTION + RESULTS + "      - {contestant: party-a, share: 90}\n      - {label: Invalid ballots, kind: invalid, share: 10}\n"),
    ("elections/election-e.yml", ELECTION + RESULTS + "      - {contestant: party-a, label: A, share: 100}\n"),
    ("elections/election-e.yml", ELECTION + RESULTS + "      - {label: Independents, share: 100}\n"),
    ("elections/election-e.yml", ELECTION + RESULTS + "      - {contestant: party-a, kind: independents, share: 100}\n"),
    ("elections/election-e.yml", ELECTION + RESULTS + "      - {label: A, kind: contestant, share: 100}\n"),
    ("elections/election-e.yml", ELECTION + RESULTS + "      - {option: \"yes\", share: 100}\n"),
    ("elections/election-e.yml", ELECTION + RESULTS + "      - {contestant: party-a, share: 50}\n      - {contestant: party-a, share: 50}\n"),
    ("elections/election-e.yml", ELECTION + RESULTS + "      - {contestant: party-a, share: 100}\n" + RESULTS.removeprefix("results:\n") + "      - {contestant: party-a, share: 100}\n"),
    ("elections/election-e.yml", ELECTION + RESULTS.replace("party-list", "options") + "      - {contestant: party-a, share: 100}\n"),
    ("elections/election-e.yml", ELECTION + "question:\n  - {text: Q?, lang: en, wording: official, sources: [src-news]}\n"),
    ("elections/election-e.yml", ELECTION.replace("parliamentary", "referendum") + "options:\n  - {key: \"yes\", label: \"Yes\"}\n" + RESULTS.replace("party-list", "options") + "      - {option: \"no\", share: 100}\n"),
]


def planted_messages(tmp_path: Path, relative: str, text: str | bytes) -> list[str]:
    """Every message `make check` (validation, warnings, format) prints for one planted file."""
    records = tmp_path / "records"
    if records.exists():
        shutil.rmtree(records)
    shutil.copytree(VALID, records)
    path = records / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    loaded, problems = check_records(records)
    # `make check` checks the format once the records are valid; `make fmt` meets any file.
    found = problems + duplicate_warnings(loaded, None) + format_records(records, write=False)
    return [str(problem).split(": ", 2)[2] for problem in found]


def documented_patterns() -> list[tuple[str, re.Pattern]]:
    section = GUIDE.split("## What the messages mean", 1)[1].split("\n## ", 1)[0]
    cells = re.findall(r"^\| (`+)(.+?)\1 \|", section, re.MULTILINE)
    return [(cell, re.compile(re.escape(cell).replace("…", ".*?"))) for _, cell in cells]


def test_every_message_is_explained_and_every_explanation_is_a_real_message(tmp_path: Path):
    messages = {message for relative, text in PLANTED for message in planted_messages(tmp_path, relative, text)}
    patterns = documented_patterns()
    unexplained = sorted(message for message in messages if not any(pattern.fullmatch(message) for _, pattern in patterns))
    unheard = [cell for cell, pattern in patterns if not any(pattern.fullmatch(message) for message in messages)]
    assert (unexplained, unheard) == ([], [])
