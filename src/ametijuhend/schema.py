"""JSON Schemas for editors, derived from the pydantic models (never written by hand).

Position files name the schema in their first line,
`# yaml-language-server: $schema=../schema/position.schema.json`, so that
editors with the YAML language server autocomplete keys, show the field
descriptions as tooltips and flag mistakes while HR types. The committed
files in `schema/` are checked against the models by `ametijuhend schema --check`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .models import CompetencyCatalogue, Position, ReferencedPositionCatalogue, UnitCatalogue

SCHEMAS: dict[str, type[BaseModel]] = {
    "position": Position,
    "units": UnitCatalogue,
    "competencies": CompetencyCatalogue,
    "referenced-positions": ReferencedPositionCatalogue,
}
"""Schema name → model. The file is `schema/<name>.schema.json`."""

DIALECT = "https://json-schema.org/draft/2020-12/schema"

NUMBER_LIKE_TEXT: dict[str, tuple[str, ...]] = {"Duty": ("number",), "Approval": ("order_number",)}
"""Text fields whose values look like numbers (`3.4`, `10`).

Our loader keeps every scalar as the text HR wrote, but an editor's YAML
language server reads an unquoted `3.4` as a number; accepting numbers here
keeps the editor from flagging values that `ametijuhend validate` accepts.
"""


def schema_filename(name: str) -> str:
    return f"{name}.schema.json"


def header_line(name: str, *, catalogue: bool) -> str:
    """The comment that links a YAML file to its schema (relative to `positions/` or `positions/catalogues/`)."""
    up = "../../" if catalogue else "../"
    return f"# yaml-language-server: $schema={up}schema/{schema_filename(name)}"


def build_schema(name: str) -> dict[str, Any]:
    model = SCHEMAS[name]
    schema = model.model_json_schema(mode="validation")
    _accept_numbers(schema)
    return {
        "$schema": DIALECT,
        "$comment": "Generated from src/ametijuhend/models.py by `ametijuhend schema`. Do not edit by hand.",
        **schema,
    }


def _accept_numbers(schema: dict[str, Any]) -> None:
    for model_name, fields in NUMBER_LIKE_TEXT.items():
        properties = schema.get("$defs", {}).get(model_name, {}).get("properties", {})
        for field_name in fields:
            prop = properties.get(field_name)
            if prop is None:
                continue
            if "anyOf" in prop:
                prop["anyOf"].insert(1, {"type": "number"})
            elif prop.get("type") == "string":
                string_part = {k: prop.pop(k) for k in ("type", "pattern", "maxLength", "minLength") if k in prop}
                prop["anyOf"] = [string_part, {"type": "number"}]


def schema_text(name: str) -> str:
    """The schema as committed: stable key order, UTF-8, trailing newline."""
    return json.dumps(build_schema(name), ensure_ascii=False, indent=2) + "\n"


def schema_documents() -> dict[str, str]:
    """File name → text of every schema (used by the CLI and the site export)."""
    return {schema_filename(name): schema_text(name) for name in SCHEMAS}


def write_schemas(out_dir: Path) -> list[Path]:
    """Write every schema into `out_dir`; return the files whose content changed."""
    out_dir.mkdir(parents=True, exist_ok=True)
    changed = []
    for filename, text in schema_documents().items():
        path = out_dir / filename
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed


def stale_schemas(out_dir: Path) -> list[Path]:
    """Committed schema files that are missing or differ from the models."""
    stale = []
    for filename, text in schema_documents().items():
        path = out_dir / filename
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            stale.append(path)
    return stale
