"""The wording of a competency as a position uses it.

A position keeps its own wording where it differs from the competency catalogue
(`CompetencyUse.name/definition/indicators`); where it says nothing, the
catalogue's wording applies — but only the part that the position's group uses.
The job descriptions describe core competencies (põhikompetentsid) by their
behavioural indicators and additional ones (täiendavad kompetentsid) by a
one-sentence definition. Falling back to the catalogue for the other part would
put text on the page that the position's own document does not contain (the
catalogue's definition of *asjatundlikkus* comes from another position's
additional list), so that part is shown only when the position states it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .models import Competency, CompetencyUse

Group = Literal["core", "additional"]


@dataclass(frozen=True)
class Wording:
    """What the page shows for one competency of one position."""

    name: str
    definition: str | None
    indicators: tuple[str, ...]
    own: bool
    """True when any part is the position's own wording (differs from the catalogue)."""


def wording(use: CompetencyUse, entry: Competency | None, group: Group | str) -> Wording:
    """Effective wording of `use` (a competency of a position in `group`: `core` or `additional`)."""
    core = group == "core"
    name = use.name or (entry.name if entry else use.competency)
    definition = use.definition or (entry.definition if entry and not core else None)
    indicators = tuple(use.indicators or (entry.indicators if entry and core else ()))
    return Wording(name=name, definition=definition, indicators=indicators,
                   own=bool(use.name or use.definition or use.indicators))
