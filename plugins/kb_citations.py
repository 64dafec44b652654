"""Row pages: a record's page reads as an article with footnotes (kb/site/article.py); a row of
another table lists the facts it belongs to with numbered footnotes linking to their sources."""

from __future__ import annotations

from datetime import date

from datasette import hookimpl
from jinja2 import Environment
from markupsafe import Markup
from datasette.database import Results
from datasette.utils import sqlite_timelimit, tilde_decode

from kb.records.schema import type_spec
from kb.site import mentions, structured
from kb.site.article import TABLES, PageCache, article
from kb.site.metadata import DATABASE

RECORD_TABLES = {"entity", "organization", "person", "place", "election", "incident", "source", "claim"}
FACTS_SQL = """
select fact.path, fact.field, fact.value, fact.according_to_id, entity.label as according_to_label
from fact left join entity on entity.id = fact.according_to_id
where fact.record_id = :record and (:path is null or fact.path = :path)
order by fact.id
"""
CITATIONS_SQL = """
select citation.path, citation.n, citation.at, citation.quote, source.id as source_id, source.title,
       source.url, source.kind, source.publisher_name, source.published, source.archive_url
from citation join source on source.id = citation.source_id
where citation.record_id = :record and (:path is null or citation.path = :path)
order by citation.n, citation.id
"""
RECORD_SQL = "select id, type, label, file, line from entity where id = :record"
ARTICLE_TEMPLATE = "_kb_article.html"
# Record pages kept rendered (about 20-40 KB of HTML each).
PAGE_CACHE_SIZE = 500
# Datasette instance id -> (the instance, its synchronous environment); the instance is kept so
# that a reused id is never mistaken for it.
SYNCHRONOUS: dict[int, tuple] = {}


@hookimpl
def extra_template_vars(view_name, database, table, request, datasette):
    if view_name != "row" or request is None:
        return {}

    async def footnote_vars():
        db = datasette.get_database(database)
        target = await row_target(db, table, tilde_decode(request.url_vars["pks"]))
        if target is None:
            return {}
        record, path = target
        if path is None:
            key = (db.path, record, datasette.absolute_url(request, "/"), date.today().isoformat())
            found = PAGES.get(datasette, key)
            if found is None:
                found = PAGES.put(datasette, key, await article_vars(datasette, db, request, record))
            return found
        return {"kb_footnotes": await footnotes(db, record, path)}

    return footnote_vars


async def article_vars(datasette, db, request, record: str) -> dict:
    """A record page's article, its description for machines and citations, and its HTML."""
    page = await article_in_one_trip(db, record)
    if page is None:
        return {}
    found = {"kb_article": page, "kb_tables": TABLES, **page_description(datasette, request, page)}
    catalog = await mentions.catalog_of(datasette, DATABASE)
    return {**found, "kb_article_html": article_html(datasette, {**found, "kb_catalog": catalog})}


PAGES = PageCache(PAGE_CACHE_SIZE)


def article_html(datasette, context: dict) -> Markup:
    """The article part of a record page, rendered by a synchronous Jinja environment that shares
    Datasette's templates, filters and tests: the article's hundred-odd macro calls cost several
    times less than in Datasette's asynchronous environment."""
    template = synchronous_environment(datasette).get_template(ARTICLE_TEMPLATE)
    return Markup(template.render(database=DATABASE, urls=datasette.urls, **context))


def synchronous_environment(datasette) -> Environment:
    """One synchronous copy of Datasette's Jinja environment per Datasette instance."""
    found = SYNCHRONOUS.get(id(datasette))
    if found is None or found[0] is not datasette:
        source = datasette.jinja_env
        environment = Environment(loader=source.loader, autoescape=True)
        environment.filters.update(source.filters)
        environment.tests.update(source.tests)
        environment.globals.update(source.globals)
        found = SYNCHRONOUS[id(datasette)] = (datasette, environment)
    return found[1]


def page_description(datasette, request, page: dict) -> dict:
    """The page's JSON-LD and its citation in plain text and BibTeX, at the page's absolute address."""
    record = page["record"]
    address = datasette.absolute_url(request, datasette.urls.row(DATABASE, record["table"], record["id"]))
    accessed = date.today().isoformat()
    return {
        "kb_json_ld": structured.json_ld(page, address, lambda table, record_id: datasette.absolute_url(
            request, datasette.urls.row(DATABASE, table, record_id))),
        "kb_citation": structured.citation(record["label"], address, record.get("last_changed"), accessed),
        "kb_bibtex": structured.bibtex(record["id"], record["label"], address, record.get("last_changed"), accessed),
    }


async def article_in_one_trip(db, record: str) -> dict | None:
    """kb.site.article's page, its dozen queries run in one trip to a database thread instead of one
    trip each, under the same time limit as one query."""
    limit = db.ds.setting("sql_time_limit_ms")

    def page(conn):
        with sqlite_timelimit(conn, limit):
            return run_now(article(ConnectionDatabase(conn), record))

    return await db.execute_fn(page)


class ConnectionDatabase:
    """A Datasette database's execute() over one connection, answering at once."""

    def __init__(self, conn):
        self.conn = conn

    async def execute(self, sql: str, params: dict | None = None) -> Results:
        cursor = self.conn.execute(sql, params or {})
        return Results(cursor.fetchall(), False, cursor.description)


def run_now(coroutine):
    """The result of a coroutine that never waits (every database call answers at once)."""
    try:
        coroutine.send(None)
    except StopIteration as done:
        return done.value
    coroutine.close()
    raise RuntimeError("a page query waited; it cannot run inside the database thread")


async def row_target(db, table: str, pk: str) -> tuple[str, str | None] | None:
    """(record id, fact path or None for the whole record) that a row page shows."""
    if table in RECORD_TABLES:
        return pk, None
    if table not in await db.table_names():
        return None
    columns = await db.table_columns(table)
    if not {"id", "record_id", "path"} <= set(columns):
        return None
    rows = (await db.execute(f"select record_id, path from [{table}] where id = :id", {"id": pk})).rows
    return (rows[0]["record_id"], rows[0]["path"]) if rows else None


async def footnotes(db, record: str, path: str | None) -> dict | None:
    params = {"record": record, "path": path}
    entity = (await db.execute(RECORD_SQL, {"record": record})).first()
    if entity is None:
        return None
    citations = [dict(row) for row in (await db.execute(CITATIONS_SQL, params)).rows]
    facts = []
    for row in (await db.execute(FACTS_SQL, params)).rows:
        numbers = sorted({c["n"] for c in citations if c["path"] == row["path"]})
        facts.append({**dict(row), "notes": numbers})
    fact_paths = {fact["path"] for fact in facts}
    other: dict[str, list[int]] = {}
    for citation in citations:
        if citation["path"] not in fact_paths and citation["n"] not in other.setdefault(citation["path"], []):
            other[citation["path"]].append(citation["n"])
    record_row = {**dict(entity), "table": type_spec(entity["type"])["table"]}
    return {"record": record_row, "facts": facts, "other": other, "notes": group_notes(citations)}


def group_notes(citations: list[dict]) -> list[dict]:
    """One footnote per source number, with every place in the source that is cited."""
    notes: dict[int, dict] = {}
    for citation in citations:
        note = notes.setdefault(citation["n"], {**citation, "places": []})
        place = (citation["at"], citation["quote"])
        if (citation["at"] or citation["quote"]) and place not in note["places"]:
            note["places"].append(place)
    return [notes[number] for number in sorted(notes)]
