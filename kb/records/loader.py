"""Finding record files and reading them safely into plain values with line numbers.

YAML is composed into nodes with libyaml (CSafeLoader) and turned into values here, so that
no tag is ever constructed, no alias is expanded, and every YAML 1.1 trap (yes/no, bare
dates, sexagesimal or octal numbers) is reported instead of silently converted.
"""

from __future__ import annotations

import errno
import marshal
import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from kb.records.problems import WHOLE_FILE, Problem, format_path
from kb.records.schema import record_types

MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 24
# libyaml composes recursively in C, and some tens of thousands of levels crash the process.
# Every collection opens with one of COLLECTION_MARKS, so a file with at most SAFE_MARKS of them
# is composed at once; one with more (none of the real records comes near) is parsed once more
# first, and refused if it nests deeper than MAX_PARSE_DEPTH.
COLLECTION_MARKS = "[{-:?"
SAFE_MARKS = 5_000
MAX_PARSE_DEPTH = 1_000
# SQLite stores integers in 64 bits.
MAX_INTEGER = 2**63 - 1
CORE = "tag:yaml.org,2002:"
STR, MAP, SEQ = CORE + "str", CORE + "map", CORE + "seq"
DECIMAL_INT = re.compile(r"[-+]?[0-9]+")
DECIMAL_FLOAT = re.compile(r"[-+]?[0-9]*\.[0-9]+")
TAB_INDENT = re.compile(r"^[ ]*\t", re.MULTILINE)
# The parser's words for common slips, and what they mean in a record ({line}: where it began).
SYNTAX_HINTS = {
    "did not find expected ',' or '}'": "the {{ on line {line} is not closed with }}, or a comma is missing",
    "did not find expected ',' or ']'": "the [ on line {line} is not closed with ], or a comma is missing",
    "did not find expected '-' indicator": "this line is indented differently from the list that starts on line {line}",
    "did not find expected key": "this line is indented differently from the lines above it, or a quote above it is not closed",
    "mapping values are not allowed in this context": "a value containing ': ' must be in double quotes",
    "found unexpected end of stream": "the quote opened on line {line} is not closed",
    "found character that cannot start any token": "a value starting with @ or ` must be in double quotes",
}


@dataclass
class Record:
    """One record file's values, with the line of every value and mapping key."""

    type: str
    file: str
    data: dict
    lines: dict[tuple, int] = field(default_factory=dict)
    reported: set[tuple] = field(default_factory=set)
    # False for a file that could not be read: it still reserves its id, so that
    # references to it do not add a second, misleading problem.
    readable: bool = True

    @property
    def stem(self) -> str:
        return Path(self.file).stem

    @property
    def repo_path(self) -> str:
        """The file's path inside the repository, wherever the records folder was read from."""
        return f"records/{self.type}/{Path(self.file).name}"

    def line(self, path: tuple) -> int:
        """The line of the value at `path`, or of its nearest enclosing value."""
        while path not in self.lines and path:
            path = path[:-1]
        return self.lines.get(path, 1)


class RecordLoader(yaml.CSafeLoader):
    """libyaml's safe loader, resolving the tags of plain text without trying every pattern.

    Gives the same tags as CSafeLoader: a scalar gets a pattern-tested tag only when it is
    plain (unquoted) and starts with a character some implicit resolver is registered for.
    """

    def resolve(self, kind, value, implicit):
        if kind is yaml.ScalarNode and not (implicit[0] and (not value or value[0] in self.yaml_implicit_resolvers)):
            if not self.yaml_path_resolvers and None not in self.yaml_implicit_resolvers:
                return self.DEFAULT_SCALAR_TAG
        return super().resolve(kind, value, implicit)


class NodeReader:
    """Turns a composed YAML node tree into plain values, collecting problems."""

    def __init__(self, file: str, anchored: bool = True):
        self.file = file
        self.lines: dict[tuple, int] = {}
        self.problems: list[Problem] = []
        self.seen: set[int] = set()
        self.reported: set[tuple] = set()
        # Without an anchor (&) in the text no node can be reached twice, so plain text
        # values are read where they stand, without the alias check.
        self.anchored = anchored

    def problem(self, node: yaml.Node, path: tuple, message: str) -> None:
        self.reported.add(path)
        self.problems.append(Problem(self.file, node.start_mark.line + 1, format_path(path), message))

    def read(self, node: yaml.Node, path: tuple = (), depth: int = 0):
        if id(node) in self.seen:
            self.problem(node, path, "anchors and aliases (& and *) are not allowed; write the value out")
            return None
        self.seen.add(id(node))
        self.lines[path] = node.start_mark.line + 1
        if depth > MAX_DEPTH:
            self.problem(node, path, f"nested more than {MAX_DEPTH} levels deep")
            return None
        kind = type(node)
        if kind is yaml.ScalarNode:
            return node.value if node.tag == STR else self.read_scalar(node, path)
        if kind is yaml.MappingNode:
            return self.read_mapping(node, path, depth)
        return self.read_sequence(node, path, depth)

    def read_mapping(self, node: yaml.MappingNode, path: tuple, depth: int):
        if node.tag != MAP:
            self.problem(node, path, f"tag {node.tag!r} is not allowed; write plain values")
            return None
        result = {}
        lines, read = self.lines, self.read
        plain = not self.anchored and depth < MAX_DEPTH
        for key_node, value_node in node.value:
            # Plain text keys (all but a few) are read here, the rest by read_key.
            key = key_node.value if type(key_node) is yaml.ScalarNode and key_node.tag == STR else self.read_key(key_node, path)
            if key is None:
                continue
            if key in result:
                self.problem(key_node, path + (key,), "duplicate key; each key may appear once")
                continue
            if plain and type(value_node) is yaml.ScalarNode and value_node.tag == STR:
                lines[path + (key,)] = value_node.start_mark.line + 1
                result[key] = value_node.value
            else:
                result[key] = read(value_node, path + (key,), depth + 1)
            lines[path + (key, "<key>")] = key_node.start_mark.line + 1
        return result

    def read_key(self, node: yaml.Node, path: tuple) -> str | None:
        if node.tag == CORE + "merge":
            self.problem(node, path, "merge keys (<<) are not allowed; write the keys out")
        elif not isinstance(node, yaml.ScalarNode) or node.tag != CORE + "str":
            self.problem(node, path, f"key {getattr(node, 'value', '?')!r} must be plain text")
        else:
            return node.value
        return None

    def read_sequence(self, node: yaml.SequenceNode, path: tuple, depth: int):
        if node.tag != SEQ:
            self.problem(node, path, f"tag {node.tag!r} is not allowed; write plain values")
            return None
        plain = not self.anchored and depth < MAX_DEPTH
        result = []
        for index, item in enumerate(node.value):
            if plain and type(item) is yaml.ScalarNode and item.tag == STR:
                self.lines[path + (index,)] = item.start_mark.line + 1
                result.append(item.value)
            else:
                result.append(self.read(item, path + (index,), depth + 1))
        return result

    def read_scalar(self, node: yaml.ScalarNode, path: tuple):
        tag, text = node.tag, node.value
        if tag == CORE + "str":
            return text
        if tag == CORE + "null":
            return None
        if tag == CORE + "bool":
            if text in ("true", "false"):
                return text == "true"
            self.problem(node, path, f"YAML 1.1 reads unquoted {text!r} as a boolean; write true or false, or quote it (\"{text}\") if you mean the word")
            return text
        if tag == CORE + "int" and DECIMAL_INT.fullmatch(text):
            return self.read_integer(node, path, int(text))
        if tag == CORE + "float" and DECIMAL_FLOAT.fullmatch(text):
            return self.read_float(node, path, float(text))
        if tag in (CORE + "int", CORE + "float"):
            self.problem(node, path, f"YAML 1.1 reads unquoted {text!r} as a number; write plain decimal digits, or quote it (\"{text}\") if it is text")
            return text
        if tag == CORE + "timestamp":
            self.problem(node, path, f"YAML reads the bare date {text} as a date object; quote it: \"{text}\"")
            return text
        self.problem(node, path, f"tag {tag!r} is not allowed; write plain values")
        return None

    def read_integer(self, node: yaml.ScalarNode, path: tuple, number: int) -> int | None:
        if abs(number) > MAX_INTEGER:
            self.problem(node, path, f"number {node.value} is too large to store; numbers must lie between -{MAX_INTEGER} and {MAX_INTEGER}")
            return None
        return number

    def read_float(self, node: yaml.ScalarNode, path: tuple, number: float) -> float | None:
        if not math.isfinite(number):
            self.problem(node, path, f"number {node.value} is too large to store")
            return None
        return number


def decode(raw: bytes, file: str) -> tuple[str | None, list[Problem]]:
    """UTF-8 text of a file, or the problem that stops it being read."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return None, [Problem(file, 1, WHOLE_FILE, "file starts with a byte-order mark (BOM); save it as UTF-8 without BOM")]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, [Problem(file, line, WHOLE_FILE, f"byte 0x{raw[error.start]:02x} is not valid UTF-8; save the file as UTF-8")]


def tab_problems(text: str, file: str) -> list[Problem]:
    """Tabs used for indentation (YAML forbids them)."""
    return [
        Problem(file, text.count("\n", 0, match.start()) + 1, WHOLE_FILE, "tab character in indentation; indent with spaces")
        for match in TAB_INDENT.finditer(text)
    ]


def depth_problems(text: str, file: str) -> list[Problem]:
    """Collections nested too deeply to compose safely."""
    if sum(text.count(mark) for mark in COLLECTION_MARKS) <= SAFE_MARKS:
        return []
    depth = 0
    for event in yaml.parse(text, Loader=yaml.CSafeLoader):
        depth += isinstance(event, yaml.CollectionStartEvent) - isinstance(event, yaml.CollectionEndEvent)
        if depth > MAX_PARSE_DEPTH:
            return [Problem(file, event.start_mark.line + 1, "(yaml)", f"nested more than {MAX_PARSE_DEPTH:,} levels deep; records are nested at most {MAX_DEPTH} levels")]
    return []


def compose(text: str, file: str) -> tuple[yaml.Node | None, list[Problem]]:
    """The YAML node tree of `text`, or the parser's problem with its line."""
    try:
        problems = depth_problems(text, file)
        return (None, problems) if problems else (yaml.compose(text, Loader=RecordLoader), [])
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        return None, [Problem(file, line, "(yaml)", syntax_message(error))]
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        return None, [Problem(file, line, "(yaml)", f"character #x{error.character:04x} is not allowed in YAML ({error.reason}); remove it")]
    except yaml.YAMLError as error:
        return None, [Problem(file, 1, "(yaml)", "YAML error: " + " ".join(str(error).split()))]
    except RecursionError:
        return None, [Problem(file, 1, "(yaml)", "YAML nested too deeply to read")]


def syntax_message(error: yaml.MarkedYAMLError) -> str:
    """The parser's message, with what it usually means in a record."""
    message = " ".join(part for part in (error.context, error.problem) if part)
    start = error.context_mark or error.problem_mark
    hint = SYNTAX_HINTS.get(error.problem or "", "").format(line=start.line + 1 if start else 1)
    return f"YAML syntax error: {message}" + (f"; {hint}" if hint else "")


def read_record(path: Path, record_type: str, file: str) -> tuple[Record | None, list[Problem]]:
    """Read one record file into a Record, or the problems that stop it."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        return None, [Problem(file, 1, WHOLE_FILE, f"cannot read file: {error.strerror}")]
    if len(raw) > MAX_FILE_BYTES:
        return None, [Problem(file, 1, WHOLE_FILE, f"file is {len(raw):,} bytes; records must be under {MAX_FILE_BYTES:,} bytes")]
    text, problems = decode(raw, file)
    if text is None:
        return None, problems
    problems = tab_problems(text, file)
    if problems:
        return None, problems
    node, problems = compose(text, file)
    if problems:
        return None, problems
    if node is None:
        return None, [Problem(file, 1, WHOLE_FILE, "file is empty; a record is a mapping of fields (see CONTRIBUTING.md)")]
    if not isinstance(node, yaml.MappingNode):
        return None, [Problem(file, node.start_mark.line + 1, WHOLE_FILE, "the top level must be a mapping of fields (key: value), not a list or a single value")]
    reader = NodeReader(file, "&" in text)
    data = reader.read(node)
    if data is None:
        return None, reader.problems
    return Record(record_type, file, data, reader.lines, reader.reported), reader.problems


def within(path: Path, root: Path) -> bool:
    """Whether `path`, with symlinks resolved, lies inside `root`."""
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True


def find_record_files(records_dir: Path) -> tuple[list[tuple[str, Path]], list[Problem]]:
    """Every (type, path) record file under `records_dir`; anything else is a problem."""
    types = record_types()
    allowed = ", ".join(sorted(types))
    found, problems = [], []
    if not records_dir.is_dir():
        return [], [Problem(str(records_dir), 1, WHOLE_FILE, "records folder not found")]
    for entry in sorted(records_dir.iterdir()):
        if not entry.is_dir() or entry.name not in types:
            problems.append(Problem(shown(entry), 1, WHOLE_FILE, f"not a record type folder; records go in records/<type>/<id>.yml (types: {allowed})"))
            continue
        try:
            with os.scandir(entry) as scan:
                items = sorted(scan, key=lambda item: item.name)
        except OSError as error:
            problems.append(Problem(str(entry), 1, WHOLE_FILE, f"cannot read folder: {error.strerror}"))
            continue
        linked = entry.is_symlink()
        for item in items:
            path = entry / item.name
            stray = stray_problems(path, item, records_dir, linked)
            problems.extend(stray)
            if not stray:
                found.append((entry.name, path))
    return found, problems


def stray_problems(path: Path, item: os.DirEntry, records_dir: Path, linked_folder: bool) -> list[Problem]:
    """Why `path` cannot be a record file, if it cannot. `item` is its entry in the folder's scan,
    which knows without another system call whether it is a plain file; `linked_folder` says
    whether its folder is a symbolic link."""
    if shown(Path(path.name)) != path.name:
        return [Problem(shown(path), 1, WHOLE_FILE, "file name is not valid UTF-8; rename the file")]
    if item.is_symlink() and is_symlink_loop(path):
        return [Problem(str(path), 1, WHOLE_FILE, "symbolic link that loops back on itself")]
    if (item.is_symlink() or linked_folder) and not within(path, records_dir):
        return [Problem(str(path), 1, WHOLE_FILE, "symbolic link pointing outside the records folder")]
    if item.is_dir():
        return [Problem(str(path), 1, WHOLE_FILE, "folders inside a type folder are not allowed; put the record file directly in the type folder")]
    if path.suffix == ".yaml":
        return [Problem(str(path), 1, WHOLE_FILE, "records use the .yml extension; rename the file")]
    if path.suffix != ".yml":
        return [Problem(str(path), 1, WHOLE_FILE, "not a record file; only <id>.yml files belong in a type folder")]
    if not item.is_file() and path.exists():
        return [Problem(str(path), 1, WHOLE_FILE, "not a regular file (a pipe, socket or device); a record is a plain text file")]
    return []


def shown(path: Path) -> str:
    """The path as printable text, with bytes that are not UTF-8 shown as U+FFFD."""
    return os.fsencode(path).decode("utf-8", "replace")


def is_symlink_loop(path: Path) -> bool:
    """Whether following `path`'s symbolic links never reaches a file."""
    try:
        path.stat()
    except OSError as error:
        return error.errno == errno.ELOOP
    return False


def pack_records(records: list[Record]) -> bytes:
    """Records as bytes to send to another process. marshal suffices, as a record holds only
    plain values (text, numbers, lists, mappings, tuples, sets; the reader constructs no tag),
    and it writes them about three times as fast as pickle."""
    return marshal.dumps([(r.type, r.file, r.data, r.lines, r.reported, r.readable) for r in records])


def unpack_records(packed: bytes) -> list[Record]:
    return [Record(*fields) for fields in marshal.loads(packed)]


def read_files(files: list[tuple[str, Path]]) -> tuple[list[Record], list[Problem]]:
    """Read each (type, path) record file, in order; an unreadable one still reserves its id."""
    records, problems = [], []
    for record_type, path in files:
        record, found = read_record(path, record_type, str(path))
        problems.extend(found)
        records.append(record or Record(record_type, str(path), {"id": path.stem}, readable=False))
    return records, problems
