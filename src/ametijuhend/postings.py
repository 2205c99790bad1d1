"""The site's own search index: postings by word, a text fragment by position, the facets' position lists.

Written from the records and lemma layer of `search.py`, while the records stream through, for the search box's
engine `assets/search/engine.js`. Why not Pagefind, which the site used until December 2026 (bench/SEARCH.md):
Pagefind held about 0.55 MB a position while it indexed (0.54 GB for each shard of 1,000, most of issue 18's
peak memory at 10,000 positions), and at 10,000 positions one query fetched ten index chunks, ten metadata
files and its WebAssembly (510-700 KB, issue 14). Here the indexer holds the postings only (a few bytes each),
and a query word fetches the shards of the words that start like it: one or a few small files.

What is in `indeks/`:

- `manifest.json` (`MANIFEST`): the number of records, the score scale, the shards' prefixes and a `version`
  (a hash of everything written). The other files keep their names from build to build (`f/<record
  number>.ajs`), so the box fetches the manifest past any cache and asks for every other file with
  `?v=<version>`: a browser never mixes a cached shard of one build with a fragment of another (record
  numbers change when positions are added);
- `t/<n>.ajs`: postings, cut by word start (`SHARD_BYTES`, `_cut`), each file gzip of a little binary format
  (`_encode_shard`): the words it holds, and for each word the positions that have it (ascending record
  numbers as varint gaps) with their score (one byte, `SCORE_STEPS` per natural-log unit of BM25);
- `f/<n>.ajs`: the fragment of record n (gzip of JSON): address, meta shown in the results, and the texts
  with their lemma groups, from which the box makes the excerpt and finds the section of the best match;
- `filters.ajs`: facet → value → record numbers (gzip of JSON, gaps), fetched when the facets are used;
- `lemmad/`: the form → lemma dictionary (`search.write_dictionary`).

The files are gzip'd by us, not by the web server, and named `.ajs` so that no server takes them for
`.gz` files and sends them with a `Content-Encoding` (the box inflates them itself, and reads them as they
are when a server did inflate them).

Words are runs of non-space text folded (`morphology.fold`), joined without their punctuation
(`e-teenus` → `eteenus`) and, if that split them, each part too; the lemma groups' markers are no words.
Scores are BM25 (k1 `K1`, b `B`) of weighted counts: the title counts `search.TITLE_WEIGHT`, names
`search.NAME_WEIGHT`, headings `search.HEADING_WEIGHT`, other text 1.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import math
import re
import struct
from array import array
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING

from .morphology import fold

if TYPE_CHECKING:
    from .search import Record

FORMAT = 1
MANIFEST = "manifest.json"
TERMS_DIR = "t"
FRAGMENTS_DIR = "f"
FILTERS_FILE = "filters.ajs"
SUFFIX = ".ajs"
SHARD_BYTES = 40 * 1024
"""Largest postings shard before gzip (a word with more postings has a shard of its own)."""
K1 = 1.4
B = 0.75
SCORE_STEPS = 40
"""A score is stored as round(ln(1 + score) × SCORE_STEPS) in one byte (about 2.5 % apart)."""
GZIP_LEVEL = 6

_ALNUM = re.compile(r"[^\W_]+")


def word_terms(chunk: str) -> tuple[str, ...]:
    """The index's words for one run of non-space text (see the module docstring)."""
    parts = _ALNUM.findall(fold(chunk))
    if not parts:
        return ()
    joined = "".join(parts)
    return (joined, *[p for p in parts if p != joined]) if len(parts) > 1 else (joined,)


@dataclass
class IndexStats:
    terms: int
    postings: int
    shards: int


class _Terms:
    """Words of a text, each text once (texts repeat across positions)."""

    def __init__(self, marks: Iterable[str]) -> None:
        self.marks = frozenset(marks)
        self.chunks: dict[str, tuple[str, ...]] = {}
        self.texts: dict[str, list[str]] = {}

    def __call__(self, text: str) -> list[str]:
        found = self.texts.get(text)
        if found is None:
            found = []
            for chunk in text.split():
                if chunk in self.marks:
                    continue
                terms = self.chunks.get(chunk)
                if terms is None:
                    terms = self.chunks[chunk] = word_terms(chunk)
                found.extend(terms)
            if len(self.texts) > 1 << 16:
                self.texts.clear()
            self.texts[text] = found
        return found


class IndexWriter:
    """Takes the records one at a time (`add`), then writes the postings and facets (`finish`)."""

    def __init__(self, out: Path, *, marks: Iterable[str], data_bar: tuple[str, str],
                 weights: tuple[float, float], shard_bytes: int = SHARD_BYTES) -> None:
        self.out = out
        self.shard_bytes = shard_bytes
        self.title_weight, self.heading_weight = weights
        self.data_bar = data_bar
        self.terms = _Terms(marks)
        self.postings: dict[str, tuple[array[int], array[float]]] = {}
        """word → (records, weighted counts), records ascending"""
        self.lengths = array("f")
        self.filters: dict[str, dict[str, list[int]]] = {}
        self.digest = hashlib.sha1()
        """Of everything written: the manifest's `version`, which the box puts into every other file's address."""
        (out / FRAGMENTS_DIR).mkdir(parents=True, exist_ok=True)
        (out / TERMS_DIR).mkdir(parents=True, exist_ok=True)

    def add(self, record: Record, mark: Callable[[str], str] | None) -> None:
        number = len(self.lengths)
        bar, replacement = self.data_bar
        # One space between words, as the box splits them (engine.js); the lemma layer's `mark` does it itself.
        marked = mark or (lambda text: " ".join(text.split()))

        def text(value: str) -> str:
            return marked(value.replace(bar, replacement) if bar in value else value)

        found: dict[float, list[list[str]]] = {}  # weight → the words of each text of that weight

        def count(value: str, weight: float) -> None:
            found.setdefault(weight, []).append(self.terms(value))

        title = text(record.title)
        count(title, self.title_weight)
        sections = []
        for section in record.sections:
            if not section.blocks:
                continue
            heading = " ".join(section.heading.replace(bar, replacement).split())  # as other texts, unmarked
            count(heading, self.heading_weight)
            blocks = []
            for weight, value in section.blocks:
                marked_value = text(value)
                count(marked_value, weight)
                blocks.append([weight, marked_value])
            sections.append([section.anchor, heading, blocks])
        # Counted in C (`Counter`) per weight, then weighted: a record has about twice as many words as distinct ones.
        weights: dict[str, float] = {}
        length = 0
        for weight, lists in found.items():
            counted = Counter(chain.from_iterable(lists))
            length += counted.total()
            for term, n in counted.items():
                weights[term] = weights.get(term, 0.0) + n * weight
        postings = self.postings
        for term, weight in weights.items():
            entry = postings.get(term)
            if entry is None:
                entry = postings[term] = (array("I"), array("f"))
            entry[0].append(number)
            entry[1].append(weight)
        self.lengths.append(length)
        for name, value in record.filters:
            self.filters.setdefault(name, {}).setdefault(value, []).append(number)
        fragment = {"url": record.url, "meta": dict(record.meta), "title": title, "sections": sections}
        data = _json(fragment)
        self.digest.update(data)
        _write_gzip(self.out / FRAGMENTS_DIR / f"{number}{SUFFIX}", data)

    def finish(self) -> IndexStats:
        """Score and write the postings, the facets and the manifest."""
        n = len(self.lengths)
        average = (sum(self.lengths) / n) if n else 1.0
        norms = array("f", (K1 * (1 - B + B * length / average) for length in self.lengths))
        encoded: dict[str, tuple[int, bytes]] = {}
        postings = 0
        log1p, steps = math.log1p, SCORE_STEPS
        for term in sorted(self.postings):
            docs, counts = self.postings.pop(term)
            scale = math.log(1 + (n - len(docs) + 0.5) / (len(docs) + 0.5)) * (K1 + 1)  # idf × (k1 + 1)
            scores = bytes([min(255, round(log1p(scale * c / (c + norms[d])) * steps))
                            for d, c in zip(docs, counts, strict=True)])
            encoded[term] = (len(docs), _varint_gaps(docs) + scores)
            postings += len(docs)
        shards = _cut(encoded, self.shard_bytes)
        manifest_shards = []
        for number, (prefix, exact, terms) in enumerate(shards):
            data = _encode_shard(terms, encoded)
            self.digest.update(data)
            _write_gzip(self.out / TERMS_DIR / f"{number}{SUFFIX}", data)
            manifest_shards.append(prefix + ("=" if exact else ""))
        filters = {name: {value: _gaps(docs) for value, docs in values.items()}
                   for name, values in self.filters.items()}
        data = _json(filters)
        self.digest.update(data)
        _write_gzip(self.out / FILTERS_FILE, data)
        self.digest.update(_json(manifest_shards))
        manifest = {"format": FORMAT, "version": self.digest.hexdigest()[:16], "records": n,
                    "score_steps": SCORE_STEPS, "shards": manifest_shards}
        (self.out / MANIFEST).write_bytes(_json(manifest))
        return IndexStats(terms=len(encoded), postings=postings, shards=len(shards))


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def _write_gzip(path: Path, data: bytes) -> None:
    path.write_bytes(gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0))


def _gaps(numbers: list[int]) -> list[int]:
    return [b - a for a, b in zip([0, *numbers], numbers, strict=False)]


def _varint_gaps(numbers: array[int]) -> bytes:
    gaps = [b - a for a, b in zip(chain((0,), numbers), numbers, strict=False)]
    if not gaps or max(gaps) < 0x80:  # every gap one byte: the common case
        return bytes(gaps)
    out = bytearray()
    previous = 0
    for value in numbers:
        gap = value - previous
        previous = value
        while gap >= 0x80:
            out.append((gap & 0x7F) | 0x80)
            gap >>= 7
        out.append(gap)
    return bytes(out)


def _encode_shard(terms: list[str], encoded: dict[str, tuple[int, bytes]]) -> bytes:
    """[u32 header length][header: JSON list of [word, postings, bytes]][each word's gaps, then its scores]."""
    header = _json([[term, encoded[term][0], len(encoded[term][1])] for term in terms])
    return struct.pack("<I", len(header)) + header + b"".join(encoded[term][1] for term in terms)


def _cut(encoded: dict[str, tuple[int, bytes]], limit: int = SHARD_BYTES) -> list[tuple[str, bool, list[str]]]:
    """The postings' words cut by word start (`cut_by_prefix`) into shards of at most `limit` bytes."""
    return cut_by_prefix(encoded, lambda words: sum(len(encoded[w][1]) + len(w.encode()) + 16 for w in words), limit)


def cut_by_prefix(words: Iterable[str], size: Callable[[list[str]], int],
                  limit: int) -> list[tuple[str, bool, list[str]]]:
    """`words` cut by word start into groups of at most `limit` (`size` of a group): (prefix, exact, words),
    in sorted order. Used for the postings shards and the dictionary's (`search.dictionary_shards`).

    A prefix whose words do not fit is cut by its next letter; the word equal to the prefix itself stays
    in a group of its own, marked exact (it holds that word only). The box reads, for a query word w, every
    group whose prefix starts with w and the longest non-exact group whose prefix begins w (`shards_for`)."""
    shards: list[tuple[str, bool, list[str]]] = []

    def cut(prefix: str, group: list[str]) -> None:
        if size(group) <= limit or all(len(w) == len(prefix) for w in group):
            shards.append((prefix, False, group))
            return
        here = [w for w in group if len(w) == len(prefix)]
        if here:
            shards.append((prefix, True, here))
        following: dict[str, list[str]] = {}
        for word in group:
            if len(word) > len(prefix):
                following.setdefault(word[: len(prefix) + 1], []).append(word)
        for longer, rest in following.items():
            cut(longer, rest)

    first: dict[str, list[str]] = {}
    for word in sorted(words):
        first.setdefault(word[:1], []).append(word)
    for prefix, group in first.items():
        cut(prefix, group)
    return shards


def read_shard(data: bytes) -> dict[str, list[tuple[int, int]]]:
    """A postings shard as written (`_encode_shard`, gzip'd or not): word → [(record, score byte)]. For tests and
    benchmarks; the box decodes the same format in engine.js."""
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    (length,) = struct.unpack_from("<I", data)
    header = json.loads(data[4 : 4 + length])
    offset = 4 + length
    out = {}
    for word, count, size in header:
        body = data[offset : offset + size]
        offset += size
        records, at, previous = [], 0, 0
        for _ in range(count):
            gap = shift = 0
            while True:
                byte = body[at]
                at += 1
                gap |= (byte & 0x7F) << shift
                shift += 7
                if byte < 0x80:
                    break
            previous += gap
            records.append(previous)
        out[word] = list(zip(records, body[at : at + count], strict=True))
    return out


def shards_for(manifest: list[str], word: str) -> list[int]:
    """The shards the box reads for a query word (engine.js, `shardsFor`): every shard whose prefix starts with
    it, and the longest shard that holds all words of a prefix it starts with."""
    entries = [(entry.removesuffix("="), entry.endswith("=")) for entry in manifest]
    chosen = [n for n, (prefix, _) in enumerate(entries) if prefix.startswith(word)]
    holders = [n for n, (prefix, exact) in enumerate(entries)
               if not exact and len(prefix) < len(word) and word.startswith(prefix)]
    if holders:
        chosen.append(max(holders, key=lambda n: len(entries[n][0])))
    return chosen
