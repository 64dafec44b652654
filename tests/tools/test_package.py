"""kb/tools/package.py: the deploy folder is complete, and the site serves from it alone."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from kb.site.serve import PUBLIC_SETTINGS, ROOT, SETTINGS
from kb.tools.load import free_port, stop_server, wait_until_ready
from kb.tools.package import checksums, main, runtime_requirements, serve_cmd, write_package


@pytest.fixture(scope="module")
def package(real_db: Path, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist") / "site"
    write_package(real_db, out)
    return out


def docker_cmd(package: Path) -> list[str]:
    match = re.search(r"^CMD (.+)$", (package / "Dockerfile").read_text(), re.MULTILINE)
    return json.loads(match.group(1))


def test_package_holds_the_site_and_nothing_else(package: Path, real_db: Path):
    assert sorted(path.name for path in package.iterdir()) == [
        "Dockerfile", "SHA256SUMS", "kb", "metadata.yml", "opposition.db", "plugins", "requirements.txt", "schema",
        "static", "templates"]
    assert (package / "opposition.db").read_bytes() == real_db.read_bytes()
    assert (package / "metadata.yml").read_text() == (ROOT / "metadata.yml").read_text()
    for folder in ["templates", "static", "plugins", "kb", "schema"]:
        expected = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / folder).rglob("*")
                          if p.is_file() and "__pycache__" not in p.parts)
        assert sorted(p.relative_to(package).as_posix() for p in (package / folder).rglob("*") if p.is_file()) == expected
    assert not list(package.rglob("__pycache__"))
    assert (package / "SHA256SUMS").read_text() == checksums(package)


def test_requirements_are_pinned_runtime_only(package: Path):
    pins = (package / "requirements.txt").read_text().splitlines()
    assert pins == runtime_requirements()
    assert all(re.fullmatch(r"[A-Za-z0-9_.\-]+==[0-9][0-9A-Za-z.]*", pin) for pin in pins), pins
    names = [pin.split("==")[0] for pin in pins]
    assert {"datasette", "datasette-block-robots", "datasette-sitemap", "datasette-hashed-urls"} <= set(names)
    assert not {"pytest", "pytest-asyncio", "playwright"} & set(names)
    development = (ROOT / "requirements.txt").read_text()
    assert [pin for pin in pins if pin not in development] == ["datasette-hashed-urls==0.4"]


def test_dockerfile_serves_on_8001_as_make_serve_does_with_the_public_settings(package: Path):
    assert docker_cmd(package) == serve_cmd() == [
        "python", "-m", "kb.site", "--db", "opposition.db", "--host", "0.0.0.0", "--port", "8001", "--public"]
    assert PUBLIC_SETTINGS == {**SETTINGS, "force_https_urls": True}


def test_site_serves_from_the_package_alone(package: Path):
    cmd = docker_cmd(package)
    port = free_port()
    cmd[0] = sys.executable
    cmd[cmd.index("--host") + 1], cmd[cmd.index("--port") + 1] = "127.0.0.1", str(port)
    environment = {"PATH": os.environ["PATH"], "PYTHONPATH": str(package), "HOME": str(package)}
    where = subprocess.run([sys.executable, "-c", "import kb; print(kb.__file__)"], cwd=package, env=environment,
                           capture_output=True, text=True, check=True)
    assert where.stdout == f"{package / 'kb' / '__init__.py'}\n"
    log = package.parent / "server.log"
    with log.open("wb") as output:
        server = subprocess.Popen(cmd, cwd=package, env=environment, stdout=output, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_ready(base, server, log)
        row = httpx.get(f"{base}/opposition/person/zharmakhan-tuyakbay", follow_redirects=True, timeout=30)
        settings = httpx.get(f"{base}/-/settings.json", timeout=30).json()
        robots = httpx.get(f"{base}/robots.txt", timeout=30).text
    finally:
        stop_server(server)
    assert row.status_code == 200
    assert '<h1 class="kb-title">Zharmakhan Tuyakbay</h1>' in row.text
    assert settings == {**PUBLIC_SETTINGS, "base_url": "/"}
    assert robots.endswith(f"\nSitemap: https://127.0.0.1:{port}/sitemap.xml")


def test_package_refuses_to_replace_a_folder_it_did_not_write(tmp_path: Path, real_db: Path, capsys):
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "keep.txt").write_text("mine")
    with pytest.raises(SystemExit) as stop:
        main(["--db", str(real_db), "--out", str(tmp_path / "notes")])
    assert str(stop.value) == f"{tmp_path / 'notes'}: exists and is not a package written by kb.tools.package; remove it or choose --out"
    assert (tmp_path / "notes" / "keep.txt").read_text() == "mine"


def test_package_replaces_its_previous_output(tmp_path: Path, fixture_db: Path, capsys):
    out = tmp_path / "site"
    assert main(["--db", str(fixture_db), "--out", str(out)]) == 0
    (out / "stale.txt").write_text("left over")
    assert main(["--db", str(fixture_db), "--out", str(out)]) == 0
    assert not (out / "stale.txt").exists()
    digest = re.search(r"database sha256 ([0-9a-f]{64})", capsys.readouterr().out).group(1)
    assert f"{digest}  opposition.db\n" in (out / "SHA256SUMS").read_text()
