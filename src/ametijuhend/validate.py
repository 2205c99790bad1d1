"""Stage 2: plain data → typed models, with every problem of a file in one pass.

pydantic does the checking; this module turns its errors into `Problem`s that
name the line, the key path, what was found, what was expected and the fix.
Rules that depend on the status of a position (stricter for positions in
force than for drafts) live here too. Rules across files live in `link`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import typing
from collections.abc import Iterator, Mapping
from enum import Enum
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from . import models
from .errors import Problem, Severity, short
from .models import MAX_TEXT, Position, Status
from .yamlio import Loc, SourceDoc

M = TypeVar("M", bound=BaseModel)

REQUIRED_IN_FORCE: tuple[str, ...] = (
    "title", "unit", "manager", "purpose", "duties", "rights", "responsibilities", "requirements", "amendment",
)
"""Fields a position in force (or repealed) must have. A draft may lack them (it is reported), and so may
a position whose source copy is incomplete (`incomplete_source`) when it declares them in `missing`."""

EXPECTED: tuple[str, ...] = (
    "approval", "approval.approver", "approval.order_number", "approval.date", "substituted_by", "substitutes_for",
    "requirements.education", "requirements.experience", "requirements.languages", "requirements.computer_skills",
    "competencies",
)
"""Fields that every complete description has; when absent they must be declared in `missing`."""


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
        close = difflib.get_close_matches(str(loc[-1]), allowed, n=1, cutoff=0.6)
        fix = f"did you mean `{close[0]}`?" if close else "remove the key or move it where it belongs"
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
        close = difflib.get_close_matches(str(err.get("input")), allowed, n=1, cutoff=0.6)
        return ("value not allowed", "one of " + ", ".join(f"`{a}`" for a in allowed),
                f"did you mean `{close[0]}`?" if close else None)
    if kind == "string_pattern_mismatch":
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
        return f"text longer than {MAX_TEXT:,} characters", f"at most {MAX_TEXT:,} characters", "shorten the text"
    if kind == "too_short":
        return "empty list", "at least one item", "add an item or remove the key"
    return err["msg"], None, None


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
        found = None if err["type"] in ("missing", "extra_forbidden") else short(err.get("input"))
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


def _is_absent(position: Position, dotted: str) -> bool:
    value: Any = position
    for part in dotted.split("."):
        if value is None:
            return True
        value = getattr(value, part)
    if isinstance(value, models.Competencies):
        return not (value.core or value.additional or value.knowledge)
    return value is None or value == []


def check_position(position: Position, doc: SourceDoc) -> list[Problem]:
    """Rules of one position file that need more than types."""
    problems: list[Problem] = []
    stem = doc.path.stem
    if stem != position.id:
        problems.append(doc.problem(("id",), "file name and id differ", found=f"`{stem}.yaml` with id `{position.id}`",
                                    expected=f"the file to be named `{position.id}.yaml`",
                                    hint="rename the file or fix the id (keep the old id in `aliases`)"))
    declared: set[str] = set(position.missing)
    name: str
    for name in sorted(declared):
        if not _is_absent(position, name):
            problems.append(doc.problem(("missing",), f"`{name}` is declared missing but has a value",
                                        hint=f"remove `{name}` from `missing`"))
    in_force = position.status is not Status.MUSTAND
    for name in REQUIRED_IN_FORCE:
        if not _is_absent(position, name):
            continue
        if in_force and not (position.incomplete_source and name in declared):  # lost with the source's page
            problems.append(doc.problem((name,), f"required key is missing for a position with status "
                                        f"`{position.status.value}`", expected=f"a value for `{name}`",
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
    numbers = [d.number for d in position.duties]
    for i, number in enumerate(numbers):
        if number in numbers[:i]:
            problems.append(doc.problem(("duties", i, "number"), f"duty number `{number}` is used twice",
                                        expected="each duty number once", hint="renumber the duties"))
    for group in ("core", "additional"):
        uses = getattr(position.competencies, group)
        ids = [u.competency for u in uses]
        for i, cid in enumerate(ids):
            if cid in ids[:i]:
                problems.append(doc.problem(("competencies", group, i, "competency"),
                                            f"competency `{cid}` is listed twice", hint="keep one entry"))
    return problems
