"""The document as DOCX: python-docx over a styles template that HR can change in Word.

The template (`templates/ametijuhend.docx`) holds everything about the look — page size
and margins, the letterhead in the page header, fonts, spacing, table borders — as
Word styles and header/footer content. The code only adds paragraphs and tables in
the template's styles (`STYLES`) and fills the footer placeholder `{jalus}`; text
from YAML goes into plain text runs, never into field codes, hyperlinks or formatting.
The page numbers ("lk 1/5") are fields of the template's footer, not of the data.
"""

from __future__ import annotations

import copy
import datetime as dt
import zipfile
from pathlib import Path
from typing import Any

import docx
from docx.document import Document as WordDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table

from .model import Document, DutyTable, LabelTable, Paragraph
from .wordzip import WordFileError, check_docx

TEMPLATE = Path(__file__).parent / "templates" / "ametijuhend.docx"

STYLES = {
    "note": "Aj märkus",
    "approval": "Aj kinnitatud",
    "kind": "Aj pealkiri",
    "heading": "Aj jaotis",
    "text": "Aj tekst",
    "bullet": "Aj loetelu",
    "label": "Aj silt",
    "missing": "Aj puudub",
    "cell": "Aj lahter",
    "cell_label": "Aj lahtri silt",
    "signature": "Aj allkiri",
    "mark": "Aj mustand",
    "table": "Aj tabel",
}
"""Role → style name in the template. Every one must exist; HR changes how they look."""

FOOTER_PLACEHOLDER = "{jalus}"
"""Replaced by `<id> · <version> · <hash>` in the template's footer."""


class TemplateError(Exception):
    """The template cannot be used; the message names the template and what is wrong (in Estonian)."""


def write_docx(doc: Document, path: Path, template: Path = TEMPLATE) -> None:
    """Write `doc` to `path` (the caller handles overwriting and the temporary file)."""
    word = _open(template)
    body = word.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    footer = f"{doc.position_id} · {doc.version} · {doc.digest}"
    if not _fill_footer(word, footer):
        raise TemplateError(f"mall {template}: jaluses puudub kohatäide {FOOTER_PLACEHOLDER}")
    if doc.marks:
        _mark_every_page(word, doc)
    _content(word, doc)
    props = word.core_properties
    props.title = doc.title
    props.language = "et"
    props.subject = doc.version
    props.author = "Sotsiaalkindlustusamet"
    props.last_modified_by = ""
    props.comments = ""
    props.keywords = doc.position_id
    props.created = props.modified = dt.datetime(2000, 1, 1)
    _set_language(word)
    word.save(str(path))


def _open(template: Path) -> WordDocument:
    try:  # a template that would inflate to gigabytes, or holds a DTD, is refused before it is parsed
        if zipfile.is_zipfile(template):  # (what is no zip at all, python-docx names below)
            check_docx(template)
    except WordFileError as error:
        raise TemplateError(f"mall {template}: {error.message.text()}") from error
    try:
        word = docx.Document(str(template))
    except Exception as exc:  # a missing, damaged or non-Word file
        raise TemplateError(f"mall {template} ei ole loetav Wordi fail ({type(exc).__name__}: {exc})") from exc
    ids = {s.name: s.style_id for s in word.styles}
    absent = [name for name in STYLES.values() if name not in ids]
    if absent:
        raise TemplateError(f"mall {template}: puudub stiil " + ", ".join(f"„{n}”" for n in absent))
    word._aj_style_ids = {role: ids[name] for role, name in STYLES.items()}  # type: ignore[attr-defined]
    return word


def _style(word: WordDocument, paragraph: Any, role: str) -> None:
    """Set the paragraph's style by id (python-docx's lookup by name walks every style, each time)."""
    paragraph._p.style = word._aj_style_ids[role]  # type: ignore[attr-defined]


def _fill_footer(word: WordDocument, text: str) -> bool:
    found = False
    for section in word.sections:
        for part in (section.footer, section.first_page_footer, section.even_page_footer):
            for paragraph in part.paragraphs:
                for run in paragraph.runs:
                    if FOOTER_PLACEHOLDER in run.text:
                        run.text = run.text.replace(FOOTER_PLACEHOLDER, text)
                        found = True
    return found


def _mark_every_page(word: WordDocument, doc: Document) -> None:
    """The draft / incomplete-source mark in the page header, so it is on every page."""
    mark = " · ".join(doc.marks)
    for section in word.sections:
        section.header.add_paragraph(mark, style=STYLES["mark"])


def _para(word: WordDocument, text: str, role: str) -> None:
    _style(word, word.add_paragraph(text), role)


def _content(word: WordDocument, doc: Document) -> None:
    if doc.source_note:
        _para(word, doc.source_note, "missing")
    if doc.note:
        _para(word, doc.note, "note")
    for line in doc.approval:
        _para(word, line, "approval")
    _para(word, doc.kind, "kind")
    for section in doc.sections:
        _para(word, section.title, "heading")
        for block in section.blocks:
            if isinstance(block, Paragraph):
                _para(word, block.text, block.kind)
            elif isinstance(block, DutyTable):
                _duties(word, block)
            else:
                _labels(word, block)
    if doc.signatures_intro:
        _para(word, doc.signatures_intro, "text")
    if len(doc.signatures) == 1:  # one signer: lines under the text, as the documents print it
        for line in doc.signatures[0].lines:
            _para(word, line, "signature")
    elif doc.signatures:  # the parties side by side
        table = _table(word, 1, len(doc.signatures), borders=False)
        for cell, column in zip(table.rows[0].cells, doc.signatures, strict=True):
            _fill(word, cell, [Paragraph(line) for line in column.lines], "signature")
    if doc.signed_original:
        _para(word, doc.signed_original, "text")


def _table(word: WordDocument, rows: int, cols: int, borders: bool = True) -> Table:
    table = word.add_table(rows=rows, cols=cols)
    if borders:
        table._tbl.tblStyle_val = word._aj_style_ids["table"]  # type: ignore[attr-defined]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    return table


def _fill(word: WordDocument, cell: Any, paragraphs: list[Paragraph], role: str | None = None) -> None:
    """Paragraphs into a table cell (its first, empty paragraph is reused)."""
    for i, p in enumerate(paragraphs or [Paragraph("")]):
        paragraph = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        paragraph.add_run(p.text)
        _style(word, paragraph, role or ("missing" if p.kind == "missing" else
                                         "bullet" if p.kind == "bullet" else "cell"))


def _labels(word: WordDocument, block: LabelTable) -> None:
    if block.layout == "above":  # the general part: each row of labels over its row of values
        for cells in block.rows:
            table = _table(word, 2, len(cells))
            for i, c in enumerate(cells):
                _fill(word, table.rows[0].cells[i], [Paragraph(c.label)], "cell_label")
                _fill(word, table.rows[1].cells[i], list(c.value))
        return
    table = _table(word, len(block.rows), 2)  # the requirements: label beside its value
    for row, cells in zip(table.rows, block.rows, strict=True):
        _fill(word, row.cells[0], [Paragraph(cells[0].label)], "cell_label")
        _fill(word, row.cells[1], list(cells[0].value))
        row.cells[0].width, row.cells[1].width = Cm(4.5), Cm(12)


def _duties(word: WordDocument, block: DutyTable) -> None:
    table = _table(word, len(block.rows) + 1, 2)
    for i, heading in enumerate(block.columns):
        _fill(word, table.rows[0].cells[i], [Paragraph(heading)], "cell_label")
    _repeat_header(table)
    for row, duty in zip(table.rows[1:], block.rows, strict=True):
        task = [Paragraph(f"{duty.number} {duty.task}"), *(Paragraph(s, "bullet") for s in duty.subtasks)]
        results = [Paragraph(duty.results_intro)] if duty.results_intro else []
        results += [Paragraph(r, "bullet") for r in duty.results]
        _fill(word, row.cells[0], task)
        _fill(word, row.cells[1], results)


def _repeat_header(table: Table) -> None:
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _set_language(word: WordDocument) -> None:
    """Estonian as the language of the text (spelling, hyphenation, screen readers)."""
    styles = word.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        return
    rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    if rpr is None:
        return
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "et-EE")


def make_template(path: Path) -> None:
    """Write the default template: A4, margins, letterhead, the styles of `STYLES`, footer with page numbers.

    Run once to create `templates/ametijuhend.docx`; after that HR edits the file in Word.
    """
    word = docx.Document()
    section = word.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(2.5), Cm(2)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    normal = word.styles["Normal"]
    normal.font.name, normal.font.size = "Arial", Pt(11)
    normal.paragraph_format.space_after = Pt(4)
    styles = word.styles

    def style(name: str, base: str = "Normal", size: float | None = None, bold: bool = False,
              italic: bool = False, align: Any = None, before: float = 0, after: float = 4,
              indent: float | None = None) -> None:
        s = styles.add_style(name, 1)
        s.base_style = styles[base]
        s.font.bold, s.font.italic = bold or None, italic or None
        if size:
            s.font.size = Pt(size)
        s.paragraph_format.space_before, s.paragraph_format.space_after = Pt(before), Pt(after)
        if align is not None:
            s.paragraph_format.alignment = align
        if indent is not None:
            s.paragraph_format.left_indent = Cm(indent)
            s.paragraph_format.first_line_indent = Cm(-0.5)

    style(STYLES["note"], align=WD_ALIGN_PARAGRAPH.RIGHT)
    style(STYLES["approval"], align=WD_ALIGN_PARAGRAPH.RIGHT, after=0)
    style(STYLES["kind"], size=14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, before=18, after=12)
    style(STYLES["heading"], size=11, bold=True, before=12, after=6)
    style(STYLES["text"], align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    style(STYLES["bullet"], base="List Bullet", indent=0.6)
    bullet_ppr = styles[STYLES["bullet"]].element.get_or_add_pPr()  # the bullet itself, not only inherited
    bullet_ppr.insert(0, copy.deepcopy(styles["List Bullet"].element.pPr.numPr))
    style(STYLES["label"], bold=True, before=6)
    style(STYLES["missing"], italic=True)
    style(STYLES["cell"], after=2)
    style(STYLES["cell_label"], bold=True, after=2)
    style(STYLES["signature"], after=0)
    style(STYLES["mark"], bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    table_style = styles.add_style(STYLES["table"], 3)
    table_style.base_style = styles["Table Grid"]
    header = section.header.paragraphs[0]
    header.text = "Sotsiaalkindlustusamet"
    header.style = styles["Header"]
    footer = section.footer.paragraphs[0]
    footer.style = styles["Footer"]
    footer.add_run(FOOTER_PLACEHOLDER + "    lk ")
    _field(footer, "PAGE")
    footer.add_run("/")
    _field(footer, "NUMPAGES")
    word.core_properties.author = "Sotsiaalkindlustusamet"
    word.core_properties.title = "Ametijuhendi mall"
    word.save(str(path))


def _field(paragraph: Any, code: str) -> None:
    """A simple field (PAGE, NUMPAGES) in the template's footer — never used for data."""
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), f" {code} ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    fld.append(run)
    paragraph._p.append(copy.deepcopy(fld))
