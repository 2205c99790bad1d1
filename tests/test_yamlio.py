"""Safe YAML loading: what HR wrote is kept, YAML's surprises are refused, every problem has a line."""

from __future__ import annotations

import gc
import time
import unicodedata
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ametijuhend import yamlio
from ametijuhend.errors import Problem
from ametijuhend.load import LINKED_PATHS
from ametijuhend.models import Position
from ametijuhend.project import load_project
from ametijuhend.validate import parse
from ametijuhend.yamlio import MAX_DEPTH, SourceDoc, load_yaml

SEED_DATA = Path(__file__).resolve().parents[1] / "positions"


def load(text: str | bytes) -> tuple[object, list[Problem]]:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    doc, problems = load_yaml(Path("x.yaml"), raw=raw)
    return doc.data, problems


def only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, [p.format() for p in problems]
    return problems[0]


@pytest.mark.parametrize(
    "scalar",
    ["no", "yes", "No", "off", "on", "y", "n", "True", "3.10", "3.1", "010", "0o17", "0x1F", "1e3", "1_000",
     ".inf", ".nan", "-.inf", "2024-01-04", "2024-01-04 10:00:00", "12:30", "1:20:30", "+1"],
)
def test_plain_scalars_stay_the_text_hr_wrote(scalar: str) -> None:
    data, problems = load(f"value: {scalar}\n")
    assert problems == []
    assert data == {"value": scalar}


@pytest.mark.parametrize(("text", "value"), [
    ("value: true\n", True), ("value: false\n", False),
    ("value: null\n", None), ("value: ~\n", None), ("value:\n", None),
    ("value: 'no'\n", "no"), ('value: "3.10"\n', "3.10"),
])
def test_only_null_and_true_false_are_resolved(text: str, value: object) -> None:
    data, problems = load(text)
    assert problems == []
    assert data == {"value": value}


def test_keys_and_values_keep_their_line_and_column() -> None:
    doc, problems = load_yaml(Path("x.yaml"), raw=b"# comment\nid: a\nduties:\n  - number: '3.1'\n    task: T\n")
    assert problems == []
    assert (doc.keys[("duties",)].line, doc.keys[("duties",)].column) == (3, 1)
    assert (doc.values[("duties", 0, "task")].line, doc.values[("duties", 0, "task")].column) == (5, 11)
    assert doc.locate(("duties", 0, "results", 2)) == doc.values[("duties", 0)]  # nearest known ancestor


def test_syntax_error_has_line_and_column() -> None:
    data, problems = load("id: a\npurpose: Pere: lepitus\n")
    problem = only(problems)
    assert (problem.line, problem.column) == (2, 14)
    assert problem.message.key == "yaml.syntax"
    assert str(problem.message) == "YAML-i süntaksiviga: võtme väärtus pole selles kohas lubatud"
    assert problem.message.text("en") == "YAML syntax error: mapping values are not allowed in this context"
    assert "jutumärkides" in str(problem.hint)
    assert data is None


def test_duplicate_key_is_an_error_naming_both_lines() -> None:
    data, problems = load("id: a\ntitle: Esimene\nstatus: kehtiv\ntitle: Teine\n")
    problem = only(problems)
    assert (problem.line, problem.column, problem.key) == (4, 1, "title")
    assert str(problem.message) == "korduv võti `title` (esimest korda real 2)"
    assert data == {"id": "a", "title": "Esimene", "status": "kehtiv"}


def test_duplicate_key_in_a_nested_mapping() -> None:
    _, problems = load("rights:\n  items: [a]\n  items: [b]\n")
    problem = only(problems)
    assert (problem.line, problem.key) == (3, "rights.items")


@pytest.mark.parametrize("tagged", [
    "!!python/object/apply:os.system ['echo hi']", "!!python/name:os.system", "!!binary aGk=", "!!int 3",
    "!!timestamp 2024-01-04", "!custom x", "!!set {a}",
])
def test_tags_are_refused(tagged: str) -> None:
    data, problems = load(f"id: a\nvalue: {tagged}\n")
    problem = only(problems)
    assert problem.message.key == "yaml.tag"
    assert (problem.line, problem.key) == (2, "value")
    assert data == {"id": "a", "value": None}


def test_explicit_str_tag_is_plain_text() -> None:
    assert load("value: !!str 3.10\n") == ({"value": "3.10"}, [])


def test_alias_bomb_is_refused_quickly() -> None:
    levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 12):
        prev, name = chr(ord("a") + i - 1), chr(ord("a") + i)
        levels.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    start = time.perf_counter()
    data, problems = load("\n".join(levels) + "\n")
    assert time.perf_counter() - start < 2
    problem = only(problems)
    assert problem.message.key == "yaml.alias"
    assert problem.line == 2
    assert data is None


def test_even_one_alias_is_refused() -> None:
    _, problems = load("a: &x tekst\nb: *x\n")
    assert only(problems).line == 2


def test_merge_key_is_not_expanded() -> None:
    data, problems = load("a:\n  <<: {b: c}\n")
    assert problems == []
    assert data == {"a": {"<<": {"b": "c"}}}


def test_non_text_key_is_refused() -> None:
    data, problems = load("true: x\n[a]: y\nid: z\n")
    assert [p.line for p in problems] == [1, 1]
    assert all(p.message.key == "yaml.key_text" for p in problems)
    assert data == {"id": "z"}


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n", "---\n", "null\n"])
def test_empty_file(text: str) -> None:
    data, problems = load(text)
    problem = only(problems)
    assert str(problem.message) == "fail on tühi"
    assert data is None


def test_more_than_one_document() -> None:
    _, problems = load("id: a\n---\nid: b\n")
    problem = only(problems)
    assert problem.line == 3
    assert problem.message.key == "yaml.documents"


def test_non_utf8_bytes_are_reported_with_position() -> None:
    data, problems = load("id: a\ntitle: Nõunik\n".encode("latin-1"))
    problem = only(problems)
    assert (problem.line, problem.column) == (2, 9)
    assert str(problem.found) == "bait 0xf5"
    assert "UTF-8" in str(problem.hint)
    assert data is None


def test_control_character_is_reported_with_position() -> None:
    _, problems = load("id: õõ\ntitle: Nõu\x07nik\n")
    problem = only(problems)
    assert (problem.line, problem.column) == (2, 11)
    assert "U+0007" in str(problem.message)
    assert "Traceback" not in problem.format() and "<unicode string>" not in problem.format()


def test_utf8_bom_loads() -> None:
    doc, problems = load_yaml(Path("x.yaml"), raw=b"\xef\xbb\xbf# yaml-language-server: $schema=s.json\nid: a\n")
    assert problems == []
    assert doc.data == {"id": "a"}
    assert doc.schema_ref == "s.json"


def test_crlf_line_ends_load_and_leave_no_carriage_returns() -> None:
    data, problems = load(b"id: a\r\npurpose: >-\r\n  kaks\r\n  rida\r\nitems:\r\n  - b\r\n")
    assert problems == []
    assert data == {"id": "a", "purpose": "kaks rida", "items": ["b"]}


def test_decomposed_letters_are_normalised_to_nfc() -> None:
    nfd = unicodedata.normalize("NFD", "Nõunik šõõr")
    assert nfd != "Nõunik šõõr"
    data, problems = load(f"title: {nfd}\n")
    assert problems == []
    assert data == {"title": "Nõunik šõõr"}


def test_nesting_limit() -> None:
    deep = "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5)
    data, problems = load(f"purpose: {deep}\n")
    problem = only(problems)
    assert problem.message.key == "yaml.depth"
    assert data is None


@pytest.mark.parametrize(("text", "ref"), [
    ("# yaml-language-server: $schema=../schema/position.schema.json\nid: a\n", "../schema/position.schema.json"),
    ("# a comment first\n# yaml-language-server: $schema=x.json\nid: a\n", "x.json"),
    ("id: a\n# yaml-language-server: $schema=x.json\n", None),
    ("id: a\n", None),
])
def test_schema_reference_is_read_from_the_opening_comments(text: str, ref: str | None) -> None:
    doc, _ = load_yaml(Path("x.yaml"), raw=text.encode())
    assert doc.schema_ref == ref


def test_unreadable_file(tmp_path: Path) -> None:
    doc, problems = load_yaml(tmp_path / "missing.yaml")
    assert str(only(problems).message).startswith("faili ei saa lugeda")
    assert doc.data is None


# --- no input makes the loader or the validator raise ---------------------------------------------

_TOKENS = ["\n", "  ", "- ", ": ", "? ", "&a ", "*a", "!!str ", "!x ", "{", "}", "[", "]", ", ", "#", "'", '"', "|",
           ">-", "---", "...", "%YAML 1.2", "\t", "\\", "id", "title", "duties", "number", "3.1", "no", "null",
           "true", "õ", "\u0301", "\x00", "\ufeff", "<<", "@", "`"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_TOKENS), max_size=40))
def test_token_soup_never_raises(tokens: list[str]) -> None:
    doc, problems = load_yaml(Path("x.yaml"), raw="".join(tokens).encode("utf-8", "surrogatepass"))
    if doc.data is not None:
        parse(doc, Position)  # must return problems, not raise
    assert all(p.file == "x.yaml" for p in problems)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_random_bytes_never_raise(raw: bytes) -> None:
    doc, _ = load_yaml(Path("x.yaml"), raw=raw)
    if doc.data is not None:
        parse(doc, Position)


def test_long_opening_comment_block_is_read_to_its_end() -> None:
    text = "# note\n" * 2000 + "# yaml-language-server: $schema=x.json\nid: a\n"
    doc, _ = load_yaml(Path("x.yaml"), raw=text.encode())
    assert doc.schema_ref == "x.json"


# --- the walk without the mark recorder and the walk with it agree ---------------------------------

def _careful(raw: bytes) -> tuple[SourceDoc, list[Problem]]:
    """load_yaml with the mark recorder on from the start: every key and value is located while loading."""
    walk = yamlio._walk

    def recording_only(node: Any, loc: Any, depth: int, w: Any) -> Any:
        if w.marks is None:
            raise yamlio._Unusual
        return walk(node, loc, depth, w)

    with mock.patch.object(yamlio, "_walk", recording_only):
        return load_yaml(Path("x.yaml"), raw=raw)


def _assert_same(raw: bytes) -> None:
    fast, fast_problems = load_yaml(Path("x.yaml"), raw=raw)
    careful, careful_problems = _careful(raw)
    assert fast.data == careful.data
    assert [p.format() for p in fast_problems] == [p.format() for p in careful_problems]
    assert (fast.values, fast.keys) == (careful.values, careful.keys)


@pytest.mark.parametrize("path", sorted(SEED_DATA.rglob("*.yaml")), ids=lambda p: p.name)
def test_fast_and_careful_pass_agree_on_the_seed_data(path: Path) -> None:
    raw = path.read_bytes()
    fast, problems = load_yaml(path, raw=raw)
    assert problems == []
    assert fast._marks is None  # nothing located yet: loading recorded no positions
    _assert_same(raw)
    assert fast.values and fast.keys  # located on demand


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_TOKENS), max_size=40))
def test_fast_and_careful_pass_agree_on_token_soup(tokens: list[str]) -> None:
    _assert_same("".join(tokens).encode("utf-8", "surrogatepass"))


def test_text_with_an_ampersand_loads_like_any_other() -> None:
    data, problems = load("title: R&D nõunik\nitems: [a & b]\n")
    assert problems == []
    assert data == {"title": "R&D nõunik", "items": ["a & b"]}


def test_positions_come_from_the_parse_not_from_reading_the_file_again(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("id: a\nduties:\n  - number: '3.1'\n    task: T\n", encoding="utf-8")
    doc, problems = load_yaml(path, "x.yaml")
    assert problems == [] and doc._marks is None  # nothing recorded while loading
    path.unlink()
    with mock.patch.object(Path, "read_bytes", side_effect=AssertionError("read again")):
        problem = doc.problem(("duties", 0, "task"), "m")
    assert (problem.file, problem.line, problem.column, problem.key) == ("x.yaml", 4, 11, "duties[0].task")


def test_settle_keeps_the_positions_later_messages_name() -> None:
    text = "id: a\nunit: u\nsubstitutes_for:\n  - b\n  - c\nduties:\n  - number: '3.1'\n    task: T\n"
    doc, _ = load_yaml(Path("x.yaml"), raw=text.encode())
    doc.settle(LINKED_PATHS)
    assert doc._node is None  # the tree is let go
    assert doc.locate(("substitutes_for", 1)) == (5, 5)
    assert doc.locate(("unit",), key=True) == (2, 1)
    assert doc.locate(("duties", 0, "task")) == (1, 1)  # not named by a linked path: the start of the file


def test_nesting_at_the_limit_is_accepted() -> None:
    deep = "[" * MAX_DEPTH + "]" * MAX_DEPTH
    assert load(f"purpose: {deep}\n")[1] == []
    _assert_same(f"purpose: {deep}\n".encode())


def test_validated_data_is_not_kept() -> None:
    project = load_project(SEED_DATA)
    assert project.data.docs and all(doc.data is None for doc in project.data.docs.values())


@pytest.mark.parametrize("enabled", [True, False])
def test_loading_leaves_the_garbage_collector_as_it_found_it(enabled: bool) -> None:
    """load_dataset pauses the cyclic collector while it loads (see load._without_cycle_collection)."""
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        project = load_project(SEED_DATA)
        assert gc.isenabled() is enabled
        assert project.data.positions
    finally:
        (gc.enable if was else gc.disable)()
