"""`ametijuhend`: the command line for maintainers.

    ametijuhend validate [--data DIR] [--format text|json] [--quiet]
    ametijuhend schema [--check] [--out DIR]
    ametijuhend import ...      (ametijuhend.importer)
    ametijuhend generate ...    (ametijuhend.synthetic)
    ametijuhend export ...      (ametijuhend.document.export)
    ametijuhend pages --out DIR (ametijuhend.pages)

Exit status: 0 ok (warnings allowed), 1 invalid data or stale schemas, 2 usage.
The library never raises for bad data; this module only decides what the person sees.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType

from . import __version__
from .errors import errors_of, summary
from .project import load_project
from .schema import stale_schemas, write_schemas
from .settings import DATA_ENV, DEFAULT_DATA, env_value

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2

"""Environment variable naming the data folder (the same one the MkDocs hook reads)."""

PLUGINS: dict[str, tuple[str, str]] = {
    "import": ("ametijuhend.importer", "turn a legacy job description (txt, docx, pdf) into a draft position file"),
    "generate": ("ametijuhend.synthetic", "write a synthetic data folder (for tests and benchmarks)"),
    "export": ("ametijuhend.document.export", "write the official documents (DOCX, PDF) for signing"),
    "pages": ("ametijuhend.pages", "write every generated page to disk, for a site builder without the hook"),
}
"""Subcommands implemented elsewhere: name → (module, help). Each module provides
`add_arguments(parser)` and `run(args) -> int`. They are imported only when their
subcommand is used, so `validate` works without their heavy dependencies."""


def default_data_dir() -> Path:
    return Path(env_value(DATA_ENV) or DEFAULT_DATA)


def cmd_validate(args: argparse.Namespace) -> int:
    project = load_project(args.data)
    problems = project.problems
    shown = errors_of(problems) if args.quiet else problems
    if args.format == "json":
        report = {
            "data": str(args.data),
            "errors": len(project.errors),
            "warnings": len(project.warnings),
            "problems": [p.to_dict() for p in shown],
        }
        print(json.dumps(report, ensure_ascii=False, indent=2))
    elif shown or not args.quiet:
        for problem in shown:
            print(problem.format())
        print(summary(problems))  # counts hidden warnings too
    return EXIT_INVALID if project.errors else EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    out: Path = args.out
    if args.check:
        stale = stale_schemas(out)
        for path in stale:
            state = "out of date with src/ametijuhend/models.py" if path.exists() else "missing"
            print(f"{path}: {state}", file=sys.stderr)
        if stale:
            print(f"fix: run `ametijuhend schema --out {out}` and commit the result", file=sys.stderr)
            return EXIT_INVALID
        print(f"{out}: schemas up to date")
        return EXIT_OK
    changed = write_schemas(out)
    for path in changed:
        print(f"wrote {path}")
    if not changed:
        print(f"{out}: schemas up to date")
    return EXIT_OK


def _missing(message: str) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        print(f"ametijuhend {args.command}: {message}", file=sys.stderr)
        return EXIT_USAGE

    return run


def _load_plugin(module_name: str) -> ModuleType | str:
    """The module of a delegated subcommand, or why it cannot be used."""
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name and module_name.startswith(exc.name):
            return f"not available in this installation (module `{module_name}` is missing)"
        return f"needs the Python package `{exc.name}`: install the project with `pip install -e .`"
    if not (callable(getattr(module, "add_arguments", None)) and callable(getattr(module, "run", None))):
        return f"module `{module_name}` does not provide `add_arguments(parser)` and `run(args)`"
    return module


def _chosen_command(argv: Sequence[str]) -> str | None:
    return next((a for a in argv if not a.startswith("-")), None)


def build_parser(argv: Sequence[str] = ()) -> argparse.ArgumentParser:
    """The parser; a delegated subcommand's module is imported only when `argv` chooses it."""
    parser = argparse.ArgumentParser(
        prog="ametijuhend",
        description="Job descriptions (ametijuhendid) as data: check them, export their schema, import, generate.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("validate", help="check every position and catalogue file, report all problems",
                       description="Check every file of the data folder and print every problem with its "
                       "file:line:column, key, what was found, what was expected and the fix. "
                       "Exit status 0 when there are no errors (warnings allowed), 1 otherwise.")
    p.add_argument("--data", type=Path, default=default_data_dir(), metavar="DIR",
                   help=f"data folder (default: ${DATA_ENV} or `positions`)")
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    p.add_argument("--quiet", action="store_true", help="show errors only; print nothing when there are none")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("schema", help="write the JSON Schemas editors use (schema/*.schema.json)",
                       description="Write schema/{position,units,competencies,referenced-positions}.schema.json "
                       "from the models. With --check, write nothing and exit 1 if the files are out of date.")
    p.add_argument("--check", action="store_true", help="exit 1 if the files differ from the models")
    p.add_argument("--out", type=Path, default=Path("schema"), metavar="DIR",
                   help="folder of the schema files (default: schema)")
    p.set_defaults(func=cmd_schema)

    chosen = _chosen_command(argv)
    for name, (module_name, help_text) in PLUGINS.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        if name != chosen:
            continue
        plugin = _load_plugin(module_name)
        if isinstance(plugin, str):
            p.add_argument("rest", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
            p.set_defaults(func=_missing(plugin))
        else:
            plugin.add_arguments(p)
            p.set_defaults(func=plugin.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser(argv).parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
