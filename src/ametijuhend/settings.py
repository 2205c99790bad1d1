"""The site's settings, each named and defaulted once.

A setting comes from the environment (for operators, tests and benchmarks) or
from `extra.ametijuhendid` in mkdocs.yml; the environment wins. An empty
environment variable counts as unset, and a value that is not understood is an
error, never a silent default: a typo must not publish drafts.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .messages import DEFAULT_LANG, LANGS, Lang, Msg

DATA_ENV = "AMETIJUHENDID_DATA"
"""The data folder (positions and catalogues)."""
PUBLISH_DRAFTS_ENV = "AMETIJUHENDID_PUBLISH_DRAFTS"
"""Whether `mustand` positions are published."""
DOCUMENTS_ENV = "AMETIJUHENDID_DOCUMENTS"
"""Whether the build also writes every position's official document (.docx, .pdf) beside its page."""
EDIT_URI_ENV = "AMETIJUHENDID_EDIT_URI"
"""The edit address of the repository's main branch (read by mkdocs.yml's `!ENV`)."""
LANG_ENV = "AMETIJUHENDID_LANG"
"""The language of messages (`et` or `en`) for the CLI and the build; `--lang` wins over it, it wins over
the locale. See `message_language`."""
CACHE_ENV = "AMETIJUHENDID_CACHE"
"""Folder for the build's caches, the search's word analyses and the compiled page templates (default:
`$XDG_CACHE_HOME/ametijuhendid`, else `~/.cache/ametijuhendid`); `off` keeps nothing on disk. See `cache_folder`."""
TODAY_ENV = "AMETIJUHENDID_TODAY"
"""The day the build takes as today (YYYY-MM-DD; default: the machine's local date): which approved version is
in force (an order may take effect on a later day) and which reviews are overdue. For previews and tests."""
LOCALE_ENVS = ("LC_ALL", "LC_MESSAGES", "LANG")
"""The locale variables, in the order POSIX gives them precedence; one starting with `en` means English."""
DEFAULT_DATA = "positions"
"""The data folder, relative to the repository (the folder of mkdocs.yml)."""
CONFIG_KEY = "ametijuhendid"
"""Our section under `extra:` in mkdocs.yml."""

_TRUE = frozenset({"1", "true", "yes", "on", "jah", "sees"})
_FALSE = frozenset({"0", "false", "no", "off", "ei", "väljas"})


class SettingsError(ValueError):
    """A setting has a value that is not understood; the message says which and what is allowed."""

    def __init__(self, message: Msg):
        super().__init__(message.text(DEFAULT_LANG))
        self.message = message

    def text(self, lang: Lang = DEFAULT_LANG) -> str:
        return self.message.text(lang)


def parse_bool(value: object, name: str) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise SettingsError(Msg("settings.bool", name=name, value=repr(str(value)), true=tuple(sorted(_TRUE)),
                            false=tuple(sorted(_FALSE))))


def parse_lang(value: str, name: str) -> Lang:
    """`et` or `en` (any case); anything else is an error naming the setting."""
    text = value.strip().lower()
    for lang in LANGS:
        if text == lang:
            return lang
    raise SettingsError(Msg("settings.lang", name=name, value=repr(value), allowed=LANGS))


def message_language(explicit: str | None = None, environ: Mapping[str, str] | None = None) -> Lang:
    """The language of messages: `explicit` (the CLI's `--lang`) wins, then `AMETIJUHENDID_LANG`, then the
    locale (the first set of LC_ALL, LC_MESSAGES, LANG: English when it starts with `en`), else Estonian.
    Raises `SettingsError` for a language that is not `et` or `en`."""
    if explicit is not None:
        return parse_lang(explicit, "--lang")
    chosen = env_value(LANG_ENV, environ)
    if chosen is not None:
        return parse_lang(chosen, LANG_ENV)
    for name in LOCALE_ENVS:
        locale = env_value(name, environ)
        if locale is not None:
            return "en" if locale.strip().lower().startswith("en") else DEFAULT_LANG
    return DEFAULT_LANG


def safe_message_language(environ: Mapping[str, str] | None = None) -> Lang:
    """`message_language()`, or Estonian when its setting is itself not understood (for reporting that)."""
    try:
        return message_language(environ=environ)
    except SettingsError:
        return DEFAULT_LANG


def env_value(name: str, environ: Mapping[str, str] | None = None) -> str | None:
    """An environment variable, None when unset or empty (whitespace only counts as empty)."""
    value = (os.environ if environ is None else environ).get(name)
    return value if value is not None and value.strip() else None


_NOT_IN_ADDRESS = re.compile(r"[\s\"'<>`{}\\^|\x00-\x1f\x7f]")
"""Characters an address never holds unencoded: written into every page as they are (the theme does not escape
them), `"><script>` in AMETIJUHENDID_SITE_URL became a script of every page."""


@dataclass(frozen=True)
class Settings:
    root: Path
    """The repository: the folder of mkdocs.yml."""
    data_dir: Path
    publish_drafts: bool = True
    documents: bool = False
    """Write each position's .docx and .pdf with the site (off by default: ~0.2 s of CPU per position)."""
    lang: Lang = DEFAULT_LANG
    """The language of the build's messages (`message_language`: AMETIJUHENDID_LANG, the locale)."""
    today: dt.date = field(default_factory=dt.date.today)
    """The build's day (`build_day`): which version is in force, which reviews are overdue."""

    @classmethod
    def from_config(cls, config: Any, environ: Mapping[str, str] | None = None) -> Settings:
        """From an MkDocs config (`extra.ametijuhendid`) and the environment."""
        root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
        ours = dict(config.extra or {}).get(CONFIG_KEY) or {}
        if not isinstance(ours, dict):
            raise SettingsError(Msg("settings.not_mapping", section=CONFIG_KEY))
        unknown = sorted(set(ours) - {"data", "publish_drafts", "documents"})
        if unknown:
            raise SettingsError(Msg("settings.unknown", section=CONFIG_KEY, name=unknown[0],
                                    allowed=("data", "publish_drafts", "documents")))
        for name, setting in (("site_url", "AMETIJUHENDID_SITE_URL"), ("edit_uri", "AMETIJUHENDID_EDIT_URI")):
            address = getattr(config, name, None)
            if isinstance(address, str) and _NOT_IN_ADDRESS.search(address):
                raise SettingsError(Msg("settings.address", name=f"{setting} ({name})", value=address))
        data = env_value(DATA_ENV, environ)
        data_dir = Path(data) if data else root / str(ours.get("data") or DEFAULT_DATA)
        drafts = env_value(PUBLISH_DRAFTS_ENV, environ)
        if drafts is not None:
            publish_drafts = parse_bool(drafts, PUBLISH_DRAFTS_ENV)
        else:
            publish_drafts = parse_bool(ours.get("publish_drafts", True), f"extra.{CONFIG_KEY}.publish_drafts")
        documents_env = env_value(DOCUMENTS_ENV, environ)
        documents = parse_bool(documents_env if documents_env is not None else ours.get("documents", False),
                               DOCUMENTS_ENV if documents_env is not None else f"extra.{CONFIG_KEY}.documents")
        return cls(root, data_dir.resolve(), publish_drafts, documents, message_language(environ=environ),
                   build_day(environ))

    def repo_path(self, path: Path) -> str:
        """`path` relative to the repository, for edit links; the folder name alone when outside it."""
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return path.name


def build_day(environ: Mapping[str, str] | None = None) -> dt.date:
    """The day the build takes as today: `AMETIJUHENDID_TODAY` (YYYY-MM-DD), else the machine's local date."""
    value = env_value(TODAY_ENV, environ)
    if value is None:
        return dt.date.today()
    try:
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value.strip()):
            return dt.date.fromisoformat(value.strip())
    except ValueError:
        pass
    raise SettingsError(Msg("settings.date", name=TODAY_ENV, value=repr(value)))


def cache_folder(environ: Mapping[str, str] | None = None) -> Path | None:
    """The folder of build caches (`CACHE_ENV`), None when caching is off."""
    folder = env_value(CACHE_ENV, environ)
    if folder is not None and folder.strip().lower() == "off":
        return None
    if folder is None:
        env = os.environ if environ is None else environ
        folder = str(Path(env.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "ametijuhendid")
    return Path(folder)
