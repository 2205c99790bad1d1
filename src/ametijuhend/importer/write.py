"""Writing a draft position file: header comments, YAML body, and the text not placed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import ValidationError

from ..models import Position
from ..schema import header_line
from ..writer import comment_line, dump
from .parse import Parsed
from .source import CONTROL


def _comment(text: str) -> str:
    """One comment line; a newline in the data can never end the comment."""
    return comment_line(CONTROL.sub(" ", text))


def _model(data: dict[str, Any]) -> Position | dict[str, Any]:
    """The draft as a `Position`, written like every data file (`ametijuhend.writer`). A draft the model
    does not accept yet is still written, in the same layout, for HR to finish; `validate` says what is wrong."""
    try:
        return Position.model_validate(data)
    except ValidationError:
        return data


def render(parsed: Parsed, source_name: str, today: dt.date) -> str:
    """The full text of the draft file. It validates: notes and unplaced text are YAML comments."""
    lines = [header_line("position", catalogue=False)]
    lines.append(_comment(f"IMPORTED DRAFT (imporditud mustand) from {source_name} by `ametijuhend import` "
                          f"on {today.isoformat()}."))
    lines.append("# Check every field against the source, then set `status` and remove these comments.")
    if parsed.proposals:
        lines.append("# Not in the catalogues yet (add the entry, or correct the reference):")
        for proposal in parsed.proposals:
            entry = ", ".join(f"{k}: {v}" for k, v in proposal.entry.items())
            lines.append(_comment(f"  catalogues/{proposal.catalogue}: {{{entry}}}  (printed: “{proposal.printed}”)"))
    for note in parsed.notes:
        lines.append(_comment(f"Note: {note}"))
    body = dump(_model(parsed.position))
    out = "\n".join(lines) + "\n" + body
    if parsed.personal:
        out += "\n# ISIKUANDMED: lines that look like a person's name (an acknowledgement, a signer, an author)\n"
        out += "# were left out, not even copied here. If one was content after all, add it from the source.\n"
        out += "".join(f"# ISIKUANDMED (rida {no}) jäeti välja.\n" for no, _ in parsed.personal)
    if parsed.unplaced:
        out += "\n# PAIGUTAMATA TEKST: lines of the source that the importer could not place in any field.\n"
        out += "# Move each into the right field by hand, or delete it if it is not content.\n"
        out += "".join(_comment(f"PAIGUTAMATA TEKST (rida {no}): {text}") + "\n" for no, text in parsed.unplaced)
    return out
