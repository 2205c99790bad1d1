"""Estonian morphology for the search: lemmas, compound parts and inflected forms from Vabamorf.

Vabamorf is the morphological analyser and synthesiser of the University of Tartu
(dual GPL-2.0/Apache-2.0), shipped compiled with its lexicons inside the `estnltk`
wheel. EstNLTK itself needs pandas, matplotlib, IPython and a dozen more packages, and
its `__init__` imports pandas; Vabamorf needs none of them. So `estnltk` is installed
without its dependencies (`tasks.py`, pin in `pyproject.toml` under
`[tool.ametijuhendid] no-deps`), and its `vabamorf` sub-package is loaded here under
a private name, which skips `estnltk/__init__.py`: nothing else of EstNLTK is
imported and nothing is downloaded at run time (the lexicons are in the wheel).

`Morphology.analyse` analyses each distinct lower-case word form once (the results
are kept for the life of the process, so `mkdocs serve` rebuilds analyse only new
words) without disambiguation: a form keeps the lemmas of all its readings
(*laste* → *laps*, *last*), as a word out of context can be either.

Analyses and syntheses are also kept on disk between builds (`CACHE_ENV`, `Morphology.save`),
in one JSON file per Vabamorf version and version of this module, so a rebuild runs Vabamorf
only for words it has not seen: analysing the 716 distinct words of 1,000 synthetic positions
and synthesising the forms of their 1,400 lemmas take about 0.8 s of CPU, reading the file 0.05 s.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import json
import logging
import os
import re
import sys
import tempfile
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from .settings import CACHE_ENV as CACHE_ENV  # re-exported for tests and benchmarks
from .settings import cache_folder

log = logging.getLogger(__name__)

CASES = ("n", "g", "p", "ill", "in", "el", "all", "ad", "abl", "tr", "ter", "es", "ab", "kom")
"""The 14 cases of Estonian, in Vabamorf's notation."""
NOUN_FORMS = tuple(f"{number} {case}" for number in ("sg", "pl") for case in CASES)
VERB_FORMS = (
    *("ma", "da", "b", "vad", "takse", "tud", "nud", "v", "des"),
    *("mas", "mast", "maks", "mata", "s", "sid", "gu"),
)
"""Verb forms a query may carry (infinitives, present and past, participles, gerund)."""
INFLECTED = {"S": NOUN_FORMS, "A": NOUN_FORMS, "C": NOUN_FORMS, "U": NOUN_FORMS, "V": VERB_FORMS}
"""Parts of speech whose forms the browser's dictionary holds: nouns, adjectives (also comparative
and superlative), verbs. Pronouns, numerals and proper names are left to the search's own matching (word starts)."""
FUNCTION_WORDS = {"P", "D", "J", "K", "I"}
"""Pronouns, adverbs, conjunctions, adpositions, interjections: a form with such a reading gets no lemma
in the index (*on* would add `ole` to every sentence, *keda* `kes`)."""
STOP_LEMMAS = {"olema"}
"""*on*, *oli*, *olema* are in nearly every sentence; nobody searches for them."""
MIN_PART = 3
"""Shorter compound parts are not indexed apart (the `e` of a hyphenated joint); `õpe` of *täiendõppe* is, and so
are `ees`, `osa` of *eesmärk*, *üldosa* (section headings are not marked, so they do not match every record)."""


_PRIVATE_NAME = "_ametijuhend_vabamorf"
WORD = re.compile(r"[^\W\d_]+")
"""A word: a run of letters."""


def words(text: str) -> list[str]:
    """Runs of letters in `text` (hyphens, digits and punctuation separate words), as written."""
    return WORD.findall(text)


def fold(word: str) -> str:
    """Lower case without diacritics (`Järelevalve` → `jarelevalve`); search.js folds queries the same way."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class MorphologyUnavailable(RuntimeError):
    """Vabamorf cannot be loaded (the message says how to install it)."""


@dataclass(frozen=True)
class Analysis:
    """What the analyser says about one lower-case word form (all readings)."""

    lemmas: tuple[str, ...]
    """Search terms (`term`) of all readings: lemmas, e.g. `asendushooldus`, and verb stems (`leppi`)."""
    parts: tuple[str, ...]
    """Lemmas of the parts of a compound (`asendus`, `hooldus`); empty for a simple word."""
    inflecting: tuple[tuple[str, str], ...]
    """(lemma, part of speech) of the readings whose forms go into the browser's dictionary."""

    def tokens(self, written: str) -> list[str]:
        """Lemmas and part lemmas to index beside the word as `written`.

        The search matches word starts, so a lemma or part that begins the written word is found
        through it already (`koolitus` in `koolitustel`, `asendus` in `asendushoolduse`): only the
        others are returned (`tugi` for `toe`, `hooldus` for `asendushoolduse`).
        """
        word = written.lower()
        out: list[str] = []
        for token in (*self.lemmas, *self.parts):
            if not word.startswith(token) and token not in out:
                out.append(token)
        return out


def _load_vabamorf() -> ModuleType:
    """EstNLTK's `estnltk.vabamorf.morf`, imported without `estnltk/__init__.py` (see the module docstring)."""
    if f"{_PRIVATE_NAME}.morf" in sys.modules:
        return sys.modules[f"{_PRIVATE_NAME}.morf"]
    spec = importlib.util.find_spec("estnltk")
    if spec is None or not spec.submodule_search_locations:
        raise MorphologyUnavailable(
            "Vabamorf is missing: the estnltk wheel is not installed. "
            "Run `python3 tasks.py build` (it installs it), or `pip install --no-deps 'estnltk~=1.7.5'`."
        )
    folder = f"{next(iter(spec.submodule_search_locations))}/vabamorf"
    package_spec = importlib.util.spec_from_file_location(
        _PRIVATE_NAME, f"{folder}/__init__.py", submodule_search_locations=[folder]
    )
    if package_spec is None or package_spec.loader is None:
        raise MorphologyUnavailable(f"Vabamorf is missing: no package in {folder}.")
    package = importlib.util.module_from_spec(package_spec)
    sys.modules[_PRIVATE_NAME] = package
    try:
        package_spec.loader.exec_module(package)
        return importlib.import_module(f"{_PRIVATE_NAME}.morf")
    except (ImportError, OSError) as error:
        sys.modules.pop(_PRIVATE_NAME, None)
        raise MorphologyUnavailable(f"Vabamorf could not be loaded from {folder}: {error}") from error


def cache_file() -> Path | None:
    """The cache file of this Vabamorf and this module (see `settings.CACHE_ENV`), None when caching is off."""
    folder = cache_folder()
    if folder is None:
        return None
    from importlib.metadata import PackageNotFoundError, version

    try:
        vabamorf = version("estnltk")
    except PackageNotFoundError:
        vabamorf = "none"
    # The analyses depend on Vabamorf and on the rules of this module (FUNCTION_WORDS, MIN_PART, …).
    key = hashlib.sha1(vabamorf.encode() + b"\0" + Path(__file__).read_bytes()).hexdigest()[:16]
    return Path(folder) / f"morphology-{key}.json"


class Morphology:
    """Analysis and synthesis of Estonian words with Vabamorf; results are cached per form."""

    _shared: Morphology | None = None
    _shared_lock = threading.Lock()

    def __init__(self, cache: Path | None = None) -> None:
        self._vm: Any = _load_vabamorf().Vabamorf.instance()
        self._analyses: dict[str, Analysis] = {}
        self._forms: dict[tuple[str, str], tuple[str, ...]] = {}
        self._lock = threading.Lock()  # Vabamorf's one instance is not thread-safe
        self._cache = cache
        self._saved = (0, 0)
        if cache is not None:
            self._read_cache(cache)

    @classmethod
    def shared(cls) -> Morphology:
        """One instance per process, so that its cache outlives a build (`mkdocs serve`), with the
        disk cache of `cache_file`."""
        with cls._shared_lock:
            if cls._shared is None:
                cls._shared = cls(cache_file())
            return cls._shared

    def _read_cache(self, path: Path) -> None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            analyses = {
                form: Analysis(tuple(lemmas), tuple(parts), tuple((lemma, pos) for lemma, pos in inflecting))
                for form, (lemmas, parts, inflecting) in data["analyses"].items()
            }
            forms: dict[tuple[str, str], tuple[str, ...]] = {}
            for key, value in data["forms"].items():
                lemma, pos = key.split(" ", 1)
                forms[(lemma, pos)] = tuple(value)
        except FileNotFoundError:
            return
        except (OSError, ValueError, KeyError, TypeError) as error:  # a damaged cache is rebuilt
            log.debug("morphology cache %s not used: %s", path, error)
            return
        self._analyses.update(analyses)
        self._forms.update(forms)
        self._saved = (len(self._analyses), len(self._forms))

    def save(self) -> None:
        """Write the disk cache if anything new was analysed or synthesised (a failure is only logged)."""
        with self._lock:
            if self._cache is None or self._saved == (len(self._analyses), len(self._forms)):
                return
            data = {
                "analyses": {
                    form: [a.lemmas, a.parts, a.inflecting] for form, a in sorted(self._analyses.items())
                },
                "forms": {f"{lemma} {pos}": forms for (lemma, pos), forms in sorted(self._forms.items())},
            }
            tmp = None
            try:
                self._cache.parent.mkdir(parents=True, exist_ok=True)
                fd, tmp = tempfile.mkstemp(dir=self._cache.parent, prefix=".morphology-", suffix=".tmp")
                with os.fdopen(fd, "w", encoding="utf-8") as out:
                    json.dump(data, out, ensure_ascii=False, separators=(",", ":"))
                os.replace(tmp, self._cache)  # readers see the old file or the new one, never half of one
                self._saved = (len(self._analyses), len(self._forms))
            except OSError as error:
                log.debug("morphology cache %s not written: %s", self._cache, error)
                if tmp is not None:
                    Path(tmp).unlink(missing_ok=True)

    def analyse(self, forms: Iterable[str]) -> dict[str, Analysis]:
        """The analysis of each lower-case form in `forms`; each form is analysed once per process."""
        wanted = {form.lower() for form in forms}
        with self._lock:
            new = sorted(w for w in wanted if w not in self._analyses)
            if new:
                self._analyses.update(self._analyse(new))
                parts = {p for w in new for p in self._analyses[w].parts}
                known = {p: self._analyses[p] for p in parts if p in self._analyses}
                known.update(self._analyse(sorted(parts - known.keys()), compound_parts=False))
                for w in new:
                    self._analyses[w] = self._with_part_lemmas(self._analyses[w], known)
            return {w: self._analyses[w] for w in wanted}

    @staticmethod
    def _with_part_lemmas(analysis: Analysis, parts: dict[str, Analysis]) -> Analysis:
        """Add the lemmas of the parts as written (`laste` of `lastekaitse` → `laps`, `last`)."""
        if not analysis.parts:
            return analysis
        # Nouns and adjectives only: a part of a compound is not a verb (`kaitse`, not `kaitsma`).
        extra = [
            lemma
            for part in analysis.parts
            if part in parts
            for lemma, pos in parts[part].inflecting
            if pos != "V" and len(lemma) >= MIN_PART
        ]
        merged = tuple(p for p in dict.fromkeys([*analysis.parts, *extra]) if p not in analysis.lemmas)
        return Analysis(analysis.lemmas, merged, analysis.inflecting)

    def _analyse(self, forms: list[str], *, compound_parts: bool = True) -> dict[str, Analysis]:
        results = self._vm.analyze(forms, disambiguate=False, guess=True, propername=False, compound=True)
        out = {}
        for form, result in zip(forms, results, strict=True):
            lemmas: dict[str, None] = {}
            parts: dict[str, None] = {}
            inflecting: dict[tuple[str, str], None] = {}
            readings = result["analysis"]
            if any(reading["partofspeech"] in FUNCTION_WORDS for reading in readings):
                readings = []  # `on`, `oma`, `läbi`, `või`: their other readings (`olema`, `omama`) are noise
            for reading in readings:
                lemma = reading["lemma"].lower()
                pos = reading["partofspeech"]
                if not lemma or lemma in STOP_LEMMAS:
                    continue
                lemmas[term(lemma, pos)] = None
                if pos in INFLECTED:
                    inflecting[(lemma, pos)] = None
                if compound_parts:
                    for part in _part_lemmas(lemma, [t.lower() for t in reading["root_tokens"]]):
                        parts[part] = None
            out[form] = Analysis(tuple(lemmas), tuple(p for p in parts if p not in lemmas), tuple(inflecting))
        return out

    def forms(self, lemma: str, part_of_speech: str) -> tuple[str, ...]:
        """The inflected forms of `lemma` (`INFLECTED`), lower case; the lemma itself first."""
        key = (lemma, part_of_speech)
        with self._lock:
            if key not in self._forms:
                out: dict[str, None] = {lemma: None}
                for form in INFLECTED.get(part_of_speech, ()):
                    for word in self._vm.synthesize(lemma, form, part_of_speech):
                        out[word.lower()] = None
                self._forms[key] = tuple(out)
            return self._forms[key]


def term(lemma: str, part_of_speech: str) -> str:
    """What the index holds and the search looks for: the lemma, or a verb's stem without `-ma`.

    The search matches word starts, so the stem `uuenda` finds *uuendatud*, *uuendab* and *uuendama*
    as written, and the index needs an extra token only for forms with another stem (`hinna` of
    *hinnatud* → `hinda`). The participles (*kooskõlastatud*) are in every sentence of a job
    description: their lemmas in full would make the index a third larger.
    """
    if part_of_speech == "V" and lemma.endswith("ma") and len(lemma) > len("ma"):
        return lemma[: -len("ma")]
    return lemma


def _part_lemmas(lemma: str, root_tokens: list[str]) -> list[str]:
    """Lemmas of the parts of a compound from Vabamorf's root tokens (`sotsiaal`, `kindlustus`, `amet`).

    The parts before the last are stems as written (`magistri`, `talituse`); the last part's lemma
    is the tail of the compound's lemma (`amet` of `sotsiaalkindlustusamet`, `juhataja`).
    """
    tokens = [t for t in root_tokens if t]
    if len(tokens) < 2:
        return []
    head = "".join(tokens[:-1])
    last = lemma[len(head) :] if lemma.startswith(head) and len(lemma) > len(head) else tokens[-1]
    return [part for part in [*tokens[:-1], last] if len(part) >= MIN_PART]
