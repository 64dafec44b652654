"""kb/site/charts.py: bar geometry for election results and the fate strip."""

from datetime import date

from kb.site.charts import comparison_chart, fate_strip, set_caption, set_chart, shorten


def row(shown_as, kind="contestant", **values):
    return {"shown_as": shown_as, "kind": kind, "share": None, "votes": None, "seats": None, **values}


def result_set(set_id, figure, stage, according_to, rows, as_of=None):
    return {"id": set_id, "figure": figure, "stage": stage, "according_to": according_to, "as_of": as_of,
            "as_of_min": as_of, "rows": rows}


def test_one_set_is_drawn_largest_first():
    chart = set_chart([row("Party B", share=12.0), row("Party A", share=60.0), row("Invalid ballots", "invalid", votes=10)])
    assert chart["metric"] == "share"
    assert [label["text"] for label in chart["labels"]] == ["Party A", "Party B"]
    assert [(bar["caption"], bar["width"], bar["y"], bar["kind"]) for bar in chart["bars"]] == [
        ("Party A: 60%", 300.0, 0, "contestant"),
        ("Party B: 12%", 60.0, 19, "contestant"),
    ]
    assert chart["height"] == 38


def test_set_chart_falls_back_to_votes_then_seats_and_none():
    assert set_chart([row("A", votes=1200)])["bars"][0]["caption"] == "A: 1,200 votes"
    assert set_chart([row("A", seats=3)])["metric"] == "seats"
    assert set_chart([row("A")]) is None


def test_sets_side_by_side_final_official_first():
    chart = comparison_chart([
        result_set(2, "alternative", "final", "Party B", [row("Party B", share=36.0)]),
        result_set(1, "official", "final", "CEC", [row("Party A", share=60.0), row("Party B", share=12.0)]),
        result_set(3, "official", "preliminary", "CEC", [row("Party B", share=11.0)], as_of="2004-09-20"),
    ])
    assert chart["figures"] == ["official", "alternative"]
    assert [label["text"] for label in chart["labels"]] == ["Party A", "Party B"]
    assert [(bar["caption"], bar["width"], bar["y"], bar["stage"]) for bar in chart["bars"]] == [
        ("60% — final official, CEC", 300.0, 0, "final"),
        ("12% — final official, CEC", 60.0, 31, "final"),
        ("11% — preliminary official, CEC (2004-09-20)", 55.0, 50, "preliminary"),
        ("36% — final alternative, Party B", 180.0, 69, "final"),
    ]
    assert chart["height"] == 100


def test_bar_text_fits_beside_the_bar_and_the_tooltip_keeps_everything():
    giver = "Kazakhstan Institute of Social-Economic Information and Forecasting"
    chart = comparison_chart([result_set(1, "estimate", "final", giver, [row("A", share=77.6)]),
                              result_set(2, "official", "final", "CEC", [row("A", share=80.0)])])
    bar = chart["bars"][1]
    assert bar["caption"] == f"77.6% — final estimate, {giver}"
    assert bar["text"] == "77.6% — final estimate, Kazakhstan Institute of…"


def test_a_set_in_a_few_words():
    assert set_caption(result_set(1, "official", "preliminary", "CEC", [], as_of="2004-09-20")) == "preliminary official, CEC (2004-09-20)"


def test_long_labels_are_cut_at_a_word():
    assert shorten("DVK-KPK bloc (Opposition People's Union of Communists and DVK)") == "DVK-KPK bloc (Opposition People's…"
    assert shorten("Ak Zhol") == "Ak Zhol"


def test_fate_strip_places_spells_on_one_axis():
    strip = fate_strip([
        {"status": "active", "start": "2000", "start_min": "2000-01-01", "end": "2010", "end_min": "2010-01-01", "end_max": "2010-12-31", "note": None},
        {"status": "emigrated", "start": "2010", "start_min": "2010-01-01", "end": None, "end_min": None, "end_max": None, "note": "Left."},
        {"status": "died", "start": None, "start_min": None},
    ], today=date(2019, 1, 1))
    assert (strip["first"], strip["last"]) == (2000, 2020)
    assert [(bar["status"], bar["left"], bar["width"], bar["open"]) for bar in strip["bars"]] == [
        ("active", 0.0, 54.99, False),
        ("emigrated", 50.0, 45.0, True),
    ]
    assert fate_strip([{"status": "died", "start_min": None}]) is None
