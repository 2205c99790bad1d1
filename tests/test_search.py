"""The search index built from the data: lemma layer (Vabamorf), records, dictionary, the index folder.

What people find by typing is tested in tests/browser/test_search_browser.py
(query set: tests/search_queries.yaml); these tests pin the pieces.
"""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest

from ametijuhend.models import Position, Status
from ametijuhend.morphology import Morphology, fold, words
from ametijuhend.project import Project, load_project
from ametijuhend.search import (
    FILTER_COMPETENCY,
    FILTER_STATUS,
    FILTER_TYPE,
    FILTER_UNIT,
    MARK,
    MARK_END,
    LemmaLayer,
    build_index,
    build_records,
    dictionary_shards,
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
def layer(project: Project) -> LemmaLayer:
    return LemmaLayer(Morphology.shared(), build_records(project))


# --- morphology (Vabamorf) ---------------------------------------------------------------


def test_vabamorf_loads_without_estnltk_and_its_heavy_imports() -> None:
    import sys

    Morphology.shared()
    assert "pandas" not in sys.modules
    assert "estnltk" not in sys.modules, "estnltk/__init__.py (pandas, nltk, …) is never run"


def test_lemmas_undo_inflection_and_consonant_gradation() -> None:
    analyses = Morphology.shared().analyse(["koolitustel", "lapsed", "toe", "teenuse", "Õppe", "hinnatud"])
    assert analyses["koolitustel"].lemmas == ("koolitus",)
    assert analyses["lapsed"].lemmas == ("laps",)
    assert analyses["toe"].lemmas == ("tugi",)
    assert analyses["teenuse"].lemmas == ("teenus",)
    assert "õpe" in analyses["õppe"].lemmas
    assert analyses["hinnatud"].lemmas[0] == "hinda", "a verb is searched by its stem"


def test_compound_parts_come_from_the_analyser() -> None:
    analyses = Morphology.shared().analyse(["sotsiaalkindlustusameti", "asendushoolduse", "perelepitusteenuse"])
    assert analyses["sotsiaalkindlustusameti"].lemmas == ("sotsiaalkindlustusamet",)
    assert {"sotsiaal", "kindlustus", "amet"} <= set(analyses["sotsiaalkindlustusameti"].parts)
    assert {"asendus", "hooldus"} <= set(analyses["asendushoolduse"].parts)
    assert {"pere", "lepitus", "teenus"} <= set(analyses["perelepitusteenuse"].parts)
    # Only what the written word does not start with goes into the index: word starts match anyway.
    assert analyses["asendushoolduse"].tokens("Asendushoolduse") == ["hooldus"]


def test_a_part_as_written_adds_its_own_lemma() -> None:
    analysis = Morphology.shared().analyse(["lastekaitse"])["lastekaitse"]
    assert "laps" in analysis.parts


def test_function_words_and_olema_get_no_lemmas() -> None:
    analyses = Morphology.shared().analyse(["on", "oma", "või", "läbi"])
    assert all(not analysis.lemmas for analysis in analyses.values())


def test_analyses_and_forms_are_kept_on_disk_between_builds(tmp_path: Path) -> None:
    cache = tmp_path / "cache" / "morphology.json"
    first = Morphology(cache)
    analysed = first.analyse(["asendushoolduse", "toe"])
    forms = first.forms("tugi", "S")
    first.save()
    assert cache.is_file() and not list(cache.parent.glob(".morphology-*")), "written whole, no leftovers"
    second = Morphology(cache)
    second._vm = None  # Vabamorf is not asked again: any call would fail
    assert second.analyse(["asendushoolduse", "toe"]) == analysed
    assert second.forms("tugi", "S") == forms
    cache.write_text("{not json", encoding="utf-8")
    assert Morphology(cache).analyse(["toe"]) == {"toe": analysed["toe"]}, "a damaged cache is rebuilt"


def test_the_cache_file_depends_on_vabamorf_and_the_rules(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from ametijuhend.morphology import CACHE_ENV, cache_file

    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    path = cache_file()
    assert path is not None and path.parent == tmp_path and path.name.startswith("morphology-")
    monkeypatch.setenv(CACHE_ENV, "off")
    assert cache_file() is None


def test_synthesis_gives_14_cases_in_both_numbers() -> None:
    forms = Morphology.shared().forms("tugi", "S")
    assert forms[0] == "tugi"
    for form in ("toe", "tuge", "toesse", "toes", "toest", "toele", "toel", "toelt", "toeks", "toeni", "toena"):
        assert form in forms
    for form in ("toeta", "toega", "toed", "tugede", "tugesid", "tugedesse", "tugedeta", "tugedega"):
        assert form in forms


def test_fold_and_words() -> None:
    assert fold("Järelevalve ŠŽõü") == "jarelevalve szou"
    assert words("E-koolitused 3.4 Õigus") == ["E", "koolitused", "Õigus"]


# --- lemma layer and dictionary ------------------------------------------------------------


def test_mark_adds_lemmas_after_the_word_as_written(layer: LemmaLayer) -> None:
    marked = layer.mark("Riikliku perelepitusteenuse e-koolitused, 3.4 (STAR) <b>")
    assert f"perelepitusteenuse {MARK} lepitus teenus {MARK_END}" in marked
    assert re.sub(r" \| [\w ]* \|\|", "", marked) == "Riikliku perelepitusteenuse e-koolitused, 3.4 (STAR) <b>"
    assert layer.mark("(uute).") == f"(uute). {MARK} uus {MARK_END}", "after the run of text, punctuation included"


def test_dictionary_maps_forms_to_lemmas(layer: LemmaLayer) -> None:
    dictionary = layer.dictionary()
    assert dictionary["koolitused"] == ["koolitus"]
    assert dictionary["koolitustele"] == ["koolitus"], "synthesised, not written in the seeds"
    assert "laps" in dictionary["lapsele"]
    assert dictionary["jarelevalvesusteemile"] == ["järelevalvesüsteem"], "keys are folded, lemmas are not"
    assert dictionary["hooldusele"] == ["hooldus"], "parts of compounds have their forms too"


def test_dictionary_shards_are_small_and_complete(layer: LemmaLayer) -> None:
    dictionary = layer.dictionary()
    shards = dictionary_shards(dictionary, limit=2000)
    assert max(len(text.encode()) for text in shards.values()) <= 2000 or len(shards) > 10
    found: dict[str, set[str]] = {}
    for prefix, text in shards.items():
        for line in text.splitlines():
            lemma, *forms = line.split(" ")
            for form in forms:
                assert form.startswith(prefix)
                found.setdefault(form, set()).add(lemma)
    assert found == {form: set(lemmas) for form, lemmas in dictionary.items()}


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


def test_record_html_escapes_data_and_has_the_lemma_layer(project: Project) -> None:
    position = project.links.positions[C]
    hostile = position.model_copy(update={"purpose": '<script>alert(1)</script> "x" {{ 7*7 }} perelepitusteenus'})
    record = position_record(hostile, project.links)
    html = record.html(LemmaLayer(Morphology.shared(), [record]).mark)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert f"perelepitusteenus {MARK} lepitus teenus {MARK_END}" in html
    assert '<meta data-pagefind-meta="title[content]" content="Nõunik (perelepitus)">' in html, "meta is unmarked"
    assert '<meta data-pagefind-filter="kompetents[content]" content="Pingetaluvus">' in html
    assert re.search(r'<h2 id="ulesanne-3-4"[^>]*>Ülesanne 3\.4</h2>', html)


def test_title_of_a_position_without_title(project: Project) -> None:
    position: Position = project.links.positions[E]
    assert position_record(position, project.links).title == "Ametinimetus puudub"  # the id is internal


# --- the bundle ---------------------------------------------------------------------------


def test_build_index_writes_the_index_folder(project: Project, tmp_path: Path) -> None:
    stale = tmp_path / "indeks" / "stale.ajs"
    stale.parent.mkdir()
    stale.write_text("old")
    stats = build_index(project, tmp_path)
    out = tmp_path / "indeks"
    assert json.loads((out / "manifest.json").read_text())["records"] == 5
    assert len(list((out / "f").glob("*.ajs"))) == 5
    assert (out / "filters.ajs").is_file()
    assert not stale.exists(), "a rebuild starts from an empty folder"
    assert stats.records == 5 and stats.shards == len(list((out / "t").glob("*.ajs")))
    assert stats.terms > 1000 and stats.postings > stats.terms
    assert stats.compounds > 50
    assert stats.bytes == sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    manifest = json.loads((out / "lemmad" / "manifest.json").read_text())
    assert stats.dictionary_forms > 5000
    assert 0 < stats.largest_shard <= 24 * 1024
    assert all((out / "lemmad" / name).is_file() for name in manifest.values())


def test_the_same_data_gives_the_same_index(project: Project, tmp_path: Path) -> None:
    """Byte for byte (no time stamps in the gzip files): a rebuild changes no file a web server caches."""
    build_index(project, tmp_path / "a")
    build_index(project, tmp_path / "b")
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*") if p.is_file())
    assert all((tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in files)


def test_no_positions_no_index(tmp_path: Path) -> None:
    empty = tmp_path / "data"
    (empty / "catalogues").mkdir(parents=True)
    for name, key in (("units", "units"), ("competencies", "competencies")):
        (empty / "catalogues" / f"{name}.yaml").write_text(f"{key}: []\n")
    stats = build_index(load_project(empty), tmp_path / "site")
    assert stats.records == 0
    assert not (tmp_path / "site" / "indeks").exists()


def test_build_index_without_the_lemma_layer(project: Project, tmp_path: Path) -> None:
    stats = build_index(project, tmp_path, lemmas=False)
    assert stats.records == 5 and stats.dictionary_forms == 0
    assert not (tmp_path / "indeks" / "lemmad").exists()


def test_build_index_without_drafts(with_draft: Project, tmp_path: Path) -> None:
    stats = build_index(with_draft, tmp_path, include_drafts=False)
    assert stats.records == 4
    assert len(list((tmp_path / "indeks" / "f").glob("*.ajs"))) == 4


def test_a_bar_in_the_data_is_never_taken_for_the_lemma_mark(project: Project) -> None:
    """Issue 13: an excerpt shows data text literally; `A|B` must not lose `|B` to the marker."""
    position = project.links.positions[A]
    barred = position.model_copy(update={"purpose": "Valik A|B ja toe|tugi kirjas nii."})
    record = position_record(barred, project.links)
    html = record.html(LemmaLayer(Morphology.shared(), [record]).mark)
    assert "A\uff5cB" in html and "toe\uff5ctugi" in html  # the data's bars, each as DATA_BAR
    assert "A|B" not in html
