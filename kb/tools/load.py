"""A bounded load test of the site as served: `make load`.

    python -m kb.tools.load [--db opposition.db] [--clients 20] [--seconds 20]

Starts the site exactly as `make serve` does (kb/site/serve.py), on 127.0.0.1 only and on a free port;
runs a fixed number of concurrent clients for a fixed time (and at most --max-requests requests)
over a mix of pages chosen from the database; stops the server; prints requests, throughput,
latency percentiles per kind of page and overall, errors (a non-2xx answer or a failed request)
and the server's resident memory before and after. Exit status 1 if any request failed.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import random
import socket
import sqlite3
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from kb.processes import usable_cores
from kb.site.article import TABLES
from kb.site.serve import DATABASE, serve_command

HOST = "127.0.0.1"
READY_SECONDS = 60
# The clients arrive one after another over this many seconds, as readers do, not in one instant:
# a worker takes every connection waiting when it accepts, so a burst of 20 would all go to one.
ARRIVAL_SECONDS = 1.0
# What uvicorn logs when one worker is ready to answer.
STARTED = "Application startup complete."
REQUEST_TIMEOUT = 30.0
SAMPLE_SEED = 2004
# Row pages in the mix: mostly records a reader looks up, fewer of the (more numerous) source records.
RECORD_PAGES = 18
SOURCE_PAGES = 6
SEARCHES = 6


@dataclass(frozen=True)
class Sample:
    """One request: what kind of page, its path, the status (None if it failed) and how long it took."""
    kind: str
    path: str
    status: int | None
    seconds: float
    error: str = ""

    @property
    def failed(self) -> bool:
        return self.status is None or not 200 <= self.status < 300


def read_rows(db_path: Path, sql: str) -> list[tuple]:
    """Every row `sql` returns from the database, opened read-only."""
    connection = sqlite3.connect(f"file:{db_path}?mode=ro&immutable=1", uri=True)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def choose_paths(db_path: Path) -> list[tuple[str, str]]:
    """(kind, path) pairs a reader would request, picked from the database with a fixed seed, kinds interleaved."""
    chooser = random.Random(SAMPLE_SEED)
    records = read_rows(db_path, "select type, id, label from entity order by id")
    sources = [record for record in records if record[0] == "sources"]
    others = [record for record in records if record[0] != "sources"]
    rows = (chooser.sample(others, min(RECORD_PAGES, len(others)))
            + chooser.sample(sources, min(SOURCE_PAGES, len(sources))))
    people = [record for record in records if record[0] == "people"] or records
    searches = chooser.sample(people, min(SEARCHES, len(people)))
    elections = read_rows(db_path, "select id from election order by id limit 1")
    fixed = [
        ("home", "/"),
        ("table with facets", f"/{DATABASE}/person"),
        ("canned query", f"/{DATABASE}/election_results?election={elections[0][0]}" if elections
         else f"/{DATABASE}/commentary_claims"),
        ("json", f"/{DATABASE}/person.json?_shape=array&_size=50"),
        ("timeline", "/-/timeline"),
        ("map", "/-/map"),
    ]
    row_paths = [("row page", f"/{DATABASE}/{TABLES[kind]}/{record_id}") for kind, record_id, _ in rows]
    search_paths = [("search", "/-/search?" + str(httpx.QueryParams({"q": label})))
                    for _, _, label in searches]
    return interleave([fixed, row_paths, search_paths])


def interleave(lists: list[list]) -> list:
    """The items of every list taken in turn, one from each while any is left."""
    merged = []
    for index in range(max(len(items) for items in lists)):
        merged += [items[index] for items in lists if index < len(items)]
    return merged


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def resident_kb(pid: int) -> int:
    """The resident memory (VmRSS) in kB of the process and every process it started (the
    server's workers), from /proc/<pid>/status."""
    total = 0
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            total = int(line.split()[1])
    return total + sum(resident_kb(child) for child in child_pids(pid))


def child_pids(pid: int) -> list[int]:
    """The processes `pid` started that are still running."""
    children = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in children.read_text().split()] if children.exists() else []


def start_server(db_path: Path, port: int, log: Path, workers: int) -> subprocess.Popen:
    with log.open("wb") as output:
        return subprocess.Popen(serve_command(db_path, HOST, port, workers), stdout=output, stderr=subprocess.STDOUT)


def wait_until_ready(base_url: str, server: subprocess.Popen, log: Path, workers: int = 1) -> None:
    """Return once the server answers and each of its `workers` has said it started; raise if
    it exits or is not ready within READY_SECONDS. (Clients keep their connections, and a
    connection stays with the worker that took it: clients that connect while one worker is
    still starting would all be served by the others.)"""
    deadline = time.monotonic() + READY_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server exited with status {server.returncode}:\n{log.read_text()}")
        try:
            answered = httpx.get(base_url + "/-/versions.json", timeout=2).status_code == 200
        except httpx.TransportError:
            answered = False
        if answered and log.read_text(errors="replace").count(STARTED) >= workers:
            return
        time.sleep(0.2)
    raise RuntimeError(f"the server was not ready within {READY_SECONDS} s:\n{log.read_text()}")


def stop_server(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


async def run_client(client: httpx.AsyncClient, paths: list, start: int, arrival: float, deadline: float,
                     budget: list[int], samples: list[Sample]) -> None:
    """After `arrival` seconds, request paths in turn from `start` until the deadline passes or
    the shared request budget is spent."""
    await asyncio.sleep(arrival)
    index = start
    while time.monotonic() < deadline and budget[0] > 0:
        budget[0] -= 1
        kind, path = paths[index % len(paths)]
        index += 1
        began = time.perf_counter()
        try:
            response = await client.get(path)
        except httpx.HTTPError as error:
            samples.append(Sample(kind, path, None, time.perf_counter() - began, f"{type(error).__name__}: {error}"))
            continue
        samples.append(Sample(kind, path, response.status_code, time.perf_counter() - began))


async def run_clients(base_url: str, paths: list, clients: int, seconds: float, max_requests: int) -> list[Sample]:
    """Every sample from `clients` concurrent clients requesting for `seconds`."""
    samples: list[Sample] = []
    budget = [max_requests]
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base_url, timeout=REQUEST_TIMEOUT, limits=limits) as client:
        deadline = time.monotonic() + seconds
        spacing = max(1, len(paths) // clients)
        await asyncio.gather(*(run_client(client, paths, number * spacing, number * ARRIVAL_SECONDS / clients, deadline,
                                          budget, samples) for number in range(clients)))
    return samples


def percentile(sorted_values: list[float], share: float) -> float:
    """Nearest-rank percentile of already sorted values."""
    return sorted_values[max(0, math.ceil(share / 100 * len(sorted_values)) - 1)]


def latency_ms(samples: list[Sample]) -> dict:
    values = sorted(sample.seconds * 1000 for sample in samples)
    return {name: round(percentile(values, share), 1) for name, share in (("p50", 50), ("p95", 95), ("p99", 99))}


async def run_clients_watching_memory(base_url: str, paths: list, clients: int, seconds: float, max_requests: int,
                                      pid: int) -> tuple[list[Sample], int]:
    """The samples, and the server's resident memory halfway through the run (or when it ends early)."""
    async def halfway_kb() -> int:
        await asyncio.sleep(seconds / 2)
        return resident_kb(pid)

    halfway = asyncio.create_task(halfway_kb())
    samples = await run_clients(base_url, paths, clients, seconds, max_requests)
    if not halfway.done():
        halfway.cancel()
        return samples, resident_kb(pid)
    return samples, halfway.result()


def summarize(samples: list[Sample], clients: int, seconds: float, rss_kb: dict[str, int]) -> dict:
    """The report: counts, throughput, latency percentiles overall and per kind, errors, server memory."""
    if not samples:
        raise RuntimeError("no request was made")
    failures = [sample for sample in samples if sample.failed]
    kinds = sorted({sample.kind for sample in samples})
    return {
        "clients": clients,
        "seconds": seconds,
        "requests": len(samples),
        "throughput_per_s": round(len(samples) / seconds, 1),
        "latency_ms": latency_ms(samples),
        "by_kind": {kind: {"requests": sum(1 for sample in samples if sample.kind == kind),
                           **latency_ms([sample for sample in samples if sample.kind == kind])} for kind in kinds},
        "errors": len(failures),
        "error_examples": sorted({f"{sample.path}: {sample.status or sample.error}" for sample in failures})[:10],
        "rss_kb": rss_kb,
    }


def run_load(db_path: Path, clients: int, seconds: float, max_requests: int) -> dict:
    """Serve `db_path` on a free local port, load it, stop it and return the report."""
    paths = choose_paths(db_path)
    port = free_port()
    base_url = f"http://{HOST}:{port}"
    with tempfile.TemporaryDirectory() as folder:
        log = Path(folder) / "server.log"
        workers = usable_cores()
        server = start_server(db_path, port, log, workers)
        try:
            wait_until_ready(base_url, server, log, workers)
            rss_before = resident_kb(server.pid)
            samples, rss_halfway = asyncio.run(
                run_clients_watching_memory(base_url, paths, clients, seconds, max_requests, server.pid))
            rss_after = resident_kb(server.pid)
        finally:
            stop_server(server)
    return summarize(samples, clients, seconds, {"before": rss_before, "halfway": rss_halfway, "after": rss_after})


def format_report(report: dict) -> str:
    latency = report["latency_ms"]
    lines = [
        f"{report['clients']} clients for {report['seconds']:g} s: {report['requests']} requests, "
        f"{report['throughput_per_s']} requests/s",
        f"latency p50 {latency['p50']} ms, p95 {latency['p95']} ms, p99 {latency['p99']} ms",
        *(f"  {kind:<18} {figures['requests']:>6} requests  p50 {figures['p50']:>7} ms  p95 {figures['p95']:>7} ms  "
          f"p99 {figures['p99']:>7} ms" for kind, figures in report["by_kind"].items()),
        f"errors: {report['errors']}",
        *(f"  {example}" for example in report["error_examples"]),
        "server memory (RSS): " + ", ".join(f"{kb / 1024:.1f} MB {when.replace('halfway', 'halfway through')}"
                                           for when, kb in report["rss_kb"].items()),
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="opposition.db", type=Path)
    parser.add_argument("--clients", default=20, type=int, help="concurrent clients (default 20)")
    parser.add_argument("--seconds", default=20.0, type=float, help="how long the clients run (default 20)")
    parser.add_argument("--max-requests", default=100_000, type=int, help="stop after this many requests in all")
    args = parser.parse_args(argv)
    if not args.db.is_file():
        parser.error(f"{args.db}: no such database; run `make build` first")
    report = run_load(args.db, args.clients, args.seconds, args.max_requests)
    print(format_report(report))
    return 1 if report["errors"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
