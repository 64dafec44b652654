"""kb/charts.py: bar geometry for election results and the fate strip."""

from datetime import date

from kb.charts import fate_strip, results_chart, shorten


def result(contestant, figure, according_to, **values):
    return {"contestant": contestant, "figure": figure, "according_to": according_to, "scope": None,
            "share": None, "votes": None, "seats": None, **values}


def test_official_and_alternative_bars_side_by_side():
    chart = results_chart([
        result("Party B", "official", "CEC", share=12.0),
        result("Party A", "official", "CEC", share=60.0, seats=42),
        result("Party B", "alternative", "Party B", share=36.0),
        result("Party A", "official", "CEC", seats=42),
    ])
    assert chart["metric"] == "share"
    assert chart["figures"] == ["official", "alternative"]
    assert [label["text"] for label in chart["labels"]] == ["Party A", "Party B"]
    assert [(bar["caption"], bar["width"], bar["y"]) for bar in chart["bars"]] == [
        ("60% — official, CEC", 300.0, 0),
        ("12% — official, CEC", 60.0, 31),
        ("36% — alternative, Party B", 180.0, 50),
    ]
    assert chart["height"] == 81


def test_chart_falls_back_to_votes_then_seats_and_none():
    assert results_chart([result("A", "official", "CEC", votes=1200)])["bars"][0]["caption"] == "1,200 votes — official, CEC"
    assert results_chart([result("A", "official", "CEC", seats=3)])["metric"] == "seats"
    assert results_chart([result("A", "official", "CEC")]) is None


def test_bar_text_fits_beside_the_bar_and_the_tooltip_keeps_everything():
    giver = "Kazakhstan Institute of Social-Economic Information and Forecasting"
    bar = results_chart([result("A", "estimate", giver, share=77.6, scope="exit poll of some 16,000 voters")])["bars"][0]
    assert bar["caption"] == f"77.6% — estimate, {giver} (exit poll of some 16,000 voters)"
    assert bar["text"] == "77.6% — estimate, Kazakhstan Institute of… (exit poll of some 16,000…)"


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
