"""What a record page tells machines and citers: schema.org JSON-LD (Person, Organization or
PoliticalParty, Event, Place, Claim, CreativeWork) and a ready citation in plain text and BibTeX.

Both take the page kb.site.article builds and absolute addresses; nothing here touches the database."""

from __future__ import annotations

import re
from collections.abc import Callable

from kb.site.words import split_fact

SITE_NAME = "Kazakh opposition history"
SCHEMA_TYPES = {"people": "Person", "organizations": "Organization", "elections": "Event", "incidents": "Event",
                "places": "Place", "claims": "Claim", "sources": "CreativeWork"}
PARTY_KINDS = {"party", "bloc"}
ISO_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
DATE_PROPERTIES = {"born": ("birthDate",), "died": ("deathDate",), "founded": ("foundingDate",),
                   "dissolved": ("dissolutionDate",), "date": ("startDate", "endDate")}


def json_ld(page: dict, address: str, row_url: Callable[[str, str], str]) -> dict:
    """The schema.org description of a record's page at `address`; `row_url(table, id)` gives other records' addresses."""
    record = page["record"]
    kind = SCHEMA_TYPES.get(record["type"], "Thing")
    if record["type"] == "organizations" and record.get("kind") in PARTY_KINDS:
        kind = "PoliticalParty"
    data: dict = {"@context": "https://schema.org", "@type": kind, "@id": address, "url": address, "name": record["label"]}
    alternate = unique(name["text"] for name in page.get("names", []) if name["text"] != record["label"])
    if alternate:
        data["alternateName"] = alternate
    if page.get("summary"):
        data["description"] = page["summary"]["value"]
    data.update(dates(page.get("key_facts", []), record["type"]))
    if record["type"] == "people":
        member_of = unique_by_url({"@type": "Organization", "name": m["org_label"], "url": row_url("organization", m["org_id"])}
                                  for m in page.get("memberships", []))
        if member_of:
            data["memberOf"] = member_of
    if page.get("location") and page["location"].get("place"):
        data["location"] = {"@type": "Place", "name": page["location"]["place"]}
    same_as = [address_of(key, value) for key, value in sorted(page.get("identifiers", {}).items())]
    same_as = [value for value in same_as if value]
    if same_as:
        data["sameAs"] = same_as
    return data


def dates(facts: list[dict], record_type: str) -> dict:
    found: dict[str, str] = {}
    for fact in facts:
        properties = DATE_PROPERTIES.get(fact["field"])
        if not properties or fact["path"] != fact["field"]:
            continue  # leave alternative values (field[0], field[1]) to the page
        if fact["field"] == "date" and record_type not in ("elections", "incidents"):
            continue
        main, _ = split_fact(str(fact["value"]))
        ends = (main or "").split("/")
        for prop, value in zip(properties, ends if len(ends) > 1 else ends * len(properties)):
            if ISO_DATE.fullmatch(value):
                found[prop] = value
    return found


def address_of(key: str, value: object) -> str | None:
    """An identifier as a web address: Wikipedia articles as they are, Wikidata items by their Q number."""
    text = str(value)
    if text.startswith(("https://", "http://")):
        return text
    if key == "wikidata" and re.fullmatch(r"Q\d+", text):
        return f"https://www.wikidata.org/wiki/{text}"
    return None


def unique(values) -> list:
    seen: list = []
    for value in values:
        if value not in seen:
            seen.append(value)
    return seen


def unique_by_url(items) -> list[dict]:
    seen: dict[str, dict] = {}
    for item in items:
        seen.setdefault(item["url"], item)
    return list(seen.values())


def citation(label: str, address: str, last_changed: str | None, accessed: str) -> str:
    """The plain-text citation of a record's page."""
    changed = f" Last changed {last_changed}." if last_changed else ""
    return f"“{label}.” {SITE_NAME} (knowledge base). {address}.{changed} Accessed {accessed}."


def bibtex(record_id: str, label: str, address: str, last_changed: str | None, accessed: str) -> str:
    """The BibTeX entry of a record's page (@misc, the usual type for a web page)."""
    year = (last_changed or accessed)[:4]
    fields = [("title", "{" + escape_bibtex(label) + "}"), ("howpublished", escape_bibtex(SITE_NAME)), ("url", address),
              ("year", year), ("note", f"Last changed {last_changed}; accessed {accessed}" if last_changed else f"Accessed {accessed}"),
              ("urldate", accessed)]
    return bibtex_entry(f"kb-{record_id}", fields)


def bibtex_entry(key: str, fields: list[tuple[str, str]]) -> str:
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{key},\n{body}\n}}\n"


def escape_bibtex(text: str) -> str:
    return re.sub(r"([&%$#_{}])", r"\\\1", text)


def data_citation(title: str, address: str, accessed: str) -> dict:
    """The citation of a list or question of the data set: plain text and BibTeX."""
    text = f"“{title}.” {SITE_NAME} (knowledge base, data set). {address}. Accessed {accessed}."
    key = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    fields = [("title", "{" + escape_bibtex(title) + "}"), ("howpublished", escape_bibtex(SITE_NAME) + " (data set)"),
              ("url", address), ("year", accessed[:4]), ("note", f"Accessed {accessed}"), ("urldate", accessed)]
    return {"text": text, "bibtex": bibtex_entry(f"kb-data-{key}", fields), "key": key}
