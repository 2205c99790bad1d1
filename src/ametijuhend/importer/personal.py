"""Personal data in a document's text: names of people are never imported, and never echoed.

A job description describes a post, not a person (DOMAIN.md). Old documents still carry
people: the signers (handled by the signature block parser), an acknowledgement line
("Ametijuhendiga tutvunud: Jaan Tamm 12.03.2024"), "Koostanud: …" and the like. Such a line
is left out of every field, left out of the draft (not even as a comment) and reported with
its line number and the capitalised words cut to initials, so the maintainer can find it in
the source without the report repeating the name.

Two checks, from strong to weak:

- `acknowledgement`: a line that says someone read, signed or drew up the document, with a
  name, a date or nothing after it. Checked on every line: such a line is never content.
- `name_like`: two or more capitalised words in a row (`Jaan Tamm`, `M. Maasikas`), none of
  them an institution, place or product. Estonian writes only proper nouns with a capital,
  so in free text this is a name. Checked where no proper nouns are expected: the
  amendment rules and text the parser could not place.
"""

from __future__ import annotations

import re

_UPPER = "A-ZÕÄÖÜŠŽ"
_LOWER = "a-zõäöüšžéü"
_NAME_WORD = rf"[{_UPPER}][{_LOWER}]+(?:-[{_UPPER}][{_LOWER}]+)?"
_NAME_RUN = re.compile(rf"(?<![\w-])(?:{_NAME_WORD}|[{_UPPER}]\.)(?:\s*{_NAME_WORD}|\s+[{_UPPER}]\.)*\s*{_NAME_WORD}"
                       r"(?![\w-])")
"""Two or more capitalised words in a row (`Jaan Tamm`, `M. Maasikas`, `Mari-Liis Õun`)."""
_ACK = re.compile(r"(?<!\w)(tutvunud|tutvusin|tutvumise|allkiri|allkirjastaja|allkirjastanud|isikukood|"
                  r"koostanud|koostas|koostaja|ees-\s*ja\s*perekonnanimi)(?!\w)", re.I)
_DATE = re.compile(r"\d{1,2}\.\d{1,2}\.\d{2,4}")
INSTITUTIONS = ("eesti", "euroopa", "vabariigi", "riigi", "sotsiaalkindlustusamet", "sotsiaalministeerium",
                "töötukassa", "tervisekassa", "tallinn", "tartu", "pärnu", "narva", "harju", "ida-viru",
                "lääne-viru", "microsoft", "google", "windows", "office", "excel", "word")
"""Stems of capitalised words that name an institution, a place or a product, not a person."""


def acknowledgement(text: str) -> bool:
    """A line saying who read, signed or drew up the document (with a name, a date or nothing after it)."""
    match = _ACK.search(text)
    if match is None:
        return False
    rest = text[match.end():].strip(" :.,;-–")
    words = rest.split()
    capitalised = 0 < len(words) <= 4 and all(re.match(rf"[{_UPPER}]", word) for word in words)  # "Tamm"
    return not rest or capitalised or bool(_DATE.search(rest)) or name_like(rest)


def name_like(text: str) -> bool:
    """Does the text hold what looks like a person's name: capitalised words in a row, none an institution?

    Estonian capitalises only proper nouns (and the first word of a sentence), so two capitalised
    words in a row are a proper name.
    """
    for match in _NAME_RUN.finditer(text):
        words = match.group().replace(".", ". ").lower().split()
        if not any(word.startswith(INSTITUTIONS) for word in words):
            return True
    return False


def personal(text: str, *, free_text: bool) -> bool:
    """Is the line personal data? `free_text`: also check for names (see the module notes)."""
    return acknowledgement(text) or (free_text and name_like(text))


def masked(text: str) -> str:
    """The line with every capitalised word after the first, and a name at its start, cut to an initial."""
    words = text.split()
    out = []
    for i, word in enumerate(words):
        is_name = bool(re.match(rf"[{_UPPER}]", word)) and (
            i > 0 or (len(words) > 1 and bool(re.match(rf"[{_UPPER}]", words[1]))))
        out.append(word[0] + "." if is_name else word)
    return " ".join(out)
