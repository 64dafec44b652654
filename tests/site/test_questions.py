"""kb/site/questions.py and plugins/kb_questions.py: canned queries answer as questions: defaults,
choices instead of id boxes, linked names, no id columns, the SQL folded away."""

import re

import pytest

from kb.site.metadata import read_query
from kb.site.questions import address_with_defaults, cell_in_words, defaults_missing, shown_columns

LEADERS = {"kb_parameters": {"election": {"choices": "select 1", "default": "mazhilis-2004"}}}


async def test_a_question_without_its_choice_opens_its_default_answer(datasette):
    response = await datasette.client.get("/opposition/what_became_of_leaders")
    assert response.status_code == 302
    assert response.headers["location"] == "/opposition/what_became_of_leaders?election=mazhilis-2004"
    assert (await datasette.client.get("/opposition/what_became_of_leaders.json")).status_code == 200
    assert (await datasette.client.get("/opposition/what_became_of_leaders?election=president-2005")).status_code == 200


async def test_question_page_reads_as_an_answer(datasette):
    html = (await datasette.client.get("/opposition/what_became_of_leaders?election=mazhilis-2004")).text
    assert "<title>What became of the leaders of the parties in an election — Kazakh opposition history</title>" in html
    assert '<option value="mazhilis-2004" selected>2004 Mazhilis election</option>' in html
    headers = re.findall(r'<th scope="col">([^<]+)</th>', html)
    assert headers == ["Person", "Led", "Status", "Start", "End", "Note"]
    assert '<td data-column="Person"><a href="/opposition/person/alikhan-baimenov">Alikhan Baimenov</a></td>' in html
    assert '<td data-column="Status">Took state post</td>' in html
    assert '<summary>The SQL behind this answer, and the data as JSON or CSV</summary>' in html


@pytest.mark.parametrize("name", ["citations_of_record", "commentary_claims", "contested_claims", "contested_figures",
                                  "election_results", "events_in_year", "imprisoned", "party_lineage", "people_by_fate",
                                  "records_citing_source", "what_became_of_leaders"])
async def test_every_home_page_question_answers_with_rows(datasette, name):
    response = await datasette.client.get(f"/opposition/{name}", follow_redirects=True)
    assert response.status_code == 200
    assert re.search(r'<p class="kb-list-count"><strong>[1-9][\d,]*</strong> rows?', response.text), name
    assert not re.search(r'<th scope="col">[^<]*\bid\b', response.text, re.I)


def test_defaults_apply_only_when_no_choice_is_given():
    assert defaults_missing(LEADERS, set()) == {"election": "mazhilis-2004"}
    assert defaults_missing(LEADERS, {"election"}) == {}
    assert defaults_missing({"sql": "select 1"}, set()) == {}
    assert address_with_defaults("/opposition/q", "_hide_sql=1", {"election": "a b"}) == "/opposition/q?_hide_sql=1&election=a+b"


def test_answer_cells_and_columns():
    assert shown_columns(["person", "status", "person_id", "id"]) == [0, 1]
    assert [cell_in_words("start", "2002-04-04"), cell_in_words("status", "took-state-post"), cell_in_words("note", "x"),
            cell_in_words("url", "https://example.org/"), cell_in_words("votes", 12)] == \
        ["4 April 2002", "Took state post", "x", None, None]


def test_query_headers_give_choices_and_defaults(tmp_path):
    path = tmp_path / "q.sql"
    path.write_text("-- title: T\n-- choices year: select 1 as value, 1 as label\n-- default year: 2005\n-- description: D\nselect :year\n")
    assert read_query(path) == {"title": "T", "description": "D", "sql": "select :year",
                                "kb_parameters": {"year": {"choices": "select 1 as value, 1 as label", "default": "2005"}}}
