"""The official document of a position, as data: `document(position, links) -> Document`.

This is the single description of what the signed job description prints — every
word, the numbering and its punctuation, the headings of its type (or those the
document printed itself), the approval block and the signature block by roles
only. The DOCX and PDF writers and the page's print view lay it out; none of
them decides wording. It is a pure function of the position's own data: what
other positions state about it (one-sided substitutions, reports) is not part
of its document.

Text from YAML stays plain text here; the writers put it into text runs only.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal, cast

from ..link import UNTITLED, Links
from ..models import MISSING_IN_SOURCE, DocumentType, Position, SectionKey, Status, Unit
from ..structure import heading, position_sections
from ..wording import wording

MISSING = MISSING_IN_SOURCE
"""The mark printed wherever the source lacks a field named in `missing:`."""

APPROVER_GENITIVE = {"Sotsiaalkindlustusameti peadirektor": "Sotsiaalkindlustusameti peadirektori"}
"""The approval block's genitive of the standard approver; others come from `printed.approver`."""

EFFECTIVE = "Jõustub"
"""The approval block's line of the day the version takes effect, when its order states one (`effective_from`)."""
DIGITAL = "(allkirjastatud digitaalselt)"
SIGNATURE_RULE = "_" * 24
"""The line a signature on paper goes on (a signature that is not digital)."""
SIGNED_ORIGINAL = "Allkirjastatud originaal"
UNAPPROVED = "kinnitamata"
"""The footer's version of a description without approval data (a draft)."""
APPROVAL_MISSING = "kinnitamise andmed puuduvad lähtedokumendis"
"""The footer's version when the source lacks the approval (`missing: [approval]`): not "unapproved"."""
DRAFT_MARK = "MUSTAND — ei kehti"
"""The mark on every page of a draft's document."""
SOURCE_NOTE = "Lähtedokument on puudulik: ametijuhendi koopiast puudub {what}."
"""The first paragraph of a document made from an incomplete copy (`incomplete_source`), as the page's banner
says it: which part of the source is lost."""
INCOMPLETE_MARK = "Lähtedokumendis puuduvad andmed on märgitud"
"""The mark on every page of a document that prints `MISSING` somewhere (the print view, DOCX and PDF alike)."""

Kind = Literal["text", "bullet", "label", "missing"]


@dataclass(frozen=True)
class Paragraph:
    """One paragraph: plain text (`text`), a list item (`bullet`), a lead-in such as `Kliendikesksus:`
    (`label`) or the mark of a field the source lacks (`missing`)."""

    text: str
    kind: Kind = "text"


@dataclass(frozen=True)
class Cell:
    """A labelled cell of the general part or the requirements: `1.1 Ametinimetus` › value."""

    label: str
    value: tuple[Paragraph, ...]


@dataclass(frozen=True)
class LabelTable:
    """Rows of labelled cells; the general part prints labels above values, the requirements beside them."""

    rows: tuple[tuple[Cell, ...], ...]
    layout: Literal["above", "beside"]


@dataclass(frozen=True)
class DutyRow:
    number: str
    """As printed, with the document's punctuation: `3.1` or `3.1.`."""
    task: str
    subtasks: tuple[str, ...]
    results_intro: str | None
    results: tuple[str, ...]


@dataclass(frozen=True)
class DutyTable:
    columns: tuple[str, str]
    rows: tuple[DutyRow, ...]


Block = Paragraph | LabelTable | DutyTable


@dataclass(frozen=True)
class Section:
    key: SectionKey
    number: str
    """`1.`, `2.` …"""
    heading: str
    """As printed, upper case: `TEENISTUSÜLESANDED`."""
    blocks: tuple[Block, ...]

    @property
    def title(self) -> str:
        return f"{self.number} {self.heading}"


@dataclass(frozen=True)
class SignatureColumn:
    """One signing party: its lines, with an empty string where the signer signs (no names)."""

    lines: tuple[str, ...]


@dataclass(frozen=True)
class Document:
    """Everything the official document prints, in order."""

    position_id: str
    title: str
    """Document title for file properties: `Ametijuhend: Nõunik (perelepitus)`."""
    note: str | None
    """Printed above everything, e.g. `Töölepingu juurde kuuluv lisa`."""
    approval: tuple[str, ...]
    """The approval block's lines (`KINNITATUD`, …), empty when the document has none."""
    kind: str
    """`AMETIJUHEND`."""
    sections: tuple[Section, ...]
    signatures_intro: str | None
    signatures: tuple[SignatureColumn, ...]
    signed_original: str | None
    """`Allkirjastatud originaal: …` when the register reference is known."""
    version: str
    """`kinnitatud 04.01.2024, käskkiri nr 3`, `kinnitamata` or `APPROVAL_MISSING`, for the footer."""
    draft: bool
    """A draft (mustand): every page carries the draft mark."""
    incomplete: bool
    """The document marks something the source lacks (`MISSING` is printed): every page carries the mark.
    A field named in `missing:` that the document has no place for (the approval of an annex to an employment
    contract) is not marked: the footer's version says it."""
    digest: str = field(default="")
    """Short hash of the document's text (12 hex digits), for the footer."""
    source_note: str | None = None
    """`SOURCE_NOTE`, first of all, when the source is an incomplete copy (`incomplete_source`)."""

    @property
    def marks(self) -> list[str]:
        """The marks every page carries, in order (the print view, DOCX and PDF print the same)."""
        return [mark for mark, on in ((DRAFT_MARK, self.draft), (INCOMPLETE_MARK, self.incomplete)) if on]


def document(position: Position, links: Links, name: Callable[[str], str] | None = None) -> Document:
    """The official document of `position`; `links` only supplies names of units, positions, competencies."""
    p = position
    printed = p.printed
    sections = [
        _section(p, key, str(n), heading, links, name or links.name)
        for n, (key, heading) in enumerate(_headings(p), start=1)
    ]
    approval = _approval(p, printed.approver if printed else None)
    doc = Document(
        position_id=p.id,
        title=f"Ametijuhend: {_title(p) or UNTITLED}",  # as the page names it: the id is internal
        note=p.document_note,
        approval=approval,
        kind="AMETIJUHEND",
        sections=tuple(sections),
        signatures_intro=_signatures_intro(sum(1 for s in p.signatures if s.party)),
        signatures=tuple(_signature(s.party, s.title, s.digital) for s in p.signatures),
        signed_original=_signed_original(p),
        version=_version(p),
        draft=p.status is Status.MUSTAND,
        incomplete=bool(p.missing) and (any(MISSING in line for line in approval) or _marks_missing(sections)),
        source_note=SOURCE_NOTE.format(what=p.incomplete_source) if p.incomplete_source else None,
    )
    digest = hashlib.sha256(plain_text(doc).encode("utf-8")).hexdigest()[:12]
    return Document(**{**doc.__dict__, "digest": digest})


def _marks_missing(sections: list[Section]) -> bool:
    """Whether a section prints the mark of a field the source lacks."""
    def marked(blocks: tuple[Block, ...]) -> bool:
        for block in blocks:
            if isinstance(block, Paragraph):
                if block.kind == "missing":
                    return True
            elif isinstance(block, LabelTable) and any(marked(c.value) for row in block.rows for c in row):
                return True
        return False
    return any(marked(s.blocks) for s in sections)


def plain_text(doc: Document) -> str:
    """The document as plain text, one paragraph a line, tables read row by row (labels, then values)."""
    lines: list[str] = [doc.source_note] if doc.source_note else []
    if doc.note:
        lines.append(doc.note)
    lines += doc.approval
    lines.append(doc.kind)
    for section in doc.sections:
        lines.append(section.title)
        for block in section.blocks:
            lines += _block_lines(block)
    if doc.signatures_intro:
        lines.append(doc.signatures_intro)
    depth = max((len(c.lines) for c in doc.signatures), default=0)
    for i in range(depth):
        row = [c.lines[i] for c in doc.signatures if i < len(c.lines) and c.lines[i]]
        if row:
            lines.append(" ".join(row))
    if doc.signed_original:
        lines.append(doc.signed_original)
    return "\n".join(lines) + "\n"


def _block_lines(block: Block) -> list[str]:
    if isinstance(block, Paragraph):
        return [block.text]
    if isinstance(block, DutyTable):
        lines = [" ".join(block.columns)]
        for row in block.rows:
            lines.append(f"{row.number} {row.task}")
            lines += row.subtasks
            lines += [row.results_intro] if row.results_intro else []
            lines += row.results
        return lines
    lines = []
    for cells in block.rows:
        if block.layout == "above":
            lines.append(" ".join(c.label for c in cells))
            lines += [p.text for c in cells for p in c.value]
        else:
            for c in cells:
                lines.append(c.label)
                lines += [p.text for p in c.value]
    return lines


# --- parts ---------------------------------------------------------------------------------


def standard_headings(document_type: DocumentType) -> dict[SectionKey, str]:
    """The headings a document of the type prints unless `printed.headings` says otherwise."""
    sample = Position.model_construct(document_type=document_type, tools="-", missing=[])
    return {cast(SectionKey, s.anchor): s.title.upper() for s in position_sections(sample) if s.number}


def _headings(p: Position) -> list[tuple[SectionKey, str]]:
    own: dict[str, str] = {str(k): v for k, v in p.printed.headings.items()} if p.printed else {}
    return [(cast(SectionKey, s.anchor), own.get(s.anchor) or s.title.upper())
            for s in position_sections(p) if s.number]


def _title(p: Position) -> str | None:
    if not p.title:
        return None
    return f"{p.title} ({p.specialisation})" if p.specialisation else p.title


def _missing(p: Position, name: str) -> tuple[Paragraph, ...]:
    return (Paragraph(MISSING, "missing"),) if name in p.missing else ()


def _value(p: Position, name: str, text: str | None) -> tuple[Paragraph, ...]:
    return (Paragraph(text),) if text else _missing(p, name)


def _approval(p: Position, printed_approver: str | None) -> tuple[str, ...]:
    a = p.approval
    if a is None:
        # An annex of an employment contract (document_note) has no approval block of its own.
        return ("KINNITATUD", MISSING) if "approval" in p.missing and not p.document_note else ()
    approver = printed_approver or APPROVER_GENITIVE.get(a.approver or "")
    date = a.date.strftime("%d.%m.%Y") if a.date else (MISSING if "approval.date" in p.missing else "")
    lines = ["KINNITATUD"]
    if approver:
        lines.append(f"{approver} {date}".strip())
    else:  # no inflected form known: a neutral wording, never a guessed case ending
        who = a.approver or (MISSING if "approval.approver" in p.missing else "")
        lines.append(", ".join(part for part in (f"Kinnitaja: {who}" if who else "", date) if part))
    if a.order_number:
        lines.append(f"käskkirjaga nr {a.order_number}")
    elif "approval.order_number" in p.missing:
        lines.append(f"käskkirjaga nr {MISSING}")
    if a.effective_from:  # as the order states it: the signed document says what the page says
        lines.append(f"{EFFECTIVE} {a.effective_from.strftime('%d.%m.%Y')}")
    return tuple(lines)


def _version(p: Position) -> str:
    a = p.approval
    if a is None or a.date is None:
        return APPROVAL_MISSING if p.approval_date_missing else UNAPPROVED
    version = f"kinnitatud {a.date.strftime('%d.%m.%Y')}"
    version = f"{version}, käskkiri nr {a.order_number}" if a.order_number else version
    return f"{version}, jõustub {a.effective_from.strftime('%d.%m.%Y')}" if a.effective_from else version


def _names(ids: list[str], name: Callable[[str], str]) -> str:
    return names_text([name(i) for i in ids])


def names_text(names: list[str]) -> str:
    """`Talitusejuhataja, teenuse juht, nõunik`: names in the nominative, later ones starting in lower case."""
    return ", ".join([names[0], *(_lower_first(n) for n in names[1:])]) if names else ""


def _lower_first(text: str) -> str:
    """Lower-case the first letter of a common noun; an acronym (`SKA …`) keeps its case."""
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


def _unit_text(p: Position, links: Links) -> str | None:
    return unit_text(links.unit_path(p.unit)) or p.unit


def unit_text(path: list[Unit]) -> str:
    """`Laste heaolu osakond, asendushoolduse talitus (asendushoolduse arendustiim)` from the path, top first."""
    if not path:
        return ""
    text = path[0].name
    for unit in path[1:]:
        name = _lower_first(unit.name)
        text += f" ({name})" if unit.kind.value == "tiim" else f", {name}"
    return text


def _general(p: Position, links: Links, name: Callable[[str], str]) -> LabelTable:
    printed = p.printed
    own = {
        "unit": printed.unit if printed else None,
        "manager": printed.manager if printed else None,
        "substituted_by": printed.substituted_by if printed else None,
        "substitutes_for": printed.substitutes_for if printed else None,
    }
    derived = {
        "unit": _unit_text(p, links) if p.unit else None,
        "manager": name(p.manager) if p.manager else None,
        "substituted_by": _names(p.substituted_by, name),
        "substitutes_for": _names(p.substitutes_for, name),
    }

    def cell(label: str, name: str) -> Cell:
        text = _title(p) if name == "title" else own.get(name) or derived.get(name)
        return Cell(label, _value(p, name, text))

    return LabelTable(
        rows=(
            (cell("1.1 Ametinimetus", "title"), cell("1.2 Struktuuriüksus", "unit")),
            (cell("1.3 Vahetu juht", "manager"), cell("1.4 Kes asendab", "substituted_by"),
             cell("1.5 Keda asendab", "substitutes_for")),
        ),
        layout="above",
    )


@functools.cache  # a handful of document types; a model instance per call was a sixth of `document`
def duty_columns(document_type: DocumentType) -> tuple[str, str]:
    """The standard column headings of the duties table: `Põhiülesanded | Oodatavad tulemused`, `ÜLESANNE | TULEMUS`."""
    sample = Position.model_construct(document_type=document_type)
    task, result = heading(sample, "task_column"), heading(sample, "result_column")
    return (task.upper(), result.upper()) if document_type is DocumentType.TOOTAJA else (task, result)


def _duties(p: Position) -> tuple[Block, ...]:
    if not p.duties:
        return _missing(p, "duties")
    columns = tuple(p.printed.duty_columns) if p.printed and len(p.printed.duty_columns) == 2 else (
        duty_columns(p.document_type))
    dot = number_dot(p)
    rows = tuple(
        DutyRow(f"{d.number}{dot}", d.task, tuple(d.subtasks), d.results_intro, tuple(d.results)) for d in p.duties
    )
    return (DutyTable((columns[0], columns[1]), rows),)


def number_dot(p: Position) -> str:
    """What follows a duty's number as the document prints it: `.` when the source writes `3.1.`, else nothing."""
    return "." if p.printed and p.printed.number_dot else ""


def _bullets(p: Position, name: str, value: object) -> tuple[Block, ...]:
    from ..models import BulletList

    if not isinstance(value, BulletList):
        return _missing(p, name)
    intro = (Paragraph(value.intro),) if value.intro else ()
    return intro + tuple(Paragraph(item, "bullet") for item in value.items)


def _requirements(p: Position, links: Links) -> tuple[Block, ...]:
    r = p.requirements
    blocks: list[Block] = []
    if r is None:
        blocks += _missing(p, "requirements")
    else:
        cells = [
            Cell("Haridus", _value(p, "requirements.education", r.education)),
            Cell("Töökogemus", _value(p, "requirements.experience", r.experience)),
            Cell("Keeleoskus", tuple(Paragraph(lang.text) for lang in r.languages)
                 or _missing(p, "requirements.languages")),
            Cell("Arvutikasutamise oskus", _value(p, "requirements.computer_skills", r.computer_skills)),
        ]
        if r.travel:
            cells.append(Cell("Valmisolek lähetusteks", (Paragraph(r.travel),)))
        cells += [Cell(o.label, (Paragraph(o.text),)) for o in r.other]
        cells = [c for c in cells if c.value]
        if cells:
            blocks.append(LabelTable(tuple((c,) for c in cells), layout="beside"))
    blocks += _competencies(p, links)
    return tuple(blocks)


def _competencies(p: Position, links: Links) -> list[Block]:
    c = p.competencies
    blocks: list[Block] = []
    if c.core or "competencies" in p.missing:
        blocks.append(Paragraph("Tööks vajalikud kompetentsid", "label"))
        blocks += _missing(p, "competencies") if not c.core else ()
    for use in c.core:
        w = wording(use, links.competencies.get(use.competency), "core")
        if w.indicators:
            blocks.append(Paragraph(f"{w.name}:", "label"))
            blocks += [Paragraph(i, "bullet") for i in w.indicators]
        else:
            blocks.append(Paragraph(f"{w.name}: {w.definition}" if w.definition else w.name))
    if c.additional or c.knowledge:
        blocks.append(Paragraph("Täiendavad kompetentsid, isikuomadused ja teadmised", "label"))
    for use in c.additional:
        w = wording(use, links.competencies.get(use.competency), "additional")
        blocks.append(Paragraph(f"{w.name}: {w.definition}" if w.definition else w.name, "bullet"))
    blocks += [Paragraph(k, "bullet") for k in c.knowledge]
    return blocks


def _section(p: Position, key: SectionKey, number: str, heading: str, links: Links,
             name: Callable[[str], str]) -> Section:
    blocks: tuple[Block, ...]
    if key == "uldosa":
        blocks = (_general(p, links, name),)
    elif key == "eesmark":
        blocks = _value(p, "purpose", p.purpose)
    elif key == "ulesanded":
        blocks = _duties(p)
    elif key == "oigused":
        blocks = _bullets(p, "rights", p.rights)
    elif key == "vastutus":
        blocks = _bullets(p, "responsibilities", p.responsibilities)
    elif key == "toovahendid":
        blocks = _value(p, "tools", p.tools)
    elif key == "nouded":
        blocks = _requirements(p, links)
    else:
        kind: Kind = "bullet" if len(p.amendment) > 1 else "text"
        blocks = tuple(Paragraph(a, kind) for a in p.amendment) or _missing(p, "amendment")
    return Section(key, f"{number}.", heading, blocks)


def _signature(party: str | None, title: str | None, digital: bool) -> SignatureColumn:
    """Party, the digital-signature note, an empty line where the name goes (a rule on paper), the title."""
    lines = [f"{party}:"] if party else []
    lines += [DIGITAL, ""] if digital else [SIGNATURE_RULE]
    lines.append(title or "")
    return SignatureColumn(tuple(lines))


def _signatures_intro(parties: int) -> str | None:
    """`Poolte allkirjad:` over the parties' columns (`Allkiri:` over a single party's)."""
    return "Poolte allkirjad:" if parties > 1 else "Allkiri:" if parties else None


def _signed_original(p: Position) -> str | None:
    s = p.signed_original
    if s is None:
        return None
    parts = [f"dokumendiregistri nr {s.register_number}" if s.register_number else "", s.address or ""]
    return f"{SIGNED_ORIGINAL}: " + ", ".join(part for part in parts if part)
