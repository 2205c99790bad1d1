"""The document as PDF: A4, selectable text, title and language `et` in the document properties.

ReportLab (pure Python wheel from PyPI) with the Bitstream Vera fonts that ship inside
the ReportLab package: embedded and subset, covering õ ä ö ü š ž, no system fonts or
packages needed. Text from YAML is escaped into Platypus paragraphs (their mini-markup
never sees it unescaped), so data cannot add links, actions or formatting. Every page
carries "lk N/M", the footer line and — for drafts and incomplete sources — the mark.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import reportlab
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus import Paragraph as RLParagraph
from reportlab.platypus.doctemplate import LayoutError

from .model import Document, DutyTable, LabelTable, Paragraph

_FONTS = Path(reportlab.__file__).parent / "fonts"
_REGISTERED = False
BODY_WIDTH = A4[0] - 4.5 * cm


def _register() -> None:
    global _REGISTERED
    if _REGISTERED:
        return
    for name, file in (("Vera", "Vera.ttf"), ("Vera-Bold", "VeraBd.ttf"), ("Vera-Italic", "VeraIt.ttf"),
                       ("Vera-BoldItalic", "VeraBI.ttf")):
        pdfmetrics.registerFont(TTFont(name, str(_FONTS / file)))
    pdfmetrics.registerFontFamily("Vera", normal="Vera", bold="Vera-Bold", italic="Vera-Italic",
                                  boldItalic="Vera-BoldItalic")
    _REGISTERED = True


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("text", fontName="Vera", fontSize=10, leading=13, spaceAfter=3)
    return {
        "text": ParagraphStyle("text-j", base, alignment=TA_JUSTIFY),
        "bullet": ParagraphStyle("bullet", base, leftIndent=14, bulletIndent=4, bulletFontName="Vera"),
        "label": ParagraphStyle("label", base, fontName="Vera-Bold", spaceBefore=5),
        "missing": ParagraphStyle("missing", base, fontName="Vera-Italic"),
        "note": ParagraphStyle("note", base, alignment=TA_RIGHT),
        "approval": ParagraphStyle("approval", base, alignment=TA_RIGHT, spaceAfter=0),
        "kind": ParagraphStyle("kind", base, fontName="Vera-Bold", fontSize=13, leading=16, alignment=TA_CENTER,
                               spaceBefore=14, spaceAfter=10),
        "heading": ParagraphStyle("heading", base, fontName="Vera-Bold", spaceBefore=10, spaceAfter=5),
        "cell": ParagraphStyle("cell", base, spaceAfter=2),
        "cell_label": ParagraphStyle("cell-label", base, fontName="Vera-Bold", spaceAfter=2),
        "signature": ParagraphStyle("signature", base, spaceAfter=0),
    }


def _p(text: str, style: ParagraphStyle, bullet: bool = False) -> RLParagraph:
    return RLParagraph(escape(text) or "&nbsp;", style, bulletText="•" if bullet else None)


def _cell(paragraphs: list[Paragraph], s: dict[str, ParagraphStyle]) -> list[Flowable]:
    return [_p(p.text, s["missing"] if p.kind == "missing" else s["bullet"] if p.kind == "bullet" else s["cell"],
               bullet=p.kind == "bullet") for p in paragraphs]


_GRID = TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 4)])


def _story(doc: Document, split_rows: bool = False) -> list[Flowable]:
    """The flowables of `doc`. A duty row goes to the next page whole (the importer reads rows so), unless
    `split_rows`: for a row taller than a page, which could not be laid out at all."""
    s = _styles()
    story: list[Flowable] = []
    if doc.source_note:
        story.append(_p(doc.source_note, s["missing"]))
    if doc.note:
        story.append(_p(doc.note, s["note"]))
    story += [_p(line, s["approval"]) for line in doc.approval]
    story.append(_p(doc.kind, s["kind"]))
    for section in doc.sections:
        story.append(_p(section.title, s["heading"]))
        for block in section.blocks:
            if isinstance(block, Paragraph):
                story.append(_p(block.text, s[block.kind], bullet=block.kind == "bullet"))
            elif isinstance(block, DutyTable):
                rows: list[list[Any]] = [[_p(c, s["cell_label"]) for c in block.columns]]
                for d in block.rows:
                    task = [_p(f"{d.number} {d.task}", s["cell"]), *(_p(t, s["bullet"], True) for t in d.subtasks)]
                    results = [_p(d.results_intro, s["cell"])] if d.results_intro else []
                    results += [_p(r, s["bullet"], True) for r in d.results]
                    rows.append([task, results])
                # the heading row on every page the table runs over, as Word (`w:tblHeader`) and the print view do
                story.append(Table(rows, colWidths=[BODY_WIDTH / 2] * 2, style=_GRID, repeatRows=1,
                                   splitInRow=int(split_rows)))
            else:
                story.append(_label_table(block, s))
            story.append(Spacer(1, 3))
    story.append(Spacer(1, 18))
    if doc.signatures_intro:
        story.append(_p(doc.signatures_intro, s["text"]))
    if doc.signatures:
        columns = [[_p(line, s["signature"]) for line in c.lines] for c in doc.signatures]
        story.append(Table([columns], colWidths=[BODY_WIDTH / len(columns)] * len(columns),
                           style=TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                             ("LEFTPADDING", (0, 0), (-1, -1), 0)])))
    if doc.signed_original:
        story += [Spacer(1, 10), _p(doc.signed_original, s["text"])]
    return story


def _label_table(block: LabelTable, s: dict[str, ParagraphStyle]) -> Table:
    if block.layout == "above":
        rows: list[list[Any]] = []
        for cells in block.rows:
            rows.append([_p(c.label, s["cell_label"]) for c in cells] + [""] * (3 - len(cells)))
            rows.append([_cell(list(c.value), s) for c in cells] + [""] * (3 - len(cells)))
        style = TableStyle([*_GRID.getCommands()])
        for r, cells in enumerate(block.rows):
            if len(cells) == 2:  # two cells over three columns: the second spans the rest
                style.add("SPAN", (1, 2 * r), (2, 2 * r))
                style.add("SPAN", (1, 2 * r + 1), (2, 2 * r + 1))
        return Table(rows, colWidths=[BODY_WIDTH / 3] * 3, style=style)
    rows = [[_p(cells[0].label, s["cell_label"]), _cell(list(cells[0].value), s)] for cells in block.rows]
    return Table(rows, colWidths=[4.5 * cm, BODY_WIDTH - 4.5 * cm], style=_GRID)


def write_pdf(doc: Document, path: Path) -> None:
    """Write `doc` to `path` as an A4 PDF (the caller handles overwriting and the temporary file)."""
    _register()
    footer = f"{doc.position_id} · {doc.version} · {doc.digest}"
    mark = " · ".join(doc.marks)

    class PageCanvas(Canvas):
        """Draws the page furniture when the page count is known ("lk 1/5"): one layout pass."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            for state in self._pages:
                self.__dict__.update(state)
                self.setFont("Vera", 8)
                self.drawString(2.5 * cm, 1.2 * cm, footer)
                self.drawRightString(A4[0] - 2 * cm, 1.2 * cm, f"lk {self.getPageNumber()}/{len(self._pages)}")
                if mark:
                    self.setFont("Vera-Bold", 9)
                    self.drawCentredString(A4[0] / 2, A4[1] - 1.2 * cm, mark)
                super().showPage()
            super().save()

    pdf = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=2.5 * cm, rightMargin=2 * cm, topMargin=2 * cm,
                            bottomMargin=2 * cm, title=doc.title, author="Sotsiaalkindlustusamet",
                            subject=doc.version, keywords=doc.position_id, creator="ametijuhend export", lang="et",
                            invariant=True, displayDocTitle=True)
    try:
        pdf.build(_story(doc), canvasmaker=PageCanvas)
    except LayoutError:  # a duty row taller than a page (up to 100 results): split it over pages
        pdf.build(_story(doc, split_rows=True), canvasmaker=PageCanvas)
