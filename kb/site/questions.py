"""Canned queries as questions a reader answers by choosing: each parameter's choices and
default (from the `-- choices` and `-- default` lines of queries/*.sql, kept in the canned query's
`kb_parameters`), and which result columns are links (a column `X` beside `X_id`) or hidden."""

from __future__ import annotations

from urllib.parse import urlencode

from kb.site.article import TABLES
from kb.site.serve import web_url
from kb.site.words import date_in_words, label_in_words, value_in_words

ENTITY_TYPE_SQL = "select type from entity where id = :id"
# Answer columns whose values are dates or vocabulary values, shown in words.
DATE_COLUMNS = {"date", "start", "end", "stated_on", "published", "changed"}
VALUE_COLUMNS = {"status", "kind", "verdict", "event", "relation", "tier", "record_type", "type", "source_kind", "living"}


def parameters_of(query: dict | None) -> dict[str, dict]:
    return (query or {}).get("kb_parameters") or {}


def defaults_missing(query: dict | None, args) -> dict[str, str]:
    """The defaults of the parameters a request does not give (none when it gives any parameter's
    value or asks for a format other than the page)."""
    parameters = parameters_of(query)
    missing = {name: spec["default"] for name, spec in parameters.items() if "default" in spec and name not in args}
    return missing if len(missing) == len(parameters) else {}


def address_with_defaults(path: str, query_string: str, defaults: dict[str, str]) -> str:
    extra = urlencode(defaults)
    return f"{path}?{query_string}&{extra}" if query_string else f"{path}?{extra}"


async def choices(db, query: dict | None) -> dict[str, list[dict]]:
    """Each parameter's choices as [{value, label}], labels in words for vocabulary values."""
    found = {}
    for name, spec in parameters_of(query).items():
        if "choices" not in spec:
            continue
        rows = (await db.execute(spec["choices"])).rows
        found[name] = [{"value": str(row["value"]), "label": label_in_words(row["label"])} for row in rows]
    return found


def shown_columns(columns: list[str]) -> list[int]:
    """Indexes of the columns a reader sees: ids are links, not text."""
    return [index for index, column in enumerate(columns) if column != "id" and not column.endswith("_id")]


def link_column(column: str, keys: list[str]) -> str | None:
    """The id column that makes `column` a link, if the row has one."""
    partner = f"{column}_id"
    return partner if partner in keys else None


async def record_address(db, record_id: str) -> str | None:
    row = (await db.execute(ENTITY_TYPE_SQL, {"id": record_id})).first()
    if row is None or row["type"] not in TABLES:
        return None
    return db.ds.urls.row(db.name, TABLES[row["type"]], record_id)


def cell_in_words(column: str, value: object) -> str | None:
    """How an answer's cell reads: dates and vocabulary values in words, other text as it is;
    None for what Datasette shows best itself (numbers, web addresses)."""
    if not isinstance(value, str) or web_url(value):
        return None
    if column in DATE_COLUMNS:
        return date_in_words(value)
    if column in VALUE_COLUMNS:
        return value_in_words(value)
    return value
