"""EDTF dates: validity, and the derived min / max / precision / year columns.

Plain ISO dates and intervals of them (almost every date in the records) are read with the
standard library; every other EDTF form goes to the `edtf` package, which is the authority
but takes about a millisecond a date. Results are cached: records repeat the same dates.
"""

from __future__ import annotations

import calendar
import datetime
import math
import re
import time
from dataclasses import dataclass
from functools import lru_cache

from edtf import parse_edtf
from edtf.parser.edtf_exceptions import EDTFParseException

EXAMPLES = '"2004", "2004-12", "2004-12-16", "2004-12-16?", "2004-12~", "2004-09-19/2004-10-03", "2004/.."'
QUALIFIERS = "?~%"
PLAIN = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?[?~%]?")
OPEN = ".."


@dataclass(frozen=True)
class DateRange:
    edtf: str
    min: str | None
    max: str | None
    precision: str

    @property
    def year(self) -> int | None:
        return int(self.min[:4]) if self.min else None


class InvalidDate(ValueError):
    """Raised with the contributor-facing reason a date is not acceptable."""


def iso(struct: time.struct_time | float) -> str | None:
    """An edtf bound as an ISO date, or None for an open end."""
    if isinstance(struct, float) and math.isinf(struct):
        return None
    return f"{struct.tm_year:04d}-{struct.tm_mon:02d}-{struct.tm_mday:02d}"


def precision_of(text: str) -> str:
    """day, month, year, decade, century or interval, from the EDTF string's shape."""
    if "/" in text:
        return "interval"
    core = text.strip(QUALIFIERS)
    if re.fullmatch(r"\d{2}XX", core):
        return "century"
    if re.fullmatch(r"\d{3}X", core):
        return "decade"
    return {4: "year", 7: "month", 10: "day"}.get(len(core), "year")


def plain_bounds(text: str) -> tuple[str, str] | None:
    """(min, max) of a plain ISO date such as 2004, 2004-12 or 2004-12-16?, or None if not plain."""
    match = PLAIN.fullmatch(text)
    if not match:
        return None
    year, month, day = (int(part) if part else None for part in match.groups())
    try:
        if day is not None:
            datetime.date(year, month, day)
            return (f"{year:04d}-{month:02d}-{day:02d}",) * 2
        if month is not None:
            last = calendar.monthrange(year, month)[1]
            return f"{year:04d}-{month:02d}-01", f"{year:04d}-{month:02d}-{last:02d}"
    except (ValueError, calendar.IllegalMonthError):
        raise InvalidDate(f"'{text}' is not a valid EDTF date (e.g. {EXAMPLES})") from None
    return f"{year:04d}-01-01", f"{year:04d}-12-31"


def library_bounds(text: str) -> tuple[str | None, str | None]:
    try:
        parsed = parse_edtf(text)
    except EDTFParseException:
        raise InvalidDate(f"'{text}' is not a valid EDTF date (e.g. {EXAMPLES})") from None
    return iso(parsed.lower_strict()), iso(parsed.upper_strict())


def bounds(text: str) -> tuple[str | None, str | None]:
    """(min, max) of any EDTF string; None for an open end."""
    if "/" in text:
        start, _, end = text.partition("/")
        if not start or not end:
            raise InvalidDate(f"'{text}' has an empty end; write '..' for an open end (e.g. \"2004/..\") or give the date")
        low = None if start == OPEN else (plain_bounds(start) or (None, None))[0]
        high = None if end == OPEN else (plain_bounds(end) or (None, None))[1]
        if (start != OPEN and low is None) or (end != OPEN and high is None):
            low, high = library_bounds(text)
    else:
        low, high = plain_bounds(text) or library_bounds(text)
    if low and high and low > high:
        raise InvalidDate(f"'{text}' is an interval that ends before it starts")
    return low, high


@lru_cache(maxsize=100_000)
def parse(text: str) -> DateRange | InvalidDate:
    try:
        low, high = bounds(text)
    except InvalidDate as error:
        return error
    return DateRange(text, low, high, precision_of(text))


def edtf_error(text: str) -> str | None:
    """Why `text` is not an acceptable EDTF date, or None when it is."""
    result = parse(text)
    return str(result) if isinstance(result, InvalidDate) else None


def date_range(text: str) -> DateRange:
    """Derive the min/max/precision of a valid EDTF string."""
    result = parse(text)
    if isinstance(result, InvalidDate):
        raise result
    return result
