"""Cross-record rules: ids, references, dates, numbers and voice."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from functools import cached_property

from kb.dates import date_range, edtf_error
from kb.fold import skeleton
from kb.loader import Record
from kb.problems import Problem, format_path
from kb.schema import SLUG_PATTERN, is_fact_struct, opinion_source_kinds, type_spec
from kb.validate import SUGGESTION_CUTOFF
from kb.walk import cited_source_ids, walk_record

MAX_QUOTE_CHARS = 400
MAX_SUGGESTIONS = 3
SINGULAR = {"organizations": "an organization", "people": "a person", "places": "a place", "elections": "an election", "incidents": "an incident", "sources": "a source", "claims": "a claim"}
# Facts that need no non-opinion source: a spelling is attested by the very document that uses it.
VOICE_EXEMPT_STRUCTS = {"name"}


class Index:
    """Every record by id, for resolving references."""

    def __init__(self, records: list[Record]):
        self.by_id: dict[str, Record] = {}
        for record in records:
            # A record whose id differs from its file name is reported once, and found under both.
            for key in (record.data.get("id"), record.stem):
                if isinstance(key, str) and key not in self.by_id:
                    self.by_id[key] = record

    @cached_property
    def name_words(self) -> list[tuple[str, str, set[str]]]:
        """(id, type, folded words of every name) of each record; built only when an id is unknown."""
        entries = []
        for key, record in sorted(self.by_id.items()):
            texts = [record.data.get(type_spec(record.type)["label"])]
            names = record.data.get("names")
            texts += [name.get("text") for name in names if isinstance(name, dict)] if isinstance(names, list) else []
            words = {word for text in texts if isinstance(text, str) for word in skeleton(text)}
            entries.append((key, record.type, words))
        return entries

    def ids_like(self, value: str, targets: list[str]) -> list[str]:
        """Ids of the wanted types that begin with the same word as `value`, then those of records
        whose names hold every word of `value` ('communist-party' -> 'kpk')."""
        words = set(skeleton(value.replace("-", " ")))
        first = value.split("-")[0]
        wanted = [(key, names) for key, record_type, names in self.name_words if record_type in targets]
        same_start = [key for key, _ in wanted if key.split("-")[0] == first]
        named = [key for key, names in wanted if words <= names]
        return list(dict.fromkeys(same_start + named))

    def type_of(self, record_id: str) -> str | None:
        record = self.by_id.get(record_id)
        return record.type if record else None

    def is_opinion_source(self, source_id: str) -> bool:
        source = self.by_id.get(source_id)
        return bool(source and source.type == "sources" and source.data.get("kind") in opinion_source_kinds())


def record_problems(records: list[Record]) -> list[Problem]:
    """Every cross-record problem."""
    index = Index(records)
    problems = id_problems(records)
    for record in records:
        if record.readable:
            problems.extend(problem_list(record, index))
    return problems


def problem_list(record: Record, index: Index) -> list[Problem]:
    found = []
    for spec, value, path in walk_record(record.type, record.data):
        for rule in value_rules(spec, type(value)):
            found.extend(rule(spec, value, path, index))
    for rule in RECORD_RULES:
        found.extend(rule(record, index))
    return [Problem(record.file, record.line(path), format_path(path), message) for path, message in found]


def id_problems(records: list[Record]) -> list[Problem]:
    """ids equal file stems and are unique across all types."""
    problems, first_file = [], {}
    for record in records:
        record_id = record.data.get("id")
        if not isinstance(record_id, str) or not re.fullmatch(SLUG_PATTERN, record_id):
            continue
        line = record.line(("id",))
        if record_id != record.stem:
            problems.append(Problem(record.file, line, "id", f"id '{record_id}' does not match the file name '{record.stem}.yml'; the id must equal the file name"))
        if record_id in first_file:
            problems.append(Problem(record.file, line, "id", f"id '{record_id}' is already used by {first_file[record_id]}; ids are unique across all types"))
        else:
            first_file[record_id] = record.file
    return problems


def reference_rule(spec: dict, value: object, path: tuple, index: Index) -> Iterator[tuple[tuple, str]]:
    """Every reference resolves, to a record of an allowed type."""
    if spec["type"] == "citation_item":
        targets = ["sources"]
        if isinstance(value, dict):
            value, path = value.get("source"), path + ("source",)
    elif spec["type"] == "ref":
        targets = spec["to"]
    else:
        return
    if isinstance(value, str):
        message = reference_message(value, targets, index)
        if message:
            yield path, message


def reference_message(value: str, targets: list[str], index: Index) -> str | None:
    found = index.type_of(value)
    if found in targets:
        return None
    wanted = " or ".join(SINGULAR[target] for target in targets)
    if found is None:
        candidates = [key for key, record in index.by_id.items() if record.type in targets]
        hint = difflib.get_close_matches(value, candidates, n=1, cutoff=SUGGESTION_CUTOFF) or index.ids_like(value, targets)[:MAX_SUGGESTIONS]
        return f"unknown id '{value}'; expected {wanted}" + (f" (did you mean {' or '.join(repr(key) for key in hint)}?)" if hint else "")
    return f"'{value}' is {SINGULAR[found]}; expected {wanted}"


def spell_order_rule(spec: dict, value: object, path: tuple, index: Index) -> Iterator[tuple[tuple, str]]:
    """A spell's end is not before its start."""
    if isinstance(value, dict) and "end" in value and "start" in value:
        yield from ordered(value.get("start"), value.get("end"), path + ("end",), "start")


def life_span_rule(record: Record, index: Index) -> Iterator[tuple[tuple, str]]:
    """Death is not before birth, nor dissolution before founding."""
    for start, end in (("born", "died"), ("founded", "dissolved")):
        yield from ordered(single_date(record.data.get(start)), single_date(record.data.get(end)), (end,), start)


def single_date(fact: object) -> object:
    return fact.get("date") if isinstance(fact, dict) else None


def ordered(start: object, end: object, path: tuple, start_name: str) -> Iterator[tuple[tuple, str]]:
    if not all(isinstance(value, str) and edtf_error(value) is None for value in (start, end)):
        return
    first, last = date_range(start), date_range(end)
    if first.min and last.max and last.max < first.min:
        yield path, f"'{end}' is before {start_name} '{start}'"


def number_rule(record: Record, index: Index) -> Iterator[tuple[tuple, str]]:
    """Estimates are ordered low <= best <= high; results need a figure; seats fit the total."""
    data = record.data
    for position, estimate in list_items(data, "estimates"):
        figures = [(key, estimate.get(key)) for key in ("low", "best", "high") if isinstance(estimate.get(key), int)]
        if not figures:
            yield ("estimates", position), "give at least one of low, best, high"
        for (name_a, a), (name_b, b) in zip(figures, figures[1:], strict=False):
            if a > b:
                yield ("estimates", position, name_b), f"{name_b} {b} is less than {name_a} {a}; need low <= best <= high"
    seats_total = single_value(data.get("seats_total"))
    for position, result in list_items(data, "results"):
        if not any(key in result for key in ("votes", "share", "seats")):
            yield ("results", position), "give at least one of votes, share, seats"
        seats = result.get("seats")
        if isinstance(seats, int) and isinstance(seats_total, int) and seats > seats_total:
            yield ("results", position, "seats"), f"{seats} seats is more than seats_total {seats_total}"


def single_value(fact: object) -> object:
    """The value of a fact given once (not as alternatives)."""
    return fact.get("value") if isinstance(fact, dict) else None


def list_items(data: dict, key: str) -> Iterator[tuple[int, dict]]:
    items = data.get(key)
    if isinstance(items, list):
        for position, item in enumerate(items):
            if isinstance(item, dict):
                yield position, item


def voice_rule(spec: dict, value: object, path: tuple, index: Index) -> Iterator[tuple[tuple, str]]:
    """A fact in our own voice needs a source that is not opinion; alternatives are attributed."""
    if spec["type"] == "struct" and spec.get("alternatives") and isinstance(value, list):
        for position, item in enumerate(value):
            if isinstance(item, dict) and "according_to" not in item:
                yield path + (position,), "when sources disagree, give each alternative its according_to"
        return
    if not (is_fact_struct(spec) and isinstance(value, dict)) or spec["struct"] in VOICE_EXEMPT_STRUCTS:
        return
    sources = cited_source_ids(value.get("sources"))
    if sources and "according_to" not in value and all(index.is_opinion_source(source) for source in sources):
        yield path + ("sources",), f"stated only on opinion sources ({', '.join(sources)}); add a reporting source, or attribute it with according_to (or make it a claim)"


def participant_rule(record: Record, index: Index) -> Iterator[tuple[tuple, str]]:
    """A participant names an entity or a label; an alleged or disputed role says who alleges it."""
    for position, participant in list_items(record.data, "participants"):
        if "entity" not in participant and "label" not in participant:
            yield ("participants", position), "give entity (a record id) or label (a description)"
        if participant.get("status") in ("alleged", "disputed") and "according_to" not in participant:
            yield ("participants", position, "status"), f"{participant['status']} participation needs according_to (who says so)"


def source_rule(record: Record, index: Index) -> Iterator[tuple[tuple, str]]:
    """A source names its publisher."""
    if record.type == "sources" and "publisher" not in record.data and "publisher_name" not in record.data:
        yield ("publisher",), "give publisher (an organization id) or publisher_name"


def living_rule(record: Record, index: Index) -> Iterator[tuple[tuple, str]]:
    """A living person has no death."""
    if record.type == "people" and record.data.get("living") is True and "died" in record.data:
        yield ("died",), "living is true but a death is given; set living: false"


def quote_rule(spec: dict, value: object, path: tuple, index: Index) -> Iterator[tuple[tuple, str]]:
    """Quotes are one sentence at most."""
    if not isinstance(value, dict):
        return
    key = "quote" if spec["type"] == "citation_item" or spec.get("struct") == "citation" else "text" if spec.get("struct") == "quote" else None
    text = value.get(key) if key else None
    if isinstance(text, str) and len(text) > MAX_QUOTE_CHARS:
        yield path + (key,), f"quote is {len(text)} characters; quote at most one sentence ({MAX_QUOTE_CHARS} characters) and paraphrase the rest"


# Rules on each value, applied in one walk of the record; then rules on the record as a whole.
VALUE_RULES = [reference_rule, spell_order_rule, voice_rule, quote_rule]
RULES_BY_KIND: dict[tuple[int, type], tuple[dict, list]] = {}


def value_rules(spec: dict, kind: type) -> list:
    """The value rules that can find something in a value of type `kind` under `spec` (memoised
    per schema spec: most values, plain text, need at most the reference rule)."""
    key = (id(spec), kind)
    found = RULES_BY_KIND.get(key)
    if found is None or found[0] is not spec:
        found = RULES_BY_KIND[key] = (spec, [rule for rule in VALUE_RULES if rule_applies(rule, spec, kind)])
    return found[1]


def rule_applies(rule, spec: dict, kind: type) -> bool:
    """Whether `rule` looks at a value of type `kind` under `spec` at all (the rules' own first tests)."""
    if rule is reference_rule:
        return spec["type"] in ("citation_item", "ref")
    if rule is spell_order_rule:
        return issubclass(kind, dict)
    if rule is voice_rule:
        alternatives = spec["type"] == "struct" and spec.get("alternatives") and issubclass(kind, list)
        return bool(alternatives or (is_fact_struct(spec) and issubclass(kind, dict) and spec["struct"] not in VOICE_EXEMPT_STRUCTS))
    return issubclass(kind, dict) and (spec["type"] == "citation_item" or spec.get("struct") in ("citation", "quote"))


RECORD_RULES = [life_span_rule, number_rule, participant_rule, source_rule, living_rule]
