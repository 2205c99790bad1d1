"""Stage 2: plain data → typed models, with every problem of a file in one pass.

pydantic does the checking; this module turns its errors into `Problem`s that
name the line, the key path, what was found, what was expected and the fix.
Rules that depend on the status of a position (stricter for positions in
force than for drafts) live here too. Rules across files live in `link`.
"""

from __future__ import annotations

import datetime as dt
import re
import typing
from collections.abc import Iterable, Iterator, Mapping
from enum import Enum
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from . import models
from .errors import Problem, Severity, Suggester, did_you_mean, short
from .models import EXPECTED, MAX_TEXT, REQUIRED_IN_FORCE, Position, Status, field_value, is_absent
from .yamlio import Loc, SourceDoc

M = TypeVar("M", bound=BaseModel)



def _all_field_names() -> set[str]:
    names: set[str] = set()
    for obj in vars(models).values():
        if isinstance(obj, type) and issubclass(obj, BaseModel) and obj.__module__ == models.__name__:
            names.update(obj.model_fields)
    return names


_FIELD_NAMES = _all_field_names()


def _model_at(model: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """The model class that owns the mapping at `loc` (for listing its keys)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)) or part not in current.model_fields:
            return None
        current = _inner_model(current.model_fields[part].annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _inner_model(annotation: Any) -> Any:
    for arg in (annotation, *typing.get_args(annotation)):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
        inner = typing.get_args(arg)
        for sub in inner:
            if isinstance(sub, type) and issubclass(sub, BaseModel):
                return sub
    return None


def _allowed_values(model: type[BaseModel], loc: Loc) -> list[str]:
    """The values an enum or literal field at `loc` accepts (also for items of a list field)."""
    while loc and isinstance(loc[-1], int):
        loc = loc[:-1]
    if not loc or not isinstance(loc[-1], str):
        return []
    owner = _model_at(model, loc[:-1])
    name = loc[-1]
    if owner is None or name not in owner.model_fields:
        return []
    for arg in _flatten(owner.model_fields[name].annotation):
        if isinstance(arg, type) and issubclass(arg, Enum):
            return [str(m.value) for m in arg]
        if typing.get_origin(arg) is typing.Literal:
            return [str(v) for v in typing.get_args(arg)]
    return []


def _flatten(annotation: Any) -> Iterator[Any]:
    yield annotation
    for arg in typing.get_args(annotation):
        yield from _flatten(arg)


def _describe(err: Mapping[str, Any], model: type[BaseModel]) -> tuple[str, str | None, str | None]:
    """(message, expected, fix) for one pydantic error."""
    kind = err["type"]
    loc = tuple(err["loc"])
    ctx = err.get("ctx") or {}
    if kind == "missing":
        return "required key is missing", f"a value for `{loc[-1]}`", f"add `{loc[-1]}:` here"
    if kind == "extra_forbidden":
        owner = _model_at(model, loc[:-1])
        allowed = sorted(owner.model_fields) if owner else sorted(_FIELD_NAMES)
        fix = did_you_mean(str(loc[-1]), allowed) or "remove the key or move it where it belongs"
        return f"unknown key `{loc[-1]}`", "one of " + ", ".join(f"`{a}`" for a in allowed), fix
    if kind in ("string_type", "str_type"):
        value = err.get("input")
        if value is None:
            return "empty value", "text", "fill it in, or remove the key or the empty `-` line"
        if isinstance(value, dict | list):
            return ("wrong type", "text on the same line as the key",
                    "write the text after `key: `; check the indentation of the lines below it")
        if isinstance(value, bool):
            return "wrong type", "text", f"quote it to keep it as text: `\"{str(value).lower()}\"`"
        return "wrong type", "text", "write the value as text"
    if kind in ("list_type", "tuple_type"):
        return "wrong type", "a list (lines starting with `- `)", "write each item on its own line starting with `- `"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        owner = _model_at(model, loc)
        keys = ", ".join(f"`{k}`" for k in owner.model_fields) if owner else "keys"
        return "wrong type", f"a mapping with keys {keys}", "write `key: value` lines indented under this key"
    if kind in ("bool_type", "bool_parsing"):
        return "wrong type", "`true` or `false`", "write `true` or `false` (not yes/no)"
    if kind.startswith("date"):
        return "not a valid date", "a date as YYYY-MM-DD, e.g. `2024-01-04`", _date_fix(err.get("input"))
    if kind in ("enum", "literal_error"):
        allowed = _allowed_values(model, loc)
        if not allowed:
            return "value not allowed", ctx.get("expected"), None
        return ("value not allowed", "one of " + ", ".join(f"`{a}`" for a in allowed),
                did_you_mean(str(err.get("input")), allowed))
    if kind == "string_pattern_mismatch":
        if ctx.get("pattern") == models.TEXT_PATTERN:
            return _text_fault(err.get("input"))
        if ctx.get("pattern") == models.ID_PATTERN:
            return ("not a valid id", "lowercase ASCII letters, digits and single hyphens, e.g. `noustaja-perelepitus`",
                    "write õ ä ö ü š ž as o a o u s z, spaces as `-`, no `/` or `..`")
        if loc and loc[-1] == "number":
            return "not a duty number", "a number such as `3.4` (no trailing dot)", None
        if loc and loc[-1] == "order_number":
            return ("not an order number", "the number as printed: letters, digits, `.`, `/`, `-`, e.g. `1-2/45`",
                    "write only the number, without `nr` or spaces")
        return "text not in the expected form", f"text matching `{ctx.get('pattern')}`", None
    if kind == "string_too_short":
        return ("empty text", "non-empty text",
                "fill it in or remove the key (and name it in `missing` if the source lacks it)")
    if kind == "string_too_long":
        limit = ctx.get("max_length", MAX_TEXT)
        return f"text longer than {limit:,} characters", f"at most {limit:,} characters", "shorten the text"
    if kind == "too_long":
        limit = ctx.get("max_length")
        return (f"too many items ({ctx.get('actual_length', 0):,})", f"at most {limit:,} items",
                "no job description has this many: look for pasted or repeated entries and remove them")
    if kind == "too_short":
        return "empty list", "at least one item", "add an item or remove the key"
    return err["msg"], None, None


_BIDI = re.compile(f"[{models.BIDI_CONTROLS}]")
_VISIBLE = re.compile(f"[^{models.BIDI_CONTROLS}{models.INVISIBLE}]")
_BIDI_NAMES = {"\u202a": "left-to-right embedding", "\u202b": "right-to-left embedding",
               "\u202c": "pop directional formatting", "\u202d": "left-to-right override",
               "\u202e": "right-to-left override", "\u2066": "left-to-right isolate",
               "\u2067": "right-to-left isolate", "\u2068": "first strong isolate",
               "\u2069": "pop directional isolate"}


def _text_fault(value: object) -> tuple[str, str | None, str | None]:
    """Why a text failed `models.TEXT_PATTERN`: nothing visible, or a direction control left open."""
    text = value if isinstance(value, str) else ""
    if not _VISIBLE.search(text):
        return ("text with only invisible characters", "visible text",
                "write the text, or remove the key (invisible characters such as zero-width spaces or soft "
                "hyphens do not count)")
    chars = ", ".join(f"U+{ord(c):04X} ({_BIDI_NAMES[c]})" for c in dict.fromkeys(_BIDI.findall(text)))
    return (f"text with a text-direction control that is not closed: {chars}",
            "text without direction controls (or each closed: U+202C after U+202A–U+202E, "
            "U+2069 after U+2066–U+2068)",
            "delete the invisible direction characters (often pasted with right-to-left text); "
            "left open, they reverse the text around them on the page")


_DMY = re.compile(r"^([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})$")


def _date_fix(value: object) -> str:
    """Estonian documents print dates as DD.MM.YYYY: offer the same date the other way round."""
    match = _DMY.match(value) if isinstance(value, str) else None
    if match:
        day, month, year = (int(g) for g in match.groups())
        try:
            return f"write `{dt.date(year, month, day).isoformat()}` (year-month-day)"
        except ValueError:
            pass
    return "write the date as year-month-day; check that the month (01–12) and the day exist"


def to_problems(exc: ValidationError, doc: SourceDoc, model: type[BaseModel]) -> list[Problem]:
    problems = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        message, expected, fix = _describe(err, model)
        found = None if err["type"] in ("missing", "extra_forbidden", "too_long") else short(err.get("input"))
        problems.append(doc.problem(loc, message, key=err["type"] == "extra_forbidden",
                                    found=found, expected=expected, hint=fix))
    return problems


def parse(doc: SourceDoc, model: type[M]) -> tuple[M | None, list[Problem]]:
    """Validate a loaded document against `model`."""
    if not isinstance(doc.data, dict):
        kind = "a list" if isinstance(doc.data, list) else short(doc.data)
        return None, [doc.problem((), "the file must hold a mapping", found=kind,
                                  expected="`key: value` lines at the top level (e.g. `id: ...`)")]
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        return None, to_problems(exc, doc, model)


Checked = Position | dict[str, Any]
"""A position to check: its model, or the plain mapping of a file whose model failed (then every value
may be of any type, and a value of the wrong type counts as not there: the schema problems name it)."""

_ID = re.compile(models.ID_PATTERN)
_MISSING_NAMES = frozenset(typing.get_args(models.MissingField))


value_at = field_value


def ids_in(values: Any) -> list[str | None]:
    """The items of a list of ids, None for any that is not an id (indexes kept)."""
    if not isinstance(values, list):
        return []
    return [v if isinstance(v, str) and _ID.match(v) else None for v in values]


def id_in(value: Any) -> str | None:
    return value if isinstance(value, str) and _ID.match(value) else None


_is_absent = is_absent


def check_position(position: Checked, doc: SourceDoc) -> list[Problem]:
    """Rules of one position file that need more than types (on a plain mapping: as far as its values allow)."""
    problems: list[Problem] = []
    stem = doc.path.stem
    pid = id_in(value_at(position, "id"))
    if pid and stem != pid:
        problems.append(doc.problem(("id",), "file name and id differ", found=f"`{stem}.yaml` with id `{pid}`",
                                    expected=f"the file to be named `{pid}.yaml`",
                                    hint="rename the file or fix the id (keep the old id in `aliases`)"))
    missing = value_at(position, "missing")
    declared: set[str] = ({m for m in missing if isinstance(m, str) and m in _MISSING_NAMES}
                          if isinstance(missing, list) else set())
    name: str
    for name in sorted(declared):
        if not _is_absent(position, name):
            problems.append(doc.problem(("missing",), f"`{name}` is declared missing but has a value",
                                        hint=f"remove `{name}` from `missing`"))
    status = value_at(position, "status")
    if isinstance(status, str) and status in frozenset(Status):
        problems += _check_completeness(position, Status(status), declared, doc)
    duties = value_at(position, "duties")
    duties = duties if isinstance(duties, list) else []
    for i in _repeated(value_at(d, "number") for d in duties):
        problems.append(doc.problem(("duties", i, "number"), f"duty number `{value_at(duties[i], 'number')}` is used "
                                    "twice", expected="each duty number once", hint="renumber the duties"))
    competencies = value_at(position, "competencies")
    for group in ("core", "additional"):
        uses = value_at(competencies, group) if competencies is not None else None
        uses = uses if isinstance(uses, list) else []
        for i in _repeated(id_in(value_at(u, "competency")) for u in uses):
            problems.append(doc.problem(("competencies", group, i, "competency"),
                                        f"competency `{value_at(uses[i], 'competency')}` is listed twice",
                                        hint="keep one entry"))
    return problems


def _check_completeness(position: Checked, status: Status, declared: set[str], doc: SourceDoc) -> list[Problem]:
    """Fields required of a position in force, and fields every complete description has."""
    problems: list[Problem] = []
    in_force = status is not Status.MUSTAND
    lost = not _is_absent(position, "incomplete_source")  # part of the source itself is lost (not a draft)
    for name in REQUIRED_IN_FORCE:
        if not _is_absent(position, name):
            continue
        if in_force and not (lost and name in declared):
            problems.append(doc.problem((name,), f"required key is missing for a position with status "
                                        f"`{status.value}`", expected=f"a value for `{name}`",
                                        hint="fill it in, or set `status: mustand` while the source lacks it"))
        elif name not in declared:
            problems.append(doc.problem((name,), "draft lacks this field and does not declare it",
                                        severity=Severity.WARNING,
                                        hint=f"fill it in, or add `{name}` to `missing` if the source lacks it"))
    for name in EXPECTED:
        parent = name.rsplit(".", 1)[0] if "." in name else None
        if parent and (_is_absent(position, parent) or parent in declared):
            continue
        if _is_absent(position, name) and name not in declared:
            problems.append(doc.problem(tuple(name.split(".")), "field is empty and not declared missing",
                                        severity=Severity.WARNING,
                                        hint=f"fill it in, or add `{name}` to `missing` if the source lacks it"))
    printed = position.printed if isinstance(position, Position) else position.get("printed")
    for name in ("unit", "manager", "substituted_by", "substitutes_for"):
        given = getattr(printed, name, None) if not isinstance(printed, dict) else printed.get(name)
        if given and _is_absent(position, name):
            problems.append(doc.problem(("printed", name), f"printed wording of `{name}` without `{name}` itself",
                                        severity=Severity.WARNING, expected=f"the ids in `{name}`",
                                        hint=f"fill in `{name}` (ids), or remove `printed.{name}`"))
    return problems


def check_failed_position(doc: SourceDoc, schema_problems: list[Problem]) -> list[Problem]:
    """The rules of `check_position` on the plain mapping of a file whose model failed, so that one run
    shows every problem. Leaves out what the schema problems already cover: their keys, and a key that is
    missing only because it is misspelled (`titel` for `title`: the unknown-key problem says so)."""
    if not isinstance(doc.data, dict):
        return []
    covered = {p.key for p in schema_problems}
    misspelt = {p.key.rsplit(".", 1)[-1] for p in schema_problems if p.message.startswith("unknown key")}
    field_names = Suggester(_FIELD_NAMES)
    meant = {name for key in misspelt for name in field_names.closest(key)}
    return [p for p in check_position(doc.data, doc)
            if p.key not in covered and not (p.key.rsplit(".", 1)[-1] in meant and "missing" in p.message)]


def _repeated(values: Iterable[Any]) -> Iterator[int]:
    """Indexes of the texts that occurred before (each later occurrence once); other values are skipped."""
    seen: set[str] = set()
    for i, value in enumerate(values):
        if not isinstance(value, str):
            continue
        if value in seen:
            yield i
        seen.add(value)
