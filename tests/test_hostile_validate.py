"""The hostile corpus (tests/hostile/, described by cases.yaml), validation side.

Every case is one file added to the valid base data folder. `error` cases must be
reported at the stated line with the stated message, only in that file; `renders`
cases must validate cleanly and carry their literal text unchanged into the data.
Nothing may raise, and nothing in a file may be executed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from ametijuhend.errors import format_report
from ametijuhend.project import load_project
from ametijuhend.yamlio import load_yaml

HOSTILE = Path(__file__).parent / "hostile"
MARKER = "hostile-pwned.txt"
"""The file the tag case would create if it were executed."""


def _cases() -> list[dict[str, Any]]:
    return list(yaml.safe_load((HOSTILE / "cases.yaml").read_text(encoding="utf-8"))["cases"])


CASES = _cases()


def test_cases_yaml_reads_the_same_with_our_loader() -> None:
    """No duplicate keys or YAML surprises: our loader sees the same texts (it keeps `line` as text)."""
    doc, problems = load_yaml(HOSTILE / "cases.yaml")
    assert problems == [], format_report(problems)
    ours = [{k: str(v) if k == "line" else v for k, v in case.items()} for case in CASES]
    assert doc.data["cases"] == ours


def test_every_corpus_file_has_exactly_one_case() -> None:
    files = sorted(p.name for p in HOSTILE.iterdir() if p.name != "cases.yaml")
    assert sorted(c["file"] for c in CASES) == files
    for case in CASES:
        assert case["expect"] in ("error", "renders"), case
        assert case.get("what"), case
        if case["expect"] == "error":
            assert isinstance(case["line"], int) and case["message"], case
        else:
            assert case["literal"], case


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


@pytest.fixture
def no_execution(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[list[str]]:
    """Work in an empty folder and record any attempt to run a command."""
    calls: list[str] = []
    monkeypatch.chdir(tmp_path)
    real_popen = subprocess.Popen

    def system(*args: Any) -> int:
        calls.append(f"os.system{args}")
        return 0


    def popen(*args: Any, **kwargs: Any) -> subprocess.Popen[Any]:
        calls.append(f"Popen{args}")
        return real_popen(*args, **kwargs)

    monkeypatch.setattr(os, "system", system)
    monkeypatch.setattr(subprocess, "Popen", popen)
    yield calls
    assert not (tmp_path / MARKER).exists()


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_case(case: dict[str, Any], make_data: Callable[..., Path], no_execution: list[str]) -> None:
    name = case["file"]
    data = make_data(files={name: (HOSTILE / name).read_bytes()})
    project = load_project(data)  # must not raise, whatever the file holds
    report = format_report(project.problems)
    assert no_execution == []
    if case["expect"] == "error":
        mine = [p for p in project.errors if p.file == f"positions/{name}"]
        # the case's message is its English wording (`--lang en`); the goldens hold both languages
        assert any(p.line == case["line"] and case["message"] in p.format("en") for p in mine), (
            f"expected line {case['line']}: …{case['message']}… in\n{report}"
        )
        assert all(p.file == f"positions/{name}" for p in project.problems), report
        assert "Traceback" not in report
    else:
        assert project.problems == [], report
        position = project.links.positions[Path(name).stem]
        texts = list(_strings(position.model_dump(mode="json")))
        for literal in case["literal"]:
            assert any(literal in text for text in texts), f"{literal!r} not kept in {texts}"
        assert all(unicodedata.is_normalized("NFC", text) for text in texts)


def test_self_substitution_is_linked_both_ways(make_data: Callable[..., Path]) -> None:
    data = make_data(files={"asendab-iseennast.yaml": (HOSTILE / "asendab-iseennast.yaml").read_bytes()})
    links = load_project(data).links
    assert links.substituted_by["asendab-iseennast"] == ["asendab-iseennast"]
    assert links.substitutes_for["asendab-iseennast"] == ["asendab-iseennast"]
    assert links.one_sided == []


def test_the_whole_corpus_at_once_through_the_cli(make_data: Callable[..., Path], tmp_path: Path,
                                                  golden: Callable[[str, str], None]) -> None:
    """All files in one folder, through the installed command: one report, exit 1, no traceback, no marker;
    the whole report, in Estonian (the default) and in English (`--lang en`), is pinned by a golden."""
    data = make_data(files={c["file"]: (HOSTILE / c["file"]).read_bytes() for c in CASES})
    exe = Path(sys.executable).parent / "ametijuhend"
    for lang in ("et", "en"):
        option = ["--lang", "en"] if lang == "en" else []
        result = subprocess.run([str(exe), *option, "validate", "--data", str(data)], capture_output=True,
                                text=True, cwd=tmp_path, timeout=120)
        assert result.returncode == 1
        assert result.stderr == ""
        assert "Traceback" not in result.stdout
        for case in CASES:
            if case["expect"] == "error":
                assert f"positions/{case['file']}:{case['line']}" in result.stdout, case["file"]
        golden(f"validate/hostile.{lang}.txt", result.stdout)
    assert not (tmp_path / MARKER).exists()


def test_control_characters_neither_drive_the_terminal_nor_forge_report_lines(
        make_data: Callable[..., Path]) -> None:
    """A key written with `\\e` escapes and a file named with an escape sequence and a line break reached the
    terminal raw: the screen was cleared, and a line of the report could be forged (an attack on the CLI)."""
    data = make_data()
    position = next(data.glob("*.yaml"))
    text = position.read_text(encoding="utf-8")
    position.write_text(text + '"\\e[2J\\e[31mPWNED\\e[0m": 1\n', encoding="utf-8")
    (data / "x\x1b[2Jy\nviga: vale.yaml").write_text("id: x\n", encoding="utf-8")
    report = format_report(load_project(data).problems)
    assert "\x1b" not in report and "\\x1b[2J\\x1b[31mPWNED" in report
    assert not any(line.startswith("viga: vale.yaml") for line in report.splitlines())
    assert "x\\x1b[2Jy\\nviga: vale.yaml" in report


def test_a_file_of_a_hundred_thousand_unknown_keys_is_reported_in_bounds(make_data: Callable[..., Path]) -> None:
    """500,000 unknown keys in a 5 MB file took 2.3 GB and three minutes to report (an attack on the CLI): the
    first 200 schema errors of a file are reported and the rest counted."""
    from ametijuhend.validate import MAX_SCHEMA_PROBLEMS

    data = make_data()
    lines = ["id: palju", "document_type: ametnik", "status: mustand", *(f"k{i}: v" for i in range(100_000))]
    (data / "palju.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = [p for p in load_project(data).problems if p.file.endswith("palju.yaml")]
    more = [p for p in problems if p.message.key == "schema.more"]
    assert len(more) == 1 and "veel 99800 andmeskeemi viga" in more[0].format()
    assert len([p for p in problems if p.message.key != "schema.more"]) <= MAX_SCHEMA_PROBLEMS + 20
