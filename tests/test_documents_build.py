"""The build option that writes every position's official document beside its page (issue 15)."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_build import SMALL, Page, built, mkdocs_build

pytestmark = pytest.mark.slow


def test_documents_are_built_with_the_site_when_asked(tmp_path: Path) -> None:
    out = tmp_path / "site"
    built(mkdocs_build(out, SMALL, AMETIJUHENDID_DOCUMENTS="jah"))
    folder = out / "ametikohad" / "teenuse-juht-arendus"
    assert (folder / "teenuse-juht-arendus.docx").read_bytes()[:2] == b"PK"  # a Word file is a zip
    assert (folder / "teenuse-juht-arendus.pdf").read_bytes()[:5] == b"%PDF-"
    page = Page((folder / "index.html").read_text(encoding="utf-8"))
    assert {"teenuse-juht-arendus.docx", "teenuse-juht-arendus.pdf"} <= set(page.links)


def test_no_documents_by_default(tmp_path: Path) -> None:
    out = tmp_path / "site"
    built(mkdocs_build(out, SMALL))
    assert not list(out.rglob("*.docx")) and not list(out.rglob("*.pdf"))
    assert "allkirjastamiseks" not in (out / "ametikohad/teenuse-juht-arendus/index.html").read_text(encoding="utf-8")
