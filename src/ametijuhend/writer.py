"""The one writer of data files: a model as YAML, laid out as the hand-written files are.

Used by the importer (draft positions) and the generator (synthetic data). Keys come in the
model's own field order (the order of `models.py`, which is the order of the document and of the
hand-written files); empty values are left out; a scalar is written plain only when YAML cannot
read it as anything else, otherwise as a JSON string (a valid double-quoted YAML scalar), so no
text can become YAML structure.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from pydantic import BaseModel

from .schema import header_line

_PLAIN = re.compile(r"[A-Za-zÀ-ž(][^:#\"'\n\t\\]*")
"""Text that reads as itself when written plain: starts with a letter or `(`, no `:`, `#`, quote,
backslash, tab or line break. Text starting with a digit is quoted (dates, numbers, "3.1")."""
_RESERVED = frozenset({"true", "false", "null", "~", "yes", "no", "on", "off", "y", "n"})


def scalar(value: object) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int | float):
        return json.dumps(value)
    text = str(value)
    if _PLAIN.fullmatch(text) and text == text.strip() and text.lower() not in _RESERVED:
        return text
    return json.dumps(text, ensure_ascii=False)


def _lines(value: Mapping[str, Any], indent: int = 0) -> Iterator[str]:
    pad = " " * indent
    for key, item in value.items():
        if item is None or item == [] or item == {}:
            continue
        if isinstance(item, Mapping):
            yield f"{pad}{key}:"
            yield from _lines(item, indent + 2)
        elif isinstance(item, list | tuple):
            yield f"{pad}{key}:"
            for element in item:
                if isinstance(element, Mapping):
                    lines = list(_lines(element, indent + 4))
                    if not lines:
                        yield f"{pad}  - {{}}"
                        continue
                    yield f"{pad}  - {lines[0].lstrip()}"
                    yield from lines[1:]
                else:
                    yield f"{pad}  - {scalar(element)}"
        else:
            yield f"{pad}{key}: {scalar(item)}"


def plain(value: BaseModel | Mapping[str, Any]) -> dict[str, Any]:
    """A model as the mapping its file holds: JSON types, the model's field order, and the fields that
    were given (a default that was written out, such as `digital: true`, stays written)."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", exclude_unset=True, exclude_none=True)
    return dict(value)


def dump(value: BaseModel | Mapping[str, Any]) -> str:
    """The YAML body of a data file."""
    return "\n".join(_lines(plain(value))) + "\n"


def data_file(schema: str, value: BaseModel | Mapping[str, Any], *, catalogue: bool,
              comments: Sequence[str] = ()) -> str:
    """A whole data file: the editor-schema line, comment lines (each given without `# `), the body."""
    head = [header_line(schema, catalogue=catalogue), *(comment_line(c) for c in comments)]
    return "\n".join(head) + "\n" + dump(value)


_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029\x85]")


def comment_line(text: str) -> str:
    """One YAML comment line; no character of `text` can end the comment."""
    return ("# " + " ".join(_CONTROL.sub(" ", text).split())).rstrip()
