"""Folding names so that every script and common spelling meet in search.

"Ақ жол", "Ак Жол", "ak zhol" and "Aq Jol" all fold to the skeleton "ak jol";
"Жаңаөзен", "Zhanaozen" and "Janaozen" to "janaozen".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

KAZAKH_TO_RUSSIAN = str.maketrans("әғқңөұүһіё", "агкноуухие")
CYRILLIC_TO_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
    "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch",
    "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
}
# Latin spellings that differ between romanisations, reduced to one form (order matters).
LATIN_VARIANTS = [
    ("shch", "sh"), ("dzh", "j"), ("zh", "j"), ("kh", "h"), ("ts", "c"), ("ch", "c"),
    ("q", "k"), ("w", "v"), ("x", "ks"), ("y", "i"), ("ı", "i"),
]
# Russian-style surname endings that Kazakh forms drop (Tuyakbaev / Tuyakbay).
ENDINGS = re.compile(r"(iev|ev|ov|eva|ova|ieva)$")
NON_WORD = re.compile(r"[^\w]+")
CYRILLIC_TABLE = str.maketrans(CYRILLIC_TO_LATIN)


def fold_cyrillic(text: str) -> str:
    """Lower-case and map the Kazakh-specific letters to their Russian neighbours."""
    return text.lower().translate(KAZAKH_TO_RUSSIAN)


def transliterate(text: str) -> str:
    """Romanise Cyrillic letters (simple scholarly-style scheme); other letters pass through."""
    return fold_cyrillic(text).translate(CYRILLIC_TABLE)


def strip_accents(text: str) -> str:
    """Remove combining marks from Latin letters (ä -> a, ū -> u)."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@lru_cache(maxsize=100_000)
def skeleton_word(word: str) -> str:
    """Reduce one romanised word to its spelling-independent skeleton."""
    for old, new in LATIN_VARIANTS:
        word = word.replace(old, new)
    return re.sub(r"([^\W\d_])\1+", r"\1", word)


def words(text: str) -> list[str]:
    """Split into lower-case words, dropping punctuation and quotes."""
    return [word for word in NON_WORD.split(text.lower()) if word]


def skeleton(text: str) -> list[str]:
    """Return the skeleton words of a name in any script."""
    return [skeleton_word(word) for word in words(strip_accents(transliterate(text)))]


def match_key(text: str) -> str:
    """Every folded form of a name, as one space-separated string of unique words."""
    forms = words(fold_cyrillic(text)) + words(strip_accents(transliterate(text))) + skeleton(text)
    return " ".join(dict.fromkeys(forms))


def search_stem(word: str) -> str:
    """Drop a Russian-style surname ending so that prefix search meets the Kazakh form."""
    stem = ENDINGS.sub("", word)
    return stem if len(stem) >= 4 else word


def fts_query(text: str) -> str:
    """An FTS5 query matching names whose skeleton has every word of `text` as a prefix."""
    stems = [search_stem(word) for word in skeleton(text or "")]
    if not stems:
        return '""'
    return " AND ".join(f'match_key:"{stem}"*' for stem in stems)
