"""Kazakh opposition history: YAML records to a sourced SQLite database."""
