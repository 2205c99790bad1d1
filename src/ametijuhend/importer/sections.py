"""Splitting a document into its sections by their headings.

Sections are recognised by the words of their headings, not by their numbers,
so a document with reordered or odd numbering, or with sections missing, still
splits. `Placed` records which source lines reached the draft (or are layout,
such as headings); whatever is left is "text not placed".
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..ids import fold
from .headings import heading_section
from .source import Document, Line, Table
from .text import Item

SECTION_NAMES = {
    "approval": "Kinnitatud", "general": "Üldosa", "purpose": "Eesmärk", "duties": "Ülesanded",
    "rights": "Õigused", "responsibilities": "Vastutus", "tools": "Töövahendid", "requirements": "Nõuded",
    "core": "Tööks vajalikud kompetentsid", "additional": "Täiendavad kompetentsid", "amendment": "Muutmine",
    "signatures": "Allkirjad",
}
"""How the per-file report names the sections it found."""
SIGNATURE = re.compile(r"\(?allkirjastatud digitaalselt\)?", re.I)
SIGNATURE_START = re.compile(r"^(poolte allkirjad|allkirjad|allkiri)\s*:?$", re.I)
TITLE_LINE = re.compile(r"^(AMETIJUHEND|TÖÖJUHEND|AMETIKOHA KIRJELDUS)$")
PERSON_NAME = re.compile(r"^[A-ZÕÄÖÜŠŽ][a-zõäöüšž'-]+(?:\s+[A-ZÕÄÖÜŠŽ][a-zõäöüšž'-]+){1,3}$")


class Placed:
    """Source lines that reached the draft (or are layout: headings, table labels)."""

    def __init__(self) -> None:
        self.lines: set[int] = set()

    def add(self, *sources: Item | Line | Iterable[Item | Line]) -> None:
        for src in sources:
            if isinstance(src, Item):
                self.lines.update(src.lines)
            elif isinstance(src, Line):
                self.lines.add(src.no)
            else:
                self.add(*src)


def split_sections(doc: Document, placed: Placed) -> tuple[dict[str, list[Line | Table]], dict[str, int]]:
    """Blocks grouped by section, and the printed number of each numbered section.

    `preamble` holds what comes before the first heading, `signatures` the signature block.
    """
    sections: dict[str, list[Line | Table]] = {"preamble": []}
    numbers: dict[str, int] = {}
    current = "preamble"
    for block in doc.blocks:
        if isinstance(block, Line) and not block.blank:
            section = heading_section(block.text)
            if block.bullet and section and not re.match(r"^\d", block.text):
                section = None  # a bullet in capitals is not a heading; a numbered one lost its indent only
            if current in ("signatures", "toc"):
                if section or TITLE_LINE.match(block.text.strip()):
                    current = "toc"  # an outline printed after the signatures: layout only
                    placed.add(block)
                    continue
            elif section:
                if section in sections and section not in ("core", "additional"):
                    section = f"{section}~{len(sections)}"  # a second section with the same heading
                current = section
                sections.setdefault(current, [])
                number = re.match(r"^\s*(\d{1,2})", block.text)
                if number:
                    numbers[current] = int(number.group(1))
                placed.add(block)
                continue
            elif (SIGNATURE.search(block.text) or SIGNATURE_START.match(block.text.strip())
                  or (current.startswith("amendment") and PERSON_NAME.match(block.text.strip()))):
                current = "signatures"  # a bare name after the amendment rules starts an unmarked signature
            elif current == "preamble" and fold(block.text) == fold("KINNITATUD"):
                current = "approval"
                sections.setdefault(current, [])
                placed.add(block)
                continue
            elif current == "approval" and TITLE_LINE.match(block.text.strip()):
                current = "preamble"
        sections.setdefault(current, []).append(block)
    return sections, numbers


def lines_of(blocks: Iterable[Line | Table]) -> list[Line]:
    """The lines of a section in reading order; a table's cells are separated by a blank line."""
    out: list[Line] = []
    for block in blocks:
        if isinstance(block, Table):
            for row in block.rows:
                for cell in row:
                    out.extend(cell)
                    out.append(Line(0, ""))
        else:
            out.append(block)
    return out
