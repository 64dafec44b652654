"""kb/site/words.py: dates, vocabulary values, numbers and stored facts as a reader says them."""

import pytest

from kb.site.words import (date_in_words, fact_in_words, host_of, label_in_words, language_in_words, number_in_words,
                      value_in_words, years_in_words)


@pytest.mark.parametrize(("edtf", "words"), [
    ("2011-12-16", "16 December 2011"),
    ("2011-12-16/2011-12-17", "16–17 December 2011"),
    ("2002-03-27/2002-07-18", "27 March – 18 July 2002"),
    ("2011-12-30/2012-01-02", "30 December 2011 – 2 January 2012"),
    ("2011/2012", "2011–2012"),
    ("2004-09", "September 2004"),
    ("2004", "2004"),
    ("2004-12-16?", "16 December 2004 (uncertain)"),
    ("2004-12~", "December 2004 (approximately)"),
    ("2004/..", "from 2004"),
    ("../2004", "until 2004"),
    ("2004/", "from 2004 (end unknown)"),
    ("2004-13", "2004-13"),
    ("not a date", "not a date"),
    (None, ""),
])
def test_date_in_words(edtf, words):
    assert date_in_words(edtf) == words


@pytest.mark.parametrize(("field", "stored", "words"), [
    ("born", "1963-05-08; place_name: Kuigan, Kurchum district", "8 May 1963, Kuigan, Kurchum district"),
    ("died", "2024-07-02; place: Kyiv", "2 July 2024, Kyiv"),
    ("coordinates", "lat: 43.65; lon: 51.15", "43.65° N, 51.15° E"),
    ("location", "place: Astana; precision: locality", "Astana, approximate, to the locality"),
    ("turnout", "56.49", "56.49%"),
    ("votes_cast", "4893204", "4,893,204"),
    ("seats_total", "77", "77"),
    ("summary", "Otan won; the opposition one seat", "Otan won; the opposition one seat"),
])
def test_fact_in_words(field, stored, words):
    assert fact_in_words(field, stored) == words


def test_values_numbers_languages_hosts_and_years():
    assert [value_in_words("took-state-post"), value_in_words("seats_total"), value_in_words(None)] == ["Took state post", "Seats total", ""]
    assert [label_in_words("took-state-post"), label_in_words("Party A"), label_in_words("1940s"), label_in_words(None)] == \
        ["Took state post", "Party A", "1940s", ""]
    assert [number_in_words(4893204), number_in_words(56.49), number_in_words(1000.0), number_in_words("12345"), number_in_words(None)] == \
        ["4,893,204", "56.49", "1,000", "12,345", ""]
    assert [language_in_words("kk-Latn"), language_in_words("ru"), language_in_words("xx")] == \
        ["Kazakh in Latin script", "Russian (Cyrillic)", "xx"]
    assert [host_of("https://www.rferl.org/a/1.html"), host_of("http://cnn.com/x"), host_of(None)] == ["rferl.org", "cnn.com", ""]
    assert [years_in_words(1948, 2015), years_in_words(1948, None), years_in_words(1948, None, open_end=True),
            years_in_words(None, 2015), years_in_words(None, None)] == ["1948–2015", "1948", "1948–", "until 2015", ""]


def test_facet_headings_and_values():
    from kb.site.words import column_heading, facet_value_in_words

    assert [column_heading("verification_status"), column_heading("place_id"), column_heading("about_names")] == \
        ["Verification status", "Place", "About names"]
    assert [facet_value_in_words(1, "living"), facet_value_in_words("0", "living"), facet_value_in_words("took-state-post", "fates"),
            facet_value_in_words("Ak Zhol", "organizations"), facet_value_in_words(2004, "date_year")] == \
        ["Living", "Died", "Took state post", "Ak Zhol", "2004"]
