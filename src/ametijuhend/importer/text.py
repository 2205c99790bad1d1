"""Repairing extracted text: line wrapping, hyphenation, bullets split by page breaks.

`items()` turns lines into list items (a bullet with its continuation lines,
or a paragraph); `join()` glues wrapped lines back into one sentence.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .source import Line

_SPACES = re.compile(r"\s+")
_CONJUNCTIONS = {"ja", "või", "ning", "ega", "kui", "and", "or"}
_END = re.compile(r"[.;:!?]$")


@dataclass
class Item:
    """A list item or paragraph rebuilt from one or more source lines."""

    text: str
    bullet: bool
    lines: list[int] = field(default_factory=list)
    """Source line numbers it was built from."""

    @property
    def first(self) -> int:
        return self.lines[0] if self.lines else 0


def clean(text: str) -> str:
    """Collapse runs of whitespace (PDF justification) and trim."""
    return _SPACES.sub(" ", text).strip()


def join(left: str, right: str) -> str:
    """Glue a wrapped line to the text before it, repairing hyphenation.

    `kommunikatsiooni-` + `tehnoloogiat` → one word; `1-` + `aastane` and
    `ja -` + `mööbel` keep their hyphen; `sotsiaal-` + `ja` keeps hyphen and space.
    """
    left, right = left.rstrip(), right.strip()
    if not left:
        return right
    if not right:
        return left
    if left.endswith("-") and len(left) >= 2:
        before = left[-2]
        first_word = right.split(" ", 1)[0].lower()
        if before.isspace() or before.isdigit():
            return left + right
        if first_word in _CONJUNCTIONS or not right[0].isalpha():
            return f"{left} {right}"
        if right[0].islower():
            return left[:-1] + right
        return left + right  # a capital after the hyphen: a real compound (`Euroopa-Eesti`)
    return f"{left} {right}"


def starts_lower(text: str) -> bool:
    for ch in text:
        if ch.isalpha():
            return ch.islower()
    return False


def starts_upper(text: str) -> bool:
    for ch in text:
        if ch.isalpha():
            return ch.isupper()
    return False


def items(
    lines: Iterable[Line],
    *,
    break_after_blank: bool = False,
    starts_item: Callable[[Line], bool] | None = None,
) -> list[Item]:
    """Group lines into items.

    A bullet line starts an item, except a lowercase one that continues a bullet
    cut off mid-sentence (a PDF wrap that repeated the glyph). A plain line
    continues the current item, unless it starts a paragraph (.docx), matches
    `starts_item`, or — with `break_after_blank`, used in the duty table where
    the extraction switches columns — follows a blank line and starts with a capital.
    """
    out: list[Item] = []
    gap = False
    for line in lines:
        if line.blank:
            gap = True
            continue
        current = out[-1] if out else None
        forced = starts_item is not None and starts_item(line)
        if line.bullet:
            continues = (current is not None and current.bullet and not forced and not line.paragraph
                         and starts_lower(line.text) and not _END.search(current.text))
            new = not continues
        else:
            new = (current is None or forced or line.paragraph
                   or (break_after_blank and gap and starts_upper(line.text)))
        if new or current is None:
            out.append(Item(clean(line.text), line.bullet, [line.no]))
        else:
            current.text = clean(join(current.text, line.text))
            current.lines.append(line.no)
        gap = False
    return out


def sentences(text: str) -> list[str]:
    """Split a paragraph into sentences at `. ` before a capital letter."""
    parts = re.split(r"(?<=[.!?])\s+(?=[A-ZÕÄÖÜŠŽ])", clean(text))
    return [p for p in parts if p]
