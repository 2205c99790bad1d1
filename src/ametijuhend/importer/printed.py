"""`printed:` of a draft: what the document prints that the resolved data cannot reproduce.

The official document is made from the data (`ametijuhend.document`); where the source
prints something else — its own section headings, duty numbers with a closing dot, the
partitive of 1.5 Keda asendab, names written differently — the printed wording is kept,
and only then, so that importing an exported document gives back the same data.
"""

from __future__ import annotations

import re
from typing import Any

from ..document import duty_columns, names_text, standard_headings, unit_text
from ..document.model import APPROVER_GENITIVE
from ..models import DocumentType
from .headings import heading_section
from .resolve import Catalogues
from .sections import lines_of
from .source import Document, Line, Table
from .text import clean

_SECTION_KEY = {"general": "uldosa", "purpose": "eesmark", "duties": "ulesanded", "rights": "oigused",
                "responsibilities": "vastutus", "tools": "toovahendid", "requirements": "nouded",
                "amendment": "muutmine"}
_NUMBER_DOT = re.compile(r"^\d{1,2}\.\d{1,2}\.\s")


def printed_details(doc: Document, sections: dict[str, list[Line | Table]], general: dict[str, str],
                    pos: dict[str, Any], catalogues: Catalogues, approver: str | None) -> dict[str, Any]:
    """The `printed:` mapping of the draft (empty when the document prints what the data gives)."""
    out: dict[str, Any] = {}
    if approver and pos.get("approval", {}).get("approver") and (
            APPROVER_GENITIVE.get(pos["approval"]["approver"]) != approver):
        out["approver"] = approver
    standard = standard_headings(DocumentType(pos["document_type"]))
    headings: dict[str, str] = {}
    for block in doc.blocks:
        if isinstance(block, Line) and not block.blank and not block.bullet:
            key = _SECTION_KEY.get(heading_section(block.text) or "")
            text = clean(re.sub(r"^\s*\d{1,2}\s*[.)]?\s+", "", block.text))
            if key and key not in headings and text != standard[key]:  # type: ignore[index]
                headings[key] = text
    if headings:
        out["headings"] = headings
    if any(_NUMBER_DOT.match(line.text) for line in lines_of(sections.get("duties", []))):
        out["number_dot"] = True
    columns = _duty_columns(sections.get("duties", []))
    if columns and columns != list(duty_columns(DocumentType(pos["document_type"]))):
        out["duty_columns"] = columns
    if "unit" in general and pos.get("unit"):
        path = catalogues.unit_path(pos["unit"])
        if not _same(general["unit"], unit_text(path)):
            out["unit"] = clean(general["unit"])
    for key in ("manager", "substituted_by", "substitutes_for"):
        ids = pos.get(key)
        if key not in general or not ids:
            continue
        derived = names_text([catalogues.names.get(i, i) for i in ([ids] if isinstance(ids, str) else ids)])
        if not _same(general[key], derived):
            out[key] = clean(general[key])
    return out


def _duty_columns(blocks: list[Line | Table]) -> list[str] | None:
    """The two column headings of the duties table, when it is a real table with a heading row."""
    table = next((b for b in blocks if isinstance(b, Table)), None)
    if table is None or not table.rows or len(table.rows[0]) != 2:
        return None
    cells = [clean(" ".join(line.text for line in cell)) for cell in table.rows[0]]
    if not all(cells) or any(re.match(r"^\d{1,2}\.\d", c) for c in cells):
        return None
    return cells


def _same(printed: str, derived: str) -> bool:
    """The same words: spacing and hyphens (a PDF line end joins `sunt-\nkoolitus…`) do not count."""
    return re.sub(r"[\W_]", "", printed) == re.sub(r"[\W_]", "", derived)
