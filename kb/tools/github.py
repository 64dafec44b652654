"""The repository's GitHub issue and pull-request templates, generated from kb/project.py and the schema.

    python -m kb.tools.github            write .github/ISSUE_TEMPLATE/*.yml and .github/pull_request_template.md
    python -m kb.tools.github --check    exit 1 if they are out of date

They link to CONTRIBUTING.md at the repository address set in kb/project.py, and the new-record
form offers the record types of schema/schema.yml, so neither is written twice.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import yaml

from kb.project import ROOT, view_url, write_generated
from kb.records.schema import record_types, type_spec

ISSUE_TEMPLATES = ROOT / ".github" / "ISSUE_TEMPLATE"
PULL_REQUEST_TEMPLATE = ROOT / ".github" / "pull_request_template.md"
HEADER = "# Generated from kb/project.py and schema/schema.yml by `make github-templates`; edit kb/tools/github.py instead.\n"


def guide(anchor: str = "") -> str:
    """The address of CONTRIBUTING.md, at a section."""
    return view_url("CONTRIBUTING.md") + (f"#{anchor}" if anchor else "")


def field(kind: str, field_id: str, label: str, description: str, required: bool, **attributes) -> dict:
    """One issue-form field."""
    return {
        "type": kind, "id": field_id,
        "attributes": {"label": label, "description": description, **attributes},
        "validations": {"required": required},
    }


def correction_form() -> dict:
    return {
        "name": "Correction",
        "description": "Something in a record or on the site is wrong, missing or unsourced.",
        "title": "Correction: ",
        "labels": ["correction"],
        "body": [
            {"type": "markdown", "attributes": {"value": (
                "Every correction rests on a document that someone has read. Give its real public address below; "
                f"a correction without a source cannot be made. You can also make the change yourself: every record "
                f"page has an edit link, and [CONTRIBUTING.md]({guide('correct-a-record')}) shows how.\n"
            )}},
            field("input", "page", "Page or record", "The address of the page on the site, or the record's file.", True,
                  placeholder="records/people/zharmakhan-tuyakbay.yml"),
            field("textarea", "wrong", "What is wrong", "The statement as it appears now.", True),
            field("textarea", "right", "What is right", "What it should say instead.", True),
            field("input", "source", "Source", "The public address (http or https) of the document that says so.", True,
                  placeholder="https://"),
            field("textarea", "where", "Where in the source, and one quoted sentence",
                  "The paragraph, page or section, and at most one sentence quoted exactly.", False,
                  placeholder='para 4: "..."'),
        ],
    }


def new_record_form() -> dict:
    types = [type_spec(record_type)["table"] for record_type in record_types()]
    return {
        "name": "New record",
        "description": "A party, person, election, incident or other record that is missing.",
        "title": "New record: ",
        "labels": ["new record"],
        "body": [
            {"type": "markdown", "attributes": {"value": (
                "You can add it yourself in a pull request: `make new TYPE=person ID=firstname-lastname` writes a "
                f"skeleton to fill in; [CONTRIBUTING.md]({guide('add-a-record')}) walks through it. "
                "Or describe it here and cite what you read.\n"
            )}},
            field("dropdown", "type", "Type", "What kind of record.", True, options=types),
            field("input", "name", "Name or title", "As the sources write it; other spellings below.", True),
            field("textarea", "facts", "What the record should say",
                  "Dates, memberships, results, what happened: each with the source that says it.", True),
            field("textarea", "sources", "Sources", "One public address (http or https) per line, of documents you read.", True,
                  placeholder="https://"),
            field("textarea", "spellings", "Other spellings", "The name in Kazakh, Russian or other spellings the sources use.", False),
        ],
    }


def issue_config() -> dict:
    return {
        "blank_issues_enabled": True,
        "contact_links": [{"name": "How to contribute", "url": guide(), "about": "Add or correct a record yourself in a pull request."}],
    }


def pull_request_template() -> str:
    return f"""<!-- Thank you! First pull request? {guide()} explains every step. -->

## What this adds or corrects


## Checklist

- [ ] `make check` passes (the checks on this pull request run it too and mark any problem on its line)
- [ ] Every new or changed fact cites a source record whose `url` is a document I read
- [ ] Quotes are one sentence at most; the rest is paraphrased
- [ ] Opinions, allegations and assessments are claims with their claimant; about living people, allegations only as claims
- [ ] Where sources disagree, both values are kept side by side with `according_to`
"""


class FormDumper(yaml.SafeDumper):
    """Writes multi-line text as literal blocks, so the forms stay readable."""


def literal_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


FormDumper.add_representer(str, literal_text)


def form_text(form: dict) -> str:
    return HEADER + yaml.dump(form, Dumper=FormDumper, sort_keys=False, allow_unicode=True, width=120)


def generated_files() -> dict[Path, str]:
    return {
        ISSUE_TEMPLATES / "correction.yml": form_text(correction_form()),
        ISSUE_TEMPLATES / "new-record.yml": form_text(new_record_form()),
        ISSUE_TEMPLATES / "config.yml": form_text(issue_config()),
        PULL_REQUEST_TEMPLATE: pull_request_template(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the templates are out of date")
    args = parser.parse_args(argv)
    return write_generated(generated_files(), args.check, "kb/tools/github.py", "make github-templates")


if __name__ == "__main__":
    raise SystemExit(main())
