"""What Datasette serves beyond its own views: how it is served (serve.py), metadata.yml,
record articles, search, timeline, map and list pages, charts and feeds."""
