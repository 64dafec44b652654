"""`make bench`: build and serving speed as ratios against a floor measured in the same run.

    python -m kb.bench [--records 10000] [--serve-records 10000] [--repeat 30]

Synthetic records (people, organizations, incidents, sources; about 2 KB each) are written to a
temporary folder, then each figure is printed beside its floor:
  build   ÷ (CSafeLoader parse + one-transaction executemany of the same rows + FTS build)  target <= 1.3
  --check ÷ CSafeLoader parse                                                                   target <= 1.2
  facet, search and row pages (p50/p95 through datasette.client) ÷ the same SQL in sqlite3      target <= 3
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

import yaml

from kb.build import build_database, collect_rows, create_statement
from kb.check import check_records
from kb.fold import fts_query
from kb.site import make_datasette
from kb.tables import tables

FACETS_SQL = "select kind, count(*) from incident group by kind order by count(*) desc limit 31"
FACET_PAGE_SQL = "select * from incident order by date_min desc limit 101"
SEARCH_SQL = """select entity.id, entity.type, entity.label, group_concat(distinct name.text)
from name_fts join name on name.id = name_fts.rowid join entity on entity.id = name.entity_id
where name_fts match ? group by entity.id order by min(name_fts.rank), entity.label limit 100"""
ROW_SQL = ["select * from person where id = ?", "select * from fact where record_id = ? order by id",
           "select * from citation join source on source.id = citation.source_id where citation.record_id = ? order by n"]


def synthetic_records(folder: Path, count: int) -> None:
    """Write `count` valid records: a tenth sources, then people, organizations and incidents."""
    for kind in ("sources", "people", "organizations", "incidents", "places"):
        (folder / kind).mkdir(parents=True, exist_ok=True)
    (folder / "places/place-0.yml").write_text("id: place-0\nkind: city\nname: Place Zero\n")
    sources = max(count // 10, 1)
    for number in range(sources):
        (folder / f"sources/src-{number}.yml").write_text(
            f"id: src-{number}\nkind: news\ntitle: Report number {number} on events\nurl: https://example.org/news/{number}\n"
            f"publisher_name: Example News\npublished: \"2005-11-{number % 28 + 1:02d}\"\nlanguage: en\n")
    for number in range(count - sources - 1):
        kind = ("people", "organizations", "incidents")[number % 3]
        (folder / f"{kind}/r-{number}.yml").write_text(RECORD_TEXT[kind](number, sources))


def cites(number: int, sources: int, k: int = 2) -> str:
    return ", ".join(f"{{source: src-{(number * 7 + i) % sources}, at: \"para {i + 1}\"}}" for i in range(k))


RECORD_TEXT = {
    "people": lambda n, s: (
        f"id: r-{n}\nname: Person Number {n}\nliving: {'true' if n % 2 else 'false'}\nnames:\n"
        f"  - {{text: Адам Нөмір {n}, lang: kk-Cyrl, kind: official, sources: [{cites(n, s)}]}}\n"
        f"  - {{text: Человек Номер {n}, lang: ru, kind: official, sources: [{cites(n + 1, s)}]}}\n"
        f"  - {{text: Adam Nomir {n}, lang: kk-Latn, kind: transliteration, sources: [{cites(n + 2, s)}]}}\n"
        f"born: {{date: \"19{40 + n % 50}-0{1 + n % 9}-1{n % 10}\", sources: [{cites(n, s)}]}}\n"
        f"memberships:\n  - {{org: r-{n - n % 3 + 1 if n > 2 else 1}, role: member, start: \"2001\", end: \"2005-11\", sources: [{cites(n + 3, s)}]}}\n"
        f"fate:\n  - {{status: active, start: \"2001\", end: \"2005\", note: Active in the opposition, sources: [{cites(n + 4, s)}]}}\n"
        f"  - {{status: emigrated, start: \"2006\", sources: [{cites(n + 5, s)}]}}\n"
        f"summary:\n  text: A synthetic person used to measure the build, with a summary of about the usual length for a record.\n"
        f"  sources: [{cites(n + 6, s)}]\n"),
    "organizations": lambda n, s: (
        f"id: r-{n}\nkind: party\nname: Party Number {n}\nnames:\n"
        f"  - {{text: Партия Номер {n}, lang: ru, kind: official, sources: [{cites(n, s)}]}}\n"
        f"  - {{text: Партиясы {n}, lang: kk-Cyrl, kind: official, sources: [{cites(n + 1, s)}]}}\n"
        f"founded: {{date: \"200{n % 10}-0{1 + n % 9}\", sources: [{cites(n, s)}]}}\n"
        f"registration:\n  - {{status: registered, date: \"2002-04-03\", sources: [{cites(n + 2, s)}]}}\n"
        f"  - {{status: liquidated, date: \"2005-01-06\", sources: [{cites(n + 3, s)}]}}\n"
        f"summary:\n  text: A synthetic party used to measure the build, with a summary of about the usual length for a record.\n"
        f"  sources: [{cites(n + 4, s)}]\n"),
    "incidents": lambda n, s: (
        f"id: r-{n}\nkind: {('protest', 'arrest', 'attack', 'trial')[n % 4]}\ntitle: Incident number {n}\n"
        f"date: {{date: \"20{10 + n % 14}-12-16/20{10 + n % 14}-12-17\", sources: [{cites(n, s)}]}}\n"
        f"location: {{place: place-0, lat: 43.3, lon: 52.8, precision: locality, sources: [{cites(n + 1, s)}]}}\n"
        f"participants:\n  - {{label: police, role: security-forces, status: asserted, sources: [{cites(n + 2, s)}]}}\n"
        f"  - {{entity: r-{n - 2 if n > 2 else 0}, role: target, status: asserted, sources: [{cites(n + 3, s)}]}}\n"
        f"estimates:\n  - {{kind: killed, best: {n % 20}, according_to: r-{n - 1 if n > 1 else 1}, sources: [{cites(n + 4, s)}]}}\n"
        f"  - {{kind: detained, low: 10, high: {10 + n % 90}, according_to: r-{n - 1 if n > 1 else 1}, sources: [{cites(n + 5, s)}]}}\n"
        f"summary:\n  text: A synthetic incident used to measure the build, with a summary of about the usual length for a record.\n"
        f"  sources: [{cites(n + 6, s)}]\n"),
}


def timed(function, *args) -> tuple[float, object]:
    start = time.perf_counter()
    result = function(*args)
    return time.perf_counter() - start, result


def parse_floor(folder: Path) -> float:
    start = time.perf_counter()
    for path in sorted(folder.glob("*/*.yml")):
        with path.open("rb") as handle:
            yaml.load(handle, Loader=yaml.CSafeLoader)
    return time.perf_counter() - start


def write_floor(records, path: Path) -> float:
    """One transaction of executemany of the same rows into the same tables, plus the FTS build."""
    rows = collect_rows(sorted(records, key=lambda r: (r.type, r.data["id"])))
    start = time.perf_counter()
    connection = sqlite3.connect(path)
    with connection:
        for table in tables().values():
            connection.execute(create_statement(table, references=False))
            columns = list(table.columns)
            sql = f"insert into [{table.name}] values ({', '.join('?' for _ in columns)})"
            connection.executemany(sql, ([row.get(c) for c in columns] for row in rows.get(table.name, [])))
        connection.execute("create virtual table name_fts using fts5(text, match_key, content=name, content_rowid=id)")
        connection.execute("insert into name_fts (rowid, text, match_key) select id, text, match_key from name")
    connection.close()
    return time.perf_counter() - start


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]


async def page_times(db: Path, repeat: int) -> dict[str, tuple[list[float], list[float]]]:
    datasette = make_datasette(db)
    connection = sqlite3.connect(db)
    person = connection.execute("select id from person order by id limit 1 offset 5").fetchone()[0]
    cases = {
        "facet page": ("/opposition/incident?_facet=kind", lambda: (connection.execute(FACET_PAGE_SQL).fetchall(), connection.execute(FACETS_SQL).fetchall())),
        "search page": ("/opposition/search?q=Adam+Nomir+15", lambda: connection.execute(SEARCH_SQL, [fts_query("Adam Nomir 15")]).fetchall()),
        "row page": (f"/opposition/person/{person}", lambda: [connection.execute(sql, [person]).fetchall() for sql in ROW_SQL]),
    }
    results = {}
    for name, (url, raw) in cases.items():
        await datasette.client.get(url)
        site, floor = [], []
        for _ in range(repeat):
            start = time.perf_counter()
            response = await datasette.client.get(url)
            site.append(time.perf_counter() - start)
            assert response.status_code == 200, (url, response.status_code)
            start = time.perf_counter()
            raw()
            floor.append(time.perf_counter() - start)
        results[name] = (site, floor)
    return results


def line(name: str, value: float, floor: float, target: float, unit: str = "s") -> str:
    ratio = value / floor if floor else float("inf")
    verdict = "ok" if ratio <= target else "MISSES TARGET"
    return f"{name:<22} {value:9.4f}{unit}  floor {floor:9.4f}{unit}  ratio {ratio:5.2f}  target <= {target}  {verdict}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="kb-bench-"))
    try:
        folder = work / "records"
        synthetic_records(folder, args.records)
        size = sum(p.stat().st_size for p in folder.glob("*/*.yml")) / args.records
        parse = parse_floor(folder)
        check_time, (records, problems) = timed(check_records, folder)
        assert not problems, problems[:5]
        build_time, _ = timed(build_database, records, work / "opposition.db")
        build_total = check_time + build_time
        floor_write = write_floor(records, work / "floor.db")
        rows = sum(sqlite3.connect(work / "opposition.db").execute(f"select count(*) from [{t}]").fetchone()[0] for t in tables())
        print(f"{args.records:,} synthetic records, {size:,.0f} bytes each on average; {rows:,} rows built")
        print(line("build", build_total, parse + floor_write, 1.3))
        print(line("--check", check_time, parse, 1.2))
        for name, (site, floor) in asyncio.run(page_times(work / "opposition.db", args.repeat)).items():
            (p50, p95), (f50, f95) = percentiles(site), percentiles(floor)
            print(line(f"{name} p50", p50 * 1000, f50 * 1000, 3, "ms"))
            print(line(f"{name} p95", p95 * 1000, f95 * 1000, 3, "ms"))
    finally:
        shutil.rmtree(work)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
