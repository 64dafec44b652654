"""The Atom feed of changes to the records (/-/changes.atom): one entry per record a commit
changed, newest first, from the change table the build writes from git history (feedgen writes
the XML). A build without history gives a valid feed with no entries."""

from __future__ import annotations

from datetime import datetime

from feedgen.feed import FeedGenerator

from kb.project import REPOSITORY_URL
from kb.site.article import TABLES
from kb.site.pages import fetch

FEED_TITLE = "Recent changes to the records"
FEED_LIMIT = 100
CHANGES_SQL = """
select change.record_id, change.file, change.commit_hash, change.changed, change.subject, entity.type, entity.label
from change join entity on entity.id = change.record_id
order by change.changed desc, change.id
limit :limit
"""


async def recent_changes(db, limit: int = FEED_LIMIT) -> list[dict]:
    return await fetch(db, CHANGES_SQL, {"limit": limit})


def atom(changes: list[dict], feed_address: str, site_address: str, record_address) -> bytes:
    """The feed as Atom XML; `record_address(table, id)` gives a record page's absolute address."""
    feed = FeedGenerator()
    feed.id(feed_address)
    feed.title(FEED_TITLE)
    feed.subtitle("Every change to a record of the Kazakh opposition history knowledge base, with the change's own description.")
    feed.link(href=feed_address, rel="self")
    feed.link(href=site_address, rel="alternate")
    if changes:
        feed.updated(datetime.fromisoformat(changes[0]["changed"]))
    for change in reversed(changes):  # feedgen puts the last added entry first
        entry = feed.add_entry()
        entry.id(f"{REPOSITORY_URL}/commit/{change['commit_hash']}#{change['record_id']}")
        entry.title(f"{change['label']}: {change['subject']}")
        entry.updated(datetime.fromisoformat(change["changed"]))
        entry.link(href=record_address(TABLES[change["type"]], change["record_id"]), rel="alternate")
        entry.summary(f"{change['subject']} ({change['file']}, commit {change['commit_hash'][:12]})")
    return feed.atom_str(pretty=True)
