"""The official document of a position, made from the data (issue 15).

- `document(position, links) -> Document`: every word the signed document prints, as a
  small typed structure (`model`); `plain_text(doc)` reads it out as text;
- `docx.write_docx(doc, path, template)` and `pdf.write_pdf(doc, path)` lay it out;
- `export` is the CLI (`ametijuhend export`): `add_arguments(parser)` / `run(args) -> int`.
"""

from __future__ import annotations

from .model import (
    MISSING,
    Block,
    Cell,
    Document,
    DutyRow,
    DutyTable,
    LabelTable,
    Paragraph,
    Section,
    SignatureColumn,
    document,
    duty_columns,
    names_text,
    plain_text,
    standard_headings,
    unit_text,
)

__all__ = [
    "MISSING",
    "Block",
    "Cell",
    "Document",
    "DutyRow",
    "DutyTable",
    "LabelTable",
    "Paragraph",
    "Section",
    "SignatureColumn",
    "document",
    "duty_columns",
    "names_text",
    "plain_text",
    "standard_headings",
    "unit_text",
]
