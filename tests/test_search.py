"""The search index built from the data: compound splitting, records, the Pagefind bundle.

What people find by typing is tested in tests/browser/test_search_browser.py
(query set: tests/search_queries.yaml); these tests pin the pieces.
"""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest

from ametijuhend.compounds import MARK, CompoundSplitter, unmark, words
from ametijuhend.models import Position, Status
from ametijuhend.project import Project, load_project
from ametijuhend.search import (
    FILTER_COMPETENCY,
    FILTER_STATUS,
    FILTER_TYPE,
    FILTER_UNIT,
    UNUSED_BUNDLE_FILES,
    build_index,
    build_records,
    corpus,
    language_phrases,
    position_record,
)

ROOT = Path(__file__).resolve().parents[1]
A = "teenuse-juht-asendushoolduse-arendusteenus"
B = "peaspetsialist-ennetusteenus"
C = "nounik-perelepitus"
D = "teenuste-konsultant"
E = "nimetu-ametikoht-kvaliteet-ja-jarelevalve"


@pytest.fixture(scope="module")
def project() -> Project:
    project = load_project(ROOT / "positions")
    assert not project.errors
    return project


@pytest.fixture(scope="module")
def with_draft(project: Project) -> Project:
    """The seed data with 004 as a draft: the real 004 is in force, only its source copy is incomplete."""
    draft = project.links.positions[E].model_copy(update={"status": Status.MUSTAND})
    return dataclasses.replace(project, links=dataclasses.replace(
        project.links, positions={**project.links.positions, E: draft}))


@pytest.fixture(scope="module")
def splitter(project: Project) -> CompoundSplitter:
    return CompoundSplitter(corpus(project, build_records(project)))


# --- compound splitting ------------------------------------------------------------


def test_free_word_cuts_including_a_part_between_two_cuts() -> None:
    splitter = CompoundSplitter(["lepitus- või muu", "teenuse osutamine", "perelepitusteenuse"])
    assert splitter.split("perelepitusteenuse") == ("pere", "lepitus", "teenuse")
    assert splitter.split("Perelepitusteenusele") == ("Pere", "lepitus", "teenusele"), "case kept, ending allowed"


def test_shared_part_is_learnt_from_two_compounds_with_different_heads() -> None:
    # `hooldus` is never written alone; it ends two heads that precede the free word `teenuse`.
    texts = ["teenuse teenuste", "asendushooldusteenuse", "erihooldusteenustel", "asendushoolduse"]
    splitter = CompoundSplitter(texts)
    assert "hooldus" in splitter.shared_parts
    assert splitter.split("asendushoolduse") == ("asendus", "hoolduse")
    assert splitter.split("asendushooldusteenuse") == ("asendus", "hooldus", "teenuse")


def test_endings_and_short_words_do_not_make_parts() -> None:
    texts = ["arendamine hindamine kaardistamine", "enda rakendatud", "koolitus talitus"]
    splitter = CompoundSplitter(texts)
    for word in ("arendamine", "hindamine", "kaardistamine", "rakendatud", "koolitus", "talitus"):
        assert splitter.split(word) == (word,), word
    assert not splitter.shared_parts


def test_mark_keeps_the_text_and_unmark_restores_it() -> None:
    splitter = CompoundSplitter(["lepitus", "teenuse", "e-koolitused ja perelepitusteenuse"])
    text = "Riikliku perelepitusteenuse e-koolitused, 3.4 (STAR) <b>"
    marked = splitter.mark(text)
    assert f"pere{MARK}lepitus{MARK}teenuse" in marked
    assert unmark(marked) == text
    assert words("E-koolitused 3.4 Õigus") == ["e", "koolitused", "õigus"]


def test_seed_compounds(splitter: CompoundSplitter) -> None:
    expected = {
        "perelepitusteenuse": ("pere", "lepitus", "teenuse"),
        "asendushoolduse": ("asendus", "hoolduse"),
        "erihooldusteenustel": ("eri", "hooldus", "teenustel"),
        "ennetustalitus": ("ennetus", "talitus"),
        "koolitusprogrammide": ("koolitus", "programmide"),
        "kompetentsimudelid": ("kompetentsi", "mudelid"),
    }
    for word, parts in expected.items():
        assert splitter.split(word) == parts, word
    for word in ("arendamine", "kvaliteet", "koolitused", "ametnik"):
        assert splitter.split(word) == (word,), word


# --- records ---------------------------------------------------------------------------


def _filters(record, name: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [value for key, value in record.filters if key == name]


def test_record_of_a_complete_position(project: Project) -> None:
    record = position_record(project.links.positions[A], project.links)
    assert record.url == f"ametikohad/{A}/"
    assert record.title == "Teenuse juht (asendushoolduse arendusteenus)"
    assert _filters(record, FILTER_UNIT) == [
        "Laste heaolu osakond",
        "Asendushoolduse talitus",
        "Asendushoolduse arendustiim",
    ]
    assert "Pingetaluvus" in _filters(record, FILTER_COMPETENCY)
    assert "Eestvedamine" in _filters(record, FILTER_COMPETENCY)
    assert _filters(record, FILTER_TYPE) == ["Ametnik"]
    assert _filters(record, FILTER_STATUS) == ["Kehtiv"]
    meta = dict(record.meta)
    assert meta["yksus"] == "Laste heaolu osakond › Asendushoolduse talitus › Asendushoolduse arendustiim"
    anchors = [section.anchor for section in record.sections]
    assert anchors[:3] == ["uldosa", "eesmark", "ulesanne-3-1"]
    assert "ulesanne-3-12" in anchors
    assert anchors[-4:] == ["toovahendid", "nouded", "kompetentsid", "muutmine"]
    text = " ".join(record.texts())
    assert "Vahetu juht: Talitusejuhataja" in text
    assert "riigihanked" in text, "duty results are indexed"


def test_record_follows_document_type_and_missing_parts(project: Project) -> None:
    employee = position_record(project.links.positions[B], project.links)
    assert _filters(employee, FILTER_TYPE) == ["Töötaja"]
    assert dict((s.anchor, s.heading) for s in employee.sections)["eesmark"] == "Töökoha eesmärk"
    assert "toovahendid" not in [s.anchor for s in employee.sections]

    draft = position_record(project.links.positions[E], project.links)  # in force, its source incomplete
    assert _filters(draft, FILTER_UNIT) == []
    assert _filters(draft, FILTER_STATUS) == ["Kehtiv"]
    assert dict(draft.meta)["yksus"] == ""
    assert draft.sections[0].anchor == "uldosa"
    assert "Vahetu juht" not in " ".join(draft.texts()), "nothing is invented for the missing general part"


def test_language_requirements_are_spelled_out(project: Project) -> None:
    assert language_phrases(project.links.positions[B]) == [
        "eesti keel C1",
        "inglise keel B2",
        "vene keel B1",
        "vene keel B2 (kasuks tuleb)",
    ]
    assert "võõrkeel B1" in language_phrases(project.links.positions[D])


def test_drafts_can_be_left_out(with_draft: Project) -> None:
    project = with_draft
    assert len(build_records(project)) == 5
    assert [r.url for r in build_records(project, include_drafts=False)] == [
        f"ametikohad/{pid}/" for pid in project.links.positions if pid != E
    ]


def test_record_html_escapes_data_and_marks_compounds(project: Project, splitter: CompoundSplitter) -> None:
    position = project.links.positions[C]
    hostile = position.model_copy(update={"purpose": '<script>alert(1)</script> "x" {{ 7*7 }} perelepitusteenus'})
    html = position_record(hostile, project.links).html(splitter)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &#34;x&#34; {{ 7*7 }}" in html
    assert f"pere{MARK}lepitus{MARK}teenus" in html
    assert '<meta data-pagefind-meta="title[content]" content="Nõunik (perelepitus)">' in html, "meta is unmarked"
    assert '<meta data-pagefind-filter="kompetents[content]" content="Pingetaluvus">' in html
    assert re.search(r'<h2 id="ulesanne-3-4"[^>]*>Ülesanne 3\.4</h2>', html)


def test_title_of_a_position_without_title(project: Project) -> None:
    position: Position = project.links.positions[E]
    assert position_record(position, project.links).title == "Ametinimetus puudub"  # the id is internal


# --- the bundle ---------------------------------------------------------------------------


def test_build_index_writes_a_lean_pagefind_bundle(project: Project, tmp_path: Path) -> None:
    stale = tmp_path / "pagefind" / "stale.pf_fragment"
    stale.parent.mkdir()
    stale.write_text("old")
    stats = build_index(project, tmp_path)
    out = tmp_path / "pagefind"
    assert (out / "pagefind.js").is_file()
    assert (out / "pagefind-entry.json").is_file()
    assert list(out.glob("wasm.et.pagefind"))
    assert len(list((out / "fragment").glob("*.pf_fragment"))) == 5
    assert not stale.exists(), "a rebuild starts from an empty folder"
    for name in UNUSED_BUNDLE_FILES:
        assert not (out / name).exists(), name
    assert stats.records == 5
    assert stats.compounds > 50
    assert stats.bytes == sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    assert '"et"' in (out / "pagefind-entry.json").read_text()
    assert json.loads((out / "shards.json").read_text()) == [], "one shard for a small site"


def test_a_large_site_is_indexed_in_shards(project: Project, tmp_path: Path) -> None:
    stats = build_index(project, tmp_path, shard_size=2)
    out = tmp_path / "pagefind"
    assert json.loads((out / "shards.json").read_text()) == ["shard-1/", "shard-2/"]
    fragments = [len(list((out / folder / "fragment").glob("*.pf_fragment"))) for folder in ("", "shard-1", "shard-2")]
    assert fragments == [2, 2, 1]
    for folder in ("shard-1", "shard-2"):
        assert list((out / folder).glob("pagefind.*.pf_meta"))
        assert not (out / folder / "pagefind.js").exists(), "a merged shard uses the first bundle's code"
        assert not list((out / folder).glob("wasm.*"))
    assert stats.records == 5


def test_no_positions_no_index(tmp_path: Path) -> None:
    empty = tmp_path / "data"
    (empty / "catalogues").mkdir(parents=True)
    for name, key in (("units", "units"), ("competencies", "competencies")):
        (empty / "catalogues" / f"{name}.yaml").write_text(f"{key}: []\n")
    stats = build_index(load_project(empty), tmp_path / "site")
    assert stats.records == 0
    assert not (tmp_path / "site" / "pagefind").exists()


def test_build_index_without_drafts(with_draft: Project, tmp_path: Path) -> None:
    stats = build_index(with_draft, tmp_path, include_drafts=False)
    assert stats.records == 4
    assert len(list((tmp_path / "pagefind" / "fragment").glob("*.pf_fragment"))) == 4
