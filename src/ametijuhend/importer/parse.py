"""The parser: the intermediate document → a draft position (plain dict) and what could not be placed.

`parse` runs the section parsers (`general`, `duties`, `requirements` and the
small ones here), resolves references through `Catalogues`, computes `missing`
and collects every source line that was not placed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, get_args

from ..document.model import SOURCE_NOTE
from ..ids import fold, slugify
from ..messages import Msg
from ..models import EXPECTED, MISSING_IN_SOURCE, REQUIRED_IN_FORCE, MissingField, is_absent
from .duties import parse_duties
from .general import parse_general, split_names
from .personal import masked, name_like, personal
from .printed import printed_details
from .requirements import parse_requirements
from .resolve import Catalogues, Proposal
from .sections import (
    PERSON_NAME,
    SECTION_NAMES,
    SIGNATURE,
    SIGNATURE_START,
    TITLE_LINE,
    Placed,
    lines_of,
    split_sections,
)
from .source import Document, Line, Table
from .text import clean, items, join, sentences

_EMPLOYEE_HEADING = re.compile(r"^(\d+\s*[.)]?\s*)?TÖÖ(ÜLESANDED|KOHA)\b")
"""Headings that only an employee's description (töötaja) has: tööülesanded, töökoha eesmärk/nõuded."""
_APPROVAL = re.compile(
    r"^(?P<approver>.*?)\s*(?P<date>\d{1,2}\.\d{1,2}\.\d{4})\s*(?:a\.?\s*)?"
    r"(?:(?:käskkirja|korraldus)\w*\s+nr\.?\s*(?:" + re.escape(MISSING_IN_SOURCE) +  # a number the source lacks
    r"|(?P<number>[0-9A-Za-z][0-9A-Za-z./-]*)))?",
)

_EFFECTIVE = re.compile(r"^Jõustub (\d{1,2})\.(\d{1,2})\.(\d{4})$")
"""The approval block's line of the day a version takes effect, as `ametijuhend export` prints it."""

_MISSING_MARK = fold(MISSING_IN_SOURCE)


@dataclass
class Parsed:
    """What the parser made of one document."""

    position: dict[str, Any]
    sections: list[str] = field(default_factory=list)
    proposals: list[Proposal] = field(default_factory=list)
    unresolved: list[Msg] = field(default_factory=list)
    unplaced: list[tuple[int, str]] = field(default_factory=list)
    notes: list[Msg] = field(default_factory=list)
    """Remarks for the maintainer (e.g. signer names left out)."""
    personal: list[tuple[int, str]] = field(default_factory=list)
    """Lines left out as personal data (a name, an acknowledgement): line number, capitals cut to initials."""


def parse(doc: Document, catalogues: Catalogues, source_label: str) -> Parsed:
    """Parse a document into a draft position dict (status `mustand`)."""
    placed = Placed()
    _drop_missing_marks(doc)
    signed_original = _signed_original(doc)
    pos: dict[str, Any] = {}
    result = Parsed(pos)
    result.personal = _take_personal(doc.lines(), free_text=False)
    sections, numbers = split_sections(doc, placed)
    for name, blocks in sections.items():
        if name.startswith("amendment"):  # rules only: a name there is a person, not a rule
            result.personal += _take_personal(lines_of(blocks), free_text=True)
    found = [name for name in sections if name != "preamble" and sections[name]]
    result.sections = [SECTION_NAMES.get(name.split("~")[0], name) for name in found if name != "toc"]

    _preamble(sections.get("preamble", []), sections.get("approval"), pos, placed)
    employee = "document_note" in pos or any(_EMPLOYEE_HEADING.match(line.text) for line in doc.lines())
    general = parse_general(sections.get("general", []), placed)
    title = general.get("title")
    if title:
        match = re.match(r"^(.*?)\s*\((.+)\)\s*$", title)
        pos["title"], spec = (match.group(1), match.group(2)) if match else (title, None)
        if spec:
            pos["specialisation"] = spec
    if "unit" in general:
        unit, proposals = catalogues.unit(general["unit"])
        if unit:
            pos["unit"] = unit
        for proposal in proposals:
            result.proposals.append(proposal)
            result.unresolved.append(Msg("import.unknown_unit", name=str(proposal.entry["name"])))
    # The id of an untitled document comes from its content once that is parsed (below); the title
    # and unit, when printed, are known now and let the document refer to itself (003 substitutes itself).
    pos_id = _titled_id(pos)
    if pos_id:
        catalogues.add_position(pos_id, pos.get("title"), pos.get("specialisation"))
    for key, partitive in (("manager", False), ("substituted_by", False), ("substitutes_for", True)):
        if key not in general:
            continue
        ids: list[str] = []
        for name in split_names(general[key]):
            if name_like(name) and catalogues.position(name, partitive=partitive)[1] is not None:
                result.personal.append((_line_of(doc, name), masked(name)))  # a person, not a position
                continue
            for ref in _resolve_positions(name, partitive, catalogues, key, result):
                if ref not in ids:
                    ids.append(ref)
        if ids:
            pos[key] = ids[0] if key == "manager" else ids

    _plain(sections.get("purpose"), pos, "purpose", placed)
    pos["duties"] = parse_duties(sections.get("duties", []), placed, numbers.get("duties"), result.notes)
    for key in ("rights", "responsibilities"):
        bullets = _bullet_list(sections.get(key, []), placed)
        if bullets:
            pos[key] = bullets
    _plain(sections.get("tools"), pos, "tools", placed)
    requirements = parse_requirements(sections.get("requirements", []), placed)
    if requirements:
        pos["requirements"] = requirements
    pos["competencies"] = _competencies(sections.get("core", []), sections.get("additional", []),
                                        catalogues, result, placed)
    pos["amendment"] = _amendment(sections.get("amendment", []), placed)
    pos["signatures"] = _signatures(sections.get("signatures", []), result, placed)

    if not pos_id:
        pos_id = _content_id(pos)
        catalogues.add_position(pos_id, pos.get("title"), pos.get("specialisation"))
    ordered = _ordered(pos_id, "tootaja" if employee else "ametnik", source_label, pos)
    ordered["signed_original"] = signed_original
    ordered["printed"] = printed_details(doc, sections, general, ordered, catalogues,
                                         _printed_approver(sections.get("approval")))
    ordered["missing"] = missing_fields(ordered)
    result.position = {k: v for k, v in ordered.items() if v not in (None, [], {})}
    for no, text in _unplaced(doc, placed):
        if personal(text, free_text=True):
            result.personal.append((no, masked(text)))
        else:
            result.unplaced.append((no, text))
    result.personal.sort()
    if doc.furniture:
        result.notes.append(Msg("import.furniture", count=doc.furniture))
    return result


ID_MAX = 120
"""The longest id the model accepts (`models.Id`)."""
UNTITLED = "nimetu-ametikoht"


def make_id(*parts: str, limit: int = ID_MAX) -> str:
    """A slug of `parts` no longer than `limit`, cut at a hyphen where possible; "" without Latin letters or digits.

    A later part is never cut away by an earlier long one: each part after the first keeps its own
    slug (itself cut to half the limit), and the first part gives way.
    """
    slugs = [s for s in (slugify(p) for p in parts) if s]
    if not slugs:
        return ""
    tail = "-".join(_cut(s, limit // 2) for s in slugs[1:])
    room = limit - len(tail) - (1 if tail else 0)
    return "-".join(s for s in (_cut(slugs[0], room), tail) if s)


def _cut(slug: str, limit: int) -> str:
    if len(slug) <= limit:
        return slug
    head = slug[:limit + 1]
    return (head.rsplit("-", 1)[0] if "-" in head[1:] else slug[:limit]).strip("-")


def _titled_id(pos: dict[str, Any]) -> str:
    """The id from the printed title (and specialisation), or from the unit of an untitled post; "" otherwise."""
    if pos.get("title"):
        return make_id(pos["title"], pos.get("specialisation") or "")
    return make_id(UNTITLED, pos["unit"]) if pos.get("unit") else ""


def _content_id(pos: dict[str, Any]) -> str:
    """A neutral id from a short hash of the parsed content: never from the file or folder name.

    A title without Latin letters or digits gives `ametikoht-<hash>`, a document without title and
    unit `nimetu-ametikoht-<hash>`. The hash is of the parsed fields, so the .docx and the .pdf of
    one document get the same id.
    """
    content = json.dumps(pos, ensure_ascii=False, sort_keys=True, default=str)
    digest = hashlib.sha256(content.encode("utf-8")).hexdigest()[:8]
    return make_id("ametikoht" if pos.get("title") else UNTITLED, digest)


_SIGNED_ORIGINAL = re.compile(r"^Allkirjastatud originaal:\s*(?P<rest>\S.*)$", re.I)
_REGISTER = re.compile(r"^(?:dokumendiregistri\s+nr\.?\s*)?(?P<number>[^,]*?)\s*(?:,\s*)?(?P<url>https?://\S+)?$", re.I)


def _signed_original(doc: Document) -> dict[str, str] | None:
    """`Allkirjastatud originaal: dokumendiregistri nr 1-2/45, https://…` → register number and address.

    The line is taken out of the document: it follows the signatures, where every line is
    otherwise treated as a possible signer's name.
    """
    for block in doc.blocks:
        if isinstance(block, Line) and (match := _SIGNED_ORIGINAL.match(clean(block.text))):
            parts = _REGISTER.match(match.group("rest"))
            if parts is None:
                return None
            doc.blocks.remove(block)
            out = {"register_number": parts.group("number").strip(" ."), "address": parts.group("url") or ""}
            return {k: v for k, v in out.items() if v} or None
    return None


def _drop_missing_marks(doc: Document) -> None:
    """A document made from the data prints `puudub lähtedokumendis` where a field is missing: not a value."""
    def keep(line: Line) -> bool:
        return fold(clean(line.text)) != _MISSING_MARK

    doc.blocks = [b for b in doc.blocks if not isinstance(b, Line) or keep(b)]
    for block in doc.blocks:
        if isinstance(block, Table):
            block.rows = [[[line for line in cell if keep(line)] for cell in row] for row in block.rows]


def _resolve_positions(name: str, partitive: bool, catalogues: Catalogues, key: str, result: Parsed) -> list[str]:
    """Ids for one printed name; `A ja B` is two positions only when both are known (names contain `ja` too)."""
    ref, proposal = catalogues.position(name, partitive=partitive)
    if proposal is None:
        return [ref]
    parts = [p.strip() for p in re.split(r"\s+ja\s+", name) if p.strip()]
    if len(parts) > 1:
        qualifier = re.search(r"\([^()]+\)\s*$", parts[-1])
        if qualifier:
            parts = [p if "(" in p else f"{p} {qualifier.group(0).strip()}" for p in parts]
        resolved = [catalogues.position(p, partitive=partitive) for p in parts]
        if all(prop is None for _, prop in resolved):
            return [r for r, _ in resolved]
    result.proposals.append(proposal)
    result.unresolved.append(Msg("import.unknown_position", key=key, name=name, ref=ref))
    return [ref]


def _ordered(pos_id: str, doc_type: str, source_label: str, pos: dict[str, Any]) -> dict[str, Any]:
    head = {"id": pos_id, "document_type": doc_type, "status": "mustand"}
    if "incomplete_source" in pos:  # a document made here from an incomplete copy says which part is lost
        head["incomplete_source"] = pos["incomplete_source"]
    head["source"] = source_label
    order = ("document_note", "approval", "title", "specialisation", "unit", "manager", "substituted_by",
             "substitutes_for", "purpose", "duties", "rights", "responsibilities", "tools", "requirements",
             "competencies", "amendment", "signatures", "signed_original", "printed")
    return head | {key: pos[key] for key in order if key in pos}


def missing_fields(pos: dict[str, Any]) -> list[str]:
    """Fields validation expects that the document does not have (a parent stands for its children).

    Without a title the specialisation is unknown too; a title without brackets has none, which is
    not missing. Ordered as the schema lists them.
    """
    out = []
    for name in (*REQUIRED_IN_FORCE, *EXPECTED):
        parent, _, child = name.partition(".")
        if child and (parent in out or parent not in pos):
            continue
        if is_absent(pos, name) and name not in out:
            out.append(name)
    if "title" in out:
        out.append("specialisation")
    order = list(get_args(MissingField))
    return sorted(out, key=order.index)


def _line_of(doc: Document, text: str) -> int:
    """The number of the first source line that holds the first word of `text` (0 if none does)."""
    word = text.split()[0]
    return next((line.no for line in doc.lines() if word in line.text), 0)


def _take_personal(lines: Iterable[Line], *, free_text: bool) -> list[tuple[int, str]]:
    """Blank the lines that are personal data (see `personal`); their numbers and masked text."""
    out = []
    for line in lines:
        if SIGNATURE_START.match(line.text.strip()):
            continue  # the heading of the signature block ("Allkiri:"), not a person
        if line.text and personal(line.text, free_text=free_text):
            out.append((line.no, masked(clean(line.text))))
            line.text = ""
    return out


def _unplaced(doc: Document, placed: Placed) -> list[tuple[int, str]]:
    return [(line.no, clean(line.text)) for line in doc.lines() if line.text and line.no not in placed.lines]


def _preamble(preamble: list[Line | Table], approval: list[Line | Table] | None,
              pos: dict[str, Any], placed: Placed) -> None:
    lines = [line for line in lines_of(preamble) if not line.blank]
    for index, line in enumerate(lines):
        if line.no in placed.lines:
            continue
        if TITLE_LINE.match(line.text):
            placed.add(line)
        elif line.text.strip().startswith(_SOURCE_NOTE_START):
            _source_note(lines[index:], pos, placed)
        elif re.search(r"töölepingu", line.text, re.I):
            pos["document_note"] = clean(line.text)  # "Töölepingu juurde kuuluv lisa": an employee's
            placed.add(line)
    if approval is None:
        return
    lines = [line for line in lines_of(approval) if not line.blank]
    text = clean(" ".join(line.text for line in lines))
    match = _APPROVAL.match(text)
    if not match:
        return
    placed.add(lines)
    record: dict[str, Any] = {}
    approver = match.group("approver").strip(" ,")
    if approver:
        words = approver.split(" ")
        if words[-1].endswith("i") and len(words[-1]) > 4 and words[-1][-2] not in "aeiouõäöü":
            words[-1] = words[-1][:-1]  # genitive "peadirektori" → "peadirektor"
        record["approver"] = " ".join(words)
    if match.group("number"):
        record["order_number"] = match.group("number").rstrip(".")
    day, month, year = (int(x) for x in match.group("date").split("."))
    try:
        record["date"] = dt.date(year, month, day).isoformat()
    except ValueError:
        placed.lines.difference_update(line.no for line in lines)  # an impossible date: leave the text unplaced
        return
    rest = text[match.end():].strip()
    effective = _EFFECTIVE.match(rest)
    if effective:  # the line the official document prints (`document.model.EFFECTIVE`), nothing looser
        day, month, year = (int(x) for x in effective.groups())
        try:
            record["effective_from"] = dt.date(year, month, day).isoformat()
            rest = ""
        except ValueError:
            pass
    if rest:
        placed.lines.difference_update({lines[-1].no})
    pos["approval"] = record


_SOURCE_NOTE_START = SOURCE_NOTE.split(":", 1)[0] + ":"
_SOURCE_NOTE = re.compile("^" + re.escape(SOURCE_NOTE).replace(re.escape("{what}"), "(?P<what>.+)") + "$")


_SOURCE_NOTE_LINES = 8
"""Most lines the note may take (a PDF wraps it): its reading stays a few joins whatever the file holds."""


def _source_note(lines: list[Line], pos: dict[str, Any], placed: Placed) -> None:
    """The note a document made from an incomplete copy starts with (`document.model.SOURCE_NOTE`), over one or
    more lines (the most that reads as the note: a wrapped line may end in a full stop of its own), read back
    as `incomplete_source`; the lines up to the next part of the preamble at most."""
    group: list[Line] = []
    for line in lines[:_SOURCE_NOTE_LINES]:
        if group and (line.text.strip().startswith(_SOURCE_NOTE_START) or TITLE_LINE.match(line.text)
                      or re.search(r"töölepingu", line.text, re.I)):
            break
        group.append(line)
    joined = [""]
    for line in group:
        joined.append(join(joined[-1], line.text))
    for count in range(len(group), 0, -1):
        match = _SOURCE_NOTE.match(clean(joined[count]))
        if match:
            pos["incomplete_source"] = match.group("what")
            placed.add(group[:count])
            return


def _printed_approver(approval: list[Line | Table] | None) -> str | None:
    """The approver as the approval block prints it (genitive)."""
    text = clean(" ".join(line.text for line in lines_of(approval or []) if not line.blank))
    match = _APPROVAL.match(text)
    return match.group("approver").strip(" ,") or None if match else None


def _plain(blocks: list[Line | Table] | None, pos: dict[str, Any], key: str, placed: Placed) -> None:
    if not blocks:
        return
    text = ""
    lines = [line for line in lines_of(blocks) if not line.blank]
    for line in lines:
        text = join(text, line.text)
    if text:
        pos[key] = clean(text)
        placed.add(lines)


def _bullet_list(blocks: list[Line | Table], placed: Placed) -> dict[str, Any] | None:
    parts = items(lines_of(blocks))
    if not parts:
        return None
    placed.add(*parts)
    out: dict[str, Any] = {}
    if not parts[0].bullet and parts[0].text.endswith(":") and len(parts) > 1:
        out["intro"] = parts[0].text
        parts = parts[1:]
    out["items"] = [it.text for it in parts]
    return out


_NAME_LINE = re.compile(r"^[A-ZÕÄÖÜŠŽ][^:]{0,80}:\s*$")
_NAME_DEF = re.compile(r"^([A-ZÕÄÖÜŠŽ][^:]{0,100}?):\s+(\S.*)$")


def _competencies(core: list[Line | Table], additional: list[Line | Table], catalogues: Catalogues,
                  result: Parsed, placed: Placed) -> dict[str, Any]:
    out: dict[str, Any] = {}
    uses: list[dict[str, Any]] = []
    current: dict[str, Any] | None = None
    for it in items(lines_of(core), starts_item=lambda line: not line.bullet and bool(_NAME_LINE.match(line.text))):
        if not it.bullet and it.text.endswith(":"):
            current = {"name": it.text[:-1].strip(), "indicators": []}
            uses.append(current)
            placed.add(it)
        elif current is not None:
            current["indicators"].append(it.text)
            placed.add(it)
        elif (m := _NAME_DEF.match(it.text)) is not None:  # `Name: indicator` on one line
            current = {"name": m.group(1), "indicators": [m.group(2)]}
            uses.append(current)
            placed.add(it)
    out["core"] = [_use(u, catalogues, result) for u in uses]
    extra: list[dict[str, Any]] = []
    knowledge: list[str] = []
    for it in items(lines_of(additional)):
        m = _NAME_DEF.match(it.text)
        if m and len(m.group(1).split()) <= 8:
            extra.append({"name": m.group(1).strip(), "definition": m.group(2).strip()})
        else:
            knowledge.append(it.text)
        placed.add(it)
    out["additional"] = [_use(u, catalogues, result) for u in extra]
    out["knowledge"] = knowledge
    return {k: v for k, v in out.items() if v}


def _use(printed: dict[str, Any], catalogues: Catalogues, result: Parsed) -> dict[str, Any]:
    """A competency use: the catalogue id, plus the document's own wording where it differs."""
    comp, cid = catalogues.competency(printed["name"])
    use: dict[str, Any] = {"competency": cid}
    if comp is None:
        result.unresolved.append(Msg("import.unknown_competency", name=printed["name"], id=cid))
        entry = {"id": cid, "name": printed["name"]}
        result.proposals.append(Proposal("competencies.yaml", entry, printed["name"]))
    if comp is None or fold(comp.name) != fold(printed["name"]):
        use["name"] = printed["name"]
    definition = printed.get("definition")
    if definition and (comp is None or clean(comp.definition or "") != definition):
        use["definition"] = definition
    indicators = printed.get("indicators")
    if indicators and (comp is None or [clean(x) for x in comp.indicators] != indicators):
        use["indicators"] = indicators
    return use


def _amendment(blocks: list[Line | Table], placed: Placed) -> list[str]:
    out: list[str] = []
    for it in items(lines_of(blocks)):
        placed.add(it)
        out.extend([it.text] if it.bullet else sentences(it.text))
    return out


def _signature_rows(blocks: list[Line | Table]) -> list[tuple[list[Line], list[str]]]:
    """Rows of the signature block: the lines of each row and the text of each column."""
    rows: list[tuple[list[Line], list[str]]] = []
    for block in blocks:
        if isinstance(block, Table):
            for row in block.rows:
                filled = [[x for x in cell if not x.blank] for cell in row]
                for i in range(max(map(len, filled), default=0)):  # a cell with several lines gives several rows
                    lines = [cell[i] for cell in filled if i < len(cell)]
                    rows.append((lines, [line.text for line in lines]))
        elif not block.blank:
            rows.append(([block], [c.strip() for c in re.split(r"\s{2,}|\t", block.text) if c.strip()]))
    return rows


_TITLE_CELL = re.compile(r"^(?!lisa\b)[^\d:]{2,80}$", re.I)
"""A signer's title (`peadirektor`, `personalijuht`): short, no digits, not a label or an appendix."""


def _signatures(blocks: list[Line | Table], result: Parsed, placed: Placed) -> list[dict[str, Any]]:
    """Parties and titles of the signers. Names are personal data: never kept, never reported verbatim.

    The layout is: optional `Poolte allkirjad:`, a row of parties (`Tööandja:`), a row of
    `(allkirjastatud digitaalselt)`, a row of names, a row of titles. The name rows are left
    out (counted in a note); anything else after the block (an appendix, a remark) is not part
    of it and stays "text not placed", so it is reported, never dropped silently.
    """
    parties: list[str] = []
    titles: list[str] = []
    marks = 0
    stage = 0  # 1: after the marks (names next), 2: after the names (titles next), 3: after the titles
    names = 0
    for lines, cells in _signature_rows(blocks):
        text = " ".join(cells)
        if SIGNATURE_START.match(text) and stage == 0:
            placed.add(lines)
        elif SIGNATURE.search(text) and stage < 3:
            marks += len(SIGNATURE.findall(text))
            stage = 1
            placed.add(lines)
        elif stage == 0 and all(c.endswith(":") for c in cells):
            parties += [c.rstrip(":").strip() for c in cells]
            placed.add(lines)
        elif stage == 1 and all(" " not in c for c in cells) and all(_TITLE_CELL.match(c) for c in cells):
            # right after the marks when the name lines were left blank for signing (a document made from
            # the data): one word such as `peadirektor` is a title, never a full name
            titles += cells
            stage = 3
            placed.add(lines)
        elif stage == 1 or all(PERSON_NAME.match(c) for c in cells):
            names += len(cells)  # a row of names (after the marks, whatever they look like): not imported
            stage = max(stage, 2)
            placed.add(lines)
        elif stage == 2 and all(_TITLE_CELL.match(c) and not c.endswith(".") for c in cells):
            titles += cells
            stage = 3
            placed.add(lines)
        else:
            stage = 3  # text after the signatures: reported as not placed (or as personal data)
    if names:
        result.notes.append(Msg("import.signers", count=names))
    count = max(len(parties), len(titles), marks)
    out = []
    for i in range(count):
        sig: dict[str, Any] = {}
        if i < len(parties):
            sig["party"] = parties[i]
        if i < len(titles):
            sig["title"] = titles[i]
        sig["digital"] = i < marks
        out.append(sig)
    return out
