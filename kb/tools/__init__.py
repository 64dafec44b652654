"""Contributor and maintainer commands: scaffold, fmt, GitHub templates, package, bench and load."""
