"""Canned queries as questions (logic in kb/site/questions.py): a question opened without its
parameters goes to its default answer, parameters are choices, names in the results are links."""

from __future__ import annotations

from datetime import date
from urllib.parse import parse_qs

from datasette import hookimpl
from markupsafe import Markup

from kb.site import mentions, questions, structured
from kb.site.metadata import DATABASE


def canned_query(datasette, path: str) -> dict | None:
    prefix = datasette.urls.database(DATABASE) + "/"  # the served route, hashed or not
    if not path.startswith(prefix) or "/" in path[len(prefix):]:
        return None
    name = path[len(prefix):]
    return (datasette.metadata(database=DATABASE) or {}).get("queries", {}).get(name)


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def redirect_to_defaults(scope, receive, send):
            if scope["type"] == "http" and scope["method"] == "GET":
                query = canned_query(datasette, scope["path"])
                query_string = scope.get("query_string", b"").decode("latin-1")
                args = set(parse_qs(query_string, keep_blank_values=True))
                defaults = questions.defaults_missing(query, args)
                if defaults:
                    location = questions.address_with_defaults(scope["path"], query_string, defaults)
                    await send({"type": "http.response.start", "status": 302,
                                "headers": [(b"location", location.encode("latin-1")), (b"content-length", b"0")]})
                    await send({"type": "http.response.body", "body": b""})
                    return
            await app(scope, receive, send)

        return redirect_to_defaults

    return wrap


@hookimpl
def prepare_jinja2_environment(env):
    env.filters["kb_shown_columns"] = questions.shown_columns


@hookimpl
def extra_template_vars(template, database, request, datasette):
    if template != "query.html" or request is None or database != DATABASE:
        return {}

    async def question_vars():
        query = canned_query(datasette, request.path)
        if query is None:
            return {}
        address = datasette.absolute_url(request, request.full_path)
        return {"kb_choices": await questions.choices(datasette.get_database(DATABASE), query),
                "kb_data_citation": structured.data_citation(query.get("title") or request.path, address, date.today().isoformat())}

    return question_vars


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    """In the answers of canned queries (table is None): names beside an `_id` column link to their
    record, dates and vocabulary values read as words, record ids in text become labelled links."""
    if table is not None or value in (None, "") or database != DATABASE:
        return None
    partner = questions.link_column(column, list(row.keys()))
    if partner is not None and row[partner]:
        async def linked():
            address = await questions.record_address(datasette.get_database(DATABASE), row[partner])
            return Markup('<a href="{}">{}</a>').format(address, value) if address else None

        return linked
    shown = questions.cell_in_words(column, value)
    if shown is None:
        return None

    async def with_mentions():
        catalog = await mentions.catalog_of(datasette, DATABASE)
        return mentions.link_mentions(shown, catalog, lambda table, record_id: datasette.urls.row(DATABASE, table, record_id))

    return with_mentions
