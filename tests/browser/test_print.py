"""Printing a position page gives the official document made from the data (issue 15): the document's
own text and nothing derived, a footer with id, version and content hash on every page, page numbers,
and the draft or incomplete-source mark on every page."""

from __future__ import annotations

import io

import pdfplumber
import pytest

from ametijuhend.document import document
from ametijuhend.document.model import plain_text
from ametijuhend.project import load_project

from .conftest import ROOT

pytestmark = pytest.mark.browser


def printed_pages(page, url: str) -> list[str]:  # type: ignore[no-untyped-def]
    page.goto(url)
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4", display_header_footer=False)
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return [p.extract_text() or "" for p in doc.pages]


def words(text: str) -> list[str]:
    return text.replace("\u00ad", "").split()


def test_print_is_the_document_and_nothing_else(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    project = load_project(ROOT / "positions")
    position = project.links.positions["teenuste-konsultant"]
    doc = document(position, project.links)
    pages = printed_pages(page, base_url + "ametikohad/teenuste-konsultant/")
    printed = " ".join(words(" ".join(pages)))
    for line in plain_text(doc).splitlines():
        for word in words(line)[:6]:  # each paragraph's start (lines wrap differently in the PDF)
            assert word in printed, f"{word!r} of {line!r} is not printed"
    for extra in ("Staatus", "Viimati üle vaadatud", "teise ametijuhendi järgi", "Alluvad ametikohad",
                  "Struktuuriüksused ›"):
        assert extra not in printed, f"{extra!r} is printed but is not part of the document"
    assert "TEENISTUSKOHA EESMÄRK" in printed
    for number, text in enumerate(pages, start=1):
        assert f"lk {number}/{len(pages)}" in text, f"page {number} has no page number"
        assert "teenuste-konsultant" in text and doc.digest in text, f"page {number} has no footer"


def test_incomplete_source_is_marked_on_every_printed_page(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    pages = printed_pages(page, base_url + "ametikohad/nimetu-ametikoht-kvaliteet-ja-jarelevalve/")
    assert len(pages) > 1
    for number, text in enumerate(pages, start=1):
        assert "MUSTAND" in text or "puudulik" in text, f"page {number} carries no mark"
