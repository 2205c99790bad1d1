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
from .messages import Count, Msg
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


def _belongs_under(owner: type[BaseModel] | None, key: str) -> Msg | None:
    """The fix of a key written one level too high: the key of a mapping of `owner` that has it (`effective_from`
    beside `approval:` belongs under it); None when no such mapping has it."""
    if owner is None:
        return None
    parents = [name for name, info in owner.model_fields.items()
               if (inner := _inner_model(info.annotation)) is not None and key in inner.model_fields]
    return Msg("schema.key_belongs_under", key=key, parent=parents[0]) if len(parents) == 1 else None


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


def _one_of(values: Iterable[str]) -> Msg:
    return Msg("expected.one_of", choices=tuple(f"`{v}`" for v in values))


def _describe(err: Mapping[str, Any], model: type[BaseModel]) -> tuple[Msg, Msg | None, Msg | None]:
    """(message, expected, fix) for one pydantic error: every error type maps to the message table,
    never to pydantic's own (English) text."""
    kind = err["type"]
    loc = tuple(err["loc"])
    ctx = err.get("ctx") or {}
    if kind == "missing":
        return Msg("schema.missing"), Msg("expected.value_for", key=str(loc[-1])), Msg("schema.missing.fix",
                                                                                          key=str(loc[-1]))
    if kind == "extra_forbidden":
        owner = _model_at(model, loc[:-1])
        allowed = sorted(owner.model_fields) if owner else sorted(_FIELD_NAMES)
        fix = did_you_mean(str(loc[-1]), allowed) or _belongs_under(owner, str(loc[-1])) \
            or Msg("schema.unknown_key.fix")
        return Msg("schema.unknown_key", key=str(loc[-1])), _one_of(allowed), fix
    if kind in ("string_type", "str_type"):
        value = err.get("input")
        if value is None:
            return Msg("schema.empty_value"), Msg("expected.text"), Msg("schema.empty_value.fix")
        if isinstance(value, dict | list):
            return Msg("schema.wrong_type"), Msg("schema.text_on_key_line"), Msg("schema.text_on_key_line.fix")
        if isinstance(value, bool):
            return Msg("schema.wrong_type"), Msg("expected.text"), Msg("schema.quote_bool.fix",
                                                                        value=str(value).lower())
        return Msg("schema.wrong_type"), Msg("expected.text"), Msg("schema.as_text.fix")
    if kind in ("list_type", "tuple_type"):
        return Msg("schema.wrong_type"), Msg("schema.list"), Msg("schema.list.fix")
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        owner = _model_at(model, loc)
        keys = Msg("schema.mapping", keys=tuple(f"`{k}`" for k in owner.model_fields)) if owner \
            else Msg("schema.mapping_any")
        return Msg("schema.wrong_type"), keys, Msg("schema.mapping.fix")
    if kind in ("bool_type", "bool_parsing"):
        return Msg("schema.wrong_type"), Msg("schema.bool"), Msg("schema.bool.fix")
    if kind.startswith("date"):
        return Msg("schema.date"), Msg("schema.date.expected"), _date_fix(err.get("input"))
    if kind in ("enum", "literal_error"):
        allowed = _allowed_values(model, loc)
        if not allowed:
            return Msg("schema.not_allowed"), None, None
        return Msg("schema.not_allowed"), _one_of(allowed), did_you_mean(str(err.get("input")), allowed)
    if kind == "string_pattern_mismatch":
        if ctx.get("pattern") == models.TEXT_PATTERN:
            return _text_fault(err.get("input"))
        if ctx.get("pattern") == models.ID_PATTERN:
            return Msg("schema.id"), Msg("schema.id.expected"), Msg("schema.id.fix")
        if loc and loc[-1] == "number":
            return Msg("schema.duty_number"), Msg("schema.duty_number.expected"), None
        if loc and loc[-1] == "order_number":
            return Msg("schema.order_number"), Msg("schema.order_number.expected"), Msg("schema.order_number.fix")
        return Msg("schema.pattern"), Msg("schema.pattern.expected", pattern=str(ctx.get("pattern"))), None
    if kind == "string_too_short":
        return Msg("schema.empty_text"), Msg("schema.empty_text.expected"), Msg("schema.empty_text.fix")
    if kind == "string_too_long":
        limit = Count(ctx.get("max_length", MAX_TEXT))
        return (Msg("schema.too_long", limit=limit), Msg("schema.too_long.expected", limit=limit),
                Msg("schema.too_long.fix"))
    if kind == "too_long":
        limit = Count(ctx.get("max_length") or 0)
        return (Msg("schema.too_many", count=Count(ctx.get("actual_length") or 0)),
                Msg("schema.too_many.expected", limit=limit), Msg("schema.too_many.fix"))
    if kind == "too_short":
        return Msg("schema.empty_list"), Msg("schema.empty_list.expected"), Msg("schema.empty_list.fix")
    if kind == "signed_original":
        return Msg("schema.signed_original"), Msg("schema.signed_original.expected"), None
    return Msg("schema.invalid", check=str(kind)), None, None


_BIDI = re.compile(f"[{models.BIDI_CONTROLS}]")
_VISIBLE = re.compile(f"[^{models.BIDI_CONTROLS}{models.INVISIBLE}]")
_BIDI_NAMES = {"\u202a": "bidi.lre", "\u202b": "bidi.rle", "\u202c": "bidi.pdf", "\u202d": "bidi.lro",
               "\u202e": "bidi.rlo", "\u2066": "bidi.lri", "\u2067": "bidi.rli", "\u2068": "bidi.fsi",
               "\u2069": "bidi.pdi"}


def _text_fault(value: object) -> tuple[Msg, Msg | None, Msg | None]:
    """Why a text failed `models.TEXT_PATTERN`: nothing visible, or a direction control left open."""
    text = value if isinstance(value, str) else ""
    if not _VISIBLE.search(text):
        return Msg("schema.invisible"), Msg("schema.invisible.expected"), Msg("schema.invisible.fix")
    chars = tuple(Msg("schema.bidi.char", code=f"{ord(c):04X}", name=Msg(_BIDI_NAMES[c]))
                  for c in dict.fromkeys(_BIDI.findall(text)))
    return Msg("schema.bidi", chars=chars), Msg("schema.bidi.expected"), Msg("schema.bidi.fix")


_DMY = re.compile(r"^([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})$")


def _date_fix(value: object) -> Msg:
    """Estonian documents print dates as DD.MM.YYYY: offer the same date the other way round."""
    match = _DMY.match(value) if isinstance(value, str) else None
    if match:
        day, month, year = (int(g) for g in match.groups())
        try:
            return Msg("schema.date.swap", date=dt.date(year, month, day).isoformat())
        except ValueError:
            pass
    return Msg("schema.date.fix")


MAX_SCHEMA_PROBLEMS = 200
"""Schema problems reported of one file; the rest are counted. A real file has a handful; a hostile one of a few
megabytes had 500,000 unknown keys, whose report took 2.3 GB and three minutes (and every one a suggestion)."""


def to_problems(exc: ValidationError, doc: SourceDoc, model: type[BaseModel]) -> list[Problem]:
    problems = []
    errors = exc.errors(include_url=False)
    if len(errors) > MAX_SCHEMA_PROBLEMS:
        problems.append(doc.problem((), Msg("schema.more", count=len(errors) - MAX_SCHEMA_PROBLEMS,
                                            shown=MAX_SCHEMA_PROBLEMS), hint=Msg("schema.more.fix")))
        del errors[MAX_SCHEMA_PROBLEMS:]
    for err in errors:
        loc = tuple(err["loc"])
        message, expected, fix = _describe(err, model)
        found = None if err["type"] in ("missing", "extra_forbidden", "too_long") else short(err.get("input"))
        problems.append(doc.problem(loc, message, key=err["type"] == "extra_forbidden",
                                    found=found, expected=expected, hint=fix))
    return problems


def parse(doc: SourceDoc, model: type[M]) -> tuple[M | None, list[Problem]]:
    """Validate a loaded document against `model`."""
    if not isinstance(doc.data, dict):
        kind = Msg("schema.not_mapping.list") if isinstance(doc.data, list) else short(doc.data)
        return None, [doc.problem((), Msg("schema.not_mapping"), found=kind,
                                  expected=Msg("schema.not_mapping.expected"))]
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
        problems.append(doc.problem(("id",), Msg("position.file_name"),
                                    found=Msg("position.file_name.found", file=f"{stem}.yaml", id=pid),
                                    expected=Msg("position.file_name.expected", file=f"{pid}.yaml"),
                                    hint=Msg("position.file_name.fix")))
    missing = value_at(position, "missing")
    declared: set[str] = ({m for m in missing if isinstance(m, str) and m in _MISSING_NAMES}
                          if isinstance(missing, list) else set())
    name: str
    for name in sorted(declared):
        if not _is_absent(position, name):
            problems.append(doc.problem(("missing",), Msg("position.declared_missing", key=name),
                                        hint=Msg("position.declared_missing.fix", key=name)))
    problems += _check_effective(position, doc)
    status = value_at(position, "status")
    if isinstance(status, str) and status in frozenset(Status):
        problems += _check_completeness(position, Status(status), declared, doc)
    duties = value_at(position, "duties")
    duties = duties if isinstance(duties, list) else []
    for i in _repeated(value_at(d, "number") for d in duties):
        problems.append(doc.problem(("duties", i, "number"),
                                    Msg("position.duty_twice", number=str(value_at(duties[i], "number"))),
                                    expected=Msg("position.duty_twice.expected"), hint=Msg("position.duty_twice.fix")))
    competencies = value_at(position, "competencies")
    for group in ("core", "additional"):
        uses = value_at(competencies, group) if competencies is not None else None
        uses = uses if isinstance(uses, list) else []
        for i in _repeated(id_in(value_at(u, "competency")) for u in uses):
            problems.append(doc.problem(("competencies", group, i, "competency"),
                                        Msg("position.competency_twice", id=str(value_at(uses[i], "competency"))),
                                        hint=Msg("hint.keep_one")))
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
            problems.append(doc.problem((name,), Msg("position.required", status=status.value),
                                        expected=Msg("expected.value_for", key=name),
                                        hint=Msg("position.required.fix")))
        elif name not in declared:
            problems.append(doc.problem((name,), Msg("position.draft_lacks"), severity=Severity.WARNING,
                                        hint=Msg("position.fill_or_declare", key=name)))
    for name in EXPECTED:
        parent = name.rsplit(".", 1)[0] if "." in name else None
        if parent and (_is_absent(position, parent) or parent in declared):
            continue
        if _is_absent(position, name) and name not in declared:
            if name == "approval.date" and _date_of(value_at(value_at(position, "approval"), "effective_from")):
                # the date of taking effect is given: the warning says what the order's date is needed for
                problems.append(doc.problem(("approval", "effective_from"), Msg("position.effective_without_order"),
                                            severity=Severity.WARNING,
                                            expected=Msg("position.effective_without_order.expected"),
                                            hint=Msg("position.effective_without_order.fix")))
                continue
            problems.append(doc.problem(tuple(name.split(".")), Msg("position.empty"), severity=Severity.WARNING,
                                        hint=Msg("position.fill_or_declare", key=name)))
    printed = position.printed if isinstance(position, Position) else position.get("printed")
    for name in ("unit", "manager", "substituted_by", "substitutes_for"):
        given = getattr(printed, name, None) if not isinstance(printed, dict) else printed.get(name)
        if given and _is_absent(position, name):
            problems.append(doc.problem(("printed", name), Msg("position.printed_alone", key=name),
                                        severity=Severity.WARNING,
                                        expected=Msg("position.printed_alone.expected", key=name),
                                        hint=Msg("position.printed_alone.fix", key=name)))
    return problems


def _date_of(value: Any) -> dt.date | None:
    """A date of a model (a `date`) or of a plain mapping (`YYYY-MM-DD` text); None for anything else."""
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value) if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value) else None
        except ValueError:
            return None
    return None


def _check_effective(position: Checked, doc: SourceDoc) -> list[Problem]:
    """A version cannot take effect before its order was given (`approval.effective_from` ≥ `approval.date`).
    An effective date without the order's date is a warning of `_check_completeness`, as the approval's
    other fields are."""
    approval = value_at(position, "approval")
    given = approval.model_fields_set if isinstance(approval, BaseModel) else approval if isinstance(approval, dict) \
        else ()
    if "effective_from" in given and value_at(approval, "effective_from") is None:
        # an empty day would put the new order in force at once: the order says when, the file must too
        return [doc.problem(("approval", "effective_from"), Msg("position.effective_empty"),
                            expected=Msg("schema.date.expected"), hint=Msg("position.effective_empty.fix"))]
    effective, date = _date_of(value_at(approval, "effective_from")), _date_of(value_at(approval, "date"))
    if effective is None or date is None or effective >= date:
        return []
    return [doc.problem(("approval", "effective_from"), Msg("position.effective_before_order"),
                        found=Msg("position.effective_before_order.found", effective=effective.isoformat(),
                                  date=date.isoformat()),
                        expected=Msg("position.effective_before_order.expected", date=date.isoformat()),
                        hint=Msg("position.effective_before_order.fix"))]


def check_failed_position(doc: SourceDoc, schema_problems: list[Problem]) -> list[Problem]:
    """The rules of `check_position` on the plain mapping of a file whose model failed, so that one run
    shows every problem. Leaves out what the schema problems already cover: their keys, and a key that is
    missing only because it is misspelled (`titel` for `title`: the unknown-key problem says so)."""
    if not isinstance(doc.data, dict):
        return []
    covered = {p.key for p in schema_problems}
    misspelt = {p.key.rsplit(".", 1)[-1] for p in schema_problems if p.message.key == "schema.unknown_key"}
    field_names = Suggester(_FIELD_NAMES)
    meant = {name for key in misspelt for name in field_names.closest(key)}
    return [p for p in check_position(doc.data, doc)
            if p.key not in covered and not (p.key.rsplit(".", 1)[-1] in meant and p.message.key in _ABSENT)]


_ABSENT = frozenset({"position.required", "position.empty", "position.declared_missing"})
"""Messages about a key that is not there (or declared so): wrong when the key is only misspelt."""


def _repeated(values: Iterable[Any]) -> Iterator[int]:
    """Indexes of the texts that occurred before (each later occurrence once); other values are skipped."""
    seen: set[str] = set()
    for i, value in enumerate(values):
        if not isinstance(value, str):
            continue
        if value in seen:
            yield i
        seen.add(value)
