"""EDTF dates: validity, and the derived min / max / precision / year columns."""

from __future__ import annotations

import math
import re
import time
from dataclasses import dataclass

from edtf import parse_edtf
from edtf.parser.edtf_exceptions import EDTFParseException

EXAMPLES = '"2004", "2004-12", "2004-12-16", "2004-12-16?", "2004-12~", "2004-09-19/2004-10-03", "2004/.."'
QUALIFIERS = "?~%"


@dataclass(frozen=True)
class DateRange:
    edtf: str
    min: str | None
    max: str | None
    precision: str

    @property
    def year(self) -> int | None:
        return int(self.min[:4]) if self.min else None


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


def edtf_error(text: str) -> str | None:
    """Why `text` is not an acceptable EDTF date, or None when it is."""
    if text.endswith("/") or text.startswith("/"):
        return f"'{text}' has an empty end; write '..' for an open end (e.g. \"2004/..\") or give the date"
    try:
        parsed = parse_edtf(text)
    except EDTFParseException:
        return f"'{text}' is not a valid EDTF date (e.g. {EXAMPLES})"
    low, high = parsed.lower_strict(), parsed.upper_strict()
    if iso(low) and iso(high) and iso(low) > iso(high):
        return f"'{text}' is an interval that ends before it starts"
    return None


def date_range(text: str) -> DateRange:
    """Derive the min/max/precision of a valid EDTF string."""
    parsed = parse_edtf(text)
    return DateRange(text, iso(parsed.lower_strict()), iso(parsed.upper_strict()), precision_of(text))
