"""The limits of a Word file from outside, checked before it is parsed: a document to import
(`importer.source.check_docx`) and a template to export with (`document.docx`).

python-docx and lxml hold every part in memory and would follow a DTD's entities; a hostile .docx of a few
kilobytes can inflate to gigabytes or hold a "billion laughs". Only the sizes the zip declares, and the parts'
text, are read here.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path
from typing import Any
from zipfile import BadZipFile

from ..messages import Megabytes, Msg

MB = 2**20
DOCX_MAX_PART = 50 * MB
"""Largest part of a .docx once inflated, as the zip declares it (python-docx holds every part in memory)."""
DOCX_MAX_TOTAL = 150 * MB
DOCX_MAX_RATIO = 100
"""Highest compression ratio of a part over 1 MB (Word's XML packs about 5–15 times)."""
_XML_HEAD = 64 * 1024
"""How much of an XML part is inflated at a time to look for a DTD (Word never writes one)."""
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


class WordFileError(Exception):
    """The file is no Word file that may be read: the message says why (damaged, a bomb, a DTD)."""

    def __init__(self, message: Msg):
        super().__init__(str(message))
        self.message = message


def check_docx(path: Path) -> None:
    """Refuse a .docx that would inflate beyond the limits, or that holds a DTD (billion laughs).

    Only the sizes the zip declares are read here; `zipfile` never inflates a member beyond its
    declared size (it stops and reports a damaged file), so checking them first is enough.
    """
    try:
        archive = zipfile.ZipFile(path)
    except (BadZipFile, OSError, ValueError) as exc:
        raise WordFileError(Msg("import.bad_docx", error=type(exc).__name__)) from exc
    bomb = Msg("import.bomb")
    with archive:
        infos = archive.infolist()
        total = sum(info.file_size for info in infos)
        for info in infos:
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > DOCX_MAX_PART:
                raise WordFileError(Msg("import.docx_part", part=_name(info), size=Megabytes(info.file_size),
                                    packed=Megabytes(info.compress_size), limit=Megabytes(DOCX_MAX_PART), bomb=bomb))
            if info.file_size > MB and ratio > DOCX_MAX_RATIO:
                raise WordFileError(Msg("import.docx_ratio", part=_name(info), ratio=f"{ratio:.0f}",
                                        limit=DOCX_MAX_RATIO, bomb=bomb))
        if total > DOCX_MAX_TOTAL:
            raise WordFileError(Msg("import.docx_total", size=Megabytes(total), limit=Megabytes(DOCX_MAX_TOTAL),
                                bomb=bomb))
        for info in infos:
            if _may_be_xml(info):
                try:
                    with archive.open(info) as member:
                        dtd = _holds_dtd(member)
                except (BadZipFile, OSError, ValueError, NotImplementedError, zlib.error) as exc:
                    raise WordFileError(Msg("import.bad_docx", error=type(exc).__name__)) from exc
                if dtd:
                    raise WordFileError(Msg("import.docx_dtd", part=_name(info)))


def _may_be_xml(info: zipfile.ZipInfo) -> bool:
    """Every part but pictures and embedded files (an SVG may carry a DOCTYPE of its own, and nothing parses it as
    the document's XML): a part Word reads as XML need not be named `.xml` (the content types name it)."""
    name = "/" + info.filename.lower()
    return not info.is_dir() and "/media/" not in name and "/embeddings/" not in name


_DTD_MARKS = tuple(mark.encode(encoding) for mark in ("<!DOCTYPE", "<!ENTITY")
                   for encoding in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"))
"""A DTD's marks as a part may encode them: the whole part is searched (a comment of any length may come first)."""


def _holds_dtd(member: Any) -> bool:
    """Whether an XML part (a file object of the zip) holds a DTD or an entity declaration anywhere."""
    overlap = max(len(mark) for mark in _DTD_MARKS) - 1
    tail = b""
    while chunk := member.read(_XML_HEAD):
        window = tail + chunk
        if any(mark in window for mark in _DTD_MARKS):
            return True
        tail = window[-overlap:]
    return False


def _name(info: zipfile.ZipInfo) -> str:
    return " ".join(_CONTROL.sub(" ", info.filename).split())[:100]
