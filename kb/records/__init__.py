"""What a record is and how it is checked: the schema, reading files with lines, validation,
cross-record rules, dates, name folding and problems (everything `build_db.py --check` needs)."""
