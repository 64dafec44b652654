"""A problem found in the records, printed as `file:line: field: message`."""

from __future__ import annotations

from dataclasses import dataclass

WHOLE_FILE = "(file)"


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.path}: {self.message}"


def format_path(parts: tuple) -> str:
    """Turn ('memberships', 2, 'role') into 'memberships[2].role'."""
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text or WHOLE_FILE
