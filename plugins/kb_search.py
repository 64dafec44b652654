"""SQL function kb_fts_query(text): an FTS5 query that forgives script and spelling."""

from datasette import hookimpl

from kb.records.fold import fts_query


@hookimpl
def prepare_connection(conn):
    conn.create_function("kb_fts_query", 1, fts_query, deterministic=True)
