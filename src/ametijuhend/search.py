"""The site search: an index of our own (`postings.py`) built from the data, not from the rendered pages.

One record per position: all text of the position in page order, the names of its unit and the unit's
ancestors, its manager and substitutes, competency names, language requirements spelled out ("vene keel B1")
and acronyms as written. Each section carries the anchor of the real page (`#eesmark`, `#ulesanne-3-4`, …),
so a result opens where the match is.

The lemma layer (`morphology.py`, Vabamorf): every run of text between spaces is followed by the lemmas
of its words' readings and compound parts that the words as written do not begin with, between `MARK` and
`MARK_END` as words of their own: ``asendushoolduse | hooldus ||``, ``toe. | tugi ||``. The index holds each
lemma as a word of the record (a marker has no letters, so it is no word for the index), so the search box
finds the position by the lemma of whatever form was typed (it looks the form up in the dictionary written
beside the index, `DICTIONARY_DIR`); the box drops the groups from excerpts and highlights the word before
a group whose lemma matched. No stemmer: stemmers give different stems to forms of one word and join
unrelated ones (*lepitus*, *lepitud*, *lepingu*); words the dictionary does not know are matched as typed, by
word start (`assets/search/engine.js`).

The index is written by a process of its own beside the build (`IndexJob`); the records reach it through a
file (`RecordFile`). `Record.html` is the record as an HTML document with Pagefind's attributes, for other
builders (`ametijuhend pages`, search.jsonl): the text still comes straight from the models through an
autoescaping template, so data never becomes markup.

Filters (facets): `yksus` (unit and its ancestors), `kompetents`, `tüüp`, `staatus`.
Meta shown in results: `title`, `yksus` (unit path), `tüüp`, `staatus`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import json
import logging
import os
import pickle
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Protocol

from jinja2 import Environment

from . import postings
from .history import PENDING, pending, takes_effect
from .link import Links, position_label
from .models import Competencies, CompetencyUse, Position, Status
from .morphology import Analysis, Morphology, MorphologyUnavailable, fold, term, words
from .project import Project
from .render import labels, urls
from .render.changes import PENDING_LABEL, status_text
from .settings import build_day
from .structure import position_sections

log = logging.getLogger(__name__)

MARK = "|"
"""Opens the group of lemmas after a run of text in the indexed text (see the module docstring)."""
MARK_END = "||"
"""Closes the group (the box finds the group's end in an excerpt that begins inside one)."""
DATA_BAR = "\uff5c"
"""A `|` that is part of the data, as the index holds it (the fullwidth vertical line), so that no
data is taken for a marker."""
DICTIONARY_DIR = "lemmad"
"""Folder in `indeks/` with the form → lemma dictionary for the search box, in shards by word start."""
DICTIONARY_MANIFEST = "manifest.json"
READING_SHARE = 0.25
"""A form's lemma that counts less than this share of its strongest lemma is dropped (`LemmaLayer.dictionary`)."""
SHARD_BYTES = 24 * 1024
"""Largest dictionary shard (the browser fetches one per query word; the limit is 30 KB)."""
OUTPUT_DIR = "indeks"
"""The index's folder at the site root (see `postings.py` for what is in it)."""

FILTER_UNIT = "yksus"
FILTER_COMPETENCY = "kompetents"
FILTER_TYPE = "tüüp"
FILTER_STATUS = "staatus"
UNIT_SEPARATOR = " › "

_RECORD = Environment(autoescape=True, keep_trailing_newline=False).from_string(
    """<!doctype html><html lang="et"><head>
{%- for name, value in meta %}
<meta data-pagefind-meta="{{ name }}[content]" content="{{ value }}">
{%- endfor %}
{%- for name, value in filters %}
<meta data-pagefind-filter="{{ name }}[content]" content="{{ value }}">
{%- endfor %}
</head><body>
<h1 data-pagefind-weight="{{ title_weight }}">{{ title }}</h1>
{%- for section in sections %}
<section><h2 id="{{ section.anchor }}" data-pagefind-weight="{{ heading_weight }}">{{ section.heading }}</h2>
{%- for weight, text in section.blocks %}
<p{% if weight != 1 %} data-pagefind-weight="{{ weight }}"{% endif %}>{{ text }}</p>
{%- endfor %}
</section>
{%- endfor %}
</body></html>"""
)
TITLE_WEIGHT = 10
"""The position's title (the record's h1)."""
HEADING_WEIGHT = 0.5
"""Section headings ("Õigused", "Ülesanne 3.4") repeat in every record: they locate a match, they are not one."""
NAME_WEIGHT = 4
"""Unit and competency names: people search by them (issue 4)."""


@dataclass
class Section:
    anchor: str
    """Anchor of the section on the position page (DEVELOPING.md, "Site conventions")."""
    heading: str
    blocks: list[tuple[float, str]]
    """(weight, text) paragraphs in page order."""


@dataclass
class Record:
    """What the index gets for one position."""

    url: str
    """Relative to the site root; the box resolves it against the folder the site is served from."""
    title: str
    meta: list[tuple[str, str]]
    filters: list[tuple[str, str]]
    sections: list[Section]

    def html(self, mark: Callable[[str], str] | None = None) -> str:
        """The record as an HTML document with Pagefind's attributes (for other builders: `ametijuhend pages`),
        its texts passed through `mark` (the lemma layer).

        A `|` of the data itself is written as `DATA_BAR`, so that it can never be taken for `MARK`
        (the search box shows it as `|` again)."""
        marked = mark or (lambda text: text)

        def text(value: str) -> str:
            return marked(value.replace(MARK, DATA_BAR))

        sections = [
            Section(s.anchor, s.heading, [(w, text(t)) for w, t in s.blocks]) for s in self.sections if s.blocks
        ]
        return _RECORD.render(
            title=text(self.title),
            meta=self.meta,
            filters=self.filters,
            sections=sections,
            heading_weight=HEADING_WEIGHT,
            title_weight=TITLE_WEIGHT,
        )

    def texts(self) -> Iterator[str]:
        yield self.title
        for section in self.sections:
            yield section.heading
            for _, text in section.blocks:
                yield text


class Records(Protocol):
    """Records that can be counted and read more than once: a list, or a `RecordFile`."""

    def __len__(self) -> int: ...

    def __iter__(self) -> Iterator[Record]: ...


@dataclass
class SearchStats:
    records: int
    compounds: int
    """Distinct word forms that the analyser found to be compounds."""
    files: int
    bytes: int
    """Size of `indeks/` on disk."""
    seconds: float
    words: int = 0
    """Distinct word forms analysed (0 without the lemma layer)."""
    dictionary_forms: int = 0
    dictionary_bytes: int = 0
    largest_shard: int = 0
    terms: int = 0
    """Distinct words in the index (as written and lemmas)."""
    postings: int = 0
    shards: int = 0
    """Postings files (`postings.SHARD_BYTES`)."""


def language_phrases(position: Position) -> list[str]:
    """Language requirements spelled out for search: `vene keel B1`, `võõrkeel B1 (kasuks tuleb)`."""
    phrases = []
    for requirement in position.requirements.languages if position.requirements else []:
        for level in requirement.levels:
            phrase = " ".join(filter(None, [labels.LANGUAGE[level.language.value], level.level]))
            phrases.append(f"{phrase} (kasuks tuleb)" if level.advantage else phrase)
    return phrases


def _competency_blocks(competencies: Competencies, links: Links) -> list[tuple[float, str]]:
    blocks: list[tuple[float, str]] = []

    def use_blocks(use: CompetencyUse) -> None:
        catalogue = links.competencies.get(use.competency)
        names = [n for n in dict.fromkeys([use.name, catalogue.name if catalogue else None]) if n]
        blocks.append((NAME_WEIGHT, ", ".join(names) if names else use.competency))
        if use.definition:
            blocks.append((1, use.definition))
        blocks.extend((1, indicator) for indicator in use.indicators)

    for use in [*competencies.core, *competencies.additional]:
        use_blocks(use)
    blocks.extend((1, item) for item in competencies.knowledge)
    return blocks


def position_record(position: Position, links: Links, name: Callable[[str], str] | None = None,
                    today: dt.date | None = None) -> Record:
    """The search record of one position: its text in page order plus names of what it refers to.

    `name` names a referenced position (default: by `links`); the site passes one that names an
    unpublished position neutrally. `today`: the build's day; a text not yet in force on it has the status its
    page shows (`jõustub …, veel ei kehti`, filter `Jõustumata`), not its file's `kehtiv`."""
    name = name or links.name
    upcoming = takes_effect(position) if today is not None and pending(position, today) else None
    status = status_text(PENDING, position.status, upcoming) if upcoming else None
    unit_path = links.unit_path(position.unit)
    title = position_label(position)
    general: list[tuple[float, str]] = []
    if position.document_note:
        general.append((1, position.document_note))
    general.append((1, f"{labels.DOCUMENT_TYPE[position.document_type]}, "
                       f"{status or labels.STATUS[position.status].lower()}"))
    if unit_path:
        general.append((NAME_WEIGHT, ", ".join(unit.name for unit in unit_path)))
    if position.manager:
        general.append((1, f"Vahetu juht: {name(position.manager)}"))
    if position.substituted_by:
        general.append((1, "Kes asendab: " + ", ".join(name(p) for p in position.substituted_by)))
    if position.substitutes_for:
        general.append((1, "Keda asendab: " + ", ".join(name(p) for p in position.substitutes_for)))

    titles = {section.anchor: section.title for section in position_sections(position)}  # as the page has them
    sections = [Section("uldosa", titles["uldosa"], general)]
    if position.purpose:
        sections.append(Section("eesmark", titles["eesmark"], [(1, position.purpose)]))
    for duty in position.duties:
        texts = [duty.task, *duty.subtasks, *filter(None, [duty.results_intro]), *duty.results]
        sections.append(Section(urls.duty_anchor(duty.number), f"Ülesanne {duty.number}", [(1, t) for t in texts]))
    for anchor, bullets in (("oigused", position.rights), ("vastutus", position.responsibilities)):
        if bullets:
            texts = [*filter(None, [bullets.intro]), *bullets.items]
            sections.append(Section(anchor, titles[anchor], [(1, t) for t in texts]))
    if position.tools:
        sections.append(Section("toovahendid", titles["toovahendid"], [(1, position.tools)]))
    if position.requirements:
        req = position.requirements
        blocks: list[tuple[float, str]] = [(1, t) for t in (req.education, req.experience) if t]
        blocks += [(1, language.text) for language in req.languages]
        blocks += [(NAME_WEIGHT, phrase) for phrase in language_phrases(position)]
        blocks += [(1, t) for t in (req.computer_skills, req.travel) if t]
        blocks += [(1, f"{other.label}: {other.text}") for other in req.other]
        sections.append(Section("nouded", titles["nouded"], blocks))
    sections.append(Section("kompetentsid", titles["kompetentsid"], _competency_blocks(position.competencies, links)))
    if position.amendment:
        sections.append(Section("muutmine", titles["muutmine"], [(1, t) for t in position.amendment]))

    competency_names = [
        links.competencies[use.competency].name
        for use in [*position.competencies.core, *position.competencies.additional]
        if use.competency in links.competencies
    ]
    filters = [(FILTER_UNIT, name) for name in dict.fromkeys(unit.name for unit in unit_path)]
    filters += [(FILTER_COMPETENCY, name) for name in dict.fromkeys(competency_names)]
    filters += [
        (FILTER_TYPE, labels.DOCUMENT_TYPE[position.document_type]),
        (FILTER_STATUS, PENDING_LABEL if status else labels.STATUS[position.status]),
    ]
    meta = [
        ("title", title),
        (FILTER_UNIT, UNIT_SEPARATOR.join(unit.name for unit in unit_path)),
        (FILTER_TYPE, labels.DOCUMENT_TYPE[position.document_type]),
        (FILTER_STATUS, status.capitalize() if status else labels.STATUS[position.status]),
    ]
    return Record(url=urls.position(position.id), title=title, meta=meta, filters=filters, sections=sections)


class LemmaLayer:
    """The lemma layer of the index: analyses of the site's distinct word forms, and the text marker."""

    def __init__(self, morphology: Morphology, records: Iterable[Record]) -> None:
        self.morphology = morphology
        # Texts repeat across positions (competency indicators, rights, amendment rules): each once, one at a
        # time (all texts of 10,000 positions joined, and their words listed, held 0.3 GB for a moment).
        seen: set[str] = set()
        forms: set[str] = set()
        for record in records:
            new = [text for text in record.texts() if text not in seen]
            seen.update(new)
            forms.update(map(str.lower, words(" ".join(new))))
        self.analyses: dict[str, Analysis] = morphology.analyse(forms)
        self._marked: dict[str, str] = {}
        # Texts repeat across positions (competency indicators, rights, amendment rules): mark each once.
        self.mark = functools.lru_cache(maxsize=1 << 16)(self._mark)

    def _mark(self, text: str) -> str:
        """`text` with each run of non-space characters followed by its group of lemmas, if any; runs of
        white space become one space (the index and the box's excerpts split words on spaces)."""
        marked = self._marked
        return " ".join([marked.get(chunk) or self._marked_chunk(chunk) for chunk in text.split()])

    def _marked_chunk(self, chunk: str) -> str:
        tokens: dict[str, None] = {}
        for word in words(chunk):
            analysis = self.analyses.get(word.lower())
            if analysis:
                tokens.update(dict.fromkeys(analysis.tokens(word)))
        marked = self._marked[chunk] = f"{chunk} {MARK} {' '.join(tokens)} {MARK_END}" if tokens else chunk
        return marked

    def compounds(self) -> int:
        return sum(1 for analysis in self.analyses.values() if analysis.parts)

    def dictionary(self) -> dict[str, list[str]]:
        """Folded word form → lemmas, for every form of every lemma of the site (`Morphology.forms`)
        and every form as written.

        A form can be one of several lemmas' (*lepitus* is also the inessive of the analyser's guess
        `lepitu`, *last* the partitive of `laps`). A lemma counts how many of the site's words are
        its forms (a word of two readings counts half for each; a compound part half); a form keeps
        the lemmas that count at least `READING_SHARE` of its strongest one, strongest first.
        """
        weight: defaultdict[str, float] = defaultdict(float)
        entries: dict[str, dict[str, None]] = {}
        for form, analysis in self.analyses.items():
            for lemma in analysis.lemmas:
                weight[lemma] += 1 / len(analysis.lemmas)
            for part in analysis.parts:
                weight[part] += 0.5
            # A word without lemmas (`vastavalt`, `STAR`) stands for itself: it is a word, not a typo.
            entries.setdefault(fold(form), {}).update(dict.fromkeys(analysis.lemmas or [form]))
        inflecting = {pair for analysis in self.analyses.values() for pair in analysis.inflecting}
        parts = self.morphology.analyse({part for analysis in self.analyses.values() for part in analysis.parts})
        inflecting |= {pair for analysis in parts.values() for pair in analysis.inflecting if pair[1] != "V"}
        for lemma, part_of_speech in sorted(inflecting):
            for form in self.morphology.forms(lemma, part_of_speech):
                entries.setdefault(fold(form), {})[term(lemma, part_of_speech)] = None
        dictionary = {}
        for form, candidates in entries.items():
            ranked = sorted(candidates, key=lambda lemma: -weight[lemma])
            if ranked:
                strongest = weight[ranked[0]]
                dictionary[form] = [lemma for lemma in ranked if weight[lemma] >= READING_SHARE * strongest]
        return dictionary


def dictionary_shards(dictionary: dict[str, list[str]], limit: int = SHARD_BYTES) -> dict[str, str]:
    """The dictionary cut by word start into shards of at most `limit` bytes: prefix → shard text.

    A shard's text has one line per lemma, ``lemma form form …`` (folded forms). A prefix whose
    forms do not fit is cut by its next letter; the forms equal to the prefix itself stay in its
    shard. The browser uses the shard of the longest prefix of the typed (folded) word.
    """
    def text(forms: list[str]) -> str:
        by_lemma: dict[str, list[str]] = {}
        for form in forms:
            for lemma in dictionary[form]:
                by_lemma.setdefault(lemma, []).append(form)
        return "".join(f"{lemma} {' '.join(fs)}\n" for lemma, fs in sorted(by_lemma.items()))

    cut = postings.cut_by_prefix(dictionary, lambda forms: len(text(forms).encode()), limit)
    return {prefix: text(forms) for prefix, _, forms in cut}


def write_dictionary(dictionary: dict[str, list[str]], out: Path) -> tuple[int, int]:
    """Write the shards and `manifest.json` (prefix → file) into `out`; returns (bytes, largest shard)."""
    out.mkdir(parents=True, exist_ok=True)
    manifest = {}
    total = largest = 0
    for prefix, body in dictionary_shards(dictionary).items():
        data = body.encode()
        name = hashlib.sha1(prefix.encode() + b"\0" + data).hexdigest()[:12] + ".txt"
        (out / name).write_bytes(data)
        manifest[prefix] = name
        total += len(data)
        largest = max(largest, len(data))
    data = json.dumps(manifest, ensure_ascii=False, separators=(",", ":")).encode()
    (out / DICTIONARY_MANIFEST).write_bytes(data)
    return total + len(data), largest


def build_records(project: Project, *, include_drafts: bool = True, today: dt.date | None = None) -> list[Record]:
    return list(iter_records(project, include_drafts=include_drafts, today=today))


def iter_records(project: Project, *, include_drafts: bool = True, today: dt.date | None = None) -> Iterator[Record]:
    """The search records of the published positions, one at a time, as on `today` (default: the build's day,
    `settings.build_day`)."""
    name = _published_names(project, include_drafts)
    today = today or build_day()
    for position in project.links.positions.values():
        if include_drafts or position.status is not Status.MUSTAND:
            yield position_record(position, project.links, name, today)


def _published_names(project: Project, include_drafts: bool) -> Callable[[str], str]:
    """Names of referenced positions as the site shows them: an unpublished draft as "avaldamata ametikoht"."""
    from .render.model import SiteModel

    site = SiteModel(project, publish_drafts=include_drafts)
    return lambda position_id: site.position_ref(position_id).label


def build_index(
    project: Project,
    site_dir: Path,
    *,
    include_drafts: bool = True,
    shard_bytes: int = postings.SHARD_BYTES,
    lemmas: bool = True,
    today: dt.date | None = None,
) -> SearchStats:
    """Write `site_dir/indeks/` for the positions of `project`.

    Record URLs are relative to the site root, and the box resolves them against the folder the site is
    served from, so the same build works under any sub-path. `shard_bytes`: the largest postings shard
    (`postings.SHARD_BYTES`). `lemmas=False` (or no Vabamorf installed, with a warning) builds the index
    without the lemma layer and dictionary.
    """
    started = time.perf_counter()
    return index_records(build_records(project, include_drafts=include_drafts, today=today), site_dir,
                         shard_bytes=shard_bytes, lemmas=lemmas, started=started)


def index_records(
    records: Records,
    site_dir: Path,
    *,
    shard_bytes: int = postings.SHARD_BYTES,
    lemmas: bool = True,
    started: float | None = None,
) -> SearchStats:
    """`build_index` of records already made; `records` is read twice (the lemma layer, then the index),
    so it may be a `RecordFile` that reads them from disk each time."""
    started = time.perf_counter() if started is None else started
    out = Path(site_dir) / OUTPUT_DIR
    if out.exists():
        shutil.rmtree(out)
    if not records:
        log.warning("search index: no positions to index, no search on this site")
        return SearchStats(records=0, compounds=0, files=0, bytes=0, seconds=time.perf_counter() - started)
    layer = None
    if lemmas:
        try:
            layer = LemmaLayer(Morphology.shared(), records)
        except MorphologyUnavailable as error:
            log.warning("search index without lemmas (word forms are matched as typed): %s", error)
    mark = layer.mark if layer else None
    # The dictionary (Vabamorf's synthesis, in C++) is made while the records are indexed.
    with ThreadPoolExecutor(max_workers=1) as pool:
        dictionary_job = pool.submit(layer.dictionary) if layer else None
        index = _index(records, out, mark, shard_bytes)
        dictionary: dict[str, list[str]] = dictionary_job.result() if dictionary_job else {}
    if layer:
        layer.morphology.save()  # the next build analyses only new words (morphology.CACHE_ENV)
    dictionary_bytes, largest_shard = write_dictionary(dictionary, out / DICTIONARY_DIR) if layer else (0, 0)
    files = [p for p in out.rglob("*") if p.is_file()]
    stats = SearchStats(
        records=len(records),
        compounds=layer.compounds() if layer else 0,
        files=len(files),
        bytes=sum(p.stat().st_size for p in files),
        seconds=time.perf_counter() - started,
        words=len(layer.analyses) if layer else 0,
        dictionary_forms=len(dictionary),
        dictionary_bytes=dictionary_bytes,
        largest_shard=largest_shard,
        terms=index.terms,
        postings=index.postings,
        shards=index.shards,
    )
    log.info(
        "search index: %d positions, %d words in %d shards, %d word forms (%d compounds), dictionary of %d forms, "
        "%d KB in %.1f s",
        stats.records,
        stats.terms,
        stats.shards,
        stats.words,
        stats.compounds,
        stats.dictionary_forms,
        stats.bytes // 1024,
        stats.seconds,
    )
    return stats


def _index(records: Records, out: Path, mark: Callable[[str], str] | None, shard_bytes: int) -> postings.IndexStats:
    """The index (`postings.py`) over the records, one at a time."""
    writer = postings.IndexWriter(out, marks=(MARK, MARK_END), data_bar=(MARK, DATA_BAR),
                                  weights=(TITLE_WEIGHT, HEADING_WEIGHT), shard_bytes=shard_bytes)
    for record in records:
        writer.add(record, mark)
    return writer.finish()


class SearchIndexError(RuntimeError):
    """The index could not be built; the message says why."""


# --- the index in a process of its own (the hook's build) -------------------------------------------


@dataclass(frozen=True)
class RecordFile:
    """Records pickled one after another into a file: written by the build, read twice by the indexer.

    The file lives in the build's private scratch folder and is read only by the indexer the build
    started; it holds one record at a time in memory at either end."""

    path: Path
    count: int

    @classmethod
    def write(cls, path: Path, records: Iterable[Record]) -> RecordFile:
        count = 0
        with path.open("wb") as out:
            for record in records:  # one pickle each: a shared memo would keep every record alive
                pickle.dump(record, out, protocol=pickle.HIGHEST_PROTOCOL)
                count += 1
        return cls(path, count)

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[Record]:
        with self.path.open("rb") as source:
            for _ in range(self.count):
                yield pickle.load(source)


class IndexJob:
    """`build_index` in a process of its own, started by the build and waited for at its end.

    In a thread of the build's process, the index's Python work (the lemma layer, the records' HTML)
    held the interpreter's lock against MkDocs' page rendering and made both slower (20.9 s in the
    build against 11.3 s alone at 1,000 positions). The build makes the records (about 0.1 s for
    1,000 positions) and writes them to a file in `scratch`; a fresh interpreter (no fork of a
    process with threads) indexes them. It is the leader of its own process
    group, so `cancel` stops it at once, and it stops itself when the build's process
    dies (its standard input, a pipe from the build, closes)."""

    def __init__(self, process: subprocess.Popen[bytes], folder: Path) -> None:
        self.process = process
        self.folder = folder

    @classmethod
    def start(cls, project: Project, site_dir: Path, *, scratch: Path, include_drafts: bool = True,
              lemmas: bool = True, today: dt.date | None = None) -> IndexJob:
        folder = Path(tempfile.mkdtemp(prefix="ametijuhend-search-job-", dir=scratch))
        records = RecordFile.write(folder / "records.pickle", iter_records(project, include_drafts=include_drafts,
                                                                           today=today))
        request = {"records": str(records.path), "count": records.count, "site_dir": str(site_dir),
                   "lemmas": lemmas, "result": str(folder / "result.json")}
        source = str(Path(__file__).resolve().parents[1])  # this very package, whatever the child's sys.path
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [source, os.environ.get("PYTHONPATH")]))}
        process = subprocess.Popen(
            [sys.executable, "-c", "from ametijuhend.search import _job_main; _job_main()", json.dumps(request)],
            stdin=subprocess.PIPE, env=env, start_new_session=True)
        return cls(process, folder)

    def result(self) -> SearchStats:
        """Wait for the index; its messages are logged here. Raises `SearchIndexError` when it failed."""
        code = self.process.wait()
        self._close_pipe()
        try:
            reply = json.loads((self.folder / "result.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise SearchIndexError(f"the search indexer stopped without a result (exit code {code})") from None
        for name, level, message in reply["log"]:
            logging.getLogger(name).log(level, "%s", message)
        if "error" in reply:
            raise SearchIndexError(reply["error"])
        return SearchStats(**reply["stats"])

    def cancel(self) -> None:
        """Stop the indexer if it is still running (a failed or interrupted build)."""
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):  # ended in between
                os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        self._close_pipe()

    def _close_pipe(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


def _job_main() -> None:
    """The indexer process of `IndexJob` (`python -c …`, the request as JSON in argv[1])."""
    def orphaned() -> None:  # the build's process is gone (its end of the pipe closed): stop
        while os.read(0, 4096):  # unbuffered: no lock of sys.stdin held while the interpreter exits
            pass
        os.killpg(os.getpgrp(), signal.SIGKILL)

    threading.Thread(target=orphaned, daemon=True).start()
    request = json.loads(sys.argv[1])
    collect = _Collect()
    package = logging.getLogger(__name__.rpartition(".")[0])
    package.addHandler(collect)
    package.setLevel(logging.INFO)
    package.propagate = False
    reply: dict[str, object] = {"log": collect.records}
    try:
        stats = index_records(RecordFile(Path(request["records"]), request["count"]), Path(request["site_dir"]),
                              lemmas=request["lemmas"])
        reply["stats"] = asdict(stats)
    except SearchIndexError as error:
        reply["error"] = str(error)
    except Exception as error:  # reported by the build as its error, without a traceback
        reply["error"] = f"{type(error).__name__}: {error}"
    Path(request["result"]).write_text(json.dumps(reply), encoding="utf-8")
