"""Cross-record rules: ids, references, dates, numbers and voice."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from functools import cached_property

from kb.records.dates import date_range, edtf_error
from kb.records.fold import skeleton
from kb.records.loader import Record
from kb.records.problems import Problem, format_path
from kb.records.schema import SLUG_PATTERN, is_fact_struct, opinion_source_kinds, record_fields, type_spec, vocabularies, vocabulary
from kb.records.validate import SUGGESTION_CUTOFF
from kb.records.walk import cited_source_ids, walk_record

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
    """Estimates are ordered low <= best <= high."""
    data = record.data
    for position, estimate in list_items(data, "estimates"):
        figures = [(key, estimate.get(key)) for key in ("low", "best", "high") if isinstance(estimate.get(key), int)]
        if not figures:
            yield ("estimates", position), "give at least one of low, best, high"
        for (name_a, a), (name_b, b) in zip(figures, figures[1:], strict=False):
            if a > b:
                yield ("estimates", position, name_b), f"{name_b} {b} is less than {name_a} {a}; need low <= best <= high"


SHARE_TOLERANCE = 0.5
ROW_IDENTITIES = ("contestant", "option", "label")


def vote_kind_rule(record: Record, index: Index) -> Iterator[tuple[tuple, str]]:
    """A referendum has its question and options, other votes have neither; each result set's
    tier belongs to the vote's kind."""
    if record.type != "elections":
        return
    data = record.data
    kind = data.get("kind")
    if not isinstance(kind, str) or not kind:
        return
    for field in ("question", "options"):
        if kind == "referendum" and field not in data:
            yield (field,), f"a referendum needs its {field} ({record_fields(record.type)[field]['description']})"
        elif kind != "referendum" and field in data:
            yield (field,), f"only a referendum has {field}; this vote's kind is {kind}"
    tiers = vocabularies()["result_tier"]["election_kinds"]
    for position, result_set in list_items(data, "results"):
        tier = result_set.get("tier")
        if isinstance(tier, str) and tier in tiers and kind not in tiers[tier]:
            allowed = ", ".join(name for name, kinds in tiers.items() if kind in kinds)
            yield ("results", position, "tier"), f"a {kind} vote has no tier {tier} (allowed: {allowed})"


def result_rows_rule(record: Record, index: Index) -> Iterator[tuple[tuple, str]]:
    """Each result row is one contestant, option or labelled group, with at least one figure,
    listed once in its set; seats fit the vote's total."""
    if record.type != "elections":
        return
    data = record.data
    seats_total = single_value(data.get("seats_total"))
    option_keys = [option.get("key") for _, option in list_items(data, "options")]
    seen_sets: dict[tuple, int] = {}
    for position, result_set in list_items(data, "results"):
        at = ("results", position)
        key = tuple(hashable(result_set.get(name)) for name in ("tier", "stage", "according_to", "as_of", "note"))
        if key in seen_sets and None not in key[:3]:
            yield at, (f"the same tier, stage, publisher, as_of and note as results[{seen_sets[key]}]; give each set once, "
                       "or say in its note how it differs (e.g. the same body's figures as another document gives them)")
        seen_sets.setdefault(key, position)
        set_seats = result_set.get("seats")
        if isinstance(set_seats, int) and isinstance(seats_total, int) and set_seats > seats_total:
            yield at + ("seats",), f"{set_seats} seats is more than the vote's seats_total {seats_total}"
        seen_rows: dict[tuple, int] = {}
        for row_position, row in list_items(result_set, "rows"):
            row_at = at + ("rows", row_position)
            yield from row_problems(row, row_at, data.get("kind"), option_keys)
            identity = next(((name, hashable(row[name])) for name in ROW_IDENTITIES if name in row), None)
            if identity in seen_rows:
                yield row_at, f"{identity[1]!r} is listed twice in this set (also rows[{seen_rows[identity]}])"
            if identity is not None:
                seen_rows.setdefault(identity, row_position)
            seats = row.get("seats")
            if isinstance(seats, int) and isinstance(seats_total, int) and seats > seats_total:
                yield row_at + ("seats",), f"{seats} seats is more than seats_total {seats_total}"


def hashable(value: object) -> object:
    """A field's value as a key to compare sets or rows by; a malformed (list or mapping) value as its text."""
    return value if value is None or isinstance(value, (str, int, float)) else repr(value)


def row_problems(row: dict, at: tuple, vote_kind: object, option_keys: list) -> Iterator[tuple[tuple, str]]:
    given = [name for name in ROW_IDENTITIES if name in row]
    if len(given) != 1:
        named = "none" if not given else " and ".join(given)
        yield at, f"give exactly one of contestant (a record id), option (a referendum answer) or label (with kind); got {named}"
    if not any(key in row for key in ("votes", "share", "seats")):
        yield at, "give at least one of votes, share, seats"
    if "label" in row and "kind" not in row:
        yield at + ("kind",), f"a label row needs its kind (allowed: {', '.join(LABEL_ROW_KINDS)})"
    if "kind" in row and "label" not in row:
        yield at + ("kind",), "kind is for label rows; a contestant or option row is counted as one"
    elif row.get("kind") in ("contestant", "option"):
        yield at + ("kind",), f"a label row cannot be a {row['kind']}; give {row['kind']} instead of label (allowed kinds: {', '.join(LABEL_ROW_KINDS)})"
    if "option" in row and isinstance(vote_kind, str) and vote_kind:
        if vote_kind != "referendum":
            yield at + ("option",), "only a referendum's rows have an option; name a contestant or give a label"
        elif row["option"] not in option_keys:
            yield at + ("option",), f"unknown option {row['option']!r}; the vote's options are: {', '.join(map(str, option_keys)) or 'none'}"


# The row kinds a label row may have: every kind but the two the build fills in itself.
LABEL_ROW_KINDS = tuple(kind for kind in vocabulary("result_row_kind") if kind not in ("contestant", "option"))


def result_sums_rule(record: Record, index: Index) -> Iterator[tuple[tuple, str]]:
    """A final official result set adds up: seats to its seats or the vote's seats_total, shares
    to 100 (± 0.5), votes to its valid votes and ballots cast; unless it is marked partial."""
    if record.type != "elections":
        return
    seats_total = single_value(record.data.get("seats_total"))
    for position, result_set in list_items(record.data, "results"):
        if result_set.get("stage") != "final" or result_set.get("figure") != "official" or "partial" in result_set:
            continue
        rows = [row for _, row in list_items(result_set, "rows")]
        at = ("results", position, "rows")
        for message in sum_messages(result_set, rows, seats_total):
            yield at, message


# What to do about a set that does not add up, said after each sum that disagrees.
MISSING_ROWS = "; add the missing rows (other contestants, independents, against all, invalid ballots) or mark the set partial: <reason>"


def sum_messages(result_set: dict, rows: list[dict], seats_total: object) -> Iterator[str]:
    yield from seat_sum_message(result_set, rows, seats_total)
    yield from share_sum_message(result_set, rows)
    yield from vote_sum_messages(result_set, rows)


def seat_sum_message(result_set: dict, rows: list[dict], seats_total: object) -> Iterator[str]:
    seats = [row["seats"] for row in rows if isinstance(row.get("seats"), int)]
    if not seats:
        return
    target, named = result_set.get("seats"), "the set's seats"
    if not isinstance(target, int):
        target, named = seats_total, "the vote's seats_total"
    if isinstance(target, int) and sum(seats) != target:
        yield f"seats add up to {sum(seats)}, but {named} is {target}" + MISSING_ROWS


def share_sum_message(result_set: dict, rows: list[dict]) -> Iterator[str]:
    shares = [row["share"] for row in rows if is_number(row.get("share"))]
    if not shares:
        return
    total = sum(shares)
    cast = result_set.get("share_of") == "cast"
    invalid = [row for row in rows if row.get("kind") == "invalid"]
    if not cast and any("share" in row for row in invalid):
        yield "an invalid-ballots row has a share, but shares are of valid votes; set share_of: cast or remove that share"
        return
    implied = ""
    if cast and not any("share" in row for row in invalid):
        votes_cast = result_set.get("votes_cast")
        invalid_votes = [row["votes"] for row in invalid if isinstance(row.get("votes"), int)]
        if isinstance(votes_cast, int) and votes_cast > 0 and invalid_votes:
            total += 100 * sum(invalid_votes) / votes_cast
            implied = " with the invalid ballots' share of votes_cast"
    if abs(total - 100) > SHARE_TOLERANCE:
        hint = " (shares are of ballots cast: give the invalid ballots row's share, or its votes and the set's votes_cast)" if cast and not implied else ""
        yield f"shares add up to {round(total, 2):g}%{implied}, not 100% (± {SHARE_TOLERANCE:g}){hint}" + MISSING_ROWS


def vote_sum_messages(result_set: dict, rows: list[dict]) -> Iterator[str]:
    valid_votes, votes_cast = result_set.get("valid_votes"), result_set.get("votes_cast")
    counted = [row for row in rows if row.get("kind") != "invalid"]
    if isinstance(valid_votes, int):
        missing = sum(1 for row in counted if not isinstance(row.get("votes"), int))
        if missing:
            rows_named = "1 row gives" if missing == 1 else f"{missing} rows give"
            yield f"valid_votes is {valid_votes:,}, but {rows_named} no votes; give every row's votes, or remove valid_votes"
        elif sum(row["votes"] for row in counted) != valid_votes:
            yield f"votes add up to {sum(row['votes'] for row in counted):,}, but valid_votes is {valid_votes:,}" + MISSING_ROWS
    if isinstance(votes_cast, int) and rows and all(isinstance(row.get("votes"), int) for row in rows):
        total = sum(row["votes"] for row in rows)
        if total != votes_cast:
            yield f"votes, invalid ballots included, add up to {total:,}, but votes_cast is {votes_cast:,}" + MISSING_ROWS


def is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


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


RECORD_RULES = [life_span_rule, number_rule, vote_kind_rule, result_rows_rule, result_sums_rule, participant_rule, source_rule, living_rule]
