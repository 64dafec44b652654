"""kb.tools.bench: the synthetic records are valid, the serving copy is whole, and one small run
prints every figure beside its floor and target (no timings are asserted)."""

import re
import sqlite3
from pathlib import Path

from kb.db.build import build_database
from kb.records.check import check_records
from kb.tools.bench import Figure, Load, Stopped, fastest_facet_sql, main, replay, report, serving_database, synthetic_records

LABELS = [
    "build", "--check", "facet page p50", "facet page p95", "facet ÷ fastest p95",
    "search page p50", "search page p95", "row page p50", "row page p95", "row ÷ bare p95",
]
ROW = re.compile(r"(\S+(?: \S+)*?) +(\d+\.\d+) (s|ms) +(\d+\.\d+) (s|ms) +(\d+\.\d+)  <= (\d+\.\d+) +(yes|NO)$")


def test_synthetic_records_are_valid(tmp_path: Path):
    synthetic_records(tmp_path / "records", 60)
    records, problems = check_records(tmp_path / "records")
    assert [str(problem) for problem in problems] == []
    assert len(records) == 60
    assert sorted({record.type for record in records}) == ["incidents", "organizations", "people", "places", "sources"]


def test_serving_copy_has_the_rows_asked_for(tmp_path: Path):
    synthetic_records(tmp_path / "records", 60)
    records, _ = check_records(tmp_path / "records")
    build_database(records, tmp_path / "built.db")
    assert serving_database(tmp_path / "built.db", tmp_path / "served.db", 300) == 300
    db = sqlite3.connect(tmp_path / "served.db")
    assert db.execute("select count(*) from incident").fetchone() == (300,)
    assert db.execute("select count(*) from incident join entity using (id)").fetchone() == (300,)
    original = db.execute("select kind, title, region, involves from incident where id = 'incident-2'").fetchone()
    assert db.execute("select kind, title, region, involves from incident where id = 'incident-2-copy-1'").fetchone() == original
    assert db.execute("select entity_id, text, kind from name where entity_id like 'incident-2-copy-1'").fetchall() == [
        ("incident-2-copy-1", "Incident number 2 in Place 2", "display"),
        ("incident-2-copy-1", "Событие номер 2", "official"),
    ]
    assert db.execute("select count(*) from name_fts where name_fts match 'Событие'").fetchone()[0] > 0


def test_report_puts_each_figure_beside_its_floor_and_target():
    figures = [Figure("build", 2.6, 2.0, 1.3, "s"), Figure("row page p50", 0.009, 0.001, 3.0, "ms")]
    assert report(figures) == [
        "figure                 measured        floor   ratio  target   met",
        "-" * 66,
        "build                  2.600 s      2.000 s     1.30  <= 1.3   yes",
        "row page p50            9.00 ms      1.00 ms    9.00  <= 3.0   NO",
        "targets met: 1 of 2; missed: row page p50",
    ]


def test_replay_stops_a_statement_at_the_time_limit():
    db = sqlite3.connect(":memory:")
    endless = "with recursive n(i) as (select 1 union all select i + 1 from n) select count(*) from n"
    assert replay(db, ["select 1", endless], 0.05) == 1


def test_a_small_run_prints_every_figure_with_its_floor_and_target(capsys):
    assert main(["--records", "60", "--serve-rows", "300", "--requests", "3", "--repeat", "1",
                 "--load-clients", "2", "--load-seconds", "1"]) == 0
    output = capsys.readouterr().out.splitlines()
    assert output[0].startswith("Python 3.") and "SQLite 3." in output[0]
    assert output[1].startswith("60 synthetic records of ") and "serving 300 incident rows" in output[1]
    assert re.fullmatch(r"building the project's own records: [0-9.]+ s wall time", output[2])
    assert [line.split(":")[0] for line in output[3:9]] == ["facet page", "search page", "row page", "facet ÷ fastest", "row ÷ bare", "load"]
    assert re.fullmatch(r"load: 2 clients for 1 s on the project's own records, served as `make serve` does: [1-9]\d* requests, "
                        r"latency p50 [0-9.]+ ms, p95 [0-9.]+ ms, p99 [0-9.]+ ms \(`make load` prints each kind of page\)", output[8])
    rows = [ROW.match(line) for line in output[11:21]]
    assert [row.group(1) if row else line for row, line in zip(rows, output[11:21])] == LABELS
    assert all(float(row.group(2)) > 0 and float(row.group(4)) > 0 and float(row.group(6)) > 0 for row in rows)
    assert [row.group(7) for row in rows] == ["1.3", "1.2"] + ["3.0"] * 7 + ["1.3"]
    assert re.fullmatch(r"load \(2 clients\) +[0-9.]+ /s  p95 \d+ ms, 0 failed  >= 200/s, 0 failed  (yes|NO)", output[21])
    assert re.fullmatch(r"targets met: \d+ of 11(; missed: .+)?", output[22])


def test_the_load_figure_needs_its_throughput_and_no_failed_request():
    assert report([Load("load (20 clients)", 252.24, 172.4, 0), Load("load (20 clients)", 252.2, 172.4, 1)]) == [
        "figure                 measured        floor   ratio  target   met",
        "-" * 66,
        "load (20 clients)      252.2 /s  p95 172 ms, 0 failed  >= 200/s, 0 failed  yes",
        "load (20 clients)      252.2 /s  p95 172 ms, 1 failed  >= 200/s, 0 failed  NO",
        "targets met: 1 of 2; missed: load (20 clients)",
    ]


def test_a_statement_stopped_at_a_limit_is_a_miss_not_a_ratio():
    lines = report([Figure("build", 1.0, 1.0, 1.3, "s"), Stopped("facet page limits", 2)])
    assert lines[3] == "facet page limits  2 SQL statement(s) stopped at a time limit: a miss, not a ratio   NO"
    assert lines[4] == "targets met: 1 of 2; missed: facet page limits"


def test_fastest_facet_sql_counts_each_default_facet(fixture_db: Path):
    statements = fastest_facet_sql("claim")
    assert statements[-2:] == ["select count(*) from [claim]", "select * from [claim] order by [id] limit 51"]
    db = sqlite3.connect(fixture_db)
    counts = [db.execute(sql).fetchall() for sql in statements[:4]]
    assert counts == [[("assertion", 1)], [("contradicted", 1)], [("person-a", 1)], [("election-e", "Election E", 1), ("party-a", "Party A", 1)]]
