"""kb.db.tables: what the build indexes covers what the site sorts and facets on."""

from kb.db.tables import tables
from kb.site.metadata import DATABASE, read_metadata


def plain_facets(facets: list) -> list[str]:
    """Facet columns counted with a plain group by (array facets cannot use an index)."""
    return [facet for facet in facets if isinstance(facet, str)]


def test_every_sort_and_plain_facet_column_is_indexed():
    configured = read_metadata()["databases"][DATABASE]["tables"]
    unindexed = []
    for name, config in configured.items():
        columns = tables()[name].columns
        wanted = plain_facets(config.get("facets", [])) + [config[key] for key in ("sort", "sort_desc") if key in config]
        unindexed += [f"{name}.{column}" for column in wanted if not (columns[column].indexed or columns[column].references)]
    # vocab's facet column leads its primary key (vocabulary, value), which SQLite indexes.
    assert unindexed == ["vocab.vocabulary"]


def test_listed_indexes_mark_their_columns():
    assert tables()["incident"].columns["date_min"].indexed
    assert tables()["source"].columns["publisher_name"].indexed
    assert not tables()["incident"].columns["date_max"].indexed
