"""`ametijuhend validate | schema | import | generate`: output and exit status."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import types
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest

from ametijuhend import cli
from ametijuhend.schema import SCHEMAS, schema_documents, schema_filename
from ametijuhend.yamlio import load_yaml

ROOT = Path(__file__).resolve().parents[1]
COMMITTED_SCHEMAS = ROOT / "schema"
NOUNIK = "nounik-perelepitus.yaml"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# --- validate ----------------------------------------------------------------------------------


def test_validate_clean_data_exits_0(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate", "--data", str(data_dir))
    assert code == 0
    assert out == "vigu 0, hoiatusi 0\n"


def test_validate_warnings_only_exits_0(make_data: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    data = make_data(edits={NOUNIK: ("# yaml-language-server: $schema=../schema/position.schema.json\n", "")})
    code, out, _ = run(capsys, "validate", "--data", str(data))
    assert code == 0
    assert "hoiatus: fail ei viita redaktori skeemile" in out
    assert out.endswith("vigu 0, hoiatusi 1\n")


def test_validate_prints_every_problem_and_exits_1(
    make_data: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    data = make_data(edits={NOUNIK: [("title: Nõunik", "titel: Nõunik"), ("level: C1", "level: C9")]})
    code, out, err = run(capsys, "validate", "--data", str(data))
    assert code == 1
    assert err == ""
    assert "positions/nounik-perelepitus.yaml:9:1: viga: titel: tundmatu võti `titel`" in out
    assert "    parandus: kas mõtlesid `title`?" in out
    assert "positions/nounik-perelepitus.yaml:36:18: viga: requirements.languages[0].levels[0].level" in out
    assert "    leitud:   `C9`" in out
    assert out.endswith("vigu 2, hoiatusi 0\n")


def test_validate_relative_data_folder_shows_paths_from_the_working_folder(
    make_data: Callable[..., Path], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = make_data(edits={NOUNIK: ("title: Nõunik", "titel: Nõunik")})
    monkeypatch.chdir(data.parent.parent)
    code, out, _ = run(capsys, "validate", "--data", f"{data.parent.name}/positions")
    assert code == 1
    assert out.startswith(f"{data.parent.name}/positions/nounik-perelepitus.yaml:9:1: viga:")


def test_validate_json(make_data: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    data = make_data(edits={NOUNIK: [("title: Nõunik", "titel: Nõunik"),
                                     ("# yaml-language-server: $schema=../schema/position.schema.json\n", "")]})
    code, out, _ = run(capsys, "validate", "--data", str(data), "--format", "json")
    assert code == 1
    report = json.loads(out)
    assert (report["lang"], report["errors"], report["warnings"]) == ("et", 1, 1)
    error = next(p for p in report["problems"] if p["severity"] == "error")
    assert error == {
        "file": "positions/nounik-perelepitus.yaml", "line": 8, "column": 1, "key": "titel", "severity": "error",
        "code": "schema.unknown_key", "message": "tundmatu võti `titel`", "found": None,
        "expected": error["expected"], "fix": "kas mõtlesid `title`?",
    }
    code, out, _ = run(capsys, "validate", "--data", str(data), "--format", "json", "--lang", "en")
    english = next(p for p in json.loads(out)["problems"] if p["severity"] == "error")
    assert (english["code"], english["message"], english["fix"]) == (
        "schema.unknown_key", "unknown key `titel`", "did you mean `title`?")


def test_validate_quiet_hides_warnings_and_is_silent_when_clean(
    make_data: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    warn_only = make_data(edits={NOUNIK: ("# yaml-language-server: $schema=../schema/position.schema.json\n", "")})
    assert run(capsys, "validate", "--data", str(warn_only), "--quiet") == (0, "", "")
    broken = make_data(edits={NOUNIK: [("title: Nõunik", "titel: Nõunik"),
                                        ("# yaml-language-server: $schema=../schema/position.schema.json\n", "")]})
    code, out, _ = run(capsys, "validate", "--data", str(broken), "--quiet")
    assert code == 1
    assert "hoiatus" not in out.splitlines()[0]
    assert out.count(": viga:") == 1
    assert out.endswith("vigu 1, hoiatusi 1\n")  # the summary still counts the hidden warning


def test_validate_data_folder_from_environment(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(cli.DATA_ENV, str(data_dir))
    assert run(capsys, "validate") == (0, "vigu 0, hoiatusi 0\n", "")


def test_validate_missing_folder_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate", "--data", str(tmp_path / "puudub"))
    assert code == 1
    assert "andmekausta ei leitud" in out


@pytest.mark.parametrize("argv", [[], ["frobnicate"], ["validate", "--format", "xml"], ["validate", "--bogus"],
                                  ["schema", "extra"]])
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        cli.main(argv)
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("kasutus: ametijuhend") and ": viga: " in err
    with pytest.raises(SystemExit) as exc:
        cli.main(["--lang", "en", *argv])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: ametijuhend") and ": error: " in err


def test_installed_entry_point_reports_bad_data_without_traceback(make_data: Callable[..., Path]) -> None:
    data = make_data(files={
        "alias.yaml": "a: &x [1]\nb: *x\n",
        "tag.yaml": "id: !!python/object/apply:os.system ['echo pwned']\n",
        "latin.yaml": "id: nõunik\n".encode("latin-1"),
        "tyhi.yaml": "",
        "list.yaml": "- a\n",
        "catalogues/units.yaml": "units: [\n",
    })
    exe = Path(sys.executable).parent / "ametijuhend"
    result = subprocess.run([str(exe), "validate", "--data", str(data)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert "pwned" not in result.stdout.replace("echo pwned", "")
    assert result.stderr == ""


# --- schema ------------------------------------------------------------------------------------


def test_committed_schemas_are_up_to_date(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "schema", "--check", "--out", str(COMMITTED_SCHEMAS))
    assert code == 0, f"{err}run `ametijuhend schema` and commit schema/"
    assert "skeemid on ajakohased" in out


def test_schema_writes_the_four_files_and_check_detects_stale(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_dir = tmp_path / "schema"
    code, out, _ = run(capsys, "schema", "--out", str(out_dir))
    assert code == 0
    names = sorted(p.name for p in out_dir.iterdir())
    assert names == sorted(schema_filename(n) for n in ("position", "units", "competencies", "referenced-positions"))
    assert out.count("kirjutatud ") == 4
    assert run(capsys, "schema", "--check", "--out", str(out_dir))[0] == 0

    (out_dir / "units.schema.json").write_text("{}\n", encoding="utf-8")
    (out_dir / "competencies.schema.json").unlink()
    code, _, err = run(capsys, "schema", "--check", "--out", str(out_dir))
    assert code == 1
    assert "units.schema.json: ei vasta enam failile src/ametijuhend/models.py" in err
    assert "competencies.schema.json: puudub" in err
    assert (out_dir / "units.schema.json").read_text() == "{}\n"  # --check writes nothing

    assert run(capsys, "schema", "--out", str(out_dir))[1].count("kirjutatud ") == 2
    assert run(capsys, "schema", "--out", str(out_dir))[1].endswith("skeemid on ajakohased\n")


def test_schema_documents_are_stable_json_with_descriptions() -> None:
    docs = schema_documents()
    assert docs == schema_documents()
    position = json.loads(docs["position.schema.json"])
    assert position["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert position["additionalProperties"] is False
    assert "Vahetu juht" in position["properties"]["manager"]["description"]
    assert set(SCHEMAS) == {"position", "units", "competencies", "referenced-positions"}


def _editor_validator(name: str) -> jsonschema.protocols.Validator:
    schema = json.loads((COMMITTED_SCHEMAS / schema_filename(name)).read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def test_editor_schema_accepts_valid_files(data_dir: Path) -> None:
    """What `validate` accepts, the editor must not flag."""
    for path, name in [(data_dir / NOUNIK, "position"), (data_dir / "teenuse-juht-perelepitus.yaml", "position"),
                       (data_dir / "catalogues/units.yaml", "units"),
                       (data_dir / "catalogues/competencies.yaml", "competencies"),
                       (data_dir / "catalogues/referenced-positions.yaml", "referenced-positions")]:
        doc, problems = load_yaml(path)
        assert problems == []
        errors = [e.message for e in _editor_validator(name).iter_errors(doc.data)]
        assert errors == [], path


def test_editor_schema_accepts_numbers_where_editors_see_numbers(data_dir: Path) -> None:
    """An editor reads unquoted `3.10` as a number; the schema must not flag what `validate` accepts."""
    doc, _ = load_yaml(data_dir / NOUNIK)
    doc.data["duties"][0]["number"] = 3.1
    doc.data["approval"]["order_number"] = 12
    assert list(_editor_validator("position").iter_errors(doc.data)) == []


@pytest.mark.parametrize(("change", "fragment"), [
    ({"titel": "Nõunik"}, "Additional properties are not allowed ('titel' was unexpected)"),
    ({"id": "../nounik"}, "does not match"),
    ({"status": "no"}, "is not one of"),
    ({"approval": {"date": "04.01.2024"}}, "is not a 'date'"),
    ({"purpose": "x" * 20_001}, "is too long"),
])
def test_editor_schema_flags_mistakes(data_dir: Path, change: dict[str, object], fragment: str) -> None:
    doc, _ = load_yaml(data_dir / NOUNIK)
    data = {**doc.data, **change}
    messages = [m for e in _editor_validator("position").iter_errors(data) for m in _messages(e)]
    assert any(fragment in m for m in messages), messages


def _messages(error: jsonschema.ValidationError) -> list[str]:
    """The message of an error and of the alternatives it tried (`anyOf` branches)."""
    return [error.message, *(m for sub in error.context or [] for m in _messages(sub))]


# --- delegated subcommands ---------------------------------------------------------------------


def test_missing_delegated_module_gives_a_clear_message_and_exit_2(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(cli.PLUGINS, "import", ("ametijuhend.puudub_moodul", "cli.import"))
    code, out, err = run(capsys, "import", "fail.pdf", "--whatever")
    assert code == 2
    assert out == ""
    assert err == "ametijuhend import: pole selles paigalduses saadaval (moodul `ametijuhend.puudub_moodul` puudub)\n"
    code, out, err = run(capsys, "--lang", "en", "import", "fail.pdf", "--whatever")
    assert err == "ametijuhend import: not available in this installation (module `ametijuhend.puudub_moodul` " \
        "is missing)\n"


def test_delegated_module_missing_a_dependency(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    module = types.ModuleType("ametijuhend._katki")

    def boom() -> None:
        raise ModuleNotFoundError("No module named 'pdfplumber'", name="pdfplumber")

    monkeypatch.setattr(cli.importlib, "import_module", lambda name: boom() if name == module.__name__ else None)
    monkeypatch.setitem(cli.PLUGINS, "generate", (module.__name__, "cli.generate"))
    code, _, err = run(capsys, "generate")
    assert code == 2
    assert "vajab Pythoni paketti `pdfplumber`" in err


def test_delegated_module_receives_its_arguments(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    module = types.ModuleType("ametijuhend._proovi")
    calls: list[argparse.Namespace] = []

    def add_arguments(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("out", type=Path)
        parser.add_argument("-n", type=int, default=3)

    def run_plugin(args: argparse.Namespace) -> int:
        calls.append(args)
        return 0

    module.add_arguments = add_arguments  # type: ignore[attr-defined]
    module.run = run_plugin  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, module.__name__, module)
    monkeypatch.setitem(cli.PLUGINS, "generate", (module.__name__, "cli.generate"))
    assert run(capsys, "generate", "kaust", "-n", "5")[0] == 0
    assert (calls[0].out, calls[0].n, calls[0].lang) == (Path("kaust"), 5, "et")


def test_validate_does_not_import_the_delegated_modules(monkeypatch: pytest.MonkeyPatch, data_dir: Path) -> None:
    imported: list[str] = []
    real = cli.importlib.import_module

    def spy(name: str) -> types.ModuleType:
        imported.append(name)
        return real(name)

    monkeypatch.setattr(cli.importlib, "import_module", spy)
    assert cli.main(["validate", "--data", str(data_dir), "--quiet"]) == 0
    assert imported == []


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        cli.main(["--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    for name in ("validate", "schema", "import", "generate"):
        assert name in out


def test_generate_then_validate_through_the_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The delegated `generate` (ametijuhend.synthetic) writes a folder that `validate` accepts."""
    pytest.importorskip("ametijuhend.synthetic")
    out = tmp_path / "synthetic"
    assert cli.main(["generate", str(out), "-n", "5"]) == 0
    capsys.readouterr()
    code, text, _ = run(capsys, "validate", "--data", str(out), "--quiet")
    assert (code, text) == (0, "")


@pytest.mark.parametrize("command", [["schema", "--out"], ["generate", "-n", "2"]])
def test_an_output_folder_that_is_a_file_is_named_without_a_traceback(command: list[str], tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    """`schema --out FILE` and `generate -n 2 FILE` ended in a traceback (an attack on the commands found them)."""
    afile = tmp_path / "afile"
    afile.write_text("alles", encoding="utf-8")
    assert cli.main([*command, str(afile)]) == 2
    err = capsys.readouterr().err
    assert str(afile) in err and "Traceback" not in err
    assert afile.read_text(encoding="utf-8") == "alles"
