"""Bridge tables and the link table: how a row's many values (a person's fate statuses, an
incident's participants) are faceted and filtered, declared in schema/schema.yml under
database.bridges.

The build writes each distinct (row, value) pair of a bridge into the `link` table (kb/db/derived.py,
which also fills the JSON array column shown to readers). The site's facet of such a column counts
the link table through its (table, column, value, row) index and its `_has_<column>` filter reads
it (plugins/kb_facets.py), instead of unpacking every row's JSON array at request time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from kb.db.tables import tables
from kb.records.schema import database_spec

WHERE = re.compile(r"(?<!\[)\bwhere\b", re.IGNORECASE)
LINK_INDEX = "CREATE INDEX [idx_link_value] ON [link] ([table_name], [column_name], [value], [row_id])"


@dataclass(frozen=True)
class Bridge:
    """The bridge behind a JSON array column of `parent`: `table` links `key` (the row) to `value`."""

    parent: str
    column: str
    table: str
    key: str
    value: str
    only: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def argument(self) -> str:
        """The query-string argument that keeps the rows linked to a value: `_has_<column>`."""
        return f"_has_{self.column}"

    @property
    def labelled(self) -> bool:
        """Whether the values are records (shown by their labels) rather than vocabulary values."""
        return tables()[self.table].columns[self.value].references is not None

    def keeps(self, row: dict) -> bool:
        """Whether a bridge row (as the build holds it) links its key to a value."""
        return row.get(self.value) is not None and all(row.get(column) in values for column, values in self.only)


@cache
def bridges() -> dict[tuple[str, str], Bridge]:
    """Every declared bridge by (table, JSON array column)."""
    found = {}
    for parent, columns in database_spec()["bridges"].items():
        for column, declared in columns.items():
            only = tuple((name, tuple(values)) for name, values in (declared.get("only") or {}).items())
            found[(parent, column)] = Bridge(parent, column, declared["table"], declared["key"], declared["value"], only)
    return found


def bridges_of(table: str) -> list[Bridge]:
    return [bridge for (parent, _), bridge in bridges().items() if parent == table]


def is_filtered(sql: str) -> bool:
    """Whether a table page's row query narrows the table (it has a where clause)."""
    return WHERE.search(sql) is not None


def quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def count_sql(bridge: Bridge, rows_sql: str | None, limit: int) -> str:
    """The facet's counts: how many rows link to each value, most first, then by label, `limit`
    values at most, each with its record's label.

    `rows_sql` is the page's row query; None counts every row of the table, from the index alone."""
    conditions = [f"table_name = {quoted(bridge.parent)}", f"column_name = {quoted(bridge.column)}"]
    if rows_sql is not None:
        conditions.append(f"row_id in (select [id] from ({rows_sql}))")
    counted = f"select value, count(*) as count from link where {' and '.join(conditions)} group by value"
    if not bridge.labelled:
        return f"select value, value as label, count from ({counted}) order by count desc, value limit {int(limit)}"
    return (f"select counted.value, entity.label, counted.count from ({counted}) counted "
            f"join entity on entity.id = counted.value order by counted.count desc, entity.label, counted.value limit {int(limit)}")


def filter_sql(bridge: Bridge, param: str) -> str:
    """A where clause keeping the table's rows linked to the value bound to `:param`."""
    return (f"[id] in (select row_id from link where table_name = {quoted(bridge.parent)} "
            f"and column_name = {quoted(bridge.column)} and value = :{param})")


def link_rows(rows: dict[str, list[dict]], bridge: Bridge) -> dict[object, list[str]]:
    """Each parent row's distinct values through its bridge, in the bridge's order."""
    keys = {row["id"] for row in rows[bridge.parent]}
    found: dict[object, list[str]] = {}
    for row in rows[bridge.table]:
        if row[bridge.key] in keys and bridge.keeps(row):
            values = found.setdefault(row[bridge.key], [])
            if row[bridge.value] not in values:
                values.append(row[bridge.value])
    return found
