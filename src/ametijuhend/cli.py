"""`ametijuhend`: the command line for maintainers.

    ametijuhend [--lang et|en] validate [--data DIR] [--format text|json] [--quiet]
    ametijuhend schema [--check] [--out DIR]
    ametijuhend import ...      (ametijuhend.importer)
    ametijuhend generate ...    (ametijuhend.synthetic)
    ametijuhend export ...      (ametijuhend.document.export)
    ametijuhend pages --out DIR (ametijuhend.pages)

Exit status: 0 ok (warnings allowed), 1 invalid data or stale schemas, 2 usage.
The library never raises for bad data; this module only decides what the person sees, and in which
language: Estonian by default, English with `--lang en`, AMETIJUHENDID_LANG=en or an English locale
(`settings.message_language`). argparse's help and errors speak the same language (`Parser`).
"""

from __future__ import annotations

import argparse
import importlib
import json
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any, NoReturn

from . import __version__
from .errors import errors_of, summary
from .messages import DEFAULT_LANG, LANGS, Lang, Msg, text
from .project import load_project
from .schema import stale_schemas, write_schemas
from .settings import DATA_ENV, DEFAULT_DATA, LANG_ENV, SettingsError, env_value, message_language

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2

PLUGINS: dict[str, tuple[str, str]] = {
    "import": ("ametijuhend.importer", "cli.import"),
    "generate": ("ametijuhend.synthetic", "cli.generate"),
    "export": ("ametijuhend.document.export", "cli.export"),
    "pages": ("ametijuhend.pages", "cli.pages"),
}
"""Subcommands implemented elsewhere: name → (module, key of its help in the message table). Each module
provides `add_arguments(parser)` and `run(args) -> int` (`parser.lang` and `args.lang` are the language of
messages). They are imported only when their subcommand is used, so `validate` works without their heavy
dependencies."""


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's help layout with the `usage:` prefix in the parser's language."""

    lang: Lang = DEFAULT_LANG

    def add_usage(self, usage: str | None, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, text("cli.usage", self.lang) if prefix is None else prefix)


_FORMATTERS = {lang: type(f"HelpFormatter_{lang}", (_HelpFormatter,), {"lang": lang}) for lang in LANGS}

_ARGPARSE_ERRORS = [(re.compile(pattern), key) for pattern, key in (
    (r"^the following arguments are required: (?P<names>.+)$", "argparse.required"),
    (r"^argument (?P<name>.+?): invalid choice: (?P<value>.+?) \(choose from (?P<choices>.+)\)$", "argparse.choice"),
    (r"^unrecognized arguments: (?P<names>.+)$", "argparse.unrecognized"),
    (r"^argument (?P<name>.+?): expected one argument$", "argparse.expected_one"),
    (r"^argument (?P<name>.+?): expected at least one argument$", "argparse.expected_some"),
    (r"^argument (?P<name>.+?): invalid (?P<type>\S+) value: (?P<value>.+)$", "argparse.invalid_value"),
    (r"^argument (?P<name>.+?): not allowed with argument (?P<other>.+)$", "argparse.not_allowed"),
    (r"^one of the arguments (?P<names>.+) is required$", "argparse.one_required"),
    (r"^ambiguous option: (?P<option>\S+) could match (?P<matches>.+)$", "argparse.ambiguous"),
)]
"""argparse's own error messages (English, from its source) → the message table."""


def argparse_message(message: str) -> Msg:
    """One of argparse's error messages as a message of the table (its wording if not recognised)."""
    for pattern, key in _ARGPARSE_ERRORS:
        match = pattern.match(message)
        if match:
            return Msg(key, **match.groupdict())
    return Msg("argparse.other", text=message)


class Parser(argparse.ArgumentParser):
    """argparse in the language of messages: help, `usage:`, section titles and argparse's own errors.

    Uses argparse's public interface only: the help option is added here (`add_help=False`), arguments go
    into argument groups with translated titles, and `error` prints a translated message (exit status 2).
    """

    def __init__(self, *args: Any, lang: Lang = DEFAULT_LANG, **kwargs: Any) -> None:
        kwargs["formatter_class"] = _FORMATTERS[lang]
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self.lang: Lang = lang
        self._aj_arguments = self.add_argument_group(text("cli.positionals", lang))
        self._aj_options = self.add_argument_group(text("cli.options", lang))
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help=text("cli.help", lang))

    def add_argument(self, *args: Any, **kwargs: Any) -> argparse.Action:
        optional = bool(args) and all(a[:1] in self.prefix_chars for a in args)
        return (self._aj_options if optional else self._aj_arguments).add_argument(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, text("cli.error", self.lang, prog=self.prog,
                                   message=argparse_message(message)) + "\n")


def default_data_dir() -> Path:
    return Path(env_value(DATA_ENV) or DEFAULT_DATA)


def cmd_validate(args: argparse.Namespace) -> int:
    lang: Lang = args.lang
    project = load_project(args.data)
    problems = project.problems
    shown = errors_of(problems) if args.quiet else problems
    if args.format == "json":
        report = {
            "data": str(args.data),
            "lang": lang,
            "errors": len(project.errors),
            "warnings": len(project.warnings),
            "problems": [p.to_dict(lang) for p in shown],
        }
        print(json.dumps(report, ensure_ascii=False, indent=2))
    elif shown or not args.quiet:
        for problem in shown:
            print(problem.format(lang))
        print(summary(problems, lang))  # counts hidden warnings too
    return EXIT_INVALID if project.errors else EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    lang: Lang = args.lang
    out: Path = args.out
    if args.check:
        stale = stale_schemas(out)
        for path in stale:
            print(text("cli.schema.stale" if path.exists() else "cli.schema.missing", lang, path=str(path)),
                  file=sys.stderr)
        if stale:
            print(text("cli.schema.fix", lang, out=str(out)), file=sys.stderr)
            return EXIT_INVALID
        print(text("cli.schema.current", lang, out=str(out)))
        return EXIT_OK
    try:
        changed = write_schemas(out)
    except OSError as error:  # a file where the folder should be, no permission, a full disk
        reason = error.strerror or type(error).__name__
        print(text("cli.schema.unwritable", lang, out=str(out), reason=reason), file=sys.stderr)
        return EXIT_USAGE
    for path in changed:
        print(text("cli.schema.wrote", lang, path=str(path)))
    if not changed:
        print(text("cli.schema.current", lang, out=str(out)))
    return EXIT_OK


def _missing(message: Msg) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        print(f"ametijuhend {args.command}: {message.text(args.lang)}", file=sys.stderr)
        return EXIT_USAGE

    return run


def _load_plugin(module_name: str) -> ModuleType | Msg:
    """The module of a delegated subcommand, or why it cannot be used."""
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name and module_name.startswith(exc.name):
            return Msg("cli.plugin_missing", module=module_name)
        return Msg("cli.plugin_needs", package=str(exc.name))
    if not (callable(getattr(module, "add_arguments", None)) and callable(getattr(module, "run", None))):
        return Msg("cli.plugin_broken", module=module_name)
    return module


def _chosen_command(argv: Sequence[str]) -> str | None:
    options_with_value = {"--lang"}
    previous = None
    for arg in argv:
        if not arg.startswith("-") and previous not in options_with_value:
            return arg
        previous = arg
    return None


def chosen_language(argv: Sequence[str]) -> Lang:
    """The language of messages: `--lang` anywhere before `--` wins (see `settings.message_language`)."""
    explicit = None
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            explicit = argv[i + 1]
        elif arg.startswith("--lang="):
            explicit = arg.split("=", 1)[1]
    return message_language(explicit)


def _add_lang(parser: argparse.ArgumentParser, lang: Lang) -> None:
    parser.add_argument("--lang", choices=LANGS, default=argparse.SUPPRESS,
                        help=text("cli.lang", lang, env=LANG_ENV))


def build_parser(argv: Sequence[str] = (), lang: Lang = DEFAULT_LANG) -> Parser:
    """The parser; a delegated subcommand's module is imported only when `argv` chooses it."""
    parser = Parser(prog="ametijuhend", description=text("cli.description", lang), lang=lang)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}",
                        help=text("cli.version", lang))
    _add_lang(parser, lang)
    sub = parser.add_subparsers(dest="command", required=True, title=text("cli.commands", lang),
                                metavar=text("cli.command_metavar", lang))

    p = sub.add_parser("validate", help=text("cli.validate", lang), description=text("cli.validate.description",
                                                                                      lang), lang=lang)
    p.add_argument("--data", type=Path, default=default_data_dir(), metavar="DIR",
                   help=text("cli.data", lang, env=DATA_ENV))
    p.add_argument("--format", choices=("text", "json"), default="text", help=text("cli.format", lang))
    p.add_argument("--quiet", action="store_true", help=text("cli.quiet", lang))
    _add_lang(p, lang)
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("schema", help=text("cli.schema", lang), description=text("cli.schema.description", lang),
                       lang=lang)
    p.add_argument("--check", action="store_true", help=text("cli.schema.check", lang))
    p.add_argument("--out", type=Path, default=Path("schema"), metavar="DIR", help=text("cli.schema.out", lang))
    _add_lang(p, lang)
    p.set_defaults(func=cmd_schema)

    chosen = _chosen_command(argv)
    for name, (module_name, help_key) in PLUGINS.items():
        help_text = text(help_key, lang)
        p = sub.add_parser(name, help=help_text, description=help_text, lang=lang)
        if name != chosen:
            continue
        _add_lang(p, lang)
        plugin = _load_plugin(module_name)
        if isinstance(plugin, Msg):
            p.add_argument("rest", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
            p.set_defaults(func=_missing(plugin))
        else:
            plugin.add_arguments(p)
            p.set_defaults(func=plugin.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        lang = chosen_language(argv)
    except SettingsError as error:
        print(f"ametijuhend: {error.text()}", file=sys.stderr)
        return EXIT_USAGE
    args = build_parser(argv, lang).parse_args(argv)
    args.lang = lang
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
