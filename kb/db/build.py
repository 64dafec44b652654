"""Writing validated records into a fresh SQLite database, atomically and deterministically."""

from __future__ import annotations

import json
import multiprocessing
import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

from kb.db.bridges import LINK_INDEX
from kb.db.derived import add_derived_cells
from kb.db.history import FileDates
from kb.db.near import name_words
from kb.db.tables import Column, Table, item_columns, nested_lists, primary_key, tables
from kb.db.timeline import timeline_events, timeline_row
from kb.processes import Forked
from kb.project import edit_url
from kb.records.check import paused_gc
from kb.records.dates import date_range
from kb.records.fold import match_key
from kb.records.loader import Record
from kb.records.problems import format_path
from kb.records.schema import is_fact_struct, record_fields, struct_spec, type_spec, vocabularies
from kb.records.walk import walk_record

DISPLAY_NAME_KIND = "display"
# The tables filled from one walk of each record's facts, apart from the rest, so that a
# forked build (ForkedBuild) has this process fill them while its child writes the others.
CITED_TABLES = ("citation", "fact")
# Tables indexed on (record_id, path): a record's rows, and the citations of one of its facts.
RECORD_PATH_TABLES = ("citation", "fact")


def build_database(records: list[Record], db_path: Path, history: dict[str, FileDates] | None = None) -> None:
    """Build into a temporary file beside `db_path`, then rename it over `db_path`.

    `history` holds the files' commit dates (kb.db.history.record_dates); without it they are NULL.
    """
    temporary = temporary_path(db_path)
    part = CitedPart(part_path(temporary))
    try:
        with paused_gc():
            part.write(records)
            write_database(records, temporary, history or {}, part)
        os.replace(temporary, db_path)
    finally:
        temporary.unlink(missing_ok=True)
        part.remove()


class ForkedBuild:
    """build_database in two processes, begun while this one goes on checking the records.

    A forked child collects and writes every table but CITED_TABLES; this process, once the
    records have passed the checks (`write_part()`, or at the latest `keep()`), writes those
    into a part file, which the child copies in last, as build_database does (so the file is
    byte for byte the one build_database writes). `keep()` waits for the child
    and renames the result over `db_path`; `drop()` stops the child and removes both files.
    Nothing at `db_path` changes until `keep()`. (Writing the part in a third process, beside the
    checks, was measured slower on two cores.)"""

    def __init__(self, records: list[Record], db_path: Path, history: dict[str, FileDates]):
        self.records = records
        self.db_path = db_path
        self.temporary = temporary_path(db_path)
        self.part = CitedPart(part_path(self.temporary))
        self.child = Forked(write_forked, records, self.temporary, history, self.part)

    def write_part(self) -> None:
        """Write this process's part (once), for the child to copy in; it goes on meanwhile."""
        if not self.part.written:
            self.part.write(self.records)

    def keep(self) -> None:
        """Wait for the child's database and rename it over `db_path`."""
        try:
            self.write_part()
            self.child.result()
            os.replace(self.temporary, self.db_path)
        finally:
            self.remove_files()

    def drop(self) -> None:
        """Stop the child if it still runs, and remove what was written."""
        self.child.stop()
        self.remove_files()

    def remove_files(self) -> None:
        self.temporary.unlink(missing_ok=True)
        self.part.remove()


class CitedPart:
    """CITED_TABLES, their rows and their indexes, in a database file of their own, written
    (perhaps by another process) before they are copied into the whole database; the copy
    waits until the file is complete.

    The copy is SQLite's transfer of one table into an empty one of the same shape: rows and
    index entries are copied as they are, already in order, instead of inserted one by one
    and indexed after."""

    def __init__(self, path: Path):
        self.path = path
        self.path.unlink(missing_ok=True)
        self.waiting, self.done = multiprocessing.Pipe(duplex=False)
        self.written = self.attached = False

    def write(self, records: list[Record]) -> None:
        """Collect, write and index the rows, then tell the copying side the file is complete."""
        ordered = in_build_order(records)
        try:
            with paused_gc(), closing(open_database(self.path)) as connection:
                with connection:
                    for name in CITED_TABLES:
                        connection.execute(create_statement(tables()[name], references=False))
                    insert_rows(connection, cited_rows(ordered, record_labels(ordered)))
                    create_indexes(connection, CITED_TABLES)
            self.done.send(True)
            self.written = True
        finally:
            # Closed without a word sent, the pipe tells the copying side that no part is coming.
            self.done.close()

    def copy(self, connection: sqlite3.Connection) -> None:
        """Once the part is complete, copy it into `connection`'s CITED_TABLES, which must be
        empty and indexed as the part is."""
        self.done.close()
        try:
            self.waiting.recv()
        except EOFError:
            raise ChildProcessError("the process writing the cited part stopped before it was complete") from None
        connection.execute("ATTACH DATABASE ? AS [cited]", (str(self.path),))
        self.attached = True
        for table in CITED_TABLES:
            connection.execute(copy_statement(table))

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)
        self.waiting.close()

    def detach(self, connection: sqlite3.Connection) -> None:
        if self.attached:
            connection.execute("DETACH DATABASE [cited]")


def copy_statement(table: str) -> str:
    """The statement copying the part's `table` into the database's: with no WHERE or ORDER BY,
    so that SQLite transfers the rows (in rowid order) and index entries as they are."""
    return f"INSERT INTO main.[{table}] SELECT * FROM [cited].[{table}]"


def part_path(temporary: Path) -> Path:
    return temporary.with_name(temporary.name + "-cited")


def temporary_path(db_path: Path) -> Path:
    """The file beside `db_path` that a build writes first (none is left from an earlier one)."""
    temporary = db_path.with_name(f".{db_path.name}.tmp-{os.getpid()}")
    temporary.unlink(missing_ok=True)
    return temporary


def write_forked(records: list[Record], temporary: Path, history: dict[str, FileDates], part: CitedPart) -> None:
    """In the child of a ForkedBuild: the whole database, CITED_TABLES copied from `part`."""
    with paused_gc():
        write_database(records, temporary, history, part)


def write_database(records: list[Record], path: Path, history: dict[str, FileDates], part: CitedPart) -> None:
    """Every table into a new database at `path`, CITED_TABLES copied from `part` last (so that
    a forked build's child has done all the rest by the time the part is ready)."""
    ordered = in_build_order(records)
    own = [name for name in tables() if name not in CITED_TABLES]
    with closing(open_database(path)) as connection:
        with connection:
            create_tables(connection)
            insert_rows(connection, own_rows(ordered, record_labels(ordered), history))
            create_indexes(connection, own)
            create_search(connection)
            create_indexes(connection, CITED_TABLES)
            part.copy(connection)
        part.detach(connection)


def open_database(path: Path) -> sqlite3.Connection:
    """A connection for writing a new file once: no journal and no waiting for the disk. (SQLite's
    small default page cache is kept: with a large one, every page waited to be written at the
    commit, after all the rest, and the build was slower.)"""
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode = OFF")
    connection.execute("PRAGMA synchronous = OFF")
    return connection


def in_build_order(records: list[Record]) -> list[Record]:
    return sorted(records, key=lambda r: (r.type, r.data["id"]))


def create_tables(connection: sqlite3.Connection) -> None:
    for table in tables().values():
        connection.execute(create_statement(table))


def create_statement(table: Table, references: bool = True) -> str:
    key = primary_key(table)
    lines = []
    for column in table.columns.values():
        line = f"[{column.name}] {column.sql_type}"
        if column.name == key:
            line += " PRIMARY KEY"
        if column.references and references:
            referenced = tables()[column.references]
            line += f" REFERENCES [{column.references}]([{primary_key(referenced)}])"
        lines.append(line)
    if isinstance(key, tuple):
        lines.append(f"PRIMARY KEY ({', '.join(key)})")
    return f"CREATE TABLE [{table.name}] (\n   " + ",\n   ".join(lines) + "\n)"


def create_indexes(connection: sqlite3.Connection, names: list[str] | tuple[str, ...]) -> None:
    """Index the foreign keys and the columns readers facet on, of the tables `names`. A column
    that leads a table's composite index (RECORD_PATH_TABLES) has no index of its own."""
    for name in names:
        table = tables()[name]
        for column in table.columns.values():
            if (column.references or column.indexed) and not (name in RECORD_PATH_TABLES and column.name == "record_id"):
                connection.execute(f"CREATE INDEX [idx_{name}_{column.name}] ON [{name}] ([{column.name}])")
        if name in RECORD_PATH_TABLES:
            connection.execute(f"CREATE INDEX [idx_{name}_record_path] ON [{name}] (record_id, path)")
        if name == "link":
            connection.execute(LINK_INDEX)


def create_search(connection: sqlite3.Connection) -> None:
    """FTS5 over every spelling and its folded match key."""
    connection.execute(
        "CREATE VIRTUAL TABLE [name_fts] USING fts5([text], [match_key], content=[name], content_rowid=[id], tokenize='unicode61 remove_diacritics 2')"
    )
    connection.execute("INSERT INTO [name_fts] (rowid, [text], [match_key]) SELECT id, [text], [match_key] FROM [name] ORDER BY id")


def insert_rows(connection: sqlite3.Connection, rows: dict[str, list[dict]]) -> None:
    """Each table's rows, table by table in schema order."""
    for name, table in tables().items():
        if name not in rows:
            continue
        columns = list(table.columns)
        placeholders = ", ".join("?" for _ in columns)
        sql = f"INSERT INTO [{name}] ({', '.join(f'[{c}]' for c in columns)}) VALUES ({placeholders})"
        connection.executemany(sql, ([row.get(c) for c in columns] for row in rows[name]))


def collect_rows(records: list[Record], history: dict[str, FileDates] | None = None) -> dict[str, list[dict]]:
    """Every row of every table, in a deterministic order."""
    labels = record_labels(records)
    rows = own_rows(records, labels, history or {})
    rows.update(cited_rows(records, labels))
    return rows


def record_labels(records: list[Record]) -> dict[str, str]:
    return {record.data["id"]: record.data[type_spec(record.type)["label"]] for record in records}


def own_rows(records: list[Record], labels: dict[str, str], history: dict[str, FileDates]) -> dict[str, list[dict]]:
    """The rows of every table but CITED_TABLES."""
    rows: dict[str, list[dict]] = {name: [] for name in tables() if name not in CITED_TABLES}
    def next_id(table: str) -> int:
        return len(rows[table]) + 1

    for record in records:
        origin = Origin(record, labels)
        for table, row in record_rows(origin, history.get(origin.file), next_id):
            found = rows[table]
            row.setdefault("id", len(found) + 1)
            found.append(row)
    rows["vocab"] = vocab_rows()
    rows["name_word"] = name_word_rows(rows["name"])
    rows["change"] = newest_first(rows["change"])
    add_derived_cells(rows, labels)
    return rows


def cited_rows(records: list[Record], labels: dict[str, str]) -> dict[str, list[dict]]:
    """The rows of CITED_TABLES: each record's sourced facts and their citations, numbered in record order."""
    rows: dict[str, list[dict]] = {name: [] for name in CITED_TABLES}
    for record in records:
        for table, row in fact_and_citation_rows(Origin(record, labels)):
            found = rows[table]
            row["id"] = len(found) + 1
            found.append(row)
    return rows


class Origin:
    """One record with what all its rows share: its id, label and file in the repository."""

    def __init__(self, record: Record, labels: dict[str, str]):
        self.record = record
        self.labels = labels
        self.id = record.data["id"]
        self.label = labels[self.id]
        self.file = record.repo_path

    def provenance(self, path: tuple, label: str) -> dict:
        """Where a row comes from: its record, the fact's path, a label, and the file and line."""
        return {"record_id": self.id, "path": path_text(path), "label": label, "file": self.file, "line": self.record.line(path)}


PATH_TEXTS: dict[tuple, str] = {}


def path_text(path: tuple) -> str:
    """format_path(path), remembered: records share a few hundred paths between them."""
    text = PATH_TEXTS.get(path)
    if text is None:
        text = PATH_TEXTS[path] = format_path(path)
    return text


def record_rows(origin: Origin, dates: FileDates | None, next_id) -> Iterator[tuple[str, dict]]:
    record = origin.record
    spec = type_spec(record.type)
    own = record_origin(origin, dates)
    yield "entity", {"id": origin.id, "type": record.type, "label": origin.label, **own}
    for change in dates.changes if dates else ():
        yield "change", {"record_id": origin.id, "file": origin.file, "commit_hash": change.commit, "changed": change.changed,
                         "subject": change.subject}
    yield spec["table"], {**entity_row(record, tables()[spec["table"]]), **own}
    if spec["label"] in ("name", "title"):
        yield "name", display_name_row(origin)
    yield from child_rows(origin, next_id)
    yield from event_rows(origin, next_id)


def record_origin(origin: Origin, dates: FileDates | None) -> dict:
    """A record's file and line, its commit dates (None without history) and its edit address."""
    return {
        "file": origin.file, "line": origin.record.line(("id",)),
        "first_added": dates.first_added if dates else None, "last_changed": dates.last_changed if dates else None,
        "edit_url": edit_url(origin.file),
    }


def entity_row(record: Record, table: Table) -> dict:
    return {name: entity_cell(record.data, column) for name, column in table.columns.items() if column.source}


def entity_cell(data: dict, column: Column) -> object:
    field, sub, part = column.source
    value = data.get(field)
    if part == "alternatives":
        return (len(value) if isinstance(value, list) else 1) if value is not None else None
    if sub is None:
        return cell(value, part)
    if isinstance(value, list):
        return collapse([item.get(sub) for item in value], part)
    return cell(value.get(sub), part) if isinstance(value, dict) else None


def cell(value: object, part: str) -> object:
    if value is None:
        return None
    if part == "json":
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if part == "value":
        return int(value) if isinstance(value, bool) else value
    dates = date_range(value)
    return dates.year if part == "year" else getattr(dates, part)


def collapse(values: list, part: str) -> object:
    """One cell for several alternatives: agreed values, date bounds spanning them all."""
    present = [value for value in values if value is not None]
    if not present:
        return None
    if part == "value":
        unique = list(dict.fromkeys(present))
        if len(unique) == 1:
            return unique[0]
        return " | ".join(unique) if all(isinstance(v, str) for v in unique) else None
    ranges = [date_range(value) for value in present]
    lows = [r.min for r in ranges]
    highs = [r.max for r in ranges]
    if part == "min":
        return None if None in lows else min(lows)
    if part == "max":
        return None if None in highs else max(highs)
    if part == "precision":
        unique = {r.precision for r in ranges}
        return unique.pop() if len(unique) == 1 and len(set(present)) == 1 else "contested"
    low = None if None in lows else min(lows)
    return int(low[:4]) if low else None


def child_rows(origin: Origin, next_id) -> Iterator[tuple[str, dict]]:
    """The rows of every list field with a table, and of the lists inside their items.

    `next_id(table)` is the id the next row of `table` gets; a row whose items feed a table of
    their own takes it at once, so that its children can point at it."""
    record = origin.record
    for name, spec in record_fields(record.type).items():
        items = record.data.get(name)
        if "table" in spec and isinstance(items, list):
            yield from list_rows(origin, next_id, spec, items, (name,), {spec["parent_column"]: origin.id})


def list_rows(origin: Origin, next_id, spec: dict, items: list, path: tuple, parent: dict) -> Iterator[tuple[str, dict]]:
    columns, nested = feed_plan(spec)
    struct = struct_spec(spec["items"]["struct"]) if spec["items"]["type"] == "struct" else None
    for index, item in enumerate(items):
        row = {column.name: item_cell(item, column) for column in columns}
        row.update(parent)
        row.update(origin.provenance(path + (index,), item_label(origin, item, struct)))
        if spec["table"] == "name":
            row["match_key"] = match_key(item["text"])
        if nested:
            row["id"] = next_id(spec["table"])
        yield spec["table"], row
        for sub, sub_spec in nested:
            sub_items = item.get(sub)
            if isinstance(sub_items, list):
                yield from list_rows(origin, next_id, sub_spec, sub_items, path + (index, sub), {sub_spec["parent_column"]: row["id"]})


FEED_PLANS: dict[int, tuple[dict, list[Column], list[tuple[str, dict]]]] = {}


def feed_plan(spec: dict) -> tuple[list[Column], list[tuple[str, dict]]]:
    """The columns one list field writes, and its items' own lists with tables (one plan per
    schema spec: tables fed by several fields name their columns differently)."""
    found = FEED_PLANS.get(id(spec))
    if found is None or found[0] is not spec:
        found = FEED_PLANS[id(spec)] = (spec, item_columns(spec), nested_lists(spec))
    return found[1], found[2]


def item_cell(item: object, column: Column) -> object:
    sub, _, part = column.source
    if sub is None:
        return cell(item, part)
    return cell(item.get(sub), part) if isinstance(item, dict) else None


def item_label(origin: Origin, item: object, struct: dict | None) -> str:
    """A readable label: the record, then the item's vocabulary values and the records it names."""
    labels = origin.labels
    if struct is None:
        return f"{origin.label}: {labels.get(item, item)}"
    if "text" in struct["fields"]:
        return item["text"]
    words = [str(item[name]) for name, spec in struct["fields"].items()
             if name in item and (spec["type"] in ("vocab", "slug") or (spec["type"] == "string" and (spec.get("required") or name == "label")))]
    words += [labels.get(item[name], item[name]) for name, spec in struct["fields"].items()
              if name in item and spec["type"] == "ref" and name != "according_to"]
    return f"{origin.label}: {', '.join(words)}"


def display_name_row(origin: Origin) -> dict:
    label = origin.label
    field = type_spec(origin.record.type)["label"]
    row = {"entity_id": origin.id, "text": label, "lang": "en", "kind": DISPLAY_NAME_KIND, "match_key": match_key(label)}
    row.update(origin.provenance((field,), label))
    return row


def fact_and_citation_rows(origin: Origin) -> Iterator[tuple[str, dict]]:
    """In one walk of the record: a fact row per sourced fact, with a readable value, and a
    citation row per citation, numbering the record's sources in order of first appearance."""
    numbers: dict[str, int] = {}
    for spec, value, path in walk_record(origin.record.type, origin.record.data):
        kind = spec["type"]
        if kind == "citations":
            fact_path = path[:-1] or path
            for index, citation in enumerate(value):
                yield "citation", citation_row(origin, numbers, fact_path, citation, path + (index,))
        elif kind == "struct":
            if spec["struct"] == "citation":
                yield "citation", citation_row(origin, numbers, path, value, path)
            if isinstance(value, dict) and is_fact_struct(spec):
                yield "fact", fact_row(origin, spec, value, path)


def fact_row(origin: Origin, spec: dict, value: dict, path: tuple) -> dict:
    row = origin.provenance(path, f"{origin.label}: {path_text(path)}")
    row.update(field=path[0], value=fact_text(spec, value, origin.labels), according_to_id=value.get("according_to"))
    return row


def fact_text(spec: dict, value: dict, labels: dict[str, str]) -> str:
    struct = struct_spec(spec["struct"])
    parts = []
    for name, sub_spec in struct["fields"].items():
        if name in ("sources", "according_to") or name not in value or sub_spec["type"] == "list":
            continue
        shown = labels.get(value[name], value[name]) if sub_spec["type"] == "ref" else value[name]
        parts.append(str(shown) if name == struct.get("main") else f"{name}: {shown}")
    return "; ".join(parts)


def citation_row(origin: Origin, numbers: dict[str, int], fact_path: tuple, citation: object, citation_path: tuple) -> dict:
    source_id = citation if isinstance(citation, str) else citation["source"]
    number = numbers.setdefault(source_id, len(numbers) + 1)
    row = origin.provenance(fact_path, f"[{number}] {origin.labels.get(source_id, source_id)}")
    row.update(line=origin.record.line(citation_path), n=number, source_id=source_id)
    if isinstance(citation, dict):
        row.update(at=citation.get("at"), quote=citation.get("quote"))
    return row


def event_rows(origin: Origin, next_id) -> Iterator[tuple[str, dict]]:
    """Each dated event's timeline row, then one bridge row per record it involves."""
    record, labels = origin.record, origin.labels
    for event in timeline_events(record.type, record.data, labels):
        row = timeline_row(record.type, event, labels)
        row.update(origin.provenance(event["path"], event["title"]), id=next_id("timeline"))
        yield "timeline", row
        for entity_id in event["involves"]:
            if entity_id in labels:
                yield "timeline_entity", {"timeline_id": row["id"], "entity_id": entity_id}


def newest_first(changes: list[dict]) -> list[dict]:
    """Changes ordered newest first (then by record), numbered in that order."""
    ordered = sorted(changes, key=lambda row: (row["changed"], row["record_id"]), reverse=True)
    return [{**row, "id": number} for number, row in enumerate(ordered, 1)]


def name_word_rows(names: list[dict]) -> list[dict]:
    """Every folded word of every name, and every two neighbours written together (kb/db/near.py)."""
    found: dict[str, str] = {}
    for name in names:
        for key, words in name_words(name["text"]):
            # A key that is both a word and two words written together keeps the two words.
            if " " in words or key not in found:
                found[key] = words
    return [{"key": key, "words": found[key]} for key in sorted(found)]


def vocab_rows() -> list[dict]:
    return [
        {"vocabulary": name, "value": value, "description": description}
        for name, spec in vocabularies().items()
        for value, description in spec["values"].items()
    ]
