"""Every line of the five seed job descriptions reaches the data, in order.

The seeds (`tests/seeds/NNN_*.txt`, copied verbatim from the PDF extraction) are
compared with the hand-checked YAML in `positions/`. Text is compared as a stream
of letters and digits only (casefolded), so repaired line wrapping, hyphenation
and bullet glyphs do not matter, but every word does. A seed line passes when it
appears in the position's text stream at or after the previous line's match (in
order), or — for the interleaved table columns of the PDF — when each of its
column parts does. Lines that are layout (headings the site generates itself),
references stored as ids, or personal data are listed below with the reason.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "tests" / "seeds"
POSITIONS = ROOT / "positions"

SEED_IDS = {
    "000": "teenuse-juht-asendushoolduse-arendusteenus",
    "001": "peaspetsialist-ennetusteenus",
    "002": "nounik-perelepitus",
    "003": "teenuste-konsultant",
    "004": "nimetu-ametikoht-kvaliteet-ja-jarelevalve",
}

# Lines that the site produces from structure (headings, table labels) rather than from data.
LAYOUT = [
    r"KINNITATUD", r"AMETIJUHEND", r"TÖÖJUHEND", r"\d\.\s*ÜLDOSA", r"1\.1 Ametinimetus.*", r"1\.\d .*",
    r"\d\.\s*AMETIKOHA EESMÄRK", r"\d\.\s*TÖÖKOHA EESMÄRK", r"\d\.\s*TEENISTUSÜLESANDED", r"\d\.\s*TÖÖÜLESANDED",
    r"Põhiülesanded\s*Oodatavad tulemused", r"Põhiülesanded", r"Oodatavad tulemused",
    r"\d\.\s*ÕIGUSED", r"\d\.\s*VASTUTUS", r"\d\.\s*TÖÖVAHENDID", r"\d\.\s*NÕUDED.*", r"\d\.\s*KOMPETENTSID.*",
    r"\d\.\s*AMETIJUHENDI MUUTMINE", r"\d\.\s*TÖÖJUHENDI MUUTMINE", r"\d\.\s*AMETIJUHENDI.*MUUTMINE.*",
    r"Nõuded\s*Kirjeldus", r"(Hariduse|Haridus|Töökogemus|Keeleoskus|Arvutioskus|Muu).{0,40}",
    r"Põhikompetentsid", r"Täiendavad kompetentsid.*", r"Lehekülg \d+ / \d+", r"\d+",
]
_LAYOUT = re.compile("|".join(f"(?:{p})" for p in LAYOUT), re.IGNORECASE)


def alnum(text: str) -> str:
    """Letters and digits only, casefolded, NFC: the part of the text that must survive."""
    return "".join(ch for ch in unicodedata.normalize("NFC", text).casefold() if ch.isalnum())


def strings(value: Any) -> list[str]:
    """All text of a YAML value in document order; dates also as printed in the sources."""
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in ([k] if isinstance(k, str) else []) + strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    if isinstance(value, dt.date):
        return [value.strftime("%d.%m.%Y"), value.isoformat()]
    return [str(value)] if value is not None else []


def load(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


def catalogue_text(position: dict[str, Any]) -> list[str]:
    """Names the position refers to by id (units, referenced positions, competencies)."""
    cat = POSITIONS / "catalogues"
    units = {u["id"]: u for u in load(cat / "units.yaml")["units"]}
    refs = {r["id"]: r for r in load(cat / "referenced-positions.yaml")["positions"]}
    comps = {c["id"]: c for c in load(cat / "competencies.yaml")["competencies"]}
    out: list[str] = []
    unit = position.get("unit")
    while unit in units:
        out += strings(units[unit]["name"])
        unit = units[unit].get("parent")
    for rid in [position.get("manager"), *position.get("substituted_by", []), *position.get("substitutes_for", [])]:
        if rid in refs:
            out += strings(refs[rid]["name"])
    for group in ("core", "additional"):
        for use in position.get("competencies", {}).get(group, []):
            out += strings(comps.get(use["competency"], {}))
    return out


def seed_lines(path: Path) -> list[tuple[int, str]]:
    return [(n, line.strip()) for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
            if alnum(line)]


@pytest.mark.parametrize("number", sorted(SEED_IDS))
def test_every_seed_line_reaches_the_data(number: str) -> None:
    seed = next(SEEDS.glob(f"{number}_*.txt"))
    position = load(POSITIONS / f"{SEED_IDS[number]}.yaml")
    own = alnum(" ".join(strings(position)))
    referenced = alnum(" ".join(catalogue_text(position)))
    exempt = EXEMPT.get(number, {})
    lost: list[str] = []
    out_of_order: list[str] = []
    cursor = 0
    for line_no, line in seed_lines(seed):
        if _LAYOUT.fullmatch(line) or any(fragment in line for fragment in exempt):
            continue
        text = alnum(line)
        found = own.find(text, cursor)
        if found >= 0:
            cursor = found
            continue
        if text in own:
            out_of_order.append(f"line {line_no}: {line}")
            continue
        parts = [alnum(p) for p in re.split(r"\s{2,}", line) if alnum(p)]
        if all(p in own or p in referenced or _LAYOUT.fullmatch(p) for p in parts) or text in referenced:
            continue
        lost.append(f"line {line_no}: {line}")
    assert not lost, f"{seed.name}: {len(lost)} line(s) not found in positions/{SEED_IDS[number]}.yaml:\n" + "\n".join(lost)
    assert len(out_of_order) <= MAX_OUT_OF_ORDER, (
        f"{seed.name}: lines found, but not in the source's order:\n" + "\n".join(out_of_order))


MAX_OUT_OF_ORDER = 12
"""The PDF interleaves the two table columns (duties | expected results), so some lines
legitimately appear out of order in the extraction; more than this means reordered data."""

EXEMPT: dict[str, dict[str, str]] = {}
"""Per seed: a fragment of a line that is deliberately not in the data → the reason."""
