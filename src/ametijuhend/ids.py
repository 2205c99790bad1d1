"""Ids (slugs) and the one rule that makes them from Estonian names."""

from __future__ import annotations

import re
import unicodedata

_TRANSLIT = str.maketrans({"õ": "o", "ä": "a", "ö": "o", "ü": "u", "š": "s", "ž": "z"})
_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """Turn an Estonian name into a stable ASCII id.

    >>> slugify("Nõunik (perelepitus)")
    'nounik-perelepitus'
    """
    text = unicodedata.normalize("NFC", text).lower().translate(_TRANSLIT)
    # Letters outside Estonian (é, ø …): drop their accents rather than the letter.
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NON_SLUG.sub("-", text).strip("-")


def fold(text: str) -> str:
    """Lowercase and strip diacritics, for matching what people type."""
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in text if not unicodedata.combining(ch))
