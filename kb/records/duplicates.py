"""Warnings for new or changed records that look like another record already there.

People, organizations and places are compared by name: every spelling, folded and transliterated
(kb.records.fold), word order ignored, Russian-style surname endings dropped, so that "Zharmakhan
Tuyakbaev", "Туякбай Жармахан" and "Zharmakhan Tuyakbay" meet. Sources are compared by address.
(Elections, incidents and claims have descriptive names that many records share.) A warning never
fails a check: two people may share a name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kb.records.fold import search_stem, skeleton
from kb.records.loader import Record
from kb.records.problems import WARNING, Problem, format_path
from kb.records.rules import SINGULAR
from kb.records.schema import type_spec

NAMED_TYPES = {"people", "organizations", "places"}
# A vowel followed by the й of Kazakh endings (-бай, -ай), romanised as "i" in a skeleton.
FINAL_Y = re.compile(r"(?<=[aeiou])i$")


def name_key(text: str) -> tuple[str, ...]:
    """The words of a name, folded, without Russian surname endings, in sorted order."""
    return tuple(sorted(FINAL_Y.sub("", search_stem(word)) for word in skeleton(text)))


def address_key(url: str) -> tuple[str, ...]:
    """A web address without scheme, "www.", fragment or trailing slash, host in lower case."""
    address = re.sub(r"^https?://(www\.)?", "", url.strip()).split("#", 1)[0].rstrip("/")
    host, _, rest = address.partition("/")
    return ("url", f"{host.lower()}/{rest}")


def record_keys(record: Record) -> Iterator[tuple[tuple, str, tuple]]:
    """(path, text, key) of every name or address by which a record is compared."""
    if record.type == "sources" and isinstance(record.data.get("url"), str):
        yield ("url",), record.data["url"], address_key(record.data["url"])
    if record.type in NAMED_TYPES:
        for path, text in record_names(record):
            key = name_key(text)
            if key:
                yield path, text, key


def record_names(record: Record) -> Iterator[tuple[tuple, str]]:
    """(path, text) of a record's display label and every spelling in its names."""
    label = type_spec(record.type)["label"]
    if isinstance(record.data.get(label), str):
        yield (label,), record.data[label]
    names = record.data.get("names")
    for index, name in enumerate(names if isinstance(names, list) else []):
        if isinstance(name, dict) and isinstance(name.get("text"), str):
            yield ("names", index), name["text"]


Keys = list[tuple[tuple, str, tuple]]


def name_index(keyed: list[tuple[Record, Keys]]) -> dict[tuple[str, tuple], list[tuple[Record, str]]]:
    """Records by (type, name key), each with the spelling that gave the key."""
    index: dict[tuple[str, tuple], list[tuple[Record, str]]] = {}
    for record, keys in keyed:
        for _, text, key in keys:
            entries = index.setdefault((record.type, key), [])
            if all(other is not record for other, _ in entries):
                entries.append((record, text))
    return index


def duplicate_warnings(records: list[Record], changed: set[str] | None) -> list[Problem]:
    """One warning per changed record and each other record of its type that shares a name.

    `changed` holds the repository paths of new or edited files; None means every record.
    """
    if changed is not None and not changed:
        return []
    keyed = [(record, list(record_keys(record))) for record in records
             if record.readable and isinstance(record.data.get("id"), str)]
    index = name_index(keyed)
    warnings = []
    for record, keys in keyed:
        if changed is not None and record.repo_path not in changed:
            continue
        warned: set[str] = set()
        for path, text, key in keys:
            for other, other_text in index.get((record.type, key), []):
                if other is record or other.data["id"] in warned:
                    continue
                warned.add(other.data["id"])
                warnings.append(duplicate_warning(record, path, text, other, other_text))
    return sorted(warnings)


def duplicate_warning(record: Record, path: tuple, text: str, other: Record, other_text: str) -> Problem:
    where = f"{other.repo_path}:{other.line(('id',))}"
    if path == ("url",):
        message = f"same address as {other.data['id']} ({where}); if it is the same document, cite {other.data['id']} instead; if not, ignore this warning"
    else:
        kind = SINGULAR[record.type].split(" ", 1)[1]
        message = f"{text!r} looks like {other.data['id']} ({other_text!r}, {where}); if it is the same {kind}, add to that record instead; if not, ignore this warning"
    return Problem(record.file, record.line(path), format_path(path), message, WARNING)
