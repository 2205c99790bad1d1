"""Safe YAML loading that keeps line numbers and refuses YAML's surprises.

PyYAML's own loaders silently keep the last of duplicate keys, turn `no` into
False and `2024-01-04` into a date, and (unsafe ones) build Python objects.
Here the C parser only composes the node tree; this module builds plain data
from it, so that:

- every scalar is a string, except `null`/`~`/empty (None) and `true`/`false`;
  pydantic then parses dates and checks types against the schema;
- duplicate keys, tags (`!!python/object`, `!!binary` …), anchors/aliases
  (the cause of "billion laughs" bombs) and non-string keys are errors;
- every key and value can be located by line and column for messages;
- text is NFC-normalised (a decomposed `õ` equals a composed one);
- control characters are errors, also when a double-quoted escape (`"\0"`) makes them.

One walker (`_walk`) builds the plain values from the parser's node tree. It records the line and
column of every key and value only when asked (its mark recorder): recording costs several times the
walk itself, and most files need no position. So loading walks without the recorder; when the walk
meets a problem, it walks the same tree again with the recorder, to report it. The tree stays in the
`SourceDoc` while its own checks run: a message then asks for positions and the recorder walks the tree
once (`SourceDoc.locate`). When the checks are done, `SourceDoc.settle` keeps the positions of the keys
that later messages can name (references between files) and lets the tree go. Positions always come
from the parse; the file is never read again.
"""

from __future__ import annotations

import contextlib
import functools
import re
import stat
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, NamedTuple

import yaml

from .errors import Problem, short
from .messages import MESSAGES, Msg

try:  # libyaml is ~15x faster than the pure-Python parser
    _Base: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Base = yaml.SafeLoader

_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_ScalarNode = yaml.ScalarNode
_SequenceNode = yaml.SequenceNode
_MappingNode = yaml.MappingNode


class _Loader(_Base):  # type: ignore[misc,valid-type]
    """Resolves only null and true/false implicitly; everything else stays a string."""

    yaml_implicit_resolvers: ClassVar[dict] = {}

    def resolve(self, kind: type, value: Any, implicit: Any) -> str:
        """Tag of an untagged node. The parser calls this for every node, so it is a few comparisons
        instead of PyYAML's regular-expression lookup (same outcome: no path resolvers here)."""
        if kind is _ScalarNode:
            if implicit[0]:  # plain, not quoted
                if value in _NULLS:
                    return _NULL
                if value == "true" or value == "false":
                    return _BOOL
            return _STR
        return _SEQ if kind is _SequenceNode else _MAP

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        """No path resolvers: nothing to track (called for every node)."""

    def ascend_resolver(self) -> None:
        """No path resolvers: nothing to track (called for every node)."""


Loc = tuple[str | int, ...]

MAX_DEPTH = 30
"""Deepest nesting accepted; the schema needs about eight levels. Guards the recursive walk."""
MAX_FILE_BYTES = 10_000_000
"""A data file larger than this is not read (a job description is some ten kilobytes; the largest text field
is 20,000 characters)."""

_SCHEMA_LINE = re.compile(r"^#\s*yaml-language-server:\s*\$schema=(\S+)")


class Mark(NamedTuple):
    line: int
    """1-based line."""
    column: int
    """1-based column."""


Marks = tuple[dict[Loc, Mark], dict[Loc, Mark]]
"""(values, keys): the line and column of each value and of each mapping key, by key path."""


@dataclass(eq=False)
class SourceDoc:
    """Plain data from one YAML file, and the line and column of its keys and values (see the module)."""

    path: Path
    display: str
    """Path as shown in messages (relative to the project when possible)."""
    data: Any = None
    """The plain values; `load` drops them once the models are built."""
    schema_ref: str | None = None
    """Target of the `# yaml-language-server: $schema=…` comment at the top of the file, if any."""
    _node: yaml.Node | None = field(default=None, repr=False)
    """The parsed node tree, until `settle`."""
    _marks: Marks | None = field(default=None, repr=False)
    """Positions recorded so far; all of them while `_node` is kept."""

    @property
    def values(self) -> dict[Loc, Mark]:
        """Line and column of every value (recorded from the node tree on first use)."""
        return self._located()[0]

    @property
    def keys(self) -> dict[Loc, Mark]:
        """Line and column of every mapping key."""
        return self._located()[1]

    def _located(self) -> Marks:
        if self._node is not None and (self._marks is None or not self._marks[0]):
            self._marks = ({}, {})
            with contextlib.suppress(_Stop):  # its problems were reported by the first walk
                _walk(self._node, (), 0, _Walker(self, [], set(), self._marks))
        if self._marks is None:
            self._marks = ({}, {})
        return self._marks

    def settle(self, paths: Sequence[Loc] | None = None) -> None:
        """Keep the positions that later messages can name and let the node tree go.

        `paths` are key paths, `*` standing for any key or list index, e.g. `("substituted_by", "*")`;
        None keeps every position. A later message about any other key is placed at its nearest ancestor
        that was kept.
        """
        node, self._node = self._node, None
        if node is None or (self._marks is not None and self._marks[0]):
            return  # nothing to keep from, or every position is recorded already
        if paths is None:
            self._node = node
            self._located()
            self._node = None
            return
        self._marks = ({}, {})
        _record(node, (), _trie(tuple(paths)), self._marks)

    def locate(self, loc: Loc, *, key: bool = False) -> Mark | None:
        """Mark of `loc`, or of its nearest ancestor that has one."""
        values, keys = self._located()
        loc = tuple(loc)
        if key and loc in keys:
            return keys[loc]
        while True:
            if loc in values:
                return values[loc]
            if not loc:
                return None
            loc = loc[:-1]

    def problem(self, loc: Loc, message: Msg, *, key: bool = False, **kw: Any) -> Problem:
        mark = self.locate(loc, key=key)
        return Problem(
            file=self.display,
            line=mark.line if mark else None,
            column=mark.column if mark else None,
            key=format_loc(loc),
            message=message,
            **kw,
        )


_Trie = dict[str | int, "_Trie"]


@functools.cache
def _trie(paths: tuple[Loc, ...]) -> _Trie:
    """The key paths as a tree of keys."""
    root: _Trie = {}
    for path in paths:
        branch = root
        for part in path:
            branch = branch.setdefault(part, {})
    return root


def _record(node: yaml.Node, loc: Loc, trie: _Trie, marks: Marks) -> None:
    """Record the positions of `node` and of the keys below it that `trie` names (`*`: any key or index;
    a key named outright follows its own branch)."""
    marks[0][loc] = Mark(node.start_mark.line + 1, node.start_mark.column + 1)
    if not trie:
        return
    if node.__class__ is _MappingNode:
        values, keys = marks
        anything = trie.get("*")
        for key_node, value_node in node.value:
            key = key_node.value
            branch = trie.get(key, anything)
            if branch is None or key_node.__class__ is not _ScalarNode:
                continue
            key_loc = (*loc, key)
            if key_loc in keys:
                continue  # the first of duplicate keys is the one kept
            keys[key_loc] = Mark(key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if branch:
                _record(value_node, key_loc, branch, marks)
            else:
                values[key_loc] = Mark(value_node.start_mark.line + 1, value_node.start_mark.column + 1)
    elif node.__class__ is _SequenceNode and "*" in trie:
        branch = trie["*"]
        for i, item in enumerate(node.value):
            _record(item, (*loc, i), branch, marks)


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
                doc.display, line, col, "", Msg("yaml.not_utf8"),
                found=Msg("yaml.not_utf8.found", byte=f"{raw[exc.start]:02x}"),
                expected=Msg("yaml.not_utf8.expected"), hint=Msg("yaml.not_utf8.fix"),
            )
        ]
    return unicodedata.normalize("NFC", text), []


def load_yaml(path: Path, display: str | None = None, raw: bytes | None = None) -> tuple[SourceDoc, list[Problem]]:
    """Read one YAML file. Returns the document and every problem found in it."""
    doc = SourceDoc(path=path, display=display or str(path))
    if raw is None:
        try:
            info = path.stat()
            if not stat.S_ISREG(info.st_mode):  # a named pipe would block the run for ever
                return doc, [Problem(doc.display, None, None, "", Msg("yaml.not_file"), hint=Msg("yaml.not_file.fix"))]
            if info.st_size > MAX_FILE_BYTES:
                size, limit = f"{info.st_size / 1e6:.0f}", f"{MAX_FILE_BYTES / 1e6:.0f}"
                return doc, [Problem(doc.display, None, None, "", Msg("yaml.too_large", size=size),
                                     expected=Msg("yaml.too_large.expected", limit=limit),
                                     hint=Msg("yaml.too_large.fix"))]
            raw = path.read_bytes()
        except OSError as exc:
            return doc, [Problem(doc.display, None, None, "", Msg("yaml.unreadable", reason=str(exc.strerror)))]
    text, problems = _decode(raw, doc)
    if text is None:
        return doc, problems
    doc.schema_ref = _schema_ref(text)
    try:
        nodes = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        return doc, [_syntax_problem(exc, text, doc)]
    except yaml.reader.ReaderError as exc:  # control characters: no problem_mark, only an offset
        return doc, [_reader_problem(exc, text, doc)]
    if len(nodes) > 1:
        return doc, [
            Problem(doc.display, _mark(nodes[1]).line, None, "", Msg("yaml.documents"),
                    expected=Msg("yaml.documents.expected"), hint=Msg("yaml.documents.fix"))
        ]
    if not nodes or nodes[0] is None or (isinstance(nodes[0], yaml.ScalarNode) and nodes[0].tag == _NULL):
        return doc, [
            Problem(doc.display, 1, 1, "", Msg("yaml.empty"), expected=Msg("yaml.empty.expected"),
                    hint=Msg("yaml.empty.fix"))
        ]
    doc._node = nodes[0]
    # no `&`, no anchor, hence no alias: the walk need not remember the nodes it has seen
    seen: set[int] | None = set() if "&" in text else None
    try:
        doc.data = _walk(nodes[0], None, 0, _Walker(doc, problems, seen, None))
    except _Unusual:  # walk again, recording positions, to report what it met
        doc._marks = ({}, {})
        try:
            doc.data = _walk(nodes[0], (), 0, _Walker(doc, problems, set(), doc._marks))
        except _Stop:
            doc.data = None
    return doc, problems


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Control characters other than tab and line feed. YAML refuses them written out, but a
double-quoted scalar can still make them with an escape (`"\0"`, `"\x1b"`)."""


class _Unusual(Exception):
    """The fast pass met something the careful pass must report."""


def _open_quote(text: str, before: yaml.Mark) -> yaml.Mark | None:
    """Where the last quoted text before `before` opened, if it runs over more than one line.

    An unclosed quote swallows the lines after it until the next quote character, and the parser gives
    up only later (at the end of the file, or at a line that no longer makes sense): the quote is the cause.
    """
    last = None
    with contextlib.suppress(yaml.YAMLError):
        for token in yaml.scan(text, Loader=_Loader):
            if token.start_mark.index >= before.index:
                break
            if isinstance(token, yaml.ScalarToken) and token.style in ('"', "'") \
                    and token.end_mark.line > token.start_mark.line:
                last = token.start_mark
    return last


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str, doc: SourceDoc) -> Problem:
    """A syntax error, reported where its cause is: an unclosed quote or bracket where it opened."""
    mark = exc.problem_mark or exc.context_mark
    what = _syntax_what(exc)
    hint = None
    opened = exc.context_mark if exc.context and exc.context.startswith(
        ("while scanning a quoted scalar", "while parsing a flow")) else None
    if opened is None and mark is not None:
        opened = _open_quote(text, mark)
    if opened is not None and mark is not None and opened.line < mark.line:
        line = text.split("\n", opened.line + 1)[opened.line]
        quote = line[opened.column] if opened.column < len(line) else ""
        what = Msg("yaml.syntax.noticed", what=what, line=mark.line + 1)
        if quote in "\"'":
            hint = Msg("yaml.syntax.close_quote", quote=quote)
        else:
            hint = Msg("yaml.syntax.close_bracket", bracket=quote)
        mark = opened
    return Problem(
        doc.display,
        mark.line + 1 if mark else None,
        mark.column + 1 if mark else None,
        "",
        Msg("yaml.syntax", what=what),
        expected=Msg("yaml.syntax.expected"),
        hint=hint or _syntax_hint(text, mark.line if mark else None),
    )


def _syntax_what(exc: yaml.MarkedYAMLError) -> Msg:
    """libyaml's description (`while scanning a quoted scalar` + `found unexpected end of stream`), each part
    from the message table; a wording the table lacks is quoted as the parser's own."""
    parts = [Msg(f"libyaml.{part}") if f"libyaml.{part}" in MESSAGES else Msg("yaml.syntax.parser", text=part)
             for part in (exc.context, exc.problem) if part]
    return Msg("yaml.syntax.context", context=parts[0], problem=parts[1]) if len(parts) == 2 else parts[0]


def _syntax_hint(text: str, line: int | None) -> Msg:
    """The fix for a syntax error; libyaml's message does not say when a tab is to blame."""
    lines = text.split("\n")
    if line is not None and line < len(lines):
        current = lines[line]
        if "\t" in current[: len(current) - len(current.lstrip())]:
            return Msg("yaml.syntax.tab")
    return Msg("yaml.syntax.fix")


def _reader_problem(exc: yaml.reader.ReaderError, text: str, doc: SourceDoc) -> Problem:
    """A character YAML does not allow (a control character pasted from a PDF or Word), with its line."""
    # libyaml counts bytes of the UTF-8 text; the pure-Python reader counts characters
    pure = _Base is yaml.SafeLoader
    before = text[: exc.position] if pure else text.encode()[: exc.position].decode(errors="ignore")
    line = before.count("\n") + 1
    column = len(before) - (before.rfind("\n") + 1) + 1
    char = exc.character if isinstance(exc.character, int) else ord(exc.character)
    code = f"{char:04X}"
    return Problem(doc.display, line, column, "", Msg("yaml.character", code=code),
                   found=Msg("yaml.character.found", code=code), expected=Msg("yaml.printable"),
                   hint=Msg("yaml.character.fix"))


def _schema_ref(text: str, head: int = 4096) -> str | None:
    """The editor schema named in the comment block that opens the file.

    Reads the first `head` characters (the comment block is short), more only when they do not settle it.
    """
    cut = len(text) > head
    lines = text[:head].splitlines()
    for line in lines[:-1] if cut else lines:  # the last line of a cut head may be cut too
        if not line.strip():
            continue
        if not line.startswith("#"):
            return None
        match = _SCHEMA_LINE.match(line)
        if match:
            return match.group(1)
    return _schema_ref(text, head * 16) if cut else None


@dataclass
class _Walker:
    doc: SourceDoc
    problems: list[Problem]
    seen: set[int] | None
    """Ids of the nodes walked, to refuse aliases (an alias is the anchored node again); None: no anchors."""
    marks: Marks | None
    """The mark recorder, or None: then nothing is located, and a problem raises `_Unusual`."""


def _walk(node: yaml.Node, loc: Loc | None, depth: int, w: _Walker) -> Any:
    """The plain value of `node`; `loc` is its key path when recording into `w.marks`, else None."""
    if depth > MAX_DEPTH:
        if loc is None:
            raise _Unusual
        w.problems.append(w.doc.problem(loc[:MAX_DEPTH], Msg("yaml.depth", depth=MAX_DEPTH),
                                        expected=Msg("yaml.depth.expected"), hint=Msg("yaml.depth.fix")))
        raise _Stop
    seen = w.seen
    if seen is not None:
        if id(node) in seen:  # an alias is the anchored node itself: its mark is the anchor's, so name the key
            if loc is None:
                raise _Unusual
            w.problems.append(w.doc.problem(loc, Msg("yaml.alias"), key=True, expected=Msg("yaml.alias.expected"),
                                            hint=Msg("yaml.alias.fix")))
            raise _Stop
        seen.add(id(node))
    marks = w.marks
    if loc is not None and marks is not None:
        marks[0][loc] = _mark(node)
    cls = node.__class__
    tag = node.tag
    if cls is _ScalarNode:
        if tag == _STR:
            if node.style == '"' and (control := _CONTROL.search(node.value)):  # type: ignore[attr-defined]
                return _unusual(w, loc, _control_problem(ord(control[0])))
            return node.value
        if tag == _NULL:
            return None
        if tag == _BOOL:
            return node.value == "true"
        return _unusual(w, loc, _tag_problem(node))
    if cls is _MappingNode and tag == _MAP:
        out: dict[str, Any] = {}
        depth += 1
        for key_node, value_node in node.value:
            if key_node.__class__ is not _ScalarNode or key_node.tag != _STR:
                _unusual(w, loc, (Msg("yaml.key_text"), short(key_node.value), Msg("yaml.key_text.expected"), None))
                continue
            key = key_node.value
            if loc is None or marks is None:
                if key in out:
                    raise _Unusual
                out[key] = _walk(value_node, None, depth, w)
                continue
            key_loc = (*loc, key)
            if key in out:
                first = marks[1][key_loc]
                w.problems.append(
                    Problem(w.doc.display, _mark(key_node).line, _mark(key_node).column, format_loc(key_loc),
                            Msg("yaml.duplicate_key", key=key, line=first.line),
                            expected=Msg("yaml.duplicate_key.expected"), hint=Msg("yaml.duplicate_key.fix")))
                continue
            marks[1][key_loc] = _mark(key_node)
            out[key] = _walk(value_node, key_loc, depth, w)
        return out
    if cls is _SequenceNode and tag == _SEQ:
        depth += 1
        if loc is None:
            return [_walk(item, None, depth, w) for item in node.value]
        return [_walk(item, (*loc, i), depth, w) for i, item in enumerate(node.value)]
    return _unusual(w, loc, _tag_problem(node))


_What = tuple[Msg, Msg | str | None, Msg | None, Msg | None]
"""A problem met by the walk: message, found, expected, fix."""


def _unusual(w: _Walker, loc: Loc | None, what: _What) -> None:
    """Report `what` at `loc` when recording; else ask for a recording walk."""
    if loc is None:
        raise _Unusual
    message, found, expected, hint = what
    w.problems.append(w.doc.problem(loc, message, found=found, expected=expected, hint=hint))


def _control_problem(char: int) -> _What:
    code = f"{char:04X}"
    return (Msg("yaml.escape", code=code), Msg("yaml.escape.found", code=code, byte=f"{char:02x}", code4=f"{char:04x}"),
            Msg("yaml.printable"), Msg("yaml.escape.fix"))


def _tag_problem(node: yaml.Node) -> _What:
    tag = node.tag.replace("tag:yaml.org,2002:", "!!")
    return (Msg("yaml.tag", tag=tag), None, Msg("yaml.tag.expected"), Msg("yaml.tag.fix"))
