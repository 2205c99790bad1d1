"""1. ÜLDOSA: title, unit, manager and substitutes, from real tables or from PDF text.

In PDF-extracted text the cells of a table row run together ("Teenuse juht
Koolitusspetsialist  Koolitusspetsialist"); they are split again by what the
cells hold: a unit path starts with the capital before `osakond`, and each of
the three position cells starts with a capital that does not follow a comma.
"""

from __future__ import annotations

import re

from .sections import Placed, lines_of
from .source import Line, Table
from .text import clean, join

_GENERAL_LABEL = re.compile(
    r"1\.([1-5])\.?\s*(Ametinimetus|Töökoha nimetus|Struktuuriüksus|Vahetu juht|Kes asendab|Keda asendab)\s*:?",
    re.I,
)
_GENERAL_FIELD = {"1": "title", "2": "unit", "3": "manager", "4": "substituted_by", "5": "substitutes_for"}


def parse_general(blocks: list[Line | Table], placed: Placed) -> dict[str, str]:
    """Title, unit, manager and substitutes as printed (cell text)."""
    found: dict[str, str] = {}
    for block in blocks:
        if isinstance(block, Table):
            found.update(_general_table(block, placed))
    if found:
        return found
    rows: list[tuple[list[str], list[Line]]] = []
    for line in lines_of(blocks):
        labels = _GENERAL_LABEL.findall(line.text)
        if labels:
            placed.add(line)
            rest = _GENERAL_LABEL.sub("", line.text).strip()
            rows.append(([_GENERAL_FIELD[n] for n, _ in labels], []))
            if rest:
                rows[-1][1].append(Line(line.no, rest))
        elif rows:
            rows[-1][1].append(line)
    for fields, lines in rows:
        cells = _split_general_cells(fields, lines)
        if cells is None:
            continue
        placed.add(lines)
        found.update({f: c for f, c in zip(fields, cells, strict=True) if c})
    return found


def _general_table(table: Table, placed: Placed) -> dict[str, str]:
    out: dict[str, str] = {}
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row):
            text = clean(" ".join(line.text for line in cell))
            labels = _GENERAL_LABEL.findall(text)
            if len(labels) != 1:
                continue
            placed.add(cell)
            key = _GENERAL_FIELD[labels[0][0]]
            rest = _GENERAL_LABEL.sub("", text).strip()
            if rest:  # "1.1 Ametinimetus: Nõunik" in one cell
                out[key] = rest
                continue
            below: list[Line] = []  # the value may run over several rows (a PDF table without rules)
            for next_row in table.rows[r + 1:]:
                if any(_GENERAL_LABEL.search(line.text) for cell in next_row for line in cell):
                    break
                below += next_row[c] if c < len(next_row) else []
            right = row[c + 1] if c + 1 < len(row) else []
            for value_cell in (below, right):  # labels above their values, or left of them
                value = _cell_text(value_cell)
                if value and not _GENERAL_LABEL.search(value):
                    out[key] = value
                    placed.add(value_cell)
                    break
    return out


def _cell_text(lines: list[Line]) -> str:
    text = ""
    for line in lines:
        if not line.blank:
            text = join(text, line.text)
    return clean(text)


def _split_general_cells(fields: list[str], lines: list[Line]) -> list[str] | None:
    """Cells of one row of the general table, from PDF text where the columns ran together."""
    blocks: list[str] = []
    gap = True
    for line in lines:
        if line.blank:
            gap = True
            continue
        if gap or not blocks:
            blocks.append(line.text)
        else:
            blocks[-1] = join(blocks[-1], line.text)
        gap = False
    blocks = [clean(b) for b in blocks]
    if not blocks:
        return None
    if len(blocks) == len(fields) and len(fields) != 3:
        return blocks  # the blank lines separated the cells (three cells are checked below: they can wrap)
    text = clean(" ".join(blocks))
    if fields == ["title", "unit"]:
        return _split_title_unit(text)
    if len(fields) == 1:
        return [text]
    if len(fields) == 3:
        cells = _split_at_capitals(text)
        if len(cells) == 3:
            return cells
        return blocks if len(blocks) == 3 else None
    return None


def _split_title_unit(text: str) -> list[str]:
    """`Teenuste konsultant Teenuste osakond, …` → title, unit: the unit starts at the capital before `osakond`."""
    match = re.search(r"\b(osakond|talitus|keskus|tiim)\b", text, re.I)
    if match:
        capitals = [m.start() for m in re.finditer(r"\b[A-ZÕÄÖÜŠŽ]", text[: match.start()])]
        if capitals and capitals[-1] > 0:
            return [text[: capitals[-1]].strip(), text[capitals[-1]:].strip()]
    match = re.match(r"^(.*?\))\s+(\S.*)$", text)
    if match:
        return [match.group(1), match.group(2)]
    return [text, ""]


def _split_at_capitals(text: str) -> list[str]:
    """Manager / substituted by / substitutes: a new cell starts at a capital that does not follow a comma."""
    cells: list[str] = []
    for word in text.split(" "):
        if cells and word[:1].isupper() and not cells[-1].endswith(","):
            cells.append(word)
        elif cells:
            cells[-1] += " " + word
        else:
            cells.append(word)
    return cells


_OUTSIDE_BRACKETS = re.compile(r"[,;](?![^()]*\))")
"""A comma or semicolon that is not inside brackets: `Tiimijuht (perelepituse tiim, …), jurist`."""


def split_names(text: str) -> list[str]:
    """`Teenuse juht, juhtivkoordinaator, koordinaator (perelepitus)` → names; a final (qualifier) applies to all."""
    parts = [p.strip() for p in _OUTSIDE_BRACKETS.split(text) if p.strip(" .")]
    match = re.search(r"\(([^()]+)\)\s*$", parts[-1]) if parts else None
    if match and len(parts) > 1:
        parts = [p if "(" in p else f"{p} ({match.group(1)})" for p in parts]
    return [clean(p) for p in parts]
