"""`ametijuhend export [ID…|--all] --format docx|pdf --out DIR`: the documents as files for signing.

Messages are for HR, in Estonian. Nothing is written when the data is invalid, an id is
unknown, the template is broken or a target exists without `--force`; each file is
written to a temporary name and renamed, so no half-written document is ever left.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from ..errors import summary
from ..messages import DEFAULT_LANG, Lang, text
from ..project import load_project
from .docx import TEMPLATE, TemplateError, write_docx
from .model import Document, document

FORMATS = ("docx", "pdf")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of `ametijuhend export`."""
    lang: Lang = getattr(parser, "lang", DEFAULT_LANG)  # the CLI's parser knows the language of messages
    parser.add_argument("ids", nargs="*", metavar="ID", help=text("export.ids", lang))
    parser.add_argument("--all", action="store_true", help=text("export.all", lang))
    parser.add_argument("--format", action="append", choices=FORMATS, metavar="docx|pdf",
                        help=text("export.format", lang))
    parser.add_argument("--out", type=Path, required=True, metavar="DIR", help=text("export.out", lang))
    parser.add_argument("--force", action="store_true", help=text("export.force", lang))
    parser.add_argument("--data", type=Path, default=None, metavar="DIR",
                        help=text("cli.data", lang, env="AMETIJUHENDID_DATA"))
    parser.add_argument("--template", type=Path, default=TEMPLATE, metavar="FILE",
                        help=text("export.template", lang))


def run(args: argparse.Namespace) -> int:
    """0 all written, 1 nothing written (bad data, existing files, broken template, a failure), 2 usage."""
    formats: list[str] = list(dict.fromkeys(args.format or ["docx"]))
    if bool(args.ids) == bool(args.all):
        return _fail("anna ametikohtade id-d või --all (mitte mõlemat)", 2)
    data = args.data or Path(os.environ.get("AMETIJUHENDID_DATA") or "positions")
    if not data.is_dir():
        return _fail(f"andmekausta {data} ei leitud (anna --data KAUST)", 2)
    project = load_project(data)
    if project.errors:
        for problem in project.errors:
            print(problem.format(), file=sys.stderr)
        return _fail(f"andmetes on vigu ({summary(project.problems)}); parandage need ja proovige uuesti")
    positions = project.links.positions
    unknown = [i for i in args.ids if i not in positions and i not in project.links.aliases]
    if unknown:
        return _fail("tundmatu ametikoht: " + ", ".join(unknown) + " (vt `ametijuhend validate`)", 2)
    ids = sorted(positions) if args.all else [project.links.aliases.get(i, i) for i in args.ids]
    targets = [(pid, fmt, args.out / f"{pid}.{fmt}") for pid in dict.fromkeys(ids) for fmt in formats]
    existing = [str(path) for _, _, path in targets if path.exists()]
    if existing and not args.force:
        return _fail("fail on juba olemas, ei kirjuta üle (kasutage --force): " + ", ".join(existing))
    writers = _writers(args.template, formats)
    if isinstance(writers, str):
        return _fail(writers)
    try:
        args.out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return _fail(f"kausta {args.out} ei saa luua ({exc.strerror or exc})")
    seconds = dict.fromkeys(formats, 0.0)
    for pid, fmt, path in targets:
        started = time.perf_counter()
        try:
            _atomic(path, partial(writers[fmt], document(positions[pid], project.links)))
        except TemplateError as exc:
            return _fail(str(exc))
        except Exception as exc:  # never a traceback for HR; the cause in one line
            return _fail(f"{path}: kirjutamine ei õnnestunud ({type(exc).__name__}: {exc})")
        seconds[fmt] += time.perf_counter() - started
    n = len(dict.fromkeys(ids))
    for fmt in formats:
        print(f"{fmt}: {n} dokument(i) kaustas {args.out}, keskmiselt {seconds[fmt] / n:.2f} s dokumendi kohta")
    return 0


def _writers(template: Path, formats: list[str]) -> dict[str, Callable[[Document, Path], None]] | str:
    out: dict[str, Callable[[Document, Path], None]] = {}
    if "docx" in formats:
        if not template.is_file():
            return f"malli {template} ei leitud"
        out["docx"] = lambda doc, path: write_docx(doc, path, template)
    if "pdf" in formats:
        from .pdf import write_pdf

        out["pdf"] = write_pdf
    return out


def _atomic(path: Path, write: Callable[[Path], None]) -> None:
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        write(tmp)
        umask = os.umask(0)
        os.umask(umask)
        tmp.chmod(0o666 & ~umask)  # mkstemp makes the file private; documents are ordinary files
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _fail(message: str, code: int = 1) -> int:
    print(f"ametijuhend export: {message}", file=sys.stderr)
    return code
