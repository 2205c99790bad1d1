"""The structure of a job description: its sections, their order, numbers, headings and anchors.

Declared once, here. The page (`render.views`), its table of contents, the search record and the
official document (`document/`) all take the sections from `position_sections`. Headings follow the
document type (DOMAIN.md): a civil servant's description (ametnik) has teenistusülesanded and an
ametikoht, an employee's (töötaja) tööülesanded and a töökoht; a document that prints a heading its
own way says so in `printed.headings`.
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import DocumentType, Position

_HEADINGS = {
    DocumentType.AMETNIK: {
        "eesmark": "Ametikoha eesmärk",
        "ulesanded": "Teenistusülesanded",
        "nouded": "Ametikohale esitatavad nõuded",
        "task_column": "Põhiülesanded",
        "result_column": "Oodatavad tulemused",
    },
    DocumentType.TOOTAJA: {
        "eesmark": "Töökoha eesmärk",
        "ulesanded": "Tööülesanded",
        "nouded": "Töökohale esitatavad nõuded",
        "task_column": "Ülesanne",
        "result_column": "Tulemus",
    },
}


def heading(position: Position, key: str) -> str:
    """A heading or column title of the position's document type (`eesmark`, `task_column`, …)."""
    return _HEADINGS[position.document_type][key]


@dataclass(frozen=True)
class Heading:
    """A heading of a generated page: its level, anchor and text (plain text, escaped when written)."""

    level: int
    anchor: str
    title: str


@dataclass(frozen=True)
class Section:
    """A section of a job description as the document has it."""

    anchor: str
    """Permanent anchor on the page (`#ulesanded`); also names the section's kind."""
    title: str
    """Heading as the document prints it, without its number."""
    number: int | None = None
    """Official number (1 = Üldosa …); None for the unnumbered competency parts."""
    level: int = 2

    @property
    def heading(self) -> Heading:
        return Heading(self.level, self.anchor, f"{self.number}. {self.title}" if self.number else self.title)


def position_sections(position: Position) -> list[Section]:
    """The sections of a position's job description, in the official order and numbering.

    Töövahendid is optional in the source: without it (and not declared missing) the later
    sections move up one number, as in the printed document. The competency parts belong to
    the requirements section and carry no number of their own.
    """
    numbered = [
        ("uldosa", "Üldosa"),
        ("eesmark", heading(position, "eesmark")),
        ("ulesanded", heading(position, "ulesanded")),
        ("oigused", "Õigused"),
        ("vastutus", "Vastutus"),
    ]
    if position.tools or "tools" in position.missing:
        numbered.append(("toovahendid", "Töövahendid"))
    numbered += [("nouded", heading(position, "nouded")), ("muutmine", "Ametijuhendi muutmine")]
    printed = {str(k): v for k, v in position.printed.headings.items()} if position.printed else {}
    sections: list[Section] = []
    for number, (anchor, title) in enumerate(numbered, start=1):
        sections.append(Section(anchor, _sentence_case(printed[anchor]) if anchor in printed else title, number))
        if anchor == "nouded":
            sections.append(Section("kompetentsid", "Tööks vajalikud kompetentsid", level=3))
            if position.competencies.additional or position.competencies.knowledge:
                sections.append(Section("taiendavad-kompetentsid",
                                        "Täiendavad kompetentsid, isikuomadused ja teadmised", level=3))
    return sections


def _sentence_case(heading: str) -> str:
    """`TEENISTUSKOHA EESMÄRK` (as the document prints it) → `Teenistuskoha eesmärk` (as the page shows headings)."""
    return heading[:1].upper() + heading[1:].lower() if heading.isupper() else heading


