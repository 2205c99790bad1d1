"""Dictionary-free splitting of Estonian compound words, learnt from the data itself.

Pagefind matches the *start* of words only, so `lepitus` would not find
`perelepitus` and `hooldus` would not find `asendushoolduse`. This module finds
the places where a long word is made of parts, using nothing but the
vocabulary of the site's own texts, and marks them with `MARK` in the text
that is indexed. Pagefind indexes a word joined by `|` both whole and as its
parts (``pere|lepitus|teenuse`` is found by `perelepitusteenus`, `lepitus` and
`teenuse`); the search box removes the mark before it shows an excerpt.

A cut ``word = head + tail`` is accepted when the head has at least
`MIN_HEAD` letters and the tail is a part by one of two pieces of evidence:

1. *free word*: the tail is a corpus word of at least `MIN_PART` letters, or
   such a word followed by a short inflection ending (at most `MAX_ENDING`
   letters): `pere|lepitus`, `perelepitus|teenuse`, `sotsiaalkindlustus|ameti`;
2. *shared part*: the first `GRAM` letters of the tail occur in corpus words
   after at least two different letters, and at least once with four or more
   letters after them. `hooldus` is never written alone in the seeds, but
   `asendus|hooldus…` and `eri|hooldus…` show it is a part of both
   (Harris's letter-variety criterion). Pure endings such as `-damine` follow
   one letter only (`aren|damine`, `hin|damine`) or never continue
   (`-tamine`), so they are not split off.

The splitter errs on the side of recall: a wrong cut only adds a word start
that few queries will ever hit, while a missed cut hides a position.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from itertools import combinations, pairwise

MARK = "|"
"""Joins the parts of a compound in the indexed text; Pagefind indexes the whole word and each part."""
MIN_PART = 4
"""Shortest part that counts: shorter ones (`töö`, `abi`) match too many unrelated words."""
MIN_HEAD = 3
MAX_ENDING = 3
"""Longest inflection ending allowed after a free word (`teenuse` + `le`)."""
SHARED_PART = 6
"""Shortest part accepted on the shared-part evidence (`hooldus`, not the suffix `litus` of `koo|litus`/`ta|litus`)."""
MIN_WORD = 2 * MIN_PART
"""Words shorter than this are never split."""

_WORD = re.compile(r"[^\W\d_]+")


def words(text: str) -> list[str]:
    """Lower-case runs of letters; hyphens, digits and punctuation separate words."""
    return [w.lower() for w in _WORD.findall(text)]


class CompoundSplitter:
    """Splits words into parts using the vocabulary of a corpus (see the module docstring)."""

    def __init__(self, texts: Iterable[str]) -> None:
        self.vocabulary: set[str] = set()
        for text in texts:
            self.vocabulary.update(words(text))
        self.shared_parts = self._shared_parts()
        self._cache: dict[str, list[int]] = {}
        self._marked: dict[str, str] = {}

    def is_part(self, segment: str, *, final: bool, shared: bool = True) -> bool:
        """`segment` is a corpus word or a shared part; the last part of a word may carry an ending."""
        if len(segment) < MIN_PART:
            return False
        ending = MAX_ENDING if final else 0
        for k in range(len(segment), max(MIN_PART, len(segment) - ending) - 1, -1):
            stem = segment[:k]
            if stem in self.vocabulary and (k > MIN_PART or k == len(segment)):
                return True  # a four-letter word (`enda`) with an ending would cut `rak|endatud`
            if shared and stem in self.shared_parts:
                return True
        return False

    def cuts(self, word: str, *, shared: bool = True) -> list[int]:
        """Offsets in the lower-cased `word` where a part starts, left to right.

        Scanned from the end, so that a part between two cuts is found too (`pere|lepitus|teenuse`).
        """
        if len(word) < MIN_WORD:
            return []
        bounds = [len(word)]
        for i in range(len(word) - MIN_PART, MIN_HEAD - 1, -1):
            if any(self.is_part(word[i:end], final=end == len(word), shared=shared) for end in bounds):
                bounds.append(i)
        return sorted(bounds[1:])

    def _shared_parts(self) -> set[str]:
        """Parts that end two different heads of word cuts (evidence 2 of the module docstring)."""
        heads = {word[:i] for word in self.vocabulary for i in self.cuts(word, shared=False)}
        by_ending: dict[str, list[str]] = defaultdict(list)
        for head in heads:
            if len(head) >= SHARED_PART + MIN_HEAD:
                by_ending[head[-SHARED_PART:]].append(head)
        parts: set[str] = set()
        for group in by_ending.values():
            for a, b in combinations(group, 2):
                common = _common_suffix(a, b)
                if len(a) - len(common) >= MIN_HEAD and len(b) - len(common) >= MIN_HEAD:
                    parts.add(common)
        return parts

    def split(self, word: str) -> tuple[str, ...]:
        """The parts of `word` (the word itself when it is not a compound); case is kept."""
        key = word.lower()
        if key not in self._cache:
            self._cache[key] = self.cuts(key)
        offsets = [0, *self._cache[key], len(word)]
        return tuple(word[a:b] for a, b in pairwise(offsets))

    def mark(self, text: str) -> str:
        """`text` with `MARK` between the parts of every compound word."""
        return _WORD.sub(self._marked_word, text)

    def _marked_word(self, match: re.Match[str]) -> str:
        word = match.group(0)
        if word not in self._marked:
            self._marked[word] = MARK.join(self.split(word))
        return self._marked[word]


def _common_suffix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return a[len(a) - n :]


def unmark(text: str) -> str:
    """Remove the marks that `CompoundSplitter.mark` inserted (between two letters)."""
    return re.sub(rf"(?<=[^\W\d_]){re.escape(MARK)}(?=[^\W\d_])", "", text)
