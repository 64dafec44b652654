"""Facets and filters of the JSON array columns, read from the link table (kb/db/bridges.py):
`facets: [{bridge: involves}]` in metadata.yml counts the values the rows link to, indexed, and
`?_has_involves=<id>` keeps the rows linked to that value, instead of unpacking JSON arrays at
request time."""

from __future__ import annotations

from datasette import hookimpl
from datasette.database import QueryInterrupted
from datasette.facets import Facet
from datasette.filters import FilterArguments
from datasette.utils import path_with_added_args, path_with_removed_args

from kb.db.bridges import bridges, bridges_of, count_sql, filter_sql, is_filtered


class BridgeFacet(Facet):
    """Counts of a JSON array column's values, read from its bridge table."""

    type = "bridge"

    async def facet_results(self):
        results, timed_out = [], []
        size = self.get_facet_size()
        for configured in self.get_configs():
            column = configured["config"].get("column") or configured["config"]["simple"]
            bridge = bridges().get((self.table, column))
            if bridge is None:
                continue
            try:
                rows = await self.ds.execute(self.database, count_sql(bridge, self.rows_sql(), size + 1), self.params,
                                             truncate=False, custom_time_limit=self.ds.setting("facet_time_limit_ms"))
            except QueryInterrupted:
                timed_out.append(column)
                continue
            results.append({
                "name": column,
                "type": self.type,
                "results": [self.value(bridge, row) for row in rows.rows[:size]],
                "hideable": configured["source"] != "metadata",
                "toggle_url": self.ds.urls.path(path_with_removed_args(self.request, {"_facet_bridge": column})),
                "truncated": len(rows.rows) > size,
            })
        return results, timed_out

    def rows_sql(self) -> str | None:
        """The rows to count: all of the table's (None) when the page is unfiltered, else the page's own."""
        return self.sql if is_filtered(self.sql) else None

    def value(self, bridge, row) -> dict:
        value = str(row["value"])
        chosen = value in self.request.args.getlist(bridge.argument)
        change = path_with_removed_args if chosen else path_with_added_args
        return {
            "value": value,
            "label": row["label"],
            "count": row["count"],
            "toggle_url": self.ds.absolute_url(self.request, change(self.request, {bridge.argument: value})),
            "selected": chosen,
        }


@hookimpl
def register_facet_classes():
    return [BridgeFacet]


@hookimpl
def filters_from_request(request, database, table, datasette):
    chosen = [(bridge, value) for bridge in bridges_of(table) for value in request.args.getlist(bridge.argument)]
    if not chosen:
        return None

    async def bridge_filters():
        where, params, described = [], {}, []
        db = datasette.get_database(database)
        for number, (bridge, value) in enumerate(chosen):
            param = f"kb_has_{number}"
            where.append(filter_sql(bridge, param))
            params[param] = value
            described.append(f'{bridge.column} includes "{await shown_as(db, bridge, value)}"')
        return FilterArguments(where, params, described)

    return bridge_filters


async def shown_as(db, bridge, value: str) -> str:
    """A chosen value as the reader knows it: a record's label, or the value itself."""
    if not bridge.labelled:
        return value
    row = (await db.execute("select label from entity where id = :id", {"id": value})).first()
    return row["label"] if row else value
