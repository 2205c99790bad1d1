"""Section headings of a job description, recognised by their words (numbers and order vary)."""

from __future__ import annotations

import re

SECTION_WORDS: tuple[tuple[str, str], ...] = (
    ("ÜLDOSA", "general"),
    ("EESMÄRK", "purpose"),
    ("ÜLESANDED", "duties"),
    ("KOHUSTUSED", "duties"),
    ("ÕIGUSED", "rights"),
    ("VASTUTUS", "responsibilities"),
    ("TÖÖVAHENDID", "tools"),
    ("NÕUDED", "requirements"),
    ("MUUTMINE", "amendment"),
    ("KOMPETENTSID", "core"),
)
"""Heading words → section; `core` also opens on "Tööks vajalikud kompetentsid" (see `heading_section`)."""
_HEADING = re.compile(r"^(?:(\d{1,2})\s*[.)]?\s+)?([A-ZÕÄÖÜŠŽ][A-ZÕÄÖÜŠŽ ,/-]{3,})$")
_CORE_HEADING = re.compile(r"^(tööks vajalikud kompetentsid|põhikompetentsid)\s*:?$", re.I)
_ADDITIONAL_HEADING = re.compile(r"^täiendavad kompetentsid\b.*$", re.I)

def heading_section(text: str) -> str | None:
    """The section a heading line opens, or None when the line is not a section heading."""
    text = text.strip()
    if _CORE_HEADING.match(text):
        return "core"
    if _ADDITIONAL_HEADING.match(text):
        return "additional"
    match = _HEADING.match(text)
    if not match:
        return None
    words = match.group(2)
    for word, section in SECTION_WORDS:
        if word in words:
            return section
    return None
