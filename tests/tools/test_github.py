"""kb.tools.github and .github/: templates built from the one repository address, and the pull-request workflow."""

from pathlib import Path

import pytest
import yaml

from kb.project import REPOSITORY_URL
from kb.records.schema import record_types, type_spec
from kb.tools.github import ISSUE_TEMPLATES, PULL_REQUEST_TEMPLATE, generated_files
from tests.conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "checks.yml"


def form(name: str) -> dict:
    return yaml.safe_load((ISSUE_TEMPLATES / name).read_text(encoding="utf-8"))


def fields(name: str) -> dict[str, dict]:
    return {item["id"]: item for item in form(name)["body"] if "id" in item}


@pytest.mark.parametrize("path", list(generated_files()), ids=lambda p: p.name)
def test_templates_are_up_to_date(path: Path):
    assert path.read_text(encoding="utf-8") == generated_files()[path], "run `make github-templates`"


def test_correction_asks_for_page_wrong_right_and_a_required_source():
    required = {key: item["validations"]["required"] for key, item in fields("correction.yml").items()}
    assert required == {"page": True, "wrong": True, "right": True, "source": True, "where": False}


def test_new_record_offers_the_schema_types_and_requires_sources():
    items = fields("new-record.yml")
    assert items["type"]["attributes"]["options"] == [type_spec(t)["table"] for t in record_types()]
    assert items["sources"]["validations"]["required"] is True


def test_links_use_the_one_repository_address():
    texts = [path.read_text(encoding="utf-8") for path in generated_files()]
    assert all(f"{REPOSITORY_URL}/blob/main/CONTRIBUTING.md" in text for text in texts if "CONTRIBUTING" in text)
    assert form("config.yml")["contact_links"][0]["url"] == f"{REPOSITORY_URL}/blob/main/CONTRIBUTING.md"


def test_pull_request_template_has_a_short_checklist():
    boxes = [line for line in PULL_REQUEST_TEMPLATE.read_text(encoding="utf-8").splitlines() if line.startswith("- [ ] ")]
    assert 3 <= len(boxes) <= 6
    assert boxes[0] == "- [ ] `make check` passes (the checks on this pull request run it too and mark any problem on its line)"


def test_workflow_validates_tests_and_uploads_the_database_on_every_pull_request():
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert "pull_request" in workflow[True]  # YAML 1.1 reads the key `on` as true
    steps = workflow["jobs"]["check"]["steps"]
    runs = [step.get("run", "") for step in steps]
    assert steps[0]["uses"] == "actions/checkout@v4" and steps[0]["with"]["fetch-depth"] == 0
    assert any("apt-get install" in run and "chromium" in run for run in runs)
    assert runs.index("make check FORMAT=github") < runs.index("CI=true make test") < runs.index("make build")
    upload = steps[-1]
    assert upload["uses"] == "actions/upload-artifact@v4"
    assert upload["with"]["path"] == "opposition.db"
