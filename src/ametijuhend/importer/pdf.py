"""Reading PDF files with a text layer (pdfplumber) into the common intermediate form.

Ruled tables are found by pdfplumber. Tables without rules show as lines with
wide gaps between aligned columns; such runs of lines become a `Table` with one
row per printed line. Running headers and footers (text repeated in the margin
of several pages) are left out and counted.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..messages import Megabytes, Msg
from .headings import heading_section
from .source import (
    BULLET_GLYPHS,
    MB,
    Document,
    Line,
    ReadError,
    Table,
    check_size,
    make_line,
    one_line,
)

_MARKER = re.compile(rf"^([{re.escape(BULLET_GLYPHS)}]|\d{{1,2}}(\.\d{{1,2}})*[.)]?|[a-z]\))$")
"""A list marker printed on its own before a tab: part of the item, not a column of its own."""


def read_pdf(path: Path) -> Document:
    """A PDF with a text layer: tables and text lines, top to bottom.

    Ruled tables are found by pdfplumber. Tables without rules show as lines with
    wide gaps between aligned columns; such runs of lines become a `Table` with one
    row per printed line (a cell's wrapped lines continue in the next rows). A blank
    line is inserted where the vertical gap between lines exceeds a line's height,
    as the text extraction of the seeds has it.
    """
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException
    from pdfplumber.utils.exceptions import PdfminerException

    check_size(path)
    check_pdf(path)
    reader = _PdfReader(Document(path, kind="pdf"))
    try:
        with pdfplumber.open(str(path)) as pdf:
            pages = [_PdfPage.of(page) for page in pdf.pages]
            furniture = _furniture(pages)
            for page in pages:
                reader.page(page, furniture)
    except (PdfminerException, PSException, PDFSyntaxError, ValueError, KeyError) as exc:
        cause = exc.args[0] if isinstance(exc, PdfminerException) and exc.args else exc
        encrypted = _encryption_message(cause) if isinstance(cause, Exception) else None
        if encrypted is not None:
            raise ReadError(encrypted) from exc
        raise ReadError(Msg("import.bad_pdf", error=type(exc).__name__)) from exc
    return reader.doc


PDF_MAX_STREAM = 50 * MB
"""Largest stream of a PDF once inflated (page text is kilobytes; a big scanned page image a few MB)."""
PDF_MAX_TOTAL = 150 * MB


def check_pdf(path: Path) -> None:
    """Refuse an encrypted PDF, and one whose streams would inflate beyond the limits, before extraction.

    Each Flate stream is inflated with a cap on its output (`decompressobj`), so a stream that
    claims little and inflates to gigabytes costs at most the cap. Other filters are left to the
    memory limit of the worker process (`worker.read_isolated`).
    """
    import zlib

    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import LITERALS_FLATE_DECODE, PDFStream

    bomb = Msg("import.bomb")
    with path.open("rb") as handle:
        try:
            document = PDFDocument(PDFParser(handle))
        except Exception as exc:  # a damaged file: pdfplumber reports it the usual way
            message = _encryption_message(exc)
            if message:
                raise ReadError(message) from exc
            return
        total = 0
        for xref in document.xrefs:
            for objid in xref.get_objids():
                try:
                    obj = document.getobj(objid)
                except Exception:  # damaged objects: left to the extraction
                    continue
                if not isinstance(obj, PDFStream) or obj.rawdata is None:
                    continue
                filters = obj.get_filters()
                if not filters or filters[0][0] not in LITERALS_FLATE_DECODE:
                    continue
                data = obj.rawdata
                if obj.decipher is not None and obj.objid is not None and obj.genno is not None:
                    data = obj.decipher(obj.objid, obj.genno, data, obj.attrs)
                try:
                    size = len(zlib.decompressobj().decompress(data, PDF_MAX_STREAM + 1))
                except zlib.error:
                    continue
                if size > PDF_MAX_STREAM:
                    raise ReadError(Msg("import.pdf_stream", object=objid, packed=Megabytes(len(data)),
                                        limit=Megabytes(PDF_MAX_STREAM), bomb=bomb))
                total += size
                if total > PDF_MAX_TOTAL:
                    raise ReadError(Msg("import.pdf_total", limit=Megabytes(PDF_MAX_TOTAL), bomb=bomb))


def _encryption_message(exc: Exception) -> Msg | None:
    """The message for a PDF that cannot be read because of its encryption, or None."""
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect, PDFTextExtractionNotAllowed

    if isinstance(exc, PDFPasswordIncorrect):
        return Msg("import.pdf_password")
    if isinstance(exc, PDFTextExtractionNotAllowed):
        return Msg("import.pdf_no_copy")
    if isinstance(exc, PDFEncryptionError):
        return Msg("import.pdf_encryption", error=one_line(str(exc), 120) or type(exc).__name__)
    return None


class _PdfReader:
    """Reads the pages of one PDF in order, numbering the lines it emits."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.count = 0
        self.carried: list[float] = []
        """Columns of a table without rules that ran to the end of the previous page."""

    def line(self, text: str) -> Line:
        self.count += 1
        return make_line(self.count, text, lost_glyphs=False)

    def cell(self, text: str) -> list[Line]:
        return [self.line(raw) for raw in text.split("\n")]

    def page(self, page: _PdfPage, furniture: set[str]) -> None:
        tables = page.tables
        free = [line for line in page.lines if not (page.in_margin(line) and _furniture_key(line) in furniture)]
        self.doc.furniture += len(page.lines) - len(free)
        groups = _column_groups(free, self.carried)
        self.carried = (groups[-1].columns or []) if groups else []
        items: list[tuple[float, Any]] = [(t.bbox[1], t) for t in tables]
        items += [(group.lines[0].top, group) for group in groups]
        previous_bottom: float | None = None
        for _, item in sorted(items, key=lambda pair: pair[0]):
            if isinstance(item, _Group) and item.columns is None:
                line = item.lines[0]
                if previous_bottom is not None and line.top - previous_bottom > line.height:
                    self.doc.blocks.append(self.line(""))
                self.doc.blocks.append(self.line(line.text))
                previous_bottom = line.bottom
            elif isinstance(item, _Group):
                self.doc.blocks.append(Table(_group_rows(item, self.cell)))
                previous_bottom = item.lines[-1].bottom
            else:
                rows = [[self.cell(text or "") for text in row if text is not None] for row in item.extract()]
                self.doc.blocks.append(Table(rows))
                previous_bottom = None
        self.doc.blocks.append(self.line(""))  # page break


@dataclass
class _PdfPage:
    """One page: its ruled tables and the text lines outside them."""

    height: float
    tables: list[Any]
    lines: list[_PdfLine]

    @classmethod
    def of(cls, page: Any) -> _PdfPage:
        tables = page.find_tables()
        boxes = [t.bbox for t in tables]

        def outside(obj: dict[str, Any]) -> bool:
            if obj.get("object_type") != "char":
                return True
            x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
            return not any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)

        lines = [_PdfLine.of(line) for line in page.filter(outside).extract_text_lines(return_chars=True)]
        return cls(page.height, tables, lines)

    def in_margin(self, line: _PdfLine) -> bool:
        return line.bottom < self.height * 0.09 or line.top > self.height * 0.91


def _furniture_key(line: _PdfLine) -> str:
    return re.sub(r"\d+", "#", line.text.strip().lower())


def _furniture(pages: list[_PdfPage]) -> set[str]:
    """Texts in the top or bottom margin of more than one page: running headers, footers, page numbers."""
    seen: dict[str, int] = {}
    for page in pages:
        for key in {_furniture_key(line) for line in page.lines if page.in_margin(line)}:
            seen[key] = seen.get(key, 0) + 1
    return {key for key, count in seen.items() if count > 1}


@dataclass
class _PdfLine:
    """A printed line of a PDF page, cut into segments where a gap is wider than a letter."""

    top: float
    bottom: float
    segments: list[tuple[float, float, str]]
    """(x0, x1, text) of each run of text."""

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def text(self) -> str:
        return "  ".join(text for _, _, text in self.segments)

    @classmethod
    def of(cls, text_line: dict[str, Any]) -> _PdfLine:
        segments: list[tuple[float, float, str]] = []
        previous = None
        for char in text_line.get("chars") or []:
            if char["text"].isspace():
                continue
            if previous is not None and char["text"] == previous["text"] and abs(char["x0"] - previous["x0"]) < 0.5:
                continue  # ligatures (ﬁ) come as two chars at one place
            size = char.get("size") or 10
            gap = char["x0"] - previous["x1"] if previous is not None else None
            if gap is None or gap > size:
                segments.append((char["x0"], char["x1"], char["text"]))
            else:
                x0, _, text = segments[-1]
                segments[-1] = (x0, char["x1"], text + (" " if gap > size * 0.15 else "") + char["text"])
            previous = char
        if not segments:
            segments = [(text_line["x0"], text_line["x1"], text_line["text"])]
        merged: list[tuple[float, float, str]] = []
        for segment in segments:  # a bullet glyph or list number before a tab is not a column
            if merged and _MARKER.match(merged[-1][2]):
                x0, _, marker = merged.pop()
                segment = (x0, segment[1], f"{marker} {segment[2]}")
            merged.append(segment)
        return cls(text_line["top"], text_line["bottom"], merged)


_INDENT = 24.0
"""Points within which text starts count as one column start (a bullet's hanging indent is ~18 pt)."""


@dataclass
class _Group:
    """A single printed line (`columns` None), or the lines of a table without rules."""

    lines: list[_PdfLine]
    columns: list[float] | None = None
    """x where each column after the first begins."""


def _column_groups(lines: list[_PdfLine], carried: list[float]) -> list[_Group]:
    """Group a page's lines: runs of column-aligned lines (a table without rules) or single lines.

    A run starts at a line with a wide gap and goes on while lines keep to its columns: a line
    that crosses a column start, a heading, or a line of the first column after a large vertical
    gap ends it. `carried` holds the columns of a table that ended the previous page: lines at the
    top of this page that sit in its later columns continue it.
    """
    out: list[_Group] = []
    run = _Group([], list(carried)) if carried else None
    for line in lines:
        multi = len(line.segments) > 1
        if run is not None:
            starts = run.columns if run.columns is not None else []
            crosses = any(x0 + _INDENT < s < x1 - 2 for x0, x1, _ in line.segments for s in starts)
            far = bool(run.lines) and line.top - run.lines[-1].bottom > 2.5 * line.height
            in_later_column = bool(starts) and line.segments[0][0] >= starts[0] - _INDENT
            if not heading_section(line.text) and not crosses and (multi or in_later_column or
                                                                   (run.lines and not far)):
                run.lines.append(line)
                _add_columns(starts, line)
                continue
            if run.lines:
                out.append(run)
            run = None
        if multi and not heading_section(line.text):
            columns: list[float] = []
            _add_columns(columns, line)
            run = _Group([line], columns)
        else:
            out.append(_Group([line]))
    if run is not None and run.lines:
        out.append(run)
    return out


def _add_columns(starts: list[float], line: _PdfLine) -> None:
    for x0, _, _ in line.segments[1:]:
        if all(abs(x0 - s) > _INDENT for s in starts):
            starts.append(x0)
    starts.sort()


def _group_rows(group: _Group, cell_lines: Callable[[str], list[Line]]) -> list[list[list[Line]]]:
    """One table row per printed line; each segment goes to the column its start falls in."""
    columns = group.columns or []
    rows = []
    for line in group.lines:
        cells: list[list[Line]] = [[] for _ in range(len(columns) + 1)]
        for x0, _, text in line.segments:
            cells[sum(1 for c in columns if x0 + _INDENT >= c)].extend(cell_lines(text))
        rows.append(cells)
    return rows
