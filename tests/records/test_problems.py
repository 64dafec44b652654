"""kb.records.problems: one line per problem, as text or as a GitHub Actions annotation."""

from kb.records.problems import WARNING, Problem, render


def test_text_line():
    problem = Problem("records/people/a.yml", 3, "living", "expected true or false")
    assert render(problem) == "records/people/a.yml:3: living: expected true or false"


def test_warning_says_so():
    problem = Problem("records/people/a.yml", 5, "names[1]", "looks like b", WARNING)
    assert render(problem) == "records/people/a.yml:5: names[1]: warning: looks like b"


def test_github_annotation_escapes_properties_and_message():
    problem = Problem("records/people/a,b.yml", 4, "fate[0].status", "100% 'jailed' is not allowed;\nsee: CONTRIBUTING.md")
    assert render(problem, "github") == (
        "::error file=records/people/a%2Cb.yml,line=4,title=fate[0].status::100%25 'jailed' is not allowed;%0Asee: CONTRIBUTING.md"
    )


def test_github_warning():
    problem = Problem("records/people/a.yml", 5, "names[1]", "looks like b", WARNING)
    assert render(problem, "github") == "::warning file=records/people/a.yml,line=5,title=names[1]::looks like b"
