"""Importer of legacy job descriptions: .txt (PDF-extracted), .docx and .pdf → draft position YAML.

One module per stage:

- `source` (.txt, .docx) and `pdf` read a file into lines and tables that keep their
  source line numbers;
- `sections` splits them by heading (`headings`); `general`, `duties`, `requirements`
  and `parse` turn the sections into a position dict and track which lines were placed;
- `resolve` matches printed names (inflected positions, units, competencies) to ids of
  the data folder, or proposes catalogue entries;
- `write` renders the draft: YAML with comments, text not placed at the end.

`import_file` runs them for one file and returns a `FileReport`; the CLI
(`ametijuhend import`) calls `add_arguments` and `run`.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import logging
import os
import secrets
import sys
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Problem, errors_of, printable
from ..messages import DEFAULT_LANG, Lang, Msg
from ..messages import text as message_text  # `text` is the sub-module importer.text
from .parse import Parsed, make_id, parse
from .resolve import Catalogues
from .source import CONTROL, ReadError, one_line
from .worker import read_isolated
from .write import render

__all__ = ["FileReport", "add_arguments", "import_file", "run"]

log = logging.getLogger(__name__)

DEFAULT_OUT = Path("mustandid")
"""Where drafts go by default: never the published data folder (`positions/`)."""




@dataclass
class FileReport:
    """The outcome of importing one file."""

    source: Path
    output: Path | None = None
    status: str = "written"
    """`written`, `skipped` (the output exists) or `failed`; shown as the message `import.status.<status>`."""
    message: Msg | None = None
    sections: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    unresolved: list[Msg] = field(default_factory=list)
    unplaced: list[tuple[int, str]] = field(default_factory=list)
    personal: list[tuple[int, str]] = field(default_factory=list)
    """Lines left out as personal data: line number and the text with capitalised words cut to initials."""
    notes: list[Msg] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    """Validation problems of the draft on its own (errors mean an importer bug)."""

    @property
    def needs_attention(self) -> bool:
        return self.status == "failed" or bool(self.unplaced or self.personal or self.unresolved
                                                or errors_of(self.problems))

    def format(self, lang: Lang = DEFAULT_LANG) -> str:
        head = f"{printable(str(self.source))}: {message_text('import.status.' + self.status, lang)}"
        if self.output is not None:
            head += f" → {printable(str(self.output))}"
        lines = [head]
        if self.message is not None:
            lines.append(f"    {printable(self.message.text(lang))}")
        if self.status != "written":
            return "\n".join(lines)
        none = Msg("import.none")
        shown: list[Msg] = [Msg("import.sections", names=tuple(self.sections) or none),
                            Msg("import.missing", names=tuple(self.missing) or none)]
        # (a line of the source is shown cut to a screenful: a 2 MB line was echoed whole)
        shown += [Msg("import.unresolved", text=item) for item in self.unresolved]
        shown += [Msg("import.unplaced", line=no, text=one_line(line, 300)) for no, line in self.unplaced]
        shown += [Msg("import.personal", line=no, text=one_line(line, 300)) for no, line in self.personal]
        shown += [Msg("import.note", text=note) for note in self.notes]
        lines += [f"    {printable(message.text(lang))}" for message in shown]
        for problem in self.problems:
            lines.append("    " + problem.format(lang).replace("\n", "\n    "))
        return "\n".join(lines)


def source_label(path: Path) -> str:
    """`<folder>/<file>` of a source, for `source:` (maintainer-only) and for recognising a re-import.

    Control characters and line breaks of a file name become spaces, so the label is one line.
    """
    label = f"{path.parent.name}/{path.name}" if path.parent.name else path.name
    return " ".join(CONTROL.sub(" ", label).split())


def parse_file(path: Path, catalogues: Catalogues) -> Parsed:
    """Read (in a worker process with memory and time limits) and parse one file; no writing. Raises `ReadError`."""
    doc = read_isolated(path)
    return parse(doc, catalogues, source_label=source_label(path))


def import_file(path: Path, out_dir: Path, catalogues: Catalogues, today: dt.date | None = None,
                sources: dict[str, Path] | None = None) -> FileReport:
    """Import one file into `out_dir/<id>.yaml`; never overwrites an existing file.

    `sources` (from `source_index(out_dir)`, kept up to date here) saves reading the folder
    again for every file of a batch. Whatever goes wrong with one file is reported as its
    failure, in one line: a batch never stops and never shows a traceback.
    """
    report = FileReport(path)
    try:
        _import(path, out_dir, catalogues, today, sources, report)
    except ReadError as exc:
        report.status, report.message = "failed", exc.message
    except OSError as exc:
        report.status, report.output = "failed", None
        report.message = Msg("import.cannot_write", folder=str(out_dir), reason=str(exc.strerror or exc))
    except Exception as exc:  # an importer bug on a strange document must not stop a batch
        log.debug("import of %s failed", path, exc_info=True)
        report.status = "failed"
        report.message = Msg("import.crashed", error=f"{type(exc).__name__}: {one_line(str(exc))}")
    return report


def _import(path: Path, out_dir: Path, catalogues: Catalogues, today: dt.date | None,
            sources: dict[str, Path] | None, report: FileReport) -> None:
    parsed = parse_file(path, catalogues)
    report.sections, report.missing = parsed.sections, list(parsed.position.get("missing", []))
    report.unresolved, report.unplaced, report.notes = parsed.unresolved, parsed.unplaced, parsed.notes
    report.personal = parsed.personal
    if sources is None:
        sources = source_index(out_dir)
    target, earlier = choose_output(out_dir, parsed.position, sources)
    if earlier is not None:
        report.output, report.status = earlier, "skipped"
        report.message = Msg("import.already")
        return
    report.output = target
    if target.stem != parsed.position["id"]:
        report.notes.append(Msg("import.other_source", file=f"{parsed.position['id']}.yaml", id=target.stem))
        parsed.position["id"] = target.stem
    text = render(parsed, path.name, today or dt.date.today())
    report.problems = validate_text(text, report.output)
    out_dir.mkdir(parents=True, exist_ok=True)
    try:
        write_new(report.output, text)
        sources[str(parsed.position["source"])] = report.output
    except FileExistsError:
        report.status, report.message = "skipped", Msg("import.appeared")


def write_new(target: Path, text: str) -> None:
    """`text` as the new file `target`; FileExistsError when there is one (never overwritten, even in a race).

    Written to a hidden temporary file beside it first and then linked into place: a full disk or a killed run
    leaves no half-written draft, which a later run would take for the finished import of its source."""
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    # (made as `open` makes a file, with the umask's mode; mkstemp's would be the owner's only)
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        try:
            os.link(temporary, target)  # a link never replaces a file
        except FileExistsError:
            raise
        except OSError:  # a file system without hard links (FAT): written in place, never over a file
            with target.open("x", encoding="utf-8") as handle:
                handle.write(text)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


def source_index(out_dir: Path) -> dict[str, Path]:
    """`source` → file, for the position files already in `out_dir`."""
    index: dict[str, Path] = {}
    for path in sorted(out_dir.glob("*.yaml")) if out_dir.is_dir() else []:
        source = _source_of(path)
        if source:
            index.setdefault(source, path)
    return index


def choose_output(out_dir: Path, position: dict[str, object], sources: dict[str, Path]) -> tuple[Path, Path | None]:
    """Where to write the draft, and the earlier import of the same source if there is one.

    A file that names the same `source` is an earlier import (perhaps renamed by a maintainer
    since): the caller skips, so re-running a batch is safe. Otherwise `<id>.yaml`; when that
    holds another document (two posts with the same title in different units), the unit is
    added to the id, then a number.
    """
    earlier = sources.get(str(position.get("source")))
    if earlier is not None and earlier.exists():
        return earlier, earlier
    base = str(position["id"])
    unit = position.get("unit")
    candidates = [base, *([make_id(base, str(unit))] if unit else []), *(make_id(base, str(n)) for n in range(2, 1000))]
    path = next(out_dir / f"{c}.yaml" for c in candidates if not (out_dir / f"{c}.yaml").exists())
    return path, None


def _source_of(path: Path) -> str | None:
    """The `source:` of an existing position file, read as YAML (quoted, folded, escaped: as written).

    The safe loader of the data folder is used: no tags, no aliases, so a hostile file in the
    output folder cannot make this expensive.
    """
    from ..yamlio import load_yaml

    doc, _ = load_yaml(path, path.name)
    source = doc.data.get("source") if isinstance(doc.data, dict) else None
    return source if isinstance(source, str) else None


def validate_text(text: str, path: Path) -> list[Problem]:
    """Validate a draft on its own (schema and per-file rules), before it is written."""
    from ..models import Position
    from ..validate import check_position
    from ..validate import parse as parse_model
    from ..yamlio import load_yaml

    doc, problems = load_yaml(path, path.name, raw=text.encode("utf-8"))
    if doc.data is None:
        return problems
    position, more = parse_model(doc, Position)
    problems += more
    if position is not None:
        problems += check_position(position, doc)
    return problems


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of `ametijuhend import`."""
    lang: Lang = getattr(parser, "lang", DEFAULT_LANG)  # the CLI's parser knows the language of messages
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE", help=message_text("import.files", lang))
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, metavar="DIR",
                        help=message_text("import.out", lang, default=str(DEFAULT_OUT)))
    parser.add_argument("--data", type=Path, default=Path("positions"), metavar="DIR",
                        help=message_text("import.data", lang))


def run(args: argparse.Namespace) -> int:
    """Import every file; print one report per file and a summary. 0 ok, 1 a file failed or needs attention."""
    data_dir: Path = args.data
    out_dir: Path = args.out
    lang: Lang = getattr(args, "lang", DEFAULT_LANG)
    problem = out_problem(out_dir)
    if problem:
        print(f"--out {out_dir}: {problem.text(lang)}", file=sys.stderr)
        return 2
    if not data_dir.is_dir():
        print(message_text("import.no_data", lang, folder=str(data_dir)), file=sys.stderr)
    catalogues = Catalogues.load(data_dir if data_dir.is_dir() else None)
    reports: list[FileReport] = []
    files: list[Path] = list(args.files)
    progress = None
    if len(files) > 1:
        from tqdm import tqdm

        progress = tqdm(total=len(files), unit="file", file=sys.stderr, desc="import")
    sources = source_index(out_dir)
    for path in files:
        report = import_file(path, out_dir, catalogues, sources=sources)  # catches everything of one file
        reports.append(report)
        shown = report.format(lang)
        if progress is not None:
            progress.write(shown, file=sys.stdout)
            progress.update(1)
        else:
            print(shown)
    if progress is not None:
        progress.close()
    print(summary(reports, lang))
    return 1 if any(r.needs_attention for r in reports) else 0


def out_problem(out_dir: Path) -> Msg | None:
    """Why drafts cannot be written to `out_dir` (checked before the batch, without creating it), or None."""
    try:
        if out_dir.exists():
            if not out_dir.is_dir():
                return Msg("import.out_is_file")
            return None if os.access(out_dir, os.W_OK | os.X_OK) else Msg("import.out_not_writable")
        parent = out_dir.absolute().parent
        while not parent.exists():
            parent = parent.parent
        if not parent.is_dir():
            return Msg("import.out_parent_file", parent=str(parent))
        if not os.access(parent, os.W_OK | os.X_OK):
            return Msg("import.out_parent_locked", parent=str(parent))
    except OSError as exc:
        return Msg("import.out_unusable", reason=str(exc.strerror or exc))
    return None


def summary(reports: list[FileReport], lang: Lang = DEFAULT_LANG) -> str:
    written = sum(r.status == "written" for r in reports)
    skipped = sum(r.status == "skipped" for r in reports)
    failed = sum(r.status == "failed" for r in reports)
    attention = sum(r.needs_attention and r.status == "written" for r in reports)
    unplaced = sum(len(r.unplaced) for r in reports)
    personal = sum(len(r.personal) for r in reports)
    counts = message_text("import.summary", lang, files=len(reports), written=written, skipped=skipped, failed=failed,
                  attention=attention, unplaced=unplaced)
    return counts + (message_text("import.summary.personal", lang, personal=personal) if personal else "")
