"""The database: its tables, the build that writes them from checked records, derived cells,
bridge tables, commit dates and timeline events."""
