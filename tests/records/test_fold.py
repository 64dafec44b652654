"""kb.records.fold: one key for every script and common spelling."""

import pytest

from kb.records.fold import fts_query, match_key, skeleton

SAME_SKELETON = [
    ("Ақ жол", "Ак Жол", "ak zhol", "Aq Jol"),
    ("Жаңаөзен", "Zhanaozen", "Janaozen", "Жанаозен"),
    ("Nur Otan", "Нұр Отан", "Нур Отан"),
    ("Жакиянов", "Zhakiyanov", "Zhakianov"),
]


@pytest.mark.parametrize("spellings", SAME_SKELETON)
def test_spellings_share_a_skeleton(spellings):
    assert len({tuple(skeleton(text)) for text in spellings}) == 1


def test_match_key_holds_russian_latin_and_skeleton_forms():
    assert match_key("Жаңаөзен") == "жанаозен zhanaozen janaozen"


def test_query_drops_russian_surname_endings_for_prefix_search():
    assert fts_query("Tuyakbaev") == 'match_key:"tuiakba"*'
    assert fts_query("Туякбай") == 'match_key:"tuiakbai"*'


def test_empty_query_matches_nothing():
    assert fts_query("  ") == '""'


def test_doubled_digits_are_kept():
    assert skeleton("2004 Mazhilis") == ["2004", "majilis"]
