"""Values in plain words for readers: EDTF dates ("16–17 December 2011"), vocabulary values
("Took state post"), numbers with thousands separators. Registered as Jinja filters by plugins/kb_links.py."""

from __future__ import annotations

import re
from functools import cache
from urllib.parse import urlsplit

from kb.records.schema import vocabulary

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
DAY = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?([?~%]?)$")
VOCABULARY_VALUE = re.compile(r"[a-z]+(?:-[a-z]+)*")
QUALIFIER_WORDS = {"?": " (uncertain)", "~": " (approximately)", "%": " (uncertain, approximately)"}


def date_in_words(text: object) -> str:
    """An EDTF date or interval as a reader says it; anything it does not know is returned as given."""
    if text is None:
        return ""
    text = str(text).strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}T[\d:.]+(?:Z|[+-]\d{2}:\d{2})?", text):
        text = text[:10]  # a commit's time: the day is what a reader needs
    if "/" in text:
        return interval_in_words(*text.split("/", 1))
    parts = day_parts(text)
    if parts is None:
        return text
    year, month, day, qualifier = parts
    return " ".join(part for part in (day, month, year) if part) + QUALIFIER_WORDS.get(qualifier, "")


def day_parts(text: str) -> tuple[str, str, str, str] | None:
    """(year, month name, day without a leading zero, qualifier), or None when `text` is no plain date."""
    match = DAY.match(text)
    if match is None:
        return None
    year, month, day, qualifier = match.groups()
    if month and not 1 <= int(month) <= 12:
        return None
    return year, MONTHS[int(month) - 1] if month else "", str(int(day)) if day else "", qualifier


def interval_in_words(start: str, end: str) -> str:
    if start in ("", "..") and end in ("", ".."):
        return "dates unknown"
    if end in ("", ".."):
        return f"from {date_in_words(start)}" if end == ".." else f"from {date_in_words(start)} (end unknown)"
    if start in ("", ".."):
        return f"until {date_in_words(end)}"
    first, last = day_parts(start), day_parts(end)
    if first and last and not (first[1] or last[1] or first[3] or last[3]):
        return f"{first[0]}–{last[0]}"
    if first and last and not first[3] and not last[3]:
        # Share the month and year when both ends have them: "16–17 December 2011".
        if first[0] == last[0] and first[1] == last[1] and first[2] and last[2]:
            return f"{first[2]}–{last[2]} {first[1]} {first[0]}"
        if first[0] == last[0] and first[1] and last[1]:
            return f"{' '.join(p for p in (first[2], first[1]) if p)} – {date_in_words(end)}"
    return f"{date_in_words(start)} – {date_in_words(end)}"


def value_in_words(value: object) -> str:
    """A vocabulary value as a label: 'took-state-post' -> 'Took state post'."""
    if value is None:
        return ""
    text = str(value).replace("-", " ").replace("_", " ")
    return text[:1].upper() + text[1:]


def number_in_words(value: object) -> str:
    """Integers with thousands separators; other numbers as the shortest form; anything else unchanged."""
    if isinstance(value, bool) or value is None:
        return "" if value is None else str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() and abs(value) >= 1000 else f"{value:g}"
    if isinstance(value, str) and re.fullmatch(r"-?\d{5,}", value):
        return f"{int(value):,}"
    return str(value)


def years_in_words(start: object, end: object, open_end: bool = False) -> str:
    """'1948–2015', '1948–', 'until 2015' from two years (either may be missing)."""
    if start is None and end is None:
        return ""
    if end is None:
        return f"{start}–" if open_end else f"{start}"
    if start is None:
        return f"until {end}"
    return f"{start}" if start == end else f"{start}–{end}"


@cache
def language_names() -> dict[str, str]:
    """Language codes as words, from the schema's `lang` vocabulary ('kk-Latn' -> 'Kazakh in Latin script')."""
    return {code: description.rstrip(".") for code, description in vocabulary("lang").items()}


def language_in_words(code: object) -> str:
    return language_names().get(str(code), "" if code is None else str(code))


def host_of(url: object) -> str:
    """The site a web address points at, without 'www.': 'https://www.rferl.org/a/1.html' -> 'rferl.org'."""
    host = urlsplit(str(url or "")).hostname or ""
    return host[4:] if host.startswith("www.") else host


DATE_FIELDS = {"date", "born", "died", "founded", "dissolved", "stated_on", "published", "start", "end", "as_of"}
COUNT_FIELDS = {"seats_total", "electorate", "votes_cast"}


def fact_in_words(field: str, value: object) -> str:
    """A fact's stored value as a reader says it: '1963-05-08; place_name: Kuigan' -> '8 May 1963, Kuigan';
    'lat: 43.65; lon: 51.15' -> '43.65° N, 51.15° E'; turnout '56.49' -> '56.49%'."""
    text = "" if value is None else str(value)
    main, parts = split_fact(text)
    said = []
    if main is not None:
        if field in DATE_FIELDS:
            said.append(date_in_words(main))
        elif field == "turnout":
            said.append(f"{number_in_words(main)}%")
        elif field in COUNT_FIELDS:
            said.append(number_in_words(main))
        else:
            said.append(main)
    if "lat" in parts and "lon" in parts:
        said.append(f"{parts.pop('lat')}° N, {parts.pop('lon')}° E")
    for key in ("place_name", "place"):
        if key in parts:
            said.append(parts.pop(key))
    precision = parts.pop("precision", None)
    said.extend(f"{value_in_words(key).lower()} {value}" for key, value in parts.items())
    if precision and precision != "exact":
        said.append(f"approximate, to the {value_in_words(precision).lower()}")
    return ", ".join(said)


def split_fact(text: str) -> tuple[str | None, dict[str, str]]:
    """A stored fact value's main value and its 'key: value' parts."""
    main, parts = None, {}
    for index, segment in enumerate(text.split("; ")):
        key, colon, rest = segment.partition(": ")
        if colon and re.fullmatch(r"[a-z_]+", key):
            parts[key] = rest
        elif index == 0:
            main = segment
        else:
            main = f"{main}; {segment}" if main is not None else segment
    return main, parts


def column_heading(column: str) -> str:
    """A column's name as a heading: 'verification_status' -> 'Verification status', 'place_id' -> 'Place'."""
    return value_in_words(column.removesuffix("_id"))


def label_in_words(label: object) -> str:
    """A label that is a vocabulary value reads as words ('took-state-post' -> 'Took state post');
    names and other text stay as written."""
    text = "" if label is None else str(label)
    return value_in_words(text) if VOCABULARY_VALUE.fullmatch(text) else text


def facet_value_in_words(label: object, column: str) -> str:
    """A facet value as a reader reads it: 1/0 of a yes-or-no column as words, vocabulary values in words."""
    if column == "living" and str(label) in ("0", "1"):
        return "Living" if str(label) == "1" else "Died"
    return label_in_words(label)
