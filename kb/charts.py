"""Chart geometry for pages, drawn by the templates (no script, no external request).

The functions return numbers and labels only; the templates escape every label.
"""

from __future__ import annotations

from datetime import date

FIGURE_ORDER = {"official": 0, "alternative": 1, "estimate": 2}
BAR_HEIGHT = 16
BAR_GAP = 3
GROUP_GAP = 12
LABEL_WIDTH = 250
LABEL_CHARACTERS = 36
# Who gave a figure and what it covers, as printed beside its bar (cut to fit); the whole caption
# is the bar's tooltip.
GIVER_CHARACTERS = 36
SCOPE_CHARACTERS = 26
BAR_AREA = 300
CHART_WIDTH = LABEL_WIDTH + BAR_AREA + 440


def chart_metric(results: list[dict]) -> str | None:
    """The figure to compare: share when any row gives one, else votes, else seats."""
    for metric in ("share", "votes", "seats"):
        if any(row.get(metric) is not None for row in results):
            return metric
    return None


def format_value(metric: str, value: float) -> str:
    if metric == "share":
        return f"{value:g}%"
    return f"{value:,} {metric}" if metric == "votes" else f"{value} {metric}"


def results_chart(results: list[dict]) -> dict | None:
    """Horizontal bars per contestant: the official figure beside every alternative one."""
    metric = chart_metric(results)
    if metric is None:
        return None
    rows = [row for row in results if row.get(metric) is not None]
    groups: dict[str, list[dict]] = {}
    for row in rows:
        groups.setdefault(row["contestant"], []).append(row)
    top = max(row[metric] for row in rows) or 1

    def official(contestant: str) -> float:
        values = [row[metric] for row in groups[contestant] if row["figure"] == "official"]
        return max(values) if values else -1

    bars, labels, y = [], [], 0
    for contestant in sorted(groups, key=lambda name: (-official(name), name)):
        members = sorted(groups[contestant], key=lambda row: (FIGURE_ORDER.get(row["figure"], 9), row["according_to"]))
        labels.append({"text": shorten(contestant), "full": contestant, "y": y + BAR_HEIGHT - 4})
        for row in members:
            width = max(1.0, BAR_AREA * row[metric] / top)
            head = f"{format_value(metric, row[metric])} — {row['figure']}, "
            caption = head + row["according_to"] + (f" ({row['scope']})" if row.get("scope") else "")
            text = head + shorten(row["according_to"], GIVER_CHARACTERS)
            text += f" ({shorten(row['scope'], SCOPE_CHARACTERS)})" if row.get("scope") else ""
            bars.append({"x": LABEL_WIDTH, "y": y, "width": round(width, 1), "height": BAR_HEIGHT,
                         "figure": row["figure"], "caption": caption, "text": text,
                         "text_x": round(LABEL_WIDTH + width + 4, 1),
                         "text_y": y + BAR_HEIGHT - 4})
            y += BAR_HEIGHT + BAR_GAP
        y += GROUP_GAP
    return {"metric": metric, "bars": bars, "labels": labels, "width": CHART_WIDTH, "height": y,
            "figures": sorted({row["figure"] for row in rows}, key=lambda figure: FIGURE_ORDER.get(figure, 9))}


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
