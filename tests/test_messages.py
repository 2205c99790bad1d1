"""Messages in two languages (`ametijuhend.messages`): the table, the choice of language, the CLI's help.

Estonian is the default; English comes with `--lang en`, AMETIJUHENDID_LANG=en or an English locale. The
full reports of both languages are pinned by the goldens (tests/golden/errors/ and errors/en/,
tests/golden/validate/); here: every message has both texts with the same placeholders, no English
word of a message is left in its Estonian text, and argparse speaks the chosen language.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from ametijuhend import cli
from ametijuhend.messages import LANGS, MESSAGES, Count, Either, Msg, placeholders, render
from ametijuhend.project import load_project
from ametijuhend.settings import LANG_ENV, SettingsError, message_language

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).parent / "golden"

SAME_IN_BOTH = {
    # names, formats and code that are the same in both languages
    "yaml", "utf", "readme", "pdf", "word", "docx", "txt", "json", "text", "uri", "key", "value", "true", "false",
    "id", "ids", "nr", "ascii", "unicode", "lc_all", "lc_messages", "lang", "et", "en", "hook", "mkdocs",
    "python", "pip", "install", "add_arguments", "parser", "run", "args", "argument", "data", "dir", "schema",
    "check", "out", "positions", "yes", "no", "src", "models", "py", "ametijuhend", "import", "aliases", "missing",
    "status", "mustand", "printed", "parent", "manager", "title", "catalogues", "units", "competencies",
    "referenced", "register_number", "address", "substitutes_for", "substituted_by", "error", "usage", "file",
    "fail", "info",
    # Estonian words spelt like English ones: "on" (is), "see" (this), "number", "alias", "extra"
    "on", "see", "number", "alias", "hr", "ametijuhendid", "extra",
    # technical names and the document's own heading, quoted in both languages
    "billion", "laughs", "dtd", "entity", "xml", "windows", "ocr", "struktuuriüksus", "html", "markdown", "jah",
}
"""Words that may appear in both texts: identifiers, file formats, commands (`error`/`usage` only inside
the message of `argparse.other`, which quotes argparse's own text)."""


def _words(template: str) -> set[str]:
    """The words of a template outside `code`, {placeholders}, paths and options, lower-cased."""
    prose = re.sub(r"`[^`]*`|U\+\S*|%\w+|\{[^{}]*\}|\S*[/$\\]\S*|\S*\w[._]\w\S*|--?\w[\w-]*", " ", template)
    return {w.lower() for w in re.findall(r"[A-Za-zÕÄÖÜŠŽõäöüšž']{2,}", prose)}


def _sample(key: str) -> Msg:
    """`key` with a value for each placeholder."""
    return Msg(key, **{name: f"<{name}>" for name in placeholders(MESSAGES[key][0])})


def test_every_message_has_both_texts_with_the_same_placeholders() -> None:
    for key, texts in MESSAGES.items():
        assert len(texts) == len(LANGS) == 2, key
        et, en = texts
        assert et.strip() and en.strip(), key
        assert placeholders(et) == placeholders(en), key
        for lang in LANGS:
            rendered = _sample(key).text(lang)
            assert all(f"<{name}>" in rendered for name in placeholders(et)), (key, lang)


def test_no_english_word_of_a_message_is_left_in_its_estonian_text() -> None:
    leftovers = {}
    for key, (et, en) in MESSAGES.items():
        if key == "argparse.other":  # quotes argparse's own (English) text when it is not recognised
            continue
        english = _words(en) - SAME_IN_BOTH
        left = english & _words(et)
        if left:
            leftovers[key] = sorted(left)
    assert leftovers == {}


def test_estonian_reports_have_no_english_labels() -> None:
    goldens = sorted((GOLDEN / "errors").glob("*.txt")) + sorted((GOLDEN / "validate").glob("*.et.txt"))
    assert len(goldens) > 20
    english = re.compile(r": (error|warning): |\b(found|expected|fix):  |did you mean|error\(s\)|Input should|"
                         r"Field required|Extra inputs")
    for path in goldens:
        text = path.read_text(encoding="utf-8")
        assert not english.search(text), (path, english.search(text))
        assert ": viga: " in text or ": hoiatus: " in text, path
        assert "parseri teade" not in text, path  # a wording of libyaml missing from the table


def test_values_are_rendered_in_the_language() -> None:
    assert render(Count(12345), "et") == "12 345" and render(Count(12345), "en") == "12,345"
    assert render(Either(("`a`", "`b`")), "et") == "`a` või `b`"
    assert render(Either(("`a`", "`b`")), "en") == "`a` or `b`"
    nested = Msg("load.not_read", what=Msg("load.folder"))
    assert nested.text("et") == "kaust andmekausta sees: jäeti lugemata"
    assert nested.text("en") == "a folder inside the data folder: not read"
    assert str(nested) == nested.text("et")
    with pytest.raises(KeyError):
        Msg("no.such.message")


def test_a_message_survives_pickling_and_is_immutable() -> None:
    import pickle

    message = Msg("schema.too_many", count=Count(101))
    assert pickle.loads(pickle.dumps(message)) == message
    assert hash(pickle.loads(pickle.dumps(message))) == hash(message)
    with pytest.raises(AttributeError):
        message.key = "x"  # type: ignore[misc]


# --- which language ----------------------------------------------------------------------------


@pytest.mark.parametrize(("explicit", "environ", "lang"), [
    (None, {}, "et"),
    (None, {"LANG": "C.UTF-8"}, "et"),
    (None, {"LANG": "et_EE.UTF-8"}, "et"),
    (None, {"LANG": "en_US.UTF-8"}, "en"),
    (None, {"LC_MESSAGES": "en_GB.UTF-8", "LANG": "et_EE.UTF-8"}, "en"),
    (None, {"LC_ALL": "et_EE.UTF-8", "LC_MESSAGES": "en_GB.UTF-8"}, "et"),  # LC_ALL overrides the others
    (None, {"LC_ALL": "", "LANG": "en_US.UTF-8"}, "en"),  # empty counts as unset
    (None, {LANG_ENV: "en", "LANG": "et_EE.UTF-8"}, "en"),  # the setting wins over the locale
    (None, {LANG_ENV: "ET", "LC_ALL": "en_US.UTF-8"}, "et"),
    ("en", {LANG_ENV: "et"}, "en"),  # --lang wins over everything
    ("et", {LC: "en_US.UTF-8" for LC in ("LC_ALL", "LANG")}, "et"),
])
def test_message_language_precedence(explicit: str | None, environ: dict[str, str], lang: str) -> None:
    assert message_language(explicit, environ) == lang


def test_an_unknown_language_is_an_error_naming_the_setting() -> None:
    with pytest.raises(SettingsError) as error:
        message_language(environ={LANG_ENV: "fr"})
    assert error.value.text() == "seade AMETIJUHENDID_LANG: keel 'fr' pole toetatud; lubatud on et, en"
    assert error.value.text("en") == ("setting AMETIJUHENDID_LANG: the language 'fr' is not supported; "
                                      "allowed are et, en")


def test_cli_language_from_option_setting_and_locale(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli.main(["validate", "--data", str(data_dir)]) == 0
    assert capsys.readouterr().out == "vigu 0, hoiatusi 0\n"
    for argv in (["--lang", "en", "validate"], ["validate", "--lang=en"], ["validate", "--lang", "en"]):
        assert cli.main([*argv, "--data", str(data_dir)]) == 0
        assert capsys.readouterr().out == "0 error(s), 0 warning(s)\n"
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert cli.main(["validate", "--data", str(data_dir)]) == 0
    assert capsys.readouterr().out == "0 error(s), 0 warning(s)\n"
    monkeypatch.setenv(LANG_ENV, "et")
    assert cli.main(["validate", "--data", str(data_dir)]) == 0
    assert capsys.readouterr().out == "vigu 0, hoiatusi 0\n"
    assert cli.main(["--lang", "en", "validate", "--data", str(data_dir)]) == 0
    assert capsys.readouterr().out == "0 error(s), 0 warning(s)\n"
    monkeypatch.setenv(LANG_ENV, "fr")
    assert cli.main(["validate", "--data", str(data_dir)]) == cli.EXIT_USAGE
    assert "AMETIJUHENDID_LANG" in capsys.readouterr().err


# --- the CLI's help and argparse's own errors --------------------------------------------------

COMMANDS = [[], ["validate"], ["schema"], ["import"], ["generate"], ["export"], ["pages"]]
ENGLISH_ARGPARSE = ("usage:", "options:", "positional arguments", "show this help message and exit",
                    "show program's version number")


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "ametijuhend")
def test_help_is_estonian_by_default_and_english_on_request(
    command: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    with pytest.raises(SystemExit) as done:
        cli.main([*command, "--help"])
    assert done.value.code == 0
    estonian = capsys.readouterr().out
    assert estonian.startswith("kasutus: ametijuhend") and "valikud:" in estonian
    assert "-h, --help" in estonian and "näita seda abiteksti ja lõpeta" in estonian
    assert "--lang {et,en}" in estonian and "teadete keel" in estonian
    assert not [w for w in ENGLISH_ARGPARSE if w in estonian], estonian
    with pytest.raises(SystemExit):
        cli.main(["--lang", "en", *command, "--help"])
    english = capsys.readouterr().out
    assert english.startswith("usage: ametijuhend") and "options:" in english
    assert "show this help message and exit" in english
    assert "kasutus" not in english and "näita" not in english


def test_help_lists_the_commands_in_estonian(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    out = capsys.readouterr().out
    assert "käsud:" in out and "KÄSK" in out
    assert "kontrolli kõiki ametikohtade ja kataloogide faile" in out
    assert "Ametijuhendid andmetena" in out


@pytest.mark.parametrize(("argv", "estonian", "english"), [
    ([], "need argumendid on kohustuslikud: KÄSK", "the following arguments are required: COMMAND"),
    (["kontrolli"], "argument KÄSK: lubamatu valik 'kontrolli' (võimalikud: 'validate', 'schema', ",
     "argument COMMAND: invalid choice: 'kontrolli' (choose from 'validate', 'schema', "),
    (["validate", "--format", "xml"], "argument --format: lubamatu valik 'xml' (võimalikud: 'text', 'json')",
     "argument --format: invalid choice: 'xml' (choose from 'text', 'json')"),
    (["validate", "--bogus"], "tundmatud argumendid: --bogus", "unrecognized arguments: --bogus"),
    (["validate", "--data"], "argument --data: oodati ühte väärtust", "argument --data: expected one argument"),
    (["import"], "need argumendid on kohustuslikud: FILE", "the following arguments are required: FILE"),
    (["generate", "x", "-n", "sada"], "argument -n/--count: vigane väärtus 'sada'",
     "argument -n/--count: invalid int value: 'sada'"),
])
def test_argparse_errors_in_both_languages(argv: list[str], estonian: str, english: str,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    for lang, expected, usage, label in (("et", estonian, "kasutus: ", ": viga: "),
                                         ("en", english, "usage: ", ": error: ")):
        with pytest.raises(SystemExit) as done:
            cli.main(["--lang", lang, *argv])
        assert done.value.code == cli.EXIT_USAGE
        err = capsys.readouterr().err
        assert err.startswith(usage) and label in err and expected in err, err


def test_argparse_text_that_is_not_recognised_is_still_shown() -> None:
    assert cli.argparse_message("something new").text("et") == "vigased argumendid (something new)"
    assert cli.argparse_message("something new").text("en") == "something new"


# --- the documentation shows real output ---------------------------------------------------------


@pytest.mark.parametrize("doc", ["README.md", "docs/muutmine.md"])
def test_documented_example_is_real_estonian_output(doc: str) -> None:
    real = (GOLDEN / "errors" / "all-problems-in-one-run.txt").read_text(encoding="utf-8").splitlines()
    text = (ROOT / doc).read_text(encoding="utf-8")
    start = text.index("positions/nounik-perelepitus.yaml:8:9: viga:")
    lines = [line.strip() for line in text[start:].splitlines()[:8]]
    assert lines[-1] == "vigu 2, hoiatusi 0"
    for line in lines[:-1]:
        if "…" not in line:
            assert any(line == r.strip() for r in real), line
    assert "--lang en" in text and "AMETIJUHENDID_LANG=en" in text


def test_installed_command_is_estonian_in_a_neutral_locale_and_english_in_an_english_one(data_dir: Path) -> None:
    exe = Path(sys.executable).parent / "ametijuhend"
    run = [str(exe), "validate", "--data", str(data_dir / "puudub")]
    estonian = subprocess.run(run, capture_output=True, text=True, timeout=60, env={**os.environ, "LANG": "C.UTF-8"})
    english = subprocess.run(run, capture_output=True, text=True, timeout=60,
                             env={**os.environ, "LANG": "en_US.UTF-8"})
    assert (estonian.returncode, english.returncode) == (1, 1)
    assert "viga: andmekausta ei leitud" in estonian.stdout and "error: data folder not found" in english.stdout


def test_a_custom_pydantic_error_is_a_message_of_the_table(make_data: Callable[..., Path]) -> None:
    """`signed_original` needs one of its keys (a model validator): its error speaks Estonian too."""
    project = load_project(make_data(edits={"nounik-perelepitus.yaml": ("title: Nõunik", "title: Nõunik\n"
                                                                        "signed_original: {}")}))
    [problem] = project.errors
    assert problem.key == "signed_original" and problem.message.key == "schema.signed_original"
    assert problem.format().endswith("viga: signed_original: allkirjastatud originaali andmed puuduvad\n"
                                     "    leitud:   `{}`\n"
                                     "    oodati:   `register_number`, `address` või mõlemad")
    assert "Give register_number" not in problem.format() + problem.format("en")
