"""JSON Schema (draft-07) for each record type, generated from schema/schema.yml.

The validator checks records against these schemas, and `make editor-schema` writes them
out for editors, so the two can never disagree. Draft-07 is the newest draft that the
editors' YAML language server and the compiled validator (fastjsonschema) both support.
"""

from __future__ import annotations

import argparse
import json
from functools import cache
from pathlib import Path

from kb.project import ROOT, write_generated
from kb.records.schema import SLUG_PATTERN, load_schema, record_fields, record_types, type_spec, vocabulary

URL_PATTERN = r"^https?://[^\s]+$"
DRAFT = "http://json-schema.org/draft-07/schema#"
DEFINITIONS = "#/definitions/"
SCALARS = {
    "string": {"type": "string", "minLength": 1},
    "text": {"type": "string", "minLength": 1},
    "slug": {"type": "string", "pattern": SLUG_PATTERN},
    "bool": {"type": "boolean"},
    "integer": {"type": "integer"},
    "number": {"type": "number"},
    "edtf": {"type": "string", "format": "edtf"},
    "url": {"type": "string", "pattern": URL_PATTERN},
    "ref": {"type": "string", "pattern": SLUG_PATTERN},
}


def field_schema(spec: dict) -> dict:
    """The JSON Schema of one field spec."""
    kind = spec["type"]
    if kind in SCALARS:
        schema = dict(SCALARS[kind])
        for bound in ("minimum", "maximum"):
            if bound in spec:
                schema[bound] = spec[bound]
    elif kind == "vocab":
        schema = {"type": "string", "enum": list(vocabulary(spec["vocab"]))}
    elif kind == "list":
        schema = {"type": "array", "minItems": spec.get("min_items", 1), "items": field_schema(spec["items"])}
    elif kind == "citations":
        schema = {"type": "array", "minItems": 1, "items": {"$ref": DEFINITIONS + "citation_item"}}
    elif kind == "identifiers":
        schema = {"type": "object", "minProperties": 1, "propertyNames": {"pattern": r"^[a-z][a-z0-9_]*$"}, "additionalProperties": {"type": "string", "minLength": 1}}
    elif spec.get("alternatives"):
        single = {"$ref": DEFINITIONS + spec["struct"]}
        schema = {"anyOf": [single, {"type": "array", "minItems": 2, "items": single}]}
    else:
        schema = {"$ref": DEFINITIONS + spec["struct"]}
    if "description" in spec:
        schema["description"] = spec["description"]
    return schema


def object_schema(fields: dict[str, dict], description: str) -> dict:
    """A closed object with the given fields."""
    return {
        "type": "object",
        "description": description,
        "properties": {name: field_schema(spec) for name, spec in fields.items()},
        "required": [name for name, spec in fields.items() if spec.get("required")],
        "additionalProperties": False,
    }


def struct_definitions() -> dict[str, dict]:
    """Every struct as a JSON Schema definition, plus a citation item (id or mapping)."""
    structs = load_schema()["structs"]
    definitions = {name: object_schema(spec["fields"], spec["description"]) for name, spec in structs.items()}
    definitions["citation_item"] = {
        "description": "A source id, or {source, at, quote}.",
        "anyOf": [dict(SCALARS["ref"]), {"$ref": DEFINITIONS + "citation"}],
    }
    return definitions


@cache
def record_schema(record_type: str) -> dict:
    """The complete JSON Schema of one record type."""
    spec = type_spec(record_type)
    schema = object_schema(record_fields(record_type), spec["description"])
    schema["$schema"] = DRAFT
    schema["title"] = f"Kazakh opposition history: {record_type} record"
    schema["definitions"] = struct_definitions()
    return schema


EDITOR_SCHEMA_DIR = ROOT / "schema" / "json"
VSCODE_SETTINGS = ROOT / ".vscode" / "settings.json"
JETBRAINS_SETTINGS = ROOT / ".idea" / "jsonSchemas.xml"
HELIX_SETTINGS = ROOT / ".helix" / "languages.toml"
JETBRAINS_ENTRY = """        <entry key="{name}">
          <value>
            <SchemaInfo>
              <option name="name" value="{name}" />
              <option name="relativePathToSchema" value="{schema}" />
              <option name="schemaVersion" value="JSON Schema version 7" />
              <option name="patterns">
                <list>
                  <Item>
                    <option name="pattern" value="true" />
                    <option name="path" value="{files}" />
                    <option name="mappingKind" value="Pattern" />
                  </Item>
                </list>
              </option>
            </SchemaInfo>
          </value>
        </entry>
"""


def editor_schema_text(record_type: str) -> str:
    return json.dumps(record_schema(record_type), ensure_ascii=False, indent=2) + "\n"


def schema_files() -> dict[str, str]:
    """Each record type's schema file and the record files it applies to, relative to the project."""
    return {f"schema/json/{t}.schema.json": f"records/{t}/*.yml" for t in record_types()}


def vscode_settings_text() -> str:
    """VS Code (YAML extension, yaml-language-server) settings mapping each records folder to its schema."""
    mapping = {f"./{schema}": files for schema, files in schema_files().items()}
    return json.dumps({"yaml.schemas": mapping}, indent=2) + "\n"


def jetbrains_settings_text() -> str:
    """JetBrains IDEs' project JSON Schema mappings (PyCharm, IntelliJ IDEA, WebStorm)."""
    entries = "".join(
        JETBRAINS_ENTRY.format(name=f"{Path(files).parent.name} records", schema=schema, files=files)
        for schema, files in schema_files().items()
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<project version="4">\n'
        '  <component name="JsonSchemaMappingsProjectConfiguration">\n    <state>\n      <map>\n'
        f"{entries}      </map>\n    </state>\n  </component>\n</project>\n"
    )


def helix_settings_text() -> str:
    """Helix's project language settings for yaml-language-server."""
    lines = ["# Generated from schema/schema.yml by `make editor-schema`.", "[language-server.yaml-language-server.config.yaml.schemas]"]
    lines += [f'"./{schema}" = "{files}"' for schema, files in schema_files().items()]
    return "\n".join(lines) + "\n"


def generated_files() -> dict[Path, str]:
    files = {EDITOR_SCHEMA_DIR / f"{t}.schema.json": editor_schema_text(t) for t in record_types()}
    files[VSCODE_SETTINGS] = vscode_settings_text()
    files[JETBRAINS_SETTINGS] = jetbrains_settings_text()
    files[HELIX_SETTINGS] = helix_settings_text()
    return files


def main(argv: list[str] | None = None) -> int:
    """Write schema/json/<type>.schema.json and the editor settings, or with --check fail when stale."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    return write_generated(generated_files(), args.check, "schema/schema.yml", "make editor-schema")


if __name__ == "__main__":
    raise SystemExit(main())
