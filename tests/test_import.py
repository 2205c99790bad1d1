"""The importer of legacy job descriptions (issue 7).

- the five seed texts import to the hand-checked files of `positions/`, compared
  field by field, with the agreement reported per field group;
- the .docx and .pdf fixtures (`tests/fixtures/import/`, made by make_fixtures.py)
  import to the expected structure: civil servant, employee, sections missing,
  odd numbering and order, other bullet styles;
- drafts validate, are never overwritten, keep every line of text (unplaced text
  is marked, not dropped) and never carry the names of signers.
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import os
import re
import shutil
import struct
import time
import zipfile
import zlib
from pathlib import Path
from typing import Any

import pytest
import yaml
from test_seed_text import SEED_IDS  # the seed → position id table, kept in one place

from ametijuhend import cli, importer
from ametijuhend.errors import errors_of
from ametijuhend.importer import pdf, worker
from ametijuhend.importer import source as reader
from ametijuhend.importer.general import split_names
from ametijuhend.importer.parse import make_id, parse
from ametijuhend.importer.requirements import language_requirement
from ametijuhend.importer.resolve import Catalogues
from ametijuhend.importer.text import join
from ametijuhend.project import load_project

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "tests" / "seeds"
FIXTURES = ROOT / "tests" / "fixtures" / "import"
POSITIONS = ROOT / "positions"

IGNORED = {"status", "id", "aliases", "last_review", "incomplete_source"}
"""HR's decisions, not the source's text: the status, the id, and whether a copy is incomplete
(`incomplete_source`, which a maintainer states after comparing with the register)."""
"""What the importer cannot know: the review state, the chosen id, former ids, the last review."""

GROUPS = {
    "general": ("document_type", "source", "document_note", "approval", "title", "specialisation", "unit",
                "manager", "substituted_by", "substitutes_for"),
    "purpose": ("purpose",),
    "duties": ("duties",),  # number, task, subtasks
    "results": ("duties",),  # results_intro, results
    "rights/responsibilities": ("rights", "responsibilities"),
    "tools": ("tools",),
    "requirements": ("requirements",),
    "competencies": ("competencies",),
    "amendment/signatures": ("amendment", "signatures"),
    "missing": ("missing",),
}
MUST_AGREE = ("duties", "results", "competencies", "requirements")
SIGNER_NAMES = ("Maripuu", "Randlaine", "Maasikas", "Tamm")


def seed_file(number: str) -> Path:
    return next(SEEDS.glob(f"{number}_*.txt"))


def flatten(value: Any, path: str = "") -> dict[str, Any]:
    """`{"a": [{"b": 1}]}` → `{"a[0].b": 1}`: one entry per leaf, for a field-by-field comparison."""
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, inner in value.items():
            out.update(flatten(inner, f"{path}.{key}" if path else key))
        return out
    if isinstance(value, list) and value:
        out = {}
        for i, inner in enumerate(value):
            out.update(flatten(inner, f"{path}[{i}]"))
        return out
    return {path: value}


def group_of(leaf: str) -> str:
    top = leaf.split(".", 1)[0].split("[", 1)[0]
    if top == "duties":
        return "results" if ".results" in leaf else "duties"
    return next((name for name, keys in GROUPS.items() if top in keys), "general")


def agreement(expected: dict[str, Any], got: dict[str, Any]) -> tuple[dict[str, tuple[int, int]], list[str]]:
    """Per field group: (leaves equal, leaves in all), and a line per difference."""
    want = flatten({k: v for k, v in expected.items() if k not in IGNORED})
    have = flatten({k: v for k, v in got.items() if k not in IGNORED})
    counts: dict[str, tuple[int, int]] = {}
    diffs = []
    for leaf in sorted(set(want) | set(have)):
        group = group_of(leaf)
        equal, total = counts.get(group, (0, 0))
        same = want.get(leaf) == have.get(leaf)
        counts[group] = (equal + same, total + 1)
        if not same:
            diffs.append(f"{leaf}:\n    hand-checked: {want.get(leaf)!r}\n    imported:     {have.get(leaf)!r}")
    return counts, diffs


def format_agreement(counts: dict[str, tuple[int, int]]) -> str:
    return ", ".join(f"{group} {equal}/{total} ({100 * equal / total:.0f}%)"
                     for group, (equal, total) in sorted(counts.items()))


@pytest.fixture
def catalogues() -> Catalogues:
    return Catalogues.load(POSITIONS)


@pytest.fixture(scope="module")
def seed_drafts(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[importer.FileReport]]:
    """The five seeds imported into a data folder of their own (with the catalogues of `positions/`)."""
    out = tmp_path_factory.mktemp("drafts")
    shutil.copytree(POSITIONS / "catalogues", out / "catalogues")
    cats = Catalogues.load(POSITIONS)
    reports = [importer.import_file(seed_file(n), out, cats) for n in SEED_IDS]
    return out, reports


# -- done when: the seeds equal the hand-checked files -------------------------------------------


@pytest.mark.parametrize("number", sorted(SEED_IDS))
def test_seed_imports_to_the_hand_checked_file(number: str, seed_drafts: tuple[Path, list[importer.FileReport]]
                                                ) -> None:
    hand_file = POSITIONS / f"{SEED_IDS[number]}.yaml"
    if not hand_file.exists():
        pytest.skip(f"{hand_file.name} is not written yet")
    _, reports = seed_drafts
    report = next(r for r in reports if r.source.name.startswith(number))
    assert report.status == "written", report.format()
    got = yaml.safe_load(report.output.read_text(encoding="utf-8"))  # type: ignore[union-attr]
    expected = yaml.safe_load(hand_file.read_text(encoding="utf-8"))
    counts, diffs = agreement(expected, got)
    summary = f"{number} {SEED_IDS[number]}: {format_agreement(counts)}"
    print(summary)
    for group in MUST_AGREE:
        equal, total = counts.get(group, (0, 0))
        assert equal == total, f"{summary}\n" + "\n".join(d for d in diffs if group_of(d.split(":")[0]) == group)
    assert not diffs, f"{summary}\n" + "\n".join(diffs)
    assert got["status"] == "mustand"


def test_seed_drafts_validate_as_a_data_folder(seed_drafts: tuple[Path, list[importer.FileReport]]) -> None:
    out, reports = seed_drafts
    assert all(r.status == "written" and not r.problems for r in reports), [r.format() for r in reports]
    project = load_project(out)
    assert not project.errors, [p.format() for p in project.errors]
    assert len(project.data.positions) == 5


def test_seed_reports_and_drafts(seed_drafts: tuple[Path, list[importer.FileReport]]) -> None:
    _, reports = seed_drafts
    by_seed = {r.source.name[:3]: r for r in reports}
    assert by_seed["004"].missing == ["approval", "title", "specialisation", "unit", "manager", "substituted_by",
                                      "substitutes_for"]
    assert "Üldosa" not in " ".join(by_seed["004"].sections)
    assert by_seed["001"].missing == ["approval"]
    assert by_seed["003"].missing == ["approval.order_number"]
    for report in reports:
        assert not report.unplaced and not report.unresolved, report.format()
        text = report.output.read_text(encoding="utf-8")  # type: ignore[union-attr]
        assert text.startswith("# yaml-language-server: $schema=../schema/position.schema.json\n")
        assert "IMPORTED DRAFT" in text and report.source.name in text
        for name in SIGNER_NAMES:
            assert name not in text and name not in report.format()


# -- .docx and .pdf fixtures -----------------------------------------------------------------

EXPECTED_FIXTURES: dict[str, dict[str, Any]] = {
    "automaatnumbrid": {
        "duty_numbers": ["3.1", "3.2"],
        "duties[1]": {"number": "3.2", "task": "Juhendite koostamine.",
                      "results": ["Juhendid on koostatud ning avalikustatud."]},
        "substitutes_for": ["teenuse-juht-perelepitus"],
    },
    "ametnik": {
        "id": "nounik-perelepitus", "document_type": "ametnik",
        "approval": {"approver": "Sotsiaalkindlustusameti peadirektor", "order_number": "10", "date": "2024-01-19"},
        "title": "Nõunik", "specialisation": "perelepitus", "unit": "laste-heaolu-osakond",
        "manager": "teenuse-juht-perelepitus",
        "substituted_by": ["teenuse-juht-perelepitus", "juhtivkoordinaator-perelepitus", "koordinaator-perelepitus"],
        "substitutes_for": ["teenuse-juht-perelepitus", "juhtivkoordinaator-perelepitus"],
        "duty_numbers": [f"3.{n}" for n in range(1, 10)],
        "duties[8]": {"number": "3.9", "task": "Vahetu juhi antud muude ühekordsete ülesannete täitmine.",
                      "results": ["Ülesanded on täidetud nõuetekohaselt ja tähtaegselt."]},
        "duties[0]": {"number": "3.1", "task": "Perelepitajate koolituste ja täiendõppe vajaduste kaardistamine, sh:",
                      "subtasks": ["koolitusvajadusega seotud tegevuste planeerimine ja koolitusprogrammide loomine;",
                                   "vajadusel koolitajate leidmine ja kokkulepete sõlmimine."],
                      "results": ["Koolitustegevused on planeeritud ja metoodika valitud.",
                                  "Koolitused on läbiviidud ning perelepitajate töökvaliteet on seeläbi kasvanud."]},
        "duties[2].results_intro": "Korraldus- ja rahastusmudel on kvaliteetselt ja tähtaegselt välja töötatud, sh:",
        "rights.intro": "Ametnikul on õigus:", "rights.items": 3, "responsibilities.items": 3,
        "tools": "Töövahenditeks on ametniku kasutusse antud sülearvuti tööks vajaliku tarkvaraga ning "
                 "ühiskasutuses olev kontoritehnika ja -mööbel.",
        "requirements.travel": "On valmis Eesti-sisesteks regulaarseteks lähetusteks.",
        "languages": [[("eesti", "C1", False)], [("inglise", "B1", False), ("vene", "B1", False)]],
        "core": ["kliendikesksus", "koostoovoime"], "additional": ["korrektsus", "pingetaluvus"],
        "additional[1].name": "Pingetaluvus (tasakaalukus)",
        "knowledge": ["Teadmised projektijuhtimise põhimõtetest."],
        "signatures": [{"title": "peadirektor", "digital": True}],
        "missing": [],
    },
    "tootaja": {
        "id": "peaspetsialist-ennetusteenus", "document_type": "tootaja",
        "document_note": "Töölepingu juurde kuuluv lisa", "unit": "ennetusteenuste-tiim", "manager": "teenuse-juht",
        "substituted_by": ["koolitusspetsialist"], "substitutes_for": ["koolitusspetsialist"],
        "duty_numbers": ["3.1", "3.2"], "rights.items": 3,
        "languages": [[("eesti", "C1", False)], [("vene", "B1", False), ("vene", "B2", True)]],
        "signatures": [{"party": "Tööandja", "digital": True}, {"party": "Töötaja", "digital": True}],
        "missing": ["approval"],
    },
    "puuduvad-osad": {
        "id_pattern": r"nimetu-ametikoht-[0-9a-f]{8}", "document_type": "ametnik",  # never from the file name
        "duty_numbers": ["3.1"], "core": ["kliendikesksus"], "additional": [],
        "requirements.education": "Magistrikraadile vastav kvalifikatsioon.",
        "missing": ["approval", "title", "specialisation", "unit", "manager", "substituted_by", "substitutes_for",
                    "requirements.experience", "requirements.languages", "requirements.computer_skills",
                    "amendment"],
        "absent": ["tools", "approval", "title", "amendment", "signatures"],
    },
    "nummerdus": {
        "id": "teenuste-konsultant", "unit": "erihoolekande-ja-rehabilitatsiooni-talitus", "manager": "tiimijuht",
        "substituted_by": ["teenuste-konsultant"], "substitutes_for": ["teenuste-konsultant"],
        "approval": {"approver": "Sotsiaalkindlustusameti peadirektor", "date": "2023-04-05"},
        "duty_numbers": ["4.1", "4.2", "4.10"],
        "purpose": "Ametikoha eesmärk on inimese abi- ja toetusvajaduse hindamine.",
        "requirements.other": [{"label": "Juhiluba", "text": "B-kategooria juhiluba."}],
        "languages": [[("voorkeel", "B1", False), ("vene", "B1", True)]],
        "rights.items": 3, "responsibilities.items": 3,
        "amendment": ["Ametijuhend vaadatakse üle kord aastas vahetu juhiga.",
                      "Ametniku nõusolekuta võib ametijuhendit muuta, kui ei muutu ametikoha eesmärk."],
        "missing": ["approval.order_number", "requirements.experience", "requirements.computer_skills",
                    "competencies"],
    },
    "bullet-styles": {
        "id": "teenuse-juht-asendushoolduse-arendusteenus", "unit": "asendushoolduse-arendustiim",
        "manager": "talitusejuhataja", "substitutes_for": ["talitusejuhataja", "teenuse-juht", "nounik"],
        "duties[0]": {"number": "3.1", "task": "Töötajate arendamine ja eestvedamine, sh:",
                      "subtasks": ["tööalane kommunikatsioon;", "töötulemuste hindamine ja pidev tagasisidestamine;"],
                      "results": ["Kujundatud on toimiv meeskond.", "Töötajatel on hea informeeritus."]},
        "duties[1]": {"number": "3.2", "task": "Teenuse eelarvevahendite kulujuhtimine.",
                      "results": ["Rahalised kohustused on kontrolli all.", "Eelarve on planeeritud."]},
        "rights.items": 3, "responsibilities.items": 3, "core": ["kliendikesksus", "koostoovoime"],
        "languages": [[("eesti", "C1", False)], [("vene", None, True), ("voorkeel", None, True)]],
        "amendment": ["Ametijuhend vaadatakse üle kord aastas vahetu juhiga."],
    },
}


EXPECTED_FIXTURES["ametnik-ilma-joonteta"] = EXPECTED_FIXTURES["ametnik"]


def check_expected(draft: dict[str, Any], expected: dict[str, Any]) -> None:
    for key, want in expected.items():
        if key == "id_pattern":
            assert re.fullmatch(want, draft["id"]), draft["id"]
        elif key == "duty_numbers":
            assert [d["number"] for d in draft["duties"]] == want
        elif key == "languages":
            got = [[(lv["language"], lv.get("level"), lv.get("advantage", False)) for lv in sentence["levels"]]
                   for sentence in draft["requirements"]["languages"]]
            assert got == want
        elif key in ("core", "additional"):
            assert [u["competency"] for u in draft.get("competencies", {}).get(key, [])] == want
        elif key == "knowledge":
            assert draft["competencies"]["knowledge"] == want
        elif key == "additional[1].name":
            assert draft["competencies"]["additional"][1]["name"] == want
        elif key == "absent":
            assert not set(want) & set(draft), set(want) & set(draft)
        elif key == "missing":
            assert draft.get("missing", []) == want
        elif key.startswith("duties["):
            index, _, field = key[len("duties["):].partition("]")
            duty = draft["duties"][int(index)]
            assert (duty[field.lstrip(".")] if field else duty) == want
        elif "." in key:
            top, inner = key.split(".", 1)
            value = draft[top][inner]
            assert (len(value) if isinstance(want, int) else value) == want, key
        else:
            assert draft.get(key) == want, key


@pytest.mark.parametrize("suffix", [".docx", ".pdf"])
@pytest.mark.parametrize("name", sorted(EXPECTED_FIXTURES))
def test_fixture_imports_with_structure(name: str, suffix: str, tmp_path: Path, catalogues: Catalogues) -> None:
    source = FIXTURES / f"{name}{suffix}"
    report = importer.import_file(source, tmp_path, catalogues)
    assert report.status == "written", report.format()
    assert not report.unplaced and not report.unresolved and not report.problems, report.format()
    text = report.output.read_text(encoding="utf-8")  # type: ignore[union-attr]
    draft = yaml.safe_load(text)
    assert draft["status"] == "mustand"
    check_expected(draft, EXPECTED_FIXTURES[name])
    for person in ("Maasikas", "Tamm"):
        assert person not in text and person not in report.format()
    if name == "tootaja" and suffix == ".pdf":  # its running header and page-numbered footer
        assert "lehekülgede päise/jaluse ridu jäeti välja: 4 (korduvad lehtedel)" in [str(n) for n in report.notes]


def test_docx_and_pdf_give_the_same_draft(tmp_path: Path, catalogues: Catalogues) -> None:
    for name in EXPECTED_FIXTURES:
        drafts = []
        for suffix in (".docx", ".pdf"):
            out = tmp_path / suffix[1:]
            report = importer.import_file(FIXTURES / f"{name}{suffix}", out, catalogues)
            draft = yaml.safe_load(report.output.read_text(encoding="utf-8"))  # type: ignore[union-attr]
            draft.pop("source")
            drafts.append(draft)
        assert drafts[0] == drafts[1], name


def test_fixture_script_matches_the_committed_fixtures(tmp_path: Path, catalogues: Catalogues) -> None:
    """make_fixtures.py still writes the documents that are committed (regenerate them when it changes)."""
    spec = importlib.util.spec_from_file_location("make_fixtures", FIXTURES / "make_fixtures.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    (tmp_path / "new").mkdir()
    written = module.write_docx(tmp_path / "new")
    assert sorted(p.stem for p in written) == sorted(EXPECTED_FIXTURES)
    for path in written:
        drafts = []
        for source in (path, FIXTURES / path.name):
            report = importer.import_file(source, tmp_path / source.parent.name, catalogues)
            drafts.append(yaml.safe_load(report.output.read_text(encoding="utf-8")))  # type: ignore[union-attr]
            drafts[-1].pop("source")
        assert drafts[0] == drafts[1], f"{path.name}: run make_fixtures.py to regenerate the fixtures"


# -- never dropped, never overwritten ----------------------------------------------------------


def test_text_not_placed_is_kept_in_the_draft_and_reported(tmp_path: Path, catalogues: Catalogues) -> None:
    text = seed_file("002").read_text(encoding="utf-8")
    stray = "Lisa 3 peadirektori käskkirjale; kehtib alates uuest aastast."
    text = text.replace("AMETIJUHEND \n", f"AMETIJUHEND \n{stray}\n", 1)
    source = tmp_path / "stray.txt"
    source.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    report = importer.import_file(source, out, catalogues)
    line_no = text.splitlines().index(stray) + 1
    assert report.unplaced == [(line_no, stray)]
    assert report.needs_attention
    assert f"paigutamata tekst (rida {line_no}): {stray}" in report.format()
    draft_text = report.output.read_text(encoding="utf-8")  # type: ignore[union-attr]
    assert f"# PAIGUTAMATA TEKST (rida {line_no}): {stray}" in draft_text
    assert not errors_of(report.problems)


def test_existing_file_is_never_overwritten(tmp_path: Path, catalogues: Catalogues) -> None:
    first = importer.import_file(seed_file("000"), tmp_path, catalogues)
    assert first.status == "written" and first.output is not None
    before = first.output.read_text(encoding="utf-8")
    again = importer.import_file(seed_file("000"), tmp_path, catalogues)  # same source: an earlier import
    assert again.status == "skipped" and "üle ei kirjutatud" in again.format()
    assert again.output == first.output and first.output.read_text(encoding="utf-8") == before


def test_a_renamed_earlier_import_is_recognised(tmp_path: Path, catalogues: Catalogues) -> None:
    first = importer.import_file(seed_file("004"), tmp_path, catalogues)
    assert first.output is not None and re.fullmatch(r"nimetu-ametikoht-[0-9a-f]{8}\.yaml", first.output.name)
    renamed = first.output.rename(tmp_path / "nimetu-ametikoht-kvaliteet-ja-jarelevalve.yaml")
    again = importer.import_file(seed_file("004"), tmp_path, catalogues)
    assert (again.status, again.output) == ("skipped", renamed)
    assert [p.name for p in tmp_path.glob("*.yaml")] == [renamed.name]


def test_a_draft_cut_off_by_a_full_disk_is_not_left_behind(tmp_path: Path, catalogues: Catalogues,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """A full disk while writing a draft left the draft cut off under its final name, and the next run skipped
    its source as imported already. Now the draft appears only complete (written beside it, then linked)."""
    import errno
    import io
    import os as os_module

    real_fdopen = os_module.fdopen

    class Full(io.StringIO):
        def write(self, text: str) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(importer.os, "fdopen", lambda *args, **kwargs: Full())
    failed = importer.import_file(seed_file("001"), tmp_path, catalogues)
    assert failed.status == "failed" and list(tmp_path.iterdir()) == []
    monkeypatch.setattr(importer.os, "fdopen", real_fdopen)
    again = importer.import_file(seed_file("001"), tmp_path, catalogues)
    assert again.status != "skipped" and again.output is not None
    assert yaml.safe_load(again.output.read_text(encoding="utf-8"))["id"] == again.output.stem
    assert [p.name for p in tmp_path.iterdir()] == [again.output.name]


def test_hostile_text_stays_data(tmp_path: Path, catalogues: Catalogues) -> None:
    """Markup, template syntax, YAML syntax and control characters in a document end up as plain text."""
    hostile = "{{ config.extra }} <script>alert(1)</script> key: value # &anchor *alias !!python/object"
    text = seed_file("002").read_text(encoding="utf-8")
    text = text.replace("Teavitustegevuse korraldamine.", f"Teavitustegevuse korraldamine {hostile}.\x07")
    text = text.replace("AMETIJUHEND \n", f"AMETIJUHEND \n---\n{hostile}\x1b\u2028# x\n", 1)
    source = tmp_path / "hostile.txt"
    source.write_text(text, encoding="utf-8")
    report = importer.import_file(source, tmp_path / "out", catalogues)
    assert not errors_of(report.problems), report.format()
    draft = yaml.safe_load(report.output.read_text(encoding="utf-8"))  # type: ignore[union-attr]
    assert draft["duties"][1]["task"] == f"Teavitustegevuse korraldamine {hostile}."
    assert [t for _, t in report.unplaced] == ["---", f"{hostile} # x"]


def test_same_title_from_another_source_gets_its_own_file(tmp_path: Path, catalogues: Catalogues) -> None:
    hand = tmp_path / "teenuse-juht-asendushoolduse-arendusteenus.yaml"
    hand.write_text("# written by hand\nsource: registry 1-2/45\n", encoding="utf-8")
    report = importer.import_file(seed_file("000"), tmp_path, catalogues)
    assert report.status == "written"
    assert report.output == tmp_path / "teenuse-juht-asendushoolduse-arendusteenus-asendushoolduse-arendustiim.yaml"
    assert yaml.safe_load(report.output.read_text(encoding="utf-8"))["id"] == report.output.stem
    assert hand.read_text(encoding="utf-8") == "# written by hand\nsource: registry 1-2/45\n"
    assert not report.problems, report.format()


def run_cli(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    importer.add_arguments(parser)
    return importer.run(parser.parse_args(list(argv)))


def test_cli_batch_report_summary_and_rerun(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = [str(seed_file(n)) for n in SEED_IDS]
    assert run_cli(*files, "--out", str(tmp_path), "--data", str(POSITIONS)) == 0
    captured = capsys.readouterr()
    assert "Faile 5: kirjutatud 5, vahele jäetud (olemas) 0, ebaõnnestus 0; tähelepanu vajab 0" in captured.out
    assert "leitud osad:" in captured.out and "allikast puuduvad väljad: approval" in captured.out
    assert "5/5" in captured.err  # the progress bar goes to stderr
    assert run_cli(*files, "--out", str(tmp_path), "--data", str(POSITIONS)) == 0  # safe to re-run
    assert "kirjutatud 0, vahele jäetud (olemas) 5" in capsys.readouterr().out


def test_cli_failed_files_give_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    odt = tmp_path / "juhend.odt"
    odt.write_bytes(b"PK")
    broken = tmp_path / "katki.docx"
    broken.write_bytes(b"not a zip file")
    truncated = tmp_path / "katki.pdf"
    truncated.write_bytes((FIXTURES / "ametnik.pdf").read_bytes()[:3000])
    binary = tmp_path / "binaar.txt"
    binary.write_bytes(bytes(range(256)))
    files = [odt, broken, truncated, binary, tmp_path / "puudub.pdf"]
    code = run_cli(*map(str, files), "--out", str(tmp_path / "out"), "--data", str(POSITIONS))
    out = capsys.readouterr().out
    assert code == 1
    for message in ("failitüüpi `.odt` ei toetata", "ei ole loetav Word-fail", "ei ole loetav PDF-fail",
                    "binaarfail, mitte tekst", "faili ei leitud"):
        assert message in out
    assert "ebaõnnestus 5" in out
    assert not (tmp_path / "out").exists()
    # the same report in English, through the real command line (`--lang en`); exit status unchanged
    assert cli.main(["--lang", "en", "import", *map(str, files), "--out", str(tmp_path / "out"),
                     "--data", str(POSITIONS)]) == 1
    out = capsys.readouterr().out
    for message in (": failed\n", "file type `.odt` is not supported: use .txt, .docx, .pdf",
                    "not a readable Word file", "not a readable PDF file", "a binary file, not text",
                    "file not found", "Files 5: written 0, skipped (exist) 0, failed 5"):
        assert message in out, out
    assert "ebaõnnestus" not in out and "ei ole" not in out


def test_cli_import_report_of_a_draft_in_english(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seed = str(seed_file("002"))
    assert cli.main(["import", seed, "--out", str(tmp_path / "et"), "--data", str(POSITIONS)]) == 0
    estonian = capsys.readouterr().out
    assert ": kirjutatud → " in estonian and "leitud osad: " in estonian and "Faile 1: kirjutatud 1" in estonian
    assert cli.main(["import", seed, "--out", str(tmp_path / "en"), "--data", str(POSITIONS), "--lang", "en"]) == 0
    english = capsys.readouterr().out
    assert ": written → " in english and "sections found: " in english and "fields the source lacks: " in english
    assert "Files 1: written 1, skipped (exist) 0, failed 0; need attention 0" in english
    assert "kirjutatud" not in english and "leitud osad" not in english


# -- references --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("printed", "partitive", "expected"), [
    ("Talitusejuhatajat", True, "talitusejuhataja"),
    ("teenuse juhti", True, "teenuse-juht"),
    ("nõunikku", True, "nounik"),
    ("juhtivkoordinaatorit (perelepitus)", True, "juhtivkoordinaator-perelepitus"),
    ("Koolitusspetsialisti", True, "koolitusspetsialist"),
    ("Teenuse juht (perelepitus)", False, "teenuse-juht-perelepitus"),
    ("Tiimijuht", False, "tiimijuht"),
])
def test_positions_resolve_from_inflected_names(printed: str, partitive: bool, expected: str,
                                                catalogues: Catalogues) -> None:
    assert catalogues.position(printed, partitive=partitive) == (expected, None)


def test_unknown_position_is_kept_as_named_and_proposed(catalogues: Catalogues) -> None:
    pid, proposal = catalogues.position("Peaspetsialisti (andmekaitse)", partitive=True)
    assert pid == "peaspetsialist-andmekaitse"
    assert proposal is not None and proposal.catalogue == "referenced-positions.yaml"
    pid, proposal = catalogues.position("vanemjuristi", partitive=True)
    assert (pid, proposal.entry["name"]) == ("vanemjurist", "Vanemjurist")  # type: ignore[union-attr]


def test_names_joined_by_ja_split_only_into_known_positions(tmp_path: Path, catalogues: Catalogues) -> None:
    text = seed_file("002").read_text(encoding="utf-8")
    text = text.replace("Teenuse juhti, \njuhtivkoordinaatorit (perelepitus)",
                        "Teenuse juhti ja \njuhtivkoordinaatorit (perelepitus)")
    text = text.replace("Teenuse juht \n(perelepitus)", "Erihoolekande ja rehabilitatsiooni \njuht")
    source = tmp_path / "ja.txt"
    source.write_text(text, encoding="utf-8")
    report = importer.import_file(source, tmp_path / "out", catalogues)
    draft = yaml.safe_load(report.output.read_text(encoding="utf-8"))  # type: ignore[union-attr]
    assert draft["substitutes_for"] == ["teenuse-juht-perelepitus", "juhtivkoordinaator-perelepitus"]
    assert draft["manager"] == "erihoolekande-ja-rehabilitatsiooni-juht"  # one unknown name, not two
    assert [str(u) for u in report.unresolved] == [
        "manager: `Erihoolekande ja rehabilitatsiooni juht` ei vasta ühelegi ametikohale; "
        "jäeti kujul `erihoolekande-ja-rehabilitatsiooni-juht`"]


def test_split_names_distributes_a_final_qualifier() -> None:
    assert split_names("Teenuse juht, juhtivkoordinaator, koordinaator (perelepitus)") == [
        "Teenuse juht (perelepitus)", "juhtivkoordinaator (perelepitus)", "koordinaator (perelepitus)"]
    assert split_names("Talitusejuhataja, teenuse juht, nõunik") == ["Talitusejuhataja", "teenuse juht", "nõunik"]


def test_units_resolve_or_are_proposed(catalogues: Catalogues) -> None:
    printed = "Laste heaolu osakond, asendushoolduse talitus (asendushoolduse arendustiim)"
    assert catalogues.unit(printed) == ("asendushoolduse-arendustiim", [])
    unit, proposals = catalogues.unit("Laste heaolu osakond, järelevalve talitus")
    assert unit == "jarelevalve-talitus"
    assert [p.entry for p in proposals] == [{"id": "jarelevalve-talitus", "name": "Järelevalve talitus",
                                            "kind": "talitus", "parent": "laste-heaolu-osakond"}]


def test_competencies_match_names_aliases_and_qualified_names(catalogues: Catalogues) -> None:
    assert catalogues.competency("Pingetaluvus (tasakaalukus)")[1] == "pingetaluvus"
    assert catalogues.competency("Suhtlemis- ja mõjutamisoskus, sh selge ja veenev eneseväljendusoskus")[1] == (
        "suhtlemis-ja-mojutamisoskus")
    assert catalogues.competency("KOOSTÖÖVÕIME")[1] == "koostoovoime"
    assert catalogues.competency("Ajajuhtimine") == (None, "ajajuhtimine")


def test_unknown_references_are_reported_with_a_catalogue_entry(tmp_path: Path, catalogues: Catalogues) -> None:
    text = seed_file("003").read_text(encoding="utf-8").replace("Tiimijuht Teenuste", "Vanemkonsultant Teenuste")
    text = text.replace("Meeskonnatöö: oma", "Ajajuhtimine: oma")
    source = tmp_path / "muudetud.txt"
    source.write_text(text, encoding="utf-8")
    report = importer.import_file(source, tmp_path / "out", catalogues)
    assert report.needs_attention
    assert any("Vanemkonsultant" in str(u) for u in report.unresolved)
    assert any("Ajajuhtimine" in str(u) for u in report.unresolved)
    draft_text = report.output.read_text(encoding="utf-8")  # type: ignore[union-attr]
    draft = yaml.safe_load(draft_text)
    assert draft["manager"] == "vanemkonsultant"
    assert "catalogues/referenced-positions.yaml: {id: vanemkonsultant, name: Vanemkonsultant}" in draft_text
    ajajuhtimine = next(u for u in draft["competencies"]["additional"] if u["competency"] == "ajajuhtimine")
    assert ajajuhtimine["name"] == "Ajajuhtimine" and ajajuhtimine["definition"].startswith("oma töös")


def test_text_requirements_with_an_unknown_heading_and_unpunctuated_languages(
        tmp_path: Path, catalogues: Catalogues) -> None:
    text = seed_file("003").read_text(encoding="utf-8")
    heading = "Valmisolek lähetusteks \n"
    text = text.replace(heading, f"Juhiluba \n\nB-kategooria juhiluba. \n\n \n\n{heading}")
    text = text.replace("Eesti keele valdamine vähemalt tasemel C1. \n", "Eesti keele valdamine vähemalt tasemel C1\n")
    source = tmp_path / "003-muudetud.txt"
    source.write_text(text, encoding="utf-8")
    report = importer.import_file(source, tmp_path / "out", catalogues)
    assert not report.unplaced, report.format()
    requirements = yaml.safe_load(report.output.read_text(encoding="utf-8"))["requirements"]  # type: ignore[union-attr]
    assert requirements["other"] == [{"label": "Juhiluba", "text": "B-kategooria juhiluba."}]
    assert requirements["education"] == "Kõrgharidus sotsiaalvaldkonnas"
    assert requirements["computer_skills"].endswith("ideede väljendamiseks ning suhtlemiseks.")
    assert requirements["travel"].startswith("On valmis")
    assert [lang["text"] for lang in requirements["languages"]] == [
        "Eesti keele valdamine vähemalt tasemel C1",
        "Vähemalt ühe võõrkeele (soovitavalt vene keel) valdamine vähemalt tasemel B1."]


# -- text repair and language levels ------------------------------------------------------------------


@pytest.mark.parametrize(("left", "right", "joined"), [
    ("info- ja kommunikatsiooni-", "tehnoloogiat", "info- ja kommunikatsioonitehnoloogiat"),
    ("vähemalt 1-", "aastane", "vähemalt 1-aastane"),
    ("kontoritehnika ja -", "mööbel.", "kontoritehnika ja -mööbel."),
    ("rehabilitatsiooni-", "ja erihoolekandevaldkonda", "rehabilitatsiooni- ja erihoolekandevaldkonda"),
    ("loob selguse", "töökorralduses.", "loob selguse töökorralduses."),
])
def test_join_repairs_wrapping_and_hyphenation(left: str, right: str, joined: str) -> None:
    assert join(left, right) == joined


@pytest.mark.parametrize(("sentence", "levels"), [
    ("Eesti keele valdamine vähemalt tasemel C1.", [("eesti", "C1", False)]),
    ("Inglise või vene keele valdamine tasemel B2.", [("inglise", "B2", False), ("vene", "B2", False)]),
    ("Kasuks tuleb vene või mõne muu võõrkeele oskus.", [("vene", None, True), ("voorkeel", None, True)]),
    ("Vene keele oskus tasemel B1, B2 on kasuks", [("vene", "B1", False), ("vene", "B2", True)]),
    ("Valdab vähemalt ühte võõrkeelt (soovitavalt inglise või vene keelt) vähemalt tasemel B1.",
     [("voorkeel", "B1", False), ("inglise", "B1", True), ("vene", "B1", True)]),
])
def test_language_levels(sentence: str, levels: list[tuple[str, str | None, bool]]) -> None:
    parsed = language_requirement(sentence)
    assert parsed["text"] == sentence
    assert [(lv["language"], lv.get("level"), lv.get("advantage", False)) for lv in parsed["levels"]] == levels


# -- hostile input (issue 13): names, ids, impossible output, nothing aborts a batch ------------------

PERSONS = ("Mari", "Maasikas", "Jaan", "Tamm")


def published_values(draft: dict[str, Any]) -> str:
    """Every field of a draft except the maintainer-only `source`, as one text."""
    return " ".join(f"{k} {v}" for k, v in flatten({k: v for k, v in draft.items() if k != "source"}).items())


def test_untitled_id_and_fields_never_come_from_file_or_folder_names(tmp_path: Path, catalogues: Catalogues) -> None:
    folder = tmp_path / "Mari Maasikas"
    folder.mkdir()
    source = folder / "Jaan Tamm.txt"
    shutil.copy(seed_file("004"), source)  # no title, no unit: the id must come from the content
    report = importer.import_file(source, tmp_path / "out", catalogues)
    assert report.status == "written", report.format()
    draft = yaml.safe_load(report.output.read_text(encoding="utf-8"))  # type: ignore[union-attr]
    assert re.fullmatch(r"nimetu-ametikoht-[0-9a-f]{8}", draft["id"])
    same = importer.import_file(seed_file("004"), tmp_path / "other", catalogues)
    assert same.output is not None and same.output.name == f"{draft['id']}.yaml"  # the content decides, not the name
    values = published_values(draft).lower()
    for person in PERSONS:
        assert person.lower() not in values and person.lower() not in draft["id"]


@pytest.mark.parametrize(("title", "pattern"), [
    ("Руководитель", r"ametikoht-[0-9a-f]{8}"),  # no Latin letters: no `nimetu-ametikoht-.yaml`
    ("Nõunik " + "väga pika nimetusega ametikoht " * 12, r"nounik-vaga-pika-[a-z-]+"),  # 370 characters
])
def test_ids_made_by_the_importer_are_valid_ids(title: str, pattern: str, tmp_path: Path,
                                                 catalogues: Catalogues) -> None:
    text = seed_file("002").read_text(encoding="utf-8").replace("Nõunik (perelepitus) Laste", f"{title} Laste")
    source = tmp_path / "pealkiri.txt"
    source.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    shutil.copytree(POSITIONS / "catalogues", out / "catalogues")
    reports = [importer.import_file(source, out, catalogues)]
    other = tmp_path / "teine.txt"  # the same title from another source: a suffixed id, still within the limit
    other.write_text(text.replace("Teavitustegevuse korraldamine.", "Teavitustegevuse korraldamine!"),
                     encoding="utf-8")
    reports.append(importer.import_file(other, out, catalogues))
    for report in reports:
        assert report.status == "written" and not report.problems, report.format()
        draft = yaml.safe_load(report.output.read_text(encoding="utf-8"))  # type: ignore[union-attr]
        assert draft["title"] == title.strip()
        assert re.fullmatch(pattern, draft["id"].removesuffix("-laste-heaolu-osakond")), draft["id"]
        assert len(draft["id"]) <= 120 and report.output.stem == draft["id"]  # type: ignore[union-attr]
    assert not load_project(out).errors


def test_make_id_keeps_within_the_limit_and_keeps_the_suffix() -> None:
    assert make_id("Руководитель") == ""
    assert make_id("Nõunik", "perelepitus") == "nounik-perelepitus"
    long = make_id("Nõunik " + "pikk sõna " * 40, "laste-heaolu-osakond")
    assert len(long) <= 120 and long.endswith("-pikk-sona-laste-heaolu-osakond") and "--" not in long
    assert len(make_id("a" * 300)) == 120 and len(make_id("x", "y" * 300)) <= 120


@pytest.mark.parametrize("name", [
    'Nõuniku "uus" ametijuhend (O\'Neil) #1: kinnitatud.txt',
    "kaks\nrida.txt",
    "pikk " + "nimi " * 45 + ".txt",
])
def test_reimport_is_recognised_whatever_the_source_name(name: str, tmp_path: Path, catalogues: Catalogues) -> None:
    source = tmp_path / name
    shutil.copy(seed_file("002"), source)
    out = tmp_path / "out"
    for _ in range(3):
        assert run_cli(str(source), "--out", str(out), "--data", str(POSITIONS)) == 0
    assert [p.name for p in out.glob("*.yaml")] == ["nounik-perelepitus.yaml"]  # no -2, -3 copies


def test_default_out_is_not_the_published_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(POSITIONS / "catalogues", tmp_path / "positions" / "catalogues")
    parser = argparse.ArgumentParser()
    importer.add_arguments(parser)
    args = parser.parse_args([str(seed_file("002"))])
    assert args.out.resolve() != args.data.resolve()
    assert importer.run(args) == 0
    assert not list((tmp_path / "positions").glob("*.yaml"))
    assert [p.name for p in args.out.glob("*.yaml")] == ["nounik-perelepitus.yaml"]


@pytest.mark.parametrize("kind", ["file", "under-a-file", "name-too-long"])
def test_impossible_out_is_one_clear_line(kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "olemas.txt"
    blocker.write_text("x", encoding="utf-8")
    out = {"file": blocker, "under-a-file": blocker / "mustandid", "name-too-long": tmp_path / ("x" * 300)}[kind]
    code = run_cli(str(seed_file("002")), "--out", str(out), "--data", str(POSITIONS))
    captured = capsys.readouterr()
    assert code == 2
    assert "Traceback" not in captured.out + captured.err
    assert len(captured.err.strip().splitlines()) == 1 and captured.err.startswith(f"--out {out}: ")
    assert blocker.read_text(encoding="utf-8") == "x"


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux /proc")
def test_out_that_cannot_be_made_is_one_line_per_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """/proc takes no new folders: refused up front (exit 2), or, where it looks writable (root), file by file."""
    files = [seed_file("002"), seed_file("000")]
    code = run_cli(*map(str, files), "--out", "/proc/self/mustandid", "--data", str(POSITIONS))
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    if code == 2:
        assert len(captured.err.strip().splitlines()) == 1
    else:
        assert code == 1
        for path in files:
            assert f"{path}: ebaõnnestus\n    mustandit ei saa kirjutada kausta /proc/self/mustandid: " in captured.out
        assert "ebaõnnestus 2" in captured.out


def test_a_failing_file_is_one_line_and_the_batch_goes_on(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """A write that fails (here: a file name over the system's limit) fails that file only, without a traceback."""
    real = importer.choose_output

    def too_long(out_dir: Path, position: dict[str, Any], sources: dict[str, Path]) -> tuple[Path, Path | None]:
        if position["id"] == "nounik-perelepitus":
            return out_dir / ("n" * 300 + ".yaml"), None
        return real(out_dir, position, sources)

    monkeypatch.setattr(importer, "choose_output", too_long)
    boom = tmp_path / "vigane.txt"  # a document that makes a parser stage raise
    boom.write_text("x", encoding="utf-8")
    monkeypatch.setattr(importer, "parse", lambda doc, *a, **k: 1 / 0 if doc.path == boom else parse(doc, *a, **k))
    files = [seed_file("002"), boom, seed_file("000")]
    code = run_cli(*map(str, files), "--out", str(tmp_path / "out"), "--data", str(POSITIONS))
    captured = capsys.readouterr()
    assert code == 1
    assert "Traceback" not in captured.out + captured.err
    assert "kirjutatud 1, vahele jäetud (olemas) 0, ebaõnnestus 2" in captured.out
    failed = [line for line in captured.out.splitlines() if ": ebaõnnestus" in line]
    assert len(failed) == 2
    assert "mustandit ei saa kirjutada kausta" in captured.out and "File name too long" in captured.out
    assert "importija ei saanud faili töödelda (ZeroDivisionError" in captured.out
    assert (tmp_path / "out" / "teenuse-juht-asendushoolduse-arendusteenus.yaml").exists()


ACKNOWLEDGEMENT = "Ametijuhendiga tutvunud: Jaan Tamm 12.03.2024"
AMENDMENT = "Ametijuhend vaadatakse üle kord aastas vahetu juhiga või töökorralduse muutumisel. \n"


@pytest.mark.parametrize(("where", "edit"), [
    ("after the amendment rules", lambda t: t.replace(AMENDMENT, f"{AMENDMENT}\n{ACKNOWLEDGEMENT}\n")),
    ("in the amendment rules",
     lambda t: t.replace(AMENDMENT, f"{AMENDMENT}Koostanud Mari Maasikas, personaliosakond\n")),
    ("after the signatures", lambda t: f"{t.rstrip()}\n\n{ACKNOWLEDGEMENT}\n"),
    ("in the preamble", lambda t: t.replace("AMETIJUHEND \n", "AMETIJUHEND \nTeenistuja Jaan Tamm\n", 1)),
    ("as an appendix", lambda t: f"{t.rstrip()}\n\nLisa 1. Töötaja Jaan Tamm isikuandmed\n"),
    ("as the manager", lambda t: t.replace("Teenuse juht \n(perelepitus) \n", "Jaan Tamm \n", 1)),
    ("with initials", lambda t: t.replace(AMENDMENT, f"{AMENDMENT}Tutvusin 12.03.2024, M. Maasikas\n")),
    ("as an author", lambda t: t.replace("AMETIJUHEND \n", "AMETIJUHEND \nKoostaja: Tamm\n", 1)),
])
def test_names_outside_known_fields_are_flagged_and_never_written(where: str, edit: Any, tmp_path: Path,
                                                                  catalogues: Catalogues) -> None:
    text = edit(seed_file("002").read_text(encoding="utf-8"))
    source = tmp_path / "tutvunud.txt"
    source.write_text(text, encoding="utf-8")
    report = importer.import_file(source, tmp_path / "out", catalogues)
    assert report.status == "written" and not report.problems, report.format()
    draft_text = report.output.read_text(encoding="utf-8")  # type: ignore[union-attr]
    draft = yaml.safe_load(draft_text)
    assert draft["amendment"] == ["Ametijuhend vaadatakse üle kord aastas vahetu juhiga või töökorralduse muutumisel."]
    assert draft.get("manager") == (None if where == "as the manager" else "teenuse-juht-perelepitus")
    assert draft["signatures"] == [{"title": "peadirektor", "digital": True}]
    for person in PERSONS:
        assert person not in draft_text and person not in report.format(), where
    assert len(report.personal) == 1 and not report.unplaced and report.needs_attention, report.format()
    no, shown = report.personal[0]
    assert any(person in text.splitlines()[no - 1] for person in PERSONS)  # the line number points at it
    assert f"isikuandmed? (rida {no}): {shown}" in report.format()
    assert f"# ISIKUANDMED (rida {no}) jäeti välja." in draft_text


def test_acknowledgement_is_masked_to_initials_in_the_report(tmp_path: Path, catalogues: Catalogues) -> None:
    source = tmp_path / "tutvunud.txt"
    text = seed_file("002").read_text(encoding="utf-8")
    source.write_text(text.replace(AMENDMENT, f"{AMENDMENT}{ACKNOWLEDGEMENT}\n"), encoding="utf-8")
    report = importer.import_file(source, tmp_path / "out", catalogues)
    assert [text for _, text in report.personal] == ["Ametijuhendiga tutvunud: J. T. 12.03.2024"]


def test_text_after_the_signature_is_reported_not_dropped(tmp_path: Path, catalogues: Catalogues) -> None:
    appendix = ["Lisa 1. Töökeskkonna riskid", "Töö toimub kontoris, arvuti taga, vahel välitöös."]
    text = seed_file("002").read_text(encoding="utf-8").rstrip() + "\n\n" + "\n".join(appendix) + "\n"
    source = tmp_path / "lisaga.txt"
    source.write_text(text, encoding="utf-8")
    report = importer.import_file(source, tmp_path / "out", catalogues)
    lines = text.splitlines()
    assert report.unplaced == [(lines.index(a) + 1, a) for a in appendix]
    # only the name line is left out
    assert [str(n) for n in report.notes] == ["allkirjastajate nimesid jäeti välja: 1 (isikuandmed)"]
    draft_text = report.output.read_text(encoding="utf-8")  # type: ignore[union-attr]
    assert "Maripuu" not in draft_text and appendix[1] in draft_text
    assert yaml.safe_load(draft_text)["signatures"] == [{"title": "peadirektor", "digital": True}]


# -- bombs (issue 13): refused before inflating, memory and time capped per document ----------------

MB = 2**20


def deflated_zeros(megabytes: int) -> bytes:
    """A raw deflate stream of `megabytes` MB of zero bytes, about 1 KB per MB, made without inflating it.

    Each 1 MB block is compressed on its own and ends with a full flush (no reference to earlier
    data), so repeating it gives a valid stream of any length.
    """
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = packer.compress(bytes(MB)) + packer.flush(zlib.Z_FULL_FLUSH)
    return block * megabytes + packer.flush()


def crc_of_zeros(megabytes: int) -> int:
    crc, chunk = 0, bytes(MB)
    for _ in range(megabytes):
        crc = zlib.crc32(chunk, crc)
    return crc


def write_zip(path: Path, members: list[tuple[str, bytes, int, int]]) -> None:
    """A zip of already deflated members `(name, raw deflate data, declared size, crc)`, written by hand."""
    body, directory = b"", b""
    for name, data, size, crc in members:
        encoded = name.encode()
        directory += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc, len(data), size,
                                 len(encoded), 0, 0, 0, 0, 0, len(body)) + encoded
        body += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(data), size, len(encoded), 0)
        body += encoded + data
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(directory), len(body), 0)
    path.write_bytes(body + directory + end)


def docx_parts() -> dict[str, bytes]:
    """The parts of a small real .docx (python-docx's default document with one paragraph)."""
    import docx

    document = docx.Document()
    document.add_paragraph("AMETIJUHEND")
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def write_docx_bomb(path: Path, megabytes: int, declared: int | None = None, part: str = "word/document.xml") -> None:
    """A real .docx whose `part` inflates to `megabytes` MB (declared as `declared` bytes, if given)."""
    members = []
    for name, data in docx_parts().items():
        if name != part:
            packer = zlib.compressobj(9, zlib.DEFLATED, -15)
            members.append((name, packer.compress(data) + packer.flush(), len(data), zlib.crc32(data)))
    size = megabytes * MB
    members.append((part, deflated_zeros(megabytes), declared if declared is not None else size,
                    crc_of_zeros(megabytes) if declared is None else 0))
    write_zip(path, members)


def write_pdf(path: Path, objects: list[bytes], trailer: bytes = b"") -> None:
    """A PDF of numbered objects (1 0 obj …) with a correct cross-reference table."""
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer, xref)
    path.write_bytes(out)


def pdf_objects(content: bytes, content_dict: bytes = b"") -> list[bytes]:
    """Catalog, pages, one page, and its content stream."""
    return [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            b"<< /Length %d %s >>\nstream\n" % (len(content), content_dict) + content + b"\nendstream"]


def write_pdf_bomb(path: Path, megabytes: int, unreferenced: bool = False) -> None:
    """A PDF whose page content (or an object nothing refers to) is a Flate stream of `megabytes` MB of zeros."""
    adler, chunk = 1, bytes(MB)
    for _ in range(megabytes):
        adler = zlib.adler32(chunk, adler)
    stream = b"\x78\xda" + deflated_zeros(megabytes) + struct.pack(">I", adler)
    if unreferenced:
        text = b"BT /F1 12 Tf 72 720 Td (AMETIJUHEND) Tj ET"
        objects = [*pdf_objects(text), b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream
                   + b"\nendstream"]
    else:
        objects = pdf_objects(stream, b"/Filter /FlateDecode")
    write_pdf(path, objects)


def assert_refused(path: Path, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Importing `path` with the CLI fails with `message` as its one line: exit 1, no draft, no traceback."""
    start = time.monotonic()
    code = run_cli(str(path), "--out", str(tmp_path / "out"), "--data", str(POSITIONS))
    assert time.monotonic() - start < 30
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())
    assert code == 1
    assert f"{path.name}: ebaõnnestus\n    {message}" in captured.out, captured.out


@pytest.mark.parametrize(("name", "write", "message"), [
    ("pomm.docx", lambda path: write_docx_bomb(path, 2048),  # word/document.xml: 2 GB from 2 MB
     "Word-fail paisuks lahti pakkides liiga suureks: word/document.xml oleks 2048,0 MB (pakitult 2,0 MB); "
     "lubatud on kuni 50,0 MB osa kohta — võimalik pakkimispomm, faili ei imporditud"),
    ("stiilid.docx", lambda path: write_docx_bomb(path, 1024, part="word/styles.xml"),  # any part, not only the text
     "Word-fail paisuks lahti pakkides liiga suureks: word/styles.xml oleks 1024,0 MB (pakitult 1,0 MB); "
     "lubatud on kuni 50,0 MB osa kohta — võimalik pakkimispomm, faili ei imporditud"),
    ("pomm.pdf", lambda path: write_pdf_bomb(path, 1024),  # a 1 GB Flate stream in a 1 MB file
     "PDF-i voog (objekt 4, pakitult 1,0 MB) paisuks lahti pakkides üle 50,0 MB — võimalik pakkimispomm, "
     "faili ei imporditud"),
    ("peidus.pdf", lambda path: write_pdf_bomb(path, 1024, unreferenced=True),  # in an object no page uses
     "PDF-i voog (objekt 5, pakitult 1,0 MB) paisuks lahti pakkides üle 50,0 MB — võimalik pakkimispomm, "
     "faili ei imporditud"),
])
def test_bombs_are_refused_before_inflating(name: str, write: Any, message: str, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    bomb = tmp_path / name
    write(bomb)
    assert bomb.stat().st_size < 2.5 * MB
    assert_refused(bomb, message, tmp_path, capsys)


def test_docx_packed_too_densely_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bomb = tmp_path / "tihe.docx"
    write_docx_bomb(bomb, 40)  # under the size limit, but 1000 times packed: no Word file is
    assert_refused(bomb, "Word-faili osa word/document.xml on kahtlaselt tihedalt pakitud (1011-kordne; lubatud "
                         "kuni 100-kordne) — võimalik pakkimispomm", tmp_path, capsys)


def test_docx_that_inflates_beyond_its_declared_size_is_damaged(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    liar = tmp_path / "valetab.docx"
    write_docx_bomb(liar, 256, declared=2000)  # declares 2 KB, holds 256 MB: never inflated past 2 KB
    assert_refused(liar, "ei ole loetav Word-fail (BadZipFile)", tmp_path, capsys)


def test_billion_laughs_docx_is_one_clear_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    parts = docx_parts()
    entities = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    dtd = f'<!DOCTYPE lolz [<!ENTITY lol0 "lol">{entities}]>'
    xml = parts["word/document.xml"].decode("utf-8")
    head, _, rest = xml.partition("?>")
    parts["word/document.xml"] = (head + "?>" + dtd + rest.replace("AMETIJUHEND", "&lol9;")).encode("utf-8")
    bomb = tmp_path / "naer.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    assert_refused(bomb, "Word-faili osas word/document.xml on DTD või olemid (<!ENTITY>), mida Word ei kirjuta — "
                         "võimalik XML-pomm („billion laughs“), faili ei imporditud", tmp_path, capsys)


@pytest.mark.parametrize("form", ["late", "utf-16"])
def test_a_dtd_after_a_long_comment_or_in_utf16_is_found(form: str, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    """Only the first 64 KB of a part were searched, as UTF-8: a DTD after a 70 KB comment or in a part encoded
    in UTF-16 got past the check (an attack on the importer; lxml then dropped the external entity)."""
    parts = docx_parts()
    xml = parts["word/document.xml"].decode("utf-8")
    head, _, rest = xml.partition("?>")
    dtd = '<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    if form == "late":
        parts["word/document.xml"] = (head + "?><!--" + "x" * 70_000 + "-->" + dtd + rest).encode("utf-8")
    else:
        head = head.replace('encoding="UTF-8"', 'encoding="UTF-16"')
        parts["word/document.xml"] = (head + "?>" + dtd + rest).encode("utf-16")
    sneaky = tmp_path / "salakaval.docx"
    with zipfile.ZipFile(sneaky, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    assert_refused(sneaky, "Word-faili osas word/document.xml on DTD või olemid (<!ENTITY>)", tmp_path, capsys)


def test_memory_per_document_is_capped(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """What the checks let through (here: they are switched off) meets the memory limit of the worker."""
    monkeypatch.setattr(pdf, "PDF_MAX_STREAM", 2**40)
    monkeypatch.setattr(pdf, "PDF_MAX_TOTAL", 2**40)
    bomb = tmp_path / "pomm.pdf"
    write_pdf_bomb(bomb, 1024)
    assert_refused(bomb, "dokumendi lugemiseks oleks vaja üle 200,0 MB mälu; lugemine katkestati (võimalik "
                         "pakkimispomm või vigane fail), faili ei imporditud", tmp_path, capsys)


def test_time_per_document_is_capped_and_the_batch_goes_on(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    slow = tmp_path / "aeglane.txt"
    slow.write_text("x", encoding="utf-8")
    real = reader.READERS[".txt"]

    def hangs_on_one(path: Path) -> reader.Document:
        if path == slow:
            time.sleep(60)
        return real(path)

    monkeypatch.setitem(reader.READERS, ".txt", hangs_on_one)
    monkeypatch.setattr(worker, "TIME_LIMIT", 1.0)
    start = time.monotonic()
    code = run_cli(str(slow), str(seed_file("002")), "--out", str(tmp_path / "out"), "--data", str(POSITIONS))
    out = capsys.readouterr().out
    assert time.monotonic() - start < 20
    assert code == 1
    assert ("aeglane.txt: ebaõnnestus\n    dokumendi lugemine kestis üle 1 s ja katkestati (võimalik pomm või vigane "
            "fail), faili ei imporditud") in out
    assert "kirjutatud 1, vahele jäetud (olemas) 0, ebaõnnestus 1" in out


@pytest.mark.parametrize(("encrypt", "message"), [
    (b"<< /Filter /Standard /V 1 /R 2 /Length 40 /P -4 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> >>",
     "PDF on krüpteeritud (avamiseks on vaja parooli): ava see parooliga ja salvesta ilma paroolita"),
    (b"<< /Filter /Adobe.PubSec /V 4 /R 4 /Length 128 /P -4 >>",  # a certificate: no password opens it
     "PDF on krüpteeritud viisil, mida importija ei loe"),
])
def test_encrypted_pdf_says_it_is_encrypted(encrypt: bytes, message: str, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    secret = tmp_path / "salajane.pdf"
    write_pdf(secret, [*pdf_objects(b"BT /F1 12 Tf 72 720 Td (AMETIJUHEND) Tj ET"), encrypt],
              b"/Encrypt 5 0 R /ID [<" + b"33" * 16 + b"> <" + b"33" * 16 + b">]")
    assert_refused(secret, message, tmp_path, capsys)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc (Linux)")
def test_a_reader_looping_for_ever_dies_with_a_killed_import(tmp_path: Path) -> None:
    """Killing `import` while a hostile PDF kept its reader busy left the reader running at full speed for ever
    (the time limit is the parent's): now the reader is killed with its parent."""
    import signal
    import subprocess
    import sys
    import time

    code = (
        "import sys; from pathlib import Path; from ametijuhend.importer import worker\n"
        "def forever(path):\n    while True: pass\n"
        "worker.read = forever; worker._preload = lambda path: None\n"
        "worker.read_isolated(Path(sys.argv[1]))\n"
    )
    source = tmp_path / "a.txt"
    source.write_text("x", encoding="utf-8")
    parent = subprocess.Popen([sys.executable, "-c", code, str(source)])

    def children() -> list[int]:
        found = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == parent.pid:
                found.append(int(stat.parent.name))
        return found

    deadline = time.monotonic() + 20
    while not children() and time.monotonic() < deadline:
        time.sleep(0.1)
    reader = children()
    assert reader, "no reader process started"
    parent.kill()
    parent.wait()

    def running(pid: int) -> bool:
        try:
            return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
        except OSError:
            return False

    deadline = time.monotonic() + 10
    while any(running(pid) for pid in reader) and time.monotonic() < deadline:
        time.sleep(0.1)
    alive = [pid for pid in reader if running(pid)]
    for pid in alive:
        os.kill(pid, signal.SIGKILL)
    assert not alive, "the reader outlived the killed import"


def test_the_source_note_is_read_whole_and_fast(tmp_path: Path, catalogues: Catalogues) -> None:
    """The note of a document made from an incomplete copy is read back whole when a wrapped line ends in a full
    stop of its own (`… 1.` / `lehekülg …`); a file that repeats the note's opening a thousand times is read in
    moments (its reading was cubic in the lines: six minutes for 73 KB)."""
    seed = seed_file("000").read_text(encoding="utf-8")
    wrapped = tmp_path / "murtud.txt"
    wrapped.write_text("Lähtedokument on puudulik: ametijuhendi koopiast puudub osa 1.\nlehekülg ja lisa nr 3.\n"
                       + seed, encoding="utf-8")
    report = importer.import_file(wrapped, tmp_path / "a", catalogues)
    assert report.output is not None
    draft = yaml.safe_load(report.output.read_text(encoding="utf-8"))
    assert draft["incomplete_source"] == "osa 1. lehekülg ja lisa nr 3"
    repeated = tmp_path / "korduv.txt"
    repeated.write_text("Lähtedokument on puudulik: ametijuhendi koopiast puudub osa\n" * 1000 + seed,
                        encoding="utf-8")
    start = time.monotonic()
    importer.import_file(repeated, tmp_path / "b", catalogues)
    assert time.monotonic() - start < 20


def test_a_python_without_ctypes_still_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    """The reader's wish to die with the import needs ctypes; a Python built without it read no file at all."""
    import sys

    from ametijuhend.importer import worker

    monkeypatch.setitem(sys.modules, "ctypes", None)
    worker._die_with_parent()  # no error: the parent's time limit only
