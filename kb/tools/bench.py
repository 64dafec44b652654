"""`make bench`: build and serving speed as ratios against floors measured in the same run.

    python -m kb.tools.bench [--records 10000] [--serve-rows 100000] [--requests 50] [--repeat 3]
                             [--load-clients 20] [--load-seconds 20]

Synthetic records (sources, places, people, organizations and incidents of about 2.3 KB each on
average, with names in four scripts, citations with `at` and `quote`, memberships, offices and
fate spells) are written to a temporary folder. Every figure is printed beside its floor and its
target (the design's Performance section), in one table:

  build    `build_db.py` run as a command (a new process, imports and its own use of a second
           core included: see build_db.py --processes) ÷ (CSafeLoader parse of every file
           + one-transaction executemany of the same rows + the FTS build, in this process)
                                                                                      target <= 1.3
  --check  `build_db.py --check` run as a command ÷ the CSafeLoader parse             target <= 1.2
  pages    p50 / p95 of the facet page (incident table), the search page (/-/search) and a row
           page (a person's article) through datasette.client ÷ the same SQL statements, captured
           from that page with a sqlite3 trace callback and replayed in sqlite3 (each stopped at
           Datasette's facet time limit, as a facet count that runs longer is on the page)
                                                                                      target <= 3
           the record page also ÷ Datasette's own bare row page for the same row   target <= 1.3
  load     `make load` on the project's own records, built by build_db.py: requests per second
           of 20 concurrent clients over a reader's mix of pages, its p95 and failed requests
                                                                       target >= 200/s, 0 failed

The folder is outside any git repository, so build_db.py's duplicate-name warnings compare every
record, the most work a check does. Build figures are the best of `--repeat` runs. For serving, the database built from the records
is copied and its incidents are copied (entity, incident, name, participant and link rows, with new ids) until the
incident table has `--serve-rows` rows; the search index is then rebuilt.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml
from datasette import hookimpl
from datasette.plugins import pm

from kb.db.bridges import bridges, count_sql
from kb.db.build import collect_rows, create_search, create_statement
from kb.db.tables import tables
from kb.records.check import check_records
from kb.records.fold import fts_query
from kb.site.metadata import DATABASE, read_metadata
from kb.site.serve import ROOT, SETTINGS, make_datasette
from kb.tools.load import percentile, run_load

BUILD_TARGET = 1.3
CHECK_TARGET = 1.2
PAGE_TARGET = 3.0
BARE_ROW_TARGET = 1.3
LOAD_TARGET = 200.0
PLACES = 20
REGIONS = 4
SEARCH_TERM = "Tuyakbaev 15"
INCIDENT_KINDS = ("protest", "arrest", "attack", "trial", "raid", "strike", "crackdown", "ban")
SOURCE_KINDS = ("news", "official", "ngo-report", "observer-report", "court", "academic")
ROLES = ("member", "founder", "leader", "co-chair", "deputy-leader", "candidate")
FATES = ("active", "took-state-post", "emigrated", "imprisoned", "detained", "left-politics")
NOTE = "Synthetic record for the benchmark; the dates and figures follow a pattern and describe nothing real, as a note would say."
QUOTE = "The court sentenced him to seven years in a penal colony, a ruling his lawyers said they would appeal."


def synthetic_records(folder: Path, count: int) -> None:
    """Write `count` valid records: a tenth sources, a few places, then people, parties and incidents."""
    sources = max(count // 10, 1)
    places = min(PLACES, max(count // 20, 2))
    others = count - sources - places
    ids = {"people": [], "organizations": [], "incidents": []}
    for number in range(others):
        kind = ("people", "organizations", "incidents")[number % 3]
        ids[kind].append(number)
    world = World(sources, places, ids["people"], ids["organizations"])
    writers = [("sources", range(sources), source_text), ("places", range(places), place_text)]
    writers += [(kind, numbers, RECORD_TEXT[kind]) for kind, numbers in ids.items()]
    for kind, numbers, text in writers:
        (folder / kind).mkdir(parents=True, exist_ok=True)
        for number in numbers:
            record_id = record_name(kind, number)
            (folder / kind / f"{record_id}.yml").write_text(text(number, world), encoding="utf-8")


@dataclass
class World:
    """What synthetic records may refer to."""

    sources: int
    places: int
    people: list[int]
    organizations: list[int]

    def person(self, number: int) -> str:
        return record_name("people", self.people[number % len(self.people)]) if self.people else "place-0"

    def organization(self, number: int) -> str:
        return record_name("organizations", self.organizations[number % len(self.organizations)])

    def place(self, number: int) -> str:
        return f"place-{REGIONS + number % max(self.places - REGIONS, 1)}" if self.places > REGIONS else "place-0"


def record_name(kind: str, number: int) -> str:
    """The id of a synthetic record of a type folder."""
    prefix = {"sources": "src", "places": "place", "people": "person", "organizations": "party", "incidents": "incident"}[kind]
    return f"{prefix}-{number}"


def cites(number: int, world: World, count: int = 2) -> str:
    """A flow list of citations: plain source ids, some with `at`, some with a quoted sentence."""
    items = []
    for index in range(count):
        source = f"src-{(number * 7 + index * 13) % world.sources}"
        shape = (number + index) % 3
        if shape == 0:
            items.append(source)
        elif shape == 1:
            items.append(f'{{source: {source}, at: "para {index + 2}"}}')
        else:
            items.append(f'{{source: {source}, at: "paras {index + 1}-{index + 3}", quote: "{QUOTE}"}}')
    return "[" + ", ".join(items) + "]"


def day(number: int, start: int = 1990, span: int = 30) -> str:
    """A valid ISO day between `start` and `start + span`, varying with `number`."""
    return f"{start + number % span}-{1 + number % 12:02d}-{1 + number % 28:02d}"


def source_text(n: int, world: World) -> str:
    return (
        f"id: src-{n}\nkind: {SOURCE_KINDS[n % len(SOURCE_KINDS)]}\ntitle: Report number {n} on the events of the week\n"
        f"url: https://example.org/news/{2000 + n % 24}/report-{n}\npublisher_name: Example News Agency\n"
        f"author_name: Example Reporter\npublished: \"{day(n, 2000, 24)}\"\nlanguage: {('en', 'ru')[n % 2]}\n"
    )


def place_text(n: int, world: World) -> str:
    kind = "region" if n < REGIONS else "city"
    parent = "" if n < REGIONS else f"parent: place-{n % REGIONS}\n"
    return (
        f"id: place-{n}\nkind: {kind}\nname: Place {n}\nnames:\n"
        f"  - {{text: Место {n}, lang: ru, kind: official, sources: {cites(n, world, 1)}}}\n{parent}"
        f"coordinates: {{lat: {42 + n % 8}.5, lon: {51 + n % 30}.25, sources: {cites(n + 1, world, 1)}}}\n"
    )


def person_text(n: int, world: World) -> str:
    living = n % 5 != 0
    died = "" if living else f"died:\n  date: \"{day(n, 2010, 10)}\"\n  place: {world.place(n)}\n  sources: {cites(n + 9, world)}\n"
    return (
        f"id: person-{n}\nname: Zharmakhan Tuyakbay {n}\nliving: {'true' if living else 'false'}\nnames:\n"
        f"  - {{text: Zharmakhan Tuyakbay {n}, lang: en, kind: official, sources: {cites(n, world)}}}\n"
        f"  - {{text: Zhormakhan Tuyakbaev {n}, lang: en, kind: variant, sources: {cites(n + 1, world, 1)}}}\n"
        f"  - {{text: Жармахан Туякбай {n}, lang: ru, kind: official, sources: {cites(n + 2, world)}}}\n"
        f"  - {{text: Туякбаев {n}, lang: ru, kind: former, end: \"2004\", sources: {cites(n + 3, world, 1)}}}\n"
        f"  - {{text: Жармахан Тұяқбай {n}, lang: kk-Cyrl, kind: official, sources: {cites(n + 4, world)}}}\n"
        f"  - {{text: Jarmakhan Tuyaqbay {n}, lang: kk-Latn, kind: transliteration, sources: {cites(n + 5, world, 1)}}}\n"
        f"born:\n  date: \"{day(n, 1940, 40)}\"\n  place: {world.place(n + 1)}\n  sources: {cites(n + 6, world)}\n{died}"
        f"positions:\n  - {{title: Deputy of the Mazhilis, org: {world.organization(n + 1)}, start: \"1999-12-01\", end: \"2004-10-19\", sources: {cites(n + 7, world)}}}\n"
        f"memberships:\n"
        f"  - {{org: {world.organization(n)}, role: {ROLES[n % len(ROLES)]}, start: \"2001\", end: \"2005-11\", sources: {cites(n + 8, world)}}}\n"
        f"  - {{org: {world.organization(n + 2)}, role: member, start: \"2006-09-10\", sources: {cites(n + 9, world, 1)}}}\n"
        f"fate:\n"
        f"  - {{status: active, start: \"2001\", end: \"2005\", note: Active in the opposition, sources: {cites(n + 10, world)}}}\n"
        f"  - {{status: {FATES[n % len(FATES)]}, start: \"2006\", end: \"2009-03\", note: A neutral phrase on what happened, sources: {cites(n + 11, world)}}}\n"
        f"  - {{status: {FATES[(n + 3) % len(FATES)]}, start: \"2010\", sources: {cites(n + 12, world, 1)}}}\n"
        f"summary:\n  text: A synthetic person used to measure the build, with a summary of about the usual length for a record"
        f" of this kind, saying what offices the person held and what became of the person later.\n"
        f"  sources: {cites(n + 13, world)}\nidentifiers: {{wikidata: Q{1000 + n}}}\nsources: {cites(n + 14, world, 1)}\n"
    )


def organization_text(n: int, world: World) -> str:
    lineage = "" if n < 3 else f"lineage:\n  - {{relation: split-from, org: {world.organization(n + 7)}, date: \"2004-03\", sources: {cites(n + 6, world)}}}\n"
    if lineage and world.organization(n + 7) == f"party-{n}":
        lineage = ""
    return (
        f"id: party-{n}\nkind: {('party', 'movement', 'bloc')[n % 3]}\nname: Ak Zhol Party {n}\nnames:\n"
        f"  - {{text: Ak Zhol Party {n}, lang: en, kind: official, sources: {cites(n, world)}}}\n"
        f"  - {{text: Партия Ак Жол {n}, lang: ru, kind: official, sources: {cites(n + 1, world)}}}\n"
        f"  - {{text: Ақ жол партиясы {n}, lang: kk-Cyrl, kind: official, sources: {cites(n + 2, world)}}}\n"
        f"  - {{text: Aq Jol {n}, lang: kk-Latn, kind: transliteration, sources: {cites(n + 3, world, 1)}}}\n"
        f"  - {{text: AZhP {n}, lang: en, kind: abbreviation, sources: {cites(n + 4, world, 1)}}}\n"
        f"founded: {{date: \"{day(n, 1991, 20)}\", sources: {cites(n + 5, world)}}}\n"
        f"registration:\n"
        f"  - {{status: registered, date: \"{day(n, 1992, 10)}\", sources: {cites(n + 7, world)}}}\n"
        f"  - {{status: suspended, date: \"2005-01-06\", sources: {cites(n + 8, world)}}}\n"
        f"  - {{status: liquidated, date: \"2005-06-06\", sources: {cites(n + 9, world, 1)}}}\n{lineage}"
        f"summary:\n  text: A synthetic party used to measure the build, with a summary of about the usual length for a record"
        f" of this kind, saying when it was founded, whom it united and how its legal life ended.\n"
        f"  sources: {cites(n + 10, world)}\nidentifiers: {{wikidata: Q{2000 + n}}}\nsources: {cites(n + 11, world, 1)}\nnotes: {NOTE}\n"
    )


def incident_text(n: int, world: World) -> str:
    year = 2000 + n % 24
    return (
        f"id: incident-{n}\nkind: {INCIDENT_KINDS[n % len(INCIDENT_KINDS)]}\ntitle: Incident number {n} in Place {n % PLACES}\n"
        f"names:\n  - {{text: Событие номер {n}, lang: ru, kind: official, sources: {cites(n, world, 1)}}}\n"
        f"date:\n  date: \"{year}-12-16/{year}-12-17\"\n  sources: {cites(n + 1, world)}\n"
        f"location: {{place: {world.place(n)}, lat: 43.3, lon: 52.8, precision: locality, sources: {cites(n + 2, world)}}}\n"
        f"participants:\n"
        f"  - {{label: police and special forces, role: security-forces, status: asserted, sources: {cites(n + 3, world)}}}\n"
        f"  - {{entity: {world.person(n)}, role: detained, status: asserted, sources: {cites(n + 4, world)}}}\n"
        f"  - {{entity: {world.organization(n)}, role: organizer, status: alleged, according_to: {world.organization(n + 1)}, sources: {cites(n + 5, world)}}}\n"
        f"estimates:\n"
        f"  - {{kind: killed, best: {n % 20}, according_to: {world.organization(n + 2)}, sources: {cites(n + 6, world)}}}\n"
        f"  - {{kind: detained, low: 10, high: {10 + n % 90}, as_of: \"{year}-12-18\", according_to: {world.organization(n + 3)}, sources: {cites(n + 7, world)}}}\n"
        f"related: [{world.person(n + 1)}, {world.organization(n + 4)}]\n"
        f"summary:\n  text: A synthetic incident used to measure the build, with a summary of about the usual length for a record"
        f" of this kind, saying who was detained, who organized it and what the authorities said.\n"
        f"  sources: {cites(n + 8, world, 3)}\nsources: {cites(n + 9, world, 1)}\nnotes: {NOTE}\n"
    )


RECORD_TEXT = {"people": person_text, "organizations": organization_text, "incidents": incident_text}


def best_of(repeat: int, function: Callable[[], object]) -> float:
    """The shortest of `repeat` timed calls of `function`."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def parse_files(files: list[Path]) -> None:
    """The parse floor: every file read and loaded with libyaml's CSafeLoader."""
    for path in files:
        yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)


def write_rows(rows: dict[str, list[dict]], path: Path) -> None:
    """The write floor: one transaction of executemany of the same rows into the same tables, plus the FTS build."""
    path.unlink(missing_ok=True)
    connection = sqlite3.connect(path)
    with connection:
        for table in tables().values():
            connection.execute(create_statement(table))
            columns = list(table.columns)
            sql = f"insert into [{table.name}] values ({', '.join('?' for _ in columns)})"
            connection.executemany(sql, ([row.get(c) for c in columns] for row in rows.get(table.name, [])))
        create_search(connection)
    connection.close()


def run_quietly(argv: list[str]) -> None:
    """build_db.py run as a contributor runs it (a new process, imports included), its output
    swallowed; a failure stops the benchmark."""
    result = subprocess.run([sys.executable, str(ROOT / "build_db.py"), *argv], cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"build_db.py {' '.join(argv)} failed:\n{result.stdout}{result.stderr}")


def serving_database(built: Path, path: Path, rows: int) -> int:
    """A copy of `built` whose incidents are copied (new ids) until there are `rows` of them."""
    shutil.copyfile(built, path)
    connection = sqlite3.connect(path)
    with connection:
        originals = [row[0] for row in connection.execute("select id from incident order by id")]
        count, copy = len(originals), 0
        while originals and count < rows:
            copy += 1
            chosen = originals[: rows - count]
            copy_incidents(connection, chosen, f"-copy-{copy}")
            count += len(chosen)
        connection.execute("insert into name_fts (name_fts) values ('rebuild')")
    connection.close()
    return count


COPIED = (("entity", "id"), ("incident", "id"), ("name", "entity_id"), ("incident_participant", "incident_id"), ("link", "row_id"))


def copy_incidents(connection: sqlite3.Connection, ids: list[str], suffix: str) -> None:
    """Insert copies of incidents' entity, incident, name, participant and link rows, their ids ending in `suffix`."""
    connection.execute("create temp table if not exists chosen (id text primary key)")
    connection.execute("delete from chosen")
    connection.executemany("insert into chosen values (?)", ((record_id,) for record_id in ids))
    for table, key in COPIED:
        columns = [name for name in tables()[table].columns if not (key != "id" and name == "id")]
        values = ", ".join(f"[{c}] || :suffix" if c in (key, "record_id") else f"[{c}]" for c in columns)
        names = ", ".join(f"[{c}]" for c in columns)
        connection.execute(f"insert into [{table}] ({names}) select {values} from [{table}] where [{key}] in (select id from chosen)", {"suffix": suffix})


class StatementLog:
    """Every SQL statement run on the served database's connections, recorded while `on` is set."""

    def __init__(self):
        self.__name__ = "kb_bench_statement_log"  # Datasette lists plugins by name
        self.statements: list[str] = []
        self.on = False

    @hookimpl
    def prepare_connection(self, conn, database):
        if database == DATABASE:
            conn.set_trace_callback(self.record)

    def record(self, sql: str) -> None:
        # Statements that SQLite runs inside another one (FTS5's own lookups) come as comments.
        if self.on and not sql.startswith("-- "):
            self.statements.append(sql)


async def captured_statements(db: Path, urls: dict[str, str]) -> dict[str, list[str]]:
    """The SQL statements (parameters bound in) that each page runs, from one request each."""
    log = StatementLog()
    pm.register(log, name="kb-bench-statement-log")
    try:
        datasette = make_datasette(db)
        captured = {}
        for name, url in urls.items():
            await datasette.client.get(url)
            log.on, log.statements = True, []
            response = await datasette.client.get(url)
            log.on = False
            if response.status_code != 200:
                raise SystemExit(f"{url} answered {response.status_code}")
            captured[name] = log.statements
        return captured
    finally:
        pm.unregister(name="kb-bench-statement-log")


def replay(connection: sqlite3.Connection, statements: list[str], limit: float) -> int:
    """Run each statement to its last row as Datasette does, stopped after `limit` seconds
    (Datasette's facet time limit); returns how many were stopped."""
    stopped = 0
    for sql in statements:
        deadline = time.perf_counter() + limit
        connection.set_progress_handler(lambda: time.perf_counter() > deadline, 1000)
        try:
            connection.execute(sql).fetchall()
        except sqlite3.OperationalError as error:
            if str(error) != "interrupted":
                raise
            stopped += 1
    connection.set_progress_handler(None, 1000)
    return stopped


async def response_time(datasette, url: str) -> float:
    """Seconds one request of `url` takes through datasette.client; any answer but 200 stops the benchmark."""
    start = time.perf_counter()
    response = await datasette.client.get(url)
    seconds = time.perf_counter() - start
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    return seconds


def replay_time(connection: sqlite3.Connection, statements: list[str], limit: float) -> float:
    """Seconds one replay of `statements` takes."""
    start = time.perf_counter()
    replay(connection, statements, limit)
    return time.perf_counter() - start


async def page_times(db: Path, urls: dict[str, str], requests: int) -> dict[str, tuple[list[float], list[float], list[str], int]]:
    """For each page: its response times, the times of replaying its SQL in sqlite3, the statements
    and how many of them hit the time limit."""
    captured = await captured_statements(db, urls)
    datasette = make_datasette(db)
    connection = sqlite3.connect(f"file:{db}?immutable=1", uri=True, check_same_thread=False)
    connection.create_function("kb_fts_query", 1, fts_query, deterministic=True)
    limit = SETTINGS["facet_time_limit_ms"] / 1000
    results = {}
    for name, url in urls.items():
        await datasette.client.get(url)
        stopped = replay(connection, captured[name], limit)
        site, floor = [], []
        for _ in range(requests):
            site.append(await response_time(datasette, url))
            floor.append(replay_time(connection, captured[name], limit))
        results[name] = (site, floor, captured[name], stopped)
    connection.close()
    return results


ROW_SCRIPT = """
import asyncio, json, sys
from pathlib import Path
from datasette.app import Datasette

from kb.site.serve import SETTINGS, make_datasette
from kb.tools.bench import response_time

async def main(db, url, requests, bare):
    datasette = Datasette(immutables=[db], settings=SETTINGS) if bare else make_datasette(Path(db))
    await datasette.client.get(url)
    print(json.dumps([await response_time(datasette, url) for _ in range(requests)]))

asyncio.run(main(sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4] == "bare"))
"""


def row_times(db: Path, url: str, requests: int, bare: bool) -> list[float]:
    """Response times of the row page for `url` in a new process of its own: this project's
    record page, or (`bare`) Datasette's own row page, Datasette with the same database and
    settings but without this project's metadata, templates and plugins (plugins, once loaded,
    are global to a process). Both are timed in the same conditions: a page timed in this
    process, which has held the benchmark's records and rows, was measured about a fifth slower."""
    done = subprocess.run([sys.executable, "-c", ROW_SCRIPT, str(db), url, str(requests), "bare" if bare else "site"],
                          cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


@dataclass
class Figure:
    """One measured figure beside its floor and its target ratio."""

    name: str
    value: float
    floor: float
    target: float
    unit: str

    @property
    def ratio(self) -> float:
        return self.value / self.floor

    @property
    def met(self) -> bool:
        return self.ratio <= self.target


@dataclass
class Load:
    """The load test: requests per second against the fewest acceptable, with no request failed."""

    name: str
    throughput: float
    p95_ms: float
    errors: int
    target: float = LOAD_TARGET

    @property
    def met(self) -> bool:
        return self.throughput >= self.target and self.errors == 0


@dataclass
class Stopped:
    """Statements of a page that stopped at a time limit: always a missed target, never a ratio."""

    name: str
    count: int
    met = False


def report(figures: list) -> list[str]:
    """The figures as a table: measured, floor, ratio, target and whether it is met."""
    lines = [f"{'figure':<18} {'measured':>12} {'floor':>12} {'ratio':>7}  {'target':<8} met", "-" * 66]
    for figure in figures:
        if isinstance(figure, Stopped):
            lines.append(f"{figure.name:<18} {figure.count} SQL statement(s) stopped at a time limit: a miss, not a ratio   NO")
            continue
        if isinstance(figure, Load):
            lines.append(f"{figure.name:<18} {figure.throughput:>9.1f} /s  p95 {figure.p95_ms:.0f} ms, {figure.errors} failed  "
                         f">= {figure.target:g}/s, 0 failed  {'yes' if figure.met else 'NO'}")
            continue
        scale, digits = (1000, 2) if figure.unit == "ms" else (1, 3)
        lines.append(
            f"{figure.name:<18} {figure.value * scale:>9.{digits}f} {figure.unit:<2} "
            f"{figure.floor * scale:>9.{digits}f} {figure.unit:<2} {figure.ratio:>7.2f}  <= {figure.target:<5} "
            f"{'yes' if figure.met else 'NO'}"
        )
    missed = [figure.name for figure in figures if not figure.met]
    lines.append(f"targets met: {len(figures) - len(missed)} of {len(figures)}" + (f"; missed: {', '.join(missed)}" if missed else ""))
    return lines


def build_figures(folder: Path, work: Path, repeat: int) -> list[Figure]:
    """Build and --check beside their floors, each the best of `repeat` runs."""
    files = sorted(folder.glob("*/*.yml"))
    parse = best_of(repeat, lambda: parse_files(files))
    write = write_floor(folder, work / "floor.db", repeat)
    gc.collect()
    check = best_of(repeat, lambda: run_quietly(["--check", "--records", str(folder)]))
    build = best_of(repeat, lambda: run_quietly(["--records", str(folder), "--db", str(work / f"{DATABASE}.db")]))
    return [Figure("build", build, parse + write, BUILD_TARGET, "s"), Figure("--check", check, parse, CHECK_TARGET, "s")]


def write_floor(folder: Path, path: Path, repeat: int) -> float:
    """The best of `repeat` write floors for the rows of the records in `folder`. The records
    and rows end with this call, so that the build is not timed beside a benchmark holding them."""
    records, problems = check_records(folder)
    if problems:
        raise SystemExit("synthetic records are invalid:\n" + "\n".join(map(str, problems[:10])))
    rows = collect_rows(sorted(records, key=lambda r: (r.type, r.data["id"])))
    del records
    return best_of(repeat, lambda: write_rows(rows, path))


def fastest_facet_sql(table: str) -> list[str]:
    """The fastest correct SQL for what a table's default page counts and shows: each default facet
    counted straight from its index (a column's own, or the link table's for a bridge facet), the
    row count and the first page in the table's sort order."""
    config = read_metadata()["databases"][DATABASE]["tables"][table]
    limit = SETTINGS["default_facet_size"] + 1
    statements = []
    for facet in config.get("facets", []):
        if isinstance(facet, dict) and "bridge" in facet:
            statements.append(count_sql(bridges()[(table, facet["bridge"])], None, limit))
        else:
            column = facet if isinstance(facet, str) else next(iter(facet.values()))
            statements.append(f"select [{column}], count(*) from [{table}] where [{column}] is not null "
                              f"group by [{column}] order by count(*) desc, [{column}] limit {limit}")
    order = f"[{config['sort_desc']}] desc" if "sort_desc" in config else f"[{config.get('sort', 'id')}]"
    size = config.get("size", SETTINGS["default_page_size"])
    return statements + [f"select count(*) from [{table}]", f"select * from [{table}] order by {order} limit {size + 1}"]


def fastest_times(db: Path, statements: list[str], requests: int) -> list[float]:
    """Times of running `statements` in sqlite3 on the immutable file, `requests` times."""
    connection = sqlite3.connect(f"file:{db}?immutable=1", uri=True)
    limit = SETTINGS["facet_time_limit_ms"] / 1000
    replay(connection, statements, limit)
    times = [replay_time(connection, statements, limit) for _ in range(requests)]
    connection.close()
    return times


def page_figures(db: Path, requests: int) -> tuple[list[Figure], list[str]]:
    """p50 and p95 of each page beside the same percentiles of its replayed SQL."""
    connection = sqlite3.connect(db)
    person = connection.execute("select id from person order by id limit 1 offset 5").fetchone()[0]
    connection.close()
    urls = {
        "facet page": f"/{DATABASE}/incident",
        "search page": f"/-/search?q={SEARCH_TERM.replace(' ', '+')}",
        "row page": f"/{DATABASE}/person/{person}",
    }
    figures, notes = [], []
    for name, (site, floor, statements, stopped) in asyncio.run(page_times(db, urls, requests)).items():
        for share, label in ((50, "p50"), (95, "p95")):
            figures.append(Figure(f"{name} {label}", percentile(sorted(site), share), percentile(sorted(floor), share),
                                  PAGE_TARGET, "ms"))
        if name == "facet page":
            fastest = sorted(fastest_times(db, fastest_facet_sql("incident"), requests))
            figures.append(Figure("facet ÷ fastest p95", percentile(sorted(site), 95), percentile(fastest, 95), PAGE_TARGET, "ms"))
        if name == "row page":
            own = sorted(row_times(db, urls[name], requests, bare=False))
            bare = sorted(row_times(db, urls[name], requests, bare=True))
            figures.append(Figure("row ÷ bare p95", percentile(own, 95), percentile(bare, 95), BARE_ROW_TARGET, "ms"))
        if stopped:
            figures.append(Stopped(f"{name} limits", stopped))
        limit = f", {stopped} stopped at the {SETTINGS['facet_time_limit_ms']} ms facet time limit" if stopped else ""
        notes.append(f"{name}: {urls[name]} ({len(statements)} SQL statements{limit})")
    notes.append("facet ÷ fastest: the facet page beside the fastest correct SQL for its counts and rows (each facet "
                 "counted from its index alone, the row count, the first page)")
    notes.append("row ÷ bare: the record page beside Datasette's own row page for the same row (same database and settings, "
                 "no project metadata, templates or plugins), each timed in a new process of its own")
    return figures, notes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000, help="synthetic records to build (default 10000)")
    parser.add_argument("--serve-rows", type=int, default=100_000, help="incident rows in the served database (default 100000)")
    parser.add_argument("--requests", type=int, default=50, help="requests per page (default 50)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each build figure; the best counts (default 3)")
    parser.add_argument("--load-clients", type=int, default=20, help="concurrent clients of the load test (default 20)")
    parser.add_argument("--load-seconds", type=float, default=20.0, help="how long the load test runs (default 20)")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="kb-bench-"))
    try:
        folder = work / "records"
        synthetic_records(folder, args.records)
        sizes = [path.stat().st_size for path in folder.glob("*/*.yml")]
        figures = build_figures(folder, work, args.repeat)
        built = work / f"{DATABASE}.db"
        rows = sum(sqlite3.connect(built).execute(f"select count(*) from [{name}]").fetchone()[0] for name in tables())
        served = work / "serve" / f"{DATABASE}.db"
        served.parent.mkdir()
        incidents = serving_database(built, served, args.serve_rows)
        pages, notes = page_figures(served, args.requests)
        real_db = work / "real" / f"{DATABASE}.db"
        real_db.parent.mkdir()
        real = best_of(1, lambda: run_quietly(["--records", str(ROOT / "records"), "--db", str(real_db)]))
        load = run_load(real_db, args.load_clients, args.load_seconds, max_requests=1_000_000)
        print(f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, {os.cpu_count()} cores")
        print(f"{len(sizes):,} synthetic records of {sum(sizes) / len(sizes):,.0f} bytes on average; {rows:,} rows built; "
              f"serving {incidents:,} incident rows; build figures best of {args.repeat}, pages over {args.requests} requests")
        print(f"building the project's own records: {real:.2f} s wall time")
        for note in notes:
            print(note)
        print(f"load: {args.load_clients} clients for {args.load_seconds:g} s on the project's own records, served as "
              f"`make serve` does: {load['requests']} requests, latency p50 {load['latency_ms']['p50']} ms, "
              f"p95 {load['latency_ms']['p95']} ms, p99 {load['latency_ms']['p99']} ms (`make load` prints each kind of page)")
        loaded = Load(f"load ({args.load_clients} clients)", load["throughput_per_s"], load["latency_ms"]["p95"], load["errors"])
        print("\n".join(report(figures + pages + [loaded])))
    finally:
        shutil.rmtree(work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
