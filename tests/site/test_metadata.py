"""metadata.yml: every name it uses exists, and its generated parts match the schema."""

from pathlib import Path

import sqlite_utils

from kb.site.metadata import DATABASE, METADATA_PATH, dump, read_metadata, updated_metadata


def facet_columns(facets: list) -> list[str]:
    return [facet if isinstance(facet, str) else next(iter(facet.values())) for facet in facets]


def test_generated_parts_are_up_to_date():
    assert METADATA_PATH.read_text(encoding="utf-8") == dump(updated_metadata(read_metadata())), "run `make metadata`"


def test_every_table_and_column_named_exists(real_db: Path):
    db = sqlite_utils.Database(real_db)
    tables = read_metadata()["databases"][DATABASE]["tables"]
    missing = []
    for name, config in tables.items():
        if not db[name].exists():
            missing.append(name)
            continue
        columns = set(db[name].columns_dict)
        named = list(config.get("columns", {})) + facet_columns(config.get("facets", []))
        named += [config[key] for key in ("label_column", "sort", "sort_desc") if key in config]
        missing += [f"{name}.{column}" for column in named if column not in columns]
    assert missing == []


def test_every_table_is_described_with_a_label_column(real_db: Path):
    db = sqlite_utils.Database(real_db)
    tables = read_metadata()["databases"][DATABASE]["tables"]
    visible = [name for name in db.table_names() if not name.startswith("name_fts")]
    assert sorted(visible) == sorted(tables)
    for name in visible:
        assert tables[name]["description"] and tables[name]["label_column"]
        assert set(tables[name]["columns"]) == set(db[name].columns_dict), name
