"""Readers: a legacy document (.txt, .docx, .pdf) → one common intermediate form.

The intermediate form is a flat list of blocks in reading order: `Line`s and
`Table`s whose cells hold `Line`s. Every line keeps its source line number
(for .txt and .pdf the printed line, for .docx the paragraph number in reading
order), so text the parser cannot place can be reported where it came from.

Bullets are recognised here, once: printed glyphs (•, ▪, private-use Symbol
glyphs, dashes) and, in PDF-extracted text, a lost glyph that leaves a single
leading space. Word list paragraphs count as bullets too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zipfile import BadZipFile

from ..document.wordzip import WordFileError
from ..document.wordzip import check_docx as check_word_file
from ..messages import Count, Megabytes, Msg

BULLET_GLYPHS = "•▪●◦○■□▫‣⁃∙·◆◇►▶➢➤✓✔\uf0a7\uf0b7\uf0d8\uf0fc\uf076\uf0a8-–—*"
"""Characters that start a bullet item when followed by a space."""

_BULLET = re.compile(rf"^\s*[{re.escape(BULLET_GLYPHS)}]\s+")
_NUMBERED_BULLET = re.compile(r"^\s*(?:[a-z]\)|\([a-z]\))\s+")
_LOST_GLYPH = re.compile(r"^ (?=\S)")
"""PDF extraction of 000/002/004: the glyph is gone, one space of its indent is left."""
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
"""Characters YAML cannot hold even in a comment (PDF text layers carry such debris)."""


class ReadError(Exception):
    """The file cannot be read as a job description (wrong type, damaged, empty, a bomb)."""

    def __init__(self, message: Msg):
        super().__init__(str(message))
        self.message = message


MB = 2**20
MAX_FILE = 100 * MB
"""Largest file accepted (a job description is tens of kilobytes; a scanned one a few megabytes)."""
MAX_TEXT_CHARS = 2_000_000
"""Most characters of text a document may hold (a job description has about 30,000)."""


def one_line(text: str, limit: int = 200) -> str:
    """A message part on one line, cut to `limit` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


def check_size(path: Path) -> None:
    """Refuse a file over `MAX_FILE` before reading a byte of it."""
    size = path.stat().st_size
    if size > MAX_FILE:
        raise ReadError(Msg("import.too_big", size=Megabytes(size), limit=Megabytes(MAX_FILE)))


def check_docx(path: Path) -> None:
    """Refuse a .docx that would inflate beyond the limits, or that holds a DTD (billion laughs):
    `document.wordzip.check_docx`, whose limits an export template meets too."""
    try:
        check_word_file(path)
    except WordFileError as error:
        raise ReadError(error.message) from error


@dataclass
class Line:
    """One line (or paragraph) of the source."""

    no: int
    """Source line number (.txt/.pdf) or paragraph number in reading order (.docx)."""
    text: str
    """Text without the bullet glyph, whitespace-trimmed; empty for a blank line."""
    bullet: bool = False
    paragraph: bool = False
    """True when the reader knows that this line starts a paragraph of its own (.docx)."""
    numbered: bool = False
    """A paragraph of a numbered Word list: its number is not part of `text` (.docx)."""

    @property
    def blank(self) -> bool:
        return not self.text


@dataclass
class Table:
    """A table: rows of cells, each cell a list of lines."""

    rows: list[list[list[Line]]]

    def lines(self) -> Iterator[Line]:
        for row in self.rows:
            for cell in row:
                yield from cell


Block = Line | Table


@dataclass
class Document:
    path: Path
    blocks: list[Block] = field(default_factory=list)
    kind: str = "txt"
    furniture: int = 0
    """Page headers and footers (PDF) left out: lines repeated in the margin of several pages."""

    def lines(self) -> Iterator[Line]:
        """Every line of the document, including those in tables, in reading order."""
        for block in self.blocks:
            if isinstance(block, Table):
                yield from block.lines()
            else:
                yield block


def make_line(no: int, raw: str, *, lost_glyphs: bool, paragraph: bool = False, bullet: bool = False) -> Line:
    """A `Line` from raw text: bullet glyph detected and removed, whitespace trimmed."""
    raw = CONTROL.sub("", raw.replace("\xa0", " ").replace("\t", "  ")).rstrip()
    match = _BULLET.match(raw) or _NUMBERED_BULLET.match(raw)
    if match:
        return Line(no, raw[match.end():].strip(), True, paragraph)
    if lost_glyphs and _LOST_GLYPH.match(raw):
        return Line(no, raw.strip(), True, paragraph)
    return Line(no, raw.strip(), bullet, paragraph)


def read_txt(path: Path) -> Document:
    """Text extracted from PDF, as the seeds: one `Line` per printed line."""
    check_size(path)
    raw = path.read_bytes()
    if b"\x00" in raw:
        raise ReadError(Msg("import.binary"))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("cp1257")  # Baltic Windows text, as older exports are
        except UnicodeDecodeError as exc:
            raise ReadError(Msg("import.encoding")) from exc
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    doc = Document(path, kind="txt")
    doc.blocks = [make_line(i, raw, lost_glyphs=True) for i, raw in enumerate(text.split("\n"), start=1)]
    return doc


def read_docx(path: Path) -> Document:
    """A Word file: paragraphs and real tables, in body order."""
    import docx  # python-docx; imported here so .txt imports do not pay for it
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table as DocxTable

    check_size(path)
    check_docx(path)
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, BadZipFile, KeyError, ValueError) as exc:
        raise ReadError(Msg("import.bad_docx", error=type(exc).__name__)) from exc
    doc = Document(path, kind="docx")
    counter = 0

    formats = _numbering_formats(document)

    def paragraph_line(paragraph) -> Line:  # type: ignore[no-untyped-def]
        nonlocal counter
        counter += 1
        style = paragraph.style
        num_pr = _num_pr(paragraph._p.pPr) or (_num_pr(style.element.pPr) if style is not None else None)
        listed = num_pr is not None or (style is not None and (style.name or "").lower().startswith("list"))
        line = make_line(counter, paragraph.text, lost_glyphs=False, paragraph=True, bullet=listed)
        if num_pr is not None:
            line.numbered = formats.get(num_pr, "bullet") not in ("bullet", "none")
        return line

    for item in document.iter_inner_content():
        if isinstance(item, DocxTable):
            rows = []
            for row in item.rows:
                cells = []
                seen: set[int] = set()
                for cell in row.cells:  # merged cells repeat: read each once
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    cells.append([paragraph_line(p) for p in cell.paragraphs])
                rows.append(cells)
            doc.blocks.append(Table(rows))
        else:
            doc.blocks.append(paragraph_line(item))
    return doc


def _num_pr(ppr: Any) -> tuple[str, str] | None:
    """(numId, ilvl) of a paragraph's or style's list numbering, if any."""
    num_pr = ppr.numPr if ppr is not None else None
    if num_pr is None or num_pr.numId is None:
        return None
    return str(num_pr.numId.val), str(num_pr.ilvl.val if num_pr.ilvl is not None else 0)


def _numbering_formats(document: Any) -> dict[tuple[str, str], str]:
    """(numId, ilvl) → number format (`bullet`, `decimal`, …) from the numbering part of a .docx."""
    try:
        numbering = document.part.numbering_part.element
    except (KeyError, NotImplementedError):
        return {}
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    abstract = {}
    for node in numbering.findall(f"{w}abstractNum"):
        levels = {lvl.get(f"{w}ilvl"): (lvl.find(f"{w}numFmt").get(f"{w}val") if lvl.find(f"{w}numFmt") is not None
                                          else "decimal") for lvl in node.findall(f"{w}lvl")}
        abstract[node.get(f"{w}abstractNumId")] = levels
    formats = {}
    for num in numbering.findall(f"{w}num"):
        ref = num.find(f"{w}abstractNumId")
        for ilvl, fmt in abstract.get(ref.get(f"{w}val") if ref is not None else None, {}).items():
            formats[(num.get(f"{w}numId"), ilvl)] = fmt
    return formats


def _read_pdf(path: Path) -> Document:
    from .pdf import read_pdf  # pdfplumber is imported only when a PDF is read

    return read_pdf(path)


READERS = {".txt": read_txt, ".docx": read_docx, ".pdf": _read_pdf}


def read(path: Path) -> Document:
    """Read any supported file; `ReadError` for an unsupported or unreadable one."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise ReadError(Msg("import.file_type", suffix=path.suffix, types=tuple(READERS)))
    try:
        if not path.is_file():  # (a folder, a named pipe or a device named *.txt: not read, never waited on)
            raise ReadError(Msg("import.not_file" if path.exists() else "import.not_found"))
        doc = reader(path)
    except OSError as exc:
        raise ReadError(Msg("import.unreadable", reason=exc.strerror or type(exc).__name__)) from exc
    chars = sum(len(line.text) for line in doc.lines())
    if chars > MAX_TEXT_CHARS:
        raise ReadError(Msg("import.too_much_text", chars=Count(chars), limit=Count(MAX_TEXT_CHARS)))
    if not chars:
        raise ReadError(Msg("import.no_text_pdf" if doc.kind == "pdf" else "import.no_text"))
    return doc
