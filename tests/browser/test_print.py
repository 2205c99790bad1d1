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
        assert "Lähtedokumendis puuduvad andmed on märgitud" in text, f"page {number} carries no mark"


def test_print_of_a_pending_version_and_of_the_one_still_in_force(  # type: ignore[no-untyped-def]
        synthetic_page, pending_site: tuple[str, str]) -> None:
    page = synthetic_page
    url, first = pending_site
    pending = " ".join(words(" ".join(printed_pages(page, url + "ametikohad/teenuse-juht-perelepitus/"))))
    assert "Jõustub 01.01.2027" in pending  # where the approval is printed, as the signed document says it
    assert "JÕUSTUB 01.01.2027 — veel ei kehti" in pending  # the mark of every printed page
    in_force = printed_pages(page, url + f"ametikohad/teenuse-juht-perelepitus/ajalugu/{first}/")
    text = " ".join(words(" ".join(in_force)))
    assert "käskkirjaga nr 12" in text and "Jõustub" not in text
    assert "ei kehti" not in text and "VARASEM VERSIOON" not in text
    for number, printed in enumerate(in_force, start=1):
        assert "KEHTIB KUNI 31.12.2026" in printed, f"page {number} does not say until when it is in force"
