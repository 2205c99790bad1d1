"""Safe YAML loading that keeps line numbers and refuses YAML's surprises.

PyYAML's own loaders silently keep the last of duplicate keys, turn `no` into
False and `2024-01-04` into a date, and (unsafe ones) build Python objects.
Here the C parser only composes the node tree; this module builds plain data
from it, so that:

- every scalar is a string, except `null`/`~`/empty (None) and `true`/`false`;
  pydantic then parses dates and checks types against the schema;
- duplicate keys, tags (`!!python/object`, `!!binary` …), anchors/aliases
  (the cause of "billion laughs" bombs) and non-string keys are errors;
- every value and key keeps its line and column for error messages;
- text is NFC-normalised (a decomposed `õ` equals a composed one).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import yaml

from .errors import Problem, short

try:  # libyaml is ~15x faster than the pure-Python parser
    _Base: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Base = yaml.SafeLoader


class _Loader(_Base):  # type: ignore[misc,valid-type]
    """Resolves only null and true/false implicitly; everything else stays a string."""

    yaml_implicit_resolvers: ClassVar[dict] = {}


_Loader.add_implicit_resolver("tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), ["t", "f"])

_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"

Loc = tuple[str | int, ...]

MAX_DEPTH = 30
"""Deepest nesting accepted; the schema needs about eight levels. Guards the recursive walk."""

_SCHEMA_LINE = re.compile(r"^#\s*yaml-language-server:\s*\$schema=(\S+)")


@dataclass
class Mark:
    line: int
    """1-based line."""
    column: int
    """1-based column."""


@dataclass
class SourceDoc:
    """Plain data from one YAML file plus the position of every key and value."""

    path: Path
    display: str
    """Path as shown in messages (relative to the project when possible)."""
    data: Any = None
    values: dict[Loc, Mark] = field(default_factory=dict)
    keys: dict[Loc, Mark] = field(default_factory=dict)
    schema_ref: str | None = None
    """Target of the `# yaml-language-server: $schema=…` comment at the top of the file, if any."""

    def locate(self, loc: Loc, *, key: bool = False) -> Mark | None:
        """Mark of `loc`, or of its nearest ancestor that has one."""
        loc = tuple(loc)
        if key and loc in self.keys:
            return self.keys[loc]
        while True:
            if loc in self.values:
                return self.values[loc]
            if not loc:
                return None
            loc = loc[:-1]

    def problem(self, loc: Loc, message: str, *, key: bool = False, **kw: Any) -> Problem:
        mark = self.locate(loc, key=key)
        return Problem(
            file=self.display,
            line=mark.line if mark else None,
            column=mark.column if mark else None,
            key=format_loc(loc),
            message=message,
            **kw,
        )


def format_loc(loc: Loc) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


class _Stop(Exception):
    """Aborts the walk of one file after a structural problem (alias bomb)."""


def _mark(node: yaml.Node) -> Mark:
    return Mark(node.start_mark.line + 1, node.start_mark.column + 1)


def _decode(raw: bytes, doc: SourceDoc) -> tuple[str | None, list[Problem]]:
    if raw.startswith(b"\xef\xbb\xbf"):  # a BOM is harmless: accept it
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [
            Problem(
                doc.display, line, col, "", "the file is not valid UTF-8 text",
                found=f"byte 0x{raw[exc.start]:02x}",
                expected="UTF-8 encoded text",
                hint="save the file as UTF-8 (in most editors: File › Save with encoding › UTF-8)",
            )
        ]
    return unicodedata.normalize("NFC", text), []


def load_yaml(path: Path, display: str | None = None, raw: bytes | None = None) -> tuple[SourceDoc, list[Problem]]:
    """Read one YAML file. Returns the document and every problem found in it."""
    doc = SourceDoc(path=path, display=display or str(path))
    if raw is None:
        try:
            raw = path.read_bytes()
        except OSError as exc:
            return doc, [Problem(doc.display, None, None, "", f"cannot read the file: {exc.strerror}")]
    text, problems = _decode(raw, doc)
    if text is None:
        return doc, problems
    doc.schema_ref = _schema_ref(text)
    try:
        nodes = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = " ".join(s for s in (exc.context, exc.problem) if s)
        return doc, [
            Problem(
                doc.display,
                mark.line + 1 if mark else None,
                mark.column + 1 if mark else None,
                "",
                f"YAML syntax error: {what}",
                expected="valid YAML: `key: value` lines, lists with `- `, consistent indentation with spaces",
                hint=_syntax_hint(text, mark.line if mark else None),
            )
        ]
    except yaml.reader.ReaderError as exc:  # control characters: no problem_mark, only an offset
        return doc, [_reader_problem(exc, text, doc)]
    if len(nodes) > 1:
        return doc, [
            Problem(doc.display, _mark(nodes[1]).line, None, "", "the file holds more than one YAML document",
                    expected="one document per file", hint="remove the `---` separator and split the file")
        ]
    if not nodes or nodes[0] is None or (isinstance(nodes[0], yaml.ScalarNode) and nodes[0].tag == _NULL):
        return doc, [
            Problem(doc.display, 1, 1, "", "the file is empty", expected="a mapping of keys such as `id:`",
                    hint="write the position's keys (copy another position file as a start) or delete the file")
        ]
    seen: set[int] = set()
    try:
        doc.data = _build(nodes[0], (), doc, problems, seen)
    except _Stop:
        doc.data = None
    return doc, problems


def _syntax_hint(text: str, line: int | None) -> str:
    """The fix for a syntax error; libyaml's message does not say when a tab is to blame."""
    lines = text.split("\n")
    if line is not None and line < len(lines):
        current = lines[line]
        if "\t" in current[: len(current) - len(current.lstrip())]:
            return "indent with spaces: YAML does not allow tabs in indentation"
    return ("check the indentation and quoting on this line and the one above; "
            "text containing `: ` or starting with a special character must be quoted")


def _reader_problem(exc: yaml.reader.ReaderError, text: str, doc: SourceDoc) -> Problem:
    """A character YAML does not allow (a control character pasted from a PDF or Word), with its line."""
    # libyaml counts bytes of the UTF-8 text; the pure-Python reader counts characters
    pure = _Base is yaml.SafeLoader
    before = text[: exc.position] if pure else text.encode()[: exc.position].decode(errors="ignore")
    line = before.count("\n") + 1
    column = len(before) - (before.rfind("\n") + 1) + 1
    char = exc.character if isinstance(exc.character, int) else ord(exc.character)
    return Problem(doc.display, line, column, "", f"the file contains a character YAML does not allow (U+{char:04X})",
                   found=f"control character U+{char:04X}", expected="printable text, tabs and line breaks",
                   hint="delete the character; it is invisible in most editors (often pasted from a PDF or Word)")


def _schema_ref(text: str) -> str | None:
    """The editor schema named in the comment block that opens the file."""
    for line in text.splitlines():
        if not line.strip():
            continue
        if not line.startswith("#"):
            return None
        match = _SCHEMA_LINE.match(line)
        if match:
            return match.group(1)
    return None


def _build(node: yaml.Node, loc: Loc, doc: SourceDoc, problems: list[Problem], seen: set[int]) -> Any:
    if len(loc) > MAX_DEPTH:
        problems.append(doc.problem(loc[:MAX_DEPTH], f"values are nested more than {MAX_DEPTH} levels deep",
                                    expected="the structure of a position file (a few levels of indentation)",
                                    hint="check the indentation; remove the extra nesting"))
        raise _Stop
    if id(node) in seen:  # an alias is the anchored node itself: its mark is the anchor's, so name the key
        problems.append(doc.problem(loc, "anchors and aliases (`&name`, `*name`) are not allowed", key=True,
                                    expected="every value written out in full",
                                    hint="replace `*alias` with the text it stands for"))
        raise _Stop
    seen.add(id(node))
    doc.values[loc] = _mark(node)
    if isinstance(node, yaml.MappingNode):
        if node.tag != _MAP:
            problems.append(_tag_problem(node, loc, doc))
            return None
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != _STR:
                problems.append(doc.problem(loc, "a key must be plain text", found=short(key_node.value),
                                            expected="a key such as `title`"))
                continue
            key = key_node.value
            key_loc = (*loc, key)
            if key in out:
                first = doc.keys[key_loc]
                problems.append(
                    Problem(doc.display, _mark(key_node).line, _mark(key_node).column, format_loc(key_loc),
                            f"duplicate key `{key}` (first at line {first.line})",
                            expected="each key once per mapping",
                            hint="merge the two entries into one; YAML would silently keep only the last")
                )
                continue
            doc.keys[key_loc] = _mark(key_node)
            out[key] = _build(value_node, key_loc, doc, problems, seen)
        return out
    if isinstance(node, yaml.SequenceNode):
        if node.tag != _SEQ:
            problems.append(_tag_problem(node, loc, doc))
            return None
        return [_build(item, (*loc, i), doc, problems, seen) for i, item in enumerate(node.value)]
    # scalar
    if node.tag == _STR:
        return node.value
    if node.tag == _NULL:
        return None
    if node.tag == _BOOL:
        return node.value == "true"
    problems.append(_tag_problem(node, loc, doc))
    return None


def _tag_problem(node: yaml.Node, loc: Loc, doc: SourceDoc) -> Problem:
    tag = node.tag.replace("tag:yaml.org,2002:", "!!")
    return doc.problem(loc, f"YAML tags are not allowed (found `{tag}`)",
                       expected="plain text, lists and mappings",
                       hint="remove the `!…` tag in front of the value")
