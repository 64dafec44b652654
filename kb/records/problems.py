"""A problem found in the records, printed as `file:line: field: message`."""

from __future__ import annotations

from dataclasses import dataclass

WHOLE_FILE = "(file)"
ERROR = "error"
# A warning is printed beside the errors but never fails a check.
WARNING = "warning"
OUTPUT_FORMATS = ("text", "github")


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    path: str
    message: str
    severity: str = ERROR

    def __str__(self) -> str:
        level = f"{WARNING}: " if self.severity == WARNING else ""
        return f"{self.file}:{self.line}: {self.path}: {level}{self.message}"


def format_path(parts: tuple) -> str:
    """Turn ('memberships', 2, 'role') into 'memberships[2].role'."""
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text or WHOLE_FILE


def escape_data(text: str) -> str:
    """Escape a GitHub workflow command's message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a GitHub workflow command's property value."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(problem: Problem) -> str:
    """A GitHub Actions workflow command that marks the problem on its file and line in a pull request."""
    properties = f"file={escape_property(problem.file)},line={problem.line},title={escape_property(problem.path)}"
    return f"::{problem.severity} {properties}::{escape_data(problem.message)}"


def render(problem: Problem, output_format: str = "text") -> str:
    """The problem as one line of output: `file:line: field: message`, or a GitHub annotation."""
    return github_annotation(problem) if output_format == "github" else str(problem)
