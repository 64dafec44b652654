"""Chart geometry for pages, drawn by the templates (no script, no external request).

The functions return numbers and labels only; the templates escape every label.
"""

from __future__ import annotations

from datetime import date

FIGURE_ORDER = {"official": 0, "alternative": 1, "estimate": 2}
STAGE_ORDER = {"final": 0, "preliminary": 1}
BAR_HEIGHT = 16
BAR_GAP = 3
GROUP_GAP = 12
LABEL_WIDTH = 250
LABEL_CHARACTERS = 36
# Who gave a figure, as printed beside its bar (cut to fit); the whole caption is the bar's tooltip.
GIVER_CHARACTERS = 40
BAR_AREA = 300
CHART_WIDTH = LABEL_WIDTH + BAR_AREA + 380
SET_CHART_WIDTH = LABEL_WIDTH + BAR_AREA + 90


def chart_metric(rows: list[dict]) -> str | None:
    """The figure to compare: share when any row gives one, else votes, else seats."""
    for metric in ("share", "votes", "seats"):
        if any(row.get(metric) is not None for row in rows):
            return metric
    return None


def format_value(metric: str, value: float) -> str:
    if metric == "share":
        return f"{value:g}%"
    return f"{value:,} {metric}" if metric == "votes" else f"{value} {metric}"


def set_order(result_set: dict) -> tuple:
    """Final official figures first, then preliminary ones, then others' counts and estimates."""
    return (FIGURE_ORDER.get(result_set["figure"], 9), STAGE_ORDER.get(result_set["stage"], 9),
            result_set.get("as_of_min") or "", result_set["id"])


def set_caption(result_set: dict) -> str:
    """A set in a few words: 'final official, Central Election Commission (2004-09-23)'."""
    words = f"{result_set['stage']} {result_set['figure']}, {result_set['according_to']}"
    return words + (f" ({result_set['as_of']})" if result_set.get("as_of") else "")


def set_chart(rows: list[dict]) -> dict | None:
    """One result set as horizontal bars, largest first."""
    metric = chart_metric(rows)
    if metric is None:
        return None
    shown = sorted((row for row in rows if row.get(metric) is not None), key=lambda row: (-row[metric], row["shown_as"]))
    top = max(row[metric] for row in shown) or 1
    bars, labels = [], []
    for position, row in enumerate(shown):
        y = position * (BAR_HEIGHT + BAR_GAP)
        width = max(1.0, BAR_AREA * row[metric] / top)
        labels.append({"text": shorten(row["shown_as"]), "full": row["shown_as"], "y": y + BAR_HEIGHT - 4})
        bars.append({"x": LABEL_WIDTH, "y": y, "width": round(width, 1), "height": BAR_HEIGHT, "kind": row["kind"],
                     "caption": f"{row['shown_as']}: {format_value(metric, row[metric])}", "text": format_value(metric, row[metric]),
                     "text_x": round(LABEL_WIDTH + width + 4, 1), "text_y": y + BAR_HEIGHT - 4})
    return {"metric": metric, "bars": bars, "labels": labels, "width": SET_CHART_WIDTH,
            "height": len(shown) * (BAR_HEIGHT + BAR_GAP)}


def comparison_chart(sets: list[dict]) -> dict | None:
    """The sets of one tier side by side: a group of bars per contestant, one bar per set that
    gives it, the final official figure first."""
    rows = [dict(row, result_set=result_set) for result_set in sets for row in result_set["rows"]]
    metric = chart_metric(rows)
    if metric is None:
        return None
    rows = [row for row in rows if row.get(metric) is not None]
    groups: dict[str, list[dict]] = {}
    for row in rows:
        groups.setdefault(row["shown_as"], []).append(row)
    top = max(row[metric] for row in rows) or 1

    def leading(name: str) -> tuple:
        first = min(groups[name], key=lambda row: set_order(row["result_set"]))
        return (set_order(first["result_set"])[:2], -first[metric], name)

    bars, labels, y = [], [], 0
    for name in sorted(groups, key=leading):
        labels.append({"text": shorten(name), "full": name, "y": y + BAR_HEIGHT - 4})
        for row in sorted(groups[name], key=lambda row: set_order(row["result_set"])):
            result_set = row["result_set"]
            width = max(1.0, BAR_AREA * row[metric] / top)
            head = f"{format_value(metric, row[metric])} — {result_set['stage']} {result_set['figure']}, "
            bars.append({"x": LABEL_WIDTH, "y": y, "width": round(width, 1), "height": BAR_HEIGHT,
                         "figure": result_set["figure"], "stage": result_set["stage"],
                         "caption": head + result_set["according_to"] + (f" ({result_set['as_of']})" if result_set.get("as_of") else ""),
                         "text": head + shorten(result_set["according_to"], GIVER_CHARACTERS),
                         "text_x": round(LABEL_WIDTH + width + 4, 1), "text_y": y + BAR_HEIGHT - 4})
            y += BAR_HEIGHT + BAR_GAP
        y += GROUP_GAP
    return {"metric": metric, "bars": bars, "labels": labels, "width": CHART_WIDTH, "height": y,
            "figures": sorted({row["result_set"]["figure"] for row in rows}, key=lambda figure: FIGURE_ORDER.get(figure, 9))}


def shorten(text: str, limit: int = LABEL_CHARACTERS) -> str:
    """A label cut at a word boundary to fit beside the bars, with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    cut = text[:limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(" ,(") + "…"


def year_of(value: str | None) -> float | None:
    """A fractional year from an ISO date prefix ('2005', '2005-11', '2005-11-12')."""
    if not value:
        return None
    parts = value.split("-")
    year = int(parts[0])
    month = int(parts[1]) if len(parts) > 1 else 1
    day = int(parts[2]) if len(parts) > 2 else 1
    return year + (month - 1) / 12 + (day - 1) / 365


def fate_strip(spells: list[dict], today: date | None = None) -> dict | None:
    """Spells as bars on one time axis: left and width in per cent; open spells run to today."""
    dated = [spell for spell in spells if spell.get("start_min")]
    if not dated:
        return None
    now = (today or date.today()).isoformat()
    starts = [year_of(spell["start_min"]) for spell in dated]
    ends = [year_of(spell.get("end_max") or spell.get("end_min") or now) for spell in dated]
    first, last = int(min(starts)), int(max(ends)) + 1
    span = last - first
    bars = []
    for spell, start, end in zip(dated, starts, ends):
        bars.append({
            "status": spell["status"], "start": spell["start"], "end": spell.get("end"),
            "open": not spell.get("end"), "note": spell.get("note"),
            "left": round(100 * (start - first) / span, 2),
            "width": round(max(0.8, 100 * (end - start) / span), 2),
        })
    ticks = [{"year": year, "left": round(100 * (year - first) / span, 2)} for year in range(first, last + 1, max(1, span // 8))]
    return {"bars": bars, "ticks": ticks, "first": first, "last": last}


COLUMN_WIDTH = 58
COLUMN_AREA = 140
OVER_TIME_TOP = 18
OVER_TIME_BOTTOM = 34


def over_time(points: list[dict], metric: str) -> dict | None:
    """One column per vote, in date order, for `metric` ("share" or "seats"): each point has
    `year`, `name` and the metric; the chart says the value above and the year below each column."""
    shown = [point for point in points if point.get(metric) is not None]
    if not shown:
        return None
    top = max(point[metric] for point in shown) or 1
    columns = []
    for position, point in enumerate(shown):
        height = max(1.0, COLUMN_AREA * point[metric] / top)
        x = position * COLUMN_WIDTH + 8
        columns.append({
            "x": x, "y": round(OVER_TIME_TOP + COLUMN_AREA - height, 1), "width": COLUMN_WIDTH - 16, "height": round(height, 1),
            "text": format_value(metric, point[metric]) if metric == "share" else str(point[metric]),
            "text_x": x + (COLUMN_WIDTH - 16) / 2, "text_y": round(OVER_TIME_TOP + COLUMN_AREA - height - 4, 1),
            "year": point["year"], "year_y": OVER_TIME_TOP + COLUMN_AREA + 16,
            "caption": f"{point['name']}: {format_value(metric, point[metric])}",
        })
    return {"metric": metric, "columns": columns, "width": len(shown) * COLUMN_WIDTH + 16,
            "height": OVER_TIME_TOP + COLUMN_AREA + OVER_TIME_BOTTOM}
