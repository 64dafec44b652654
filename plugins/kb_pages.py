"""Routes for the reader's pages: the home page, the list pages (/-/people, /-/parties …; logic in
kb/site/lists.py), /-/search, /-/timeline and /-/map (logic in kb/site/pages.py)."""

from __future__ import annotations

from datetime import date

from datasette import hookimpl
from datasette.utils.asgi import Response

from kb.project import REPOSITORY_URL
from kb.site import feed, lists, pages, structured
from kb.site.metadata import DATABASE


async def home_page(datasette, request):
    """The home page: entry points only, without Datasette's count of every table's rows."""
    context = {"metadata": datasette.metadata(), "database": DATABASE}
    return Response.html(await datasette.render_template("index.html", context, request=request))


async def list_page(datasette, request):
    listing = lists.LISTINGS[request.url_vars["slug"]]
    data = await lists.list_page(datasette.get_database(DATABASE), listing, request.args)
    table_metadata = datasette.metadata(database=DATABASE, table=listing.table) or {}
    address = datasette.absolute_url(request, request.full_path)
    cite = structured.data_citation(listing.title, address, date.today().isoformat())
    context = {**data, "database": DATABASE, "table_description": table_metadata.get("description"), "kb_data_citation": cite,
               "columns": table_metadata.get("columns", {}), "args": {key: request.args.get(key) for key in request.args.keys()}}
    return Response.html(await datasette.render_template("kb_list.html", context, request=request))


async def changes_feed(datasette, request):
    changes = await feed.recent_changes(datasette.get_database(DATABASE))
    body = feed.atom(changes, datasette.absolute_url(request, "/-/changes.atom"), datasette.absolute_url(request, "/"),
                     lambda table, record_id: datasette.absolute_url(request, datasette.urls.row(DATABASE, table, record_id)))
    return Response(body, content_type="application/atom+xml; charset=utf-8")


async def search_page(datasette, request):
    query = request.args.get("q", "")
    found = await pages.search(datasette.get_database(DATABASE), query)
    context = {"kb_query": query, "results": found["results"], "only_near": found["near"], "database": DATABASE}
    return Response.html(await datasette.render_template("kb_search.html", context, request=request))


async def timeline_page(datasette, request):
    args = request.args
    start, end = pages.year_argument(args.get("from")), pages.year_argument(args.get("to"))
    data = await pages.timeline(datasette.get_database(DATABASE), args.get("entity"), start, end, args.get("event"))
    context = {**data, "start": start, "end": end, "event": args.get("event") or "", "database": DATABASE}
    return Response.html(await datasette.render_template("kb_timeline.html", context, request=request))


async def map_page(datasette, request):
    points = await pages.map_points(datasette.get_database(DATABASE))
    context = {
        "points": points,
        "database": DATABASE,
        "leaflet_js": datasette.urls.static_plugins("datasette-leaflet", "leaflet-v1.7.1.js"),
        "leaflet_css": datasette.urls.static_plugins("datasette-leaflet", "leaflet-v1.7.1.css"),
    }
    return Response.html(await datasette.render_template("kb_map.html", context, request=request))


@hookimpl
def register_routes():
    return [
        (r"^/$", home_page),
        (r"^/-/(?P<slug>" + "|".join(lists.LISTINGS) + r")$", list_page),
        (r"^/-/search$", search_page),
        (r"^/-/changes\.atom$", changes_feed),
        (r"^/-/timeline$", timeline_page),
        (r"^/-/map$", map_page),
    ]


@hookimpl
def extra_template_vars():
    return {"kb_repository_url": REPOSITORY_URL}
