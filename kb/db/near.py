"""Near spellings: finding a name that a query misses by one or two letters, or by a space.

The build writes every folded word of every name (and every two neighbouring words written
together, for "Акжол" against "Ақ жол") into `name_word`; a search that a word of the query misses
looks up the nearest of those words (Levenshtein distance, rapidfuzz) and searches again with them.
"""

from __future__ import annotations

from bisect import bisect_left

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from kb.records.fold import search_stem, skeleton

# Edits allowed between a query word and a name's word, by the query word's length.
SHORT_WORD = 5
CANDIDATES = 4


def name_words(text: str) -> set[tuple[str, str]]:
    """(key, words) pairs of one name: each folded word, and each two neighbours written as one."""
    folded = skeleton(text)
    pairs = {(word, word) for word in folded}
    pairs |= {(first + second, f"{first} {second}") for first, second in zip(folded, folded[1:])}
    return pairs


def allowed_edits(word: str) -> int:
    return 1 if len(word) <= SHORT_WORD else 2


def nearest(word: str, keys: list[str]) -> list[str]:
    """The vocabulary keys within the allowed edits of `word`, nearest first."""
    found = process.extract(word, keys, scorer=Levenshtein.distance, score_cutoff=allowed_edits(word), limit=CANDIDATES)
    return [key for key, _, _ in sorted(found, key=lambda match: (match[1], match[0]))]


def word_query(words: str) -> str:
    return " AND ".join(f'match_key:"{word}"' for word in words.split())


def begins_a_key(stem: str, keys: list[str]) -> bool:
    """Whether some key of the sorted `keys` begins with `stem`."""
    position = bisect_left(keys, stem)
    return position < len(keys) and keys[position].startswith(stem)


def near_queries(text: str, vocabulary: dict[str, str], every_word: bool = False) -> list[str]:
    """FTS5 queries, nearest first, with each word of `text` that begins no name's word replaced by
    the nearest names' words: first with the nearest only, then with any near one. Empty when every
    word is found as typed, or some word has no near word either.

    `vocabulary` maps each key of `name_word` to its words, in sorted key order. With `every_word`,
    each word is looked up among the near words even when some name begins with it (when the
    search found sources only, e.g. "Акжол" in a headline but not the party "Ақ жол")."""
    keys = list(vocabulary)
    single = [key for key in keys if vocabulary[key] == key]
    query_words = skeleton(text or "")
    nearest_groups, any_groups, changed, widened = [], [], False, False
    for word in query_words:
        stem = search_stem(word)
        if not every_word and begins_a_key(stem, single):
            nearest_groups.append(f'match_key:"{stem}"*')
            any_groups.append(f'match_key:"{stem}"*')
            continue
        near = nearest(word, keys)
        if not near:
            return []
        changed, widened = True, widened or len(near) > 1
        nearest_groups.append(f"({word_query(vocabulary[near[0]])})")
        any_groups.append("(" + " OR ".join(f"({word_query(vocabulary[key])})" for key in near) + ")")
    if not changed:
        return []
    return [" AND ".join(nearest_groups)] + ([" AND ".join(any_groups)] if widened else [])
