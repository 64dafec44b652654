"""The database tables, derived from the schema: columns, types, foreign keys, descriptions.

Each column carries a `source` saying where its value comes from, so the build
(kb/db/build.py) and the column descriptions (kb/site/metadata.py) share one plan.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from kb.records.schema import SCALAR_TYPES, database_spec, record_fields, record_types, struct_spec, type_spec

SQL_TYPES = {"bool": "INTEGER", "integer": "INTEGER", "number": "REAL"}
DATE_PARTS = ("min", "max", "precision", "year")
SKIPPED_SUBFIELDS = {"sources", "according_to"}


@dataclass
class Column:
    name: str
    sql_type: str
    description: str
    references: str | None = None
    indexed: bool = False
    # (field, subfield or None, part): part is value, min, max, precision, year, alternatives, json
    source: tuple | None = None


@dataclass
class Feed:
    """One list field feeding a child table: where it is (record type and field path), its spec,
    and the column pointing back at the row it belongs to."""
    record_type: str
    path: tuple[str, ...]
    spec: dict
    parent_column: str


@dataclass
class Table:
    name: str
    description: str
    label_column: str
    columns: dict[str, Column] = field(default_factory=dict)
    # for child tables: the list fields feeding it
    feeds: list[Feed] = field(default_factory=list)

    def add(self, column: Column) -> None:
        existing = self.columns.get(column.name)
        if existing is None:
            self.columns[column.name] = column
        elif existing.references != column.references:
            existing.references = "entity"


def common_column(name: str, sql_type: str = "TEXT", references: str | None = None) -> Column:
    return Column(name, sql_type, database_spec()["columns"][name], references)


def ref_target(spec: dict) -> str:
    targets = spec["to"]
    return type_spec(targets[0])["table"] if len(targets) == 1 else "entity"


def scalar_columns(name: str, spec: dict, source: tuple, description: str) -> list[Column]:
    """The column(s) for one scalar value: refs get _id, dates get their derived parts."""
    kind = spec["type"]
    if kind == "ref":
        return [Column(name, "TEXT", description, ref_target(spec), source=source + ("value",))]
    # Vocabulary and yes/no columns are what readers facet on, so they are indexed.
    columns = [Column(name, SQL_TYPES.get(kind, "TEXT"), description, None, kind in ("vocab", "bool"), source + ("value",))]
    if kind == "edtf":
        suffixes = database_spec()["suffixes"]
        for part in DATE_PARTS:
            sql_type = "INTEGER" if part == "year" else "TEXT"
            columns.append(Column(f"{name}_{part}", sql_type, f"{description} {suffixes['_' + part]}", None, part == "year", source + (part,)))
    return columns


def ref_column_name(name: str, spec: dict, renames: dict) -> str:
    if name in renames:
        return renames[name]
    return f"{name}_id" if spec["type"] == "ref" else name


def struct_columns(base: str, spec: dict) -> list[Column]:
    """A struct flattened into its parent's row: the main value keeps the field's name."""
    struct = struct_spec(spec["struct"])
    renames = spec.get("columns", {})
    columns = []
    for sub, sub_spec in struct["fields"].items():
        if sub in SKIPPED_SUBFIELDS or sub_spec["type"] not in SCALAR_TYPES:
            continue
        if sub == struct.get("main"):
            name, description = base, spec["description"]
        else:
            name = renames.get(sub) or f"{base}_{ref_column_name(sub, sub_spec, {})}"
            description = f"{spec['description']} {sub_spec['description']}"
        columns.extend(scalar_columns(name, sub_spec, (base, sub), description))
    if spec.get("alternatives"):
        columns.append(Column(f"{base}_alternatives", "INTEGER", database_spec()["columns"]["alternatives"], source=(base, None, "alternatives")))
    return columns


def field_columns(name: str, spec: dict) -> list[Column]:
    """The columns a record field contributes to its record's own table."""
    kind = spec["type"]
    if kind == "struct":
        return struct_columns(name, spec)
    if kind == "list" and spec["items"]["type"] == "ref":
        return [Column(name, "TEXT", f"{spec['description']} (JSON array of ids)", source=(name, None, "json"))]
    if kind in ("list", "citations"):
        return []
    if kind == "identifiers":
        return [Column(name, "TEXT", f"{spec['description']} (JSON object)", source=(name, None, "json"))]
    if kind == "ref":
        return scalar_columns(f"{name}_id", spec, (name, None), spec["description"])
    return scalar_columns(name, spec, (name, None), spec["description"])


def item_columns(spec: dict) -> list[Column]:
    """The columns of one list item in a child table (lists inside an item feed tables of their own)."""
    renames = spec.get("columns", {})
    items = spec["items"]
    if items["type"] == "ref":
        return scalar_columns(renames["item"], items, (None, None), spec["description"])
    columns = []
    for sub, sub_spec in struct_spec(items["struct"])["fields"].items():
        if sub_spec["type"] in ("citations", "list"):
            continue
        name = ref_column_name(sub, sub_spec, renames)
        columns.extend(scalar_columns(name, sub_spec, (sub, None), sub_spec["description"]))
    return columns


def nested_lists(spec: dict) -> list[tuple[str, dict]]:
    """The list fields with a table of their own inside one item of a list field."""
    if spec["items"]["type"] != "struct":
        return []
    return [(sub, sub_spec) for sub, sub_spec in struct_spec(spec["items"]["struct"])["fields"].items()
            if sub_spec["type"] == "list" and "table" in sub_spec]


def entity_table() -> Table:
    table = Table("entity", database_spec()["tables"]["entity"], "label")
    for name in ("id", "type", "label"):
        table.add(common_column(name))
    table.columns["type"].indexed = True
    record_columns(table)
    return table


def record_columns(table: Table) -> None:
    """Where a record comes from: its file and line, its commit dates and where to edit it."""
    table.add(common_column("file"))
    table.add(common_column("line", "INTEGER"))
    table.add(common_column("first_added"))
    table.add(common_column("last_changed"))
    table.add(common_column("edit_url"))


def provenance_columns(table: Table) -> None:
    table.add(common_column("record_id", references="entity"))
    table.add(common_column("path"))
    table.add(common_column("label"))
    table.add(common_column("file"))
    table.add(common_column("line", "INTEGER"))


@cache
def tables() -> dict[str, Table]:
    """Every table of the database, in creation order."""
    result = {"entity": entity_table()}
    children: dict[str, Table] = {}
    for record_type in record_types():
        spec = type_spec(record_type)
        table = Table(spec["table"], spec["description"], spec["label"])
        table.add(Column("id", "TEXT", record_fields(record_type)["id"]["description"], "entity", source=("id", None, "value")))
        for name, field_spec in record_fields(record_type).items():
            if name == "id":
                continue
            for column in field_columns(name, field_spec):
                table.add(column)
            if "table" in field_spec:
                add_child_table(children, Feed(record_type, (name,), field_spec, field_spec["parent_column"]), spec["table"])
        add_derived_columns(table)
        record_columns(table)
        result[table.name] = table
    for child in children.values():
        child.description = child_description(child)
        if child.name == "name":
            child.add(common_column("match_key"))
        add_derived_columns(child)
        provenance_columns(child)
        result[child.name] = child
    result.update(fixed_tables())
    index_listed_columns(result)
    return result


def add_child_table(children: dict[str, Table], feed: Feed, parent: str) -> None:
    """The table a list field feeds, and the tables of the lists inside its items."""
    spec = feed.spec
    child = children.setdefault(spec["table"], Table(spec["table"], "", "label"))
    child.add(Column("id", "INTEGER", database_spec()["columns"]["id"]))
    child.feeds.append(feed)
    is_record = len(feed.path) == 1
    child.add(Column(feed.parent_column, "TEXT" if is_record else "INTEGER",
                     "The record this row belongs to." if is_record else f"The {parent} row this row belongs to.", parent))
    for column in item_columns(spec):
        child.add(column)
    for sub, sub_spec in nested_lists(spec):
        add_child_table(children, Feed(feed.record_type, feed.path + (sub,), sub_spec, sub_spec["parent_column"]), child.name)


def index_listed_columns(found: dict[str, Table]) -> None:
    """Mark the columns the schema's database.indexes lists (sort orders, text facets) as indexed."""
    for table, columns in database_spec()["indexes"].items():
        for column in columns:
            found[table].columns[column].indexed = True


def add_derived_columns(table: Table) -> None:
    """Columns the build computes across records (kb/db/derived.py), indexed for facets.

    A derived column is declared as its description, or as {description, references}."""
    for name, declared in database_spec()["derived"].get(table.name, {}).items():
        if isinstance(declared, str):
            declared = {"description": declared}
        references = declared.get("references")
        table.add(Column(name, "TEXT", declared["description"], references, indexed=references is None))


def timeline_table() -> Table:
    described = database_spec()
    timeline = Table("timeline", described["tables"]["timeline"], "title")
    timeline.add(Column("id", "INTEGER", described["columns"]["id"]))
    own = described["timeline_columns"]
    timeline.add(Column("date", "TEXT", own["date"]))
    for column in scalar_columns("date", {"type": "edtf"}, ("date", None), own["date"])[1:]:
        timeline.add(column)
    for name in ("event", "title", "record_type", "involves", "involves_ids"):
        timeline.add(Column(name, "TEXT", own[name], indexed=name in ("event", "record_type")))
    provenance_columns(timeline)
    return timeline


def child_description(table: Table) -> str:
    fixed = database_spec()["tables"].get(table.name)
    if fixed:
        return fixed
    parts = [".".join((feed.record_type,) + feed.path) for feed in table.feeds]
    return f"{table.feeds[0].spec['description']} One row per item of {', '.join(parts)}."


def fixed_tables() -> dict[str, Table]:
    """The citation, fact, timeline and its bridge, link, vocab, name_word and change tables."""
    described = database_spec()["tables"]
    citation = Table("citation", described["citation"], "label")
    citation.add(Column("id", "INTEGER", database_spec()["columns"]["id"]))
    provenance_columns(citation)
    citation.add(common_column("n", "INTEGER"))
    citation.add(Column("source_id", "TEXT", "The cited source.", "source"))
    citation.add(Column("at", "TEXT", struct_spec("citation")["fields"]["at"]["description"]))
    citation.add(Column("quote", "TEXT", struct_spec("citation")["fields"]["quote"]["description"]))
    fact = Table("fact", described["fact"], "label")
    fact.add(Column("id", "INTEGER", database_spec()["columns"]["id"]))
    provenance_columns(fact)
    fact.add(common_column("field"))
    fact.columns["field"].indexed = True
    fact.add(common_column("value"))
    fact.add(Column("according_to_id", "TEXT", "Who the fact is attributed to, when it is theirs and not established.", "entity"))
    vocab = Table("vocab", described["vocab"], "value")
    for name in ("vocabulary", "value", "description"):
        vocab.add(common_column(name))
    name_word = Table("name_word", described["name_word"], "key")
    for name in ("key", "words"):
        name_word.add(common_column(name))
    change = Table("change", described["change"], "subject")
    change.add(Column("id", "INTEGER", database_spec()["columns"]["id"]))
    change.add(common_column("record_id", references="entity"))
    change.add(common_column("file"))
    change.add(common_column("commit_hash"))
    change.add(common_column("changed"))
    change.columns["changed"].indexed = True
    change.add(common_column("subject"))
    return {"citation": citation, "fact": fact, "timeline": timeline_table(), "timeline_entity": timeline_entity_table(),
            "link": link_table(), "vocab": vocab, "name_word": name_word, "change": change}


def link_table() -> Table:
    """Each distinct value a row links to through a bridge (kb/db/bridges.py)."""
    described = database_spec()
    table = Table("link", described["tables"]["link"], "value")
    table.add(Column("id", "INTEGER", described["columns"]["id"]))
    for name in ("table_name", "column_name"):
        table.add(common_column(name))
    # BLOB declares no type affinity, so integer row ids (the timeline's) stay integers and text ids text.
    table.add(common_column("row_id", "BLOB"))
    table.add(Column("value", "TEXT", "The value the row links to: a record's id or a vocabulary value."))
    return table


def timeline_entity_table() -> Table:
    """The bridge from a timeline event to each record it involves."""
    table = Table("timeline_entity", database_spec()["tables"]["timeline_entity"], "entity_id")
    table.add(Column("id", "INTEGER", database_spec()["columns"]["id"]))
    table.add(common_column("timeline_id", "INTEGER", references="timeline"))
    table.add(common_column("entity_id", references="entity"))
    return table


def primary_key(table: Table) -> str | tuple[str, str]:
    return {"vocab": ("vocabulary", "value"), "name_word": "key"}.get(table.name, "id")
