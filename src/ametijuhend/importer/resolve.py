"""Resolving the names printed in a job description to ids of the data folder.

Positions are printed in inflected Estonian (1.5 Keda asendab is partitive:
"Talitusejuhatajat, teenuse juhti, nõunikku"). Matching strips simple case
endings word by word and accepts a reading only when it names a known
position (a file, or an entry of referenced-positions.yaml): a wrong guess can
never slip in. A name that matches nothing is kept under a proposed id, and the
catalogue entry to add is returned as a `Proposal`.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from ..ids import fold, slugify
from ..link import position_label
from ..load import load_dataset
from ..models import Competency, Unit

PARTITIVE_ENDINGS = ("kku", "ku", "gu", "it", "id", "ut", "at", "et", "t", "d", "i", "u", "a", "e")
"""Endings tried when a word does not match as printed (longest first)."""

_UNIT_KINDS = (("osakond", "osakond"), ("talitus", "talitus"), ("tiim", "tiim"), ("keskus", "osakond"))


@dataclass
class Proposal:
    """A catalogue entry the importer could not find and proposes to add."""

    catalogue: str
    """`units.yaml`, `referenced-positions.yaml` or `competencies.yaml`."""
    entry: dict[str, str]
    printed: str
    """The text as printed in the document."""


@dataclass
class Catalogues:
    """What the data folder knows, indexed for matching printed names."""

    positions: dict[str, str] = field(default_factory=dict)
    """slug of a name → position id (files and referenced positions)."""
    position_ids: set[str] = field(default_factory=set)
    names: dict[str, str] = field(default_factory=dict)
    """Position id → its name as the document prints it: `Title (specialisation)`."""
    units: list[Unit] = field(default_factory=list)
    competencies: list[Competency] = field(default_factory=list)

    @classmethod
    def load(cls, root: Path | None) -> Catalogues:
        """Index the data folder `root`; a missing or partly invalid folder gives what could be read."""
        cat = cls()
        if root is None or not Path(root).is_dir():
            return cat
        data = load_dataset(Path(root))
        for position in data.positions:
            cat.add_position(position.id, position.title, position.specialisation)
            if not position.title:  # named by its label in documents made from the data
                cat.names[position.id] = position_label(position)
                cat.positions.setdefault(slugify(position_label(position)), position.id)
        for ref in data.referenced:
            cat.add_position(ref.id, ref.name, None)
        cat.units = list(data.units)
        cat.competencies = list(data.competencies)
        return cat

    def add_position(self, pid: str, title: str | None, specialisation: str | None) -> None:
        self.position_ids.add(pid)
        self.positions.setdefault(pid, pid)
        if title:
            self.names.setdefault(pid, f"{title} ({specialisation})" if specialisation else title)
        if title:
            self.positions.setdefault(slugify(f"{title} {specialisation or ''}"), pid)

    # -- positions ----------------------------------------------------------

    def position(self, printed: str, *, partitive: bool = False) -> tuple[str, Proposal | None]:
        """Id of the position named by `printed` (nominative or partitive), or a proposed one."""
        name = clean_name(printed)
        words = name.split(" ")
        variants = [[w, *(w[: -len(e)] for e in PARTITIVE_ENDINGS if len(w) > len(e) + 2 and w.endswith(e))]
                    for w in words]
        for combo in itertools.islice(itertools.product(*variants), 5000):
            pid = self.positions.get(slugify(" ".join(combo)))
            if pid:
                return pid, None
        compact = slugify(name).replace("-", "")  # PDF text joins a name hyphenated at a line end
        pid = next((i for key, i in self.positions.items() if key.replace("-", "") == compact), None)
        if pid:
            return pid, None
        nominative = nominative_guess(name) if partitive else name
        pid = slugify(nominative)
        entry = {"id": pid, "name": nominative[:1].upper() + nominative[1:]}
        return pid, Proposal("referenced-positions.yaml", entry, printed)

    # -- units --------------------------------------------------------------

    def unit(self, printed: str) -> tuple[str | None, list[Proposal]]:
        """The most specific unit of a printed path ("Osakond, talitus (tiim)"), and entries to add."""
        whole = self._printed_paths.get(fold(clean_name(printed)))
        if whole:  # the path exactly as a document made from the data prints it
            return whole, []
        parts = [p.strip(" .") for p in re.split(r"[,()]", printed) if p.strip(" .")]
        by_name = {fold(u.name): u for u in self.units}
        by_id = {u.id: u for u in self.units}
        resolved: str | None = None
        proposals: list[Proposal] = []
        for part in parts:
            unit = by_name.get(fold(part)) or by_id.get(slugify(part))
            if unit:
                resolved = unit.id
                continue
            kind = next((k for suffix, k in _UNIT_KINDS if fold(part).endswith(suffix)), "tiim")
            entry = {"id": slugify(part), "name": part[:1].upper() + part[1:], "kind": kind}
            if resolved:
                entry["parent"] = resolved
            proposals.append(Proposal("units.yaml", entry, printed))
            resolved = entry["id"]
        return resolved, proposals

    @cached_property
    def _printed_paths(self) -> dict[str, str]:
        """Folded printed path of every unit (`Osakond, talitus (tiim)`) → unit id."""
        from ..document import unit_text

        return {fold(unit_text(self.unit_path(u.id))): u.id for u in self.units}

    def unit_path(self, unit_id: str) -> list[Unit]:
        """Department › division › team of a known unit, top first."""
        by_id = {u.id: u for u in self.units}
        path: list[Unit] = []
        while unit_id in by_id and by_id[unit_id] not in path:
            path.insert(0, by_id[unit_id])
            unit_id = by_id[unit_id].parent or ""
        return path

    # -- competencies -------------------------------------------------------

    def competency(self, printed: str) -> tuple[Competency | None, str]:
        """The catalogue competency named `printed` (name, alias, or name + qualifier) and its id."""
        key = fold(printed.strip(" :"))
        for comp in self.competencies:
            if key in {fold(comp.name), *(fold(a) for a in comp.aliases)}:
                return comp, comp.id
        for comp in self.competencies:  # "Suhtlemis- ja mõjutamisoskus, sh …", "Pingetaluvus (…)"
            name = fold(comp.name)
            if key.startswith(name) and key[len(name):len(name) + 1] in {",", " ", "("}:
                return comp, comp.id
        base = re.split(r"[,(]", printed, maxsplit=1)[0].strip(" :")
        return None, slugify(base)


def clean_name(printed: str) -> str:
    return re.sub(r"\s+", " ", printed).strip(" .,;:")


def nominative_guess(name: str) -> str:
    """Best-effort nominative of an unknown partitive name (only for proposals): the last word before a (qualifier)."""
    match = re.match(r"^(.*?)(\s*\([^()]*\))?$", name)
    assert match
    words, qualifier = match.group(1).split(" "), match.group(2) or ""
    last = words[-1]
    for ending, repl in (("kku", "k"), ("ku", ""), ("it", ""), ("id", ""), ("ut", "")):
        if last.endswith(ending) and len(last) > len(ending) + 3:
            words[-1] = last[: -len(ending)] + repl
            return " ".join(words) + qualifier
    vowel_before = last[-2:-1] in tuple("aeiouõäöü")
    if len(last) > 4 and ((last.endswith("t") and vowel_before) or (last.endswith("i") and not vowel_before)):
        words[-1] = last[:-1]  # "juhatajat" → "juhataja", "juristi" → "jurist"
    return " ".join(words) + qualifier
