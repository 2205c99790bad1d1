"""The validator, check by check, on small data folders built in the test (see conftest.py).

Each case changes the valid base folder and states what must be reported: the
location (`file:line:column`), the severity and a fragment of the message or
fix. The whole formatted report is pinned by a golden file in
tests/golden/errors/<case>.txt (rewrite with `pytest --update-golden`).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import BASE_FILES, write_data
from hypothesis import given, settings
from hypothesis import strategies as st

from ametijuhend.errors import Problem, Severity, did_you_mean, format_report
from ametijuhend.messages import Lang
from ametijuhend.project import Project, load_project

NOUNIK = "nounik-perelepitus.yaml"
JUHT = "teenuse-juht-perelepitus.yaml"
N = f"positions/{NOUNIK}"
BENCH = Path(__file__).resolve().parents[1] / "bench"
J = f"positions/{JUHT}"

DRAFT = """\
# yaml-language-server: $schema=../schema/position.schema.json
id: mustand-ametikoht
document_type: ametnik
status: mustand
purpose: Eesmärk on teada, muu puudub.
missing:
  - approval
  - title
  - unit
  - manager
  - substituted_by
  - substitutes_for
  - duties
  - rights
  - responsibilities
  - requirements
  - competencies
  - amendment
"""

# name → (make_data arguments, expected [(location, severity, fragment of message/found/expected/fix)])
CASES: dict[str, tuple[dict[str, Any], list[tuple[str, str, str]]]] = {
    "yaml-syntax": (
        {"edits": {NOUNIK: ("purpose: Perelepitusteenuse osutamine.", "purpose: Pere: lepitus")}},
        [(f"{N}:17:14", "error", "YAML syntax error: mapping values are not allowed")],
    ),
    "unknown-key": (
        {"edits": {NOUNIK: [("title: Nõunik", "titel: Nõunik"), ("  computer_skills:", "  computer_skill:")]}},
        [(f"{N}:9:1", "error", "unknown key `titel`"), (f"{N}:9:1", "error", "did you mean `title`?"),
         (f"{N}:37:3", "error", "did you mean `computer_skills`?")],
    ),
    "missing-in-force": (
        {"edits": {NOUNIK: [("title: Nõunik\n", ""), ("purpose: Perelepitusteenuse osutamine.\n", "")]}},
        [(f"{N}:2:1", "error", "title: required key is missing for a position with status `kehtiv`"),
         (f"{N}:2:1", "error", "purpose: required key is missing")],
    ),
    "missing-id": (
        {"edits": {NOUNIK: ("id: nounik-perelepitus\n", "")}},
        [(f"{N}:2:1", "error", "id: required key is missing")],
    ),
    "missing-in-draft": (
        {"files": {"mustand-ametikoht.yaml": DRAFT.replace("  - title\n", "")}},
        [("positions/mustand-ametikoht.yaml:2:1", "warning", "title: draft lacks this field and does not declare it")],
    ),
    "wrong-types": (
        {"edits": {NOUNIK: [
            ("amendment:\n  - Ametijuhendit muudetakse vajadusel.", "amendment: Ametijuhendit muudetakse vajadusel."),
            ("rights:\n  items:\n    - saada tööks vajalikku infot.", "rights:\n  - saada tööks vajalikku infot."),
            ("purpose: Perelepitusteenuse osutamine.", "purpose:\n  tekst: Perelepitus"),
            ("    results:\n      - Pered on lepitatud.", "    results:\n      -\n      - true"),
        ]}},
        [(f"{N}:43:12", "error", "a list (lines starting with `- `)"),
         (f"{N}:26:3", "error", "a mapping with keys `intro`, `items`"),
         (f"{N}:18:3", "error", "text on the same line as the key"),
         (f"{N}:23:8", "error", "empty value"),
         (f"{N}:24:9", "error", 'quote it to keep it as text: `"true"`')],
    ),
    "duplicate-id": (
        {"edits": {NOUNIK: ("id: nounik-perelepitus", "id: teenuse-juht-perelepitus")}},
        [(f"{N}:2:5", "error", f"duplicate id `teenuse-juht-perelepitus` (also in {J})"),
         (f"{N}:2:5", "error", "file name and id differ")],
    ),
    "duplicate-key": (
        {"edits": {NOUNIK: ("title: Nõunik", "title: Nõunik\ntitle: Nõustaja")}},
        [(f"{N}:10:1", "error", "duplicate key `title` (first at line 9)")],
    ),
    "unknown-references": (
        {"edits": {NOUNIK: [
            ("manager: teenuse-juht-perelepitus", "manager: teenuse-juht-perelepitu"),
            ("unit: perelepituse-talitus", "unit: perelepitus-talitus"),
            ("competency: pingetaluvus", "competency: pingetaluvu"),
            ("substitutes_for:\n  - teenuse-juht-perelepitus", "substitutes_for:\n  - teenuse-juht-perelepitus\n"
             "  - koolitusspetsialist"),
        ]}},
        [(f"{N}:12:10", "error", "unknown position `teenuse-juht-perelepitu`"),
         (f"{N}:12:10", "error", "did you mean `teenuse-juht-perelepitus`?"),
         (f"{N}:11:7", "error", "did you mean `perelepituse-talitus`?"),
         (f"{N}:41:19", "error", "did you mean `pingetaluvus`?"),
         (f"{N}:17:5", "error", "add the position to catalogues/referenced-positions.yaml")],
    ),
    "cefr-level": (
        {"edits": {NOUNIK: ("level: C1", "level: c3"), JUHT: ("level: C1", "level: C")}},
        [(f"{N}:36:18", "error", "one of `A1`, `A2`, `B1`, `B2`, `C1`, `C2`"),
         (f"{J}:37:18", "error", "did you mean `C1` or `C2`?")],
    ),
    "dates": (
        {"edits": {NOUNIK: ("date: 2024-01-04", "date: 04.01.2024"), JUHT: ("date: 2024-01-04", "date: 2024-13-01")},
         "files": {"mustand-ametikoht.yaml": DRAFT.replace("status: mustand\n", "status: mustand\nlast_review: 0\n")}},
        [(f"{N}:8:9", "error", "write `2024-01-04` (year-month-day)"),
         (f"{J}:8:9", "error", "not a valid date"),
         ("positions/mustand-ametikoht.yaml:5:14", "error", "a date as YYYY-MM-DD")],
    ),
    "effective-date": (
        {"edits": {NOUNIK: ("date: 2024-01-04", "date: 2024-01-04\n  effective_from: 2023-12-31"),
                   JUHT: ("  date: 2024-01-04", "  effective_from: 2024-02-01")}},
        [(f"{N}:9:19", "error", "the date of taking effect is before the order's date"),
         (f"{N}:9:19", "error", "takes effect `2023-12-31`, order of `2024-01-04`"),
         (f"{N}:9:19", "error", "leave `effective_from` out"),
         (f"{J}:8:19", "warning", "approval.effective_from: a date of taking effect is given, but the order's date"),
         (f"{J}:8:19", "warning", "add `approval.date` to `missing`")],
    ),
    "effective-date-out-of-place": (  # beside `approval:`, not under it
        {"edits": {NOUNIK: ("title: Nõunik", "effective_from: 2027-01-01\ntitle: Nõunik")}},
        [(f"{N}:9:1", "error", "unknown key `effective_from`"),
         (f"{N}:9:1", "error", "move `effective_from` under the key `approval:`")],
    ),
    "effective-date-empty": (  # an empty day would put the new order in force at once
        {"edits": {NOUNIK: ("date: 2024-01-04", "date: 2024-01-04\n  effective_from:"),
                   JUHT: ("date: 2024-01-04", "date: 2024-01-04\n  effective_from: ~")}},
        [(f"{N}:9:18", "error", "approval.effective_from: the date of taking effect is empty"),
         (f"{N}:9:18", "error", "remove the key `effective_from`"),
         (f"{J}:9:19", "error", "the date of taking effect is empty")],
    ),
    "reporting-cycle": (
        {"edits": {JUHT: ("manager: talitusejuhataja", "manager: nounik-perelepitus")}},
        [(f"{N}:12:10", "error",
          "reporting lines form a cycle: nounik-perelepitus → teenuse-juht-perelepitus → nounik-perelepitus")],
    ),
    "one-sided-substitution": (
        {"edits": {NOUNIK: ("substituted_by:\n  - teenuse-juht-perelepitus\n", "substituted_by: []\n")}},
        [(f"{J}:16:5", "warning", "one-sided substitution: `nounik-perelepitus` does not list"),
         (f"{J}:16:5", "warning", "add `teenuse-juht-perelepitus` to `substituted_by` in nounik-perelepitus.yaml")],
    ),
    "implicit-conversions": (
        {"edits": {NOUNIK: [("document_type: ametnik", "document_type: no"),
                            ("  experience: Töökogemus.", "  experience: Töökogemus.\n  travel: yes"),
                            ("    task: Perelepitus.", "    task: 2024-01-04"),
                            ("amendment:", "signatures:\n  - party: Tööandja\n    digital: yes\namendment:")]}},
        [(f"{N}:3:16", "error", "one of `ametnik`, `tootaja`"),
         (f"{N}:45:14", "error", "write `true` or `false` (not yes/no)")],
    ),
    "all-problems-in-one-run": (
        {"edits": {NOUNIK: [("title: Nõunik", "titel: Nõunik"), ("level: C1", "level: C9"),
                            ("date: 2024-01-04", "date: 2024-13-01")],
                   JUHT: [("unit: perelepituse-talitus", "unit: perelepitus"),
                          ("  - nounik-perelepitus\nsubstitutes_for", "  - nounik-perelepitu\nsubstitutes_for")]},
         "files": {"catalogues/competencies.yaml": None, "vana.yml": "id: vana\n"}},
        [(f"{N}:9:1", "error", "unknown key `titel`"), (f"{N}:36:18", "error", "value not allowed"),
         (f"{N}:8:9", "error", "not a valid date"), (f"{J}:11:7", "error", "unknown unit `perelepitus`"),
         ("positions/catalogues/competencies.yaml", "error", "catalogue file not found"),
         ("positions/vana.yml", "error", "position files must end in `.yaml`")],
    ),
    "editor-schema-header": (
        {"edits": {NOUNIK: ("# yaml-language-server: $schema=../schema/position.schema.json\n", "")}},
        [(f"{N}:1:1", "warning", "the file does not link the editor schema")],
    ),
    "referenced-position-has-a-file": (
        {"edits": {"catalogues/referenced-positions.yaml": ("positions:\n", "positions:\n  - id: nounik-perelepitus\n"
                                                             "    name: Nõunik\n")}},
        [("positions/catalogues/referenced-positions.yaml:3:9", "warning", "`nounik-perelepitus` has its own file")],
    ),
    "declared-missing-but-present": (
        {"edits": {NOUNIK: ("amendment:", "missing:\n  - title\n  - titel\namendment:")}},
        [(f"{N}:44:5", "error", "did you mean `title`?")],
    ),
    "text-too-long": (
        {"edits": {NOUNIK: ("purpose: Perelepitusteenuse osutamine.", "purpose: " + "ab " * 7000)}},
        [(f"{N}:17:10", "error", "text longer than 20,000 characters")],
    ),
    "too-many-items": (
        {"edits": {NOUNIK: [
            ("substitutes_for:\n  - teenuse-juht-perelepitus\n",
             "substitutes_for:\n" + "".join(f"  - ametikoht-{i}\n" for i in range(101))),
            ("duties:\n", "duties:\n" + "".join(f'  - number: "3.{i}"\n    task: Ülesanne.\n' for i in range(2, 202))),
        ]}},
        [(f"{N}:16:3", "error", "substitutes_for: too many items (101)"),
         (f"{N}:16:3", "error", "expected: at most 100 items"),
         (f"{N}:119:3", "error", "duties: too many items (201)")],
    ),
    "unit-cycles": (
        {"edits": {"catalogues/units.yaml": ("    parent: laste-heaolu-osakond\n", "    parent: laste-heaolu-osakond\n"
                                             + "".join(f"  - id: tiim-{a}\n    name: Tiim {a}\n    kind: tiim\n"
                                                       f"    parent: tiim-{b}\n"
                                                       for a, b in ("ab", "bc", "ca", "dd")))}},
        [("positions/catalogues/units.yaml:13:13", "error", "units form a cycle: tiim-a → tiim-b → tiim-c → tiim-a"),
         ("positions/catalogues/units.yaml:25:13", "error", "units form a cycle: tiim-d → tiim-d")],
    ),
    "every-problem-of-a-file": (  # issue 17: a type error does not hide the rest of the file
        {"edits": {"catalogues/units.yaml": ("units:\n", "units:\n  - id: asendushoolduse-talitus\n"
                                             "    name: Asendushoolduse talitus\n    kind: talitus\n"),
                   NOUNIK: [("date: 2024-01-04", "date: 04.01.2024"), ("title: Nõunik", "titel: Nõunik"),
                            ("unit: perelepituse-talitus", "unit: erihoolekande-talitus"),
                            ("substituted_by:\n  - teenuse-juht-perelepitus", "substituted_by:\n  - nounik-perelepitu"),
                            ("competency: pingetaluvus", "competency: pingetaluvu"),
                            ("    results:\n      - Pered on lepitatud.\n",
                             "    results:\n      - Pered on lepitatud.\n  - number: \"3.1\"\n    task: Teine.\n")]}},
        [(f"{N}:8:9", "error", "approval.date: not a valid date"), (f"{N}:9:1", "error", "unknown key `titel`"),
         (f"{N}:11:7", "error", "unknown unit `erihoolekande-talitus`"),
         (f"{N}:11:7", "error", "fix:      add the unit to catalogues/units.yaml"),
         (f"{N}:14:5", "error", "unknown position `nounik-perelepitu`"),
         (f"{N}:14:5", "error", "add the position to catalogues/referenced-positions.yaml"),
         (f"{N}:23:13", "error", "duty number `3.1` is used twice"),
         (f"{N}:42:19", "error", "unknown competency `pingetaluvu`"),
         (f"{N}:42:19", "error", "did you mean `pingetaluvus`?")],
    ),
    "unclosed-quote": (
        {"edits": {NOUNIK: ("title: Nõunik", 'title: "Nõunik')}},
        [(f"{N}:9:8", "error", "YAML syntax error"), (f"{N}:9:8", "error", "(noticed at line 19)"),
         (f"{N}:9:8", "error", 'close the quote: text that starts with `"` must end with `"` on this line')],
    ),
    "catalogue-with-an-invalid-entry": (  # the valid entries still count: references are checked
        {"edits": {"catalogues/units.yaml": [
            ("units:\n", "units:\n  - id: vigane-talitus\n    name: Vigane\n    kind: yksus\n"),
            ("    parent: laste-heaolu-osakond\n", "    parent: laste-heaolu-osakond\n  - id: tiim-x\n"
             "    name: Tiim X\n    kind: tiim\n    parent: puuduv-osakond\n")],
                   NOUNIK: ("unit: perelepituse-talitus", "unit: perelepitus-talitus"),
                   JUHT: ("unit: perelepituse-talitus", "unit: vigane-talitus")}},
        [("positions/catalogues/units.yaml:5:11", "error", "value not allowed"),
         ("positions/catalogues/units.yaml:16:13", "error", "unknown parent unit `puuduv-osakond`"),
         (f"{N}:11:7", "error", "did you mean `perelepituse-talitus`?")],
    ),
    "bad-ids": (
        {"edits": {NOUNIK: [("id: nounik-perelepitus", "id: ../nounik-perelepitus"),
                            ("manager: teenuse-juht-perelepitus", "manager: Teenuse juht")]}},
        [(f"{N}:2:5", "error", "not a valid id"), (f"{N}:12:10", "error", "no `/` or `..`")],
    ),
}


def report(project: Project, lang: Lang = "et") -> str:
    return format_report(project.problems, lang) + "\n"


def matches(problem: Problem, location: str, severity: str, fragment: str) -> bool:
    """The fragments of CASES are in English (`--lang en`); the Estonian report is pinned by the goldens."""
    text = problem.format("en")
    return problem.location == location and problem.severity.value == severity and fragment in text


@pytest.mark.parametrize("name", list(CASES))
def test_case(name: str, make_data: Callable[..., Path], golden: Callable[[str, str], None]) -> None:
    kwargs, expected = CASES[name]
    project = load_project(make_data(**kwargs))
    for location, severity, fragment in expected:
        assert any(matches(p, location, severity, fragment) for p in project.problems), (
            f"expected {location}: {severity}: …{fragment}… in\n{report(project, 'en')}"
        )
    golden(f"errors/{name}.txt", report(project))
    golden(f"errors/en/{name}.txt", report(project, "en"))


def test_base_is_clean(data_dir: Path) -> None:
    project = load_project(data_dir)
    assert project.problems == []
    assert sorted(project.links.positions) == ["nounik-perelepitus", "teenuse-juht-perelepitus"]


def test_all_problems_of_a_run_are_reported_sorted(make_data: Callable[..., Path]) -> None:
    kwargs, expected = CASES["all-problems-in-one-run"]
    project = load_project(make_data(**kwargs))
    assert len(project.errors) >= len(expected)
    keys = [(p.file, p.line or 0, p.column or 0) for p in project.problems]
    assert keys == sorted(keys)
    assert report(project).rstrip().endswith(f"vigu {len(project.errors)}, hoiatusi {len(project.warnings)}")


def test_a_draft_that_declares_what_is_missing_is_clean(make_data: Callable[..., Path]) -> None:
    project = load_project(make_data(files={"mustand-ametikoht.yaml": DRAFT}))
    assert project.problems == []


def test_the_same_gap_is_an_error_in_force_and_a_warning_in_a_draft(make_data: Callable[..., Path]) -> None:
    in_force = load_project(make_data(edits={NOUNIK: ("title: Nõunik\n", "")}))
    draft = load_project(make_data(edits={NOUNIK: [("title: Nõunik\n", ""), ("status: kehtiv", "status: mustand")]}))
    assert [(p.key, p.severity) for p in in_force.problems] == [("title", Severity.ERROR)]
    assert [(p.key, p.severity) for p in draft.problems] == [("title", Severity.WARNING)]


def test_effective_date_checks(make_data: Callable[..., Path]) -> None:
    """On the day of the order or later is fine; without the order's date it is a warning only while that date
    is not declared missing (the source may state when a version takes effect but lack the order's date); the
    order of the dates is checked in a file that fails the schema too."""
    same_day = load_project(make_data(edits={NOUNIK: ("date: 2024-01-04", "date: 2024-01-04\n  effective_from: "
                                                                          "2024-01-04")}))
    assert same_day.problems == []
    declared = load_project(make_data(edits={NOUNIK: [("  date: 2024-01-04", "  effective_from: 2024-02-01"),
                                                      ("amendment:", "missing: [approval.date]\namendment:")]}))
    assert declared.problems == []
    approval = declared.links.positions["nounik-perelepitus"].approval
    assert approval is not None and approval.effective_from == dt.date(2024, 2, 1) and approval.date is None
    broken = load_project(make_data(edits={NOUNIK: [
        ("date: 2024-01-04", "date: 2024-01-04\n  effective_from: 2023-01-01"), ("status: kehtiv", "status: 1")]}))
    assert {p.key for p in broken.errors} == {"status", "approval.effective_from"}


def test_implicit_conversions_keep_what_hr_wrote(make_data: Callable[..., Path]) -> None:
    project = load_project(make_data(edits={NOUNIK: [
        ("specialisation: perelepitus", "specialisation: no"),
        ('number: "3.1"', "number: 3.10"),
        ("    task: Perelepitus.", "    task: 2024-01-04"),
        ('order_number: "12"', "order_number: 012"),
        ("  experience: Töökogemus.", "  experience: Töökogemus.\n  travel: yes"),
    ]}))
    assert project.problems == []
    position = project.links.positions["nounik-perelepitus"]
    assert position.specialisation == "no"
    assert position.duties[0].number == "3.10"
    assert position.duties[0].task == "2024-01-04"
    assert position.approval is not None and position.approval.order_number == "012"
    assert position.approval.date == dt.date(2024, 1, 4)
    assert position.requirements is not None and position.requirements.travel == "yes"


@pytest.mark.parametrize("value", ["0", "1704326400", "2024-01-04T00:00:00", "20240104", "2024-1-4", "2024-02-30"])
def test_dates_are_only_year_month_day(value: str, make_data: Callable[..., Path]) -> None:
    project = load_project(make_data(edits={NOUNIK: ("date: 2024-01-04", f'date: "{value}"')}))
    assert [(p.key, p.message.key) for p in project.errors] == [("approval.date", "schema.date")]


def test_an_invalid_file_does_not_cascade_into_unknown_references(make_data: Callable[..., Path]) -> None:
    project = load_project(make_data(edits={NOUNIK: ("level: C1", "level: C9")}))
    assert [p.file for p in project.problems] == [N]


def test_a_broken_catalogue_does_not_cascade(make_data: Callable[..., Path]) -> None:
    project = load_project(make_data(files={"catalogues/units.yaml": "units: [\n"}))
    assert [p.file for p in project.problems] == ["positions/catalogues/units.yaml"]


def test_a_position_may_substitute_for_itself(make_data: Callable[..., Path]) -> None:
    """As printed in seed 003 ("Kes asendab: Teenuste konsultant"): another holder of the same post."""
    project = load_project(make_data(edits={NOUNIK: (
        "substituted_by:\n  - teenuse-juht-perelepitus", "substituted_by:\n  - teenuse-juht-perelepitus\n"
        "  - nounik-perelepitus")}))
    assert project.problems == []
    assert "nounik-perelepitus" in project.links.substituted_by["nounik-perelepitus"]


def test_a_manager_chain_without_a_cycle_is_fine(make_data: Callable[..., Path]) -> None:
    project = load_project(make_data())
    assert project.links.reports["teenuse-juht-perelepitus"] == ["nounik-perelepitus"]
    assert project.links.reports["talitusejuhataja"] == ["teenuse-juht-perelepitus"]


def test_missing_data_folder(tmp_path: Path) -> None:
    project = load_project(tmp_path / "puudub")
    assert [p.message.key for p in project.errors] == ["load.no_folder"]


_LINE_EDITS = st.tuples(st.integers(0, 60), st.sampled_from(["delete", "duplicate", "indent", "dedent", "replace"]),
                        st.sampled_from(["", "x", "- y", "k: v", "id: nounik-perelepitus", "status: mustand",
                                         "manager: nounik-perelepitus", "  - nounik-perelepitus", "number: 3.1",
                                         "missing: [title, title]", "date: 2024-13-01", "level: C1", "[", "&a *a"]))


@settings(max_examples=150, deadline=None)
@given(st.lists(_LINE_EDITS, min_size=1, max_size=6))
def test_mangled_positions_are_reported_never_raised(edits: list[tuple[int, str, str]]) -> None:
    """Whatever happens to the lines of a position file, the run reports problems and does not raise."""
    lines = BASE_FILES[NOUNIK].splitlines()
    for index, action, text in edits:
        i = index % len(lines)
        if action == "delete" and len(lines) > 1:
            del lines[i]
        elif action == "duplicate":
            lines.insert(i, lines[i])
        elif action == "indent":
            lines[i] = "  " + lines[i]
        elif action == "dedent":
            lines[i] = lines[i].lstrip()
        else:
            lines[i] = text
    with tempfile.TemporaryDirectory() as tmp:
        project = load_project(write_data(Path(tmp) / "positions", files={NOUNIK: "\n".join(lines) + "\n"}))
    assert all(p.file.startswith("positions/") for p in project.problems)
    # every pydantic error met maps to a message of the table: none falls back to naming pydantic's check
    assert not [p for p in project.problems if p.message.key == "schema.invalid"], format_report(project.problems)
    format_report(project.problems)


# --- worst cases (bench/worst_case.py): the outcome here at a small size; the time in bench/worst_case_bench.py

def _worst_case(tmp_path: Path, name: str, n: int) -> Project:
    sys.path.insert(0, str(BENCH))
    try:
        from worst_case import write_scenario
    finally:
        sys.path.remove(str(BENCH))
    return load_project(write_scenario(tmp_path / "positions", name, n))


def test_worst_case_over_the_caps_is_one_error_per_list(tmp_path: Path) -> None:
    project = _worst_case(tmp_path, "all-substitute-all", 102)
    assert len(project.errors) == 2 * 102 and project.warnings == []
    assert {(p.key, str(p.message), str(p.expected)) for p in project.errors} == {
        ("substituted_by", "liiga palju elemente (101)", "kuni 100 elementi"),
        ("substitutes_for", "liiga palju elemente (101)", "kuni 100 elementi"),
    }
    assert str(_worst_case(tmp_path / "d", "many-duties", 201).errors[0].message) == "liiga palju elemente (201)"


def test_worst_case_at_the_caps_links_every_pair_both_ways(tmp_path: Path) -> None:
    project = _worst_case(tmp_path, "substitute-ring", 150)
    assert project.problems == []
    links = project.links
    assert all(len(links.substituted_by[pid]) == len(links.substitutes_for[pid]) == 100 for pid in links.positions)
    hub = _worst_case(tmp_path / "hub", "one-sided-hub", 120).links
    assert len(hub.substituted_by["ametikoht-00000"]) == 119  # every other position, each once
    assert len(hub.one_sided) == 120 * 100 - 100


def test_worst_case_cycle_of_all_positions_is_reported_once(tmp_path: Path) -> None:
    project = _worst_case(tmp_path, "manager-chain", 300)
    [cycle] = project.errors
    assert str(cycle.message).startswith("alluvussuhted moodustavad ringi: ametikoht-00000 → ametikoht-00299 → ")
    assert str(cycle.message).count("→") == 300


def test_worst_case_unknown_references_suggest_nothing_far(tmp_path: Path) -> None:
    project = _worst_case(tmp_path, "unknown-references", 3)
    assert len(project.errors) == 300
    assert all(p.hint and p.hint.key != "hint.did_you_mean" for p in project.errors)


def test_files_that_are_not_read_are_reported(make_data: Callable[..., Path]) -> None:
    data = make_data(files={"VANA.YAML": "id: vana\n", "markmed.txt": "x", ".gitkeep": "",
                            "catalogues/yksused.yaml": "units: []\n"})
    (data / "arhiiv").mkdir()
    (data / "arhiiv" / "vana.yaml").write_text("id: vana\n", encoding="utf-8")
    (data / "katki.yaml").symlink_to(data / "puudub.yaml")
    (data / "ring.yaml").symlink_to(data / "ring.yaml")
    project = load_project(data)
    assert project.errors == []
    assert [(p.file, str(p.message), str(p.hint)) for p in project.warnings] == [
        ("positions/VANA.YAML", "pole ametikoha fail: jäeti lugemata", "nimeta see ümber: `VANA.yaml`"),
        ("positions/arhiiv", "kaust andmekausta sees: jäeti lugemata", "hoia ametikohtade failid otse andmekaustas"),
        ("positions/catalogues/yksused.yaml", "pole kataloogifail: jäeti lugemata",
         "kataloogifailid on `units.yaml`, `competencies.yaml`, `referenced-positions.yaml`"),
        ("positions/katki.yaml", "viit, mis ei vii kuhugi (sihtfail puudub või viited moodustavad ringi): jäeti "
         "lugemata", "eemalda viit või asenda see failiga endaga"),
        ("positions/markmed.txt", "pole ametikoha fail: jäeti lugemata",
         "ametikohtade failid lõpevad `.yaml`-ga; vii muud failid andmekaustast välja"),
        ("positions/ring.yaml", "viit, mis ei vii kuhugi (sihtfail puudub või viited moodustavad ringi): jäeti "
         "lugemata", "eemalda viit või asenda see failiga endaga"),
    ]


def test_a_link_out_of_the_data_folder_is_refused_unread(make_data: Callable[..., Path], tmp_path: Path) -> None:
    secret = tmp_path / "salajane" / "shadow"
    secret.parent.mkdir()
    secret.write_text("root:$6$SALAJANE-RASI:19000:0:99999:7:::\n", encoding="utf-8")
    data = make_data(files={"catalogues/referenced-positions.yaml": None})
    (data / "lekkiv.yaml").symlink_to(secret)
    (data / "catalogues" / "referenced-positions.yaml").symlink_to(secret)
    (data / "sees.yaml").symlink_to(data / NOUNIK)  # a link within the folder is read as usual
    project = load_project(data)
    text = format_report(project.problems) + json.dumps([p.to_dict() for p in project.problems])
    assert "SALAJANE" not in text and "salajane" not in text
    assert [(p.file, str(p.message)) for p in project.errors if p.message.key == "load.outside_link"] == [
        ("positions/catalogues/referenced-positions.yaml", "viit andmekaustast väljas olevale failile"),
        ("positions/lekkiv.yaml", "viit andmekaustast väljas olevale failile"),
    ]
    assert any(p.file == "positions/sees.yaml" and p.message.key == "position.file_name" for p in project.errors)


def test_a_catalogue_folder_linked_out_of_the_data_folder_is_refused_unread(make_data: Callable[..., Path],
                                                                           tmp_path: Path) -> None:
    """The catalogues' folder itself a link out: its plain files are not read either (only the data folder's own
    entries skip resolving their path)."""
    outside = tmp_path / "salajane"
    outside.mkdir()
    (outside / "units.yaml").write_text("units:\n- id: SALAJANE\n", encoding="utf-8")
    data = make_data()
    shutil.rmtree(data / "catalogues")
    (data / "catalogues").symlink_to(outside)
    project = load_project(data)
    text = format_report(project.problems) + json.dumps([p.to_dict() for p in project.problems])
    assert "SALAJANE" not in text
    assert ("positions/catalogues/units.yaml", "load.outside_link") in [(p.file, p.message.key) for p in project.errors]


@pytest.mark.parametrize(("value", "candidates", "exclude", "hint"), [
    ("erihoolekande-talitus", ["asendushoolduse-talitus", "perelepituse-talitus"], (), None),
    ("perelepitus", ["perelepituse-talitus"], (), None),
    ("titel", ["title", "tools"], (), "kas mõtlesid `title`?"),
    ("teenuse-juht-perelepitu", ["teenuse-juht-perelepitus"], (), "kas mõtlesid `teenuse-juht-perelepitus`?"),
    ("noustaja-perelepitus", ["nounik-perelepitus", "noustaja-perelepitus2"], (),
     "kas mõtlesid `noustaja-perelepitus2`?"),
    ("nounik-perelepitu", ["nounik-perelepitus"], ("nounik-perelepitus",), None),  # never the file's own id
    ("c", ["A1", "C1", "C2"], (), "kas mõtlesid `C1` või `C2`?"),
])
def test_did_you_mean_only_when_genuinely_close(value: str, candidates: list[str], exclude: tuple[str, ...],
                                                hint: str | None) -> None:
    found = did_you_mean(value, candidates, exclude)
    assert (found and found.text("et")) == hint
    if found is not None:
        assert found.text("en") == hint.replace("kas mõtlesid", "did you mean").replace(" või ", " or ")


def test_a_file_of_odd_values_is_still_checked_without_raising(make_data: Callable[..., Path]) -> None:
    odd = ("id: nounik-perelepitus\ndocument_type: [ametnik]\nstatus: [kehtiv]\ntitle: {a: b}\nmissing: [[title]]\n"
           "competencies: tekst\nduties: [[1], {number: '3.1'}, {number: '3.1'}, 5]\nunit: [x]\n"
           "substituted_by: [[a], tundmatu-ametikoht]\nrights: jah\n")
    project = load_project(make_data(files={NOUNIK: odd}))
    keys = {p.key for p in project.errors}
    assert {"document_type", "status", "title", "duties[2].number", "substituted_by[1]"} <= keys
