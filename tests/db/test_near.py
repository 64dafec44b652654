"""kb.db.near: the words a misspelt query is compared with, and the queries it is searched again with."""

from kb.db.near import begins_a_key, name_words, near_queries, nearest

VOCABULARY = dict(sorted({key: words for text in ("Ақ жол", "Mukhtar Ablyazov", "Amirzhan Kosanov", "Yerlan Koshanov")
                          for key, words in name_words(text)}.items()))


def test_name_words_are_folded_words_and_neighbours_written_together():
    assert sorted(name_words("Ақ жол")) == [("ak", "ak"), ("akjol", "ak jol"), ("jol", "jol")]


def test_begins_a_key_looks_for_a_prefix_in_sorted_keys():
    keys = ["abliazov", "kosanov"]
    assert [begins_a_key(stem, keys) for stem in ("ablia", "kosanov", "kos", "kosanovv", "b")] == [True, True, True, False, False]


def test_nearest_allows_one_edit_in_short_words_and_two_in_longer_ones():
    keys = list(VOCABULARY)
    assert nearest("kosanof", keys) == ["kosanov", "koshanov"]
    assert nearest("jal", keys) == ["jol"]
    assert nearest("jxx", keys) == []


def test_near_queries_replace_only_the_missed_words_nearest_first():
    assert near_queries("Kosanof", VOCABULARY) == [
        '(match_key:"kosanov")',
        '((match_key:"kosanov") OR (match_key:"koshanov"))',
    ]
    assert near_queries("Amirzhan Kosanof", VOCABULARY) == [
        'match_key:"amirjan"* AND (match_key:"kosanov")',
        'match_key:"amirjan"* AND ((match_key:"kosanov") OR (match_key:"koshanov"))',
    ]


def test_a_name_typed_without_its_space_is_found_by_its_words():
    assert near_queries("Акжол", VOCABULARY) == ['(match_key:"ak" AND match_key:"jol")']


def test_no_near_queries_when_every_word_is_found_or_one_is_too_far():
    assert near_queries("Ablyazov", VOCABULARY) == []
    assert near_queries("Kosanov Qwzxyv", VOCABULARY) == []
    assert near_queries("", VOCABULARY) == []
