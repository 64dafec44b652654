"""kb/tools/load.py: the bounded load test, run briefly against the real records' database."""

import shutil
import sqlite3
from pathlib import Path

import pytest

from kb.tools.load import Sample, choose_paths, format_report, interleave, main, run_load, summarize


def test_brief_load_of_the_real_site_has_no_errors(real_db: Path):
    report = run_load(real_db, clients=3, seconds=2, max_requests=10_000)
    assert list(report) == ["clients", "seconds", "requests", "throughput_per_s", "latency_ms", "by_kind", "errors",
                            "error_examples", "rss_kb"]
    assert (report["clients"], report["seconds"], report["errors"], report["error_examples"]) == (3, 2, 0, [])
    assert report["requests"] == sum(kind["requests"] for kind in report["by_kind"].values()) > 0
    assert report["throughput_per_s"] == round(report["requests"] / 2, 1)
    assert set(report["by_kind"]) <= {"home", "row page", "search", "table with facets", "canned query", "json",
                                      "timeline", "map"}
    latency = report["latency_ms"]
    assert list(latency) == ["p50", "p95", "p99"] and 0 < latency["p50"] <= latency["p95"] <= latency["p99"]
    assert list(report["rss_kb"]) == ["before", "halfway", "after"]
    assert all(kb > 10_000 for kb in report["rss_kb"].values())


def test_request_budget_bounds_the_run(fixture_db: Path):
    report = run_load(fixture_db, clients=2, seconds=60, max_requests=7)
    assert (report["requests"], report["errors"]) == (7, 0)


def test_failed_pages_make_the_load_exit_1(tmp_path: Path, fixture_db: Path, capsys):
    db = tmp_path / "opposition.db"
    shutil.copyfile(fixture_db, db)
    with sqlite3.connect(db) as connection:
        connection.execute("drop table timeline")
    connection.close()
    assert main(["--db", str(db), "--clients", "2", "--seconds", "1"]) == 1
    output = capsys.readouterr().out
    assert "errors: 0" not in output
    assert "\n  /-/timeline: 500\n" in output


def test_missing_database_is_named(tmp_path: Path, capsys):
    with pytest.raises(SystemExit) as stop:
        main(["--db", str(tmp_path / "none.db")])
    assert stop.value.code == 2
    assert capsys.readouterr().err.endswith(f"error: {tmp_path / 'none.db'}: no such database; run `make build` first\n")


def test_paths_are_a_readers_mix_from_the_database(fixture_db: Path):
    assert choose_paths(fixture_db) == [
        ("home", "/"),
        ("row page", "/opposition/election/referendum-h"),
        ("search", "/-/search?q=Person+A"),
        ("table with facets", "/opposition/person"),
        ("row page", "/opposition/organization/bloc-c"),
        ("canned query", "/opposition/election_results?election=election-e"),
        ("row page", "/opposition/election/election-e"),
        ("json", "/opposition/person.json?_shape=array&_size=50"),
        ("row page", "/opposition/organization/commission"),
        ("timeline", "/-/timeline"),
        ("row page", "/opposition/place/town-d"),
        ("map", "/-/map"),
        ("row page", "/opposition/incident/incident-f"),
        ("row page", "/opposition/claim/claim-g"),
        ("row page", "/opposition/person/person-a"),
        ("row page", "/opposition/organization/party-a"),
        ("row page", "/opposition/organization/party-b"),
        ("row page", "/opposition/source/src-news"),
        ("row page", "/opposition/source/src-opinion"),
    ]


def test_interleave():
    assert interleave([[1, 2, 3], ["a"], ["x", "y"]]) == [1, "a", "x", 2, "y", 3]


def test_summary_counts_non_2xx_answers_and_failed_requests_as_errors():
    samples = [Sample("home", "/", 200, 0.010), Sample("row page", "/a", 200, 0.030), Sample("row page", "/b", 404, 0.020),
               Sample("map", "/-/map", None, 0.040, "ReadTimeout: timed out")]
    assert summarize(samples, clients=2, seconds=2, rss_kb={"before": 50_000, "halfway": 58_000, "after": 60_000}) == {
        "clients": 2,
        "seconds": 2,
        "requests": 4,
        "throughput_per_s": 2.0,
        "latency_ms": {"p50": 20.0, "p95": 40.0, "p99": 40.0},
        "by_kind": {"home": {"requests": 1, "p50": 10.0, "p95": 10.0, "p99": 10.0},
                    "map": {"requests": 1, "p50": 40.0, "p95": 40.0, "p99": 40.0},
                    "row page": {"requests": 2, "p50": 20.0, "p95": 30.0, "p99": 30.0}},
        "errors": 2,
        "error_examples": ["/-/map: ReadTimeout: timed out", "/b: 404"],
        "rss_kb": {"before": 50_000, "halfway": 58_000, "after": 60_000},
    }


def test_report_prints_every_figure_and_memory_at_three_moments():
    samples = [Sample("home", "/", 200, 0.010), Sample("row page", "/b", 404, 0.020)]
    report = summarize(samples, clients=2, seconds=2, rss_kb={"before": 51_200, "halfway": 56_320, "after": 57_344})
    assert format_report(report).splitlines() == [
        "2 clients for 2 s: 2 requests, 1.0 requests/s",
        "latency p50 10.0 ms, p95 20.0 ms, p99 20.0 ms",
        "  home                    1 requests  p50    10.0 ms  p95    10.0 ms  p99    10.0 ms",
        "  row page                1 requests  p50    20.0 ms  p95    20.0 ms  p99    20.0 ms",
        "errors: 1",
        "  /b: 404",
        "server memory (RSS): 50.0 MB before, 55.0 MB halfway through, 56.0 MB after",
    ]
