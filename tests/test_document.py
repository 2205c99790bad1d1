"""The official document made from the data (issue 15).

- the whole text of each seed (general part included; only the signers' and the
  employee's names left out) is the text `document()` makes from its YAML, word for
  word and punctuation mark for punctuation mark; whitespace, line wrapping,
  hyphenation and bullet glyphs of the PDF extraction are normalised as in
  test_seed_text.py;
- DOCX and PDF files carry that text, as text, with their properties;
- `ametijuhend export` writes them, refuses to overwrite, names a broken template;
- importing an exported file gives the position back, field by field.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import pytest
from test_seed_text import SEED_IDS  # the seed → position id table, kept in one place

from ametijuhend.document import MISSING, document, plain_text
from ametijuhend.project import Project, load_project

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "tests" / "seeds"
POSITIONS = ROOT / "positions"

_GLYPH = re.compile(r"^\s*[•▪\uf0a7\uf0b7]\s*")


@pytest.fixture(scope="module")
def project() -> Project:
    project = load_project(POSITIONS)
    assert not project.problems
    return project


def seed_text(number: str) -> str:
    """The seed without the signers' names (the line after the last signature note) and PDF bookmarks."""
    lines = next(SEEDS.glob(f"{number}_*.txt")).read_text(encoding="utf-8").splitlines()
    lines = [line for line in lines if not line.startswith("\t")]  # 004: the PDF outline, not page text
    last_note = max(i for i, line in enumerate(lines) if "(allkirjastatud digitaalselt)" in line)
    name = next(i for i in range(last_note + 1, len(lines)) if lines[i].strip())
    del lines[name]
    return "\n".join(lines)


def words(text: str) -> list[str]:
    """Words and punctuation marks in order: bullet glyphs dropped, hyphenated line ends joined, hyphens ignored."""
    lines = [_GLYPH.sub("", line).strip() for line in text.splitlines()]
    joined = ""
    for line in lines:
        if not line:
            continue
        joined = joined + line if joined.endswith("-") else f"{joined} {line}"
    return re.findall(r"\w+|[^\w\s-]", joined.replace("-", ""))


def differences(expected: list[str], actual: list[str]) -> list[str]:
    out = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, expected, actual, autojunk=False).get_opcodes():
        if tag != "equal":
            context = " ".join(expected[max(0, i1 - 6):i1])
            out.append(f"…{context} [seed: {' '.join(expected[i1:i2])!r} | document: {' '.join(actual[j1:j2])!r}]")
    return out


@pytest.mark.parametrize("number", sorted(SEED_IDS))
def test_document_text_is_the_seed_word_for_word(number: str, project: Project) -> None:
    position = project.links.positions[SEED_IDS[number]]
    text = plain_text(document(position, project.links))
    if number == "004":  # the source starts at section 2: the document marks the general part as missing
        head, text = text.split("\n2. ", 1)
        text = "2. " + text
        assert head.count(MISSING) == 6 and "1. ÜLDOSA" in head  # approval and the five general fields
    diff = differences(words(seed_text(number)), words(text))
    assert not diff, f"seed {number} and the document differ:\n" + "\n".join(diff)


def test_the_comparison_sees_a_changed_word_and_punctuation(project: Project) -> None:
    position = project.links.positions[SEED_IDS["002"]]
    text = plain_text(document(position, project.links))
    seed = words(seed_text("002"))
    assert differences(seed, words(text.replace("3.4.", "3.4", 1)))
    assert differences(seed, words(text.replace("Teenuse juhti", "Teenuse juht", 1)))
    assert not differences(seed, words(text))


def test_document_is_the_positions_own_not_what_others_state(project: Project) -> None:
    """A one-sided substitution stated by another position is not printed in this one's document."""
    links = project.links
    target = links.positions[SEED_IDS["003"]]
    other = links.positions[SEED_IDS["002"]].model_copy(update={"substitutes_for": [target.id]})
    links.positions[other.id] = other
    try:
        links.substituted_by[target.id].append(other.id)
        text = plain_text(document(target, links))
    finally:
        links.substituted_by[target.id].remove(other.id)
        links.positions[other.id] = project.links.positions[other.id]
    assert "Nõunik" not in text and "Staatus" not in text and "üle vaadatud" not in text
