"""kb.records.dates: EDTF checks and derived bounds."""

import pytest

from kb.records.dates import DateRange, date_range, edtf_error

RANGES = {
    "2004": DateRange("2004", "2004-01-01", "2004-12-31", "year"),
    "2005-11": DateRange("2005-11", "2005-11-01", "2005-11-30", "month"),
    "2005-11-12?": DateRange("2005-11-12?", "2005-11-12", "2005-11-12", "day"),
    "200X": DateRange("200X", "2000-01-01", "2009-12-31", "decade"),
    "2011-12-16/2011-12-17": DateRange("2011-12-16/2011-12-17", "2011-12-16", "2011-12-17", "interval"),
    "2004/..": DateRange("2004/..", "2004-01-01", None, "interval"),
}


@pytest.mark.parametrize("text", RANGES)
def test_date_range(text):
    assert date_range(text) == RANGES[text]
    assert edtf_error(text) is None


def test_year_comes_from_the_earliest_date():
    assert date_range("2011-12-16/2012-01").year == 2011
