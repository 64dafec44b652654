"""Record ids written in running text ("see zhakiyanov-arrest-2002") become links labelled with the
record's name, so readers never see a raw id. The catalog of ids is read once per database."""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from kb.site.article import TABLES

SLUG = re.compile(r"(?<![\w/.-])[a-z0-9]+(?:-[a-z0-9]+)+(?![\w/-])")
CATALOG_SQL = "select id, type, label from entity"


async def catalog_of(datasette, database: str) -> dict[str, tuple[str, str]]:
    """The catalog of the served database, read on first use (the database is immutable while served)."""
    cached = getattr(datasette, "_kb_catalog", None)
    if cached is None:
        cached = datasette._kb_catalog = await read_catalog(datasette.get_database(database))
    return cached


async def read_catalog(db) -> dict[str, tuple[str, str]]:
    """id -> (table, label) for every record."""
    rows = (await db.execute(CATALOG_SQL)).rows
    return {row["id"]: (TABLES[row["type"]], row["label"]) for row in rows if row["type"] in TABLES}


def link_mentions(text: object, catalog: dict[str, tuple[str, str]], row_url) -> Markup:
    """`text` escaped, with each whole-word record id replaced by a link to its page, labelled."""
    if text is None:
        return Markup("")
    text = str(text)
    pieces, last = [], 0
    for match in SLUG.finditer(text):
        found = catalog.get(match.group(0))
        if found is None:
            continue
        table, label = found
        pieces.append(escape(text[last:match.start()]))
        pieces.append(Markup('<a href="{}">{}</a>').format(row_url(table, match.group(0)), label))
        last = match.end()
    pieces.append(escape(text[last:]))
    return Markup("").join(pieces)
